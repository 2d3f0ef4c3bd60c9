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

/// How many energy sources there are: an energy mix has at most one entry per source.
pub const MAX_ENERGY_SOURCES: u32 = 10;

/// Most power assets one compute asset draws on that a metered epoch records (a runtime's
/// compute-asset registry allows at most this many links).
pub const MAX_POWER_SUPPLIERS: u32 = 16;

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
	/// The GPUs an auditor attested for the asset (its `Capacity` attestation covers them).
	fn gpu_count(asset: AssetId) -> Option<u32>;
	/// The block at which the asset first became Active.
	fn activated_at(asset: AssetId) -> Option<u64>;
	/// The power allocated to the asset, per energy source, in kW.
	fn energy_mix(asset: AssetId) -> Vec<(EnergySource, u32)>;
	/// The power assets allocated to the asset and the kW each supplies.
	fn power_supply(asset: AssetId) -> Vec<(AssetId, u32)>;

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

/// The Final metered output of one (asset, epoch): what a claim class is backed by and
/// the provenance it carries.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct FinalOutput {
	/// Output tokens of the report.
	pub tokens_out: u64,
	/// Output tokens per kWh of the report (0 if it used no energy).
	pub tokens_per_kwh: u64,
	/// Identifies the report: the Merkle root of its usage records (counted once only).
	pub report_id: sp_core::H256,
	/// kW drawn per energy source by the asset.
	pub energy_mix: Vec<(EnergySource, u32)>,
	/// Energy the asset drew in the epoch, in kWh.
	pub energy_kwh: u64,
	/// The power assets that supplied it and their kW, as allocated when the report was
	/// agreed.
	pub power_supply: Vec<(AssetId, u32)>,
	/// The epoch's last block: the tariffs in force then price its energy.
	pub last_block: u64,
}

/// What the energy pallet needs to know about a power asset.
pub trait PowerAssetInspect<AccountId> {
	/// The owner of a power asset, if it exists (and is not retired).
	fn power_owner(asset: AssetId) -> Option<AccountId>;

	/// A power asset of `owner`, for other pallets' benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn power_asset_for_benchmarks(owner: &AccountId) -> AssetId;
}

/// What the claims pallet needs from metering: the Final output of an (asset, epoch).
pub trait MeteredOutput {
	/// The Final, undisputed report of (asset, epoch); `None` while there is none.
	fn final_output(asset: AssetId, epoch: Epoch) -> Option<FinalOutput>;

	/// Output tokens of a Final, undisputed report; `None` while there is none.
	fn final_tokens_out(asset: AssetId, epoch: Epoch) -> Option<u64> {
		Self::final_output(asset, epoch).map(|o| o.tokens_out)
	}

	/// Makes (asset, epoch) Final with `tokens_out` output, for other pallets' benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn finalise_for_benchmarks(asset: AssetId, epoch: Epoch, tokens_out: u64);
}

/// Each energy source's share of a mix given in kW (empty mix: no shares).
pub fn energy_shares(mix: &[(EnergySource, u32)]) -> Vec<(EnergySource, sp_runtime::Perbill)> {
	let total: u64 = mix.iter().map(|(_, kw)| *kw as u64).sum();
	let mut shares: Vec<(EnergySource, u64)> = Vec::new();
	for (source, kw) in mix {
		match shares.iter_mut().find(|(s, _)| s == source) {
			Some((_, sum)) => *sum += *kw as u64,
			None => shares.push((*source, *kw as u64)),
		}
	}
	shares.sort_by_key(|(s, _)| *s);
	shares
		.into_iter()
		.map(|(s, kw)| (s, sp_runtime::Perbill::from_rational(kw, total.max(1))))
		.collect()
}
