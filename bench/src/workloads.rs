//! The six workloads and the state each needs. Setup goes through the chain as ordinary
//! signed transactions (batched), so the state measured against is what users would build.

use crate::load::{self, Counted, Observed, Unsigned};
use compute_ledger_e2e::{
	chain::{self, runtime_call, Api},
	scenario::{bytes, jurisdiction, meter_report, runtime_api, variant},
};
use std::collections::HashMap;
use subxt::{
	dynamic::{At, Value},
	rpcs::RpcClient,
};
use subxt_signer::sr25519::{dev, Keypair};

/// One EURD in its smallest unit (6 decimals).
pub const EURD: u128 = 1_000_000;
/// Meter operators bound to each metering asset (the runtime's `MaxOperators`), all needed.
pub const OPERATORS: usize = 16;
/// Metering assets the report workload spreads over.
pub const METERED_ASSETS: u128 = 32;
/// Usage records each meter report commits (by their Merkle root): one per served request
/// of an epoch. The chain's cost of a report does not depend on it.
pub const RECORDS_PER_REPORT: u128 = 10_000;
/// Micro-payments (signed vouchers, one per served request) each channel claim settles.
pub const VOUCHERS_PER_CLAIM: u64 = 10_000;
/// An order book side holds at most this many orders (the runtime's `MaxOrdersPerSide`).
const BOOK_SIDE: usize = 512;
/// Price of a claim in the trade and instruction workloads: 0.01 EURD.
const PRICE: u128 = EURD / 100;

/// Every account the benchmark signs with, and those it only pays.
pub struct Cast {
	pub senders: Vec<Keypair>,
	pub providers: Vec<Keypair>,
	pub operators: Vec<Keypair>,
	pub owners: Vec<Keypair>,
	pub receivers: Vec<[u8; 32]>,
	pub background: Vec<[u8; 32]>,
}

/// Blake2-256 of `bytes`, the chain's own hash.
fn hash(bytes: &[u8]) -> [u8; 32] {
	use sp_core::Hasher;
	sp_core::Blake2Hasher::hash(bytes).0
}

fn derived(kind: &str, n: usize) -> Vec<Keypair> {
	(0..n).map(|i| chain::keypair(&format!("//bench//{kind}//{i}"))).collect()
}

/// An account nobody signs for (receivers, the background population).
fn account_id(kind: &str, i: usize) -> [u8; 32] {
	hash(format!("bench/{kind}/{i}").as_bytes())
}

impl Cast {
	pub fn new(senders: usize, receivers: usize, background: usize, assets: usize) -> Self {
		Self {
			senders: derived("sender", senders),
			providers: derived("provider", 100),
			operators: derived("operator", OPERATORS),
			owners: derived("owner", assets.div_ceil(200)),
			receivers: (0..receivers).map(|i| account_id("receiver", i)).collect(),
			background: (0..background).map(|i| account_id("background", i)).collect(),
		}
	}

	pub fn genesis_accounts(&self) -> Vec<crate::spec::GenesisAccount> {
		use crate::spec::{GenesisAccount, FUNDING};
		let signing = |keys: &[Keypair], roles: &'static [&'static str]| {
			keys.iter()
				.map(|k| GenesisAccount {
					id: k.public_key().0,
					roles,
					jurisdiction: "DE",
					native: FUNDING,
				})
				.collect::<Vec<_>>()
		};
		let mut all = signing(&self.senders, &["Trader"]);
		all.extend(signing(&self.providers, &["Trader"]));
		all.extend(signing(&self.operators, &["MeterOperator"]));
		all.extend(signing(&self.owners, &["AssetOwner"]));
		all.extend(self.receivers.iter().map(|id| GenesisAccount {
			id: *id,
			roles: &["Trader"],
			jurisdiction: "DE",
			native: 0,
		}));
		const PLACES: [&str; 5] = ["DE", "FR", "SG", "CH", "GB"];
		all.extend(self.background.iter().enumerate().map(|(i, id)| GenesisAccount {
			id: *id,
			roles: &["Trader"],
			jurisdiction: PLACES[i % PLACES.len()],
			native: 1_000_000_000_000,
		}));
		all
	}
}

/// The node under load and the clients that feed it.
pub struct Bench {
	pub api: Api,
	pub rpc: RpcClient,
	pub conns: Vec<RpcClient>,
	pub cast: Cast,
	pub genesis: [u8; 32],
	pub limits: crate::limits::Limits,
}

/// What one workload measured.
pub struct Measured {
	pub name: &'static str,
	pub observed: Observed,
	pub submitted: usize,
	/// Weight-implied maximum per block of this transaction.
	pub max_per_block: u64,
	pub weight_ps: u64,
	pub length: usize,
	/// Domain units per transaction (records per report, vouchers per claim), if any.
	pub units_per_tx: Option<(u128, &'static str)>,
}

fn addr(id: [u8; 32]) -> Value {
	Value::from_bytes(id)
}

/// The fields of `Settlement.place_order`: a limit order of `class` that never expires and
/// matches at most `fills` resting orders.
fn order(
	class: u128,
	side: &str,
	price: u128,
	amount: u128,
	fills: u32,
) -> Vec<(&'static str, Value)> {
	vec![
		("class", Value::u128(class)),
		("side", variant(side)),
		("price", Value::u128(price)),
		("amount", Value::u128(amount)),
		("expires_at", Value::unnamed_variant("None", [])),
		("max_fills", Value::u128(fills as u128)),
	]
}

/// A call's arguments, in order, from its named fields.
fn args(fields: Vec<(&'static str, Value)>) -> Vec<Value> {
	fields.into_iter().map(|(_, v)| v).collect()
}

/// The signing key of sender `i`, who is also the agent of a channel.
pub fn agent_pair(i: usize) -> sp_core::sr25519::Pair {
	use sp_core::Pair;
	sp_core::sr25519::Pair::from_string(&format!("//bench//sender//{i}"), None).unwrap()
}

impl Bench {
	/// Signs `calls` (signer index into `keys`, pallet, call, args) with consecutive nonces per
	/// signer, in the order given.
	async fn sign(
		&self,
		keys: &[Keypair],
		calls: Vec<(usize, &'static str, &'static str, Vec<Value>)>,
	) -> Vec<Vec<u8>> {
		let mut next = load::nonces(&self.rpc, keys).await;
		let unsigned = calls
			.into_iter()
			.map(|(signer, pallet, call, args)| {
				let nonce = next[signer];
				next[signer] += 1;
				Unsigned { signer, nonce, pallet, call, args }
			})
			.collect();
		load::sign_all(&self.api, keys, unsigned).await
	}

	/// Setup: each signer's calls in `Utility.batch_all`s of `chunk`, all submitted at once;
	/// panics unless every batch succeeded.
	async fn setup(&self, label: &str, keys: &[Keypair], calls: Vec<(usize, Value)>, chunk: usize) {
		let mut per_signer: HashMap<usize, Vec<Value>> = HashMap::new();
		for (who, call) in calls {
			per_signer.entry(who).or_default().push(call);
		}
		let mut signers: Vec<_> = per_signer.into_iter().collect();
		signers.sort_by_key(|(who, _)| *who);
		// A batch must fit comfortably in one block: halve it until it takes at most a third
		// of the normal budget.
		let mut chunk = chunk.max(1);
		let budget = self.limits.budget_ps;
		if let Some((who, calls)) = signers.first() {
			while chunk > 1 {
				let list = Value::unnamed_composite(calls[..chunk.min(calls.len())].to_vec());
				let probe = self.sign(keys, vec![(*who, "Utility", "batch_all", vec![list])]).await;
				if load::weight_ps(&self.rpc, &probe[0]).await <= budget / 3 {
					break;
				}
				chunk /= 2;
			}
		}
		let mut batches = Vec::new();
		for (who, calls) in signers {
			for chunk in calls.chunks(chunk) {
				let list = Value::unnamed_composite(chunk.to_vec());
				batches.push((who, "Utility", "batch_all", vec![list]));
			}
		}
		let count = batches.len();
		let txs = self.sign(keys, batches).await;
		let what = Counted { pallet: "Utility", call: "batch_all", event: None };
		let seen = load::run(&self.api, &self.rpc, &self.conns, txs, &what).await;
		let ok: usize = seen.blocks.iter().map(|b| b.1).sum();
		let failed: usize = seen.blocks.iter().map(|b| b.2).sum();
		assert!(
			ok == count && failed == 0,
			"setup {label}: {ok} of {count} batches succeeded, {failed} failed, {} refused ({:?})",
			seen.submit_errors,
			seen.first_error
		);
		// Queries read the finalized state: wait until the setup is part of it.
		let last = seen.blocks.iter().filter(|b| b.1 > 0).map(|b| b.0).max().unwrap_or(0);
		while compute_ledger_e2e::network::heights(&self.rpc).await.1 < last {
			tokio::time::sleep(std::time::Duration::from_millis(250)).await;
		}
		eprintln!("  setup {label}: {count} batches");
	}

	/// The id the next instruction, channel, … will get (a `Next…Id` storage value).
	async fn next_id(&self, pallet: &str, item: &str) -> u128 {
		let at = self.api.at_current_block().await.unwrap();
		let addr = subxt::dynamic::storage::<(), Value>(pallet, item);
		at.storage()
			.fetch(addr, ())
			.await
			.ok()
			.and_then(|v| v.decode().ok())
			.and_then(|v| v.as_u128())
			.unwrap_or(0)
	}

	async fn current_epoch(&self) -> u128 {
		runtime_api(&self.api, "MeteringApi", "current_epoch", vec![]).await.as_u128().unwrap()
	}

	/// Assets, operators, claim classes, stable value and the background state of this scale:
	/// `assets` registered compute assets and `orders` resting bids.
	pub async fn common_setup(&self, assets: usize, orders: usize, classes: u128) {
		let (alice, bob, charlie, eve, ferdie) =
			(dev::alice(), dev::bob(), dev::charlie(), dev::eve(), dev::ferdie());
		let trust = runtime_call(
			"Compliance",
			"add_trusted_auditor",
			vec![("class", variant("ComputeCapacity")), ("auditor", chain::account(&ferdie))],
		);
		chain::sudo(&self.api, trust, &alice).await.expect("trust Ferdie");

		// Bob's cluster (asset 0) backs the claims; assets 1..=METERED_ASSETS carry the reports.
		let compute = |gpus: u128| {
			runtime_call(
				"ComputeAssets",
				"register_compute",
				vec![
					("gpu_model", bytes("H100-SXM")),
					("gpu_count", Value::u128(gpus)),
					("gpu_hours_per_epoch", Value::u128(46_080)),
					("site", bytes("fra-1")),
					("jurisdiction", jurisdiction(b"DE")),
				],
			)
		};
		let keys = [bob.clone()];
		// Asset 0 backs 400 billion output tokens an epoch: at the ten-million-per-GPU-hour
		// ceiling that is 40 000 GPU-hours, i.e. 2.4 million GPUs on a one-minute epoch. The
		// metering assets report one GPU-hour (64 GPUs, one minute).
		let own: Vec<_> = (0..=METERED_ASSETS)
			.map(|i| (0, compute(if i == 0 { 2_764_800 } else { 64 })))
			.collect();
		self.setup("Bob registers his clusters", &keys, own, 100).await;
		let attest = |asset: u128, attribute: &str| {
			runtime_call(
				"ComputeAssets",
				"attest",
				vec![
					("asset", Value::u128(asset)),
					("attribute", variant(attribute)),
					("value", Value::from_bytes([7u8; 32])),
					("expires_at", Value::u128(100_000_000)),
				],
			)
		};
		let attestations = (0..=METERED_ASSETS)
			.flat_map(|a| [(0, attest(a, "Capacity")), (0, attest(a, "Location"))])
			.collect();
		self.setup("Ferdie attests them", std::slice::from_ref(&ferdie), attestations, 100).await;
		let mut activate: Vec<_> = (0..=METERED_ASSETS)
			.map(|a| {
				(0, runtime_call("ComputeAssets", "activate", vec![("asset", Value::u128(a))]))
			})
			.collect();
		let bind = |asset: u128, ops: Vec<Value>, quorum: u128| {
			runtime_call(
				"Metering",
				"bind_operators",
				vec![
					("asset", Value::u128(asset)),
					("operators", Value::unnamed_composite(ops)),
					("quorum", Value::u128(quorum)),
				],
			)
		};
		activate.push((0, bind(0, vec![chain::account(&charlie)], 1)));
		let all_ops: Vec<Value> = self.cast.operators.iter().map(chain::account).collect();
		activate
			.extend((1..=METERED_ASSETS).map(|a| (0, bind(a, all_ops.clone(), OPERATORS as u128))));
		self.setup("Bob activates them and binds meter operators", &keys, activate, 100).await;

		// Background assets of this scale, 200 per owner (an owner holds at most 256).
		let background: Vec<_> = (0..assets).map(|i| (i / 200, compute(8))).collect();
		self.setup("background assets", &self.cast.owners, background, 100).await;

		// Charlie meters `classes` epochs of asset 0; once Final, Bob mints a claim class each.
		let first = self.current_epoch().await;
		while self.current_epoch().await < first + classes + 1 {
			tokio::time::sleep(std::time::Duration::from_secs(1)).await;
		}
		let reports = (first..first + classes)
			.map(|e| {
				let root = hash(format!("claims/{e}").as_bytes());
				let report = meter_report(400_000_000_000, 0, 46_000, RECORDS_PER_REPORT, root);
				(
					0,
					runtime_call(
						"Metering",
						"submit_report",
						vec![
							("asset", Value::u128(0)),
							("epoch", Value::u128(e)),
							("report", report),
						],
					),
				)
			})
			.collect();
		self.setup("Charlie meters asset 0", std::slice::from_ref(&charlie), reports, 100).await;
		let final_at = self.current_epoch().await + 12;
		while self.current_epoch().await < final_at {
			tokio::time::sleep(std::time::Duration::from_secs(1)).await;
		}
		let mints = (first..first + classes)
			.map(|e| {
				let args = vec![
					("asset", Value::u128(0)),
					("epoch", Value::u128(e)),
					("amount", Value::u128(1_000_000)),
				];
				(0, runtime_call("Claims", "mint", args))
			})
			.collect();
		self.setup("Bob mints claim classes", &keys, mints, 100).await;

		// Eve issues EURD and pays every sender and provider 5_000.
		let payees: Vec<[u8; 32]> = self
			.cast
			.senders
			.iter()
			.chain(&self.cast.providers)
			.map(|k| k.public_key().0)
			.collect();
		let total = payees.len() as u128 * 5_000 * EURD;
		let mint = vec![(
			0,
			runtime_call(
				"StableValue",
				"mint",
				vec![
					("amount", Value::u128(total)),
					("reserve_proof", Value::from_bytes([3u8; 32])),
				],
			),
		)];
		self.setup("Eve issues EURD", std::slice::from_ref(&eve), mint, 1).await;
		let pay = payees
			.iter()
			.map(|id| {
				(
					0,
					runtime_call(
						"StableValue",
						"transfer",
						vec![("to", addr(*id)), ("amount", Value::u128(5_000 * EURD))],
					),
				)
			})
			.collect();
		self.setup("Eve pays the senders", std::slice::from_ref(&eve), pay, 250).await;

		// Resting bids of this scale, far below the asks: spread over the classes.
		let bids = (0..orders)
			.map(|i| {
				let bid = order((i as u128) % classes, "Buy", 1, 1, 0);
				(i % self.cast.senders.len(), runtime_call("Settlement", "place_order", bid))
			})
			.collect();
		self.setup("resting bids", &self.cast.senders, bids, 50).await;
	}

	/// Measures `calls` (signed by `keys`, each weighing `weight_ps` as `sample_weight` found)
	/// as one workload.
	async fn measure(
		&self,
		name: &'static str,
		keys: &[Keypair],
		calls: Vec<(usize, &'static str, &'static str, Vec<Value>)>,
		weight_ps: u64,
		what: Counted,
		units_per_tx: Option<(u128, &'static str)>,
	) -> Measured {
		let submitted = calls.len();
		let txs = self.sign(keys, calls).await;
		let length = txs[0].len();
		let max_per_block = self.limits.max_per_block(weight_ps);
		let weight_ps = self.limits.charged_ps(weight_ps);
		eprintln!(
			"  {name}: {submitted} signed; each charged {} µs with the base extrinsic weight",
			weight_ps / 1_000_000
		);
		let observed = load::run(&self.api, &self.rpc, &self.conns, txs, &what).await;
		Measured { name, observed, submitted, max_per_block, weight_ps, length, units_per_tx }
	}

	/// How many transactions of weight `weight_ps` fill `blocks` blocks, within `cap`.
	fn load_size(&self, weight_ps: u64, blocks: u64, cap: usize) -> usize {
		((self.limits.max_per_block(weight_ps) * blocks) as usize).min(cap)
	}

	async fn sample_weight(
		&self,
		keys: &[Keypair],
		pallet: &'static str,
		call: &'static str,
		args: Vec<Value>,
	) -> u64 {
		let tx = self.sign(keys, vec![(0, pallet, call, args)]).await;
		load::weight_ps(&self.rpc, &tx[0]).await
	}

	/// Workload 1: `Balances.transfer_keep_alive` to accounts that never held anything.
	pub async fn transfers(&self, blocks: u64, cap: usize) -> Measured {
		let s = &self.cast.senders;
		let args = |to: [u8; 32]| {
			vec![Value::unnamed_variant("Id", [addr(to)]), Value::u128(1_000_000_000_000)]
		};
		let w = self
			.sample_weight(s, "Balances", "transfer_keep_alive", args(self.cast.receivers[0]))
			.await;
		let n = self.load_size(w, blocks, cap);
		let calls = (0..n)
			.map(|i| (i % s.len(), "Balances", "transfer_keep_alive", args(self.cast.receivers[i])))
			.collect();
		let what = Counted { pallet: "Balances", call: "transfer_keep_alive", event: None };
		self.measure("balance transfers (baseline)", s, calls, w, what, None).await
	}

	/// Workload 2: `StableValue.transfer` (compliance checked) to accounts that never held any.
	pub async fn stable_transfers(&self, blocks: u64, cap: usize) -> Measured {
		let s = &self.cast.senders;
		let offset = self.cast.receivers.len() / 2;
		let args = |to: [u8; 32]| vec![addr(to), Value::u128(EURD)];
		let w = self
			.sample_weight(s, "StableValue", "transfer", args(self.cast.receivers[offset]))
			.await;
		let n = self.load_size(w, blocks, cap);
		let calls = (0..n)
			.map(|i| {
				(i % s.len(), "StableValue", "transfer", args(self.cast.receivers[offset + i]))
			})
			.collect();
		let what = Counted { pallet: "StableValue", call: "transfer", event: None };
		self.measure("stable-value transfers", s, calls, w, what, None).await
	}

	/// Workload 3: Bids that each match one resting ask: a trade, delivery versus payment.
	pub async fn trades(&self, blocks: u64, cap: usize, classes: u128) -> Measured {
		let s = &self.cast.senders;
		let bid = |class: u128| args(order(class, "Buy", PRICE, 1, 1));
		let w = self.sample_weight(s, "Settlement", "place_order", bid(0)).await;
		let n = self.load_size(w, blocks, cap).min(BOOK_SIDE * classes as usize);
		// Bob's asks, one claim each, at most a book side per class.
		let asks = (0..n)
			.map(|i| {
				let class = (i / BOOK_SIDE) as u128;
				(0, runtime_call("Settlement", "place_order", order(class, "Sell", PRICE, 1, 0)))
			})
			.collect();
		self.setup("Bob's asks", &[dev::bob()], asks, 500).await;
		let calls = (0..n)
			.map(|i| (i % s.len(), "Settlement", "place_order", bid((i / BOOK_SIDE) as u128)))
			.collect();
		let what = Counted {
			pallet: "Settlement",
			call: "place_order",
			event: Some(("Settlement", "Trade")),
		};
		self.measure("order-book trades (DvP)", s, calls, w, what, None).await
	}

	/// Workload 4: Two-leg instructions (claims against EURD): Bob creates and affirms them
	/// beforehand; the measured transaction is the buyer's affirmation, which settles.
	pub async fn instructions(&self, blocks: u64, cap: usize, classes: u128) -> Measured {
		let s = &self.cast.senders;
		let bob = dev::bob();
		let affirm = |id: u128| vec![Value::u128(id), Value::u128(2)];
		let w = self.sample_weight(s, "Settlement", "affirm_instruction", affirm(0)).await;
		let n = self.load_size(w, blocks, cap);
		let first = self.next_id("Settlement", "NextInstructionId").await;
		let expires = self.api.at_current_block().await.unwrap().block_number() as u128 + 100_000;
		let leg = |from: [u8; 32], to: [u8; 32], asset: Value, amount: u128| {
			Value::named_composite([
				("from", addr(from)),
				("to", addr(to)),
				("asset", asset),
				("amount", Value::u128(amount)),
			])
		};
		let creates = (0..n)
			.map(|i| {
				let buyer = s[i % s.len()].public_key().0;
				let class = (i as u128) % classes;
				let legs = Value::unnamed_composite([
					leg(
						bob.public_key().0,
						buyer,
						Value::unnamed_variant("Claim", [Value::u128(class)]),
						1,
					),
					leg(buyer, bob.public_key().0, variant("StableValue"), PRICE),
				]);
				let args = vec![
					("legs", legs),
					("settlement", variant("OnAffirmation")),
					("expires_at", Value::u128(expires)),
				];
				(0, runtime_call("Settlement", "create_instruction", args))
			})
			.collect();
		let keys = [bob.clone()];
		self.setup("Bob creates the instructions", &keys, creates, 500).await;
		let bob_affirms = (0..n as u128)
			.map(|i| {
				let args = vec![("id", Value::u128(first + i)), ("legs", Value::u128(2))];
				(0, runtime_call("Settlement", "affirm_instruction", args))
			})
			.collect();
		self.setup("Bob affirms them", &keys, bob_affirms, 500).await;
		let calls = (0..n)
			.map(|i| (i % s.len(), "Settlement", "affirm_instruction", affirm(first + i as u128)))
			.collect();
		let what = Counted {
			pallet: "Settlement",
			call: "affirm_instruction",
			event: Some(("Settlement", "InstructionSettled")),
		};
		self.measure("instruction settlements (2 legs)", s, calls, w, what, None).await
	}

	/// Workload 5: Meter reports of past epochs by the sixteen operators of each metering asset.
	pub async fn meter_reports(&self, blocks: u64, cap: usize) -> Measured {
		let ops = &self.cast.operators;
		let report = |asset: u128, epoch: u128| {
			let root = hash(format!("records/{asset}/{epoch}").as_bytes());
			vec![
				Value::u128(asset),
				Value::u128(epoch),
				meter_report(5_000_000, 0, 1, RECORDS_PER_REPORT, root),
			]
		};
		let now = self.current_epoch().await;
		let w = self.sample_weight(ops, "Metering", "submit_report", report(1, now - 1)).await;
		let per_epoch = METERED_ASSETS as usize * OPERATORS;
		let n = self.load_size(w, blocks, cap).min(per_epoch * (now as usize - 1));
		let epochs = n.div_ceil(per_epoch) as u128;
		// Oldest first: every (asset, epoch) gets all sixteen reports and agrees.
		let mut calls = Vec::with_capacity(n);
		'all: for epoch in now - epochs..now {
			for asset in 1..=METERED_ASSETS {
				for op in 0..OPERATORS {
					if calls.len() == n {
						break 'all;
					}
					calls.push((op, "Metering", "submit_report", report(asset, epoch)));
				}
			}
		}
		let what = Counted {
			pallet: "Metering",
			call: "submit_report",
			event: Some(("Metering", "ReportSubmitted")),
		};
		self.measure(
			"meter reports",
			ops,
			calls,
			w,
			what,
			Some((RECORDS_PER_REPORT, "usage records")),
		)
		.await
	}

	/// Workload 6: Channel claims: each sender (an agent) pays one provider per served request with
	/// vouchers; the provider claims with the latest, which settles every voucher before it.
	pub async fn channel_claims(&self, blocks: u64, cap: usize) -> Measured {
		let (s, p) = (&self.cast.senders, &self.cast.providers);
		let first = self.next_id("Channels", "NextChannelId").await;
		// Opened one at a time per agent; which id each got is read back from the chain.
		let opens = (0..s.len())
			.map(|i| {
				let args = vec![
					("provider", addr(p[i % p.len()].public_key().0)),
					("deposit", Value::u128(1_000 * EURD)),
				];
				(i, runtime_call("Channels", "open_channel", args))
			})
			.collect();
		self.setup("agents open channels", s, opens, 1).await;
		let mut channels = Vec::new(); // (id, agent index, provider index)
		let agent_of: HashMap<[u8; 32], usize> =
			s.iter().enumerate().map(|(i, k)| (k.public_key().0, i)).collect();
		for id in first..first + s.len() as u128 {
			let view =
				runtime_api(&self.api, "ChannelsApi", "channel", vec![Value::u128(id)]).await;
			let agent = compute_ledger_e2e::scenario::bytes_of(
				view.at(0).and_then(|c| c.at("agent")).expect("channel view"),
			);
			let agent: [u8; 32] = agent.try_into().unwrap();
			let a = agent_of[&agent];
			channels.push((id, a, a % p.len()));
		}
		let agent_pairs: Vec<_> = (0..s.len()).map(agent_pair).collect();
		let claim = |(id, agent, _): (u128, usize, usize), round: u64| {
			let nonce = round * VOUCHERS_PER_CLAIM;
			let voucher = compute_ledger_vouchers::Voucher {
				channel: id as u64,
				cumulative: nonce as u128, // one micro-EURD per token
				nonce,
			};
			let sig = voucher.sign(&agent_pairs[agent], self.genesis);
			vec![
				Value::u128(id),
				Value::u128(voucher.cumulative),
				Value::u128(nonce as u128),
				Value::unnamed_variant("Sr25519", [Value::from_bytes(sig)]),
			]
		};
		let w = self.sample_weight(p, "Channels", "claim", claim(channels[0], 1)).await;
		let n = self.load_size(w, blocks, cap);
		let rounds = n.div_ceil(channels.len()) as u64;
		let mut calls = Vec::with_capacity(n);
		'all: for round in 1..=rounds {
			for c in &channels {
				if calls.len() == n {
					break 'all;
				}
				calls.push((c.2, "Channels", "claim", claim(*c, round)));
			}
		}
		let what =
			Counted { pallet: "Channels", call: "claim", event: Some(("Channels", "Claimed")) };
		let units = Some((VOUCHERS_PER_CLAIM as u128, "vouchers"));
		self.measure("channel claims", p, calls, w, what, units).await
	}
}
