//! Storage and view types of claims.

use crate::pallet::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use compute_ledger_primitives::{AssetId, EnergySource, Epoch};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

/// A claim class: the claims on one compute asset's output in one epoch, with where they
/// come from (provenance) and how far they are backed.
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
pub struct ClaimClass<T: Config> {
	pub asset: AssetId,
	pub epoch: Epoch,
	/// The Final meter report behind the class (its usage-record root).
	pub report_id: H256,
	/// Output tokens the report states: the most the class may ever entitle to.
	pub reported_tokens_out: u64,
	/// Output tokens per kWh of the report.
	pub tokens_per_kwh: u64,
	/// Share of each energy source in the power the asset drew when the class opened.
	pub energy_mix: BoundedVec<(EnergySource, Perbill), T::MaxEnergySources>,
	/// Claim units ever minted.
	pub minted: T::Balance,
	/// Claim units redeemed (burnt).
	pub redeemed: T::Balance,
	pub created_at: BlockNumberFor<T>,
}

/// A claim class as a wallet sees it, with its backing figures worked out.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct ClaimClassView<Balance> {
	pub class: compute_ledger_primitives::ClaimClassId,
	pub asset: AssetId,
	pub epoch: Epoch,
	pub report_id: H256,
	pub reported_tokens_out: u64,
	pub tokens_per_kwh: u64,
	pub energy_mix: alloc::vec::Vec<(EnergySource, Perbill)>,
	/// Output tokens one claim unit entitles to.
	pub tokens_per_claim: u64,
	pub minted: Balance,
	pub redeemed: Balance,
	/// minted − redeemed.
	pub outstanding: Balance,
	/// Claim units that may still be minted against the report.
	pub mintable: Balance,
}
