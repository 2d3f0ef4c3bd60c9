//! Storage and view types of stable value.

use crate::pallet::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_core::H256;

/// What an issuer attested when it minted: the amount and a hash of its reserve proof
/// (an auditor's statement, a central-bank confirmation) kept off chain.
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
pub struct ReserveAttestation<T: Config> {
	pub issuer: T::AccountId,
	pub amount: T::Balance,
	pub reserve_proof: H256,
	pub at: BlockNumberFor<T>,
}

/// An account's stable value as a wallet shows it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug, Default)]
pub struct StableBalance<Balance> {
	/// Spendable now: not held and not frozen.
	pub free: Balance,
	/// Held in escrow (orders, instructions, channels).
	pub held: Balance,
	/// Frozen by the regulator.
	pub frozen: Balance,
	/// free + held + what is frozen of the free part: everything the account owns.
	pub total: Balance,
}

/// The currency as a wallet shows it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct CurrencyInfo<Balance> {
	pub symbol: alloc::vec::Vec<u8>,
	pub decimals: u8,
	pub total_issuance: Balance,
}
