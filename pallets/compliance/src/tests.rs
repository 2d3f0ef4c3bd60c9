use crate::{
	mock::*,
	pallet::{Error, Event, Rules, TrustedAuditors},
};
use compute_ledger_primitives::{
	AssetClass, CheckOutcome, Compliance as _, ComplianceCheck, ComplianceFailure, ComplianceRule,
	Jurisdiction, Party, Role, RoleSet,
};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use proptest::prelude::*;
use sp_runtime::{traits::BadOrigin, DispatchError};

const CLAIM: AssetClass = AssetClass::Claim(7);
const A: u64 = 1;
const B: u64 = 2;
const C: u64 = 3;

fn jur(code: &[u8; 2]) -> Jurisdiction {
	Jurisdiction(*code)
}

fn admit(who: u64, roles: &[Role], j: &[u8; 2]) {
	assert_ok!(Participants::admit(
		RuntimeOrigin::root(),
		who,
		RoleSet::from(roles.iter().copied()),
		jur(j),
		1_000
	));
}

fn rules(list: Vec<ComplianceRule<u128>>) -> crate::pallet::RulesOf<Test> {
	list.try_into().unwrap()
}

fn allowed(party: Party, codes: &[&[u8; 2]]) -> ComplianceRule<u128> {
	ComplianceRule::AllowedJurisdictions {
		party,
		jurisdictions: codes.iter().map(|c| jur(c)).collect::<Vec<_>>().try_into().unwrap(),
	}
}

fn officer() -> RuntimeOrigin {
	RuntimeOrigin::signed(OFFICER)
}

fn can(from: u64, to: u64, amount: u128) -> Result<(), DispatchError> {
	Compliance::can_transfer(&CLAIM, &from, &to, amount)
}

#[test]
fn base_checks_need_active_unfrozen_parties() {
	new_test_ext().execute_with(|| {
		admit(A, &[Role::Trader], b"DE");
		assert_noop!(can(A, B, 1), Error::<Test>::ReceiverNotActive);
		assert_noop!(can(B, A, 1), Error::<Test>::SenderNotActive);
		admit(B, &[Role::Trader], b"DE");
		assert_ok!(can(A, B, 1));

		assert_ok!(Participants::freeze(RuntimeOrigin::signed(REGULATOR), B, 1));
		assert_noop!(can(A, B, 1), Error::<Test>::ReceiverFrozen);
		assert_noop!(can(B, A, 1), Error::<Test>::SenderFrozen);
		assert_ok!(Participants::unfreeze(RuntimeOrigin::signed(REGULATOR), B));

		assert_ok!(Participants::suspend(RuntimeOrigin::root(), A, 3));
		assert_noop!(can(A, B, 1), Error::<Test>::SenderNotActive);
		let report = Compliance::transfer_report(&CLAIM, &A, &B, 1);
		assert!(!report.passed);
		assert_eq!(report.first_failure(), Some(ComplianceFailure::Suspended(Party::Sender)));
	});
}

#[test]
fn rules_restrict_jurisdictions_roles_holdings_and_holders() {
	new_test_ext().execute_with(|| {
		admit(A, &[Role::Trader], b"DE");
		admit(B, &[Role::Trader], b"US");
		admit(C, &[Role::Agent], b"CH");
		assert_ok!(Compliance::set_rules(
			officer(),
			CLAIM,
			rules(vec![
				allowed(Party::Receiver, &[b"DE", b"CH"]),
				ComplianceRule::RequiredRole { party: Party::Sender, role: Role::Trader },
				ComplianceRule::MaxHolding(100),
				ComplianceRule::MaxHolders(2),
			])
		));
		assert_noop!(can(A, B, 1), Error::<Test>::ReceiverJurisdictionNotAllowed);
		assert_noop!(can(C, A, 1), Error::<Test>::SenderMissingRole);
		assert_ok!(can(A, C, 100));
		MockHoldings::set(CLAIM, C, 50);
		assert_noop!(can(A, C, 51), Error::<Test>::HoldingLimitExceeded);
		assert_ok!(can(A, C, 50));
		// Two holders already: a third is refused, an existing holder is not.
		MockHoldings::set(CLAIM, A, 10);
		admit(4, &[Role::Trader], b"DE");
		assert_noop!(can(A, 4, 1), Error::<Test>::HolderLimitExceeded);
		assert_ok!(can(A, C, 1));

		let report = Compliance::transfer_report(&CLAIM, &A, &4, 1);
		assert_eq!(report.checks.len(), 8);
		assert_eq!(
			report.checks[7],
			CheckOutcome {
				check: ComplianceCheck::Rule { index: 3, rule: ComplianceRule::MaxHolders(2) },
				failure: Some(ComplianceFailure::HolderLimitExceeded),
			}
		);
		assert!(report.checks[..7].iter().all(|c| c.failure.is_none()));
	});
}

#[test]
fn officer_calls_reject_every_wrong_origin_and_change_nothing() {
	new_test_ext().execute_with(|| {
		admit(A, &[Role::Auditor, Role::Registrar], b"DE");
		let r = rules(vec![ComplianceRule::MaxHolding(5)]);
		for bad in [
			RuntimeOrigin::root(),
			RuntimeOrigin::signed(A),
			RuntimeOrigin::signed(REGULATOR),
			RuntimeOrigin::none(),
		] {
			assert_noop!(Compliance::set_rules(bad.clone(), CLAIM, r.clone()), BadOrigin);
			assert_noop!(Compliance::clear_rules(bad.clone(), CLAIM), BadOrigin);
			assert_noop!(Compliance::add_trusted_auditor(bad.clone(), CLAIM, A), BadOrigin);
			assert_noop!(Compliance::remove_trusted_auditor(bad, CLAIM, A), BadOrigin);
		}
	});
}

#[test]
fn malformed_rules_are_refused() {
	new_test_ext().execute_with(|| {
		let empty = ComplianceRule::AllowedJurisdictions {
			party: Party::Sender,
			jurisdictions: BoundedVec::default(),
		};
		for bad in [
			empty,
			allowed(Party::Sender, &[b"de"]),
			ComplianceRule::MaxHolding(0),
			ComplianceRule::MaxHolders(0),
		] {
			assert_noop!(
				Compliance::set_rules(officer(), CLAIM, rules(vec![bad])),
				Error::<Test>::InvalidRule
			);
		}
		// The native class does not count holders, so it cannot limit them.
		assert_noop!(
			Compliance::set_rules(
				officer(),
				AssetClass::Native,
				rules(vec![ComplianceRule::MaxHolders(3)])
			),
			Error::<Test>::InvalidRule
		);
		assert_noop!(Compliance::clear_rules(officer(), CLAIM), Error::<Test>::NoRules);
	});
}

#[test]
fn set_and_clear_rules_emit_events() {
	new_test_ext().execute_with(|| {
		let r = rules(vec![ComplianceRule::MaxHolding(5)]);
		assert_ok!(Compliance::set_rules(officer(), CLAIM, r.clone()));
		System::assert_last_event(Event::RulesSet { class: CLAIM, rules: r.clone() }.into());
		assert_eq!(Rules::<Test>::get(CLAIM), r);
		assert_ok!(Compliance::clear_rules(officer(), CLAIM));
		System::assert_last_event(Event::RulesCleared { class: CLAIM }.into());
		assert!(Rules::<Test>::get(CLAIM).is_empty());
	});
}

#[test]
fn trusted_auditors_must_be_active_auditors_and_are_bounded() {
	new_test_ext().execute_with(|| {
		admit(A, &[Role::Trader], b"DE");
		assert_noop!(
			Compliance::add_trusted_auditor(officer(), CLAIM, A),
			pallet_participants::Error::<Test>::MissingRole
		);
		assert_noop!(
			Compliance::add_trusted_auditor(officer(), CLAIM, 50),
			pallet_participants::Error::<Test>::NotAdmitted
		);
		for who in 10..14 {
			admit(who, &[Role::Auditor], b"GB");
			assert_ok!(Compliance::add_trusted_auditor(officer(), CLAIM, who));
		}
		System::assert_last_event(Event::TrustedAuditorAdded { class: CLAIM, auditor: 13 }.into());
		assert_noop!(
			Compliance::add_trusted_auditor(officer(), CLAIM, 13),
			Error::<Test>::AlreadyTrusted
		);
		admit(14, &[Role::Auditor], b"GB");
		assert_noop!(
			Compliance::add_trusted_auditor(officer(), CLAIM, 14),
			Error::<Test>::TooManyAuditors
		);
		assert_ok!(Compliance::remove_trusted_auditor(officer(), CLAIM, 10));
		assert!(!Compliance::is_trusted_auditor(&CLAIM, &10));
		assert_noop!(
			Compliance::remove_trusted_auditor(officer(), CLAIM, 10),
			Error::<Test>::NotTrusted
		);
		for who in 11..14 {
			assert_ok!(Compliance::remove_trusted_auditor(officer(), CLAIM, who));
		}
		assert!(!TrustedAuditors::<Test>::contains_key(CLAIM));
	});
}

// ---- property: the fail-fast check and the full report always agree ----

const CODES: [&[u8; 2]; 4] = [b"DE", b"CH", b"US", b"SG"];

#[derive(Clone, Debug)]
enum PartyState {
	Unknown,
	Active,
	Suspended,
	Expired,
	Revoked,
}

fn party_state() -> impl Strategy<Value = (PartyState, u8, usize, bool)> {
	(
		prop_oneof![
			Just(PartyState::Unknown),
			Just(PartyState::Active),
			Just(PartyState::Active),
			Just(PartyState::Suspended),
			Just(PartyState::Expired),
			Just(PartyState::Revoked),
		],
		1u8..128,
		0usize..4,
		any::<bool>(),
	)
}

fn rule() -> impl Strategy<Value = ComplianceRule<u128>> {
	let party = prop_oneof![Just(Party::Sender), Just(Party::Receiver)];
	prop_oneof![
		(party.clone(), proptest::sample::subsequence(CODES.to_vec(), 1..4))
			.prop_map(|(party, codes)| allowed(party, &codes)),
		(party, 0usize..7)
			.prop_map(|(party, r)| ComplianceRule::RequiredRole { party, role: Role::ALL[r] }),
		(1u128..200).prop_map(ComplianceRule::MaxHolding),
		(1u32..4).prop_map(ComplianceRule::MaxHolders),
	]
}

fn set_up(who: u64, (state, roles, j, frozen): &(PartyState, u8, usize, bool)) {
	if matches!(state, PartyState::Unknown) {
		return;
	}
	let expiry = if matches!(state, PartyState::Expired) { 5 } else { 1_000 };
	assert_ok!(Participants::admit(
		RuntimeOrigin::root(),
		who,
		RoleSet(*roles),
		jur(CODES[*j]),
		expiry
	));
	match state {
		PartyState::Suspended => {
			assert_ok!(Participants::suspend(RuntimeOrigin::root(), who, 1));
		}
		PartyState::Revoked => {
			assert_ok!(Participants::revoke(RuntimeOrigin::root(), who, 1));
		}
		_ => {}
	}
	if *frozen {
		assert_ok!(Participants::freeze(RuntimeOrigin::signed(REGULATOR), who, 1));
	}
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(300))]
	#[test]
	fn check_and_report_agree(
		sender in party_state(),
		receiver in party_state(),
		rule_set in proptest::collection::vec(rule(), 0..8),
		holdings in proptest::collection::vec(0u128..150, 3),
		amount in 0u128..100,
	) {
		new_test_ext().execute_with(|| {
			set_up(A, &sender);
			set_up(B, &receiver);
			for (who, h) in [A, B, C].into_iter().zip(holdings) {
				MockHoldings::set(CLAIM, who, h);
			}
			assert_ok!(Compliance::set_rules(officer(), CLAIM, rules(rule_set)));
			System::set_block_number(10);

			let check = can(A, B, amount);
			let report = Compliance::transfer_report(&CLAIM, &A, &B, amount);
			prop_assert_eq!(check.is_ok(), report.passed);
			prop_assert_eq!(report.checks.len(), 4 + Rules::<Test>::get(CLAIM).len());
			match report.first_failure() {
				None => prop_assert!(check.is_ok()),
				Some(f) => prop_assert_eq!(check, Err(Compliance::error_for(f).into())),
			}
			Ok(())
		})?;
	}
}
