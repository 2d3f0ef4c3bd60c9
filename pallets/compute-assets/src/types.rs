//! Storage types of the compute and power asset registry.

use crate::pallet::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use compute_ledger_primitives::{AssetId, AssetStatus, Attribute, EnergySource, Jurisdiction};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_core::H256;

/// A short bounded text (GPU model, site identifier, grid region).
pub type NameOf<T> = BoundedVec<u8, <T as Config>::MaxNameLen>;

/// A document backing an asset: its content hash and where to fetch it.
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
pub struct DocumentRef<T: Config> {
	pub hash: H256,
	pub uri: BoundedVec<u8, T::MaxUriLen>,
}

/// Power drawn by a compute asset from one power asset.
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
pub struct PowerLink {
	pub power_asset: AssetId,
	pub kw: u32,
}

/// What kind of asset, with the fields only that kind has.
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
pub enum AssetDetails<T: Config> {
	/// A GPU cluster.
	Compute {
		gpu_model: NameOf<T>,
		gpu_count: u32,
		gpu_hours_per_epoch: u64,
		/// The power assets it draws on.
		power_links: BoundedVec<PowerLink, T::MaxPowerLinks>,
	},
	/// A power plant or supply contract.
	Power {
		capacity_kw: u32,
		expected_kwh_per_epoch: u64,
		source: EnergySource,
		grid_region: NameOf<T>,
		/// Sum of the kW allocated to compute assets; never above `capacity_kw`.
		allocated_kw: u32,
	},
}

/// A registered compute or power asset.
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
pub struct Asset<T: Config> {
	pub owner: T::AccountId,
	pub site: NameOf<T>,
	pub jurisdiction: Jurisdiction,
	pub details: AssetDetails<T>,
	pub documents: BoundedVec<DocumentRef<T>, T::MaxDocuments>,
	pub status: AssetStatus,
	pub registered_at: BlockNumberFor<T>,
}

impl<T: Config> Asset<T> {
	pub fn is_compute(&self) -> bool {
		matches!(self.details, AssetDetails::Compute { .. })
	}

	/// The attributes a trusted auditor must attest before the asset is Verified.
	pub fn required_attributes(&self) -> &'static [Attribute] {
		match self.details {
			AssetDetails::Compute { .. } => &[Attribute::Capacity, Attribute::Location],
			AssetDetails::Power { .. } => {
				&[Attribute::Capacity, Attribute::Location, Attribute::EnergySource]
			}
		}
	}
}

/// An auditor's signed statement about one attribute of an asset.
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
pub struct Attestation<T: Config> {
	pub auditor: T::AccountId,
	/// Hash of the attested value and the auditor's report.
	pub value: H256,
	/// Valid up to and including this block.
	pub expires_at: BlockNumberFor<T>,
}
