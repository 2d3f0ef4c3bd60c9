//! A runtime with only this pallet; session keys are a set the test controls.

use crate as pallet_validators;
use frame_support::{derive_impl, parameter_types, traits::ValidatorRegistration};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;
use std::cell::RefCell;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Validators: pallet_validators,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

thread_local! {
	/// Accounts with registered session keys.
	static KEYS: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// Registers session keys for `who`, as `Session.set_keys` would.
pub fn register_keys(who: u64) {
	KEYS.with(|k| k.borrow_mut().push(who));
}

pub struct MockKeys;
impl ValidatorRegistration<u64> for MockKeys {
	fn is_registered(id: &u64) -> bool {
		KEYS.with(|k| k.borrow().contains(id))
	}
}

parameter_types! {
	pub const MaxValidators: u32 = 8;
	pub const MinValidators: u32 = 2;
}

impl pallet_validators::Config for Test {
	type GovernanceOrigin = EnsureRoot<u64>;
	type KeysRegistered = MockKeys;
	type MaxValidators = MaxValidators;
	type MinValidators = MinValidators;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockKeys;
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for MockKeys {
	fn register_keys(who: &u64) {
		register_keys(*who);
	}
}

/// Validators 1, 2 and 3 at genesis, each with keys.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig {
		validators: pallet_validators::GenesisConfig { validators: vec![1, 2, 3] },
		..Default::default()
	}
	.build_storage()
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		KEYS.with(|k| *k.borrow_mut() = vec![1, 2, 3]);
	});
	ext
}
