//! Benchmarks of every call and of the transfer check with `r` rules.

use super::*;
use crate::pallet::{Rules, RulesOf, TrustedAuditors};
use compute_ledger_primitives::{
	AssetClass, Compliance, ComplianceRule, Jurisdiction, ParticipantRegistry, Party, Role,
};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};

const CLASS: AssetClass = AssetClass::Claim(1);

/// `r` rules that all pass for two Swiss traders: the check evaluates every one of them.
pub(crate) fn passing_rules<T: Config>(r: u32) -> RulesOf<T> {
	let jurisdictions: BoundedVec<_, _> = (0..16u8)
		.map(|i| Jurisdiction([b'A' + i, b'A']))
		.chain([Jurisdiction(*b"CH")])
		.skip(1)
		.collect::<alloc::vec::Vec<_>>()
		.try_into()
		.unwrap();
	(0..r)
		.map(|i| match i % 2 {
			0 => ComplianceRule::AllowedJurisdictions {
				party: Party::Receiver,
				jurisdictions: jurisdictions.clone(),
			},
			_ => ComplianceRule::RequiredRole { party: Party::Sender, role: Role::Trader },
		})
		.collect::<alloc::vec::Vec<_>>()
		.try_into()
		.unwrap()
}

fn trader<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	T::Participants::admit_for_benchmarks(
		&who,
		[Role::Trader, Role::Auditor].into(),
		Jurisdiction(*b"CH"),
	);
	who
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_rules(r: Linear<0, { T::MaxRules::get() }>) -> Result<(), BenchmarkError> {
		let origin = T::ComplianceOfficerOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		let rules = passing_rules::<T>(r);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, CLASS, rules.clone());
		assert_eq!(Rules::<T>::get(CLASS), rules);
		Ok(())
	}

	#[benchmark]
	fn clear_rules() -> Result<(), BenchmarkError> {
		let origin = T::ComplianceOfficerOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		Pallet::<T>::do_set_rules(CLASS, passing_rules::<T>(T::MaxRules::get())).unwrap();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, CLASS);
		assert!(Rules::<T>::get(CLASS).is_empty());
		Ok(())
	}

	#[benchmark]
	fn add_trusted_auditor() -> Result<(), BenchmarkError> {
		let origin = T::ComplianceOfficerOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		for i in 0..T::MaxTrustedAuditors::get().saturating_sub(1) {
			let a: T::AccountId = account("auditor", i, 0);
			T::Participants::admit_for_benchmarks(&a, [Role::Auditor].into(), Jurisdiction(*b"CH"));
			Pallet::<T>::do_add_trusted_auditor(CLASS, a).unwrap();
		}
		let auditor = trader::<T>("last-auditor");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, CLASS, auditor.clone());
		assert!(Pallet::<T>::is_trusted_auditor(&CLASS, &auditor));
		Ok(())
	}

	#[benchmark]
	fn remove_trusted_auditor() -> Result<(), BenchmarkError> {
		let origin = T::ComplianceOfficerOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		let mut last = None;
		for i in 0..T::MaxTrustedAuditors::get() {
			let a: T::AccountId = account("auditor", i, 0);
			T::Participants::admit_for_benchmarks(&a, [Role::Auditor].into(), Jurisdiction(*b"CH"));
			Pallet::<T>::do_add_trusted_auditor(CLASS, a.clone()).unwrap();
			last = Some(a);
		}
		let auditor = last.ok_or(BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, CLASS, auditor.clone());
		assert!(!TrustedAuditors::<T>::get(CLASS).contains(&auditor));
		Ok(())
	}

	/// The check every value-moving call pays for, with `r` rules that all pass.
	#[benchmark]
	fn can_transfer(r: Linear<0, { T::MaxRules::get() }>) {
		Pallet::<T>::do_set_rules(CLASS, passing_rules::<T>(r)).unwrap();
		let (from, to) = (trader::<T>("from"), trader::<T>("to"));
		let result;
		#[block]
		{
			result = <Pallet<T> as Compliance<_, _>>::can_transfer(&CLASS, &from, &to, 1u32.into());
		}
		assert!(result.is_ok());
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
