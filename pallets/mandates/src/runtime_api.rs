//! Runtime API: mandates, what an agent may still spend, and payments waiting for approval.

use codec::{Codec, Decode, Encode};
use scale_info::TypeInfo;

/// A mandate as a wallet sees it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct MandateView<AccountId, Balance, BlockNumber> {
	pub agent: AccountId,
	pub principal: AccountId,
	pub status: crate::MandateStatus,
	pub per_payment: Balance,
	pub per_period: Balance,
	pub period: BlockNumber,
	pub total_cap: Balance,
	pub spent_total: Balance,
	/// Spent within the current rolling period.
	pub spent_in_period: Balance,
	pub payees: alloc::vec::Vec<AccountId>,
	pub classes: alloc::vec::Vec<compute_ledger_primitives::ClaimClassId>,
	pub expires_at: BlockNumber,
	pub approval_threshold: Option<Balance>,
	pub velocity: Option<crate::VelocityRule<BlockNumber>>,
	pub size: Option<crate::SizeRule>,
}

/// A payment waiting for the principal's approval.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct PendingView<AccountId, Balance, BlockNumber> {
	pub id: crate::PaymentId,
	pub agent: AccountId,
	pub to: AccountId,
	pub amount: Balance,
	pub requested_at: BlockNumber,
}

sp_api::decl_runtime_apis! {
	pub trait MandatesApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The agent's mandate, with what it has spent.
		fn mandate(agent: AccountId) -> Option<MandateView<AccountId, Balance, BlockNumber>>;
		/// Mandates alerted by an anomaly rule or suspended by the regulator, after `start`
		/// (exclusive) in storage order, at most `limit` (≤ 100).
		fn alerts(start: Option<AccountId>, limit: u32) -> alloc::vec::Vec<MandateView<AccountId, Balance, BlockNumber>>;
		/// The agent's payments waiting for approval.
		fn pending_approvals(agent: AccountId) -> alloc::vec::Vec<PendingView<AccountId, Balance, BlockNumber>>;
	}
}
