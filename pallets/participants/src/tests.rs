use crate::{
	mock::*,
	pallet::{Error, Event, Frozen, ParticipantCount, Participants as Records},
	CheckAdmission, EnsureRole,
};
use compute_ledger_primitives::{
	admission_codes, EffectiveStatus, Jurisdiction, ParticipantRegistry, ParticipantStatus, Role,
	RoleSet,
};
use frame_support::{
	assert_noop, assert_ok, dispatch::DispatchInfo, parameter_types, traits::EnsureOrigin,
};
use sp_runtime::{
	traits::{BadOrigin, DispatchTransaction, TransactionExtension, TxBaseImplication},
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
	BuildStorage,
};

const REGISTRAR: u64 = 10;
const ALICE: u64 = 1;
const BOB: u64 = 2;
const STRANGER: u64 = 77;
const DE: Jurisdiction = Jurisdiction(*b"DE");

fn trader() -> RoleSet {
	[Role::Trader].into()
}

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// Root admits a registrar participant and Alice (trader).
fn setup() {
	assert_ok!(Participants::admit(root(), REGISTRAR, [Role::Registrar].into(), DE, 1_000));
	assert_ok!(Participants::admit(root(), ALICE, trader(), DE, 1_000));
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

#[test]
fn admit_records_participant_and_emits_event() {
	new_test_ext().execute_with(|| {
		assert_ok!(Participants::admit(root(), ALICE, trader(), DE, 100));
		let p = Records::<Test>::get(ALICE).unwrap();
		assert_eq!(p.roles, trader());
		assert_eq!(p.status, ParticipantStatus::Active);
		assert_eq!(p.admitted_at, 1);
		assert_eq!(ParticipantCount::<Test>::get(), 1);
		assert_eq!(
			last_event(),
			Event::Admitted { who: ALICE, roles: trader(), jurisdiction: DE, kyc_expiry: 100 }
				.into()
		);
		assert!(Participants::is_active(&ALICE));
		Participants::do_try_state().unwrap();
	});
}

#[test]
fn admit_rejects_bad_records_and_changes_nothing() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Participants::admit(root(), ALICE, RoleSet::default(), DE, 100),
			Error::<Test>::InvalidRoles
		);
		assert_noop!(
			Participants::admit(root(), ALICE, RoleSet(0b1000_0000), DE, 100),
			Error::<Test>::InvalidRoles
		);
		assert_noop!(
			Participants::admit(root(), ALICE, trader(), Jurisdiction(*b"de"), 100),
			Error::<Test>::InvalidJurisdiction
		);
		assert_noop!(
			Participants::admit(root(), ALICE, trader(), DE, 1),
			Error::<Test>::KycExpiryInPast
		);
		assert_ok!(Participants::admit(root(), ALICE, trader(), DE, 100));
		assert_noop!(
			Participants::admit(root(), ALICE, trader(), DE, 100),
			Error::<Test>::AlreadyAdmitted
		);
	});
}

#[test]
fn every_registrar_call_rejects_every_wrong_origin() {
	new_test_ext().execute_with(|| {
		setup();
		assert_ok!(Participants::admit(root(), BOB, trader(), DE, 1_000));
		// Wrong origins: a stranger, an admitted trader, the regulator, and a suspended registrar.
		let suspended_registrar = 11;
		assert_ok!(Participants::admit(
			root(),
			suspended_registrar,
			[Role::Registrar].into(),
			DE,
			1_000
		));
		assert_ok!(Participants::suspend(root(), suspended_registrar, 1));
		for bad in [STRANGER, ALICE, REGULATOR, suspended_registrar] {
			assert_noop!(Participants::admit(signed(bad), 50, trader(), DE, 100), BadOrigin);
			assert_noop!(Participants::update_roles(signed(bad), BOB, trader()), BadOrigin);
			assert_noop!(Participants::renew_kyc(signed(bad), BOB, 500), BadOrigin);
			assert_noop!(Participants::suspend(signed(bad), BOB, 1), BadOrigin);
			assert_noop!(Participants::reinstate(signed(bad), BOB, 1), BadOrigin);
			assert_noop!(Participants::revoke(signed(bad), BOB, 1), BadOrigin);
		}
		{
			let bad = RuntimeOrigin::none();
			assert_noop!(Participants::admit(bad.clone(), 50, trader(), DE, 100), BadOrigin);
			assert_noop!(Participants::revoke(bad, BOB, 1), BadOrigin);
		}
	});
}

#[test]
fn regulator_calls_reject_every_wrong_origin() {
	new_test_ext().execute_with(|| {
		setup();
		for bad in
			[root(), signed(REGISTRAR), signed(ALICE), signed(STRANGER), RuntimeOrigin::none()]
		{
			assert_noop!(Participants::freeze(bad.clone(), ALICE, 1), BadOrigin);
			assert_noop!(Participants::unfreeze(bad, ALICE), BadOrigin);
		}
	});
}

#[test]
fn registrar_participant_manages_others_but_not_itself_nor_registrars() {
	new_test_ext().execute_with(|| {
		setup();
		assert_ok!(Participants::admit(signed(REGISTRAR), BOB, trader(), DE, 500));
		assert_ok!(Participants::update_roles(signed(REGISTRAR), BOB, [Role::Agent].into()));
		assert_noop!(
			Participants::renew_kyc(signed(REGISTRAR), REGISTRAR, 5_000),
			Error::<Test>::CannotModifySelf
		);
		assert_noop!(
			Participants::update_roles(signed(REGISTRAR), BOB, [Role::Registrar].into()),
			Error::<Test>::RegistrarRoleNeedsGovernance
		);
		assert_noop!(
			Participants::admit(
				signed(REGISTRAR),
				60,
				[Role::Registrar, Role::Trader].into(),
				DE,
				500
			),
			Error::<Test>::RegistrarRoleNeedsGovernance
		);
		// Governance may.
		assert_ok!(Participants::update_roles(root(), BOB, [Role::Registrar].into()));
	});
}

/// Registrar, Issuer and runtime-protected accounts (council, sudo, validators, trusted
/// auditors): a registrar can neither suspend, reinstate, revoke, re-role nor shorten the KYC
/// of any of them; governance can.
#[test]
fn registrar_cannot_change_the_standing_of_a_protected_account() {
	new_test_ext().execute_with(|| {
		setup();
		const ISSUER: u64 = 61;
		const OTHER_REGISTRAR: u64 = 62;
		assert_ok!(Participants::admit(root(), ISSUER, [Role::Issuer].into(), DE, 1_000));
		assert_ok!(Participants::admit(
			root(),
			OTHER_REGISTRAR,
			[Role::Registrar].into(),
			DE,
			1_000
		));
		assert_ok!(Participants::admit(root(), COUNCILLOR, trader(), DE, 1_000));
		let r = || signed(REGISTRAR);
		for who in [ISSUER, OTHER_REGISTRAR, COUNCILLOR] {
			assert!(Participants::is_protected(&who));
			assert_noop!(Participants::suspend(r(), who, 1), Error::<Test>::ProtectedAccount);
			assert_noop!(Participants::revoke(r(), who, 1), Error::<Test>::ProtectedAccount);
			assert_noop!(Participants::renew_kyc(r(), who, 500), Error::<Test>::ProtectedAccount);
			// Extending is fine: it cannot hurt the account.
			assert_ok!(Participants::renew_kyc(r(), who, 2_000));
		}
		assert_noop!(
			Participants::update_roles(r(), COUNCILLOR, [Role::Agent].into()),
			Error::<Test>::ProtectedAccount
		);
		assert_noop!(
			Participants::update_roles(r(), ISSUER, [Role::Trader].into()),
			Error::<Test>::IssuerRoleNeedsGovernance
		);
		assert_noop!(
			Participants::update_roles(r(), ISSUER, [Role::Issuer, Role::Trader].into()),
			Error::<Test>::ProtectedAccount
		);
		assert_noop!(
			Participants::admit(r(), 63, [Role::Issuer].into(), DE, 500),
			Error::<Test>::IssuerRoleNeedsGovernance
		);
		// A reinstatement undoing governance's suspension is governance's too.
		assert_ok!(Participants::suspend(root(), COUNCILLOR, 7));
		assert_noop!(Participants::reinstate(r(), COUNCILLOR, 1), Error::<Test>::ProtectedAccount);
		assert_ok!(Participants::reinstate(root(), COUNCILLOR, 8));
		// Governance may do all of it; an ordinary account stays the registrar's.
		assert_ok!(Participants::update_roles(root(), ISSUER, [Role::Trader].into()));
		assert!(!Participants::is_protected(&ISSUER));
		assert_ok!(Participants::suspend(r(), ISSUER, 1));
		assert_ok!(Participants::revoke(root(), OTHER_REGISTRAR, 1));
		Participants::do_try_state().unwrap();
	});
}

/// A revoked record keeps no roles, and only governance admits the account again.
#[test]
fn revocation_clears_roles_and_readmission_is_governance() {
	new_test_ext().execute_with(|| {
		setup();
		assert_ok!(Participants::admit(
			signed(REGISTRAR),
			BOB,
			[Role::Trader, Role::Agent].into(),
			DE,
			500
		));
		assert_ok!(Participants::revoke(signed(REGISTRAR), BOB, 3));
		assert_eq!(Records::<Test>::get(BOB).unwrap().roles, RoleSet::default());
		assert!(!Participants::has_role(&BOB, Role::Trader));
		assert_noop!(
			Participants::admit(signed(REGISTRAR), BOB, trader(), DE, 500),
			Error::<Test>::ReadmissionNeedsGovernance
		);
		assert_ok!(Participants::admit(root(), BOB, trader(), DE, 500));
		assert_eq!(Records::<Test>::get(BOB).unwrap().roles, trader());
		Participants::do_try_state().unwrap();
	});
}

/// The runtime exempts the council's own calls for its members: the exemption is by signer.
#[test]
fn admission_exemption_is_per_signer() {
	new_test_ext().execute_with(|| {
		let call: RuntimeCall = frame_system::Call::remark_with_event { remark: vec![1] }.into();
		assert_eq!(validate(signed(COUNCILLOR), &call), Ok(()));
		assert_eq!(validate(signed(STRANGER), &call), custom(admission_codes::NOT_ADMITTED));
	});
}

#[test]
fn lifecycle_suspend_reinstate_revoke_readmit() {
	new_test_ext().execute_with(|| {
		setup();
		assert_noop!(Participants::reinstate(root(), ALICE, 1), Error::<Test>::NotSuspended);
		assert_ok!(Participants::suspend(root(), ALICE, 42));
		assert_eq!(last_event(), Event::Suspended { who: ALICE, reason: 42 }.into());
		assert_eq!(
			Participants::effective_status(&ALICE),
			Some(EffectiveStatus::Suspended { reason: 42 })
		);
		assert_noop!(Participants::suspend(root(), ALICE, 43), Error::<Test>::NotActive);
		assert_noop!(Participants::ensure_active(&ALICE), Error::<Test>::NotActive);
		assert_ok!(Participants::reinstate(root(), ALICE, 44));
		assert_eq!(last_event(), Event::Reinstated { who: ALICE, reason: 44 }.into());
		assert!(Participants::is_active(&ALICE));

		assert_ok!(Participants::revoke(root(), ALICE, 45));
		assert_eq!(Participants::effective_status(&ALICE), Some(EffectiveStatus::Revoked));
		assert_noop!(Participants::reinstate(root(), ALICE, 1), Error::<Test>::ParticipantRevoked);
		assert_noop!(
			Participants::update_roles(root(), ALICE, trader()),
			Error::<Test>::ParticipantRevoked
		);
		assert_noop!(Participants::ensure_active(&ALICE), Error::<Test>::ParticipantRevoked);
		// A new admission brings a revoked account back; the count does not double.
		let count = ParticipantCount::<Test>::get();
		assert_ok!(Participants::admit(root(), ALICE, trader(), DE, 900));
		assert_eq!(ParticipantCount::<Test>::get(), count);
		Participants::do_try_state().unwrap();
	});
}

#[test]
fn unknown_accounts_get_not_admitted() {
	new_test_ext().execute_with(|| {
		assert_noop!(Participants::update_roles(root(), BOB, trader()), Error::<Test>::NotAdmitted);
		assert_noop!(Participants::renew_kyc(root(), BOB, 100), Error::<Test>::NotAdmitted);
		assert_noop!(Participants::suspend(root(), BOB, 1), Error::<Test>::NotAdmitted);
		assert_noop!(Participants::revoke(root(), BOB, 1), Error::<Test>::NotAdmitted);
		assert_noop!(Participants::freeze(signed(REGULATOR), BOB, 1), Error::<Test>::NotAdmitted);
		assert_noop!(Participants::ensure_active(&BOB), Error::<Test>::NotAdmitted);
		assert_eq!(Participants::effective_status(&BOB), None);
	});
}

#[test]
fn expired_kyc_acts_as_suspended_until_renewed() {
	new_test_ext().execute_with(|| {
		assert_ok!(Participants::admit(root(), ALICE, trader(), DE, 10));
		System::set_block_number(10);
		assert!(Participants::is_active(&ALICE));
		System::set_block_number(11);
		assert_eq!(Participants::effective_status(&ALICE), Some(EffectiveStatus::KycExpired));
		assert_noop!(Participants::ensure_role(&ALICE, Role::Trader), Error::<Test>::NotActive);
		assert_noop!(Participants::renew_kyc(root(), ALICE, 11), Error::<Test>::KycExpiryInPast);
		assert_ok!(Participants::renew_kyc(root(), ALICE, 20));
		assert_eq!(last_event(), Event::KycRenewed { who: ALICE, kyc_expiry: 20 }.into());
		assert_ok!(Participants::ensure_role(&ALICE, Role::Trader));
		assert_noop!(Participants::ensure_role(&ALICE, Role::Issuer), Error::<Test>::MissingRole);
	});
}

#[test]
fn freeze_and_unfreeze() {
	new_test_ext().execute_with(|| {
		setup();
		assert_ok!(Participants::freeze(signed(REGULATOR), ALICE, 5));
		assert_eq!(last_event(), Event::Frozen { who: ALICE, reason: 5 }.into());
		assert!(Participants::is_frozen(&ALICE));
		assert_noop!(
			Participants::freeze(signed(REGULATOR), ALICE, 6),
			Error::<Test>::AlreadyFrozen
		);
		assert_ok!(Participants::unfreeze(signed(REGULATOR), ALICE));
		assert!(!Frozen::<Test>::contains_key(ALICE));
		assert_noop!(Participants::unfreeze(signed(REGULATOR), ALICE), Error::<Test>::NotFrozen);
		Participants::do_try_state().unwrap();
	});
}

/// Runs the hooks of blocks up to `n`, as the executive would.
fn run_to(n: u64) {
	use frame_support::traits::Hooks;
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Participants::on_initialize(next);
	}
}

#[test]
fn an_unconfirmed_freeze_lapses_and_a_confirmed_one_stands() {
	new_test_ext().execute_with(|| {
		setup();
		assert_ok!(Participants::admit(root(), BOB, trader(), DE, 1_000));
		// FreezeLapse is 100 blocks in the mock: frozen at 1, lapses at 101.
		assert_ok!(Participants::freeze(signed(REGULATOR), ALICE, 5));
		assert_ok!(Participants::freeze(signed(REGULATOR), BOB, 5));
		assert_eq!(crate::pallet::Unconfirmed::<Test>::get(ALICE), Some(101));

		// Only governance confirms, and only a freeze that awaits it.
		assert_noop!(
			Participants::confirm_freeze(signed(REGULATOR), BOB),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Participants::confirm_freeze(RuntimeOrigin::root(), BOB));
		assert_eq!(last_event(), Event::FreezeConfirmed { who: BOB }.into());
		assert_noop!(
			Participants::confirm_freeze(RuntimeOrigin::root(), BOB),
			Error::<Test>::NotUnconfirmed
		);
		assert_noop!(
			Participants::confirm_freeze(RuntimeOrigin::root(), STRANGER),
			Error::<Test>::NotUnconfirmed
		);

		run_to(100);
		assert!(Participants::is_frozen(&ALICE));
		run_to(101);
		assert!(!Participants::is_frozen(&ALICE), "Alice's freeze lapsed unconfirmed");
		assert!(System::events()
			.iter()
			.any(|r| r.event == Event::FreezeLapsed { who: ALICE }.into()));
		assert!(Participants::is_frozen(&BOB), "Bob's confirmed freeze stands");
		assert!(crate::pallet::LapseQueue::<Test>::get().is_empty());
		Participants::do_try_state().unwrap();
	});
}

#[test]
fn a_lifted_and_renewed_freeze_lapses_on_its_own_schedule() {
	new_test_ext().execute_with(|| {
		setup();
		assert_ok!(Participants::freeze(signed(REGULATOR), ALICE, 5));
		run_to(50);
		assert_ok!(Participants::unfreeze(signed(REGULATOR), ALICE));
		assert_ok!(Participants::freeze(signed(REGULATOR), ALICE, 6));
		// The first entry (block 101) is stale; the second lapses at 150.
		run_to(101);
		assert!(Participants::is_frozen(&ALICE));
		run_to(150);
		assert!(!Participants::is_frozen(&ALICE));
		Participants::do_try_state().unwrap();
	});
}

#[test]
fn the_queue_of_unconfirmed_freezes_is_bounded() {
	new_test_ext().execute_with(|| {
		setup();
		// MaxUnconfirmedFreezes is 8 in the mock: fill the queue with stale entries.
		for _ in 0..8 {
			assert_ok!(Participants::freeze(signed(REGULATOR), ALICE, 5));
			assert_ok!(Participants::unfreeze(signed(REGULATOR), ALICE));
		}
		assert_noop!(
			Participants::freeze(signed(REGULATOR), ALICE, 5),
			Error::<Test>::TooManyUnconfirmedFreezes
		);
		// They drain when their block comes.
		run_to(101);
		assert_ok!(Participants::freeze(signed(REGULATOR), ALICE, 5));
	});
}

parameter_types! {
	pub const TraderRole: Role = Role::Trader;
}

#[test]
fn ensure_role_origin_needs_active_holder() {
	new_test_ext().execute_with(|| {
		setup();
		type EnsureTrader = EnsureRole<Test, TraderRole>;
		assert_eq!(EnsureTrader::try_origin(signed(ALICE)).ok(), Some(ALICE));
		assert!(EnsureTrader::try_origin(signed(REGISTRAR)).is_err());
		assert!(EnsureTrader::try_origin(signed(STRANGER)).is_err());
		assert!(EnsureTrader::try_origin(root()).is_err());
		assert_ok!(Participants::suspend(root(), ALICE, 1));
		assert!(EnsureTrader::try_origin(signed(ALICE)).is_err());
	});
}

fn validate(origin: RuntimeOrigin, call: &RuntimeCall) -> Result<(), TransactionValidityError> {
	CheckAdmission::<Test>::new()
		.validate_only(origin, call, &DispatchInfo::default(), 0, TransactionSource::External, 0)
		.map(|_| ())
}

fn custom(code: u8) -> Result<(), TransactionValidityError> {
	Err(InvalidTransaction::Custom(code).into())
}

#[test]
fn admission_extension_denies_by_default_with_documented_codes() {
	new_test_ext().execute_with(|| {
		setup();
		let call: RuntimeCall = frame_system::Call::set_heap_pages { pages: 1 }.into();
		let remark: RuntimeCall = frame_system::Call::remark { remark: vec![] }.into();

		assert_eq!(validate(signed(STRANGER), &call), custom(admission_codes::NOT_ADMITTED));
		assert_eq!(validate(signed(ALICE), &call), Ok(()));
		// Unsigned and inherent extrinsics are not the extension's business.
		let unsigned = CheckAdmission::<Test>::new().validate(
			RuntimeOrigin::none(),
			&call,
			&DispatchInfo::default(),
			0,
			(),
			&TxBaseImplication(()),
			TransactionSource::External,
		);
		assert!(unsigned.is_ok());
		// The explicit allow-list.
		assert_eq!(validate(signed(STRANGER), &remark), Ok(()));

		assert_ok!(Participants::suspend(root(), ALICE, 1));
		assert_eq!(validate(signed(ALICE), &call), custom(admission_codes::SUSPENDED));
		assert_ok!(Participants::reinstate(root(), ALICE, 1));
		assert_eq!(validate(signed(ALICE), &call), Ok(()));

		System::set_block_number(1_001);
		assert_eq!(validate(signed(ALICE), &call), custom(admission_codes::KYC_EXPIRED));
		assert_ok!(Participants::renew_kyc(root(), ALICE, 2_000));
		assert_eq!(validate(signed(ALICE), &call), Ok(()));

		assert_ok!(Participants::revoke(root(), ALICE, 1));
		assert_eq!(validate(signed(ALICE), &call), custom(admission_codes::REVOKED));
	});
}

#[test]
fn genesis_admits_participants() {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	crate::GenesisConfig::<Test> {
		participants: vec![(ALICE, vec![Role::Trader, Role::Agent], DE, 1_000)],
	}
	.assimilate_storage(&mut t)
	.unwrap();
	sp_io::TestExternalities::new(t).execute_with(|| {
		assert!(Participants::has_role(&ALICE, Role::Agent));
		assert_eq!(ParticipantCount::<Test>::get(), 1);
		assert_eq!(Participants::jurisdiction(&ALICE), Some(DE));
	});
}

#[test]
fn a_freeze_stops_native_transfers_and_a_thaw_releases_them() {
	use frame_support::traits::{fungible::Mutate, tokens::Preservation};
	new_test_ext().execute_with(|| {
		setup();
		assert_ok!(Participants::freeze(signed(REGULATOR), ALICE, 5));
		assert!(<Balances as Mutate<u64>>::transfer(&ALICE, &BOB, 10, Preservation::Expendable)
			.is_err());
		assert_eq!(Balances::free_balance(ALICE), 1_000);
		assert_ok!(Participants::unfreeze(signed(REGULATOR), ALICE));
		assert_ok!(<Balances as Mutate<u64>>::transfer(&ALICE, &BOB, 10, Preservation::Expendable));
	});
}

#[test]
fn recovery_moves_holdings_revokes_the_lost_account_and_checks_everything_first() {
	new_test_ext().execute_with(|| {
		setup();
		assert_ok!(Participants::admit(root(), BOB, trader(), DE, 1_000));
		for bad in [root(), signed(REGISTRAR), signed(ALICE), RuntimeOrigin::none()] {
			assert_noop!(Participants::recover_account(bad, ALICE, BOB, 1), BadOrigin);
		}
		assert_noop!(
			Participants::recover_account(signed(REGULATOR), ALICE, ALICE, 1),
			Error::<Test>::SameAccount
		);
		assert_noop!(
			Participants::recover_account(signed(REGULATOR), STRANGER, BOB, 1),
			Error::<Test>::NotAdmitted
		);
		assert_noop!(
			Participants::recover_account(signed(REGULATOR), ALICE, STRANGER, 1),
			Error::<Test>::NotAdmitted
		);
		assert_ok!(Participants::freeze(signed(REGULATOR), BOB, 1));
		assert_noop!(
			Participants::recover_account(signed(REGULATOR), ALICE, BOB, 1),
			Error::<Test>::RecoveryTargetFrozen
		);
		assert_ok!(Participants::unfreeze(signed(REGULATOR), BOB));

		// A frozen lost account is recovered in full.
		assert_ok!(Participants::freeze(signed(REGULATOR), ALICE, 1));
		assert_ok!(Participants::recover_account(signed(REGULATOR), ALICE, BOB, 9));
		assert_eq!(
			last_event(),
			Event::AccountRecovered { lost: ALICE, new: BOB, reason: 9 }.into()
		);
		assert_eq!(Balances::free_balance(ALICE), 0);
		assert_eq!(Balances::free_balance(BOB), 2_000);
		assert_eq!(Participants::effective_status(&ALICE), Some(EffectiveStatus::Revoked));
		assert!(!Participants::is_frozen(&ALICE));
		Participants::do_try_state().unwrap();
	});
}
