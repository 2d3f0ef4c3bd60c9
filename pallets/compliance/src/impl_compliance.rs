//! The compliance check as every value-moving pallet sees it.

use crate::pallet::{Config, Pallet};
use compute_ledger_primitives::{AssetClass, Compliance, ComplianceReport};
use frame_support::dispatch::DispatchResult;

impl<T: Config> Compliance<T::AccountId, T::Balance> for Pallet<T> {
	fn can_transfer(
		class: &AssetClass,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: T::Balance,
	) -> DispatchResult {
		Self::do_can_transfer(class, from, to, amount)
	}

	fn transfer_report(
		class: &AssetClass,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: T::Balance,
	) -> ComplianceReport<T::Balance> {
		Self::do_transfer_report(class, from, to, amount)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn worst_case_rules_for_benchmarks(class: &AssetClass) {
		use frame_support::traits::Get;
		let rules = crate::benchmarking::passing_rules::<T>(T::MaxRules::get());
		Self::do_set_rules(*class, rules).expect("passing rules are valid");
	}
}

impl<T: Config> compute_ledger_primitives::AuditorTrust<T::AccountId> for Pallet<T> {
	fn is_trusted_auditor(class: &AssetClass, who: &T::AccountId) -> bool {
		Self::is_trusted_auditor(class, who)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn trust_for_benchmarks(class: &AssetClass, who: &T::AccountId) {
		let _ = Self::do_add_trusted_auditor(*class, who.clone());
	}
}
