//! Mandate logic. Every `do_*` checks everything before it writes anything.

use crate::{pallet::*, types::*};
use compute_ledger_primitives::{
	AgentSpending, AssetClass, Compliance, ParticipantRegistry, ReasonCode, Role, Spend,
};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{Saturating, Zero};

/// What a payment under a mandate may do.
enum Verdict {
	/// Within every limit: pay now.
	Pay,
	/// Within the limits but above the approval threshold.
	NeedsApproval,
	/// An anomaly rule fires.
	Anomaly(AlertRule),
}

impl<T: Config> Pallet<T> {
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	fn ensure_terms(terms: &MandateTerms<T>) -> DispatchResult {
		ensure!(
			!terms.period.is_zero() && terms.expires_at > Self::now(),
			Error::<T>::InvalidTerms
		);
		if let Some(v) = terms.velocity {
			ensure!(v.max_payments > 0 && !v.window.is_zero(), Error::<T>::InvalidTerms);
		}
		if let Some(s) = terms.size {
			ensure!(s.multiple > 0 && s.lookback > 0, Error::<T>::InvalidTerms);
		}
		Ok(())
	}

	fn principal_of(
		principal: &T::AccountId,
		agent: &T::AccountId,
	) -> Result<Mandate<T>, DispatchError> {
		let mandate = Mandates::<T>::get(agent).ok_or(Error::<T>::NoMandate)?;
		ensure!(&mandate.principal == principal, Error::<T>::NotPrincipal);
		Ok(mandate)
	}

	pub fn do_grant(
		principal: T::AccountId,
		agent: T::AccountId,
		terms: MandateTerms<T>,
	) -> DispatchResult {
		ensure!(!Mandates::<T>::contains_key(&agent), Error::<T>::MandateExists);
		ensure!(
			T::Participants::ensure_role(&agent, Role::Agent).is_ok() && agent != principal,
			Error::<T>::NotAnAgent
		);
		Self::ensure_terms(&terms)?;
		Mandates::<T>::insert(
			&agent,
			Mandate {
				principal: principal.clone(),
				terms,
				status: MandateStatus::Active,
				spent_total: Zero::zero(),
				recent: Default::default(),
			},
		);
		Self::deposit_event(Event::MandateGranted { principal, agent });
		Ok(())
	}

	pub fn do_update(
		principal: T::AccountId,
		agent: T::AccountId,
		terms: MandateTerms<T>,
	) -> DispatchResult {
		let mut mandate = Self::principal_of(&principal, &agent)?;
		Self::ensure_terms(&terms)?;
		mandate.terms = terms;
		Mandates::<T>::insert(&agent, mandate);
		Self::deposit_event(Event::MandateUpdated { agent });
		Ok(())
	}

	pub fn do_set_status(
		principal: T::AccountId,
		agent: T::AccountId,
		status: MandateStatus,
	) -> DispatchResult {
		let mut mandate = Self::principal_of(&principal, &agent)?;
		ensure!(
			!matches!(mandate.status, MandateStatus::SuspendedByRegulator { .. }),
			Error::<T>::SuspendedByRegulator
		);
		mandate.status = status;
		Mandates::<T>::insert(&agent, mandate);
		match status {
			MandateStatus::Active => Self::deposit_event(Event::MandateResumed { agent }),
			_ => Self::deposit_event(Event::MandatePaused { agent }),
		}
		Ok(())
	}

	pub fn do_revoke(principal: Option<T::AccountId>, agent: T::AccountId) -> DispatchResult {
		match &principal {
			Some(p) => {
				Self::principal_of(p, &agent)?;
			}
			None => ensure!(Mandates::<T>::contains_key(&agent), Error::<T>::NoMandate),
		}
		for id in PendingOf::<T>::take(&agent) {
			if let Some(payment) = Pending::<T>::take(id) {
				Self::release(&payment);
				Self::deposit_event(Event::PaymentRejected { id });
			}
		}
		Mandates::<T>::remove(&agent);
		Self::deposit_event(Event::MandateRevoked { agent });
		Ok(())
	}

	pub fn do_regulator_suspend(agent: T::AccountId, reason: ReasonCode) -> DispatchResult {
		Mandates::<T>::try_mutate(&agent, |m| -> DispatchResult {
			let mandate = m.as_mut().ok_or(Error::<T>::NoMandate)?;
			mandate.status = MandateStatus::SuspendedByRegulator { reason };
			Ok(())
		})?;
		Self::deposit_event(Event::MandateSuspendedByRegulator { agent, reason });
		Ok(())
	}

	pub fn do_regulator_resume(agent: T::AccountId) -> DispatchResult {
		Mandates::<T>::try_mutate(&agent, |m| -> DispatchResult {
			let mandate = m.as_mut().ok_or(Error::<T>::NoMandate)?;
			ensure!(
				matches!(
					mandate.status,
					MandateStatus::SuspendedByRegulator { .. } | MandateStatus::Alerted { .. }
				),
				Error::<T>::NotSuspended
			);
			mandate.status = MandateStatus::Active;
			Ok(())
		})?;
		Self::deposit_event(Event::MandateResumed { agent });
		Ok(())
	}

	/// Checks a spend against the mandate's state, payees, classes and limits; then says
	/// whether it needs approval or trips an anomaly rule.
	fn verdict(
		mandate: &Mandate<T>,
		spend: Spend<'_, T::AccountId>,
		amount: T::Balance,
	) -> Result<Verdict, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(mandate.status == MandateStatus::Active, Error::<T>::MandateNotActive);
		let now = Self::now();
		ensure!(now <= mandate.terms.expires_at, Error::<T>::MandateExpired);
		let terms = &mandate.terms;
		match spend {
			Spend::ToPayee(to) => ensure!(
				terms.payees.is_empty() || terms.payees.contains(to),
				Error::<T>::PayeeNotAllowed
			),
			Spend::ForClaims(class) => {
				ensure!(terms.classes.contains(&class), Error::<T>::ClassNotAllowed)
			}
		}
		ensure!(amount <= terms.per_payment, Error::<T>::PerPaymentLimit);
		ensure!(
			Self::spent_since(mandate, now.saturating_sub(terms.period)).saturating_add(amount)
				<= terms.per_period,
			Error::<T>::PeriodLimit
		);
		ensure!(
			mandate.spent_total.saturating_add(amount) <= terms.total_cap,
			Error::<T>::TotalCap
		);
		// The history must still cover the longest window a limit or rule looks at: a new
		// block's entry may only push out one that has left every window.
		let same_block = mandate.recent.last().is_some_and(|(at, _, _)| *at == now);
		if mandate.recent.is_full() && !same_block {
			let horizon = terms.velocity.map_or(terms.period, |v| v.window.max(terms.period));
			let oldest = mandate.recent.first().map(|(at, _, _)| *at).unwrap_or_default();
			ensure!(oldest <= now.saturating_sub(horizon), Error::<T>::HistoryFull);
		}

		if let Some(rule) = terms.velocity {
			let since = now.saturating_sub(rule.window);
			let count: u32 =
				mandate.recent.iter().filter(|(at, _, _)| *at > since).map(|(_, _, n)| *n).sum();
			if count.saturating_add(1) > rule.max_payments {
				return Ok(Verdict::Anomaly(AlertRule::Velocity));
			}
		}
		if let Some(rule) = terms.size {
			// The average payment over the most recent blocks holding `lookback` payments.
			let (mut sum, mut count) = (T::Balance::zero(), 0u32);
			for (_, a, n) in mandate.recent.iter().rev() {
				if count >= rule.lookback {
					break;
				}
				sum = sum.saturating_add(*a);
				count = count.saturating_add(*n);
			}
			if count >= rule.lookback {
				let average = sum / T::Balance::from(count as u64);
				if amount > average.saturating_mul(T::Balance::from(rule.multiple as u64)) {
					return Ok(Verdict::Anomaly(AlertRule::Size));
				}
			}
		}
		if terms.approval_threshold.is_some_and(|t| amount > t) {
			return Ok(Verdict::NeedsApproval);
		}
		Ok(Verdict::Pay)
	}

	/// What the agent spent after block `since`.
	fn spent_since(mandate: &Mandate<T>, since: BlockNumberFor<T>) -> T::Balance {
		mandate
			.recent
			.iter()
			.filter(|(at, _, _)| *at > since)
			.fold(T::Balance::zero(), |sum, (_, a, _)| sum.saturating_add(*a))
	}

	/// Counts a spend against the mandate. Spends of one block share an entry; when the
	/// history is full the oldest entry, which `verdict` checked has left every window, goes.
	fn record(mandate: &mut Mandate<T>, amount: T::Balance) {
		let now = Self::now();
		mandate.spent_total = mandate.spent_total.saturating_add(amount);
		if let Some((at, sum, n)) = mandate.recent.last_mut() {
			if *at == now {
				*sum = sum.saturating_add(amount);
				*n = n.saturating_add(1);
				return;
			}
		}
		if mandate.recent.is_full() {
			mandate.recent.remove(0);
		}
		let _ = mandate.recent.try_push((now, amount, 1));
	}

	fn release(payment: &PendingPayment<T>) {
		let _ = T::Stable::release(
			&HoldReason::AwaitingApproval.into(),
			&payment.agent,
			payment.amount,
			Precision::BestEffort,
		);
	}

	pub fn do_pay(agent: T::AccountId, to: T::AccountId, amount: T::Balance) -> DispatchResult {
		let mut mandate = Mandates::<T>::get(&agent).ok_or(Error::<T>::NoMandate)?;
		let verdict = Self::verdict(&mandate, Spend::ToPayee(&to), amount)?;
		T::Compliance::can_transfer(&AssetClass::StableValue, &agent, &to, amount)?;
		match verdict {
			Verdict::Anomaly(rule) => {
				// Nothing is paid; the mandate stops until the principal or regulator reviews.
				mandate.status = MandateStatus::Alerted { rule };
				Mandates::<T>::insert(&agent, mandate);
				Self::deposit_event(Event::MandateAlert { agent, rule, amount });
			}
			Verdict::NeedsApproval => {
				T::Stable::hold(&HoldReason::AwaitingApproval.into(), &agent, amount)
					.map_err(|_| Error::<T>::InsufficientFunds)?;
				let id = NextPaymentId::<T>::get();
				PendingOf::<T>::try_mutate(&agent, |list| list.try_push(id))
					.map_err(|_| Error::<T>::TooManyPending)?;
				NextPaymentId::<T>::put(id.saturating_add(1));
				Pending::<T>::insert(
					id,
					PendingPayment {
						agent: agent.clone(),
						to: to.clone(),
						amount,
						requested_at: Self::now(),
					},
				);
				Self::deposit_event(Event::ApprovalRequested { id, agent, to, amount });
			}
			Verdict::Pay => {
				T::Stable::transfer(&agent, &to, amount, Preservation::Expendable)
					.map_err(|_| Error::<T>::InsufficientFunds)?;
				Self::record(&mut mandate, amount);
				Mandates::<T>::insert(&agent, mandate);
				Self::deposit_event(Event::Paid { agent, to, amount });
			}
		}
		Ok(())
	}

	pub fn do_decide(principal: T::AccountId, id: PaymentId, approve: bool) -> DispatchResult {
		let payment = Pending::<T>::get(id).ok_or(Error::<T>::UnknownPayment)?;
		let mut mandate = Self::principal_of(&principal, &payment.agent)?;
		if approve {
			// The approval covers the threshold only: every other limit applies now.
			match Self::verdict(&mandate, Spend::ToPayee(&payment.to), payment.amount)? {
				Verdict::Anomaly(_) => return Err(Error::<T>::AnomalyDetected.into()),
				Verdict::Pay | Verdict::NeedsApproval => {}
			}
			T::Compliance::can_transfer(
				&AssetClass::StableValue,
				&payment.agent,
				&payment.to,
				payment.amount,
			)?;
			T::Stable::transfer_on_hold(
				&HoldReason::AwaitingApproval.into(),
				&payment.agent,
				&payment.to,
				payment.amount,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?;
			Self::record(&mut mandate, payment.amount);
			Mandates::<T>::insert(&payment.agent, mandate);
			Self::deposit_event(Event::Paid {
				agent: payment.agent.clone(),
				to: payment.to.clone(),
				amount: payment.amount,
			});
			Self::deposit_event(Event::PaymentApproved { id });
		} else {
			Self::release(&payment);
			Self::deposit_event(Event::PaymentRejected { id });
		}
		Pending::<T>::remove(id);
		PendingOf::<T>::mutate(&payment.agent, |list| list.retain(|p| *p != id));
		Ok(())
	}
}

impl<T: Config> Pallet<T> {
	pub fn mandate_view(
		agent: &T::AccountId,
	) -> Option<crate::runtime_api::MandateView<T::AccountId, T::Balance, BlockNumberFor<T>>> {
		let m = Mandates::<T>::get(agent)?;
		let spent_in_period = Self::spent_since(&m, Self::now().saturating_sub(m.terms.period));
		Some(crate::runtime_api::MandateView {
			agent: agent.clone(),
			principal: m.principal,
			status: m.status,
			per_payment: m.terms.per_payment,
			per_period: m.terms.per_period,
			period: m.terms.period,
			total_cap: m.terms.total_cap,
			spent_total: m.spent_total,
			spent_in_period,
			payees: m.terms.payees.into_inner(),
			classes: m.terms.classes.into_inner(),
			expires_at: m.terms.expires_at,
			approval_threshold: m.terms.approval_threshold,
			velocity: m.terms.velocity,
			size: m.terms.size,
		})
	}

	/// Mandates an anomaly rule alerted or the regulator suspended, after `start` in storage
	/// order, at most `limit`: what a principal's or regulator's review queue shows.
	pub fn alerts_view(
		start: Option<T::AccountId>,
		limit: u32,
	) -> alloc::vec::Vec<crate::runtime_api::MandateView<T::AccountId, T::Balance, BlockNumberFor<T>>>
	{
		let iter = match start {
			Some(after) => Mandates::<T>::iter_keys_from(Mandates::<T>::hashed_key_for(after)),
			None => Mandates::<T>::iter_keys(),
		};
		iter.filter_map(|agent| Self::mandate_view(&agent))
			.filter(|m| {
				matches!(
					m.status,
					MandateStatus::Alerted { .. } | MandateStatus::SuspendedByRegulator { .. }
				)
			})
			.take(limit as usize)
			.collect()
	}

	pub fn pending_view(
		agent: &T::AccountId,
	) -> alloc::vec::Vec<crate::runtime_api::PendingView<T::AccountId, T::Balance, BlockNumberFor<T>>>
	{
		PendingOf::<T>::get(agent)
			.into_iter()
			.filter_map(|id| {
				Pending::<T>::get(id).map(|p| crate::runtime_api::PendingView {
					id,
					agent: p.agent,
					to: p.to,
					amount: p.amount,
					requested_at: p.requested_at,
				})
			})
			.collect()
	}
}

impl<T: Config> AgentSpending<T::AccountId, T::Balance> for Pallet<T> {
	fn is_agent(who: &T::AccountId) -> bool {
		Mandates::<T>::contains_key(who) || T::Participants::has_role(who, Role::Agent)
	}

	fn authorize(
		who: &T::AccountId,
		spend: Spend<'_, T::AccountId>,
		amount: T::Balance,
	) -> DispatchResult {
		if !Self::is_agent(who) {
			return Ok(());
		}
		let mut mandate = Mandates::<T>::get(who).ok_or(Error::<T>::NoMandate)?;
		match Self::verdict(&mandate, spend, amount)? {
			Verdict::Pay => {}
			Verdict::NeedsApproval => return Err(Error::<T>::ApprovalRequired.into()),
			Verdict::Anomaly(_) => return Err(Error::<T>::AnomalyDetected.into()),
		}
		Self::record(&mut mandate, amount);
		Mandates::<T>::insert(who, mandate);
		Ok(())
	}

	fn recheck(
		who: &T::AccountId,
		spend: Spend<'_, T::AccountId>,
		amount: T::Balance,
	) -> DispatchResult {
		if !Self::is_agent(who) {
			return Ok(());
		}
		let mandate = Mandates::<T>::get(who).ok_or(Error::<T>::NoMandate)?;
		ensure!(mandate.status == MandateStatus::Active, Error::<T>::MandateNotActive);
		ensure!(Self::now() <= mandate.terms.expires_at, Error::<T>::MandateExpired);
		let terms = &mandate.terms;
		match spend {
			Spend::ToPayee(to) => ensure!(
				terms.payees.is_empty() || terms.payees.contains(to),
				Error::<T>::PayeeNotAllowed
			),
			Spend::ForClaims(class) => {
				ensure!(terms.classes.contains(&class), Error::<T>::ClassNotAllowed)
			}
		}
		ensure!(amount <= terms.per_payment, Error::<T>::PerPaymentLimit);
		Ok(())
	}
}
