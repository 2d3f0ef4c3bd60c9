//! Weights for pallet_compute_assets. PLACEHOLDER until `scripts/bench.sh` regenerates it.
#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

pub trait WeightInfo {
	fn register_compute() -> Weight;
	fn register_power() -> Weight;
	fn add_document() -> Weight;
	fn remove_document() -> Weight;
	fn allocate_power() -> Weight;
	fn release_power() -> Weight;
	fn attest() -> Weight;
	fn activate() -> Weight;
	fn suspend() -> Weight;
	fn resume() -> Weight;
	fn retire() -> Weight;
	fn update_compute_capacity() -> Weight;
	fn update_power_capacity() -> Weight;
	fn relocate() -> Weight;
	fn transfer_ownership() -> Weight;
}

macro_rules! placeholder {
	($($f:ident),*) => {
		pub struct SubstrateWeight<T>(PhantomData<T>);
		impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
			$(fn $f() -> Weight {
				Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(8, 4))
			})*
		}
		impl WeightInfo for () {
			$(fn $f() -> Weight { Weight::from_parts(50_000_000, 10_000) })*
		}
	};
}

placeholder!(
	register_compute,
	register_power,
	add_document,
	remove_document,
	allocate_power,
	release_power,
	attest,
	activate,
	suspend,
	resume,
	retire,
	update_compute_capacity,
	update_power_capacity,
	relocate,
	transfer_ownership
);
