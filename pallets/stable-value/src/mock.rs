//! Test runtime: the real participants and compliance pallets, and a second pallet-balances
//! instance as the stable-value ledger (its accounts in its own storage map).

use crate as pallet_stable_value;
use compute_ledger_primitives::{AssetClass, HoldingsInspect, Jurisdiction, Role, RoleSet};
use frame_support::{
	assert_ok, derive_impl, ord_parameter_types,
	traits::{fungible::Inspect, ConstU128, ConstU32, StorageMapShim, VariantCountOf},
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
	pub type Compliance = pallet_compliance;
	#[runtime::pallet_index(4)]
	#[runtime::disable_call]
	pub type StableLedger = pallet_balances<Instance2>;
	#[runtime::pallet_index(5)]
	pub type StableValue = pallet_stable_value;
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

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config<pallet_balances::Instance2> for Test {
	type Balance = u128;
	type ExistentialDeposit = ConstU128<1>;
	type AccountStore = StorageMapShim<
		pallet_balances::Account<Test, pallet_balances::Instance2>,
		u64,
		pallet_balances::AccountData<u128>,
	>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
}

pub const ISSUER: u64 = 1;
pub const ISSUER2: u64 = 2;
pub const TRADER: u64 = 5;
pub const TRADER_SG: u64 = 6;
pub const OUTSIDER: u64 = 7;
pub const OFFICER: u64 = 98;
pub const REGULATOR: u64 = 99;

ord_parameter_types! {
	pub const Officer: u64 = OFFICER;
	pub const Regulator: u64 = REGULATOR;
}

impl pallet_participants::Config for Test {
	type RegistrarOrigin = pallet_participants::EnsureRegistrar<Test, EnsureRoot<u64>>;
	type RegulatorOrigin = EnsureSignedBy<Regulator, u64>;
	type ExemptCalls = frame_support::traits::Nothing;
	type ActingAccount = ();
	type ConfirmOrigin = frame_system::EnsureRoot<Self::AccountId>;
	type FreezeLapse = frame_support::traits::ConstU64<100>;
	type MaxUnconfirmedFreezes = frame_support::traits::ConstU32<8>;
	type ProtectedAccounts = frame_support::traits::Nothing;
	type NativeBalance = Balances;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type Recovery = pallet_participants::NativeRecovery<u64, Balances>;
	type RecoveryOrigin = EnsureSignedBy<Regulator, u64>;
	type WeightInfo = ();
}

pub struct LedgerHoldings;
impl HoldingsInspect<u64, u128> for LedgerHoldings {
	fn balance_of(class: &AssetClass, who: &u64) -> u128 {
		match class {
			AssetClass::StableValue => StableLedger::total_balance(who),
			_ => 0,
		}
	}
	fn holder_count(_: &AssetClass) -> Option<u32> {
		None
	}
}

impl pallet_compliance::Config for Test {
	type Balance = u128;
	type Participants = Participants;
	type Holdings = LedgerHoldings;
	type ComplianceOfficerOrigin = EnsureSignedBy<Officer, u64>;
	type MaxRules = ConstU32<8>;
	type MaxTrustedAuditors = ConstU32<4>;
	type WeightInfo = ();
}

impl pallet_stable_value::Config for Test {
	type Balance = u128;
	type Currency = StableLedger;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type Participants = Participants;
	type Compliance = Compliance;
	type Spending = ();
	type CapOrigin = EnsureSignedBy<Officer, u64>;
	type RegulatorOrigin = EnsureSignedBy<Regulator, u64>;
	type MaxSymbolLen = ConstU32<8>;
	type WeightInfo = ();
}

pub fn admit(who: u64, roles: &[Role], jurisdiction: &[u8; 2]) {
	assert_ok!(Participants::admit(
		RuntimeOrigin::root(),
		who,
		RoleSet::from(roles.iter().copied()),
		Jurisdiction(*jurisdiction),
		10_000
	));
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_stable_value::GenesisConfig::<Test> {
		symbol: b"EURD".to_vec(),
		decimals: 6,
		issuers: vec![],
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		System::set_block_number(1);
		admit(ISSUER, &[Role::Issuer, Role::Trader], b"CH");
		admit(ISSUER2, &[Role::Issuer], b"DE");
		admit(TRADER, &[Role::Trader], b"DE");
		admit(TRADER_SG, &[Role::Trader], b"SG");
	});
	ext
}
