//! The compliance check as every value-moving pallet sees it.

use crate::pallet::{Config, Pallet};
use compute_ledger_primitives::{AssetClass, Compliance, ComplianceReport};
use frame_support::dispatch::DispatchResult;

impl<T: Config> Compliance<T::AccountId, T::Balance> for Pallet<T> {
	fn can_transfer(
		class: &AssetClass,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: T::Balance,
	) -> DispatchResult {
		Self::do_can_transfer(class, from, to, amount)
	}

	fn transfer_report(
		class: &AssetClass,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: T::Balance,
	) -> ComplianceReport<T::Balance> {
		Self::do_transfer_report(class, from, to, amount)
	}
}
