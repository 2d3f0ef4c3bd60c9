//! Test runtime: the real participants and compliance pallets around the registry.

use crate as pallet_compute_assets;
use compute_ledger_primitives::{AssetClass, HoldingsInspect, Jurisdiction, Role, RoleSet};
use frame_support::{
	assert_ok, derive_impl,
	traits::{ConstU32, SortedMembers},
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
	pub type ComputeAssets = pallet_compute_assets;
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
pub const OWNER2: u64 = 2;
pub const AUDITOR: u64 = 3;
pub const UNTRUSTED_AUDITOR: u64 = 4;
pub const TRADER: u64 = 5;
pub const STRANGER: u64 = 77;
pub const OFFICER: u64 = 98;
pub const REGULATOR: u64 = 99;

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

impl pallet_compute_assets::Config for Test {
	type Balance = u128;
	type Participants = Participants;
	type Compliance = Compliance;
	type Auditors = Compliance;
	type RegulatorOrigin = EnsureSignedBy<Regulators, u64>;
	type DefaultEpochLength = frame_support::traits::ConstU64<600>;
	type MaxNameLen = ConstU32<32>;
	type MaxUriLen = ConstU32<64>;
	type MaxDocuments = ConstU32<2>;
	type MaxPowerLinks = ConstU32<2>;
	type MaxAssetsPerOwner = ConstU32<4>;
	type WeightInfo = ();
}

fn admit(who: u64, roles: &[Role], j: &[u8; 2]) {
	assert_ok!(Participants::admit(
		RuntimeOrigin::root(),
		who,
		RoleSet::from(roles.iter().copied()),
		Jurisdiction(*j),
		10_000
	));
}

/// Two owners, a trusted and an untrusted auditor, a trader.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		System::set_block_number(1);
		admit(OWNER, &[Role::AssetOwner], b"DE");
		admit(OWNER2, &[Role::AssetOwner], b"CH");
		admit(AUDITOR, &[Role::Auditor], b"GB");
		admit(UNTRUSTED_AUDITOR, &[Role::Auditor], b"GB");
		admit(TRADER, &[Role::Trader], b"SG");
		for class in [AssetClass::ComputeCapacity, AssetClass::PowerCapacity] {
			assert_ok!(Compliance::add_trusted_auditor(
				RuntimeOrigin::signed(OFFICER),
				class,
				AUDITOR
			));
		}
	});
	ext
}
