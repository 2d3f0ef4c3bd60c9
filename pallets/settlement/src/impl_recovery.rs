//! Forced recovery, the first link of the runtime's `Recovery` chain: the lost account's open
//! orders close, so that their escrow and deposits are free for the links after it to move.

use crate::{
	pallet::{Config, Orders, OrdersOf, Pallet},
	CloseReason, OrderId, WeightInfo,
};
use compute_ledger_primitives::RecoverHoldings;
use frame_support::{dispatch::DispatchResult, traits::Get, weights::Weight};

impl<T: Config> RecoverHoldings<T::AccountId> for Pallet<T> {
	fn recover(lost: &T::AccountId, _new: &T::AccountId) -> DispatchResult {
		// The owner index holds at most `MaxOpenOrders` per side.
		let ids: alloc::vec::Vec<OrderId> = OrdersOf::<T>::iter_key_prefix(lost).collect();
		for id in ids {
			if let Some(order) = Orders::<T>::get(id) {
				Self::remove_order(id, &order, None, CloseReason::Recovered);
			}
		}
		Ok(())
	}

	/// Every order of both sides closed, each at most what a cancellation weighs.
	fn max_weight() -> Weight {
		T::WeightInfo::cancel_order().saturating_mul(2 * u64::from(T::MaxOpenOrders::get()))
	}
}
