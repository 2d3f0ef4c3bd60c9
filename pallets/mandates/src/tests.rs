use crate::{
	mock::*,
	pallet::{Error, Event, Mandates as MandateOf, Pending},
	types::*,
};
use compute_ledger_primitives::{AgentSpending, Spend};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_runtime::traits::BadOrigin;

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

/// 100 a payment, 300 per 10 blocks, 1_000 in all, until block 1_000.
fn terms() -> MandateTerms<Test> {
	MandateTerms {
		per_payment: 100,
		per_period: 300,
		period: 10,
		total_cap: 1_000,
		payees: Default::default(),
		classes: vec![3].try_into().unwrap(),
		expires_at: 1_000,
		approval_threshold: None,
		velocity: None,
		size: None,
	}
}

fn granted(terms: MandateTerms<Test>) {
	assert_ok!(Mandates::grant_mandate(signed(PRINCIPAL), AGENT, terms));
}

fn pay(amount: u128) -> sp_runtime::DispatchResult {
	Mandates::pay(signed(AGENT), PROVIDER, amount)
}

fn status() -> MandateStatus {
	MandateOf::<Test>::get(AGENT).unwrap().status
}

#[test]
fn a_principal_grants_a_mandate_to_an_admitted_agent() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Mandates::grant_mandate(signed(PRINCIPAL), PROVIDER, terms()),
			Error::<Test>::NotAnAgent
		);
		assert_noop!(
			Mandates::grant_mandate(signed(OUTSIDER), AGENT, terms()),
			pallet_participants::Error::<Test>::NotAdmitted
		);
		assert_noop!(Mandates::grant_mandate(RuntimeOrigin::root(), AGENT, terms()), BadOrigin);
		let mut bad = terms();
		bad.period = 0;
		assert_noop!(
			Mandates::grant_mandate(signed(PRINCIPAL), AGENT, bad),
			Error::<Test>::InvalidTerms
		);
		granted(terms());
		assert_eq!(
			last_event(),
			RuntimeEvent::Mandates(Event::MandateGranted { principal: PRINCIPAL, agent: AGENT })
		);
		assert_noop!(
			Mandates::grant_mandate(signed(PROVIDER), AGENT, terms()),
			Error::<Test>::MandateExists
		);
		// Only the principal changes it.
		assert_noop!(
			Mandates::update_mandate(signed(PROVIDER), AGENT, terms()),
			Error::<Test>::NotPrincipal
		);
		assert_noop!(Mandates::pause(signed(PROVIDER), AGENT), Error::<Test>::NotPrincipal);
		assert_noop!(Mandates::revoke(signed(PROVIDER), AGENT), Error::<Test>::NotPrincipal);
	});
}

#[test]
fn payments_stay_within_every_limit() {
	new_test_ext().execute_with(|| {
		assert_noop!(pay(1), Error::<Test>::NoMandate);
		granted(terms());
		assert_ok!(pay(100));
		assert_eq!(
			last_event(),
			RuntimeEvent::Mandates(Event::Paid { agent: AGENT, to: PROVIDER, amount: 100 })
		);
		assert_eq!(StableLedger::balance(&PROVIDER), 100);
		assert_noop!(pay(101), Error::<Test>::PerPaymentLimit);
		assert_noop!(pay(0), Error::<Test>::ZeroAmount);
		assert_ok!(pay(100));
		assert_ok!(pay(100));
		// 300 within the 10-block period.
		assert_noop!(pay(1), Error::<Test>::PeriodLimit);
		run_to(12);
		for _ in 0..3 {
			assert_ok!(pay(100));
		}
		run_to(23);
		for _ in 0..3 {
			assert_ok!(pay(100));
		}
		run_to(34);
		assert_ok!(pay(100));
		// 1_000 in all.
		assert_noop!(pay(1), Error::<Test>::TotalCap);
		assert_eq!(StableLedger::balance(&PROVIDER), 1_000);
		let view = Mandates::mandate_view(&AGENT).unwrap();
		assert_eq!((view.spent_total, view.spent_in_period), (1_000, 100));
	});
}

#[test]
fn payees_expiry_pause_and_compliance_bind_the_agent() {
	new_test_ext().execute_with(|| {
		let mut t = terms();
		t.payees = vec![PROVIDER].try_into().unwrap();
		t.expires_at = 20;
		granted(t);
		assert_noop!(Mandates::pay(signed(AGENT), PROVIDER2, 1), Error::<Test>::PayeeNotAllowed);
		assert_noop!(
			Mandates::pay(signed(PRINCIPAL), PROVIDER, 1),
			pallet_participants::Error::<Test>::MissingRole
		);
		assert_ok!(Mandates::pause(signed(PRINCIPAL), AGENT));
		assert_noop!(pay(1), Error::<Test>::MandateNotActive);
		assert_ok!(Mandates::resume(signed(PRINCIPAL), AGENT));
		assert_ok!(pay(1));
		// The regulator's freeze of the agent stops it through the compliance check.
		assert_ok!(Participants::freeze(signed(REGULATOR), AGENT, 1));
		assert_noop!(pay(1), pallet_compliance::Error::<Test>::SenderFrozen);
		assert_ok!(Participants::unfreeze(signed(REGULATOR), AGENT));
		run_to(21);
		assert_noop!(pay(1), Error::<Test>::MandateExpired);
	});
}

#[test]
fn the_velocity_rule_suspends_the_mandate_and_raises_an_alert() {
	new_test_ext().execute_with(|| {
		let mut t = terms();
		t.per_period = 1_000;
		t.velocity = Some(VelocityRule { max_payments: 3, window: 5 });
		granted(t);
		for _ in 0..3 {
			assert_ok!(pay(10));
		}
		// The fourth payment in the window: nothing paid, the mandate alerted.
		assert_ok!(pay(10));
		assert_eq!(
			last_event(),
			RuntimeEvent::Mandates(Event::MandateAlert {
				agent: AGENT,
				rule: AlertRule::Velocity,
				amount: 10
			})
		);
		assert_eq!(status(), MandateStatus::Alerted { rule: AlertRule::Velocity });
		assert_eq!(StableLedger::balance(&PROVIDER), 30);
		assert_noop!(pay(10), Error::<Test>::MandateNotActive);
		// The principal reviews and resumes; outside the window the agent pays again.
		assert_ok!(Mandates::resume(signed(PRINCIPAL), AGENT));
		run_to(10);
		assert_ok!(pay(10));
		assert_eq!(StableLedger::balance(&PROVIDER), 40);
	});
}

#[test]
fn the_size_rule_catches_an_outlier_payment() {
	new_test_ext().execute_with(|| {
		let mut t = terms();
		t.size = Some(SizeRule { multiple: 3, lookback: 2 });
		granted(t);
		assert_ok!(pay(10));
		assert_ok!(pay(20));
		// Average 15: 45 passes, 46 does not.
		assert_ok!(pay(45));
		assert_ok!(pay(98));
		assert_eq!(status(), MandateStatus::Alerted { rule: AlertRule::Size });
		assert_eq!(StableLedger::balance(&PROVIDER), 75);
		// The regulator may also reinstate an alerted mandate.
		assert_noop!(Mandates::regulator_resume(signed(PRINCIPAL), AGENT), BadOrigin);
		assert_ok!(Mandates::regulator_resume(signed(REGULATOR), AGENT));
		assert_eq!(status(), MandateStatus::Active);
	});
}

#[test]
fn payments_above_the_threshold_wait_for_the_principal() {
	new_test_ext().execute_with(|| {
		let mut t = terms();
		t.approval_threshold = Some(50);
		granted(t);
		assert_ok!(pay(50));
		assert_ok!(pay(80));
		assert_eq!(
			last_event(),
			RuntimeEvent::Mandates(Event::ApprovalRequested {
				id: 0,
				agent: AGENT,
				to: PROVIDER,
				amount: 80
			})
		);
		assert_eq!(StableLedger::total_balance_on_hold(&AGENT), 80);
		assert_eq!(Mandates::pending_view(&AGENT).len(), 1);
		assert_ok!(pay(90));
		assert_noop!(pay(90), Error::<Test>::TooManyPending);
		assert_noop!(Mandates::approve_payment(signed(PROVIDER), 0), Error::<Test>::NotPrincipal);
		assert_ok!(Mandates::approve_payment(signed(PRINCIPAL), 0));
		assert_eq!(StableLedger::balance(&PROVIDER), 130);
		assert_ok!(Mandates::reject_payment(signed(PRINCIPAL), 1));
		assert_eq!(StableLedger::total_balance_on_hold(&AGENT), 0);
		assert!(Pending::<Test>::get(1).is_none());
		assert_noop!(Mandates::reject_payment(signed(PRINCIPAL), 1), Error::<Test>::UnknownPayment);
		assert_eq!(Mandates::mandate_view(&AGENT).unwrap().spent_total, 130);
	});
}

#[test]
fn the_regulator_suspends_any_mandate_and_revocation_rejects_pending_payments() {
	new_test_ext().execute_with(|| {
		let mut t = terms();
		t.approval_threshold = Some(50);
		granted(t);
		assert_ok!(pay(80));
		assert_noop!(Mandates::regulator_suspend(signed(PRINCIPAL), AGENT, 4), BadOrigin);
		assert_ok!(Mandates::regulator_suspend(signed(REGULATOR), AGENT, 4));
		assert_noop!(pay(10), Error::<Test>::MandateNotActive);
		// The principal cannot lift the regulator's suspension.
		assert_noop!(
			Mandates::resume(signed(PRINCIPAL), AGENT),
			Error::<Test>::SuspendedByRegulator
		);
		assert_ok!(Mandates::regulator_resume(signed(REGULATOR), AGENT));
		assert_noop!(
			Mandates::regulator_resume(signed(REGULATOR), AGENT),
			Error::<Test>::NotSuspended
		);
		assert_ok!(Mandates::revoke(signed(PRINCIPAL), AGENT));
		assert!(MandateOf::<Test>::get(AGENT).is_none());
		assert_eq!(StableLedger::total_balance_on_hold(&AGENT), 0);
		assert_noop!(pay(10), Error::<Test>::NoMandate);
	});
}

#[test]
fn other_paths_are_authorised_against_the_same_limits() {
	new_test_ext().execute_with(|| {
		// Not an agent: nothing to check.
		assert_ok!(Mandates::authorize(&PROVIDER, Spend::ToPayee(&AGENT), 1_000_000));
		// An agent without a mandate may not spend at all.
		assert_noop!(
			Mandates::authorize(&AGENT, Spend::ToPayee(&PROVIDER), 1),
			Error::<Test>::NoMandate
		);
		let mut t = terms();
		t.approval_threshold = Some(50);
		granted(t);
		assert_ok!(Mandates::authorize(&AGENT, Spend::ForClaims(3), 50));
		assert_noop!(
			Mandates::authorize(&AGENT, Spend::ForClaims(4), 50),
			Error::<Test>::ClassNotAllowed
		);
		assert_noop!(
			Mandates::authorize(&AGENT, Spend::ToPayee(&PROVIDER), 60),
			Error::<Test>::ApprovalRequired
		);
		// What other paths spend counts towards the same period.
		for _ in 0..5 {
			assert_ok!(Mandates::authorize(&AGENT, Spend::ToPayee(&PROVIDER), 50));
		}
		assert_noop!(
			Mandates::authorize(&AGENT, Spend::ToPayee(&PROVIDER), 1),
			Error::<Test>::PeriodLimit
		);
		assert_noop!(pay(1), Error::<Test>::PeriodLimit);
	});
}

/// Whatever the agent tries, in any order and any mix of paths, it never spends more than
/// its mandate allows.
mod properties {
	use super::*;
	use frame_support::storage::with_storage_layer;
	use proptest::prelude::*;

	#[derive(Debug, Clone)]
	enum Op {
		Pay(u128),
		Other(u128),
		Approve(u64),
		Reject(u64),
		Pause,
		Resume,
		Advance(u64),
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			4 => (1..150u128).prop_map(Op::Pay),
			2 => (1..150u128).prop_map(Op::Other),
			1 => (0..6u64).prop_map(Op::Approve),
			1 => (0..6u64).prop_map(Op::Reject),
			1 => Just(Op::Pause),
			1 => Just(Op::Resume),
			2 => (1..6u64).prop_map(Op::Advance),
		]
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(200))]
		#[test]
		fn an_agent_never_spends_beyond_its_mandate(ops in proptest::collection::vec(op(), 1..80)) {
			new_test_ext().execute_with(|| {
				let mut t = terms();
				t.approval_threshold = Some(90);
				granted(t);
				let mut paid: Vec<(u64, u128)> = Vec::new();
				for op in ops {
					let before = StableLedger::balance(&PROVIDER);
					let _ = with_storage_layer(|| -> sp_runtime::DispatchResult {
						match op.clone() {
							Op::Pay(a) => pay(a),
							Op::Other(a) => Mandates::authorize(&AGENT, Spend::ToPayee(&PROVIDER), a)
								.and_then(|_| <StableLedger as frame_support::traits::fungible::Mutate<u64>>::transfer(
									&AGENT, &PROVIDER, a, frame_support::traits::tokens::Preservation::Expendable).map(|_| ())),
							Op::Approve(id) => Mandates::approve_payment(signed(PRINCIPAL), id),
							Op::Reject(id) => Mandates::reject_payment(signed(PRINCIPAL), id),
							Op::Pause => Mandates::pause(signed(PRINCIPAL), AGENT),
							Op::Resume => Mandates::resume(signed(PRINCIPAL), AGENT),
							Op::Advance(n) => { run_to(System::block_number() + n); Ok(()) }
						}
					});
					let delta = StableLedger::balance(&PROVIDER) - before;
					if matches!(MandateOf::<Test>::get(AGENT).map(|m| m.status), Some(MandateStatus::Paused)) {
						prop_assert!(!matches!(op, Op::Pay(_) | Op::Other(_)) || delta == 0, "a paused mandate pays nothing");
					}
					prop_assert!(delta <= 100, "one payment is at most the per-payment limit");
					if delta > 0 {
						paid.push((System::block_number(), delta));
					}
					let now = System::block_number();
					let in_period: u128 = paid.iter().filter(|(at, _)| *at + 10 > now).map(|(_, a)| a).sum();
					prop_assert!(in_period <= 300, "at most 300 per 10 blocks");
					prop_assert!(StableLedger::balance(&PROVIDER) <= 1_000, "at most the total cap");
				}
				Ok(())
			})?;
		}
	}
}

/// A spend recorded earlier (an affirmed instruction leg) is checked again before a retry:
/// a paused, suspended or narrowed mandate stops it; nothing is recorded twice.
#[test]
fn a_recheck_follows_the_mandate_as_it_is_now() {
	new_test_ext().execute_with(|| {
		assert_ok!(Mandates::recheck(&PROVIDER, Spend::ToPayee(&AGENT), 1_000_000));
		assert_noop!(
			Mandates::recheck(&AGENT, Spend::ToPayee(&PROVIDER), 1),
			Error::<Test>::NoMandate
		);
		granted(terms());
		assert_ok!(Mandates::authorize(&AGENT, Spend::ToPayee(&PROVIDER), 100));
		let spent = MandateOf::<Test>::get(AGENT).unwrap().spent_total;
		assert_ok!(Mandates::recheck(&AGENT, Spend::ToPayee(&PROVIDER), 100));
		assert_eq!(MandateOf::<Test>::get(AGENT).unwrap().spent_total, spent, "nothing recorded");
		assert_ok!(Mandates::pause(signed(PRINCIPAL), AGENT));
		assert_noop!(
			Mandates::recheck(&AGENT, Spend::ToPayee(&PROVIDER), 100),
			Error::<Test>::MandateNotActive
		);
		assert_ok!(Mandates::resume(signed(PRINCIPAL), AGENT));
		let mut narrower = terms();
		narrower.per_payment = 50;
		assert_ok!(Mandates::update_mandate(signed(PRINCIPAL), AGENT, narrower));
		assert_noop!(
			Mandates::recheck(&AGENT, Spend::ToPayee(&PROVIDER), 100),
			Error::<Test>::PerPaymentLimit
		);
	});
}
