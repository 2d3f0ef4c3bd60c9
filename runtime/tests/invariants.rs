//! Invariants of the whole runtime under random sequences of calls by random signers: the
//! real `Runtime` (every pallet, its real configuration and genesis), natively. Each sequence
//! starts from the same staged chain (assets metered, claims minted, stable value issued, an
//! agent under a mandate) and dispatches a random mix of native and stable-value transfers,
//! issuance, claim mints, transfers and redemptions, orders and cancellations, mandate
//! payments, and payment-channel vouchers (fresh, replayed and out of order) and top-ups, in
//! blocks. After every block:
//!
//! * native value is conserved: total issuance = Σ accounts, and it never changes (no call
//!   here mints or burns it; fees are not charged on this path);
//! * stable value changes only by mint and burn: total issuance = Σ accounts = Σ what the
//!   issuers have outstanding;
//! * claims outstanding ≤ what the metered output backs, and outstanding = minted − redeemed
//!   = the ledger's supply;
//! * what settlement escrows (stable value on hold, claims locked, order deposits) is exactly
//!   what its open orders account for;
//! * no mandate has spent beyond its total cap;
//! * no voucher is paid twice: every accepted voucher has a nonce above all the channel's
//!   earlier ones, the channel has paid out exactly its last accepted voucher's cumulative
//!   amount, never more than its deposit, and the agents' holds equal what the channels owe;
//! * every pallet's own try-state holds (the checks `try-runtime` runs after each block).
//!
//! `INVARIANT_CASES` sets the number of sequences (10 000 by default, with a fixed seed).

use compute_ledger_runtime::{
	genesis_config_presets::development_config_genesis, AccountId, Balance, Runtime, RuntimeCall,
	RuntimeGenesisConfig, RuntimeOrigin, System, UNIT,
};
use frame_support::traits::{
	fungible::{Inspect, InspectHold},
	Hooks,
};
use proptest::{
	prelude::*,
	test_runner::{Config, RngAlgorithm, TestRng, TestRunner},
};
use sp_core::{Pair as _, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Dispatchable, BuildStorage, MultiAddress};

type Snapshot = (Vec<(Vec<u8>, (Vec<u8>, i32))>, H256);

/// Calls of each kind that succeeded, over every sequence: the test also shows that the
/// sequences did something.
static SUCCEEDED: [std::sync::atomic::AtomicU64; KINDS] =
	[const { std::sync::atomic::AtomicU64::new(0) }; KINDS];

/// The kinds of call in the random mix.
const KINDS: usize = 12;

/// The staged payment channels to Bob: (id, the agent who signs its vouchers).
const CHANNELS: [(u64, Sr25519Keyring); 2] = [(0, Sr25519Keyring::Dave), (1, Sr25519Keyring::Two)];

const EURD: Balance = 1_000_000;

fn who(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

/// The signers: the dev cast, an agent, and an account that was never admitted.
fn signers() -> Vec<AccountId> {
	use Sr25519Keyring::*;
	let mut v: Vec<AccountId> = [Alice, Bob, Charlie, Dave, Eve, Ferdie].map(who).to_vec();
	v.push(agent());
	v.push(who(One));
	v
}

fn agent() -> AccountId {
	Sr25519Keyring::Two.to_account_id()
}

fn ok(call: RuntimeCall, signer: &AccountId) {
	let r = call.clone().dispatch(RuntimeOrigin::signed(signer.clone()));
	assert!(r.is_ok(), "setup call {call:?} failed: {r:?}");
}

fn root(call: RuntimeCall) {
	let r = call.clone().dispatch(RuntimeOrigin::root());
	assert!(r.is_ok(), "setup call {call:?} failed: {r:?}");
}

fn merge(into: &mut serde_json::Value, patch: serde_json::Value) {
	match (into, patch) {
		(serde_json::Value::Object(a), serde_json::Value::Object(b)) => {
			for (k, v) in b {
				merge(a.entry(k).or_insert(serde_json::Value::Null), v);
			}
		}
		(a, b) => *a = b,
	}
}

/// A new block: the number moves on and the hooks that act on their own run (scheduled
/// settlement). Consensus and timestamp hooks need a real block and are left out.
fn next_block() {
	let n = System::block_number() + 1;
	System::set_block_number(n);
	<compute_ledger_runtime::Settlement as Hooks<u32>>::on_initialize(n);
}

/// The development chain, then: Bob's cluster metered for epoch 0 (9 000 claims' worth,
/// 5 000 minted), EURD issued to the traders, an agent with a mandate, and class 0 open.
fn staged() -> Snapshot {
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut config, development_config_genesis());
	let config: RuntimeGenesisConfig = serde_json::from_value(config).unwrap();
	let storage = config.build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		use compute_ledger_primitives::{
			AssetClass, Attribute, EnergySource, Jurisdiction, MeterReport,
		};
		use Sr25519Keyring::*;
		System::set_block_number(1);
		let name = |s: &str| s.as_bytes().to_vec().try_into().unwrap();
		for class in [AssetClass::ComputeCapacity, AssetClass::PowerCapacity] {
			root(
				pallet_compliance::Call::add_trusted_auditor { class, auditor: who(Ferdie) }.into(),
			);
		}
		ok(
			pallet_compute_assets::Call::register_compute {
				gpu_model: name("H100"),
				gpu_count: 64,
				gpu_hours_per_epoch: 46_080,
				site: name("fra-1"),
				jurisdiction: Jurisdiction(*b"DE"),
			}
			.into(),
			&who(Bob),
		);
		ok(
			pallet_compute_assets::Call::register_power {
				capacity_kw: 500,
				expected_kwh_per_epoch: 400,
				source: EnergySource::Solar,
				grid_region: name("DE-LU"),
				site: name("b-3"),
				jurisdiction: Jurisdiction(*b"DE"),
			}
			.into(),
			&who(Bob),
		);
		for (asset, attributes) in [
			(0, vec![Attribute::Capacity, Attribute::Location]),
			(1, vec![Attribute::Capacity, Attribute::Location, Attribute::EnergySource]),
		] {
			for attribute in attributes {
				let attest = pallet_compute_assets::Call::attest {
					asset,
					attribute,
					value: H256::repeat_byte(7),
					expires_at: 1_000_000,
				};
				ok(attest.into(), &who(Ferdie));
			}
			ok(pallet_compute_assets::Call::activate { asset }.into(), &who(Bob));
		}
		ok(
			pallet_compute_assets::Call::allocate_power { power: 1, compute: 0, kw: 300 }.into(),
			&who(Bob),
		);
		let operators = vec![who(Charlie)].try_into().unwrap();
		ok(
			pallet_metering::Call::bind_operators { asset: 0, operators, quorum: 1 }.into(),
			&who(Bob),
		);
		while System::block_number() < 21 {
			next_block();
		}
		let report = MeterReport {
			tokens_in: 1,
			tokens_out: 9_000_000,
			energy_kwh: 4,
			gpu_hours: 1,
			records: 4,
			records_root: H256::repeat_byte(9),
		};
		ok(
			pallet_metering::Call::submit_report { asset: 0, epoch: 0, report }.into(),
			&who(Charlie),
		);
		while System::block_number() < 40 {
			next_block();
		}
		ok(pallet_claims::Call::mint { asset: 0, epoch: 0, amount: 5_000 }.into(), &who(Bob));
		// The agent: admitted by the registrar, under Dave's mandate.
		ok(
			pallet_participants::Call::admit {
				who: agent(),
				roles: [compute_ledger_primitives::Role::Agent].into(),
				jurisdiction: Jurisdiction(*b"DE"),
				kyc_expiry: 1_000_000,
			}
			.into(),
			&who(Alice),
		);
		ok(
			pallet_stable_value::Call::mint {
				amount: 1_000_000 * EURD,
				reserve_proof: H256::zero(),
			}
			.into(),
			&who(Eve),
		);
		for to in [who(Alice), who(Bob), who(Dave), agent()] {
			ok(
				pallet_stable_value::Call::transfer { to, amount: 100_000 * EURD }.into(),
				&who(Eve),
			);
		}
		let terms = pallet_mandates::MandateTerms::<Runtime> {
			per_payment: 50 * EURD,
			per_period: 200 * EURD,
			period: 10,
			total_cap: 500 * EURD,
			payees: Default::default(),
			classes: vec![0].try_into().unwrap(),
			expires_at: 1_000_000,
			approval_threshold: None,
			velocity: None,
			size: None,
		};
		ok(pallet_mandates::Call::grant_mandate { agent: agent(), terms }.into(), &who(Dave));
		ok(
			pallet_balances::Call::transfer_keep_alive {
				dest: MultiAddress::Id(agent()),
				value: 10 * UNIT,
			}
			.into(),
			&who(Dave),
		);
		// Pay-per-token channels to Bob: Dave's, and the agent's under its mandate.
		for ((_, payer), deposit) in CHANNELS.iter().zip([200 * EURD, 40 * EURD]) {
			ok(
				pallet_channels::Call::open_channel { provider: who(Bob), deposit }.into(),
				&who(*payer),
			);
		}
		next_block();
	});
	ext.commit_all().unwrap();
	ext.into_raw_snapshot()
}

/// One random call: (kind, signer index, receiver index, amount seed, side/id seed).
type Op = (u8, usize, usize, u64, u64);

/// A voucher: (channel, nonce, cumulative amount).
type Voucher = (u64, u64, Balance);

/// The voucher an op submits: few nonces and amounts per channel, so that the same voucher is
/// often submitted again, and older ones after newer.
fn voucher_of(op: &Op) -> Voucher {
	let (_, _, _, amount, extra) = *op;
	let nonce = 1 + (extra / 2) % 6;
	(extra % 2, nonce, nonce as Balance * 5 * EURD + (amount % 3) as Balance * EURD)
}

fn call_of(op: &Op, accounts: &[AccountId]) -> Option<RuntimeCall> {
	let (kind, _, to, amount, extra) = *op;
	let to = accounts[to % accounts.len()].clone();
	let amount = amount as Balance;
	Some(match kind as usize % KINDS {
		0 => pallet_balances::Call::transfer_keep_alive {
			dest: MultiAddress::Id(to),
			value: amount * UNIT / 1_000,
		}
		.into(),
		1 => pallet_stable_value::Call::transfer { to, amount: amount * EURD / 10 }.into(),
		2 => pallet_stable_value::Call::mint { amount: amount * EURD, reserve_proof: H256::zero() }
			.into(),
		3 => pallet_stable_value::Call::burn { amount: amount * EURD / 10 }.into(),
		4 => pallet_claims::Call::transfer { class: 0, to, amount: amount % 200 }.into(),
		5 => pallet_claims::Call::redeem { class: 0, amount: amount % 100 }.into(),
		6 => pallet_claims::Call::mint { asset: 0, epoch: 0, amount: amount % 800 }.into(),
		7 => pallet_settlement::Call::place_order {
			class: 0,
			side: if extra % 2 == 0 {
				pallet_settlement::Side::Buy
			} else {
				pallet_settlement::Side::Sell
			},
			price: EURD / 100 * (1 + (extra % 5) as Balance),
			amount: 1 + amount % 300,
			expires_at: None,
			max_fills: (extra % 5) as u32,
		}
		.into(),
		// One of the latest orders, so that owners often cancel their own.
		8 => pallet_settlement::Call::cancel_order {
			order: pallet_settlement::NextOrderId::<Runtime>::get().saturating_sub(1 + extra % 4),
		}
		.into(),
		9 => pallet_mandates::Call::pay { to, amount: amount * EURD / 20 }.into(),
		10 => {
			let (id, nonce, cumulative) = voucher_of(op);
			let message =
				pallet_channels::Pallet::<Runtime>::voucher_message(id, cumulative, nonce);
			let signature = signers_of_channels()[id as usize].sign(&message).into();
			pallet_channels::Call::claim { id, cumulative, nonce, signature }.into()
		}
		_ => pallet_channels::Call::top_up { id: extra % 2, amount: amount * EURD / 100 }.into(),
	})
}

/// The channels' agents' key pairs, derived once: deriving a dev key from its phrase runs
/// PBKDF2, far slower than signing.
fn signers_of_channels() -> &'static [sp_core::sr25519::Pair; 2] {
	static PAIRS: std::sync::OnceLock<[sp_core::sr25519::Pair; 2]> = std::sync::OnceLock::new();
	PAIRS.get_or_init(|| CHANNELS.map(|(_, k)| k.pair()))
}

/// What the channels have accepted, per channel: the last accepted voucher.
type Accepted = std::collections::BTreeMap<u64, Voucher>;

/// Records a voucher the chain accepted; a voucher accepted after one with the same or a
/// higher nonce on its channel is one paid twice (or out of order).
fn accept(accepted: &mut Accepted, voucher: Voucher) -> Result<(), String> {
	if let Some(last) = accepted.get(&voucher.0) {
		if voucher.1 <= last.1 {
			return Err(format!("voucher {voucher:?} accepted after {last:?}"));
		}
	}
	accepted.insert(voucher.0, voucher);
	Ok(())
}

fn check_invariants(native_issuance: Balance, accepted: &Accepted) -> Result<(), String> {
	use compute_ledger_runtime::{Balances, StableLedger};
	// Native value: conserved, and every unit is in some account.
	let native: Balance = frame_system::Account::<Runtime>::iter_values()
		.map(|a| a.data.free + a.data.reserved)
		.sum();
	let issuance = <Balances as Inspect<AccountId>>::total_issuance();
	if native != issuance || issuance != native_issuance {
		return Err(format!(
			"native: accounts {native}, issuance {issuance}, at genesis {native_issuance}"
		));
	}
	// Stable value: issuance = Σ accounts = Σ outstanding.
	let stable: Balance =
		pallet_balances::Account::<Runtime, pallet_balances::Instance2>::iter_values()
			.map(|a| a.free + a.reserved)
			.sum();
	let stable_issuance = <StableLedger as Inspect<AccountId>>::total_issuance();
	let outstanding: Balance = pallet_stable_value::Outstanding::<Runtime>::iter_values().sum();
	if stable != stable_issuance || stable_issuance != outstanding {
		return Err(format!(
			"stable: accounts {stable}, issuance {stable_issuance}, outstanding {outstanding}"
		));
	}
	// Claims: backed, and outstanding = minted − redeemed = supply.
	for (id, class) in pallet_claims::Classes::<Runtime>::iter() {
		let backed = (class.reported_tokens_out / 1_000) as Balance;
		let supply = pallet_assets::Asset::<Runtime>::get(id).map(|a| a.supply).unwrap_or(0);
		if class.minted > backed || class.minted - class.redeemed != supply {
			return Err(format!(
				"claims class {id}: minted {}, redeemed {}, backed {backed}, supply {supply}",
				class.minted, class.redeemed
			));
		}
	}
	// Settlement's escrow is exactly its open orders'.
	let (mut held, mut locked, mut deposits) = (0 as Balance, 0 as Balance, 0 as Balance);
	for order in pallet_settlement::Orders::<Runtime>::iter_values() {
		match order.side {
			pallet_settlement::Side::Buy => held += order.price * order.remaining,
			pallet_settlement::Side::Sell => locked += order.remaining,
		}
		deposits += order.deposit;
	}
	let order_reason: compute_ledger_runtime::RuntimeHoldReason =
		pallet_settlement::HoldReason::Order.into();
	let deposit_reason: compute_ledger_runtime::RuntimeHoldReason =
		pallet_settlement::HoldReason::OrderDeposit.into();
	let accounts = signers();
	let on_hold: Balance =
		accounts.iter().map(|a| StableLedger::balance_on_hold(&order_reason, a)).sum();
	let deposit_held: Balance =
		accounts.iter().map(|a| Balances::balance_on_hold(&deposit_reason, a)).sum();
	let claims_locked: Balance = pallet_claims::Locked::<Runtime>::iter_values().sum();
	if on_hold != held || deposit_held != deposits || claims_locked != locked {
		return Err(format!(
			"settlement escrow: held {on_hold} vs {held}, deposits {deposit_held} vs {deposits}, locked {claims_locked} vs {locked}"
		));
	}
	// Mandates: never beyond the total cap.
	for m in pallet_mandates::Mandates::<Runtime>::iter_values() {
		if m.spent_total > m.terms.total_cap {
			return Err(format!(
				"mandate spent {} beyond its cap {}",
				m.spent_total, m.terms.total_cap
			));
		}
	}
	// Channels: each has paid out exactly its last accepted voucher, within its deposit, and
	// the agents hold exactly what the channels still owe.
	let channel_reason: compute_ledger_runtime::RuntimeHoldReason =
		pallet_channels::HoldReason::ChannelDeposit.into();
	for (id, payer) in CHANNELS {
		let channel = pallet_channels::Channels::<Runtime>::get(id)
			.ok_or(format!("channel {id} disappeared"))?;
		let paid = accepted.get(&id).map(|v| v.2).unwrap_or(0);
		let nonce = accepted.get(&id).map(|v| v.1).unwrap_or(0);
		if channel.claimed != paid || channel.nonce != nonce || channel.claimed > channel.deposit {
			return Err(format!(
				"channel {id}: claimed {} (nonce {}) of {}, last accepted voucher {:?}",
				channel.claimed,
				channel.nonce,
				channel.deposit,
				accepted.get(&id)
			));
		}
		let owed = channel.deposit - channel.claimed;
		let held = StableLedger::balance_on_hold(&channel_reason, &who(payer));
		if held != owed {
			return Err(format!("channel {id}: the agent holds {held}, the channel owes {owed}"));
		}
	}
	// And every pallet's own try-state (what `try-runtime` runs after each block).
	use compute_ledger_runtime as rt;
	type TryState = fn() -> Result<(), sp_runtime::TryRuntimeError>;
	let checks: [(&str, TryState); 10] = [
		("Participants", rt::Participants::do_try_state),
		("ComputeAssets", rt::ComputeAssets::do_try_state),
		("Metering", rt::Metering::do_try_state),
		("Claims", rt::Claims::do_try_state),
		("StableValue", rt::StableValue::do_try_state),
		("Settlement", rt::Settlement::do_try_state),
		("Channels", rt::Channels::do_try_state),
		("Validators", rt::Validators::do_try_state),
		("Pricing", rt::Pricing::do_try_state),
		("Energy", rt::Energy::do_try_state),
	];
	for (pallet, check) in checks {
		check().map_err(|e| format!("{pallet} try-state: {e:?}"))?;
	}
	Ok(())
}

/// Externalities holding the staged chain's state.
fn restored(snapshot: &Snapshot) -> sp_io::TestExternalities {
	sp_io::TestExternalities::from_raw_snapshot(
		snapshot.0.clone(),
		snapshot.1,
		sp_runtime::StateVersion::V1,
	)
}

fn run(snapshot: &Snapshot, ops: &[Op]) -> Result<(), String> {
	let mut ext = restored(snapshot);
	ext.execute_with(|| {
		let accounts = signers();
		let native = <compute_ledger_runtime::Balances as Inspect<AccountId>>::total_issuance();
		let mut accepted = Accepted::new();
		for (i, op) in ops.iter().enumerate() {
			let signer = &accounts[op.1 % accounts.len()];
			if let Some(call) = call_of(op, &accounts) {
				// Failing calls are part of the test: they must leave nothing behind.
				let outcome = frame_support::storage::with_storage_layer(|| {
					call.dispatch(RuntimeOrigin::signed(signer.clone()))
						.map(|_| ())
						.map_err(|e| e.error)
				});
				if outcome.is_ok() {
					let kind = op.0 as usize % KINDS;
					SUCCEEDED[kind].fetch_add(1, std::sync::atomic::Ordering::Relaxed);
					if kind == 10 {
						accept(&mut accepted, voucher_of(op))?;
					}
				}
			}
			if i % 8 == 7 {
				next_block();
				check_invariants(native, &accepted)?;
			}
		}
		check_invariants(native, &accepted)
	})
}

/// Runs `cases` random call sequences from the fixed seed of one shard and checks the
/// invariants after every accepted call and every block.
fn random_sequences(shard: u8, cases: u32) {
	let snapshot = staged();
	let cases: u32 =
		std::env::var("INVARIANT_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
	let config = Config { cases, failure_persistence: None, ..Config::default() };
	// A fixed seed per shard, so that CI runs the same sequences every time.
	let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7 + shard; 32]);
	let mut runner = TestRunner::new_with_rng(config, rng);
	let op = (any::<u8>(), 0usize..8, 0usize..8, 1u64..1_000, any::<u64>());
	let result = runner.run(&prop::collection::vec(op, 1..40), |ops| {
		run(&snapshot, &ops).map_err(TestCaseError::fail)
	});
	if let Err(e) = result {
		panic!("{e}");
	}
	let succeeded: Vec<u64> =
		SUCCEEDED.iter().map(|c| c.load(std::sync::atomic::Ordering::Relaxed)).collect();
	println!("shard {shard}: {cases} sequences; calls that succeeded, by kind: {succeeded:?}");
	assert!(
		succeeded.iter().all(|n| *n > 0),
		"every kind of call succeeded sometimes: {succeeded:?}"
	);
}

// 10 000 sequences in four shards of their own seeds: a single test of all of them was the
// last to finish in CI, alone on one core while the other stood idle.
#[test]
fn invariants_hold_under_random_sequences_of_calls_1() {
	random_sequences(0, 2_500);
}

#[test]
fn invariants_hold_under_random_sequences_of_calls_2() {
	random_sequences(1, 2_500);
}

#[test]
fn invariants_hold_under_random_sequences_of_calls_3() {
	random_sequences(2, 2_500);
}

#[test]
fn invariants_hold_under_random_sequences_of_calls_4() {
	random_sequences(3, 2_500);
}

/// Forced recovery on the real runtime: the lost account's open orders close with their
/// escrow and deposits, then its claims, assets, native and stable value move to the new
/// account; value an affirmed instruction holds refuses the whole recovery, and nothing moves.
#[test]
fn recovery_moves_everything_or_nothing() {
	use compute_ledger_runtime::{Balances, StableLedger};
	use pallet_settlement::{Leg, LegAsset, SettlementType, Side};
	use Sr25519Keyring::*;
	let mut ext = restored(&staged());
	ext.execute_with(|| {
		let native = <Balances as Inspect<AccountId>>::total_issuance();
		let (bob, dave) = (who(Bob), who(Dave));
		let heir = AccountId::from([42u8; 32]);
		ok(
			pallet_participants::Call::admit {
				who: heir.clone(),
				roles: [
					compute_ledger_primitives::Role::AssetOwner,
					compute_ledger_primitives::Role::Trader,
				]
				.into(),
				jurisdiction: compute_ledger_primitives::Jurisdiction(*b"DE"),
				kyc_expiry: 1_000_000,
			}
			.into(),
			&who(Alice),
		);
		let order = |side, price, amount| pallet_settlement::Call::place_order {
			class: 0,
			side,
			price,
			amount,
			expires_at: None,
			max_fills: 4,
		};
		ok(order(Side::Sell, EURD / 10, 1_000).into(), &bob);
		ok(order(Side::Buy, EURD / 100, 500).into(), &bob);
		ok(order(Side::Buy, EURD / 50, 300).into(), &dave);
		let legs = vec![Leg {
			from: bob.clone(),
			to: dave.clone(),
			asset: LegAsset::StableValue,
			amount: 7 * EURD,
		}];
		ok(
			pallet_settlement::Call::create_instruction {
				legs: legs.try_into().unwrap(),
				settlement: SettlementType::Manual,
				expires_at: 1_000,
			}
			.into(),
			&bob,
		);
		ok(pallet_settlement::Call::affirm_instruction { id: 0, legs: 1 }.into(), &bob);

		let recover = || {
			RuntimeCall::from(pallet_participants::Call::recover_account {
				lost: bob.clone(),
				new: heir.clone(),
				reason: 9,
			})
			.dispatch(RuntimeOrigin::root())
		};
		let claims_of = |a: &AccountId| compute_ledger_runtime::ClaimLedger::balance(0, a);
		let (bob_claims, bob_stable, bob_native) = (
			claims_of(&bob),
			StableLedger::total_balance(&bob),
			<Balances as Inspect<AccountId>>::total_balance(&bob),
		);
		let err = recover().expect_err("the instruction's escrow refuses the recovery").error;
		assert_eq!(
			err,
			sp_runtime::DispatchError::from(pallet_stable_value::Error::<Runtime>::ValueStillHeld)
		);
		assert_eq!(pallet_settlement::OrdersOf::<Runtime>::iter_key_prefix(&bob).count(), 2);
		assert_eq!(claims_of(&bob), bob_claims);
		assert_eq!(StableLedger::total_balance(&bob), bob_stable);
		assert_eq!(pallet_compute_assets::Assets::<Runtime>::get(0).unwrap().owner, bob);

		ok(pallet_settlement::Call::cancel_instruction { id: 0, legs: 1 }.into(), &bob);
		assert!(recover().is_ok());
		assert_eq!(pallet_settlement::OrdersOf::<Runtime>::iter_key_prefix(&bob).count(), 0);
		assert_eq!(pallet_settlement::OrdersOf::<Runtime>::iter_key_prefix(&dave).count(), 1);
		assert_eq!((claims_of(&bob), claims_of(&heir)), (0, bob_claims));
		assert_eq!(pallet_claims::Locked::<Runtime>::get(0, &bob), 0);
		assert_eq!(StableLedger::total_balance(&bob), 0);
		assert_eq!(StableLedger::total_balance(&heir), bob_stable);
		assert_eq!(<Balances as Inspect<AccountId>>::total_balance(&bob), 0);
		assert_eq!(<Balances as Inspect<AccountId>>::total_balance(&heir), bob_native);
		for asset in [0, 1] {
			assert_eq!(pallet_compute_assets::Assets::<Runtime>::get(asset).unwrap().owner, heir);
		}
		assert_eq!(
			pallet_compute_assets::AssetsByOwner::<Runtime>::get(&heir).into_inner(),
			vec![0, 1]
		);
		assert!(pallet_compute_assets::AssetsByOwner::<Runtime>::get(&bob).is_empty());
		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			compute_ledger_runtime::RuntimeEvent::Settlement(
				pallet_settlement::Event::OrderClosed {
					reason: pallet_settlement::CloseReason::Recovered,
					..
				}
			)
		)));
		check_invariants(native, &Accepted::new()).unwrap();
	});
}

/// Claims storage version 1 (the holder index) on a chain made before it: the runtime's
/// `ClaimsV1` migration rebuilds the index from the ledger exactly, sets the version, and a
/// second upgrade changes nothing.
#[test]
fn the_claims_v1_migration_rebuilds_the_holder_index_once() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	use Sr25519Keyring::*;
	let mut ext = restored(&staged());
	ext.execute_with(|| {
		type Claims = compute_ledger_runtime::Claims;
		ok(pallet_claims::Call::transfer { class: 0, to: who(Dave), amount: 70 }.into(), &who(Bob));
		ok(
			pallet_claims::Call::transfer { class: 0, to: who(Alice), amount: 30 }.into(),
			&who(Bob),
		);
		let index = || {
			let mut held: Vec<_> = pallet_claims::HeldClasses::<Runtime>::iter_keys().collect();
			let mut counts: Vec<_> = pallet_claims::HeldClassCount::<Runtime>::iter().collect();
			held.sort();
			counts.sort();
			(held, counts)
		};
		let before = index();
		assert_eq!(before.1.len(), 3, "Bob, Dave and Alice hold class 0");
		assert_eq!(Claims::on_chain_storage_version(), 1, "genesis writes the current version");

		// The chain as it was before version 1: claims in the ledger, no index.
		let _ = pallet_claims::HeldClasses::<Runtime>::clear(u32::MAX, None);
		let _ = pallet_claims::HeldClassCount::<Runtime>::clear(u32::MAX, None);
		StorageVersion::new(0).put::<Claims>();
		assert!(index().1.is_empty());

		let weight = compute_ledger_runtime::migrations::Migrations::on_runtime_upgrade();
		assert!(weight.ref_time() > 0);
		assert_eq!(index(), before);
		assert_eq!(Claims::on_chain_storage_version(), 1);
		assert_eq!(compute_ledger_runtime::migrations::holdings(), before.1);

		// Once: a second upgrade finds version 1 and leaves the index alone.
		pallet_claims::HeldClassCount::<Runtime>::insert(who(Ferdie), 7);
		compute_ledger_runtime::migrations::Migrations::on_runtime_upgrade();
		assert_eq!(pallet_claims::HeldClassCount::<Runtime>::get(who(Ferdie)), 7);
	});
}

/// Compute-assets storage version 1 (`ActivatedAt`) on a chain made before it: the runtime's
/// `ComputeAssetsV1` migration gives every Active asset its registration block, sets the
/// version, and a second upgrade changes nothing.
#[test]
fn the_compute_assets_v1_migration_records_activation_once() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	type Assets = compute_ledger_runtime::ComputeAssets;
	let mut ext = restored(&staged());
	ext.execute_with(|| {
		let recorded = || {
			let mut all: Vec<_> = pallet_compute_assets::ActivatedAt::<Runtime>::iter().collect();
			all.sort();
			all
		};
		assert_eq!(recorded().len(), 2, "the cluster and the plant were activated");
		assert_eq!(Assets::on_chain_storage_version(), 1, "genesis writes the current version");

		// The chain as it was before version 1: Active assets, no activation record.
		let _ = pallet_compute_assets::ActivatedAt::<Runtime>::clear(u32::MAX, None);
		StorageVersion::new(0).put::<Assets>();

		compute_ledger_runtime::migrations::Migrations::on_runtime_upgrade();
		let registered: Vec<_> = pallet_compute_assets::Assets::<Runtime>::iter()
			.map(|(id, a)| (id, a.registered_at))
			.collect();
		let mut registered = registered;
		registered.sort();
		assert_eq!(recorded(), registered);
		assert_eq!(Assets::on_chain_storage_version(), 1);
		pallet_compute_assets::Pallet::<Runtime>::do_try_state().unwrap();

		// Once: a second upgrade finds version 1 and leaves the records alone.
		pallet_compute_assets::ActivatedAt::<Runtime>::insert(0, 7);
		compute_ledger_runtime::migrations::Migrations::on_runtime_upgrade();
		assert_eq!(pallet_compute_assets::ActivatedAt::<Runtime>::get(0), Some(7));
	});
}

/// Pricing storage version 1 (the tiers' ranges) on a chain that predates the pallet: the
/// runtime's `PricingV1` seeds the default ranges, sets the version, and a second upgrade
/// leaves ranges governance has changed alone.
#[test]
fn the_pricing_v1_migration_seeds_tier_ranges_once() {
	use compute_ledger_primitives::{PriceBounds, Tier};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	type Pricing = compute_ledger_runtime::Pricing;
	let mut ext = restored(&staged());
	ext.execute_with(|| {
		let ranges = || Pricing::tier_ranges();
		let defaults = compute_ledger_runtime::genesis_config_presets::tier_bounds();
		assert_eq!(ranges(), defaults, "genesis writes the default ranges");
		assert_eq!(Pricing::on_chain_storage_version(), 1);

		// The chain as it was before the pallet: nothing stored, version 0.
		let _ = pallet_pricing::TierBounds::<Runtime>::clear(u32::MAX, None);
		StorageVersion::new(0).put::<Pricing>();
		compute_ledger_runtime::migrations::Migrations::on_runtime_upgrade();
		assert_eq!(ranges(), defaults);
		assert_eq!(Pricing::on_chain_storage_version(), 1);

		// Once: a range governance set later survives the next upgrade.
		let narrower = PriceBounds { min_output_per_million: 5, max_output_per_million: 6 };
		pallet_pricing::TierBounds::<Runtime>::insert(Tier::Standard, narrower);
		pallet_pricing::TierBounds::<Runtime>::remove(Tier::Free);
		compute_ledger_runtime::migrations::Migrations::on_runtime_upgrade();
		assert_eq!(pallet_pricing::TierBounds::<Runtime>::get(Tier::Standard), Some(narrower));
		assert_eq!(pallet_pricing::TierBounds::<Runtime>::get(Tier::Free), None);
	});
}

/// Channels storage version 1 (a channel's pricing) on a chain made before it: the runtime's
/// `ChannelsV1` rewrites every open channel in the new layout, unpriced and otherwise as it
/// was, sets the version, and the holds still match (try-state).
#[test]
fn the_channels_v1_migration_keeps_every_open_channel_unpriced() {
	use codec::Encode;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	use pallet_channels::migrations::v1::ChannelV0;
	type Channels = compute_ledger_runtime::Channels;
	let mut ext = restored(&staged());
	ext.execute_with(|| {
		let before: Vec<_> = pallet_channels::Channels::<Runtime>::iter().collect();
		assert_eq!(before.len(), 2, "Dave's and the agent's channels");
		assert_eq!(Channels::on_chain_storage_version(), 1, "genesis writes the current version");

		// The chain as it was before version 1: channels without a pricing field.
		for (id, c) in &before {
			let old = ChannelV0 {
				agent: c.agent.clone(),
				provider: c.provider.clone(),
				deposit: c.deposit,
				claimed: c.claimed,
				nonce: c.nonce,
				status: c.status,
				opened_at: c.opened_at,
			};
			frame_support::storage::unhashed::put_raw(
				&pallet_channels::Channels::<Runtime>::hashed_key_for(id),
				&old.encode(),
			);
		}
		StorageVersion::new(0).put::<Channels>();

		compute_ledger_runtime::migrations::Migrations::on_runtime_upgrade();
		let mut after: Vec<_> = pallet_channels::Channels::<Runtime>::iter().collect();
		after.sort_by_key(|(id, _)| *id);
		let mut expected = before.clone();
		expected.sort_by_key(|(id, _)| *id);
		assert_eq!(after, expected);
		assert!(after.iter().all(|(_, c)| c.pricing.is_none()));
		assert_eq!(Channels::on_chain_storage_version(), 1);
		Channels::do_try_state().unwrap();
	});
}
