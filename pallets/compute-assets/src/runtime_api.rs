//! Runtime API: compute and power assets, for wallets and explorers.

use crate::impl_inspect::AssetFilter;
use alloc::vec::Vec;
use codec::Codec;
use compute_ledger_primitives::{AssetId, Attribute, EnergySource};

sp_api::decl_runtime_apis! {
	/// `Asset` is the pallet's `Asset<Runtime>`, `Attestation` its `Attestation<Runtime>`.
	///
	/// Version 2 adds `activated_at`.
	#[api_version(2)]
	pub trait ComputeAssetsApi<AccountId, Asset, Attestation>
	where
		AccountId: Codec,
		Asset: Codec,
		Attestation: Codec,
	{
		/// One asset.
		fn asset(id: AssetId) -> Option<Asset>;
		/// Assets the filter selects, from the first id ≥ `start`, at most `limit` (≤ 100).
		fn assets(filter: AssetFilter<AccountId>, start: AssetId, limit: u32) -> Vec<(AssetId, Asset)>;
		/// The attestations of an asset.
		fn attestations(id: AssetId) -> Vec<(Attribute, Attestation)>;
		/// kW of a power asset not yet allocated.
		fn power_available(id: AssetId) -> Option<u32>;
		/// kW drawn by a compute asset, per energy source.
		fn energy_mix(id: AssetId) -> Vec<(EnergySource, u32)>;
		/// The block in which the asset first became Active: metering refuses epochs that
		/// ended before it.
		#[api_version(2)]
		fn activated_at(id: AssetId) -> Option<u32>;
	}
}
