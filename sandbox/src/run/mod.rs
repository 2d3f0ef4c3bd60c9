//! Runs a scenario: sets the stage (admission, assets, metering operators, stable value,
//! mandates and channels), then plays the timeline block by block (agents' usage paid by
//! vouchers, providers settling, misbehaviours, principals' responses, market activity,
//! metering and minting, the regulator's actions) while the follower records every event.
//!
//! `stage` sets the stage; `agents`, `metering`, `market` and `regulator` are the timeline's
//! actors, each a part of `Runner`.

mod agents;
mod market;
mod metering;
mod regulator;
mod stage;

use crate::{
	client::{amount, Outcome, Wait, Wallet},
	record::{Action, ChainEvent, Record},
	scenario::{
		stable, AgentPopulation, AssetKind, MarketAction, MisbehaviourKind, PrincipalAction,
		RegulatorAction, Scenario, Side,
	},
};
use compute_ledger_e2e::{
	chain::{account, keypair, runtime_call},
	scenario::{bytes, jurisdiction, variant},
};
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

fn ss58(k: &Keypair) -> String {
	subxt::utils::AccountId32(k.public_key().0).to_string()
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
	/// The operator (sudo key, or council member proposing) and the council member seconding.
	pub authority: (Keypair, Keypair),
	keys: Arc<HashMap<String, Keypair>>,
	genesis: [u8; 32],
}

impl Ctx {
	fn key(&self, name: &str) -> &Keypair {
		&self.keys[name]
	}

	/// Submits and records one action; `settled` says what value it moved. Also returns
	/// where the action is recorded (to add an explanation later).
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
	) -> (Outcome, usize) {
		let outcome = self.wallet.submit(pallet, call, args, self.key(actor)).await;
		let index = self.record(tick, category, kind, actor, detail, &outcome, settled(&outcome));
		(outcome, index)
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
	) -> usize {
		let mut rec = self.rec.lock().unwrap();
		rec.actions.push(Action {
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
		rec.actions.len() - 1
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
			// The node can fail to find a block it just announced (seen under load): retry.
			let mut attempt = 0;
			let (time_ms, events) = loop {
				match wallet.block_events(next).await {
					Ok(read) => break read,
					Err(e) if attempt >= 20 => {
						return Err(format!("block #{next} unreadable after {attempt} tries: {e}"))
					}
					Err(_) => attempt += 1,
				}
				tokio::time::sleep(Duration::from_millis(500)).await;
			};
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
	/// The timeline's last block.
	end_block: u64,
}

impl Runner {
	pub async fn new(
		wallet: Wallet,
		sc: Scenario,
		authority: (Keypair, Keypair),
		rec: Shared,
	) -> Self {
		let prefix = sc.scenario.key_prefix.clone();
		let mut keys = HashMap::new();
		let mut names = BTreeMap::new();
		let mut agents = Vec::new();
		for p in &sc.participants {
			keys.insert(
				p.name.get_ref().clone(),
				keypair(&format!("{prefix}//{}", p.name.get_ref())),
			);
		}
		for (i, pop) in sc.agents.iter().enumerate() {
			for n in 0..pop.count {
				let name = format!("{}-{n}", pop.name);
				let uri = format!("{prefix}//{name}");
				let k = keypair(&uri);
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
				});
			}
		}
		keys.insert("operator".into(), authority.0.clone());
		for (name, k) in &keys {
			names.insert(ss58(k), name.clone());
		}
		rec.lock().unwrap().names = names;
		let genesis = wallet.api.genesis_hash().0;
		let rng = StdRng::seed_from_u64(sc.scenario.seed);
		let market_due = (0..sc.market.len()).collect();
		let regulator_due = (0..sc.regulator.len()).collect();
		Self {
			ctx: Ctx { wallet, rec, authority, keys: Arc::new(keys), genesis },
			sc,
			agents,
			rng,
			tasks: Vec::new(),
			metering: Vec::new(),
			market_due,
			regulator_due,
			end_block: 0,
		}
	}

	/// Every setup step, in dependency order; an error stops the run.
	pub async fn setup(&mut self, progress: &ProgressBar) -> Result<(), String> {
		progress.set_message("admitting participants");
		self.admit().await?;
		progress.set_message("registering and attesting assets");
		self.assets().await?;
		if !self.sc.models.is_empty() {
			progress.set_message("registering models and publishing price cards");
			self.models().await?;
		}
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

	/// Plays the timeline: one step per new block.
	pub async fn timeline(&mut self, start: u64, progress: &ProgressBar) -> Result<(), String> {
		let blocks = self.sc.scenario.blocks;
		let hours_per_block = self.sc.scenario.simulated_hours / blocks as f64;
		self.end_block = start + blocks as u64;
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

	/// Spawned tasks still running (for an interrupted run to abandon).
	pub fn abort(&mut self) {
		for t in self.tasks.drain(..) {
			t.abort();
		}
	}
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
