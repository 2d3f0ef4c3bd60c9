//! A minimal runtime for the pallet's tests: root is governance, account 99 is the regulator.

use crate as pallet_participants;
use frame_support::{
	derive_impl,
	traits::{Contains, ContainsPair},
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
	pub type Participants = pallet_participants;
	#[runtime::pallet_index(2)]
	pub type Balances = pallet_balances;
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

pub const REGULATOR: u64 = 99;

/// `System::remark` is exempt for everyone, and `System::remark_with_event` for the
/// protected account only, so that the allow-list and its per-signer part are exercised.
pub struct ExemptRemark;
impl ContainsPair<u64, RuntimeCall> for ExemptRemark {
	fn contains(who: &u64, c: &RuntimeCall) -> bool {
		match c {
			RuntimeCall::System(frame_system::Call::remark { .. }) => true,
			RuntimeCall::System(frame_system::Call::remark_with_event { .. }) => *who == COUNCILLOR,
			_ => false,
		}
	}
}

/// Stands for a council member, validator or trusted auditor of the runtime.
pub const COUNCILLOR: u64 = 50;

pub struct Protected;
impl Contains<u64> for Protected {
	fn contains(who: &u64) -> bool {
		*who == COUNCILLOR
	}
}

impl pallet_participants::Config for Test {
	type RegistrarOrigin = pallet_participants::EnsureRegistrar<Test, EnsureRoot<u64>>;
	type RegulatorOrigin = RegulatorOrigin;
	type ExemptCalls = ExemptRemark;
	type ActingAccount = ();
	type ConfirmOrigin = frame_system::EnsureRoot<Self::AccountId>;
	type FreezeLapse = frame_support::traits::ConstU64<100>;
	type MaxUnconfirmedFreezes = frame_support::traits::ConstU32<8>;
	type ProtectedAccounts = Protected;
	type NativeBalance = Balances;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type Recovery = pallet_participants::NativeRecovery<u64, Balances>;
	type RecoveryOrigin = RegulatorOrigin;
	type WeightInfo = ();
}

/// Regulator: the regulator account, signed. Root alone is not the regulator in the mock,
/// so that the tests can tell the two origins apart.
pub type RegulatorOrigin = EnsureSignedBy<RegulatorMembers, u64>;

pub struct RegulatorMembers;
impl frame_support::traits::SortedMembers<u64> for RegulatorMembers {
	fn sorted_members() -> Vec<u64> {
		vec![REGULATOR]
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn add(_: &u64) {}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(1, 1_000), (2, 1_000), (10, 1_000)],
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
