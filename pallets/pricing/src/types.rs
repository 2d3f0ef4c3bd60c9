//! Stored types of pricing: models and their price cards.

use crate::pallet::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use compute_ledger_primitives::{AssetId, Tier, TokenPrice};
use frame_support::{
	pallet_prelude::ConstU32, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;

pub use compute_ledger_primitives::CurrencySymbol;

/// Whether a model still takes new price cards.
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
pub enum ModelStatus {
	/// Served: its provider may publish cards.
	Serving,
	/// No longer served; its cards stay, so past payments can still be priced.
	Retired,
}

/// A model a provider serves on one of its compute assets.
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
pub struct Model<T: Config> {
	/// The compute asset's owner when the model was registered.
	pub provider: T::AccountId,
	/// The compute asset it runs on.
	pub asset: AssetId,
	pub name: BoundedVec<u8, T::MaxNameLen>,
	pub version: BoundedVec<u8, T::MaxNameLen>,
	/// The tier its cards are priced in.
	pub tier: Tier,
	pub status: ModelStatus,
	pub registered_at: BlockNumberFor<T>,
}

/// A price card: per modality, the price per million input and output tokens, in force from
/// `valid_from` until the next card's `valid_from`.
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
pub struct PriceCard<T: Config> {
	pub currency: CurrencySymbol,
	/// One price per modality, each modality at most once.
	pub prices: BoundedVec<TokenPrice<T::Balance>, ConstU32<4>>,
	pub valid_from: BlockNumberFor<T>,
	pub published_at: BlockNumberFor<T>,
}
