// PROVISIONAL, not yet measured: `scripts/bench-weights.sh pallet_pricing` replaces this file
// with weights measured on this machine. Until then each call is charged an upper bound: the
// storage it touches (counted from the code, worst case) at the runtime's database weights,
// plus 100 µs of execution, more than the measured `Channels.open_channel` (ten reads, five
// writes, 115 µs) spends on work of the same kind.

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

/// 100 µs of execution and 16 KiB of proof: the bound each call is charged beside its storage.
const BASE: Weight = Weight::from_parts(100_000_000, 16_384);

/// Upper bounds for `pallet_pricing` with the runtime's database weights (see above).
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Participants (2), the asset (1), `ModelsOf` (1), every model on the asset (up to 32),
	/// `NextModelId` (1); writes `ModelsOf`, `NextModelId`, `Models`.
	fn register_model() -> Weight {
		BASE.saturating_add(T::DbWeight::get().reads_writes(37, 3))
	}
	/// Participants (2), the model (1); writes the model.
	fn retire_model() -> Weight {
		BASE.saturating_add(T::DbWeight::get().reads_writes(3, 1))
	}
	/// Participants (2), the model, `TierBounds`, the currency symbol, `CardCount`, the
	/// previous card; writes the card and `CardCount`.
	fn publish_card() -> Weight {
		BASE.saturating_add(T::DbWeight::get().reads_writes(7, 2))
	}
	/// Writes one `TierBounds` entry.
	fn set_tier_bounds() -> Weight {
		BASE.saturating_add(T::DbWeight::get().reads_writes(0, 1))
	}
}

impl WeightInfo for () {
	fn register_model() -> Weight { BASE.saturating_add(ParityDbWeight::get().reads_writes(37, 3)) }
	fn retire_model() -> Weight { BASE.saturating_add(ParityDbWeight::get().reads_writes(3, 1)) }
	fn publish_card() -> Weight { BASE.saturating_add(ParityDbWeight::get().reads_writes(7, 2)) }
	fn set_tier_bounds() -> Weight { BASE.saturating_add(ParityDbWeight::get().reads_writes(0, 1)) }
}
