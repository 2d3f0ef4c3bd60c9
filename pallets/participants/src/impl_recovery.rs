//! Recovery of the native fee unit, one link of the runtime's `Recovery` chain.

use compute_ledger_primitives::RecoverHoldings;
use core::marker::PhantomData;
use frame_support::{
	dispatch::DispatchResult,
	traits::{
		fungible::Mutate,
		tokens::{Fortitude, Preservation},
	},
};
use sp_runtime::traits::Zero;

/// Moves the whole spendable native balance of the lost account.
pub struct NativeRecovery<AccountId, Currency>(PhantomData<(AccountId, Currency)>);

impl<AccountId: Eq, Currency: Mutate<AccountId>> RecoverHoldings<AccountId>
	for NativeRecovery<AccountId, Currency>
{
	fn recover(lost: &AccountId, new: &AccountId) -> DispatchResult {
		let amount = Currency::reducible_balance(lost, Preservation::Expendable, Fortitude::Polite);
		if amount.is_zero() {
			return Ok(());
		}
		Currency::transfer(lost, new, amount, Preservation::Expendable).map(|_| ())
	}
}
