//! Weights for `pallet_claims`. Placeholder until `scripts/bench.sh` measures them.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::Weight};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_claims`.
pub trait WeightInfo {
	fn mint() -> Weight;
	fn transfer() -> Weight;
	fn redeem() -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn mint() -> Weight { Weight::zero() }
	fn transfer() -> Weight { Weight::zero() }
	fn redeem() -> Weight { Weight::zero() }
}

impl WeightInfo for () {
	fn mint() -> Weight { Weight::zero() }
	fn transfer() -> Weight { Weight::zero() }
	fn redeem() -> Weight { Weight::zero() }
}
