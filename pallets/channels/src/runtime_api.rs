//! Runtime API: channels and the voucher message an agent signs.

use codec::{Codec, Decode, Encode};
use scale_info::TypeInfo;

/// A channel as a wallet sees it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct ChannelView<AccountId, Balance, BlockNumber> {
	pub id: crate::ChannelId,
	pub agent: AccountId,
	pub provider: AccountId,
	pub deposit: Balance,
	pub claimed: Balance,
	/// deposit − claimed: what the provider may still be paid.
	pub remaining: Balance,
	pub nonce: u64,
	pub status: crate::ChannelStatus<BlockNumber>,
}

sp_api::decl_runtime_apis! {
	/// Version 2 adds priced channels: `pricing`, `usage_cost`, `priced_voucher_message`.
	#[api_version(2)]
	pub trait ChannelsApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		fn channel(id: crate::ChannelId) -> Option<ChannelView<AccountId, Balance, BlockNumber>>;
		/// The exact bytes an agent signs for a voucher on this chain.
		fn voucher_message(id: crate::ChannelId, cumulative: Balance, nonce: u64) -> alloc::vec::Vec<u8>;
		/// A priced channel's model, card, and the tokens and records root of its last claim.
		#[api_version(2)]
		fn pricing(id: crate::ChannelId) -> Option<crate::ChannelPricing>;
		/// What cumulative tokens cost at a priced channel's card: the amount their voucher
		/// must carry.
		#[api_version(2)]
		fn usage_cost(
			id: crate::ChannelId,
			usage: alloc::vec::Vec<compute_ledger_primitives::TokenUsage>,
		) -> Result<Balance, sp_runtime::DispatchError>;
		/// The exact bytes an agent signs for a priced channel's voucher on this chain.
		#[api_version(2)]
		fn priced_voucher_message(
			id: crate::ChannelId,
			cumulative: Balance,
			usage: alloc::vec::Vec<compute_ledger_primitives::TokenUsage>,
			records_root: [u8; 32],
			nonce: u64,
		) -> alloc::vec::Vec<u8>;
	}
}
