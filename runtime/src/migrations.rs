//! Storage migrations run by `Executive` at a runtime upgrade. Each is versioned: it runs once,
//! when the pallet's on-chain storage version is the one it migrates from, and then sets the
//! new version; on a chain made by this runtime's genesis it does nothing.

use frame_support::{
	migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade, weights::Weight,
};

use crate::{AccountId, Runtime};

/// Every migration of this runtime, in order.
pub type Migrations = (ClaimsV1, ComputeAssetsV1, PricingV1, ChannelsV1);

/// Channels storage version 1: every channel carries its pricing; those opened before are
/// unpriced (the pallet's own migration).
pub type ChannelsV1 = pallet_channels::migrations::v1::MigrateV0ToV1<Runtime>;

/// Claims storage version 1 adds the holder index (`HeldClasses`, `HeldClassCount`) that a
/// forced recovery walks instead of every class. A chain made before it has claims in the
/// ledger and no index: this builds the index from the ledger's accounts, class by class.
pub type ClaimsV1 = VersionedMigration<
	0,
	1,
	BuildClaimHolderIndex,
	pallet_claims::Pallet<Runtime>,
	<Runtime as frame_system::Config>::DbWeight,
>;

/// Indexes every account holding a non-zero balance of a claim class (ledger asset id = class
/// id). Bounded by the ledger's accounts, which a permissioned chain keeps small; a chain
/// with millions of holders would need this as a multi-block migration.
pub struct BuildClaimHolderIndex;

impl UncheckedOnRuntimeUpgrade for BuildClaimHolderIndex {
	fn on_runtime_upgrade() -> Weight {
		let (mut reads, mut writes) = (0u64, 0u64);
		for class in pallet_claims::Classes::<Runtime>::iter_keys() {
			reads += 1;
			for (who, account) in pallet_assets::Account::<Runtime>::iter_prefix(class) {
				reads += 1;
				if account.balance == 0
					|| pallet_claims::HeldClasses::<Runtime>::contains_key(&who, class)
				{
					continue;
				}
				pallet_claims::HeldClasses::<Runtime>::insert(&who, class, ());
				pallet_claims::HeldClassCount::<Runtime>::mutate(&who, |n: &mut u32| {
					*n = n.saturating_add(1)
				});
				reads += 2;
				writes += 2;
			}
		}
		<Runtime as frame_system::Config>::DbWeight::get().reads_writes(reads, writes)
	}
}

/// Compute-assets storage version 1 records the block each asset first became Active
/// (`ActivatedAt`), below which metering refuses reports. A chain made before it has Active
/// assets and no record: each gets its registration block, the earliest it can have been
/// activated, so no report it could make before the upgrade is refused after it.
pub type ComputeAssetsV1 = VersionedMigration<
	0,
	1,
	RecordActivation,
	pallet_compute_assets::Pallet<Runtime>,
	<Runtime as frame_system::Config>::DbWeight,
>;

/// Sets `ActivatedAt` to the registration block for every asset that is, or may have been,
/// Active (Active, Suspended, Retired). Two reads per asset: the registry is small.
pub struct RecordActivation;

impl UncheckedOnRuntimeUpgrade for RecordActivation {
	fn on_runtime_upgrade() -> Weight {
		use compute_ledger_primitives::AssetStatus;
		let (mut reads, mut writes) = (0u64, 0u64);
		for (id, asset) in pallet_compute_assets::Assets::<Runtime>::iter() {
			reads += 2;
			let was_active = matches!(
				asset.status,
				AssetStatus::Active | AssetStatus::Suspended { .. } | AssetStatus::Retired
			);
			if was_active && !pallet_compute_assets::ActivatedAt::<Runtime>::contains_key(id) {
				pallet_compute_assets::ActivatedAt::<Runtime>::insert(id, asset.registered_at);
				writes += 1;
			}
		}
		<Runtime as frame_system::Config>::DbWeight::get().reads_writes(reads, writes)
	}
}

/// Pricing storage version 1: the tiers have their price ranges. Genesis writes them; a chain
/// that predates the pallet gets it at the upgrade that adds it (on-chain version 0, nothing
/// stored), and this seeds the default ranges there.
pub type PricingV1 = VersionedMigration<
	0,
	1,
	SeedTierRanges,
	pallet_pricing::Pallet<Runtime>,
	<Runtime as frame_system::Config>::DbWeight,
>;

/// Gives every tier without a range the default one (`genesis_config_presets::tier_bounds`).
pub struct SeedTierRanges;
impl UncheckedOnRuntimeUpgrade for SeedTierRanges {
	fn on_runtime_upgrade() -> Weight {
		let mut writes = 0u64;
		let defaults = crate::genesis_config_presets::tier_bounds();
		for (tier, bounds) in &defaults {
			if !pallet_pricing::TierBounds::<Runtime>::contains_key(tier) {
				pallet_pricing::TierBounds::<Runtime>::insert(tier, bounds);
				writes += 1;
			}
		}
		<Runtime as frame_system::Config>::DbWeight::get()
			.reads_writes(defaults.len() as u64, writes)
	}
}

/// How many classes each account holds a non-zero balance of, per the ledger: what the holder
/// index must count after the migration (checked by `runtime/tests/invariants.rs`).
pub fn holdings() -> alloc::vec::Vec<(AccountId, u32)> {
	let mut counts = alloc::collections::BTreeMap::<AccountId, u32>::new();
	for class in pallet_claims::Classes::<Runtime>::iter_keys() {
		for (who, account) in pallet_assets::Account::<Runtime>::iter_prefix(class) {
			if account.balance > 0 {
				*counts.entry(who).or_default() += 1;
			}
		}
	}
	counts.into_iter().collect()
}
