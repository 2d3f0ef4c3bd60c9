//! Runtime API: "why would this transfer fail", answered without executing anything.

use alloc::vec::Vec;
use codec::Codec;
use compute_ledger_primitives::{AssetClass, ComplianceReport, ComplianceRule};

sp_api::decl_runtime_apis! {
	pub trait ComplianceApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// Every check of a transfer of `amount` of `class` from `from` to `to`, with its
		/// outcome.
		fn transfer_report(
			class: AssetClass,
			from: AccountId,
			to: AccountId,
			amount: Balance,
		) -> ComplianceReport<Balance>;

		/// The rules of `class`.
		fn rules(class: AssetClass) -> Vec<ComplianceRule<Balance>>;

		/// The auditors trusted for `class`.
		fn trusted_auditors(class: AssetClass) -> Vec<AccountId>;
	}
}
