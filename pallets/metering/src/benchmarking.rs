//! Benchmarks of every call, with `o` bound operators where the list matters.

use super::*;
use crate::pallet::{Epochs, Operators};
use compute_ledger_primitives::{
	AssetClass, AuditorTrust, ComputeAssetInspect, Jurisdiction, MeterReport, ParticipantRegistry,
	Role,
};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_core::H256;
use sp_runtime::traits::Saturating;

fn participant<T: Config>(name: &'static str, i: u32, role: Role) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	T::Participants::admit_for_benchmarks(&who, [role].into(), Jurisdiction(*b"CH"));
	who
}

fn report() -> MeterReport {
	MeterReport {
		tokens_in: 1_000,
		tokens_out: 5_000,
		energy_kwh: 1,
		gpu_hours: 1,
		records: 4,
		records_root: H256::repeat_byte(1),
	}
}

/// An active asset with `o` bound operators (quorum `o`), and the chain past epoch 0.
fn metered<T: Config>(
	o: u32,
) -> (compute_ledger_primitives::AssetId, alloc::vec::Vec<T::AccountId>) {
	let owner = participant::<T>("owner", 0, Role::AssetOwner);
	let asset = T::Assets::active_asset_for_benchmarks(&owner);
	let ops: alloc::vec::Vec<_> =
		(0..o).map(|i| participant::<T>("operator", i, Role::MeterOperator)).collect();
	let bounded: BoundedVec<_, T::MaxOperators> = ops.clone().try_into().unwrap();
	Pallet::<T>::do_bind_operators(owner, asset, bounded, o).unwrap();
	let next = T::EpochLength::get().saturating_add(1u32.into());
	frame_system::Pallet::<T>::set_block_number(next);
	(asset, ops)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn bind_operators(o: Linear<1, { T::MaxOperators::get() }>) {
		let owner = participant::<T>("owner", 0, Role::AssetOwner);
		let asset = T::Assets::active_asset_for_benchmarks(&owner);
		let ops: BoundedVec<_, T::MaxOperators> = (0..o)
			.map(|i| participant::<T>("operator", i, Role::MeterOperator))
			.collect::<alloc::vec::Vec<_>>()
			.try_into()
			.unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), asset, ops, o);
		assert!(Operators::<T>::contains_key(asset));
	}

	/// The last report of a full quorum: it compares every submission and agrees.
	#[benchmark]
	fn submit_report(o: Linear<1, { T::MaxOperators::get() }>) {
		let (asset, ops) = metered::<T>(o);
		for op in ops.iter().take(o as usize - 1) {
			Pallet::<T>::do_submit_report(op.clone(), asset, 0, report()).unwrap();
		}
		let last = ops.last().unwrap().clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(last), asset, 0, report());
		assert_eq!(Epochs::<T>::get((asset, 0)).status, ReportStatus::Agreed);
	}

	#[benchmark]
	fn dispute() {
		let (asset, ops) = metered::<T>(1);
		Pallet::<T>::do_submit_report(ops[0].clone(), asset, 0, report()).unwrap();
		let auditor = participant::<T>("auditor", 0, Role::Auditor);
		T::Auditors::trust_for_benchmarks(&AssetClass::ComputeCapacity, &auditor);
		#[extrinsic_call]
		_(RawOrigin::Signed(auditor), asset, 0, H256::repeat_byte(9));
		assert_eq!(Epochs::<T>::get((asset, 0)).status, ReportStatus::Disputed);
	}

	#[benchmark]
	fn resolve() -> Result<(), BenchmarkError> {
		let origin =
			T::ResolverOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (asset, ops) = metered::<T>(1);
		Pallet::<T>::do_submit_report(ops[0].clone(), asset, 0, report()).unwrap();
		let auditor = participant::<T>("auditor", 0, Role::Auditor);
		T::Auditors::trust_for_benchmarks(&AssetClass::ComputeCapacity, &auditor);
		Pallet::<T>::do_dispute(auditor, asset, 0, H256::zero()).unwrap();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset, 0, false);
		assert_eq!(Epochs::<T>::get((asset, 0)).status, ReportStatus::Agreed);
		Ok(())
	}

	/// A Contested epoch with `o` submissions (the last one differing) is cleared. At least
	/// two operators: a single operator's report is agreed at once, never contested.
	#[benchmark]
	fn reopen(o: Linear<2, { T::MaxOperators::get() }>) -> Result<(), BenchmarkError> {
		let origin =
			T::ResolverOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (asset, ops) = metered::<T>(o);
		for op in ops.iter().take(o as usize - 1) {
			Pallet::<T>::do_submit_report(op.clone(), asset, 0, report()).unwrap();
		}
		let differing = MeterReport { tokens_out: 4_000, ..report() };
		Pallet::<T>::do_submit_report(ops.last().unwrap().clone(), asset, 0, differing).unwrap();
		assert_eq!(Epochs::<T>::get((asset, 0)).status, ReportStatus::Contested);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset, 0);
		assert_eq!(Epochs::<T>::get((asset, 0)).status, ReportStatus::Collecting);
		Ok(())
	}

	#[benchmark]
	fn set_min_quorum() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, AssetClass::ComputeCapacity, 1);
		assert_eq!(crate::pallet::MinQuorum::<T>::get(AssetClass::ComputeCapacity), Some(1));
		Ok(())
	}

	#[benchmark]
	fn set_output_ceiling() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1_000_000);
		assert_eq!(crate::pallet::OutputCeiling::<T>::get(), 1_000_000);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
