use crate::mock::*;
use frame_support::{assert_noop, assert_ok};
use sp_core::H256;
use sp_runtime::DispatchError;

/// The authorization `frame_system` keeps (its storage item is not public).
fn authorized() -> Option<frame_system::CodeUpgradeAuthorization<Test>> {
	frame_support::storage::unhashed::get(&frame_support::storage::storage_prefix(
		b"System",
		b"AuthorizedUpgrade",
	))
}

#[test]
fn governance_authorizes_an_upgrade_with_the_version_check() {
	new_test_ext().execute_with(|| {
		let code_hash = H256::repeat_byte(7);
		assert_ok!(Operations::authorize_upgrade(RuntimeOrigin::root(), code_hash));
		let auth = authorized().expect("authorized");
		assert_eq!(auth.code_hash(), &code_hash);
		System::assert_last_event(
			frame_system::Event::UpgradeAuthorized { code_hash, check_version: true }.into(),
		);

		// A later authorization replaces the earlier one.
		let newer = H256::repeat_byte(8);
		assert_ok!(Operations::authorize_upgrade(RuntimeOrigin::root(), newer));
		assert_eq!(authorized().unwrap().code_hash(), &newer);
	});
}

#[test]
fn nobody_else_authorizes_an_upgrade() {
	new_test_ext().execute_with(|| {
		for origin in [RuntimeOrigin::signed(1), RuntimeOrigin::none()] {
			assert_noop!(
				Operations::authorize_upgrade(origin, H256::repeat_byte(7)),
				DispatchError::BadOrigin
			);
		}
		assert!(authorized().is_none());
	});
}

#[test]
fn an_unauthorized_or_altered_code_is_refused() {
	new_test_ext().execute_with(|| {
		let code = b"not really a runtime".to_vec();
		// Nothing authorized.
		assert_noop!(
			System::apply_authorized_upgrade(RuntimeOrigin::signed(1), code.clone()),
			frame_system::Error::<Test>::NothingAuthorized
		);
		// Another code's hash authorized.
		let other = sp_io::hashing::blake2_256(b"another runtime").into();
		assert_ok!(Operations::authorize_upgrade(RuntimeOrigin::root(), other));
		assert_noop!(
			System::apply_authorized_upgrade(RuntimeOrigin::signed(1), code),
			frame_system::Error::<Test>::Unauthorized
		);
	});
}
