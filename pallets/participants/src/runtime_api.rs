//! Runtime API: who is admitted, in which roles, and whether they may act now.

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use compute_ledger_primitives::{
	EffectiveStatus, Jurisdiction, ParticipantStatus, ReasonCode, Role, RoleSet,
};
use scale_info::TypeInfo;

/// A participant as a wallet sees it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct ParticipantView<AccountId, BlockNumber> {
	pub account: AccountId,
	pub roles: RoleSet,
	pub jurisdiction: Jurisdiction,
	pub kyc_expiry: BlockNumber,
	/// The status a registrar set.
	pub status: ParticipantStatus,
	/// The status that applies now (an expired KYC shows here).
	pub effective_status: EffectiveStatus,
	/// The regulator's freeze reason, if the account is frozen.
	pub frozen: Option<ReasonCode>,
	pub admitted_at: BlockNumber,
}

sp_api::decl_runtime_apis! {
	pub trait ParticipantsApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// One participant.
		fn participant(who: AccountId) -> Option<ParticipantView<AccountId, BlockNumber>>;
		/// Participants (holding `role`, if given) in storage order after `start` (exclusive),
		/// at most `limit` (≤ 100).
		fn participants(
			role: Option<Role>,
			start: Option<AccountId>,
			limit: u32,
		) -> Vec<ParticipantView<AccountId, BlockNumber>>;
	}
}
