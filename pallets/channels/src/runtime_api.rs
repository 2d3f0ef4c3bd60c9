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
	pub trait ChannelsApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		fn channel(id: crate::ChannelId) -> Option<ChannelView<AccountId, Balance, BlockNumber>>;
		/// The exact bytes an agent signs for a voucher on this chain.
		fn voucher_message(id: crate::ChannelId, cumulative: Balance, nonce: u64) -> alloc::vec::Vec<u8>;
	}
}
