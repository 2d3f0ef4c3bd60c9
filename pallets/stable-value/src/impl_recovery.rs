//! Forced recovery of a lost account's stable value (the regulator's `recover_account`).

use crate::pallet::{Config, Error, FreezeReason, Pallet, RegulatorFreezes};
use compute_ledger_primitives::RecoverHoldings;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate, MutateFreeze},
		tokens::{Fortitude, Preservation},
	},
};
use sp_runtime::traits::Zero;

impl<T: Config> RecoverHoldings<T::AccountId> for Pallet<T> {
	/// Moves the lost account's free stable value to its replacement. A regulator freeze of
	/// the lost account's funds is lifted first (the recovery is itself the regulator's act).
	/// Order escrow was released by the settlement link before this one; value still held
	/// after the move (an affirmed instruction, a channel deposit, a conditional payment)
	/// refuses the recovery with `ValueStillHeld`, and nothing moves.
	fn recover(lost: &T::AccountId, new: &T::AccountId) -> DispatchResult {
		if RegulatorFreezes::<T>::take(lost).is_some() {
			T::Currency::thaw(&FreezeReason::Regulator.into(), lost)?;
		}
		let amount =
			T::Currency::reducible_balance(lost, Preservation::Expendable, Fortitude::Polite);
		if !amount.is_zero() {
			T::Currency::transfer(lost, new, amount, Preservation::Expendable)?;
		}
		ensure!(T::Currency::total_balance(lost).is_zero(), Error::<T>::ValueStillHeld);
		Ok(())
	}
}
