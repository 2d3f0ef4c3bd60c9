//! Weights for `pallet_channels`. Placeholder until `scripts/bench.sh` measures them.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(unused_variables)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::Weight};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_channels`.
pub trait WeightInfo {
	fn open_channel() -> Weight;
	fn top_up() -> Weight;
	fn claim() -> Weight;
	fn close() -> Weight;
	fn finalize_close() -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn open_channel() -> Weight { Weight::zero() }
	fn top_up() -> Weight { Weight::zero() }
	fn claim() -> Weight { Weight::zero() }
	fn close() -> Weight { Weight::zero() }
	fn finalize_close() -> Weight { Weight::zero() }
}

impl WeightInfo for () {
	fn open_channel() -> Weight { Weight::zero() }
	fn top_up() -> Weight { Weight::zero() }
	fn claim() -> Weight { Weight::zero() }
	fn close() -> Weight { Weight::zero() }
	fn finalize_close() -> Weight { Weight::zero() }
}
