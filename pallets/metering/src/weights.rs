//! Weights for pallet_metering. PLACEHOLDER until `scripts/bench.sh` regenerates this file.
#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

pub trait WeightInfo {
	fn bind_operators(o: u32) -> Weight;
	fn submit_report(o: u32) -> Weight;
	fn dispute() -> Weight;
	fn resolve() -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn bind_operators(o: u32) -> Weight {
		Weight::from_parts(30_000_000, 5_000)
			.saturating_add(T::DbWeight::get().reads((3 + o).into()))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn submit_report(o: u32) -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads((8 + o).into()))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	fn dispute() -> Weight {
		Weight::from_parts(25_000_000, 5_000).saturating_add(T::DbWeight::get().reads_writes(3, 1))
	}
	fn resolve() -> Weight {
		Weight::from_parts(20_000_000, 5_000).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
}

impl WeightInfo for () {
	fn bind_operators(_: u32) -> Weight {
		Weight::from_parts(30_000_000, 5_000)
	}
	fn submit_report(_: u32) -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn dispute() -> Weight {
		Weight::from_parts(25_000_000, 5_000)
	}
	fn resolve() -> Weight {
		Weight::from_parts(20_000_000, 5_000)
	}
}
