//! Weights for `pallet_settlement`. Placeholder until `scripts/bench.sh` measures them.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(unused_variables)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::Weight};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_settlement`.
pub trait WeightInfo {
	fn place_order(f: u32, ) -> Weight;
	fn cancel_order() -> Weight;
	fn create_instruction(l: u32, ) -> Weight;
	fn affirm_instruction(l: u32, ) -> Weight;
	fn withdraw_affirmation(l: u32, ) -> Weight;
	fn execute_instruction(l: u32, ) -> Weight;
	fn cancel_instruction(l: u32, ) -> Weight;
	fn create_conditional() -> Weight;
	fn release_conditional() -> Weight;
	fn refund_conditional() -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn place_order(f: u32, ) -> Weight { Weight::zero() }
	fn cancel_order() -> Weight { Weight::zero() }
	fn create_instruction(l: u32, ) -> Weight { Weight::zero() }
	fn affirm_instruction(l: u32, ) -> Weight { Weight::zero() }
	fn withdraw_affirmation(l: u32, ) -> Weight { Weight::zero() }
	fn execute_instruction(l: u32, ) -> Weight { Weight::zero() }
	fn cancel_instruction(l: u32, ) -> Weight { Weight::zero() }
	fn create_conditional() -> Weight { Weight::zero() }
	fn release_conditional() -> Weight { Weight::zero() }
	fn refund_conditional() -> Weight { Weight::zero() }
}

impl WeightInfo for () {
	fn place_order(f: u32, ) -> Weight { Weight::zero() }
	fn cancel_order() -> Weight { Weight::zero() }
	fn create_instruction(l: u32, ) -> Weight { Weight::zero() }
	fn affirm_instruction(l: u32, ) -> Weight { Weight::zero() }
	fn withdraw_affirmation(l: u32, ) -> Weight { Weight::zero() }
	fn execute_instruction(l: u32, ) -> Weight { Weight::zero() }
	fn cancel_instruction(l: u32, ) -> Weight { Weight::zero() }
	fn create_conditional() -> Weight { Weight::zero() }
	fn release_conditional() -> Weight { Weight::zero() }
	fn refund_conditional() -> Weight { Weight::zero() }
}
