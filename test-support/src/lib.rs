//! Test doubles shared by the pallets' mock runtimes. The pallets that own a trait test their
//! real implementation; the others test against these small in-memory stand-ins.

use compute_ledger_primitives::{AssetId, ComputeAssetInspect, EnergySource};
use std::{cell::RefCell, collections::BTreeMap};

/// A compute asset as metering and claims see it.
#[derive(Clone, Debug)]
pub struct MockAsset {
	pub owner: u64,
	pub active: bool,
	pub gpu_hours: u64,
	pub gpu_count: u32,
	/// The block at which it became Active, if it did.
	pub activated_at: Option<u64>,
	pub mix: Vec<(EnergySource, u32)>,
	/// The power assets supplying it and their kW.
	pub supply: Vec<(AssetId, u32)>,
}

thread_local! {
	static ASSETS: RefCell<BTreeMap<AssetId, MockAsset>> = const { RefCell::new(BTreeMap::new()) };
}

/// An in-memory compute-asset registry (per test thread).
pub struct MockAssets;

impl MockAssets {
	/// Forgets every asset; call at the start of each test externalities.
	pub fn reset() {
		ASSETS.with(|a| a.borrow_mut().clear());
	}
	pub fn set(id: AssetId, asset: MockAsset) {
		ASSETS.with(|a| a.borrow_mut().insert(id, asset));
	}
	/// Changes a registered asset in place (nothing happens to an unknown id).
	pub fn update(id: AssetId, change: impl FnOnce(&mut MockAsset)) {
		ASSETS.with(|a| {
			if let Some(asset) = a.borrow_mut().get_mut(&id) {
				change(asset)
			}
		});
	}
	pub fn set_active(id: AssetId, active: bool) {
		Self::update(id, |asset| asset.active = active)
	}
	pub fn deactivate(id: AssetId) {
		Self::set_active(id, false)
	}
}

impl ComputeAssetInspect<u64> for MockAssets {
	fn compute_owner(asset: AssetId) -> Option<u64> {
		ASSETS.with(|a| a.borrow().get(&asset).map(|a| a.owner))
	}
	fn is_active_compute(asset: AssetId) -> bool {
		ASSETS.with(|a| a.borrow().get(&asset).is_some_and(|a| a.active))
	}
	fn gpu_hours_per_epoch(asset: AssetId) -> Option<u64> {
		ASSETS.with(|a| a.borrow().get(&asset).map(|a| a.gpu_hours))
	}
	fn gpu_count(asset: AssetId) -> Option<u32> {
		ASSETS.with(|a| a.borrow().get(&asset).map(|a| a.gpu_count))
	}
	fn activated_at(asset: AssetId) -> Option<u64> {
		ASSETS.with(|a| a.borrow().get(&asset).and_then(|a| a.activated_at))
	}
	fn energy_mix(asset: AssetId) -> Vec<(EnergySource, u32)> {
		ASSETS.with(|a| a.borrow().get(&asset).map(|a| a.mix.clone()).unwrap_or_default())
	}
	fn power_supply(asset: AssetId) -> Vec<(AssetId, u32)> {
		ASSETS.with(|a| a.borrow().get(&asset).map(|a| a.supply.clone()).unwrap_or_default())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn active_asset_for_benchmarks(owner: &u64) -> AssetId {
		let id = ASSETS.with(|a| a.borrow().len() as AssetId);
		Self::set(
			id,
			MockAsset {
				owner: *owner,
				active: true,
				gpu_hours: 1_000,
				gpu_count: 1_000_000,
				activated_at: Some(0),
				mix: vec![(EnergySource::Solar, 1_000)],
				supply: vec![(AssetId::MAX, 1_000)],
			},
		);
		id
	}
}
