//! Weights for pallet_compliance. PLACEHOLDER until `scripts/bench.sh` regenerates this file.
#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

pub trait WeightInfo {
	fn set_rules(r: u32) -> Weight;
	fn clear_rules() -> Weight;
	fn add_trusted_auditor() -> Weight;
	fn remove_trusted_auditor() -> Weight;
	fn can_transfer(r: u32) -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn set_rules(r: u32) -> Weight {
		Weight::from_parts(15_000_000, 3_500)
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn clear_rules() -> Weight {
		Weight::from_parts(15_000_000, 3_500).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	fn add_trusted_auditor() -> Weight {
		Weight::from_parts(20_000_000, 3_500).saturating_add(T::DbWeight::get().reads_writes(2, 1))
	}
	fn remove_trusted_auditor() -> Weight {
		Weight::from_parts(20_000_000, 3_500).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	fn can_transfer(r: u32) -> Weight {
		Weight::from_parts(20_000_000, 7_000)
			.saturating_add(Weight::from_parts(500_000, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(7))
	}
}

impl WeightInfo for () {
	fn set_rules(r: u32) -> Weight {
		Weight::from_parts(15_000_000, 3_500)
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn clear_rules() -> Weight {
		Weight::from_parts(15_000_000, 3_500)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
	fn add_trusted_auditor() -> Weight {
		Weight::from_parts(20_000_000, 3_500)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 1))
	}
	fn remove_trusted_auditor() -> Weight {
		Weight::from_parts(20_000_000, 3_500)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
	fn can_transfer(r: u32) -> Weight {
		Weight::from_parts(20_000_000, 7_000)
			.saturating_add(Weight::from_parts(500_000, 0).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads(7))
	}
}
