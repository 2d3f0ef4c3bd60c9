//! The compliance officer's calls and the two ways of evaluating a transfer.

use crate::{
	engine::{base_checks, evaluate, PartyFacts, TransferFacts},
	pallet::*,
};
use alloc::vec::Vec;
use compute_ledger_primitives::{
	AssetClass, CheckOutcome, ComplianceCheck, ComplianceFailure, ComplianceReport, ComplianceRule,
	HoldingsInspect, ParticipantRegistry, Party, Role,
};
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	fn ensure_valid_rule(class: &AssetClass, rule: &ComplianceRule<T::Balance>) -> DispatchResult {
		let valid = match rule {
			ComplianceRule::AllowedJurisdictions { jurisdictions, .. } => {
				!jurisdictions.is_empty() && jurisdictions.iter().all(|j| j.is_valid())
			}
			ComplianceRule::RequiredRole { .. } => true,
			ComplianceRule::MaxHolding(max) => !max.is_zero(),
			ComplianceRule::MaxHolders(max) => {
				*max > 0 && T::Holdings::holder_count(class).is_some()
			}
		};
		ensure!(valid, Error::<T>::InvalidRule);
		Ok(())
	}

	pub fn do_set_rules(class: AssetClass, rules: RulesOf<T>) -> DispatchResult {
		for rule in rules.iter() {
			Self::ensure_valid_rule(&class, rule)?;
		}
		Rules::<T>::insert(class, rules.clone());
		Self::deposit_event(Event::RulesSet { class, rules });
		Ok(())
	}

	pub fn do_clear_rules(class: AssetClass) -> DispatchResult {
		ensure!(Rules::<T>::contains_key(class), Error::<T>::NoRules);
		Rules::<T>::remove(class);
		Self::deposit_event(Event::RulesCleared { class });
		Ok(())
	}

	pub fn do_add_trusted_auditor(class: AssetClass, auditor: T::AccountId) -> DispatchResult {
		T::Participants::ensure_role(&auditor, Role::Auditor)?;
		TrustedAuditors::<T>::try_mutate(class, |list| -> DispatchResult {
			ensure!(!list.contains(&auditor), Error::<T>::AlreadyTrusted);
			list.try_push(auditor.clone()).map_err(|_| Error::<T>::TooManyAuditors)?;
			Ok(())
		})?;
		Self::deposit_event(Event::TrustedAuditorAdded { class, auditor });
		Ok(())
	}

	pub fn do_remove_trusted_auditor(class: AssetClass, auditor: T::AccountId) -> DispatchResult {
		TrustedAuditors::<T>::try_mutate_exists(class, |maybe| -> DispatchResult {
			let list = maybe.as_mut().ok_or(Error::<T>::NotTrusted)?;
			let pos = list.iter().position(|a| a == &auditor).ok_or(Error::<T>::NotTrusted)?;
			list.remove(pos);
			if list.is_empty() {
				*maybe = None;
			}
			Ok(())
		})?;
		Self::deposit_event(Event::TrustedAuditorRemoved { class, auditor });
		Ok(())
	}

	/// Whether `auditor` is trusted for `class`.
	pub fn is_trusted_auditor(class: &AssetClass, auditor: &T::AccountId) -> bool {
		TrustedAuditors::<T>::get(class).contains(auditor)
	}

	/// Whether `auditor` is trusted for any asset class (a protected account: only governance
	/// changes its standing). Reads one entry per class that has trusted auditors.
	pub fn is_trusted_anywhere(auditor: &T::AccountId) -> bool {
		TrustedAuditors::<T>::iter_values().any(|list| list.contains(auditor))
	}

	/// The receiver's holding and the holder count if the transfer went through.
	fn holdings_after(
		class: &AssetClass,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: T::Balance,
	) -> (T::Balance, Option<u32>) {
		let current = T::Holdings::balance_of(class, to);
		let moves = from != to && !amount.is_zero();
		let after = if moves { current.saturating_add(amount) } else { current };
		// The sender dropping out is not subtracted: the count can only be overestimated,
		// so the rule never lets too many holders through.
		let new_holder = moves && current.is_zero();
		let holders = T::Holdings::holder_count(class).map(|h| h.saturating_add(new_holder as u32));
		(after, holders)
	}

	fn facts(
		class: &AssetClass,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: T::Balance,
		with_holdings: bool,
	) -> TransferFacts<T::Balance> {
		let (receiver_holding_after, holders_after) = if with_holdings {
			Self::holdings_after(class, from, to, amount)
		} else {
			(Zero::zero(), None)
		};
		TransferFacts {
			sender: PartyFacts::read::<_, T::Participants>(from),
			receiver: PartyFacts::read::<_, T::Participants>(to),
			receiver_holding_after,
			holders_after,
		}
	}

	fn rule_checks(rules: RulesOf<T>) -> impl Iterator<Item = ComplianceCheck<T::Balance>> {
		rules
			.into_iter()
			.enumerate()
			.map(|(i, rule)| ComplianceCheck::Rule { index: i as u32, rule })
	}

	/// Fail-fast evaluation: reads holdings only if a rule of the class needs them and stops
	/// at the first failing check.
	pub fn do_can_transfer(
		class: &AssetClass,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: T::Balance,
	) -> DispatchResult {
		let rules = Rules::<T>::get(class);
		let needs_holdings = rules
			.iter()
			.any(|r| matches!(r, ComplianceRule::MaxHolding(_) | ComplianceRule::MaxHolders(_)));
		let facts = Self::facts(class, from, to, amount, needs_holdings);
		for check in base_checks().into_iter().chain(Self::rule_checks(rules)) {
			if let Some(failure) = evaluate(&check, &facts) {
				return Err(Self::error_for(failure).into());
			}
		}
		Ok(())
	}

	/// Full evaluation: every check with its outcome.
	pub fn do_transfer_report(
		class: &AssetClass,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: T::Balance,
	) -> ComplianceReport<T::Balance> {
		let facts = Self::facts(class, from, to, amount, true);
		let checks: Vec<_> = base_checks()
			.into_iter()
			.chain(Self::rule_checks(Rules::<T>::get(class)))
			.map(|check| {
				let failure = evaluate(&check, &facts);
				CheckOutcome { check, failure }
			})
			.collect();
		ComplianceReport { passed: checks.iter().all(|c| c.failure.is_none()), checks }
	}

	/// The named error a failure surfaces as.
	pub fn error_for(failure: ComplianceFailure) -> Error<T> {
		use ComplianceFailure::*;
		match failure {
			NotAdmitted(Party::Sender)
			| Suspended(Party::Sender)
			| KycExpired(Party::Sender)
			| Revoked(Party::Sender) => Error::<T>::SenderNotActive,
			NotAdmitted(Party::Receiver)
			| Suspended(Party::Receiver)
			| KycExpired(Party::Receiver)
			| Revoked(Party::Receiver) => Error::<T>::ReceiverNotActive,
			Frozen(Party::Sender) => Error::<T>::SenderFrozen,
			Frozen(Party::Receiver) => Error::<T>::ReceiverFrozen,
			JurisdictionNotAllowed(Party::Sender) => Error::<T>::SenderJurisdictionNotAllowed,
			JurisdictionNotAllowed(Party::Receiver) => Error::<T>::ReceiverJurisdictionNotAllowed,
			MissingRole(Party::Sender, _) => Error::<T>::SenderMissingRole,
			MissingRole(Party::Receiver, _) => Error::<T>::ReceiverMissingRole,
			HoldingLimitExceeded => Error::<T>::HoldingLimitExceeded,
			HolderLimitExceeded => Error::<T>::HolderLimitExceeded,
		}
	}
}
