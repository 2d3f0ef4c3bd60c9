//! Weights for pallet_participants. PLACEHOLDER until `scripts/bench.sh` regenerates this file.
#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

pub trait WeightInfo {
	fn admit() -> Weight;
	fn update_roles() -> Weight;
	fn renew_kyc() -> Weight;
	fn suspend() -> Weight;
	fn reinstate() -> Weight;
	fn revoke() -> Weight;
	fn freeze() -> Weight;
	fn unfreeze() -> Weight;
	fn check_admission() -> Weight;
	fn recover_account() -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn admit() -> Weight {
		Weight::from_parts(20_000_000, 3_500).saturating_add(T::DbWeight::get().reads_writes(2, 2))
	}
	fn update_roles() -> Weight {
		Weight::from_parts(15_000_000, 3_500).saturating_add(T::DbWeight::get().reads_writes(2, 1))
	}
	fn renew_kyc() -> Weight {
		Weight::from_parts(15_000_000, 3_500).saturating_add(T::DbWeight::get().reads_writes(2, 1))
	}
	fn suspend() -> Weight {
		Weight::from_parts(15_000_000, 3_500).saturating_add(T::DbWeight::get().reads_writes(2, 1))
	}
	fn reinstate() -> Weight {
		Weight::from_parts(15_000_000, 3_500).saturating_add(T::DbWeight::get().reads_writes(2, 1))
	}
	fn revoke() -> Weight {
		Weight::from_parts(15_000_000, 3_500).saturating_add(T::DbWeight::get().reads_writes(2, 1))
	}
	fn freeze() -> Weight {
		Weight::from_parts(15_000_000, 3_500).saturating_add(T::DbWeight::get().reads_writes(2, 1))
	}
	fn unfreeze() -> Weight {
		Weight::from_parts(15_000_000, 3_500).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	fn check_admission() -> Weight {
		Weight::from_parts(5_000_000, 3_500).saturating_add(T::DbWeight::get().reads(1))
	}
	fn recover_account() -> Weight {
		Weight::from_parts(60_000_000, 7_000).saturating_add(T::DbWeight::get().reads_writes(6, 5))
	}
}

impl WeightInfo for () {
	fn admit() -> Weight {
		Weight::from_parts(20_000_000, 3_500)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}
	fn update_roles() -> Weight {
		Weight::from_parts(15_000_000, 3_500)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 1))
	}
	fn renew_kyc() -> Weight {
		Weight::from_parts(15_000_000, 3_500)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 1))
	}
	fn suspend() -> Weight {
		Weight::from_parts(15_000_000, 3_500)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 1))
	}
	fn reinstate() -> Weight {
		Weight::from_parts(15_000_000, 3_500)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 1))
	}
	fn revoke() -> Weight {
		Weight::from_parts(15_000_000, 3_500)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 1))
	}
	fn freeze() -> Weight {
		Weight::from_parts(15_000_000, 3_500)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 1))
	}
	fn unfreeze() -> Weight {
		Weight::from_parts(15_000_000, 3_500)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
	fn check_admission() -> Weight {
		Weight::from_parts(5_000_000, 3_500).saturating_add(RocksDbWeight::get().reads(1))
	}
	fn recover_account() -> Weight {
		Weight::from_parts(60_000_000, 7_000)
			.saturating_add(RocksDbWeight::get().reads_writes(6, 5))
	}
}
