//! Weights for `pallet_stable_value`. Placeholder until `scripts/bench.sh` measures them.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::Weight};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_stable_value`.
pub trait WeightInfo {
	fn set_issuer_cap() -> Weight;
	fn mint() -> Weight;
	fn burn() -> Weight;
	fn transfer() -> Weight;
	fn freeze_funds() -> Weight;
	fn thaw_funds() -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn set_issuer_cap() -> Weight { Weight::zero() }
	fn mint() -> Weight { Weight::zero() }
	fn burn() -> Weight { Weight::zero() }
	fn transfer() -> Weight { Weight::zero() }
	fn freeze_funds() -> Weight { Weight::zero() }
	fn thaw_funds() -> Weight { Weight::zero() }
}

impl WeightInfo for () {
	fn set_issuer_cap() -> Weight { Weight::zero() }
	fn mint() -> Weight { Weight::zero() }
	fn burn() -> Weight { Weight::zero() }
	fn transfer() -> Weight { Weight::zero() }
	fn freeze_funds() -> Weight { Weight::zero() }
	fn thaw_funds() -> Weight { Weight::zero() }
}
