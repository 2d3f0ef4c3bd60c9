//! Test runtime: the real participants and compliance pallets; compute assets are a small
//! in-memory table (the registry pallet has its own tests).

use crate as pallet_metering;
use compute_ledger_primitives::{
	AssetClass, AssetId, EnergySource, HoldingsInspect, Jurisdiction, Role, RoleSet,
};
pub use compute_ledger_test_support::{MockAsset, MockAssets};
use frame_support::{
	assert_ok, derive_impl,
	traits::{ConstU32, ConstU64, SortedMembers},
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
	pub type Metering = pallet_metering;
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
	type MaxFreezes = frame_support::traits::VariantCountOf<RuntimeFreezeReason>;
}

pub const OWNER: u64 = 1;
pub const OP1: u64 = 11;
pub const OP2: u64 = 12;
pub const OP3: u64 = 13;
pub const AUDITOR: u64 = 3;
pub const TRADER: u64 = 5;
pub const OFFICER: u64 = 98;
pub const REGULATOR: u64 = 99;
/// An Active GPU cluster of OWNER: 1_000 GPU-hours per epoch, 100 kW of solar + 50 kW wind.
pub const ASSET: AssetId = 0;
/// Blocks per epoch in the mock; one epoch lasts one hour, so 150 kW deliver 150 kWh.
pub const EPOCH: u64 = 10;

pub struct Officers;
impl SortedMembers<u64> for Officers {
	fn sorted_members() -> Vec<u64> {
		vec![OFFICER]
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn add(_: &u64) {}
}

pub struct Regulators;
impl SortedMembers<u64> for Regulators {
	fn sorted_members() -> Vec<u64> {
		vec![REGULATOR]
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn add(_: &u64) {}
}

impl pallet_participants::Config for Test {
	type RegistrarOrigin = pallet_participants::EnsureRegistrar<Test, EnsureRoot<u64>>;
	type RegulatorOrigin = EnsureSignedBy<Regulators, u64>;
	type ExemptCalls = frame_support::traits::Nothing;
	type ActingAccount = ();
	type ConfirmOrigin = frame_system::EnsureRoot<Self::AccountId>;
	type FreezeLapse = frame_support::traits::ConstU64<100>;
	type MaxUnconfirmedFreezes = frame_support::traits::ConstU32<8>;
	type ProtectedAccounts = frame_support::traits::Nothing;
	type NativeBalance = Balances;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type Recovery = pallet_participants::NativeRecovery<u64, Balances>;
	type RecoveryOrigin = EnsureSignedBy<Regulators, u64>;
	type WeightInfo = ();
}

pub struct NoHoldings;
impl HoldingsInspect<u64, u128> for NoHoldings {
	fn balance_of(_: &AssetClass, _: &u64) -> u128 {
		0
	}
	fn holder_count(_: &AssetClass) -> Option<u32> {
		None
	}
}

impl pallet_compliance::Config for Test {
	type Balance = u128;
	type Participants = Participants;
	type Holdings = NoHoldings;
	type ComplianceOfficerOrigin = EnsureSignedBy<Officers, u64>;
	type MaxRules = ConstU32<8>;
	type MaxTrustedAuditors = ConstU32<4>;
	type WeightInfo = ();
}

impl pallet_metering::Config for Test {
	type Participants = Participants;
	type Assets = MockAssets;
	type Auditors = Compliance;
	type ResolverOrigin = EnsureSignedBy<Officers, u64>;
	type GovernanceOrigin = frame_system::EnsureRoot<u64>;
	type DefaultOutputCeiling = frame_support::traits::ConstU64<1_000_000>;
	type EpochLength = ConstU64<EPOCH>;
	type EpochMillis = ConstU64<3_600_000>;
	type DefaultChallengeWindow = ConstU64<5>;
	type MaxOperators = ConstU32<3>;
	type WeightInfo = ();
}

fn admit(who: u64, roles: &[Role]) {
	assert_ok!(Participants::admit(
		RuntimeOrigin::root(),
		who,
		RoleSet::from(roles.iter().copied()),
		Jurisdiction(*b"DE"),
		10_000
	));
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	MockAssets::reset();
	let t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		System::set_block_number(1);
		admit(OWNER, &[Role::AssetOwner]);
		for op in [OP1, OP2, OP3] {
			admit(op, &[Role::MeterOperator]);
		}
		admit(AUDITOR, &[Role::Auditor]);
		admit(TRADER, &[Role::Trader]);
		assert_ok!(Compliance::add_trusted_auditor(
			RuntimeOrigin::signed(OFFICER),
			AssetClass::ComputeCapacity,
			AUDITOR
		));
		MockAssets::set(
			ASSET,
			MockAsset {
				owner: OWNER,
				active: true,
				gpu_hours: 1_000,
				gpu_count: 1_000,
				activated_at: Some(0),
				mix: vec![(EnergySource::Solar, 100), (EnergySource::Wind, 50)],
				supply: vec![(10, 100), (11, 50)],
			},
		);
	});
	ext
}
