//! Compute and power assets as other pallets (metering, claims) see them.

use crate::ReasonCode;
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Identifier of a registered asset; compute and power assets share one id space.
pub type AssetId = u32;

/// Lifecycle of a registered asset.
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
pub enum AssetStatus {
	/// Registered or changed; waits for its required attestations.
	Pending,
	/// Every required attestation is present and valid; the owner may activate it.
	Verified,
	/// May be metered and back new claims.
	Active,
	/// Stopped by the regulator or a trusted auditor; reversible.
	Suspended { reason: ReasonCode },
	/// Final.
	Retired,
}

/// Where a power asset's energy comes from.
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
	PartialOrd,
	Ord,
	Debug,
)]
pub enum EnergySource {
	Solar,
	Wind,
	Hydro,
	Nuclear,
	Geothermal,
	Biomass,
	Gas,
	Coal,
	Oil,
	GridMix,
}

/// An attribute of an asset an auditor attests.
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
	PartialOrd,
	Ord,
	Debug,
)]
pub enum Attribute {
	/// GPU count and GPU-hours per epoch, or kW and kWh per epoch.
	Capacity,
	/// Site and jurisdiction.
	Location,
	/// The energy source of a power asset.
	EnergySource,
}

/// What metering and claims need to know about a compute asset.
pub trait ComputeAssetInspect<AccountId> {
	/// The owner of a compute asset, if it exists.
	fn compute_owner(asset: AssetId) -> Option<AccountId>;
	/// Whether the compute asset is Active (may be metered, may back new claims).
	fn is_active_compute(asset: AssetId) -> bool;
	/// GPU-hours the asset can deliver in one epoch.
	fn gpu_hours_per_epoch(asset: AssetId) -> Option<u64>;
	/// The power allocated to the asset, per energy source, in kW.
	fn energy_mix(asset: AssetId) -> Vec<(EnergySource, u32)>;

	/// An Active compute asset of `owner` with power allocated, for other pallets' benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn active_asset_for_benchmarks(owner: &AccountId) -> AssetId;
}

/// An epoch index: block number divided by the epoch length.
pub type Epoch = u32;

/// Metered output of one compute asset in one epoch, as an operator reports it.
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
pub struct MeterReport {
	pub tokens_in: u64,
	pub tokens_out: u64,
	pub energy_kwh: u64,
	pub gpu_hours: u64,
	/// Number of usage records the Merkle root commits to.
	pub records: u32,
	/// `binary_merkle_tree` root (BlakeTwo256) of the usage records.
	pub records_root: sp_core::H256,
}

/// What the claims pallet needs from metering: the Final output of an (asset, epoch).
pub trait MeteredOutput {
	/// Output tokens of a Final, undisputed report; `None` while there is none.
	fn final_tokens_out(asset: AssetId, epoch: Epoch) -> Option<u64>;
}
