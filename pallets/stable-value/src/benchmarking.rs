//! Benchmarks of every call at its worst case: transfers run the most compliance rules a
//! class may have and create the receiver's ledger account.

use super::*;
use crate::pallet::{IssuerCaps, Outstanding, RegulatorFreezes};
use compute_ledger_primitives::{AssetClass, Compliance, Jurisdiction, ParticipantRegistry, Role};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Inspect, EnsureOrigin};
use frame_system::RawOrigin;
use sp_core::H256;

fn participant<T: Config>(name: &'static str, roles: &[Role]) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	T::Participants::admit_for_benchmarks(&who, roles.iter().copied().into(), Jurisdiction(*b"CH"));
	who
}

/// An issuer with a cap of 1_000_000 that minted `amount`.
fn issuer<T: Config>(amount: u64) -> T::AccountId {
	let who = participant::<T>("issuer", &[Role::Issuer, Role::Trader]);
	Pallet::<T>::do_set_issuer_cap(who.clone(), 1_000_000u64.into()).unwrap();
	if amount > 0 {
		Pallet::<T>::do_mint(who.clone(), amount.into(), H256::zero()).unwrap();
	}
	who
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_issuer_cap() -> Result<(), BenchmarkError> {
		let origin =
			T::CapOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who = participant::<T>("issuer", &[Role::Issuer]);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), 1_000u64.into());
		assert_eq!(IssuerCaps::<T>::get(&who), Some(1_000u64.into()));
		Ok(())
	}

	#[benchmark]
	fn mint() {
		let who = issuer::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1_000u64.into(), H256::repeat_byte(1));
		assert_eq!(Outstanding::<T>::get(&who), 1_000u64.into());
	}

	#[benchmark]
	fn burn() {
		let who = issuer::<T>(1_000);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1_000u64.into());
		assert_eq!(T::Currency::balance(&who), 0u64.into());
	}

	#[benchmark]
	fn transfer() {
		let from = issuer::<T>(1_000);
		let to = participant::<T>("receiver", &[Role::Trader]);
		T::Compliance::worst_case_rules_for_benchmarks(&AssetClass::StableValue);
		#[extrinsic_call]
		_(RawOrigin::Signed(from), to.clone(), 400u64.into());
		assert_eq!(T::Currency::balance(&to), 400u64.into());
	}

	#[benchmark]
	fn freeze_funds() -> Result<(), BenchmarkError> {
		let origin =
			T::RegulatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who = issuer::<T>(1_000);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), 500u64.into(), 1);
		assert!(RegulatorFreezes::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn thaw_funds() -> Result<(), BenchmarkError> {
		let origin =
			T::RegulatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who = issuer::<T>(1_000);
		Pallet::<T>::do_freeze_funds(who.clone(), 500u64.into(), 1).unwrap();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());
		assert!(!RegulatorFreezes::<T>::contains_key(&who));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
