//! Benchmarks of every call at its worst case: a power asset whose tariff history is full,
//! its last tariff awaiting attestation (replaced by a proposal, attested by an auditor).

use super::*;
use crate::pallet::Tariffs;
use compute_ledger_primitives::{
	AssetClass, AssetId, AuditorTrust, CurrencyRegistry, CurrencySymbol, Jurisdiction,
	ParticipantRegistry, PowerAssetInspect, Role,
};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::Perbill;

fn currency<T: Config>() -> CurrencySymbol {
	T::Currencies::known_for_benchmarks().try_into().unwrap()
}

/// A producer's power asset whose history holds `MaxTariffs` tariffs, the last one awaiting
/// attestation; the chain is at a block after all of them.
fn full_history<T: Config>() -> (T::AccountId, AssetId) {
	let producer: T::AccountId = account("producer", 0, 0);
	T::Participants::admit_for_benchmarks(
		&producer,
		[Role::AssetOwner].into(),
		Jurisdiction(*b"DE"),
	);
	let power = T::Assets::power_asset_for_benchmarks(&producer);
	let max = T::MaxTariffs::get();
	let history: alloc::vec::Vec<Tariff<T>> = (0..max)
		.map(|i| Tariff {
			currency: currency::<T>(),
			price_per_kwh: (80_000u32 + i).into(),
			valid_from: i.into(),
			proposed_at: 0u32.into(),
			attested_by: (i + 1 < max).then(|| producer.clone()),
		})
		.collect();
	Tariffs::<T>::insert(power, BoundedVec::try_from(history).unwrap());
	let now: BlockNumberFor<T> = (max + 1).into();
	frame_system::Pallet::<T>::set_block_number(now);
	(producer, power)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn propose_tariff() {
		let (producer, power) = full_history::<T>();
		let from = frame_system::Pallet::<T>::block_number() + 5u32.into();
		#[extrinsic_call]
		_(RawOrigin::Signed(producer), power, currency::<T>(), 90_000u32.into(), Some(from));
		let last = Tariffs::<T>::get(power).last().cloned().unwrap();
		assert_eq!((last.valid_from, last.attested_by), (from, None));
	}

	#[benchmark]
	fn attest_tariff() {
		let (_, power) = full_history::<T>();
		let auditor: T::AccountId = account("auditor", 0, 0);
		T::Participants::admit_for_benchmarks(
			&auditor,
			[Role::Auditor].into(),
			Jurisdiction(*b"DE"),
		);
		T::Auditors::trust_for_benchmarks(&AssetClass::PowerCapacity, &auditor);
		let index = T::MaxTariffs::get() - 1;
		#[extrinsic_call]
		_(RawOrigin::Signed(auditor.clone()), power, index);
		assert_eq!(Tariffs::<T>::get(power)[index as usize].attested_by, Some(auditor));
	}

	#[benchmark]
	fn set_power_share() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Perbill::from_percent(60));
		assert_eq!(crate::pallet::PowerShare::<T>::get(), Perbill::from_percent(60));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
