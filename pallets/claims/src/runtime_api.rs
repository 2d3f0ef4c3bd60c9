//! Runtime API: claim classes, their provenance and backing, and holdings.

use crate::types::ClaimClassView;
use codec::Codec;
use compute_ledger_primitives::{AssetId, ClaimClassId, Epoch};

sp_api::decl_runtime_apis! {
	pub trait ClaimsApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// A claim class with provenance and backing (minted, redeemed, outstanding).
		fn claim_class(class: ClaimClassId) -> Option<ClaimClassView<Balance>>;
		/// Claim classes in id order from `start`, at most `limit` (≤ 100).
		fn claim_classes(start: ClaimClassId, limit: u32) -> alloc::vec::Vec<ClaimClassView<Balance>>;
		/// The claim class of (asset, epoch), if claims were minted against it.
		fn class_of(asset: AssetId, epoch: Epoch) -> Option<ClaimClassId>;
		/// Claim units the owner may still mint against (asset, epoch) now: zero unless the
		/// epoch's report is Final.
		fn mintable(asset: AssetId, epoch: Epoch) -> Balance;
		/// The account's claims of a class.
		fn claims_balance(class: ClaimClassId, who: AccountId) -> Balance;
	}
}
