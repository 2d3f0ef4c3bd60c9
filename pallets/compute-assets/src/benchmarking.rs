//! Benchmarks of every call, each in its worst case (full bounded lists).

use super::*;
use crate::pallet::{Assets, Attestations};
use compute_ledger_primitives::{
	AssetId, AssetStatus, Attribute, AuditorTrust, EnergySource, Jurisdiction, ParticipantRegistry,
	Role,
};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_core::H256;

fn name<T: Config>() -> NameOf<T> {
	alloc::vec![b'x'; T::MaxNameLen::get() as usize].try_into().unwrap()
}

fn uri<T: Config>() -> BoundedVec<u8, T::MaxUriLen> {
	alloc::vec![b'u'; T::MaxUriLen::get() as usize].try_into().unwrap()
}

fn ch() -> Jurisdiction {
	Jurisdiction(*b"CH")
}

fn participant<T: Config>(name: &'static str, roles: &[Role]) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	T::Participants::admit_for_benchmarks(&who, roles.iter().copied().into(), ch());
	who
}

fn owner<T: Config>() -> T::AccountId {
	participant::<T>("owner", &[Role::AssetOwner])
}

/// The owner holds nearly `MaxAssetsPerOwner` assets (room left for a compute asset, a power
/// asset, the power assets `fill_links` adds and one more registration), so that every list
/// of assets the calls touch is as long as it gets.
fn compute_and_power<T: Config>(owner: &T::AccountId) -> (AssetId, AssetId) {
	let room = 3 + T::MaxPowerLinks::get();
	for _ in 0..T::MaxAssetsPerOwner::get().saturating_sub(room) {
		Pallet::<T>::do_register_compute(owner.clone(), name::<T>(), 8, 1_000, name::<T>(), ch())
			.unwrap();
	}
	let compute = NextAssetId::<T>::get();
	Pallet::<T>::do_register_compute(owner.clone(), name::<T>(), 8, 1_000, name::<T>(), ch())
		.unwrap();
	let power = NextAssetId::<T>::get();
	Pallet::<T>::do_register_power(
		owner.clone(),
		1_000_000,
		1_000,
		EnergySource::Solar,
		name::<T>(),
		name::<T>(),
		ch(),
	)
	.unwrap();
	(compute, power)
}

/// Power is allocated from Active power assets only.
fn activated<T: Config>(asset: AssetId) {
	Assets::<T>::mutate(asset, |a| a.as_mut().unwrap().status = AssetStatus::Active);
	ActivatedAt::<T>::insert(asset, frame_system::Pallet::<T>::block_number());
}

/// A compute asset that already draws on `MaxPowerLinks - 1` other power assets.
fn fill_links<T: Config>(owner: &T::AccountId, compute: AssetId) {
	for _ in 0..T::MaxPowerLinks::get().saturating_sub(1) {
		let p = NextAssetId::<T>::get();
		Pallet::<T>::do_register_power(
			owner.clone(),
			10,
			10,
			EnergySource::Wind,
			name::<T>(),
			name::<T>(),
			ch(),
		)
		.unwrap();
		activated::<T>(p);
		Pallet::<T>::do_allocate_power(owner.clone(), p, compute, 1).unwrap();
	}
}

/// A trusted auditor whose attestations verify the asset.
fn verified<T: Config>(asset: AssetId) -> T::AccountId {
	let auditor = trusted_auditor::<T>(asset);
	let required = Assets::<T>::get(asset).unwrap().required_attributes();
	for attr in required {
		Pallet::<T>::do_attest(auditor.clone(), asset, *attr, H256::zero(), 1_000u32.into())
			.unwrap();
	}
	auditor
}

fn trusted_auditor<T: Config>(asset: AssetId) -> T::AccountId {
	let auditor = participant::<T>("auditor", &[Role::Auditor]);
	let class = Pallet::<T>::class_of(&Assets::<T>::get(asset).unwrap());
	T::Auditors::trust_for_benchmarks(&class, &auditor);
	auditor
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_compute() {
		let owner = owner::<T>();
		compute_and_power::<T>(&owner);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), name::<T>(), 64, 46_080, name::<T>(), ch());
	}

	#[benchmark]
	fn register_power() {
		let owner = owner::<T>();
		compute_and_power::<T>(&owner);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), 500, 400, EnergySource::Solar, name::<T>(), name::<T>(), ch());
	}

	#[benchmark]
	fn add_document() {
		let owner = owner::<T>();
		let (compute, _) = compute_and_power::<T>(&owner);
		for i in 0..T::MaxDocuments::get().saturating_sub(1) {
			Pallet::<T>::do_add_document(
				owner.clone(),
				compute,
				H256::repeat_byte(i as u8),
				uri::<T>(),
			)
			.unwrap();
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), compute, H256::repeat_byte(255), uri::<T>());
	}

	#[benchmark]
	fn remove_document() {
		let owner = owner::<T>();
		let (compute, _) = compute_and_power::<T>(&owner);
		for i in 0..T::MaxDocuments::get() {
			Pallet::<T>::do_add_document(
				owner.clone(),
				compute,
				H256::repeat_byte(i as u8),
				uri::<T>(),
			)
			.unwrap();
		}
		let last = H256::repeat_byte((T::MaxDocuments::get() - 1) as u8);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), compute, last);
	}

	#[benchmark]
	fn allocate_power() {
		let owner = owner::<T>();
		let (compute, power) = compute_and_power::<T>(&owner);
		activated::<T>(power);
		fill_links::<T>(&owner, compute);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), power, compute, 100);
		assert_eq!(Pallet::<T>::power_available(power), Some(1_000_000 - 100));
	}

	/// Another owner's cluster accepts an offer, with every list as long as it gets.
	#[benchmark]
	fn accept_power() {
		let owner = owner::<T>();
		let (compute, power) = compute_and_power::<T>(&owner);
		activated::<T>(power);
		fill_links::<T>(&owner, compute);
		let other = participant::<T>("other-owner", &[Role::AssetOwner]);
		Pallet::<T>::do_transfer_ownership(owner.clone(), compute, other.clone()).unwrap();
		Pallet::<T>::do_allocate_power(owner, power, compute, 100).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(other), power, compute);
		assert_eq!(Pallet::<T>::power_available(power), Some(1_000_000 - 100));
	}

	#[benchmark]
	fn release_power() {
		let owner = owner::<T>();
		let (compute, power) = compute_and_power::<T>(&owner);
		activated::<T>(power);
		fill_links::<T>(&owner, compute);
		Pallet::<T>::do_allocate_power(owner.clone(), power, compute, 100).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), power, compute);
	}

	#[benchmark]
	fn attest() {
		let owner = owner::<T>();
		let (_, power) = compute_and_power::<T>(&owner);
		let auditor = trusted_auditor::<T>(power);
		for attr in [Attribute::Capacity, Attribute::Location] {
			Pallet::<T>::do_attest(auditor.clone(), power, attr, H256::zero(), 1_000u32.into())
				.unwrap();
		}
		// The last attestation also verifies the asset.
		#[extrinsic_call]
		_(
			RawOrigin::Signed(auditor),
			power,
			Attribute::EnergySource,
			H256::zero(),
			1_000u32.into(),
		);
		assert_eq!(Assets::<T>::get(power).unwrap().status, AssetStatus::Verified);
	}

	#[benchmark]
	fn activate() {
		let owner = owner::<T>();
		let (_, power) = compute_and_power::<T>(&owner);
		verified::<T>(power);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), power);
		assert_eq!(Assets::<T>::get(power).unwrap().status, AssetStatus::Active);
	}

	#[benchmark]
	fn suspend() -> Result<(), BenchmarkError> {
		let owner = owner::<T>();
		let (_, power) = compute_and_power::<T>(&owner);
		let auditor = verified::<T>(power);
		let _ = T::RegulatorOrigin::try_successful_origin();
		#[extrinsic_call]
		_(RawOrigin::Signed(auditor), power, 3);
		assert_eq!(Assets::<T>::get(power).unwrap().status, AssetStatus::Suspended { reason: 3 });
		Ok(())
	}

	#[benchmark]
	fn resume() {
		let owner = owner::<T>();
		let (_, power) = compute_and_power::<T>(&owner);
		let auditor = verified::<T>(power);
		Pallet::<T>::do_suspend(power, 3).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(auditor), power);
		assert_eq!(Assets::<T>::get(power).unwrap().status, AssetStatus::Verified);
	}

	#[benchmark]
	fn retire() {
		let owner = owner::<T>();
		let (compute, power) = compute_and_power::<T>(&owner);
		activated::<T>(power);
		fill_links::<T>(&owner, compute);
		Pallet::<T>::do_allocate_power(owner.clone(), power, compute, 100).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), compute);
		assert_eq!(Pallet::<T>::power_available(power), Some(1_000_000));
	}

	#[benchmark]
	fn update_compute_capacity() {
		let owner = owner::<T>();
		let (compute, _) = compute_and_power::<T>(&owner);
		verified::<T>(compute);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), compute, 128, 92_160);
		assert!(!Attestations::<T>::contains_key(compute, Attribute::Capacity));
	}

	#[benchmark]
	fn update_power_capacity() {
		let owner = owner::<T>();
		let (_, power) = compute_and_power::<T>(&owner);
		verified::<T>(power);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), power, 2_000_000, 2_000);
	}

	#[benchmark]
	fn relocate() {
		let owner = owner::<T>();
		let (compute, _) = compute_and_power::<T>(&owner);
		verified::<T>(compute);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), compute, name::<T>(), Jurisdiction(*b"DE"));
	}

	#[benchmark]
	fn transfer_ownership() {
		let owner = owner::<T>();
		let (compute, _) = compute_and_power::<T>(&owner);
		let to = participant::<T>("new-owner", &[Role::AssetOwner]);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), compute, to.clone());
		assert_eq!(Assets::<T>::get(compute).unwrap().owner, to);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
