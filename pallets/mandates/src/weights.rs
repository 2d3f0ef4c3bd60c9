//! Weights for `pallet_mandates`. Placeholder until `scripts/bench.sh` measures them.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(unused_variables)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::Weight};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_mandates`.
pub trait WeightInfo {
	fn grant_mandate() -> Weight;
	fn update_mandate() -> Weight;
	fn pause() -> Weight;
	fn resume() -> Weight;
	fn revoke(p: u32, ) -> Weight;
	fn regulator_suspend() -> Weight;
	fn regulator_resume() -> Weight;
	fn pay() -> Weight;
	fn approve_payment() -> Weight;
	fn reject_payment() -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn grant_mandate() -> Weight { Weight::zero() }
	fn update_mandate() -> Weight { Weight::zero() }
	fn pause() -> Weight { Weight::zero() }
	fn resume() -> Weight { Weight::zero() }
	fn revoke(p: u32, ) -> Weight { Weight::zero() }
	fn regulator_suspend() -> Weight { Weight::zero() }
	fn regulator_resume() -> Weight { Weight::zero() }
	fn pay() -> Weight { Weight::zero() }
	fn approve_payment() -> Weight { Weight::zero() }
	fn reject_payment() -> Weight { Weight::zero() }
}

impl WeightInfo for () {
	fn grant_mandate() -> Weight { Weight::zero() }
	fn update_mandate() -> Weight { Weight::zero() }
	fn pause() -> Weight { Weight::zero() }
	fn resume() -> Weight { Weight::zero() }
	fn revoke(p: u32, ) -> Weight { Weight::zero() }
	fn regulator_suspend() -> Weight { Weight::zero() }
	fn regulator_resume() -> Weight { Weight::zero() }
	fn pay() -> Weight { Weight::zero() }
	fn approve_payment() -> Weight { Weight::zero() }
	fn reject_payment() -> Weight { Weight::zero() }
}
