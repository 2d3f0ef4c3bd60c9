//! The registry's logic. Every `do_*` checks everything before it writes anything.

use crate::{pallet::*, types::*};
use compute_ledger_primitives::{
	AssetClass, AssetId, AssetStatus, Attribute, AuditorTrust, Compliance, EnergySource,
	Jurisdiction, ParticipantRegistry, ReasonCode, Role,
};
use frame_support::{ensure, pallet_prelude::*, BoundedVec};
use frame_system::pallet_prelude::*;
use sp_core::H256;

impl<T: Config> Pallet<T> {
	// ---- origins ----

	/// A signed, active participant.
	pub(crate) fn ensure_active_signer(
		origin: OriginFor<T>,
	) -> Result<T::AccountId, DispatchError> {
		let who = ensure_signed(origin)?;
		T::Participants::ensure_active(&who)?;
		Ok(who)
	}

	/// A signed, active participant holding the AssetOwner role.
	pub(crate) fn ensure_asset_owner_role(
		origin: OriginFor<T>,
	) -> Result<T::AccountId, DispatchError> {
		let who = ensure_signed(origin)?;
		T::Participants::ensure_role(&who, Role::AssetOwner)?;
		Ok(who)
	}

	/// The regulator, or an active auditor trusted for the asset's kind.
	pub(crate) fn ensure_supervisor(origin: OriginFor<T>, asset: AssetId) -> DispatchResult {
		let Err(origin) = T::RegulatorOrigin::try_origin(origin) else { return Ok(()) };
		let who = ensure_signed(origin)?;
		let record = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(
			T::Participants::ensure_role(&who, Role::Auditor).is_ok()
				&& T::Auditors::is_trusted_auditor(&Self::class_of(&record), &who),
			Error::<T>::NotSupervisor
		);
		Ok(())
	}

	// ---- helpers ----

	pub fn class_of(asset: &Asset<T>) -> AssetClass {
		if asset.is_compute() {
			AssetClass::ComputeCapacity
		} else {
			AssetClass::PowerCapacity
		}
	}

	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The asset, if `who` owns it and it is not retired.
	fn owned(who: &T::AccountId, asset: AssetId) -> Result<Asset<T>, DispatchError> {
		let record = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(&record.owner == who, Error::<T>::NotAssetOwner);
		ensure!(record.status != AssetStatus::Retired, Error::<T>::AssetRetired);
		Ok(record)
	}

	fn ensure_location(site: &NameOf<T>, jurisdiction: &Jurisdiction) -> DispatchResult {
		ensure!(!site.is_empty(), Error::<T>::EmptyName);
		ensure!(jurisdiction.is_valid(), Error::<T>::InvalidJurisdiction);
		Ok(())
	}

	/// Whether every required attestation is present, unexpired and by an auditor that is
	/// still trusted and active.
	pub fn attestations_complete(asset: AssetId, record: &Asset<T>) -> bool {
		let class = Self::class_of(record);
		let now = Self::now();
		record.required_attributes().iter().all(|attr| {
			Attestations::<T>::get(asset, attr).is_some_and(|a| {
				a.expires_at >= now
					&& T::Auditors::is_trusted_auditor(&class, &a.auditor)
					&& T::Participants::is_active(&a.auditor)
			})
		})
	}

	fn register(owner: T::AccountId, record: Asset<T>) -> Result<AssetId, DispatchError> {
		let id = NextAssetId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::TooManyAssets)?;
		AssetsByOwner::<T>::try_mutate(&owner, |list| list.try_push(id))
			.map_err(|_| Error::<T>::TooManyAssets)?;
		NextAssetId::<T>::put(next);
		Assets::<T>::insert(id, record);
		Ok(id)
	}

	/// Back to Pending after a change of `attribute`, whose attestation no longer holds.
	fn return_to_pending(asset: AssetId, record: &mut Asset<T>, attribute: Attribute) {
		Attestations::<T>::remove(asset, attribute);
		if matches!(record.status, AssetStatus::Verified | AssetStatus::Active) {
			record.status = AssetStatus::Pending;
		}
		Self::deposit_event(Event::ReturnedToPending { asset, attribute });
	}

	// ---- registration ----

	pub fn do_register_compute(
		owner: T::AccountId,
		gpu_model: NameOf<T>,
		gpu_count: u32,
		gpu_hours_per_epoch: u64,
		site: NameOf<T>,
		jurisdiction: Jurisdiction,
	) -> DispatchResult {
		ensure!(!gpu_model.is_empty(), Error::<T>::EmptyName);
		ensure!(gpu_count > 0 && gpu_hours_per_epoch > 0, Error::<T>::ZeroCapacity);
		Self::ensure_location(&site, &jurisdiction)?;
		let record = Asset {
			owner: owner.clone(),
			site,
			jurisdiction,
			details: AssetDetails::Compute {
				gpu_model,
				gpu_count,
				gpu_hours_per_epoch,
				power_links: BoundedVec::new(),
			},
			documents: BoundedVec::new(),
			status: AssetStatus::Pending,
			registered_at: Self::now(),
		};
		let asset = Self::register(owner.clone(), record)?;
		Self::deposit_event(Event::ComputeAssetRegistered { asset, owner });
		Ok(())
	}

	#[allow(clippy::too_many_arguments)]
	pub fn do_register_power(
		owner: T::AccountId,
		capacity_kw: u32,
		expected_kwh_per_epoch: u64,
		source: EnergySource,
		grid_region: NameOf<T>,
		site: NameOf<T>,
		jurisdiction: Jurisdiction,
	) -> DispatchResult {
		ensure!(capacity_kw > 0 && expected_kwh_per_epoch > 0, Error::<T>::ZeroCapacity);
		ensure!(!grid_region.is_empty(), Error::<T>::EmptyName);
		Self::ensure_location(&site, &jurisdiction)?;
		let record = Asset {
			owner: owner.clone(),
			site,
			jurisdiction,
			details: AssetDetails::Power {
				capacity_kw,
				expected_kwh_per_epoch,
				source,
				grid_region,
				allocated_kw: 0,
			},
			documents: BoundedVec::new(),
			status: AssetStatus::Pending,
			registered_at: Self::now(),
		};
		let asset = Self::register(owner.clone(), record)?;
		Self::deposit_event(Event::PowerAssetRegistered { asset, owner, source });
		Ok(())
	}

	// ---- documents ----

	pub fn do_add_document(
		who: T::AccountId,
		asset: AssetId,
		hash: H256,
		uri: BoundedVec<u8, T::MaxUriLen>,
	) -> DispatchResult {
		let mut record = Self::owned(&who, asset)?;
		ensure!(!uri.is_empty(), Error::<T>::EmptyName);
		ensure!(!record.documents.iter().any(|d| d.hash == hash), Error::<T>::DocumentExists);
		record
			.documents
			.try_push(DocumentRef { hash, uri })
			.map_err(|_| Error::<T>::TooManyDocuments)?;
		Assets::<T>::insert(asset, record);
		Self::deposit_event(Event::DocumentAdded { asset, hash });
		Ok(())
	}

	pub fn do_remove_document(who: T::AccountId, asset: AssetId, hash: H256) -> DispatchResult {
		let mut record = Self::owned(&who, asset)?;
		let pos = record
			.documents
			.iter()
			.position(|d| d.hash == hash)
			.ok_or(Error::<T>::UnknownDocument)?;
		record.documents.remove(pos);
		Assets::<T>::insert(asset, record);
		Self::deposit_event(Event::DocumentRemoved { asset, hash });
		Ok(())
	}

	// ---- power allocation ----

	pub fn do_allocate_power(
		who: T::AccountId,
		power: AssetId,
		compute: AssetId,
		kw: u32,
	) -> DispatchResult {
		ensure!(kw > 0, Error::<T>::ZeroCapacity);
		let power_record = Self::owned(&who, power)?;
		ensure!(!power_record.is_compute(), Error::<T>::NotPowerAsset);
		ensure!(power_record.status == AssetStatus::Active, Error::<T>::PowerNotActive);
		let compute_record = Assets::<T>::get(compute).ok_or(Error::<T>::UnknownAsset)?;
		if compute_record.owner == who {
			return Self::apply_allocation(power, power_record, compute, compute_record, kw);
		}
		// Another owner's cluster: check now what can be checked, apply on acceptance.
		Self::allocated(&power_record, &compute_record, power, kw)?;
		PowerOffers::<T>::insert(power, compute, kw);
		Self::deposit_event(Event::PowerOffered { power, compute, kw });
		Ok(())
	}

	pub fn do_accept_power(who: T::AccountId, power: AssetId, compute: AssetId) -> DispatchResult {
		let kw = PowerOffers::<T>::get(power, compute).ok_or(Error::<T>::NoPowerOffer)?;
		let compute_record = Self::owned(&who, compute)?;
		let power_record = Assets::<T>::get(power).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(power_record.status == AssetStatus::Active, Error::<T>::PowerNotActive);
		Self::apply_allocation(power, power_record, compute, compute_record, kw)?;
		PowerOffers::<T>::remove(power, compute);
		Ok(())
	}

	/// The two records with `kw` of `power` allocated to `compute`, if the allocation fits.
	fn allocated(
		power_record: &Asset<T>,
		compute_record: &Asset<T>,
		power: AssetId,
		kw: u32,
	) -> Result<(Asset<T>, Asset<T>), DispatchError> {
		let (mut power_record, mut compute_record) = (power_record.clone(), compute_record.clone());
		ensure!(compute_record.status != AssetStatus::Retired, Error::<T>::AssetRetired);
		let AssetDetails::Compute { power_links, .. } = &mut compute_record.details else {
			return Err(Error::<T>::NotComputeAsset.into());
		};
		let AssetDetails::Power { capacity_kw, allocated_kw, .. } = &mut power_record.details
		else {
			return Err(Error::<T>::NotPowerAsset.into());
		};
		let previous = power_links.iter().find(|l| l.power_asset == power).map_or(0, |l| l.kw);
		let new_total = allocated_kw.saturating_sub(previous).saturating_add(kw);
		ensure!(new_total <= *capacity_kw, Error::<T>::PowerOverallocated);
		match power_links.iter_mut().find(|l| l.power_asset == power) {
			Some(link) => link.kw = kw,
			None => power_links
				.try_push(PowerLink { power_asset: power, kw })
				.map_err(|_| Error::<T>::TooManyPowerLinks)?,
		}
		*allocated_kw = new_total;
		Ok((power_record, compute_record))
	}

	fn apply_allocation(
		power: AssetId,
		power_record: Asset<T>,
		compute: AssetId,
		compute_record: Asset<T>,
		kw: u32,
	) -> DispatchResult {
		let (power_record, compute_record) =
			Self::allocated(&power_record, &compute_record, power, kw)?;
		Assets::<T>::insert(power, power_record);
		Assets::<T>::insert(compute, compute_record);
		Self::deposit_event(Event::PowerAllocated { power, compute, kw });
		Ok(())
	}

	/// Ends an allocation; `who` (if given) must own one of the two assets.
	pub fn do_release_power(
		who: Option<T::AccountId>,
		power: AssetId,
		compute: AssetId,
	) -> DispatchResult {
		let mut power_record = Assets::<T>::get(power).ok_or(Error::<T>::UnknownAsset)?;
		let mut compute_record = Assets::<T>::get(compute).ok_or(Error::<T>::UnknownAsset)?;
		if let Some(who) = &who {
			ensure!(
				&power_record.owner == who || &compute_record.owner == who,
				Error::<T>::NotAssetOwner
			);
		}
		if PowerOffers::<T>::take(power, compute).is_some() {
			Self::deposit_event(Event::PowerOfferWithdrawn { power, compute });
			return Ok(());
		}
		let AssetDetails::Compute { power_links, .. } = &mut compute_record.details else {
			return Err(Error::<T>::NotComputeAsset.into());
		};
		let AssetDetails::Power { allocated_kw, .. } = &mut power_record.details else {
			return Err(Error::<T>::NotPowerAsset.into());
		};
		let pos =
			power_links.iter().position(|l| l.power_asset == power).ok_or(Error::<T>::NotLinked)?;
		let kw = power_links.remove(pos).kw;
		*allocated_kw = allocated_kw.saturating_sub(kw);
		Assets::<T>::insert(power, power_record);
		Assets::<T>::insert(compute, compute_record);
		Self::deposit_event(Event::PowerReleased { power, compute, kw });
		Ok(())
	}

	// ---- attestation and lifecycle ----

	pub fn do_attest(
		auditor: T::AccountId,
		asset: AssetId,
		attribute: Attribute,
		value: H256,
		expires_at: BlockNumberFor<T>,
	) -> DispatchResult {
		let mut record = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(record.status != AssetStatus::Retired, Error::<T>::AssetRetired);
		T::Participants::ensure_role(&auditor, Role::Auditor)?;
		ensure!(
			T::Auditors::is_trusted_auditor(&Self::class_of(&record), &auditor),
			Error::<T>::NotTrustedAuditor
		);
		ensure!(
			record.required_attributes().contains(&attribute),
			Error::<T>::AttributeNotApplicable
		);
		ensure!(expires_at > Self::now(), Error::<T>::AttestationExpiryInPast);
		Attestations::<T>::insert(
			asset,
			attribute,
			Attestation { auditor: auditor.clone(), value, expires_at },
		);
		Self::deposit_event(Event::Attested { asset, attribute, auditor, value, expires_at });
		if record.status == AssetStatus::Pending && Self::attestations_complete(asset, &record) {
			record.status = AssetStatus::Verified;
			Assets::<T>::insert(asset, record);
			Self::deposit_event(Event::Verified { asset });
		}
		Ok(())
	}

	pub fn do_activate(who: T::AccountId, asset: AssetId) -> DispatchResult {
		let mut record = Self::owned(&who, asset)?;
		ensure!(record.status == AssetStatus::Verified, Error::<T>::InvalidStatus);
		ensure!(Self::attestations_complete(asset, &record), Error::<T>::AttestationsIncomplete);
		record.status = AssetStatus::Active;
		Assets::<T>::insert(asset, record);
		// The first activation only: a resumed asset's earlier output stays reportable.
		if !ActivatedAt::<T>::contains_key(asset) {
			ActivatedAt::<T>::insert(asset, frame_system::Pallet::<T>::block_number());
		}
		Self::deposit_event(Event::Activated { asset });
		Ok(())
	}

	pub fn do_suspend(asset: AssetId, reason: ReasonCode) -> DispatchResult {
		let mut record = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(
			matches!(
				record.status,
				AssetStatus::Active | AssetStatus::Verified | AssetStatus::Pending
			),
			Error::<T>::InvalidStatus
		);
		record.status = AssetStatus::Suspended { reason };
		Assets::<T>::insert(asset, record);
		Self::deposit_event(Event::Suspended { asset, reason });
		Ok(())
	}

	pub fn do_resume(asset: AssetId) -> DispatchResult {
		let mut record = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(matches!(record.status, AssetStatus::Suspended { .. }), Error::<T>::InvalidStatus);
		// Back to Verified (the owner activates again) only if the attestations still hold.
		let verified = Self::attestations_complete(asset, &record);
		record.status = if verified { AssetStatus::Verified } else { AssetStatus::Pending };
		Assets::<T>::insert(asset, record);
		Self::deposit_event(Event::Resumed { asset, verified });
		Ok(())
	}

	/// Retires an asset; `owner` (if given, else the regulator) must own it.
	pub fn do_retire(owner: Option<T::AccountId>, asset: AssetId) -> DispatchResult {
		let record = match &owner {
			Some(who) => Self::owned(who, asset)?,
			None => {
				let r = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
				ensure!(r.status != AssetStatus::Retired, Error::<T>::AssetRetired);
				r
			}
		};
		match &record.details {
			AssetDetails::Power { allocated_kw, .. } => {
				ensure!(*allocated_kw == 0, Error::<T>::PowerStillAllocated)
			}
			AssetDetails::Compute { power_links, .. } => {
				for link in power_links.clone() {
					Self::do_release_power(None, link.power_asset, asset)?;
				}
			}
		}
		Assets::<T>::mutate(asset, |r| {
			if let Some(r) = r {
				r.status = AssetStatus::Retired;
			}
		});
		Self::deposit_event(Event::Retired { asset });
		Ok(())
	}

	// ---- changes that need a new attestation ----

	pub fn do_update_compute_capacity(
		who: T::AccountId,
		asset: AssetId,
		new_gpu_count: u32,
		new_gpu_hours: u64,
	) -> DispatchResult {
		ensure!(new_gpu_count > 0 && new_gpu_hours > 0, Error::<T>::ZeroCapacity);
		let mut record = Self::owned(&who, asset)?;
		let AssetDetails::Compute { gpu_count, gpu_hours_per_epoch, .. } = &mut record.details
		else {
			return Err(Error::<T>::NotComputeAsset.into());
		};
		*gpu_count = new_gpu_count;
		*gpu_hours_per_epoch = new_gpu_hours;
		Self::return_to_pending(asset, &mut record, Attribute::Capacity);
		Assets::<T>::insert(asset, record);
		Ok(())
	}

	pub fn do_update_power_capacity(
		who: T::AccountId,
		asset: AssetId,
		new_capacity_kw: u32,
		new_expected_kwh: u64,
	) -> DispatchResult {
		ensure!(new_capacity_kw > 0 && new_expected_kwh > 0, Error::<T>::ZeroCapacity);
		let mut record = Self::owned(&who, asset)?;
		let AssetDetails::Power { capacity_kw, expected_kwh_per_epoch, allocated_kw, .. } =
			&mut record.details
		else {
			return Err(Error::<T>::NotPowerAsset.into());
		};
		ensure!(new_capacity_kw >= *allocated_kw, Error::<T>::CapacityBelowAllocation);
		*capacity_kw = new_capacity_kw;
		*expected_kwh_per_epoch = new_expected_kwh;
		Self::return_to_pending(asset, &mut record, Attribute::Capacity);
		Assets::<T>::insert(asset, record);
		Ok(())
	}

	pub fn do_relocate(
		who: T::AccountId,
		asset: AssetId,
		site: NameOf<T>,
		jurisdiction: Jurisdiction,
	) -> DispatchResult {
		Self::ensure_location(&site, &jurisdiction)?;
		let mut record = Self::owned(&who, asset)?;
		record.site = site;
		record.jurisdiction = jurisdiction;
		Self::return_to_pending(asset, &mut record, Attribute::Location);
		Assets::<T>::insert(asset, record);
		Ok(())
	}

	pub fn do_transfer_ownership(
		from: T::AccountId,
		asset: AssetId,
		to: T::AccountId,
	) -> DispatchResult {
		let mut record = Self::owned(&from, asset)?;
		ensure!(from != to, Error::<T>::SameOwner);
		T::Participants::ensure_role(&to, Role::AssetOwner)?;
		T::Compliance::can_transfer(&Self::class_of(&record), &from, &to, 1u32.into())?;
		AssetsByOwner::<T>::try_mutate(&to, |list| list.try_push(asset))
			.map_err(|_| Error::<T>::TooManyAssets)?;
		AssetsByOwner::<T>::mutate(&from, |list| list.retain(|a| *a != asset));
		record.owner = to.clone();
		Assets::<T>::insert(asset, record);
		Self::deposit_event(Event::OwnershipTransferred { asset, from, to });
		Ok(())
	}

	/// Invariants: no power asset is allocated beyond its capacity, allocations seen from
	/// both sides agree, and every asset is listed under its owner.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		let mut linked: BTreeMap<AssetId, u64> = BTreeMap::new();
		for (id, record) in Assets::<T>::iter() {
			ensure!(AssetsByOwner::<T>::get(&record.owner).contains(&id), "asset not under owner");
			if record.status == AssetStatus::Active {
				ensure!(
					ActivatedAt::<T>::contains_key(id),
					"an Active asset without activation block"
				);
			}
			if let AssetDetails::Compute { power_links, .. } = &record.details {
				for l in power_links.iter() {
					*linked.entry(l.power_asset).or_default() += l.kw as u64;
				}
			}
		}
		for (id, record) in Assets::<T>::iter() {
			if let AssetDetails::Power { capacity_kw, allocated_kw, .. } = record.details {
				ensure!(allocated_kw <= capacity_kw, "power allocated beyond capacity");
				ensure!(
					linked.get(&id).copied().unwrap_or(0) == allocated_kw as u64,
					"allocations disagree between power and compute assets"
				);
			}
		}
		Ok(())
	}
}
