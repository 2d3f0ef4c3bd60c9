//! Test runtime: the real participants pallet, the shared in-memory asset registry, and one
//! currency, "EURD".

use crate as pallet_pricing;
use compute_ledger_primitives::{CurrencyRegistry, Jurisdiction, PriceBounds, Role, RoleSet, Tier};
use compute_ledger_test_support::{MockAsset, MockAssets};
use frame_support::{
	assert_ok, derive_impl, ord_parameter_types,
	traits::{ConstU32, VariantCountOf},
};
use frame_system::{EnsureRoot, EnsureSignedBy};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(2)]
	pub type Participants = pallet_participants;
	#[runtime::pallet_index(3)]
	pub type Pricing = pallet_pricing;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
}

/// Owns compute asset 0 (and serves models on it).
pub const PROVIDER: u64 = 1;
/// Owns compute asset 1.
pub const OTHER_PROVIDER: u64 = 2;
/// Admitted, owns no asset.
pub const TRADER: u64 = 3;
/// Never admitted.
pub const STRANGER: u64 = 7;
pub const GOVERNANCE: u64 = 90;
pub const REGULATOR: u64 = 99;

ord_parameter_types! {
	pub const Governance: u64 = GOVERNANCE;
	pub const Regulator: u64 = REGULATOR;
}

impl pallet_participants::Config for Test {
	type RegistrarOrigin = pallet_participants::EnsureRegistrar<Test, EnsureRoot<u64>>;
	type RegulatorOrigin = EnsureSignedBy<Regulator, u64>;
	type ExemptCalls = frame_support::traits::Nothing;
	type ActingAccount = ();
	type ConfirmOrigin = EnsureRoot<u64>;
	type FreezeLapse = frame_support::traits::ConstU64<100>;
	type MaxUnconfirmedFreezes = ConstU32<8>;
	type ProtectedAccounts = frame_support::traits::Nothing;
	type NativeBalance = Balances;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type Recovery = pallet_participants::NativeRecovery<u64, Balances>;
	type RecoveryOrigin = EnsureSignedBy<Regulator, u64>;
	type WeightInfo = ();
}

/// The chain's one currency in these tests.
pub struct Eurd;
impl CurrencyRegistry for Eurd {
	fn is_known(symbol: &[u8]) -> bool {
		symbol == b"EURD"
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn known_for_benchmarks() -> alloc::vec::Vec<u8> {
		b"EURD".to_vec()
	}
}

impl pallet_pricing::Config for Test {
	type Balance = u128;
	type Participants = Participants;
	type Assets = MockAssets;
	type Currencies = Eurd;
	type GovernanceOrigin = EnsureSignedBy<Governance, u64>;
	type MaxNameLen = ConstU32<32>;
	type MaxModelsPerAsset = ConstU32<4>;
	type MaxCardsPerModel = ConstU32<5>;
	type WeightInfo = ();
}

/// One euro of EURD in its smallest unit (six decimals).
pub const EUR: u128 = 1_000_000;

/// A tier's range, in euro cents per million output tokens.
pub fn bounds(min_cents: u128, max_cents: u128) -> PriceBounds<u128> {
	PriceBounds {
		min_output_per_million: min_cents * EUR / 100,
		max_output_per_million: max_cents * EUR / 100,
	}
}

pub fn admit(who: u64, roles: &[Role]) {
	assert_ok!(Participants::admit(
		RuntimeOrigin::root(),
		who,
		RoleSet::from(roles.iter().copied()),
		Jurisdiction(*b"DE"),
		10_000
	));
}

pub fn run_to(n: u64) {
	while System::block_number() < n {
		System::set_block_number(System::block_number() + 1);
	}
}

fn cluster(owner: u64) -> MockAsset {
	MockAsset {
		owner,
		active: true,
		gpu_hours: 46_080,
		gpu_count: 64,
		activated_at: Some(0),
		mix: Vec::new(),
		supply: Vec::new(),
	}
}

/// Two providers with one cluster each; tier ranges as the development chain has them
/// (Free 0, Economy 0.01–1, Standard 1–10, Premium 10–50, Frontier 50–150 EUR per million
/// output tokens).
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_pricing::GenesisConfig::<Test> {
		tier_bounds: vec![
			(Tier::Free, bounds(0, 0)),
			(Tier::Economy, bounds(1, 100)),
			(Tier::Standard, bounds(100, 1_000)),
			(Tier::Premium, bounds(1_000, 5_000)),
			(Tier::Frontier, bounds(5_000, 15_000)),
		],
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		System::set_block_number(1);
		MockAssets::reset();
		MockAssets::set(0, cluster(PROVIDER));
		MockAssets::set(1, cluster(OTHER_PROVIDER));
		admit(PROVIDER, &[Role::AssetOwner]);
		admit(OTHER_PROVIDER, &[Role::AssetOwner]);
		admit(TRADER, &[Role::Trader]);
	});
	ext
}
