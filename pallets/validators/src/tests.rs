use crate::{mock::*, Error, Event, SetChanged, Validators as ValidatorSet};
use frame_support::{assert_noop, assert_ok};
use pallet_session::SessionManager;
use sp_runtime::DispatchError;

fn set() -> Vec<u64> {
	ValidatorSet::<Test>::get().into_inner()
}

fn check() {
	crate::Pallet::<Test>::do_try_state().unwrap();
}

#[test]
fn genesis_validators_start_the_chain() {
	new_test_ext().execute_with(|| {
		assert_eq!(
			<Validators as SessionManager<u64>>::new_session_genesis(0),
			Some(vec![1, 2, 3])
		);
		// Nothing changed: pallet-session keeps the current set.
		assert_eq!(<Validators as SessionManager<u64>>::new_session(1), None);
		check();
	});
}

#[test]
fn governance_adds_a_validator_with_keys_from_the_next_planned_session() {
	new_test_ext().execute_with(|| {
		register_keys(4);
		assert_ok!(Validators::add_validator(RuntimeOrigin::root(), 4));
		System::assert_last_event(Event::ValidatorAdded { who: 4 }.into());
		assert_eq!(set(), vec![1, 2, 3, 4]);
		assert!(SetChanged::<Test>::get());
		// pallet-session asks once; the change is handed over, then the set is kept.
		assert_eq!(<Validators as SessionManager<u64>>::new_session(2), Some(vec![1, 2, 3, 4]));
		System::assert_last_event(Event::ValidatorSetQueued { session: 2, validators: 4 }.into());
		assert_eq!(<Validators as SessionManager<u64>>::new_session(3), None);
		check();
	});
}

#[test]
fn only_governance_changes_the_set() {
	new_test_ext().execute_with(|| {
		register_keys(4);
		assert_noop!(
			Validators::add_validator(RuntimeOrigin::signed(1), 4),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Validators::remove_validator(RuntimeOrigin::signed(1), 3),
			DispatchError::BadOrigin
		);
		assert_noop!(Validators::add_validator(RuntimeOrigin::none(), 4), DispatchError::BadOrigin);
		assert_eq!(set(), vec![1, 2, 3]);
	});
}

#[test]
fn bad_changes_fail_with_named_errors_and_change_nothing() {
	new_test_ext().execute_with(|| {
		// No session keys registered: it could not author, so it is not added.
		assert_noop!(
			Validators::add_validator(RuntimeOrigin::root(), 9),
			Error::<Test>::NoSessionKeys
		);
		assert_noop!(
			Validators::add_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::AlreadyValidator
		);
		assert_noop!(
			Validators::remove_validator(RuntimeOrigin::root(), 9),
			Error::<Test>::NotValidator
		);
		assert_ok!(Validators::remove_validator(RuntimeOrigin::root(), 3));
		System::assert_last_event(Event::ValidatorRemoved { who: 3 }.into());
		// Two left: the minimum.
		assert_noop!(
			Validators::remove_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::TooFewValidators
		);
		for who in 10..16 {
			register_keys(who);
			assert_ok!(Validators::add_validator(RuntimeOrigin::root(), who));
		}
		register_keys(16);
		assert_noop!(
			Validators::add_validator(RuntimeOrigin::root(), 16),
			Error::<Test>::TooManyValidators
		);
		assert_eq!(set().len(), 8);
		check();
	});
}

#[test]
fn a_removed_validator_leaves_at_the_planned_session() {
	new_test_ext().execute_with(|| {
		assert_ok!(Validators::remove_validator(RuntimeOrigin::root(), 1));
		assert_eq!(<Validators as SessionManager<u64>>::new_session(2), Some(vec![2, 3]));
		check();
	});
}
