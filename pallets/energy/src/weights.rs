// PROVISIONAL, not yet measured: `scripts/bench-weights.sh pallet_energy` replaces this file
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

/// Weight functions needed for `pallet_energy`.
pub trait WeightInfo {
	fn propose_tariff() -> Weight;
	fn attest_tariff() -> Weight;
	fn set_power_share() -> Weight;
}

/// 100 µs of execution and 16 KiB of proof: the bound each call is charged beside its storage.
const BASE: Weight = Weight::from_parts(100_000_000, 16_384);

/// Upper bounds for `pallet_energy` with the runtime's database weights (see above).
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Participants (2), the power asset (1), the currency (1), the history (1); writes the
	/// history.
	fn propose_tariff() -> Weight {
		BASE.saturating_add(T::DbWeight::get().reads_writes(5, 1))
	}
	/// Participants (2), auditor trust (1), the power asset (1), the history (1); writes the
	/// history.
	fn attest_tariff() -> Weight {
		BASE.saturating_add(T::DbWeight::get().reads_writes(5, 1))
	}
	/// Writes `PowerShare`.
	fn set_power_share() -> Weight {
		BASE.saturating_add(T::DbWeight::get().reads_writes(0, 1))
	}
}

impl WeightInfo for () {
	fn propose_tariff() -> Weight { BASE.saturating_add(ParityDbWeight::get().reads_writes(5, 1)) }
	fn attest_tariff() -> Weight { BASE.saturating_add(ParityDbWeight::get().reads_writes(5, 1)) }
	fn set_power_share() -> Weight { BASE.saturating_add(ParityDbWeight::get().reads_writes(0, 1)) }
}
