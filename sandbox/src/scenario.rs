//! The scenario file: what a sandbox run sets up, which populations act, and what the regulator
//! does when. `docs/sandbox.md` documents every field; `scenarios/` holds annotated examples.
//!
//! Parsing is strict (unknown fields are errors) and every error names the file, the line and
//! the field: serde's errors carry the position, and fields that refer to other entries keep
//! theirs (`Spanned`) so that a dangling name is reported where it is written.

use serde::Deserialize;
use std::{collections::HashMap, path::Path};
use toml::Spanned;

/// Stable value has six decimals: amounts in a scenario are whole currency units (EURD).
pub const STABLE_UNIT: f64 = 1_000_000.0;

/// A named reference to another entry of the file, with where it is written.
pub type Name = Spanned<String>;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
	pub scenario: Meta,
	#[serde(default)]
	pub participants: Vec<Participant>,
	#[serde(default)]
	pub assets: Vec<Asset>,
	#[serde(default)]
	pub models: Vec<ModelSpec>,
	#[serde(default)]
	pub metering: Vec<Metering>,
	#[serde(default)]
	pub issuers: Vec<Issuer>,
	#[serde(default)]
	pub funding: Vec<Funding>,
	#[serde(default)]
	pub agents: Vec<AgentPopulation>,
	#[serde(default)]
	pub market: Vec<MarketAction>,
	#[serde(default)]
	pub regulator: Vec<RegulatorAction>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Meta {
	pub name: String,
	#[serde(default)]
	pub description: String,
	/// Chain blocks the timeline runs for, after setup.
	pub blocks: u32,
	/// What the timeline stands for: `blocks` blocks are this many simulated hours.
	#[serde(default = "default_hours")]
	pub simulated_hours: f64,
	/// Seeds every random draw, so a scenario replays the same way.
	#[serde(default)]
	pub seed: u64,
	/// Secret URI prefix of the scenario's accounts: participant `x` is `<prefix>//x`.
	#[serde(default = "default_prefix")]
	pub key_prefix: String,
}

fn default_hours() -> f64 {
	24.0
}

fn default_prefix() -> String {
	"//Sandbox".into()
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Participant {
	pub name: Name,
	pub roles: Vec<Spanned<String>>,
	pub jurisdiction: Spanned<String>,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum AssetKind {
	Compute,
	Power,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PowerLink {
	pub asset: Name,
	pub kw: u32,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Asset {
	pub name: Name,
	pub kind: AssetKind,
	pub owner: Name,
	/// The auditor that attests the asset (trusted for its class by the compliance officer).
	pub auditor: Name,
	pub site: String,
	pub jurisdiction: Spanned<String>,
	// compute
	pub gpu_model: Option<String>,
	pub gpu_count: Option<u32>,
	pub gpu_hours_per_epoch: Option<u64>,
	#[serde(default)]
	pub power: Vec<PowerLink>,
	// power
	pub capacity_kw: Option<u32>,
	pub expected_kwh_per_epoch: Option<u64>,
	pub source: Option<Spanned<String>>,
	pub grid_region: Option<String>,
	/// EURD per kWh: proposed by the owner, attested by the asset's auditor at setup.
	pub tariff: Option<Spanned<f64>>,
}

/// A model its compute asset's owner serves, with the price card it publishes at setup.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
	pub name: Name,
	/// The compute asset it runs on; its owner is the provider.
	pub asset: Name,
	#[serde(default = "first_version")]
	pub version: String,
	/// `Free`, `Economy`, `Standard`, `Premium` or `Frontier`.
	pub tier: Spanned<String>,
	/// One price per modality.
	pub prices: Vec<ModalityPrice>,
}

fn first_version() -> String {
	"1".into()
}

/// The price of one modality's tokens, EURD per million.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ModalityPrice {
	/// `Text`, `Image`, `Audio` or `Video`.
	pub modality: Spanned<String>,
	#[serde(default)]
	pub input: f64,
	pub output: f64,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Metering {
	pub asset: Name,
	pub operators: Vec<Name>,
	#[serde(default = "one")]
	pub quorum: u32,
	/// How many chain epochs, from the first that ends after setup, are metered.
	#[serde(default = "one")]
	pub epochs: u32,
	pub tokens_out: u64,
	#[serde(default)]
	pub tokens_in: u64,
	pub energy_kwh: u64,
	pub gpu_hours: u64,
	#[serde(default = "thousand")]
	pub records: u64,
	/// Share of what may be minted that the owner mints once the report is final.
	#[serde(default = "full")]
	pub mint: f64,
}

fn one() -> u32 {
	1
}
fn thousand() -> u64 {
	1_000
}
fn full() -> f64 {
	1.0
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
	pub name: Name,
	/// Issuance cap (EURD) the compliance officer sets.
	pub cap: f64,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Funding {
	pub from: Name,
	pub to: Name,
	/// EURD the issuer mints and sends.
	pub amount: f64,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Velocity {
	pub max_payments: u32,
	pub window_blocks: u32,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct MandateLimits {
	pub per_payment: f64,
	pub per_period: f64,
	pub period_blocks: u32,
	pub total_cap: f64,
	pub velocity: Option<Velocity>,
	pub approval_threshold: Option<f64>,
	/// Restrict payees to the population's providers (default) or allow any admitted payee.
	#[serde(default = "yes")]
	pub providers_only: bool,
}

fn yes() -> bool {
	true
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Requests {
	/// Requests per agent per simulated hour (Poisson arrivals).
	pub per_hour: f64,
	/// Output tokens per request: log-normal with this mean and shape `sigma`.
	pub tokens_mean: f64,
	#[serde(default = "half")]
	pub tokens_sigma: f64,
	/// The providers' price: EURD per million output tokens.
	pub price_per_mtok: f64,
}

fn half() -> f64 {
	0.5
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MisbehaviourKind {
	/// Many direct payments in one block: the velocity rule should fire.
	VelocitySpike,
	/// A payment above the per-payment limit.
	Overspend,
	/// A payment to an account that was never admitted.
	UnadmittedPayee,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalAction {
	Resume,
	Revoke,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PrincipalResponse {
	pub after_blocks: u32,
	pub action: PrincipalAction,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Misbehaviour {
	pub kind: MisbehaviourKind,
	/// How many agents of the population misbehave (the first ones).
	#[serde(default = "one")]
	pub agents: u32,
	pub at_block: u32,
	/// Payments each misbehaving agent sends (velocity spikes).
	#[serde(default = "one")]
	pub payments: u32,
	/// EURD per payment.
	pub amount: f64,
	/// What the principal does once an alert fired.
	pub principal: Option<PrincipalResponse>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct AgentPopulation {
	/// Agents are named `<name>-0`, `<name>-1`, ...
	pub name: String,
	pub count: u32,
	pub principal: Name,
	pub jurisdiction: Spanned<String>,
	/// The issuer that funds each agent with `funding` EURD.
	pub issuer: Name,
	pub funding: f64,
	/// Providers the agents pay, round-robin: agent i opens its channel to provider i mod n.
	pub providers: Vec<Name>,
	/// The channel deposit (EURD) each agent opens with.
	pub deposit: f64,
	/// Providers settle their channels' latest vouchers every this many blocks.
	#[serde(default = "five")]
	pub settle_every: u32,
	pub mandate: MandateLimits,
	pub requests: Requests,
	#[serde(default)]
	pub misbehaviour: Vec<Misbehaviour>,
}

fn five() -> u32 {
	5
}

// Market and regulator actions are internally tagged enums, through which serde cannot pass
// spans: their names are plain strings, located by `field = "value"` in the text when wrong.

/// A claim class named by the asset it was minted from and the metered epoch (the first
/// metered one when left out).
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ClaimsOf {
	pub asset: String,
	#[serde(default)]
	pub epoch: u32,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
	Buy,
	Sell,
}

#[derive(Deserialize, Debug)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum MarketAction {
	/// A limit order on the claims order book (price in EURD per claim unit).
	Order { at_block: u32, who: String, side: Side, claims: ClaimsOf, price: f64, amount: u64 },
	/// A two-leg delivery-versus-payment instruction both parties affirm.
	Instruction {
		at_block: u32,
		seller: String,
		buyer: String,
		claims: ClaimsOf,
		amount: u64,
		price: f64,
	},
	/// A payment released once an asset's metered output reaches a level.
	Conditional {
		at_block: u32,
		payer: String,
		payee: String,
		amount: f64,
		asset: String,
		epoch: u32,
		tokens_out_at_least: u64,
	},
}

impl MarketAction {
	pub fn at_block(&self) -> u32 {
		match self {
			Self::Order { at_block, .. }
			| Self::Instruction { at_block, .. }
			| Self::Conditional { at_block, .. } => *at_block,
		}
	}
}

#[derive(Deserialize, Debug)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum RegulatorAction {
	/// Freezes every value movement of a participant.
	Freeze {
		at_block: u32,
		who: String,
		#[serde(default)]
		reason: u8,
	},
	Unfreeze {
		at_block: u32,
		who: String,
	},
	/// Governance confirms a freeze, which would otherwise lapse after a day.
	ConfirmFreeze {
		at_block: u32,
		who: String,
	},
	/// Stops the whole chain (safe mode): only governance, upgrades and consensus run.
	EnterSafeMode {
		at_block: u32,
	},
	/// Governance lifts safe mode.
	ExitSafeMode {
		at_block: u32,
	},
	/// Pauses a call for everyone (`Pallet.call`).
	Pause {
		at_block: u32,
		call: String,
	},
	Unpause {
		at_block: u32,
		call: String,
	},
	/// Replaces the compliance rules of a claim class.
	SetRules {
		at_block: u32,
		claims: ClaimsOf,
		/// Jurisdictions a receiver of these claims must be admitted in.
		receiver_jurisdictions: Vec<String>,
	},
	ClearRules {
		at_block: u32,
		claims: ClaimsOf,
	},
	/// Suspends an agent's mandate (`pilot-3`).
	SuspendAgent {
		at_block: u32,
		agent: String,
		#[serde(default)]
		reason: u8,
	},
	ResumeAgent {
		at_block: u32,
		agent: String,
	},
}

impl RegulatorAction {
	pub fn at_block(&self) -> u32 {
		match self {
			Self::Freeze { at_block, .. }
			| Self::Unfreeze { at_block, .. }
			| Self::ConfirmFreeze { at_block, .. }
			| Self::EnterSafeMode { at_block }
			| Self::ExitSafeMode { at_block }
			| Self::Pause { at_block, .. }
			| Self::Unpause { at_block, .. }
			| Self::SetRules { at_block, .. }
			| Self::ClearRules { at_block, .. }
			| Self::SuspendAgent { at_block, .. }
			| Self::ResumeAgent { at_block, .. } => *at_block,
		}
	}
}

/// A scenario error: file, line, column and what is wrong with which field.
#[derive(Debug)]
pub struct ScenarioError(pub String);

impl std::fmt::Display for ScenarioError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str(&self.0)
	}
}

impl std::error::Error for ScenarioError {}

pub const ROLES: [&str; 7] =
	["Registrar", "Auditor", "AssetOwner", "MeterOperator", "Issuer", "Trader", "Agent"];
pub const TIERS: [&str; 5] = ["Free", "Economy", "Standard", "Premium", "Frontier"];
pub const MODALITIES: [&str; 4] = ["Text", "Image", "Audio", "Video"];
pub const SOURCES: [&str; 10] =
	["Solar", "Wind", "Hydro", "Nuclear", "Geothermal", "Biomass", "Gas", "Coal", "Oil", "GridMix"];

/// 1-based (line, column) of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
	let before = &text[..offset.min(text.len())];
	let line = before.matches('\n').count() + 1;
	let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
	(line, column)
}

/// Reads and checks a scenario file.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
	let text = std::fs::read_to_string(path)
		.map_err(|e| ScenarioError(format!("{}: cannot read: {e}", path.display())))?;
	parse(&path.display().to_string(), &text)
}

/// Parses and checks scenario text; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<Scenario, ScenarioError> {
	let scenario: Scenario = toml::from_str(text).map_err(|e| {
		let (line, column) = e.span().map_or((0, 0), |s| position(text, s.start));
		ScenarioError(format!("{file}:{line}:{column}: {}", e.message().trim()))
	})?;
	Checker { file, text }.check(&scenario)?;
	Ok(scenario)
}

struct Checker<'a> {
	file: &'a str,
	text: &'a str,
}

impl Checker<'_> {
	fn at<T>(&self, spanned: &Spanned<T>, field: &str, what: String) -> ScenarioError {
		let (line, column) = position(self.text, spanned.span().start);
		ScenarioError(format!("{}:{line}:{column}: field `{field}`: {what}", self.file))
	}

	/// An error about `field = "value"` at the line where that pair is written.
	fn at_text(&self, field: &str, value: &str, what: String) -> ScenarioError {
		let key = field.rsplit('.').next().unwrap_or(field);
		let line = self.line_of(&format!("{key} = \"{value}\""));
		ScenarioError(format!("{}:{line}: field `{field}`: {what}", self.file))
	}

	fn line_of(&self, needle: &str) -> usize {
		self.text.find(needle).map_or(0, |o| position(self.text, o).0)
	}

	fn plain(&self, section: &str, field: &str, what: String) -> ScenarioError {
		let line = self.line_of(&format!("{field} ="));
		let line = if line == 0 { self.line_of(section) } else { line };
		ScenarioError(format!("{}:{line}: field `{section}.{field}`: {what}", self.file))
	}

	fn check(&self, s: &Scenario) -> Result<(), ScenarioError> {
		if s.scenario.blocks == 0 {
			return Err(self.plain("scenario", "blocks", "must be at least 1".into()));
		}
		if s.scenario.simulated_hours <= 0.0 {
			return Err(self.plain("scenario", "simulated_hours", "must be above zero".into()));
		}
		let mut roles: HashMap<&str, Vec<&str>> = HashMap::new();
		for p in &s.participants {
			if roles.contains_key(p.name.get_ref().as_str()) {
				return Err(self.at(&p.name, "participants.name", "declared twice".into()));
			}
			for r in &p.roles {
				if !ROLES.contains(&r.get_ref().as_str()) {
					return Err(self.at(
						r,
						"participants.roles",
						format!("unknown role `{}` (one of {})", r.get_ref(), ROLES.join(", ")),
					));
				}
			}
			self.jurisdiction(&p.jurisdiction, "participants.jurisdiction")?;
			roles.insert(p.name.get_ref(), p.roles.iter().map(|r| r.get_ref().as_str()).collect());
		}
		let participant = |n: &Name, field: &str, role: Option<&str>| {
			let Some(have) = roles.get(n.get_ref().as_str()) else {
				return Err(self.at(n, field, format!("no participant named `{}`", n.get_ref())));
			};
			match role {
				Some(role) if !have.contains(&role) => Err(self.at(
					n,
					field,
					format!("`{}` lacks the {role} role it needs here", n.get_ref()),
				)),
				_ => Ok(()),
			}
		};
		let mut assets: HashMap<&str, AssetKind> = HashMap::new();
		for a in &s.assets {
			if assets.insert(a.name.get_ref(), a.kind).is_some() {
				return Err(self.at(&a.name, "assets.name", "declared twice".into()));
			}
		}
		for a in &s.assets {
			participant(&a.owner, "assets.owner", Some("AssetOwner"))?;
			participant(&a.auditor, "assets.auditor", Some("Auditor"))?;
			self.jurisdiction(&a.jurisdiction, "assets.jurisdiction")?;
			let missing = |field: &str| {
				self.at(&a.name, field, format!("a {:?} asset needs `{field}`", a.kind))
			};
			match a.kind {
				AssetKind::Compute => {
					if let Some(tariff) = &a.tariff {
						let what = "only a power asset has a tariff".into();
						return Err(self.at(tariff, "assets.tariff", what));
					}
					a.gpu_model.as_ref().ok_or_else(|| missing("gpu_model"))?;
					a.gpu_count.ok_or_else(|| missing("gpu_count"))?;
					a.gpu_hours_per_epoch.ok_or_else(|| missing("gpu_hours_per_epoch"))?;
					for link in &a.power {
						if assets.get(link.asset.get_ref().as_str()) != Some(&AssetKind::Power) {
							return Err(self.at(
								&link.asset,
								"assets.power.asset",
								format!("no power asset named `{}`", link.asset.get_ref()),
							));
						}
					}
				}
				AssetKind::Power => {
					if let Some(tariff) = &a.tariff {
						if !(*tariff.get_ref() >= 0.0 && tariff.get_ref().is_finite()) {
							let what = "a tariff is EURD per kWh, zero or more".into();
							return Err(self.at(tariff, "assets.tariff", what));
						}
					}
					a.capacity_kw.ok_or_else(|| missing("capacity_kw"))?;
					a.expected_kwh_per_epoch.ok_or_else(|| missing("expected_kwh_per_epoch"))?;
					a.grid_region.as_ref().ok_or_else(|| missing("grid_region"))?;
					let source = a.source.as_ref().ok_or_else(|| missing("source"))?;
					if !SOURCES.contains(&source.get_ref().as_str()) {
						return Err(self.at(
							source,
							"assets.source",
							format!("unknown energy source (one of {})", SOURCES.join(", ")),
						));
					}
				}
			}
		}
		let mut models = std::collections::HashSet::new();
		for m in &s.models {
			if !models.insert(m.name.get_ref().as_str()) {
				return Err(self.at(&m.name, "models.name", "declared twice".into()));
			}
			if assets.get(m.asset.get_ref().as_str()) != Some(&AssetKind::Compute) {
				let what = format!("no compute asset named `{}`", m.asset.get_ref());
				return Err(self.at(&m.asset, "models.asset", what));
			}
			if !TIERS.contains(&m.tier.get_ref().as_str()) {
				let what = format!("unknown tier (one of {})", TIERS.join(", "));
				return Err(self.at(&m.tier, "models.tier", what));
			}
			if m.prices.is_empty() {
				return Err(self.at(
					&m.name,
					"models.prices",
					"price at least one modality".into(),
				));
			}
			for p in &m.prices {
				if !MODALITIES.contains(&p.modality.get_ref().as_str()) {
					let what = format!("unknown modality (one of {})", MODALITIES.join(", "));
					return Err(self.at(&p.modality, "models.prices.modality", what));
				}
				if p.input < 0.0 || p.output < 0.0 {
					let what = "prices are zero or more".into();
					return Err(self.at(&p.modality, "models.prices", what));
				}
			}
		}
		let participant_text = |n: &str, field: &str, role: Option<&str>| {
			let Some(have) = roles.get(n) else {
				return Err(self.at_text(field, n, format!("no participant named `{n}`")));
			};
			match role {
				Some(role) if !have.contains(&role) => Err(self.at_text(
					field,
					n,
					format!("`{n}` lacks the {role} role it needs here"),
				)),
				_ => Ok(()),
			}
		};
		let compute_text = |n: &str, field: &str| {
			if assets.get(n) == Some(&AssetKind::Compute) {
				Ok(())
			} else {
				Err(self.at_text(field, n, format!("no compute asset named `{n}`")))
			}
		};
		let compute = |n: &Name, field: &str| {
			if assets.get(n.get_ref().as_str()) == Some(&AssetKind::Compute) {
				Ok(())
			} else {
				Err(self.at(n, field, format!("no compute asset named `{}`", n.get_ref())))
			}
		};
		for m in &s.metering {
			compute(&m.asset, "metering.asset")?;
			for o in &m.operators {
				participant(o, "metering.operators", Some("MeterOperator"))?;
			}
			if m.quorum == 0 || m.quorum as usize > m.operators.len() {
				return Err(self.at(
					&m.asset,
					"metering.quorum",
					format!("must be between 1 and {} (the operators)", m.operators.len()),
				));
			}
			if !(0.0..=1.0).contains(&m.mint) {
				return Err(self.at(&m.asset, "metering.mint", "a share between 0 and 1".into()));
			}
		}
		for i in &s.issuers {
			participant(&i.name, "issuers.name", Some("Issuer"))?;
		}
		let issuer = |n: &Name, field: &str| {
			if s.issuers.iter().any(|i| i.name.get_ref() == n.get_ref()) {
				Ok(())
			} else {
				Err(self.at(n, field, format!("`{}` is not in [[issuers]]", n.get_ref())))
			}
		};
		for f in &s.funding {
			issuer(&f.from, "funding.from")?;
			participant(&f.to, "funding.to", None)?;
		}
		for a in &s.agents {
			if a.count == 0 {
				return Err(self.plain("agents", "count", "must be at least 1".into()));
			}
			participant(&a.principal, "agents.principal", None)?;
			issuer(&a.issuer, "agents.issuer")?;
			self.jurisdiction(&a.jurisdiction, "agents.jurisdiction")?;
			if a.providers.is_empty() {
				return Err(self.plain("agents", "providers", "name at least one".into()));
			}
			for p in &a.providers {
				participant(p, "agents.providers", None)?;
			}
			if a.settle_every == 0 {
				return Err(self.plain("agents", "settle_every", "must be at least 1".into()));
			}
			for m in &a.misbehaviour {
				if m.agents > a.count {
					return Err(self.plain(
						"agents.misbehaviour",
						"agents",
						format!("more than the population's {} agents", a.count),
					));
				}
			}
		}
		for m in &s.market {
			match m {
				MarketAction::Order { who, claims, .. } => {
					participant_text(who, "market.who", Some("Trader"))?;
					compute_text(&claims.asset, "market.claims.asset")?;
				}
				MarketAction::Instruction { seller, buyer, claims, .. } => {
					participant_text(seller, "market.seller", None)?;
					participant_text(buyer, "market.buyer", None)?;
					compute_text(&claims.asset, "market.claims.asset")?;
				}
				MarketAction::Conditional { payer, payee, asset, .. } => {
					participant_text(payer, "market.payer", None)?;
					participant_text(payee, "market.payee", None)?;
					compute_text(asset, "market.asset")?;
				}
			}
		}
		for r in &s.regulator {
			match r {
				RegulatorAction::Freeze { who, .. }
				| RegulatorAction::Unfreeze { who, .. }
				| RegulatorAction::ConfirmFreeze { who, .. } => participant_text(who, "regulator.who", None)?,
				RegulatorAction::EnterSafeMode { .. } | RegulatorAction::ExitSafeMode { .. } => {}
				RegulatorAction::Pause { call, .. } | RegulatorAction::Unpause { call, .. } => {
					if call.split('.').count() != 2 {
						return Err(self.at_text(
							"regulator.call",
							call,
							"write `Pallet.call`".into(),
						));
					}
				}
				RegulatorAction::SetRules { claims, receiver_jurisdictions, .. } => {
					compute_text(&claims.asset, "regulator.claims.asset")?;
					for j in receiver_jurisdictions {
						if !(j.len() == 2 && j.bytes().all(|b| b.is_ascii_uppercase())) {
							return Err(self.at_text(
								"regulator.receiver_jurisdictions",
								j,
								format!("`{j}` is not a two-letter country code"),
							));
						}
					}
				}
				RegulatorAction::ClearRules { claims, .. } => {
					compute_text(&claims.asset, "regulator.claims.asset")?
				}
				RegulatorAction::SuspendAgent { agent, .. }
				| RegulatorAction::ResumeAgent { agent, .. } => {
					let known = s.agents.iter().any(|p| {
						agent
							.strip_prefix(&format!("{}-", p.name))
							.and_then(|i| i.parse::<u32>().ok())
							.is_some_and(|i| i < p.count)
					});
					if !known {
						return Err(self.at_text("regulator.agent", agent, "no such agent".into()));
					}
				}
			}
		}
		Ok(())
	}

	fn jurisdiction(&self, j: &Spanned<String>, field: &str) -> Result<(), ScenarioError> {
		let code = j.get_ref();
		if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
			Ok(())
		} else {
			Err(self.at(j, field, format!("`{code}` is not a two-letter country code")))
		}
	}
}

/// EURD to the chain's smallest unit.
pub fn stable(amount: f64) -> u128 {
	(amount * STABLE_UNIT).round().max(0.0) as u128
}

#[cfg(test)]
mod tests {
	use super::*;

	const MINIMAL: &str = r#"
[scenario]
name = "t"
blocks = 10

[[participants]]
name = "owner"
roles = ["AssetOwner"]
jurisdiction = "DE"
"#;

	#[test]
	fn the_examples_in_scenarios_parse() {
		let dir = Path::new(
			&std::env::var("CARGO_MANIFEST_DIR")
				.unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into()),
		)
		.join("../scenarios");
		let mut seen = 0;
		for entry in std::fs::read_dir(dir).unwrap() {
			let path = entry.unwrap().path();
			if path.extension().is_some_and(|e| e == "toml") {
				load(&path).unwrap_or_else(|e| panic!("{e}"));
				seen += 1;
			}
		}
		assert!(seen >= 4, "the four scenarios of the issue are there");
	}

	#[test]
	fn a_typo_names_file_line_and_field() {
		let text = format!("{MINIMAL}\n[[issuers]]\nname = \"owner\"\ncapp = 5.0\n");
		let err = parse("x.toml", &text).unwrap_err().to_string();
		assert!(err.starts_with("x.toml:13:1:"), "{err}");
		assert!(err.contains("unknown field `capp`"), "{err}");
	}

	#[test]
	fn a_wrong_type_names_its_line() {
		let text = MINIMAL.replace("blocks = 10", "blocks = \"ten\"");
		let err = parse("x.toml", &text).unwrap_err().to_string();
		assert!(err.starts_with("x.toml:4:"), "{err}");
	}

	#[test]
	fn a_dangling_name_is_reported_where_it_is_written() {
		let text = format!("{MINIMAL}\n[[issuers]]\nname = \"bank\"\ncap = 5.0\n");
		let err = parse("x.toml", &text).unwrap_err().to_string();
		assert_eq!(err, "x.toml:12:8: field `issuers.name`: no participant named `bank`", "{err}");
	}

	#[test]
	fn a_missing_role_is_named() {
		let text = format!("{MINIMAL}\n[[issuers]]\nname = \"owner\"\ncap = 5.0\n");
		let err = parse("x.toml", &text).unwrap_err().to_string();
		assert!(err.contains("field `issuers.name`: `owner` lacks the Issuer role"), "{err}");
	}

	#[test]
	fn unknown_roles_and_bad_jurisdictions_are_refused() {
		let err = parse("x.toml", &MINIMAL.replace("AssetOwner", "Owner")).unwrap_err();
		assert!(err.0.contains("x.toml:8:") && err.0.contains("unknown role `Owner`"), "{err}");
		let err = parse("x.toml", &MINIMAL.replace("\"DE\"", "\"Germany\"")).unwrap_err();
		assert!(err.0.contains("x.toml:9:") && err.0.contains("two-letter"), "{err}");
	}

	#[test]
	fn emergency_actions_parse_and_name_their_participant() {
		let actions = r#"
[[regulator]]
action = "freeze"
at_block = 2
who = "owner"

[[regulator]]
action = "confirm_freeze"
at_block = 3
who = "owner"

[[regulator]]
action = "enter_safe_mode"
at_block = 4

[[regulator]]
action = "exit_safe_mode"
at_block = 6
"#;
		let sc = parse("x.toml", &format!("{MINIMAL}{actions}")).unwrap();
		let blocks: Vec<u32> = sc.regulator.iter().map(RegulatorAction::at_block).collect();
		assert_eq!(blocks, [2, 3, 4, 6]);
		let typo = format!(
			"{MINIMAL}{}",
			actions.replace(
				"who = \"owner\"\n\n[[regulator]]\naction = \"enter",
				"who = \"nobody\"\n\n[[regulator]]\naction = \"enter"
			)
		);
		let err = parse("x.toml", &typo).unwrap_err().to_string();
		assert!(err.contains("nobody"), "{err}");
	}

	#[test]
	fn amounts_are_whole_currency_units() {
		assert_eq!(stable(1.5), 1_500_000);
		assert_eq!(stable(0.000001), 1);
	}
}
