//! # Compute assets
//!
//! The registry of real compute and power capacity. An admitted AssetOwner registers a GPU
//! cluster (GPU model and count, GPU-hours per epoch, site and jurisdiction) or a power
//! asset (kW, expected kWh per epoch, energy source, grid region). A power owner allocates
//! kW of its capacity to compute assets; the sum allocated never exceeds the capacity.
//!
//! Auditors trusted for the asset kind (by the compliance officer) attest capacity,
//! location and energy source with an expiry. Lifecycle: Pending → Verified (every required
//! attestation present and valid) → Active (owner) → Suspended (regulator or trusted
//! auditor, reversible) → Retired (final). A change of capacity or location returns the
//! asset to Pending until re-attested. Only Active compute assets may be metered or back new
//! claims ([`compute_ledger_primitives::ComputeAssetInspect`]). Ownership moves only to an
//! active AssetOwner that passes the compliance check.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
pub mod impl_inspect;
mod impl_recovery;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use compute_ledger_primitives::{
		AssetId, Attribute, AuditorTrust, Compliance, EnergySource, Jurisdiction,
		ParticipantRegistry, ReasonCode,
	};
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_core::H256;

	/// Bumped with a migration whenever a stored type changes.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Amounts as the compliance check sees them (an asset moves as one unit).
		type Balance: Parameter + Member + Copy + MaxEncodedLen + From<u32>;

		type Participants: ParticipantRegistry<Self::AccountId>;

		/// The check an ownership transfer passes.
		type Compliance: Compliance<Self::AccountId, Self::Balance>;

		/// Auditors trusted per asset kind (`AssetClass::ComputeCapacity`, `PowerCapacity`).
		type Auditors: AuditorTrust<Self::AccountId>;

		/// Suspends, resumes and retires any asset.
		type RegulatorOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Blocks per epoch unless the chain's genesis sets another length (see `EpochLength`).
		#[pallet::constant]
		type DefaultEpochLength: Get<BlockNumberFor<Self>>;

		/// Longest GPU model, site identifier or grid region, in bytes.
		#[pallet::constant]
		type MaxNameLen: Get<u32>;
		/// Longest document URI, in bytes.
		#[pallet::constant]
		type MaxUriLen: Get<u32>;
		/// Most documents per asset.
		#[pallet::constant]
		type MaxDocuments: Get<u32>;
		/// Most power assets one compute asset draws on.
		#[pallet::constant]
		type MaxPowerLinks: Get<u32>;
		/// Most assets one owner may hold: nobody bloats state for free.
		#[pallet::constant]
		type MaxAssetsPerOwner: Get<u32>;

		type WeightInfo: WeightInfo;
	}

	/// Blocks per epoch: the period "GPU-hours per epoch" and "kWh per epoch" refer to, and
	/// over which output is metered. Set once at genesis (short on a dev chain), never changed:
	/// epoch numbers would shift.
	#[pallet::storage]
	pub type EpochLength<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, T::DefaultEpochLength>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Blocks per epoch; `None` keeps `DefaultEpochLength`.
		pub epoch_length: Option<BlockNumberFor<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(len) = self.epoch_length {
				assert!(len > 0u32.into(), "an epoch lasts at least one block");
				EpochLength::<T>::put(len);
			}
		}
	}

	/// The id the next registered asset gets.
	#[pallet::storage]
	pub type NextAssetId<T: Config> = StorageValue<_, AssetId, ValueQuery>;

	/// Every registered asset.
	#[pallet::storage]
	pub type Assets<T: Config> = StorageMap<_, Blake2_128Concat, AssetId, Asset<T>>;

	/// Power offered by a power asset's owner to another owner's compute asset, in kW,
	/// waiting for the compute owner's acceptance: nobody's energy mix changes unasked.
	#[pallet::storage]
	pub type PowerOffers<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, AssetId, Blake2_128Concat, AssetId, u32>;

	/// The current attestation of each attribute of each asset.
	#[pallet::storage]
	pub type Attestations<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, AssetId, Blake2_128Concat, Attribute, Attestation<T>>;

	/// The block at which each asset first became Active. Metering refuses reports for epochs
	/// that ended before it: output from before the registry vouched for the asset backs nothing.
	/// Storage version 1 added it (`runtime/src/migrations.rs` fills it for older assets).
	#[pallet::storage]
	pub type ActivatedAt<T: Config> = StorageMap<_, Blake2_128Concat, AssetId, BlockNumberFor<T>>;

	/// The assets each owner holds.
	#[pallet::storage]
	pub type AssetsByOwner<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<AssetId, T::MaxAssetsPerOwner>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		ComputeAssetRegistered {
			asset: AssetId,
			owner: T::AccountId,
		},
		PowerAssetRegistered {
			asset: AssetId,
			owner: T::AccountId,
			source: EnergySource,
		},
		DocumentAdded {
			asset: AssetId,
			hash: H256,
		},
		DocumentRemoved {
			asset: AssetId,
			hash: H256,
		},
		PowerAllocated {
			power: AssetId,
			compute: AssetId,
			kw: u32,
		},
		PowerReleased {
			power: AssetId,
			compute: AssetId,
			kw: u32,
		},
		/// The power owner offered `kw` to another owner's compute asset; it takes effect
		/// when the compute owner accepts.
		PowerOffered {
			power: AssetId,
			compute: AssetId,
			kw: u32,
		},
		/// A pending power offer was withdrawn or declined.
		PowerOfferWithdrawn {
			power: AssetId,
			compute: AssetId,
		},
		Attested {
			asset: AssetId,
			attribute: Attribute,
			auditor: T::AccountId,
			value: H256,
			expires_at: BlockNumberFor<T>,
		},
		/// Every required attestation is present: the owner may activate the asset.
		Verified {
			asset: AssetId,
		},
		Activated {
			asset: AssetId,
		},
		Suspended {
			asset: AssetId,
			reason: ReasonCode,
		},
		/// Back from suspension: Verified if its attestations still hold, else Pending.
		Resumed {
			asset: AssetId,
			verified: bool,
		},
		Retired {
			asset: AssetId,
		},
		/// Capacity or location changed; the asset waits for a new attestation.
		ReturnedToPending {
			asset: AssetId,
			attribute: Attribute,
		},
		OwnershipTransferred {
			asset: AssetId,
			from: T::AccountId,
			to: T::AccountId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No asset has this id.
		UnknownAsset,
		/// The signer does not own the asset.
		NotAssetOwner,
		/// The call needs a compute asset.
		NotComputeAsset,
		/// The call needs a power asset.
		NotPowerAsset,
		/// A name (model, site, region) must not be empty.
		EmptyName,
		/// Capacities must be above zero.
		ZeroCapacity,
		/// A jurisdiction must be an upper-case ISO 3166-1 alpha-2 code.
		InvalidJurisdiction,
		/// The owner already holds `MaxAssetsPerOwner` assets.
		TooManyAssets,
		/// The asset already carries `MaxDocuments` documents.
		TooManyDocuments,
		/// A document with this hash is already attached.
		DocumentExists,
		/// No document with this hash is attached.
		UnknownDocument,
		/// The allocation would exceed the power asset's capacity.
		PowerOverallocated,
		/// The compute asset already draws on `MaxPowerLinks` power assets.
		TooManyPowerLinks,
		/// The compute asset does not draw on this power asset.
		NotLinked,
		/// The new capacity is below the power already allocated.
		CapacityBelowAllocation,
		/// The signer is not an auditor trusted for this kind of asset.
		NotTrustedAuditor,
		/// This attribute does not apply to this kind of asset.
		AttributeNotApplicable,
		/// An attestation must expire in the future.
		AttestationExpiryInPast,
		/// A required attestation is missing, expired, or by an auditor no longer trusted.
		AttestationsIncomplete,
		/// The asset's status does not allow this.
		InvalidStatus,
		/// The asset is retired.
		AssetRetired,
		/// A power asset with allocations cannot be retired.
		PowerStillAllocated,
		/// The caller is neither the regulator nor a trusted auditor.
		NotSupervisor,
		/// The asset already belongs to this account.
		SameOwner,
		/// Power is allocated from an Active power asset only.
		PowerNotActive,
		/// No power offer from this power asset to this compute asset is pending.
		NoPowerOffer,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a GPU cluster owned by the signer (an active AssetOwner). Starts Pending.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_compute())]
		pub fn register_compute(
			origin: OriginFor<T>,
			gpu_model: NameOf<T>,
			gpu_count: u32,
			gpu_hours_per_epoch: u64,
			site: NameOf<T>,
			jurisdiction: Jurisdiction,
		) -> DispatchResult {
			let who = Self::ensure_asset_owner_role(origin)?;
			Self::do_register_compute(
				who,
				gpu_model,
				gpu_count,
				gpu_hours_per_epoch,
				site,
				jurisdiction,
			)
		}

		/// Registers a power asset owned by the signer (an active AssetOwner). Starts Pending.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::register_power())]
		pub fn register_power(
			origin: OriginFor<T>,
			capacity_kw: u32,
			expected_kwh_per_epoch: u64,
			source: EnergySource,
			grid_region: NameOf<T>,
			site: NameOf<T>,
			jurisdiction: Jurisdiction,
		) -> DispatchResult {
			let who = Self::ensure_asset_owner_role(origin)?;
			Self::do_register_power(
				who,
				capacity_kw,
				expected_kwh_per_epoch,
				source,
				grid_region,
				site,
				jurisdiction,
			)
		}

		/// Attaches a document (content hash and URI) to an asset of the signer.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::add_document())]
		pub fn add_document(
			origin: OriginFor<T>,
			asset: AssetId,
			hash: H256,
			uri: BoundedVec<u8, T::MaxUriLen>,
		) -> DispatchResult {
			let who = Self::ensure_active_signer(origin)?;
			Self::do_add_document(who, asset, hash, uri)
		}

		/// Detaches a document from an asset of the signer.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::remove_document())]
		pub fn remove_document(origin: OriginFor<T>, asset: AssetId, hash: H256) -> DispatchResult {
			let who = Self::ensure_active_signer(origin)?;
			Self::do_remove_document(who, asset, hash)
		}

		/// The owner of an Active power asset allocates `kw` of `power` to `compute`
		/// (replacing an earlier allocation between the two). The sum allocated never exceeds
		/// the capacity. Where another account owns `compute`, this is an offer that takes
		/// effect when that owner accepts it (`accept_power`).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::allocate_power())]
		pub fn allocate_power(
			origin: OriginFor<T>,
			power: AssetId,
			compute: AssetId,
			kw: u32,
		) -> DispatchResult {
			let who = Self::ensure_active_signer(origin)?;
			Self::do_allocate_power(who, power, compute, kw)
		}

		/// Ends the allocation of `power` to `compute`, or withdraws (declines) a pending
		/// offer between them; either owner may call it.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::release_power())]
		pub fn release_power(
			origin: OriginFor<T>,
			power: AssetId,
			compute: AssetId,
		) -> DispatchResult {
			let who = Self::ensure_active_signer(origin)?;
			Self::do_release_power(Some(who), power, compute)
		}

		/// A trusted auditor attests an attribute of an asset until `expires_at`. A Pending
		/// asset whose required attestations are then complete becomes Verified.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::attest())]
		pub fn attest(
			origin: OriginFor<T>,
			asset: AssetId,
			attribute: Attribute,
			value: H256,
			expires_at: BlockNumberFor<T>,
		) -> DispatchResult {
			let who = Self::ensure_active_signer(origin)?;
			Self::do_attest(who, asset, attribute, value, expires_at)
		}

		/// The owner activates a Verified asset whose attestations still hold.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::activate())]
		pub fn activate(origin: OriginFor<T>, asset: AssetId) -> DispatchResult {
			let who = Self::ensure_active_signer(origin)?;
			Self::do_activate(who, asset)
		}

		/// The regulator or an auditor trusted for the asset kind suspends the asset.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::suspend())]
		pub fn suspend(origin: OriginFor<T>, asset: AssetId, reason: ReasonCode) -> DispatchResult {
			Self::ensure_supervisor(origin, asset)?;
			Self::do_suspend(asset, reason)
		}

		/// The regulator or a trusted auditor lifts a suspension.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::resume())]
		pub fn resume(origin: OriginFor<T>, asset: AssetId) -> DispatchResult {
			Self::ensure_supervisor(origin, asset)?;
			Self::do_resume(asset)
		}

		/// The owner or the regulator retires the asset for good, releasing its allocations.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::retire())]
		pub fn retire(origin: OriginFor<T>, asset: AssetId) -> DispatchResult {
			let owner = match T::RegulatorOrigin::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => Some(Self::ensure_active_signer(origin)?),
			};
			Self::do_retire(owner, asset)
		}

		/// Changes a compute asset's capacity; it returns to Pending until re-attested.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::update_compute_capacity())]
		pub fn update_compute_capacity(
			origin: OriginFor<T>,
			asset: AssetId,
			gpu_count: u32,
			gpu_hours_per_epoch: u64,
		) -> DispatchResult {
			let who = Self::ensure_active_signer(origin)?;
			Self::do_update_compute_capacity(who, asset, gpu_count, gpu_hours_per_epoch)
		}

		/// Changes a power asset's capacity (never below what is allocated); it returns to
		/// Pending until re-attested.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::update_power_capacity())]
		pub fn update_power_capacity(
			origin: OriginFor<T>,
			asset: AssetId,
			capacity_kw: u32,
			expected_kwh_per_epoch: u64,
		) -> DispatchResult {
			let who = Self::ensure_active_signer(origin)?;
			Self::do_update_power_capacity(who, asset, capacity_kw, expected_kwh_per_epoch)
		}

		/// Moves an asset to another site; it returns to Pending until re-attested.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::relocate())]
		pub fn relocate(
			origin: OriginFor<T>,
			asset: AssetId,
			site: NameOf<T>,
			jurisdiction: Jurisdiction,
		) -> DispatchResult {
			let who = Self::ensure_active_signer(origin)?;
			Self::do_relocate(who, asset, site, jurisdiction)
		}

		/// Transfers the asset to an active AssetOwner that passes the compliance check.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::transfer_ownership())]
		pub fn transfer_ownership(
			origin: OriginFor<T>,
			asset: AssetId,
			to: T::AccountId,
		) -> DispatchResult {
			let who = Self::ensure_active_signer(origin)?;
			Self::do_transfer_ownership(who, asset, to)
		}

		/// The compute asset's owner accepts the power offered to it; the allocation is
		/// checked again (Active power, capacity) as it takes effect.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::accept_power())]
		pub fn accept_power(
			origin: OriginFor<T>,
			power: AssetId,
			compute: AssetId,
		) -> DispatchResult {
			let who = Self::ensure_active_signer(origin)?;
			Self::do_accept_power(who, power, compute)
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}
}
