//! Runs a scenario: sets the stage (admission, assets, metering operators, stable value,
//! mandates and channels), then plays the timeline block by block (agents' usage paid by
//! vouchers, providers settling, misbehaviours, principals' responses, market activity,
//! metering and minting, the regulator's actions) while the follower records every event.

use crate::{
	client::{amount, key, Outcome, Wait, Wallet},
	record::{Action, ChainEvent, Record},
	scenario::{
		stable, AgentPopulation, AssetKind, MarketAction, MisbehaviourKind, PrincipalAction,
		RegulatorAction, Scenario, Side,
	},
};
use compute_ledger_e2e::chain::runtime_call;
use compute_ledger_vouchers::Voucher;
use futures::future::join_all;
use indicatif::ProgressBar;
use rand::{rngs::StdRng, SeedableRng};
use rand_distr::{Distribution, LogNormal, Poisson};
use serde_json::{json, Value as Json};
use sp_core::Pair;
use std::{
	collections::{BTreeMap, HashMap},
	sync::{Arc, Mutex},
	time::Duration,
};
use subxt::dynamic::Value;
use subxt_signer::sr25519::Keypair;
use tokio::task::JoinHandle;

pub type Shared = Arc<Mutex<Record>>;

/// Native units each scenario account gets for fees (the dev chain's unit has 12 decimals).
const FEE_FUNDS: u128 = 1_000_000_000_000_000;
/// Resting orders one order may fill against (bounds its weight).
const MAX_FILLS: u32 = 16;
/// KYC stays valid far beyond any scenario.
const KYC_EXPIRY: u128 = 1_000_000_000;

fn account(k: &Keypair) -> Value {
	Value::from_bytes(k.public_key().0)
}

fn ss58(k: &Keypair) -> String {
	subxt::utils::AccountId32(k.public_key().0).to_string()
}

fn bytes(s: &str) -> Value {
	Value::from_bytes(s.as_bytes())
}

fn jurisdiction(code: &str) -> Value {
	Value::unnamed_composite([Value::from_bytes(code.as_bytes())])
}

fn variant(name: &str) -> Value {
	Value::unnamed_variant(name, [])
}

fn none() -> Value {
	variant("None")
}

fn some(v: Value) -> Value {
	Value::unnamed_variant("Some", [v])
}

fn role_bits(roles: &[String]) -> u128 {
	roles
		.iter()
		.filter_map(|r| crate::scenario::ROLES.iter().position(|x| x == r))
		.fold(0, |bits, i| bits | (1 << i))
}

/// An agent of a population, with its off-chain channel state.
struct Agent {
	name: String,
	population: usize,
	key: Keypair,
	pair: sp_core::sr25519::Pair,
	provider: String,
	channel: Option<u64>,
	deposit: u128,
	/// What the latest voucher owes in all, and its nonce.
	cumulative: u128,
	nonce: u64,
	/// The latest voucher the provider has not settled yet.
	unsettled: Option<(Voucher, [u8; 64])>,
	/// The mandate refused a top-up: the agent stops buying.
	exhausted: bool,
}

/// The metering of one (asset, chain epoch) as it progresses.
struct EpochMetering {
	entry: usize,
	epoch: u32,
	submitted: bool,
	minted: bool,
}

/// Everything the timeline needs, shared with the tasks it spawns.
#[derive(Clone)]
pub struct Ctx {
	pub wallet: Wallet,
	pub rec: Shared,
	pub operator: Keypair,
	keys: Arc<HashMap<String, Keypair>>,
	genesis: [u8; 32],
}

impl Ctx {
	fn key(&self, name: &str) -> &Keypair {
		&self.keys[name]
	}

	/// Submits and records one action; `settled` says what value it moved.
	#[allow(clippy::too_many_arguments)]
	async fn act(
		&self,
		tick: i64,
		category: &str,
		kind: &str,
		actor: &str,
		detail: String,
		pallet: &str,
		call: &str,
		args: Vec<Value>,
		settled: impl Fn(&Outcome) -> u128,
	) -> Outcome {
		let outcome = self.wallet.submit(pallet, call, args, self.key(actor)).await;
		self.record(tick, category, kind, actor, detail, &outcome, settled(&outcome));
		outcome
	}

	#[allow(clippy::too_many_arguments)]
	fn record(
		&self,
		tick: i64,
		category: &str,
		kind: &str,
		actor: &str,
		detail: String,
		outcome: &Outcome,
		settled: u128,
	) {
		self.rec.lock().unwrap().actions.push(Action {
			tick,
			category: category.into(),
			kind: kind.into(),
			actor: actor.into(),
			detail,
			block: outcome.block,
			latency_ms: outcome.latency_ms,
			ok: outcome.ok(),
			error: outcome.error.clone(),
			explanation: None,
			settled: if outcome.ok() { settled } else { 0 },
		});
	}

	fn note(&self, block: u64, text: String) {
		self.rec.lock().unwrap().notes.push((block, text));
	}

	fn asset_id(&self, name: &str) -> Option<u32> {
		self.rec.lock().unwrap().assets.get(name).copied()
	}

	/// The claim class minted from `asset`'s `nth` metered epoch, once it exists.
	fn class_of(&self, asset: &str, nth: u32) -> Option<u32> {
		let rec = self.rec.lock().unwrap();
		let mut epochs: Vec<(u32, u32)> = rec
			.classes
			.iter()
			.filter(|(_, (a, _))| a == asset)
			.map(|(class, (_, epoch))| (*epoch, *class))
			.collect();
		epochs.sort();
		epochs.get(nth as usize).map(|(_, class)| *class)
	}
}

/// Follows finalized blocks from `from` and records their events until `stop` is set and the
/// follower reached `until` (or the stop flag alone, when the run was interrupted).
pub async fn follow(
	wallet: Wallet,
	rec: Shared,
	from: u64,
	stop: Arc<Mutex<Option<u64>>>,
) -> Result<(), String> {
	let mut next = from;
	loop {
		let (_, finalized) = wallet.heights().await;
		while next <= finalized {
			let (time_ms, events) = wallet.block_events(next).await?;
			let mut r = rec.lock().unwrap();
			for (index, pallet, event, fields) in events {
				r.events.push(ChainEvent { block: next, time_ms, index, pallet, event, fields });
			}
			r.end_block = next;
			next += 1;
		}
		if let Some(until) = *stop.lock().unwrap() {
			if next > until {
				return Ok(());
			}
		}
		tokio::time::sleep(Duration::from_millis(300)).await;
	}
}

/// Waits until the best block is at least `n`.
async fn wait_best(wallet: &Wallet, n: u64) -> u64 {
	loop {
		let (best, _) = wallet.heights().await;
		if best >= n {
			return best;
		}
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
}

/// Fails the run with the step's error.
fn expect_ok(step: &str, outcome: &Outcome) -> Result<(), String> {
	match &outcome.error {
		None => Ok(()),
		Some(e) => Err(format!("setup step `{step}` failed: {e}")),
	}
}

pub struct Runner {
	pub ctx: Ctx,
	sc: Scenario,
	agents: Vec<Agent>,
	rng: StdRng,
	tasks: Vec<JoinHandle<()>>,
	metering: Vec<EpochMetering>,
	/// Market and regulator actions not yet taken (index into the scenario's lists).
	market_due: Vec<usize>,
	regulator_due: Vec<usize>,
}

impl Runner {
	pub async fn new(wallet: Wallet, sc: Scenario, operator: Keypair, rec: Shared) -> Self {
		let prefix = sc.scenario.key_prefix.clone();
		let mut keys = HashMap::new();
		let mut names = BTreeMap::new();
		let mut agents = Vec::new();
		for p in &sc.participants {
			keys.insert(p.name.get_ref().clone(), key(&format!("{prefix}//{}", p.name.get_ref())));
		}
		for (i, pop) in sc.agents.iter().enumerate() {
			for n in 0..pop.count {
				let name = format!("{}-{n}", pop.name);
				let uri = format!("{prefix}//{name}");
				let k = key(&uri);
				keys.insert(name.clone(), k.clone());
				let provider = pop.providers[n as usize % pop.providers.len()].get_ref().clone();
				agents.push(Agent {
					name,
					population: i,
					key: k,
					pair: sp_core::sr25519::Pair::from_string(&uri, None).expect("a valid URI"),
					provider,
					channel: None,
					deposit: 0,
					cumulative: 0,
					nonce: 0,
					unsettled: None,
					exhausted: false,
				});
			}
		}
		keys.insert("operator".into(), operator.clone());
		for (name, k) in &keys {
			names.insert(ss58(k), name.clone());
		}
		rec.lock().unwrap().names = names;
		let genesis = wallet.api.genesis_hash().0;
		let rng = StdRng::seed_from_u64(sc.scenario.seed);
		let market_due = (0..sc.market.len()).collect();
		let regulator_due = (0..sc.regulator.len()).collect();
		Self {
			ctx: Ctx { wallet, rec, operator, keys: Arc::new(keys), genesis },
			sc,
			agents,
			rng,
			tasks: Vec::new(),
			metering: Vec::new(),
			market_due,
			regulator_due,
		}
	}

	/// Every setup step, in dependency order; an error stops the run.
	pub async fn setup(&mut self, progress: &ProgressBar) -> Result<(), String> {
		progress.set_message("admitting participants");
		self.admit().await?;
		progress.set_message("registering and attesting assets");
		self.assets().await?;
		// Independent of each other: metering operators, stable value, mandates.
		progress.set_message("binding meters, issuing stable value, granting mandates");
		let (bound, issued, granted) =
			tokio::join!(self.bind_meters(), self.stable_value(), self.grant_mandates());
		bound?;
		issued?;
		granted?;
		progress.set_message("opening channels");
		self.open_channels().await?;
		let current = self.current_epoch().await;
		for (entry, m) in self.sc.metering.iter().enumerate() {
			for e in 0..m.epochs {
				self.metering.push(EpochMetering {
					entry,
					epoch: current + e,
					submitted: false,
					minted: false,
				});
			}
		}
		Ok(())
	}

	async fn current_epoch(&self) -> u32 {
		self.ctx.wallet.read("rwa_currentEpoch", json!([])).await.map_or(0, |e| amount(&e) as u32)
	}

	/// Admits every participant and agent not admitted yet, trusts the auditors, sets the
	/// issuers' caps (one sudo batch), and funds every account's fees (one batch).
	async fn admit(&mut self) -> Result<(), String> {
		let ctx = self.ctx.clone();
		let mut admissions = Vec::new();
		let mut who: Vec<(String, u128, String)> = self
			.sc
			.participants
			.iter()
			.map(|p| {
				let roles: Vec<String> = p.roles.iter().map(|r| r.get_ref().clone()).collect();
				(p.name.get_ref().clone(), role_bits(&roles), p.jurisdiction.get_ref().clone())
			})
			.collect();
		for a in &self.agents {
			let pop = &self.sc.agents[a.population];
			who.push((
				a.name.clone(),
				role_bits(&["Agent".into()]),
				pop.jurisdiction.get_ref().clone(),
			));
		}
		let mut fees = Vec::new();
		for (name, roles, code) in &who {
			let k = ctx.key(name);
			if ctx.wallet.read("rwa_participant", json!([ss58(k)])).await.is_some() {
				continue;
			}
			admissions.push(runtime_call(
				"Participants",
				"admit",
				vec![
					("who", account(k)),
					("roles", Value::unnamed_composite([Value::u128(*roles)])),
					("jurisdiction", jurisdiction(code)),
					("kyc_expiry", Value::u128(KYC_EXPIRY)),
				],
			));
			fees.push(runtime_call(
				"Balances",
				"transfer_keep_alive",
				vec![
					("dest", Value::unnamed_variant("Id", [account(k)])),
					("value", Value::u128(FEE_FUNDS)),
				],
			));
		}
		let mut trusted = std::collections::BTreeSet::new();
		for a in &self.sc.assets {
			let class =
				if a.kind == AssetKind::Compute { "ComputeCapacity" } else { "PowerCapacity" };
			if trusted.insert((class, a.auditor.get_ref().clone())) {
				admissions.push(runtime_call(
					"Compliance",
					"add_trusted_auditor",
					vec![
						("class", variant(class)),
						("auditor", account(ctx.key(a.auditor.get_ref()))),
					],
				));
			}
		}
		for i in &self.sc.issuers {
			admissions.push(runtime_call(
				"StableValue",
				"set_issuer_cap",
				vec![
					("issuer", account(ctx.key(i.name.get_ref()))),
					("cap", Value::u128(stable(i.cap))),
				],
			));
		}
		let count = admissions.len();
		// Value may only go to admitted accounts: admission first, then the fees.
		let admitted = ctx.wallet.sudo_batch(admissions, &ctx.operator).await;
		ctx.record(
			-1,
			"setup",
			"admit",
			"operator",
			format!("{count} admissions and settings"),
			&admitted,
			0,
		);
		expect_ok("admit participants", &admitted)?;
		let n = fees.len();
		let funded = ctx.wallet.batch(fees, &ctx.operator).await;
		ctx.record(-1, "setup", "fund fees", "operator", format!("{n} accounts"), &funded, 0);
		expect_ok("fund fees", &funded)?;
		Ok(())
	}

	/// Registers every asset (one batch per owner), allocates power, has the auditors attest
	/// and the owners activate, and binds the metering operators.
	async fn assets(&mut self) -> Result<(), String> {
		let ctx = self.ctx.clone();
		let mut by_owner: BTreeMap<String, Vec<usize>> = BTreeMap::new();
		for (i, a) in self.sc.assets.iter().enumerate() {
			by_owner.entry(a.owner.get_ref().clone()).or_default().push(i);
		}
		let registrations = by_owner.iter().map(|(owner, list)| {
			let calls = list
				.iter()
				.map(|i| {
					let a = &self.sc.assets[*i];
					match a.kind {
						AssetKind::Compute => runtime_call(
							"ComputeAssets",
							"register_compute",
							vec![
								("gpu_model", bytes(a.gpu_model.as_deref().unwrap_or_default())),
								("gpu_count", Value::u128(a.gpu_count.unwrap_or_default().into())),
								(
									"gpu_hours_per_epoch",
									Value::u128(a.gpu_hours_per_epoch.unwrap_or_default().into()),
								),
								("site", bytes(&a.site)),
								("jurisdiction", jurisdiction(a.jurisdiction.get_ref())),
							],
						),
						AssetKind::Power => runtime_call(
							"ComputeAssets",
							"register_power",
							vec![
								(
									"capacity_kw",
									Value::u128(a.capacity_kw.unwrap_or_default().into()),
								),
								(
									"expected_kwh_per_epoch",
									Value::u128(
										a.expected_kwh_per_epoch.unwrap_or_default().into(),
									),
								),
								(
									"source",
									variant(a.source.as_ref().map_or("GridMix", |s| s.get_ref())),
								),
								(
									"grid_region",
									bytes(a.grid_region.as_deref().unwrap_or_default()),
								),
								("site", bytes(&a.site)),
								("jurisdiction", jurisdiction(a.jurisdiction.get_ref())),
							],
						),
					}
				})
				.collect();
			let ctx = ctx.clone();
			async move { (owner.clone(), list.clone(), ctx.wallet.batch(calls, ctx.key(owner)).await) }
		});
		for (owner, list, outcome) in join_all(registrations).await {
			ctx.record(
				-1,
				"setup",
				"register assets",
				&owner,
				format!("{} assets", list.len()),
				&outcome,
				0,
			);
			expect_ok("register assets", &outcome)?;
			let ids: Vec<u32> = outcome
				.events
				.iter()
				.filter(|(p, e, _)| p == "ComputeAssets" && e.ends_with("AssetRegistered"))
				.map(|(_, _, f)| amount(&f["asset"]) as u32)
				.collect();
			let mut rec = ctx.rec.lock().unwrap();
			for (i, id) in list.iter().zip(ids) {
				rec.assets.insert(self.sc.assets[*i].name.get_ref().clone(), id);
			}
		}
		// Power allocations, by the compute asset's owner (who owns both here).
		let mut owner_calls: BTreeMap<String, Vec<Value>> = BTreeMap::new();
		for a in &self.sc.assets {
			for link in &a.power {
				let (Some(power), Some(compute)) =
					(ctx.asset_id(link.asset.get_ref()), ctx.asset_id(a.name.get_ref()))
				else {
					continue;
				};
				owner_calls.entry(a.owner.get_ref().clone()).or_default().push(runtime_call(
					"ComputeAssets",
					"allocate_power",
					vec![
						("power", Value::u128(power.into())),
						("compute", Value::u128(compute.into())),
						("kw", Value::u128(link.kw.into())),
					],
				));
			}
		}
		self.batches("allocate power", owner_calls).await?;
		// Attestations, by each asset's auditor.
		let mut auditor_calls: BTreeMap<String, Vec<Value>> = BTreeMap::new();
		for a in &self.sc.assets {
			let id = ctx.asset_id(a.name.get_ref()).ok_or("an asset without an id")?;
			let attributes: &[&str] = match a.kind {
				AssetKind::Compute => &["Capacity", "Location"],
				AssetKind::Power => &["Capacity", "Location", "EnergySource"],
			};
			for attribute in attributes {
				auditor_calls.entry(a.auditor.get_ref().clone()).or_default().push(runtime_call(
					"ComputeAssets",
					"attest",
					vec![
						("asset", Value::u128(id.into())),
						("attribute", variant(attribute)),
						("value", Value::from_bytes([7u8; 32])),
						("expires_at", Value::u128(KYC_EXPIRY)),
					],
				));
			}
		}
		self.batches("attest assets", auditor_calls).await?;
		let mut activations: BTreeMap<String, Vec<Value>> = BTreeMap::new();
		for a in &self.sc.assets {
			let id = ctx.asset_id(a.name.get_ref()).ok_or("an asset without an id")?;
			activations.entry(a.owner.get_ref().clone()).or_default().push(runtime_call(
				"ComputeAssets",
				"activate",
				vec![("asset", Value::u128(id.into()))],
			));
		}
		self.batches("activate assets", activations).await
	}

	/// Asset owners bind their metering operators.
	async fn bind_meters(&self) -> Result<(), String> {
		let ctx = &self.ctx;
		let mut bindings: BTreeMap<String, Vec<Value>> = BTreeMap::new();
		for m in &self.sc.metering {
			let a = self.sc.assets.iter().find(|a| a.name.get_ref() == m.asset.get_ref()).unwrap();
			let id = ctx.asset_id(m.asset.get_ref()).ok_or("an asset without an id")?;
			let operators = m.operators.iter().map(|o| account(ctx.key(o.get_ref())));
			bindings.entry(a.owner.get_ref().clone()).or_default().push(runtime_call(
				"Metering",
				"bind_operators",
				vec![
					("asset", Value::u128(id.into())),
					("operators", Value::unnamed_composite(operators)),
					("quorum", Value::u128(m.quorum.into())),
				],
			));
		}
		self.batches("bind metering operators", bindings).await
	}

	/// One `Utility.batch_all` per signer, all at once; any failure stops the setup.
	async fn batches(&self, step: &str, calls: BTreeMap<String, Vec<Value>>) -> Result<(), String> {
		let ctx = &self.ctx;
		let runs = calls.into_iter().map(|(who, calls)| async move {
			let n = calls.len();
			let outcome = ctx.wallet.batch(calls, ctx.key(&who)).await;
			ctx.record(-1, "setup", step, &who, format!("{n} calls"), &outcome, 0);
			outcome
		});
		for outcome in join_all(runs).await {
			expect_ok(step, &outcome)?;
		}
		Ok(())
	}

	/// Each issuer mints what its fundings and agent populations need and sends it.
	async fn stable_value(&self) -> Result<(), String> {
		let mut sends: BTreeMap<String, Vec<(String, u128)>> = BTreeMap::new();
		for f in &self.sc.funding {
			sends
				.entry(f.from.get_ref().clone())
				.or_default()
				.push((f.to.get_ref().clone(), stable(f.amount)));
		}
		for a in &self.agents {
			let pop = &self.sc.agents[a.population];
			sends
				.entry(pop.issuer.get_ref().clone())
				.or_default()
				.push((a.name.clone(), stable(pop.funding)));
		}
		let ctx = &self.ctx;
		let runs = sends.into_iter().map(|(issuer, list)| async move {
			let total: u128 = list.iter().map(|(_, a)| a).sum();
			let mint = runtime_call(
				"StableValue",
				"mint",
				vec![
					("amount", Value::u128(total)),
					("reserve_proof", Value::from_bytes([1u8; 32])),
				],
			);
			let mut calls = vec![mint];
			calls.extend(list.iter().map(|(to, a)| {
				runtime_call(
					"StableValue",
					"transfer",
					vec![("to", account(ctx.key(to))), ("amount", Value::u128(*a))],
				)
			}));
			let outcome = ctx.wallet.batch(calls, ctx.key(&issuer)).await;
			let detail =
				format!("minted {} EURD and sent it to {} accounts", eurd(total), list.len());
			ctx.record(-1, "setup", "issue stable value", &issuer, detail, &outcome, 0);
			outcome
		});
		for outcome in join_all(runs).await {
			expect_ok("issue stable value", &outcome)?;
		}
		Ok(())
	}

	fn terms(&self, pop: &AgentPopulation) -> Value {
		let m = &pop.mandate;
		let payees: Vec<Value> = if m.providers_only {
			pop.providers.iter().map(|p| account(self.ctx.key(p.get_ref()))).collect()
		} else {
			Vec::new()
		};
		Value::named_composite([
			("per_payment", Value::u128(stable(m.per_payment))),
			("per_period", Value::u128(stable(m.per_period))),
			("period", Value::u128(m.period_blocks.into())),
			("total_cap", Value::u128(stable(m.total_cap))),
			("payees", Value::unnamed_composite(payees)),
			("classes", Value::unnamed_composite([])),
			("expires_at", Value::u128(KYC_EXPIRY)),
			(
				"approval_threshold",
				m.approval_threshold.map_or_else(none, |t| some(Value::u128(stable(t)))),
			),
			(
				"velocity",
				m.velocity.as_ref().map_or_else(none, |v| {
					some(Value::named_composite([
						("max_payments", Value::u128(v.max_payments.into())),
						("window", Value::u128(v.window_blocks.into())),
					]))
				}),
			),
			("size", none()),
		])
	}

	/// Principals grant their agents' mandates (a batch each).
	async fn grant_mandates(&self) -> Result<(), String> {
		let mut grants: BTreeMap<String, Vec<Value>> = BTreeMap::new();
		for a in &self.agents {
			let pop = &self.sc.agents[a.population];
			grants.entry(pop.principal.get_ref().clone()).or_default().push(runtime_call(
				"Mandates",
				"grant_mandate",
				vec![("agent", account(&a.key)), ("terms", self.terms(pop))],
			));
		}
		self.batches("grant mandates", grants).await
	}

	/// Every agent opens its channel to its provider.
	async fn open_channels(&mut self) -> Result<(), String> {
		let ctx = &self.ctx;
		let opens = self.agents.iter().map(|a| {
			let deposit = stable(self.sc.agents[a.population].deposit);
			let provider = a.provider.clone();
			async move {
				let args = vec![account(ctx.key(&provider)), Value::u128(deposit)];
				let outcome = ctx
					.wallet
					.submit_wait("Channels", "open_channel", args, &a.key, Wait::InBlock)
					.await;
				let detail = format!("to {provider}, deposit {}", eurd(deposit));
				ctx.record(-1, "setup", "open channel", &a.name, detail, &outcome, 0);
				(outcome, deposit)
			}
		});
		let results = join_all(opens).await;
		for (a, (outcome, deposit)) in self.agents.iter_mut().zip(results) {
			expect_ok("open channels", &outcome)?;
			let id = outcome.event("Channels", "ChannelOpened").map(|f| amount(&f["id"]) as u64);
			a.channel = id;
			a.deposit = deposit;
			if let Some(id) = id {
				ctx.rec.lock().unwrap().channels.insert(id, (a.name.clone(), a.provider.clone()));
			}
		}
		Ok(())
	}

	/// Plays the timeline: one step per new block.
	pub async fn timeline(&mut self, start: u64, progress: &ProgressBar) -> Result<(), String> {
		let blocks = self.sc.scenario.blocks;
		let hours_per_block = self.sc.scenario.simulated_hours / blocks as f64;
		for tick in 0..blocks {
			let block = wait_best(&self.ctx.wallet, start + tick as u64).await;
			progress.set_position(tick as u64);
			progress.set_message(format!("block #{block}"));
			self.usage(tick, hours_per_block);
			self.settle(tick);
			self.misbehave(tick);
			self.metering(tick).await;
			self.market(tick);
			self.regulate(tick);
		}
		progress.set_position(blocks as u64);
		progress.set_message("waiting for the last transactions");
		for task in self.tasks.drain(..) {
			let _ = tokio::time::timeout(Duration::from_secs(120), task).await;
		}
		Ok(())
	}

	/// Each agent's requests of this block: tokens served off chain, paid by a new voucher;
	/// an agent whose deposit runs out tops its channel up within its mandate.
	fn usage(&mut self, tick: u32, hours: f64) {
		for i in 0..self.agents.len() {
			let pop = &self.sc.agents[self.agents[i].population];
			let req = &pop.requests;
			let agent = &mut self.agents[i];
			let Some(channel) = agent.channel else { continue };
			if agent.exhausted {
				continue;
			}
			let lambda = req.per_hour * hours;
			let n = if lambda > 0.0 {
				Poisson::new(lambda).unwrap().sample(&mut self.rng) as u64
			} else {
				0
			};
			if n == 0 {
				continue;
			}
			let sigma = req.tokens_sigma.max(0.01);
			let mu = req.tokens_mean.max(1.0).ln() - sigma * sigma / 2.0;
			let dist = LogNormal::new(mu, sigma).unwrap();
			let tokens: u64 =
				(0..n).map(|_| dist.sample(&mut self.rng).round().max(1.0) as u64).sum();
			let cost = (tokens as f64 * req.price_per_mtok * crate::scenario::STABLE_UNIT / 1e6)
				.ceil() as u128;
			if agent.cumulative + cost > agent.deposit {
				// Top up by one deposit; the mandate may refuse it, then the agent stops.
				let top_up = stable(pop.deposit).max(cost);
				agent.deposit += top_up;
				let ctx = self.ctx.clone();
				let name = agent.name.clone();
				let detail = format!("channel {channel} by {}", eurd(top_up));
				self.tasks.push(tokio::spawn(async move {
					let args = vec![Value::u128(channel.into()), Value::u128(top_up)];
					let outcome = ctx
						.act(
							tick.into(),
							"usage",
							"top up",
							&name,
							detail,
							"Channels",
							"top_up",
							args,
							|_| 0,
						)
						.await;
					if !outcome.ok() {
						ctx.note(
							outcome.block.unwrap_or_default(),
							format!(
								"{name} could not top up its channel: {}",
								outcome.error.unwrap_or_default()
							),
						);
					}
				}));
			}
			agent.cumulative += cost;
			agent.nonce += 1;
			let voucher = Voucher { channel, cumulative: agent.cumulative, nonce: agent.nonce };
			agent.unsettled = Some((voucher, voucher.sign(&agent.pair, self.ctx.genesis)));
			let mut rec = self.ctx.rec.lock().unwrap();
			let usage =
				rec.usage.entry(format!("{} -> {}", agent.name, agent.provider)).or_default();
			usage.requests += n;
			usage.tokens += tokens;
			usage.vouchers += 1;
			usage.owed = agent.cumulative;
		}
	}

	/// Providers claim the latest voucher of each of their channels every `settle_every`
	/// blocks (and at the last block).
	fn settle(&mut self, tick: u32) {
		let last = tick + 1 == self.sc.scenario.blocks;
		for agent in &mut self.agents {
			let pop = &self.sc.agents[agent.population];
			if !(last || (tick + 1).is_multiple_of(pop.settle_every)) {
				continue;
			}
			let Some((voucher, signature)) = agent.unsettled.take() else { continue };
			// The provider may only claim what the deposit covers: a refused top-up leaves
			// the agent owing more than the channel holds, and the voucher waits.
			let ctx = self.ctx.clone();
			let provider = agent.provider.clone();
			let detail = format!(
				"channel {} of {}: {} at nonce {}",
				voucher.channel,
				agent.name,
				eurd(voucher.cumulative),
				voucher.nonce
			);
			self.tasks.push(tokio::spawn(async move {
				let args = vec![
					Value::u128(voucher.channel.into()),
					Value::u128(voucher.cumulative),
					Value::u128(voucher.nonce.into()),
					Value::unnamed_variant("Sr25519", [Value::from_bytes(signature)]),
				];
				ctx.act(
					tick.into(),
					"usage",
					"channel claim",
					&provider,
					detail,
					"Channels",
					"claim",
					args,
					|o| o.event("Channels", "Claimed").map_or(0, |f| amount(&f["amount"])),
				)
				.await;
			}));
		}
	}

	/// The misbehaviours due at this block, by the first agents of their population.
	fn misbehave(&mut self, tick: u32) {
		for (p, pop) in self.sc.agents.iter().enumerate() {
			for m in pop.misbehaviour.iter().filter(|m| m.at_block == tick) {
				let culprits: Vec<&Agent> = self
					.agents
					.iter()
					.filter(|a| a.population == p)
					.take(m.agents as usize)
					.collect();
				for agent in culprits {
					let ctx = self.ctx.clone();
					let (name, kind, amount_each) = (agent.name.clone(), m.kind, stable(m.amount));
					let payee = match kind {
						MisbehaviourKind::UnadmittedPayee => {
							key(&format!("{}//unadmitted//{name}", self.sc.scenario.key_prefix))
						}
						_ => ctx.key(&agent.provider).clone(),
					};
					let payments =
						if kind == MisbehaviourKind::VelocitySpike { m.payments } else { 1 };
					let principal = pop.principal.get_ref().clone();
					let response = m.principal.as_ref().map(|r| (r.after_blocks, r.action));
					let label = match kind {
						MisbehaviourKind::VelocitySpike => "velocity spike",
						MisbehaviourKind::Overspend => "overspend",
						MisbehaviourKind::UnadmittedPayee => "pay a non-admitted payee",
					};
					let payee_name = ctx
						.rec
						.lock()
						.unwrap()
						.name_of(&subxt::utils::AccountId32(payee.public_key().0).to_string());
					self.tasks.push(tokio::spawn(async move {
						let pays = (0..payments).map(|n| {
							let ctx = ctx.clone();
							let args = vec![account(&payee), Value::u128(amount_each)];
							let detail = format!("payment {} of {payments}: {} to {payee_name}", n + 1, eurd(amount_each));
							let name = name.clone();
							async move {
								ctx.act(tick.into(), "misbehaviour", label, &name, detail, "Mandates", "pay", args, |o| {
									o.event("Mandates", "Paid").map_or(0, |f| amount(&f["amount"]))
								})
								.await
							}
						});
						let outcomes = join_all(pays).await;
						let alert = outcomes.iter().find_map(|o| o.event("Mandates", "MandateAlert").map(|f| (o.block, f.clone())));
						let Some((block, fields)) = alert else { return };
						let block = block.unwrap_or_default();
						ctx.note(block, format!("the {} rule alerted {name}'s mandate and suspended it: {} not paid", fields["rule"].as_str().unwrap_or("anomaly"), eurd(amount(&fields["amount"]))));
						let Some((after, action)) = response else { return };
						wait_best(&ctx.wallet, block + after as u64).await;
						let (call, kind) = match action {
							PrincipalAction::Resume => ("resume", "resume mandate"),
							PrincipalAction::Revoke => ("revoke", "revoke mandate"),
						};
						let agent_key = ctx.key(&name).clone();
						let outcome = ctx
							.act(tick.into(), "principal", kind, &principal, format!("of {name} after reviewing the alert"), "Mandates", call, vec![account(&agent_key)], |_| 0)
							.await;
						ctx.note(outcome.block.unwrap_or_default(), format!("{principal} reviewed the alert and chose to {call} {name}'s mandate"));
					}));
				}
			}
		}
	}

	/// Meter operators report every epoch that ended; owners mint once a report is final.
	async fn metering(&mut self, tick: u32) {
		let current = self.current_epoch().await;
		for m in &mut self.metering {
			let entry = &self.sc.metering[m.entry];
			let asset_name = entry.asset.get_ref().clone();
			let Some(asset) = self.ctx.asset_id(&asset_name) else { continue };
			if !m.submitted && m.epoch < current {
				m.submitted = true;
				for op in &entry.operators {
					let ctx = self.ctx.clone();
					let report = Value::named_composite([
						("tokens_in", Value::u128(entry.tokens_in.into())),
						("tokens_out", Value::u128(entry.tokens_out.into())),
						("energy_kwh", Value::u128(entry.energy_kwh.into())),
						("gpu_hours", Value::u128(entry.gpu_hours.into())),
						("records", Value::u128(entry.records.into())),
						// Each report commits to its own usage records.
						("records_root", Value::from_bytes(records_root(asset, m.epoch))),
					]);
					let args = vec![Value::u128(asset.into()), Value::u128(m.epoch.into()), report];
					let (op, epoch) = (op.get_ref().clone(), m.epoch);
					let detail = format!(
						"{asset_name} epoch {epoch}: {} tokens out, {} kWh",
						entry.tokens_out, entry.energy_kwh
					);
					self.tasks.push(tokio::spawn(async move {
						ctx.act(
							tick.into(),
							"metering",
							"meter report",
							&op,
							detail,
							"Metering",
							"submit_report",
							args,
							|_| 0,
						)
						.await;
					}));
				}
			}
			if m.submitted && !m.minted {
				let status = self.ctx.wallet.read("rwa_epochReport", json!([asset, m.epoch])).await;
				if status.as_ref().and_then(|s| s["status"].as_str()) != Some("Final") {
					continue;
				}
				let mintable = self
					.ctx
					.wallet
					.read("rwa_mintable", json!([asset, m.epoch]))
					.await
					.map_or(0, |v| amount(&v));
				m.minted = true;
				let units = (mintable as f64 * entry.mint).floor() as u128;
				if units == 0 {
					continue;
				}
				let owner = self
					.sc
					.assets
					.iter()
					.find(|a| a.name.get_ref() == &asset_name)
					.unwrap()
					.owner
					.get_ref()
					.clone();
				let ctx = self.ctx.clone();
				let epoch = m.epoch;
				let outcome = ctx
					.act(
						tick.into(),
						"metering",
						"mint claims",
						&owner,
						format!("{units} claims of {asset_name} epoch {epoch}"),
						"Claims",
						"mint",
						vec![
							Value::u128(asset.into()),
							Value::u128(epoch.into()),
							Value::u128(units),
						],
						|_| 0,
					)
					.await;
				if let Some(f) = outcome.event("Claims", "ClassCreated") {
					let class = amount(&f["class"]) as u32;
					ctx.rec.lock().unwrap().classes.insert(class, (asset_name.clone(), epoch));
				}
			}
		}
	}

	/// Market actions due by now whose claims exist.
	fn market(&mut self, tick: u32) {
		let mut waiting = Vec::new();
		for i in std::mem::take(&mut self.market_due) {
			let action = &self.sc.market[i];
			if action.at_block() > tick {
				waiting.push(i);
				continue;
			}
			let ctx = self.ctx.clone();
			let owner_of = |asset: &str| {
				self.sc
					.assets
					.iter()
					.find(|a| a.name.get_ref() == asset)
					.unwrap()
					.owner
					.get_ref()
					.clone()
			};
			match action {
				MarketAction::Order { who, side, claims, price, amount: units, .. } => {
					let Some(class) = ctx.class_of(&claims.asset, claims.epoch) else {
						waiting.push(i);
						continue;
					};
					let (who, side, price, units) =
						(who.clone(), *side, stable(*price), *units as u128);
					let seller = owner_of(&claims.asset);
					let asset = claims.asset.clone();
					self.tasks.push(tokio::spawn(async move {
						let side_name = if side == Side::Buy { "Buy" } else { "Sell" };
						let args = vec![
							Value::u128(class.into()),
							variant(side_name),
							Value::u128(price),
							Value::u128(units),
							none(),
							// Matches against up to this many resting orders.
							Value::u128(MAX_FILLS.into()),
						];
						let detail = format!(
							"{side_name} {units} claims of {asset} (class {class}) at {} EURD",
							eurd(price)
						);
						let outcome = ctx
							.act(
								tick.into(),
								"market",
								"order",
								&who,
								detail,
								"Settlement",
								"place_order",
								args,
								|o| {
									o.events
										.iter()
										.filter(|(p, e, _)| p == "Settlement" && e == "Trade")
										.map(|(_, _, f)| amount(&f["price"]) * amount(&f["amount"]))
										.sum()
								},
							)
							.await;
						let rejected = outcome.event("Settlement", "FillRejected").cloned();
						if !outcome.ok() || rejected.is_some() {
							let buyer = if side == Side::Buy { who.clone() } else { String::new() };
							let buyer = if buyer.is_empty() {
								ctx.rec.lock().unwrap().name_of(
									rejected
										.as_ref()
										.and_then(|r| r["taker_order"].as_str())
										.unwrap_or_default(),
								)
							} else {
								buyer
							};
							explain_block(
								&ctx,
								class,
								&seller,
								&buyer,
								units,
								outcome.block,
								rejected,
							)
							.await;
						}
					}));
				}
				MarketAction::Instruction {
					seller, buyer, claims, amount: units, price, ..
				} => {
					let Some(class) = ctx.class_of(&claims.asset, claims.epoch) else {
						waiting.push(i);
						continue;
					};
					let (seller, buyer, units, pay) = (
						seller.clone(),
						buyer.clone(),
						*units as u128,
						stable(*price) * *units as u128,
					);
					let asset = claims.asset.clone();
					self.tasks.push(tokio::spawn(instruction(
						ctx, tick, class, asset, seller, buyer, units, pay,
					)));
				}
				MarketAction::Conditional {
					payer,
					payee,
					amount: value,
					asset,
					epoch,
					tokens_out_at_least,
					..
				} => {
					let Some(asset_id) = ctx.asset_id(asset) else { continue };
					let (payer, payee, value, epoch, level) = (
						payer.clone(),
						payee.clone(),
						stable(*value),
						*epoch,
						*tokens_out_at_least,
					);
					let first_epoch = self
						.metering
						.iter()
						.find(|m| self.sc.metering[m.entry].asset.get_ref() == asset)
						.map_or(0, |m| m.epoch);
					let chain_epoch = first_epoch + epoch;
					let asset = asset.clone();
					self.tasks.push(tokio::spawn(async move {
						let condition = Value::named_variant("MeteredOutputAtLeast", [("asset", Value::u128(asset_id.into())), ("epoch", Value::u128(chain_epoch.into())), ("tokens_out", Value::u128(level.into()))]);
						let args = vec![account(ctx.key(&payee)), Value::u128(value), condition, Value::u128(KYC_EXPIRY)];
						let detail = format!("{} EURD to {payee} once {asset} epoch {chain_epoch} metered {level} tokens", eurd(value));
						ctx.act(tick.into(), "market", "conditional payment", &payer, detail, "Settlement", "create_conditional", args, |_| 0).await;
					}));
				}
			}
		}
		self.market_due = waiting;
	}

	/// The regulator's actions due by now (through the operator's sudo key).
	fn regulate(&mut self, tick: u32) {
		let mut waiting = Vec::new();
		for i in std::mem::take(&mut self.regulator_due) {
			let action = &self.sc.regulator[i];
			if action.at_block() > tick {
				waiting.push(i);
				continue;
			}
			let ctx = self.ctx.clone();
			let who = |n: &str| account(ctx.key(n));
			let pause_name = |c: &str| {
				let (p, f) = c.split_once('.').unwrap_or((c, ""));
				Value::unnamed_composite([bytes(p), bytes(f)])
			};
			let (call, kind, detail) = match action {
				RegulatorAction::Freeze { who: w, reason, .. } => (
					runtime_call(
						"Participants",
						"freeze",
						vec![("who", who(w)), ("reason", Value::u128((*reason).into()))],
					),
					"freeze",
					w.clone(),
				),
				RegulatorAction::Unfreeze { who: w, .. } => (
					runtime_call("Participants", "unfreeze", vec![("who", who(w))]),
					"unfreeze",
					w.clone(),
				),
				RegulatorAction::Pause { call, .. } => (
					runtime_call("TxPause", "pause", vec![("full_name", pause_name(call))]),
					"pause",
					call.clone(),
				),
				RegulatorAction::Unpause { call, .. } => (
					runtime_call("TxPause", "unpause", vec![("ident", pause_name(call))]),
					"unpause",
					call.clone(),
				),
				RegulatorAction::SetRules { claims, receiver_jurisdictions, .. } => {
					let Some(class) = ctx.class_of(&claims.asset, claims.epoch) else {
						waiting.push(i);
						continue;
					};
					let codes: Vec<String> = receiver_jurisdictions.to_vec();
					let rule = Value::named_variant(
						"AllowedJurisdictions",
						[
							("party", variant("Receiver")),
							(
								"jurisdictions",
								Value::unnamed_composite(codes.iter().map(|c| jurisdiction(c))),
							),
						],
					);
					let call = runtime_call(
						"Compliance",
						"set_rules",
						vec![
							("class", Value::unnamed_variant("Claim", [Value::u128(class.into())])),
							("rules", Value::unnamed_composite([rule])),
						],
					);
					(
						call,
						"rule change",
						format!(
							"claims of {} (class {class}) may only go to {}",
							claims.asset,
							codes.join(", ")
						),
					)
				}
				RegulatorAction::ClearRules { claims, .. } => {
					let Some(class) = ctx.class_of(&claims.asset, claims.epoch) else {
						waiting.push(i);
						continue;
					};
					(
						runtime_call(
							"Compliance",
							"clear_rules",
							vec![(
								"class",
								Value::unnamed_variant("Claim", [Value::u128(class.into())]),
							)],
						),
						"rule change",
						format!("rules of class {class} cleared"),
					)
				}
				RegulatorAction::SuspendAgent { agent, reason, .. } => (
					runtime_call(
						"Mandates",
						"regulator_suspend",
						vec![("agent", who(agent)), ("reason", Value::u128((*reason).into()))],
					),
					"suspend agent",
					agent.clone(),
				),
				RegulatorAction::ResumeAgent { agent, .. } => (
					runtime_call("Mandates", "regulator_resume", vec![("agent", who(agent))]),
					"resume agent",
					agent.clone(),
				),
			};
			self.tasks.push(tokio::spawn(async move {
				let outcome = ctx.wallet.sudo(call, &ctx.operator).await;
				ctx.record(
					tick.into(),
					"regulator",
					kind,
					"regulator",
					detail.clone(),
					&outcome,
					0,
				);
				ctx.note(
					outcome.block.unwrap_or_default(),
					format!(
						"regulator: {kind} {detail}{}",
						outcome.error.map(|e| format!(" (failed: {e})")).unwrap_or_default()
					),
				);
			}));
		}
		self.regulator_due = waiting;
	}

	/// Spawned tasks still running (for an interrupted run to abandon).
	pub fn abort(&mut self) {
		for t in self.tasks.drain(..) {
			t.abort();
		}
	}
}

/// A two-leg DvP instruction: the seller creates it (it affirms its own leg), the buyer
/// affirms and, settling on affirmation, the chain executes both legs at once.
#[allow(clippy::too_many_arguments)]
async fn instruction(
	ctx: Ctx,
	tick: u32,
	class: u32,
	asset: String,
	seller: String,
	buyer: String,
	units: u128,
	pay: u128,
) {
	let leg = |from: &str, to: &str, asset: Value, amount: u128| {
		Value::named_composite([
			("from", account(ctx.key(from))),
			("to", account(ctx.key(to))),
			("asset", asset),
			("amount", Value::u128(amount)),
		])
	};
	let legs = Value::unnamed_composite([
		leg(&seller, &buyer, Value::unnamed_variant("Claim", [Value::u128(class.into())]), units),
		leg(&buyer, &seller, variant("StableValue"), pay),
	]);
	let best = ctx.wallet.heights().await.0;
	let args = vec![legs, variant("OnAffirmation"), Value::u128((best + 200).into())];
	let detail = format!(
		"{units} claims of {asset} (class {class}) from {seller} to {buyer} for {} EURD",
		eurd(pay)
	);
	let created = ctx
		.act(
			tick.into(),
			"market",
			"instruction",
			&seller,
			detail.clone(),
			"Settlement",
			"create_instruction",
			args,
			|_| 0,
		)
		.await;
	let Some(id) = created.event("Settlement", "InstructionCreated").map(|f| amount(&f["id"]))
	else {
		explain_block(&ctx, class, &seller, &buyer, units, created.block, None).await;
		return;
	};
	for party in [&seller, &buyer] {
		let args = vec![Value::u128(id), Value::u128(2)];
		let settled = |o: &Outcome| {
			if o.event("Settlement", "InstructionSettled").is_some() {
				pay
			} else {
				0
			}
		};
		let outcome = ctx
			.act(
				tick.into(),
				"market",
				"affirm instruction",
				party,
				format!("instruction {id}: {detail}"),
				"Settlement",
				"affirm_instruction",
				args,
				settled,
			)
			.await;
		if outcome.error.as_deref().is_some_and(|e| e.contains("AlreadyAffirmed")) {
			continue;
		}
		let failed = outcome.event("Settlement", "InstructionFailed").cloned();
		if !outcome.ok() || failed.is_some() {
			explain_block(&ctx, class, &seller, &buyer, units, outcome.block, failed).await;
			return;
		}
	}
}

/// Records why a transfer of claims from `seller` to `buyer` was refused: the chain's own
/// compliance dry run (`rwa_transferReport`) names the check that fails.
async fn explain_block(
	ctx: &Ctx,
	class: u32,
	seller: &str,
	buyer: &str,
	units: u128,
	block: Option<u64>,
	event: Option<Json>,
) {
	if buyer.is_empty() || !ctx.keys.contains_key(buyer) || !ctx.keys.contains_key(seller) {
		return;
	}
	let (from, to) = (ss58(ctx.key(seller)), ss58(ctx.key(buyer)));
	let report = ctx
		.wallet
		.read("rwa_transferReport", json!([{ "Claim": class }, from, to, units.to_string()]))
		.await;
	let participant = ctx.wallet.read("rwa_participant", json!([to])).await;
	let buyer_jurisdiction =
		participant.as_ref().and_then(|p| p["jurisdiction"].as_str()).unwrap_or("?").to_string();
	let failing = report.as_ref().and_then(|r| {
		r["checks"].as_array().and_then(|c| c.iter().find(|c| !c["failure"].is_null()).cloned())
	});
	let mut why = match &failing {
		Some(check) => format!(
			"{buyer} (admitted in {buyer_jurisdiction}) may not receive these claims: {} fails ({})",
			describe_check(&check["check"]),
			describe(&check["failure"])
		),
		None => format!(
			"{buyer} (admitted in {buyer_jurisdiction}) passes the compliance checks of class \
			 {class} now"
		),
	};
	if let Some(e) = event.as_ref().and_then(|e| e.get("error")) {
		why.push_str(&format!("; the chain said {}", ctx.wallet.explain_json(e).await));
	}
	let mut rec = ctx.rec.lock().unwrap();
	if let Some(action) = rec
		.actions
		.iter_mut()
		.rev()
		.find(|a| a.category == "market" && (a.actor == buyer || a.actor == seller))
	{
		action.explanation = Some(why.clone());
	}
	rec.notes.push((block.unwrap_or_default(), format!("blocked: {why}")));
}

/// A compliance check in words: `rule 0 (the receiver must be admitted in DE, FR)`.
fn describe_check(check: &Json) -> String {
	if let Some(rule) = check.get("Rule") {
		let index = &rule["index"];
		if let Some(j) = rule["rule"].get("AllowedJurisdictions") {
			let list: Vec<&str> = j["jurisdictions"]
				.as_array()
				.into_iter()
				.flatten()
				.filter_map(Json::as_str)
				.collect();
			let party = j["party"].as_str().unwrap_or("party").to_lowercase();
			return format!("rule {index} (the {party} must be admitted in {})", list.join(", "));
		}
		return format!("rule {index} ({})", describe(&rule["rule"]));
	}
	describe(check)
}

/// An enum value as `Name(value)`.
fn describe(v: &Json) -> String {
	match v {
		Json::Object(map) if map.len() == 1 => {
			let (k, inner) = map.iter().next().unwrap();
			format!("{k}({})", describe(inner))
		}
		Json::String(s) => s.clone(),
		other => other.to_string(),
	}
}

/// A distinct usage-records root per (asset, epoch): the chain refuses records counted twice.
/// (The sandbox simulates metering; it has no real usage records to build a tree of.)
fn records_root(asset: u32, epoch: u32) -> [u8; 32] {
	let mut root = [0u8; 32];
	root[..8].copy_from_slice(b"sandbox/");
	root[8..12].copy_from_slice(&asset.to_le_bytes());
	root[12..16].copy_from_slice(&epoch.to_le_bytes());
	root
}

/// Smallest units as EURD text.
pub fn eurd(units: u128) -> String {
	let whole = units / 1_000_000;
	let frac = units % 1_000_000;
	if frac == 0 {
		whole.to_string()
	} else {
		format!("{whole}.{}", format!("{frac:06}").trim_end_matches('0'))
	}
}
