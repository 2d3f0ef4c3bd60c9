//! Forced recovery of a lost account's claims, one link of the runtime's `Recovery` chain.

use crate::{
	pallet::{Config, Pallet},
	WeightInfo,
};
use compute_ledger_primitives::RecoverHoldings;
use frame_support::{dispatch::DispatchResult, traits::Get, weights::Weight};

impl<T: Config> RecoverHoldings<T::AccountId> for Pallet<T> {
	/// Moves the claims of every class the lost account holds; refuses while any of them is
	/// set aside for a settlement (the settlement link runs first and closes open orders).
	fn recover(lost: &T::AccountId, new: &T::AccountId) -> DispatchResult {
		Self::do_recover_claims(lost, new)
	}

	fn max_weight() -> Weight {
		<T as Config>::WeightInfo::recover_claims(T::MaxRecoveredClasses::get())
	}
}
