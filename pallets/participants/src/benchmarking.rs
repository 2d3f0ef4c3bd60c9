//! Benchmarks of every call and of the admission check.

use super::*;
use crate::pallet::{Frozen, Participants};
use compute_ledger_primitives::{Jurisdiction, ParticipantStatus, Role, RoleSet};
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;
use frame_system::pallet_prelude::BlockNumberFor;

fn roles() -> RoleSet {
	[Role::Trader, Role::AssetOwner, Role::Agent].into()
}

fn expiry<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number() + 1_000u32.into()
}

fn admitted<T: Config>(seed: u32) -> T::AccountId {
	let who: T::AccountId = account("participant", seed, 0);
	Pallet::<T>::do_admit(who.clone(), roles(), Jurisdiction(*b"DE"), expiry::<T>()).unwrap();
	who
}

/// A registrar participant, not governance: its calls run every check a registrar's do
/// (its own record, the target's roles, whether the target is protected).
fn registrar<T: Config>() -> T::RuntimeOrigin {
	let who: T::AccountId = account("registrar", 0, 0);
	Pallet::<T>::do_admit(
		who.clone(),
		[Role::Registrar].into(),
		Jurisdiction(*b"CH"),
		expiry::<T>(),
	)
	.unwrap();
	frame_system::RawOrigin::Signed(who).into()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn admit() -> Result<(), BenchmarkError> {
		let origin = registrar::<T>();
		let who: T::AccountId = account("new", 0, 0);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), roles(), Jurisdiction(*b"SG"), expiry::<T>());
		assert!(Participants::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn update_roles() -> Result<(), BenchmarkError> {
		let origin = registrar::<T>();
		let who = admitted::<T>(1);
		let new: RoleSet = [Role::Auditor].into();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), new);
		assert_eq!(Participants::<T>::get(&who).unwrap().roles, new);
		Ok(())
	}

	#[benchmark]
	fn renew_kyc() -> Result<(), BenchmarkError> {
		let origin = registrar::<T>();
		let who = admitted::<T>(2);
		let later = expiry::<T>() + 10u32.into();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), later);
		assert_eq!(Participants::<T>::get(&who).unwrap().kyc_expiry, later);
		Ok(())
	}

	#[benchmark]
	fn suspend() -> Result<(), BenchmarkError> {
		let origin = registrar::<T>();
		let who = admitted::<T>(3);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), 7);
		assert_eq!(
			Participants::<T>::get(&who).unwrap().status,
			ParticipantStatus::Suspended { reason: 7 }
		);
		Ok(())
	}

	#[benchmark]
	fn reinstate() -> Result<(), BenchmarkError> {
		let origin = registrar::<T>();
		let who = admitted::<T>(4);
		Pallet::<T>::do_suspend(who.clone(), 7).unwrap();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), 8);
		assert_eq!(Participants::<T>::get(&who).unwrap().status, ParticipantStatus::Active);
		Ok(())
	}

	#[benchmark]
	fn revoke() -> Result<(), BenchmarkError> {
		let origin = registrar::<T>();
		let who = admitted::<T>(5);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), 9);
		assert_eq!(Participants::<T>::get(&who).unwrap().status, ParticipantStatus::Revoked);
		Ok(())
	}

	/// The worst case: the queue of freezes awaiting confirmation is one short of full.
	#[benchmark]
	fn freeze() -> Result<(), BenchmarkError> {
		let regulator =
			T::RegulatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let queued: alloc::vec::Vec<_> = (1
			..<T::MaxUnconfirmedFreezes as frame_support::traits::Get<u32>>::get())
			.map(|i| (frame_system::Pallet::<T>::block_number(), account("queued", i, 0)))
			.collect();
		crate::pallet::LapseQueue::<T>::put(
			frame_support::BoundedVec::try_from(queued).expect("below the bound"),
		);
		let who = admitted::<T>(6);
		#[extrinsic_call]
		_(regulator as T::RuntimeOrigin, who.clone(), 3);
		assert!(Frozen::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn unfreeze() -> Result<(), BenchmarkError> {
		let regulator =
			T::RegulatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who = admitted::<T>(7);
		Pallet::<T>::do_freeze(who.clone(), 3).unwrap();
		#[extrinsic_call]
		_(regulator as T::RuntimeOrigin, who.clone());
		assert!(!Frozen::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn confirm_freeze() -> Result<(), BenchmarkError> {
		let origin =
			T::ConfirmOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who = admitted::<T>(8);
		Pallet::<T>::do_freeze(who.clone(), 3).unwrap();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());
		assert!(!crate::pallet::Unconfirmed::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn recover_account() -> Result<(), BenchmarkError> {
		use frame_support::traits::fungible::{Inspect, Mutate};
		let origin =
			T::RecoveryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (lost, new) = (admitted::<T>(9), admitted::<T>(10));
		// Worst case: a frozen lost account with a native balance to move.
		let amount = T::NativeBalance::minimum_balance() * 1_000u32.into();
		T::NativeBalance::set_balance(&lost, amount);
		T::NativeBalance::set_balance(&new, T::NativeBalance::minimum_balance());
		Pallet::<T>::do_freeze(lost.clone(), 1).unwrap();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, lost.clone(), new.clone(), 2);
		assert_eq!(Participants::<T>::get(&lost).unwrap().status, ParticipantStatus::Revoked);
		Ok(())
	}

	/// The storage read the admission extension performs for every signed extrinsic.
	#[benchmark]
	fn check_admission() {
		let who = admitted::<T>(8);
		let status;
		#[block]
		{
			status = crate::extension::admission_error(
				<Pallet<T> as compute_ledger_primitives::ParticipantRegistry<_>>::effective_status(
					&who,
				),
			);
		}
		assert!(status.is_none());
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
