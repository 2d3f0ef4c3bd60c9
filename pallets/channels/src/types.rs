//! Storage and view types of channels.

use crate::pallet::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;

pub type ChannelId = u64;

/// What the agent signs: the domain tag, the chain's genesis hash (no replay on another
/// chain), the channel, the cumulative amount owed so far and an increasing nonce. All parts
/// have fixed sizes, so the message is their little-endian bytes one after another.
pub const VOUCHER_TAG: [u8; 10] = *b"cl/voucher";

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
}
