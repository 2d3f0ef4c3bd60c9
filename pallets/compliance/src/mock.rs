//! Test runtime: the real participants pallet as the registry, holdings kept in a map.

use crate as pallet_compliance;
use compute_ledger_primitives::{AssetClass, HoldingsInspect};
use frame_support::{derive_impl, traits::ConstU32};
use frame_system::{EnsureRoot, EnsureSignedBy};
use sp_runtime::BuildStorage;
use std::{cell::RefCell, collections::BTreeMap};

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
	pub type Compliance = pallet_compliance;
	#[runtime::pallet_index(3)]
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

pub const OFFICER: u64 = 98;
pub const REGULATOR: u64 = 99;

pub struct Officers;
impl frame_support::traits::SortedMembers<u64> for Officers {
	fn sorted_members() -> Vec<u64> {
		vec![OFFICER]
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn add(_: &u64) {}
}

pub struct Regulators;
impl frame_support::traits::SortedMembers<u64> for Regulators {
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

thread_local! {
	static HOLDINGS: RefCell<BTreeMap<(AssetClass, u64), u128>> = const { RefCell::new(BTreeMap::new()) };
}

/// Holdings per class; the native class does not count its holders.
pub struct MockHoldings;
impl MockHoldings {
	pub fn set(class: AssetClass, who: u64, amount: u128) {
		HOLDINGS.with(|h| h.borrow_mut().insert((class, who), amount));
	}
}
impl HoldingsInspect<u64, u128> for MockHoldings {
	fn balance_of(class: &AssetClass, who: &u64) -> u128 {
		HOLDINGS.with(|h| h.borrow().get(&(*class, *who)).copied().unwrap_or(0))
	}
	fn holder_count(class: &AssetClass) -> Option<u32> {
		if *class == AssetClass::Native {
			return None;
		}
		Some(
			HOLDINGS.with(|h| {
				h.borrow().iter().filter(|((c, _), v)| c == class && **v > 0).count() as u32
			}),
		)
	}
}

impl pallet_compliance::Config for Test {
	type Balance = u128;
	type Participants = Participants;
	type Holdings = MockHoldings;
	type ComplianceOfficerOrigin = EnsureSignedBy<Officers, u64>;
	type MaxRules = ConstU32<8>;
	type MaxTrustedAuditors = ConstU32<4>;
	type WeightInfo = ();
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	HOLDINGS.with(|h| h.borrow_mut().clear());
	let t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
