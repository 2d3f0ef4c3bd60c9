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
}
