//! Benchmarks of every call at its worst case: full payee and class lists, a full history of
//! recent payments for the rolling period and both anomaly rules, the most compliance rules
//! on stable value, and revocation with `p` payments waiting.

use super::*;
use crate::pallet::{Mandates, Pending, PendingOf};
use compute_ledger_primitives::{AssetClass, Compliance, Jurisdiction, ParticipantRegistry, Role};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;

fn participant<T: Config>(name: &'static str, i: u32, roles: &[Role]) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	T::Participants::admit_for_benchmarks(&who, roles.iter().copied().into(), Jurisdiction(*b"CH"));
	who
}

/// Terms with full lists and both anomaly rules, loose enough for `MaxRecent` payments.
fn terms<T: Config>(payee: &T::AccountId, threshold: Option<u64>) -> MandateTerms<T> {
	let payees: BoundedVec<_, T::MaxPayees> = (0..T::MaxPayees::get())
		.map(|i| if i == 0 { payee.clone() } else { account("payee", i, 0) })
		.collect::<alloc::vec::Vec<_>>()
		.try_into()
		.unwrap();
	MandateTerms {
		per_payment: 1_000u64.into(),
		per_period: 1_000_000u64.into(),
		period: 1_000u32.into(),
		total_cap: 1_000_000_000u64.into(),
		payees,
		classes: (0..T::MaxClasses::get()).collect::<alloc::vec::Vec<_>>().try_into().unwrap(),
		expires_at: 1_000_000u32.into(),
		approval_threshold: threshold.map(Into::into),
		velocity: Some(VelocityRule { max_payments: 1_000_000, window: 1_000u32.into() }),
		size: Some(SizeRule { multiple: 1_000, lookback: T::MaxRecent::get() }),
	}
}

/// A principal, a funded agent under a mandate with a full history, and a payee.
fn mandated<T: Config>(threshold: Option<u64>) -> (T::AccountId, T::AccountId, T::AccountId) {
	let principal = participant::<T>("principal", 0, &[Role::Trader]);
	let agent = participant::<T>("agent", 0, &[Role::Agent, Role::Trader]);
	let payee = participant::<T>("provider", 0, &[Role::Trader]);
	T::Stable::mint_into(&agent, 1_000_000_000u64.into()).unwrap();
	T::Compliance::worst_case_rules_for_benchmarks(&AssetClass::StableValue);
	Pallet::<T>::do_grant(principal.clone(), agent.clone(), terms::<T>(&payee, threshold)).unwrap();
	Mandates::<T>::mutate(&agent, |m| {
		let m = m.as_mut().unwrap();
		// A full history of blocks that have all left the windows (the worst case that still
		// pays: every entry is read, the oldest is dropped).
		let mut at = frame_system::Pallet::<T>::block_number();
		while !m.recent.is_full() {
			m.recent.try_push((at, 10u64.into(), 1)).unwrap();
			at += 1u32.into();
		}
		frame_system::Pallet::<T>::set_block_number(at + 2_000u32.into());
	});
	(principal, agent, payee)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn grant_mandate() {
		let principal = participant::<T>("principal", 0, &[Role::Trader]);
		let agent = participant::<T>("agent", 0, &[Role::Agent]);
		let payee: T::AccountId = account("provider", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(principal), agent.clone(), terms::<T>(&payee, None));
		assert!(Mandates::<T>::contains_key(&agent));
	}

	#[benchmark]
	fn update_mandate() {
		let (principal, agent, payee) = mandated::<T>(None);
		#[extrinsic_call]
		_(RawOrigin::Signed(principal), agent.clone(), terms::<T>(&payee, Some(5)));
		assert!(Mandates::<T>::get(&agent).unwrap().terms.approval_threshold.is_some());
	}

	#[benchmark]
	fn pause() {
		let (principal, agent, _) = mandated::<T>(None);
		#[extrinsic_call]
		_(RawOrigin::Signed(principal), agent.clone());
		assert_eq!(Mandates::<T>::get(&agent).unwrap().status, MandateStatus::Paused);
	}

	#[benchmark]
	fn resume() {
		let (principal, agent, _) = mandated::<T>(None);
		Pallet::<T>::do_set_status(principal.clone(), agent.clone(), MandateStatus::Paused)
			.unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(principal), agent.clone());
		assert_eq!(Mandates::<T>::get(&agent).unwrap().status, MandateStatus::Active);
	}

	#[benchmark]
	fn revoke(p: Linear<0, { T::MaxPending::get() }>) {
		let (principal, agent, payee) = mandated::<T>(Some(1));
		for _ in 0..p {
			Pallet::<T>::do_pay(agent.clone(), payee.clone(), 5u64.into()).unwrap();
		}
		assert_eq!(PendingOf::<T>::get(&agent).len() as u32, p);
		#[extrinsic_call]
		_(RawOrigin::Signed(principal), agent.clone());
		assert!(!Mandates::<T>::contains_key(&agent));
	}

	#[benchmark]
	fn regulator_suspend() -> Result<(), BenchmarkError> {
		let origin =
			T::RegulatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (_, agent, _) = mandated::<T>(None);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, agent.clone(), 1);
		assert!(matches!(
			Mandates::<T>::get(&agent).unwrap().status,
			MandateStatus::SuspendedByRegulator { .. }
		));
		Ok(())
	}

	#[benchmark]
	fn regulator_resume() -> Result<(), BenchmarkError> {
		let origin =
			T::RegulatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (_, agent, _) = mandated::<T>(None);
		Pallet::<T>::do_regulator_suspend(agent.clone(), 1).unwrap();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, agent.clone());
		assert_eq!(Mandates::<T>::get(&agent).unwrap().status, MandateStatus::Active);
		Ok(())
	}

	/// A payment checked against a full history and both anomaly rules, then paid.
	#[benchmark]
	fn pay() {
		let (_, agent, payee) = mandated::<T>(None);
		#[extrinsic_call]
		_(RawOrigin::Signed(agent.clone()), payee, 100u64.into());
		assert!(Mandates::<T>::get(&agent).unwrap().spent_total > 0u64.into());
	}

	#[benchmark]
	fn approve_payment() {
		let (principal, agent, payee) = mandated::<T>(Some(1));
		Pallet::<T>::do_pay(agent.clone(), payee, 100u64.into()).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(principal), 0);
		assert!(!Pending::<T>::contains_key(0));
	}

	#[benchmark]
	fn reject_payment() {
		let (principal, agent, payee) = mandated::<T>(Some(1));
		Pallet::<T>::do_pay(agent, payee, 100u64.into()).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(principal), 0);
		assert!(!Pending::<T>::contains_key(0));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
