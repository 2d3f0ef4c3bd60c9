//! Storage types of the participant registry.

use codec::{Decode, Encode, MaxEncodedLen};
use compute_ledger_primitives::{EffectiveStatus, Jurisdiction, ParticipantStatus, RoleSet};
use scale_info::TypeInfo;

/// An admitted account.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Participant<BlockNumber> {
	pub roles: RoleSet,
	pub jurisdiction: Jurisdiction,
	/// The KYC is valid up to and including this block; after it the account acts as suspended.
	pub kyc_expiry: BlockNumber,
	pub status: ParticipantStatus,
	pub admitted_at: BlockNumber,
}

impl<BlockNumber: PartialOrd> Participant<BlockNumber> {
	/// The status that applies at block `now`.
	pub fn effective_status(&self, now: BlockNumber) -> EffectiveStatus {
		match self.status {
			ParticipantStatus::Revoked => EffectiveStatus::Revoked,
			ParticipantStatus::Suspended { reason } => EffectiveStatus::Suspended { reason },
			ParticipantStatus::Active if now > self.kyc_expiry => EffectiveStatus::KycExpired,
			ParticipantStatus::Active => EffectiveStatus::Active,
		}
	}
}

/// A participant admitted at genesis: `(account, roles, jurisdiction, KYC expiry block)`.
pub type GenesisParticipant<AccountId, BlockNumber> =
	(AccountId, alloc::vec::Vec<compute_ledger_primitives::Role>, Jurisdiction, BlockNumber);
