use crate::{
	mock::*,
	pallet::{Assets, AssetsByOwner, Attestations, Error, Event},
	types::*,
};
use compute_ledger_primitives::{
	AssetStatus, Attribute, ComputeAssetInspect, EnergySource, Jurisdiction,
};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_core::H256;
use sp_runtime::traits::BadOrigin;

const COMPUTE: u32 = 0;
const SOLAR: u32 = 1;

fn name(s: &str) -> NameOf<Test> {
	s.as_bytes().to_vec().try_into().unwrap()
}

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn de() -> Jurisdiction {
	Jurisdiction(*b"DE")
}

/// OWNER registers a GPU cluster (id 0) and a 500 kW solar plant (id 1).
fn register_both() {
	assert_ok!(ComputeAssets::register_compute(
		signed(OWNER),
		name("H100"),
		64,
		46_080,
		name("fra-1"),
		de()
	));
	assert_ok!(ComputeAssets::register_power(
		signed(OWNER),
		500,
		400,
		EnergySource::Solar,
		name("DE-LU"),
		name("brandenburg-3"),
		de()
	));
}

fn attest(asset: u32, attribute: Attribute) {
	assert_ok!(ComputeAssets::attest(signed(AUDITOR), asset, attribute, H256::repeat_byte(7), 100));
}

fn verify_all() {
	attest(COMPUTE, Attribute::Capacity);
	attest(COMPUTE, Attribute::Location);
	for attr in [Attribute::Capacity, Attribute::Location, Attribute::EnergySource] {
		attest(SOLAR, attr);
	}
}

/// Ferdie-style attestations of the plant, then its owner activates it: power is allocated
/// from an Active power asset only.
fn active_solar() {
	for attr in [Attribute::Capacity, Attribute::Location, Attribute::EnergySource] {
		attest(SOLAR, attr);
	}
	assert_ok!(ComputeAssets::activate(signed(OWNER), SOLAR));
}

fn status(asset: u32) -> AssetStatus {
	Assets::<Test>::get(asset).unwrap().status
}

#[test]
fn register_link_verify_activate_end_to_end() {
	new_test_ext().execute_with(|| {
		register_both();
		System::assert_has_event(
			Event::ComputeAssetRegistered { asset: COMPUTE, owner: OWNER }.into(),
		);
		assert_eq!(status(COMPUTE), AssetStatus::Pending);
		assert_eq!(AssetsByOwner::<Test>::get(OWNER).into_inner(), vec![COMPUTE, SOLAR]);

		assert_noop!(
			ComputeAssets::allocate_power(signed(OWNER), SOLAR, COMPUTE, 300),
			Error::<Test>::PowerNotActive
		);
		active_solar();
		assert_ok!(ComputeAssets::allocate_power(signed(OWNER), SOLAR, COMPUTE, 300));
		assert_eq!(ComputeAssets::power_available(SOLAR), Some(200));
		assert_eq!(ComputeAssets::energy_mix(COMPUTE), vec![(EnergySource::Solar, 300)]);

		attest(COMPUTE, Attribute::Capacity);
		assert_eq!(status(COMPUTE), AssetStatus::Pending, "location still missing");
		attest(COMPUTE, Attribute::Location);
		assert_eq!(status(COMPUTE), AssetStatus::Verified);
		System::assert_has_event(Event::Verified { asset: COMPUTE }.into());
		assert!(!ComputeAssets::is_active_compute(COMPUTE));
		assert_ok!(ComputeAssets::activate(signed(OWNER), COMPUTE));
		assert!(ComputeAssets::is_active_compute(COMPUTE));
		assert_eq!(ComputeAssets::gpu_hours_per_epoch(COMPUTE), Some(46_080));
		ComputeAssets::do_try_state().unwrap();
	});
}

#[test]
fn only_active_asset_owners_register() {
	new_test_ext().execute_with(|| {
		for bad in [TRADER, AUDITOR, STRANGER] {
			assert!(ComputeAssets::register_compute(signed(bad), name("A"), 1, 1, name("s"), de())
				.is_err());
		}
		assert_noop!(
			ComputeAssets::register_compute(signed(TRADER), name("A"), 1, 1, name("s"), de()),
			pallet_participants::Error::<Test>::MissingRole
		);
		assert_noop!(
			ComputeAssets::register_compute(signed(STRANGER), name("A"), 1, 1, name("s"), de()),
			pallet_participants::Error::<Test>::NotAdmitted
		);
		assert_noop!(
			ComputeAssets::register_compute(
				RuntimeOrigin::root(),
				name("A"),
				1,
				1,
				name("s"),
				de()
			),
			BadOrigin
		);
		assert_ok!(Participants::suspend(RuntimeOrigin::root(), OWNER, 1));
		assert_noop!(
			ComputeAssets::register_compute(signed(OWNER), name("A"), 1, 1, name("s"), de()),
			pallet_participants::Error::<Test>::NotActive
		);
	});
}

#[test]
fn registration_rejects_bad_input_and_bounds_state() {
	new_test_ext().execute_with(|| {
		let reg = |model: &str, count, hours, site: &str, j: &[u8; 2]| {
			ComputeAssets::register_compute(
				signed(OWNER),
				name(model),
				count,
				hours,
				name(site),
				Jurisdiction(*j),
			)
		};
		assert_noop!(reg("", 1, 1, "s", b"DE"), Error::<Test>::EmptyName);
		assert_noop!(reg("A", 0, 1, "s", b"DE"), Error::<Test>::ZeroCapacity);
		assert_noop!(reg("A", 1, 0, "s", b"DE"), Error::<Test>::ZeroCapacity);
		assert_noop!(reg("A", 1, 1, "", b"DE"), Error::<Test>::EmptyName);
		assert_noop!(reg("A", 1, 1, "s", b"de"), Error::<Test>::InvalidJurisdiction);
		assert_noop!(
			ComputeAssets::register_power(
				signed(OWNER),
				0,
				1,
				EnergySource::Wind,
				name("r"),
				name("s"),
				de()
			),
			Error::<Test>::ZeroCapacity
		);
		for _ in 0..4 {
			assert_ok!(reg("A", 1, 1, "s", b"DE"));
		}
		assert_noop!(reg("A", 1, 1, "s", b"DE"), Error::<Test>::TooManyAssets);
	});
}

#[test]
fn documents_are_owner_only_unique_and_bounded() {
	new_test_ext().execute_with(|| {
		register_both();
		let uri: BoundedVec<u8, _> = b"ipfs://doc".to_vec().try_into().unwrap();
		let h = |b| H256::repeat_byte(b);
		assert_noop!(
			ComputeAssets::add_document(signed(OWNER2), COMPUTE, h(1), uri.clone()),
			Error::<Test>::NotAssetOwner
		);
		assert_ok!(ComputeAssets::add_document(signed(OWNER), COMPUTE, h(1), uri.clone()));
		System::assert_last_event(Event::DocumentAdded { asset: COMPUTE, hash: h(1) }.into());
		assert_noop!(
			ComputeAssets::add_document(signed(OWNER), COMPUTE, h(1), uri.clone()),
			Error::<Test>::DocumentExists
		);
		assert_ok!(ComputeAssets::add_document(signed(OWNER), COMPUTE, h(2), uri.clone()));
		assert_noop!(
			ComputeAssets::add_document(signed(OWNER), COMPUTE, h(3), uri.clone()),
			Error::<Test>::TooManyDocuments
		);
		assert_noop!(
			ComputeAssets::remove_document(signed(OWNER), COMPUTE, h(9)),
			Error::<Test>::UnknownDocument
		);
		assert_ok!(ComputeAssets::remove_document(signed(OWNER), COMPUTE, h(1)));
		assert_eq!(Assets::<Test>::get(COMPUTE).unwrap().documents.len(), 1);
	});
}

#[test]
fn power_can_never_be_overallocated() {
	new_test_ext().execute_with(|| {
		register_both();
		assert_ok!(ComputeAssets::register_compute(
			signed(OWNER2),
			name("MI300"),
			8,
			5_000,
			name("zrh"),
			Jurisdiction(*b"CH")
		));
		let other = 2;
		active_solar();
		assert_noop!(
			ComputeAssets::allocate_power(signed(OWNER2), SOLAR, other, 10),
			Error::<Test>::NotAssetOwner
		);
		assert_ok!(ComputeAssets::allocate_power(signed(OWNER), SOLAR, COMPUTE, 300));
		assert_noop!(
			ComputeAssets::allocate_power(signed(OWNER), SOLAR, other, 201),
			Error::<Test>::PowerOverallocated
		);
		// Another owner's cluster: an offer, nothing allocated until its owner accepts.
		assert_ok!(ComputeAssets::allocate_power(signed(OWNER), SOLAR, other, 200));
		System::assert_last_event(
			Event::PowerOffered { power: SOLAR, compute: other, kw: 200 }.into(),
		);
		assert_eq!(ComputeAssets::energy_mix(other), vec![]);
		assert_eq!(ComputeAssets::power_available(SOLAR), Some(200));
		assert_noop!(
			ComputeAssets::accept_power(signed(OWNER), SOLAR, other),
			Error::<Test>::NotAssetOwner
		);
		assert_noop!(
			ComputeAssets::accept_power(signed(OWNER2), SOLAR, COMPUTE),
			Error::<Test>::NoPowerOffer
		);
		assert_ok!(ComputeAssets::accept_power(signed(OWNER2), SOLAR, other));
		assert_eq!(ComputeAssets::energy_mix(other), vec![(EnergySource::Solar, 200)]);
		assert_noop!(
			ComputeAssets::accept_power(signed(OWNER2), SOLAR, other),
			Error::<Test>::NoPowerOffer
		);
		// Re-allocating replaces the earlier amount instead of adding to it.
		assert_ok!(ComputeAssets::allocate_power(signed(OWNER), SOLAR, COMPUTE, 100));
		assert_eq!(ComputeAssets::power_available(SOLAR), Some(200));
		assert_noop!(
			ComputeAssets::allocate_power(signed(OWNER), COMPUTE, SOLAR, 1),
			Error::<Test>::NotPowerAsset
		);
		assert_noop!(
			ComputeAssets::update_power_capacity(signed(OWNER), SOLAR, 299, 400),
			Error::<Test>::CapacityBelowAllocation
		);
		// Either owner may release; releasing twice fails.
		assert_ok!(ComputeAssets::release_power(signed(OWNER2), SOLAR, other));
		assert_noop!(
			ComputeAssets::release_power(signed(OWNER2), SOLAR, other),
			Error::<Test>::NotLinked
		);
		assert_noop!(
			ComputeAssets::release_power(signed(TRADER), SOLAR, COMPUTE),
			Error::<Test>::NotAssetOwner
		);
		assert_eq!(ComputeAssets::power_available(SOLAR), Some(400));
		ComputeAssets::do_try_state().unwrap();
	});
}

#[test]
fn attestations_need_a_trusted_auditor_and_a_future_expiry() {
	new_test_ext().execute_with(|| {
		register_both();
		let v = H256::repeat_byte(1);
		assert_noop!(
			ComputeAssets::attest(signed(UNTRUSTED_AUDITOR), COMPUTE, Attribute::Capacity, v, 100),
			Error::<Test>::NotTrustedAuditor
		);
		assert_noop!(
			ComputeAssets::attest(signed(OWNER), COMPUTE, Attribute::Capacity, v, 100),
			pallet_participants::Error::<Test>::MissingRole
		);
		assert_noop!(
			ComputeAssets::attest(signed(AUDITOR), COMPUTE, Attribute::Capacity, v, 1),
			Error::<Test>::AttestationExpiryInPast
		);
		assert_noop!(
			ComputeAssets::attest(signed(AUDITOR), COMPUTE, Attribute::EnergySource, v, 100),
			Error::<Test>::AttributeNotApplicable
		);
		assert_noop!(
			ComputeAssets::attest(signed(AUDITOR), 42, Attribute::Capacity, v, 100),
			Error::<Test>::UnknownAsset
		);
	});
}

#[test]
fn activation_needs_verification_and_unexpired_attestations() {
	new_test_ext().execute_with(|| {
		register_both();
		assert_noop!(ComputeAssets::activate(signed(OWNER), COMPUTE), Error::<Test>::InvalidStatus);
		verify_all();
		assert_noop!(
			ComputeAssets::activate(signed(OWNER2), COMPUTE),
			Error::<Test>::NotAssetOwner
		);
		// Attestations expire at block 100: too late to activate at 101.
		System::set_block_number(101);
		assert_noop!(
			ComputeAssets::activate(signed(OWNER), COMPUTE),
			Error::<Test>::AttestationsIncomplete
		);
		System::set_block_number(50);
		assert_ok!(ComputeAssets::activate(signed(OWNER), COMPUTE));
		System::assert_last_event(Event::Activated { asset: COMPUTE }.into());
		// An auditor the officer no longer trusts does not count.
		assert_ok!(Compliance::remove_trusted_auditor(
			signed(OFFICER),
			compute_ledger_primitives::AssetClass::PowerCapacity,
			AUDITOR
		));
		assert_noop!(
			ComputeAssets::activate(signed(OWNER), SOLAR),
			Error::<Test>::AttestationsIncomplete
		);
	});
}

#[test]
fn a_change_of_capacity_or_location_returns_to_pending() {
	new_test_ext().execute_with(|| {
		register_both();
		verify_all();
		assert_ok!(ComputeAssets::activate(signed(OWNER), COMPUTE));
		assert_ok!(ComputeAssets::update_compute_capacity(signed(OWNER), COMPUTE, 128, 92_160));
		assert_eq!(status(COMPUTE), AssetStatus::Pending);
		assert!(!Attestations::<Test>::contains_key(COMPUTE, Attribute::Capacity));
		System::assert_last_event(
			Event::ReturnedToPending { asset: COMPUTE, attribute: Attribute::Capacity }.into(),
		);
		attest(COMPUTE, Attribute::Capacity);
		assert_eq!(status(COMPUTE), AssetStatus::Verified);

		assert_ok!(ComputeAssets::relocate(signed(OWNER), SOLAR, name("saxony-1"), de()));
		assert_eq!(status(SOLAR), AssetStatus::Pending);
		assert_noop!(
			ComputeAssets::update_power_capacity(signed(OWNER), COMPUTE, 1, 1),
			Error::<Test>::NotPowerAsset
		);
	});
}

#[test]
fn suspension_by_regulator_or_trusted_auditor_only_and_reversible() {
	new_test_ext().execute_with(|| {
		register_both();
		verify_all();
		assert_ok!(ComputeAssets::activate(signed(OWNER), COMPUTE));
		for bad in [OWNER, TRADER, UNTRUSTED_AUDITOR, STRANGER] {
			assert_noop!(
				ComputeAssets::suspend(signed(bad), COMPUTE, 1),
				Error::<Test>::NotSupervisor
			);
			assert_noop!(ComputeAssets::resume(signed(bad), COMPUTE), Error::<Test>::NotSupervisor);
		}
		assert_noop!(ComputeAssets::suspend(RuntimeOrigin::root(), COMPUTE, 1), BadOrigin);
		assert_ok!(ComputeAssets::suspend(signed(AUDITOR), COMPUTE, 4));
		assert_eq!(status(COMPUTE), AssetStatus::Suspended { reason: 4 });
		assert!(!ComputeAssets::is_active_compute(COMPUTE));
		assert_noop!(
			ComputeAssets::suspend(signed(REGULATOR), COMPUTE, 4),
			Error::<Test>::InvalidStatus
		);
		assert_ok!(ComputeAssets::resume(signed(REGULATOR), COMPUTE));
		System::assert_last_event(Event::Resumed { asset: COMPUTE, verified: true }.into());
		assert_eq!(status(COMPUTE), AssetStatus::Verified);
		// Resumed after the attestations expired: back to Pending.
		assert_ok!(ComputeAssets::suspend(signed(REGULATOR), COMPUTE, 5));
		System::set_block_number(200);
		assert_ok!(ComputeAssets::resume(signed(REGULATOR), COMPUTE));
		assert_eq!(status(COMPUTE), AssetStatus::Pending);
	});
}

#[test]
fn retirement_is_final_and_releases_power() {
	new_test_ext().execute_with(|| {
		register_both();
		active_solar();
		assert_ok!(ComputeAssets::allocate_power(signed(OWNER), SOLAR, COMPUTE, 300));
		assert_noop!(
			ComputeAssets::retire(signed(OWNER), SOLAR),
			Error::<Test>::PowerStillAllocated
		);
		assert_noop!(ComputeAssets::retire(signed(OWNER2), COMPUTE), Error::<Test>::NotAssetOwner);
		assert_ok!(ComputeAssets::retire(signed(OWNER), COMPUTE));
		assert_eq!(status(COMPUTE), AssetStatus::Retired);
		assert_eq!(ComputeAssets::power_available(SOLAR), Some(500));
		// Retired then metered: never active again, no attestation, no change.
		assert!(!ComputeAssets::is_active_compute(COMPUTE));
		assert_noop!(
			ComputeAssets::attest(signed(AUDITOR), COMPUTE, Attribute::Capacity, H256::zero(), 100),
			Error::<Test>::AssetRetired
		);
		assert_noop!(ComputeAssets::activate(signed(OWNER), COMPUTE), Error::<Test>::AssetRetired);
		assert_noop!(
			ComputeAssets::retire(signed(REGULATOR), COMPUTE),
			Error::<Test>::AssetRetired
		);
		assert_noop!(
			ComputeAssets::allocate_power(signed(OWNER), SOLAR, COMPUTE, 1),
			Error::<Test>::AssetRetired
		);
		// The regulator may retire any asset.
		assert_ok!(ComputeAssets::retire(signed(REGULATOR), SOLAR));
		ComputeAssets::do_try_state().unwrap();
	});
}

#[test]
fn ownership_moves_only_to_a_compliant_asset_owner() {
	new_test_ext().execute_with(|| {
		register_both();
		assert_noop!(
			ComputeAssets::transfer_ownership(signed(OWNER), COMPUTE, TRADER),
			pallet_participants::Error::<Test>::MissingRole
		);
		assert_noop!(
			ComputeAssets::transfer_ownership(signed(OWNER), COMPUTE, OWNER),
			Error::<Test>::SameOwner
		);
		assert_noop!(
			ComputeAssets::transfer_ownership(signed(OWNER2), COMPUTE, OWNER2),
			Error::<Test>::NotAssetOwner
		);
		assert_ok!(Participants::freeze(signed(REGULATOR), OWNER2, 1));
		assert_noop!(
			ComputeAssets::transfer_ownership(signed(OWNER), COMPUTE, OWNER2),
			pallet_compliance::Error::<Test>::ReceiverFrozen
		);
		assert_ok!(Participants::unfreeze(signed(REGULATOR), OWNER2));
		assert_ok!(ComputeAssets::transfer_ownership(signed(OWNER), COMPUTE, OWNER2));
		System::assert_last_event(
			Event::OwnershipTransferred { asset: COMPUTE, from: OWNER, to: OWNER2 }.into(),
		);
		assert_eq!(AssetsByOwner::<Test>::get(OWNER2).into_inner(), vec![COMPUTE]);
		assert_eq!(AssetsByOwner::<Test>::get(OWNER).into_inner(), vec![SOLAR]);
		ComputeAssets::do_try_state().unwrap();
	});
}

#[test]
fn queries_filter_and_page() {
	use crate::impl_inspect::AssetFilter;
	new_test_ext().execute_with(|| {
		register_both();
		assert_ok!(ComputeAssets::register_power(
			signed(OWNER2),
			100,
			80,
			EnergySource::Wind,
			name("CH"),
			name("jura"),
			Jurisdiction(*b"CH")
		));
		let ids = |f, start, limit| {
			ComputeAssets::query_assets(f, start, limit)
				.into_iter()
				.map(|(id, _)| id)
				.collect::<Vec<_>>()
		};
		assert_eq!(ids(AssetFilter::All, 0, 10), vec![0, 1, 2]);
		assert_eq!(ids(AssetFilter::All, 1, 1), vec![1]);
		assert_eq!(ids(AssetFilter::Owner(OWNER2), 0, 10), vec![2]);
		assert_eq!(ids(AssetFilter::Jurisdiction(de()), 0, 10), vec![0, 1]);
		assert_eq!(ids(AssetFilter::EnergySource(EnergySource::Wind), 0, 10), vec![2]);
		assert_eq!(ids(AssetFilter::GridRegion(b"DE-LU".to_vec()), 0, 10), vec![1]);
	});
}

/// A declined or withdrawn offer leaves nothing behind; an offer from a plant that is no
/// longer Active cannot be accepted.
#[test]
fn power_offers_are_withdrawn_declined_or_refused_when_the_plant_stops() {
	new_test_ext().execute_with(|| {
		register_both();
		active_solar();
		assert_ok!(ComputeAssets::register_compute(
			signed(OWNER2),
			name("MI300"),
			8,
			5_000,
			name("zrh"),
			Jurisdiction(*b"CH")
		));
		let other = 2;
		assert_ok!(ComputeAssets::allocate_power(signed(OWNER), SOLAR, other, 50));
		// The cluster's owner declines.
		assert_ok!(ComputeAssets::release_power(signed(OWNER2), SOLAR, other));
		System::assert_last_event(
			Event::PowerOfferWithdrawn { power: SOLAR, compute: other }.into(),
		);
		assert_noop!(
			ComputeAssets::accept_power(signed(OWNER2), SOLAR, other),
			Error::<Test>::NoPowerOffer
		);
		assert_ok!(ComputeAssets::allocate_power(signed(OWNER), SOLAR, other, 50));
		assert_ok!(ComputeAssets::suspend(signed(REGULATOR), SOLAR, 1));
		assert_noop!(
			ComputeAssets::accept_power(signed(OWNER2), SOLAR, other),
			Error::<Test>::PowerNotActive
		);
		assert_eq!(ComputeAssets::power_available(SOLAR), Some(500));
		ComputeAssets::do_try_state().unwrap();
	});
}

#[test]
fn recovery_moves_every_asset_to_an_asset_owner_or_nothing() {
	use compute_ledger_primitives::RecoverHoldings;
	new_test_ext().execute_with(|| {
		register_both();
		// The new account must be able to run what it receives.
		assert_noop!(
			<ComputeAssets as RecoverHoldings<u64>>::recover(&OWNER, &TRADER),
			pallet_participants::Error::<Test>::MissingRole
		);
		assert_ok!(<ComputeAssets as RecoverHoldings<u64>>::recover(&OWNER, &OWNER2));
		assert_eq!(AssetsByOwner::<Test>::get(OWNER2).into_inner(), vec![COMPUTE, SOLAR]);
		assert!(AssetsByOwner::<Test>::get(OWNER).is_empty());
		for asset in [COMPUTE, SOLAR] {
			assert_eq!(Assets::<Test>::get(asset).unwrap().owner, OWNER2);
		}
		System::assert_last_event(
			Event::OwnershipTransferred { asset: SOLAR, from: OWNER, to: OWNER2 }.into(),
		);
		// Nothing left to move is no error.
		assert_ok!(<ComputeAssets as RecoverHoldings<u64>>::recover(&OWNER, &OWNER2));
		ComputeAssets::do_try_state().unwrap();
	});
}
