//! Storage and view types of channels.

use crate::pallet::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use compute_ledger_primitives::{CardIndex, MaxModalities, ModelId, TokenUsage};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;

pub type ChannelId = u64;

/// What the agent signs: the domain tag, the chain's genesis hash (no replay on another
/// chain), the channel, the cumulative amount owed so far and an increasing nonce. All parts
/// have fixed sizes, so the message is their little-endian bytes one after another.
pub const VOUCHER_TAG: [u8; 10] = *b"cl/voucher";

/// What the agent signs for a priced channel: the domain tag, the genesis hash, the channel,
/// the cumulative amount, the cumulative tokens per modality, the root of the usage records
/// they cover and the nonce, SCALE-encoded in that order (the usage as a length-prefixed
/// list). The amount must equal what the tokens cost at the channel's card.
pub const PRICED_VOUCHER_TAG: [u8; 17] = *b"cl/priced-voucher";

/// Cumulative tokens per modality, each modality at most once.
pub type UsageOf = BoundedVec<TokenUsage, MaxModalities>;

/// What a priced channel charges at and what its provider has been paid for so far.
///
/// The card is the model's card in force when the channel opened, for the channel's whole
/// life: a later card does not reprice tokens the agent already agreed to buy. To buy at a
/// new card the agent closes the channel and opens another.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct ChannelPricing {
	pub model: ModelId,
	pub card: CardIndex,
	/// Cumulative tokens per modality of the last voucher claimed.
	pub usage: UsageOf,
	/// Root of the usage records the last voucher claimed covers (zero before any claim).
	pub records_root: [u8; 32],
}

/// Where a channel stands.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum ChannelStatus<BlockNumber> {
	Open,
	/// The agent asked to close: until `until` the provider may still claim with a newer
	/// voucher; then anyone finalises and the rest returns to the agent.
	Closing {
		until: BlockNumber,
	},
}

/// A payment channel from an agent to a provider.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Channel<T: Config> {
	pub agent: T::AccountId,
	pub provider: T::AccountId,
	/// Stable value deposited in all (held from the agent).
	pub deposit: T::Balance,
	/// Paid to the provider so far: the cumulative amount of the last voucher claimed.
	pub claimed: T::Balance,
	/// Nonce of the last voucher claimed; a voucher must carry a higher one.
	pub nonce: u64,
	pub status: ChannelStatus<BlockNumberFor<T>>,
	pub opened_at: BlockNumberFor<T>,
	/// Priced channels charge by the token at a price card; `None` for a channel that pays
	/// whatever amount its vouchers name.
	pub pricing: Option<ChannelPricing>,
}

/// A priced channel's voucher as the provider claims it (the channel and signature aside).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct PricedVoucher<Balance> {
	/// What the agent owes in all: exactly what `usage` costs at the channel's card.
	pub cumulative: Balance,
	/// Cumulative tokens per modality.
	pub usage: UsageOf,
	/// Root of the usage records (requests served) the tokens come from, kept by both sides.
	pub records_root: [u8; 32],
	pub nonce: u64,
}
