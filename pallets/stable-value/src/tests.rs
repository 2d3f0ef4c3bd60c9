use crate::{
	mock::*,
	pallet::{Attestations, Decimals, Error, Event, Outstanding, Symbol},
};
use compute_ledger_primitives::{AssetClass, ComplianceRule, Jurisdiction, Party};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use sp_core::H256;
use sp_runtime::traits::BadOrigin;

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn proof(n: u8) -> H256 {
	H256::repeat_byte(n)
}

/// Total issuance equals the sum of every account's balance and the issuers' outstanding.
fn check_conservation() {
	let sum: u128 = pallet_balances::Account::<Test, pallet_balances::Instance2>::iter()
		.map(|(_, a)| a.free + a.reserved)
		.sum();
	assert_eq!(sum, StableLedger::total_issuance(), "balances sum to the issuance");
	StableValue::do_try_state().expect("outstanding equals issuance");
}

fn funded_issuer(amount: u128) {
	assert_ok!(StableValue::set_issuer_cap(signed(OFFICER), ISSUER, 1_000_000));
	assert_ok!(StableValue::mint(signed(ISSUER), amount, proof(1)));
}

#[test]
fn genesis_sets_symbol_and_decimals() {
	new_test_ext().execute_with(|| {
		assert_eq!(Symbol::<Test>::get().into_inner(), b"EURD".to_vec());
		assert_eq!(Decimals::<Test>::get(), 6);
		let info = StableValue::currency_info();
		assert_eq!((info.symbol, info.decimals, info.total_issuance), (b"EURD".to_vec(), 6, 0));
	});
}

#[test]
fn issuers_mint_within_their_cap_against_reserve_attestations() {
	new_test_ext().execute_with(|| {
		assert_noop!(StableValue::mint(signed(ISSUER), 100, proof(1)), Error::<Test>::NotAnIssuer);
		assert_ok!(StableValue::set_issuer_cap(signed(OFFICER), ISSUER, 1_000));
		assert_eq!(
			last_event(),
			RuntimeEvent::StableValue(Event::IssuerCapSet { issuer: ISSUER, cap: 1_000 })
		);
		assert_ok!(StableValue::mint(signed(ISSUER), 600, proof(1)));
		assert_eq!(
			last_event(),
			RuntimeEvent::StableValue(Event::Minted {
				issuer: ISSUER,
				amount: 600,
				attestation: 0,
				reserve_proof: proof(1)
			})
		);
		let attestation = Attestations::<Test>::get(0).unwrap();
		assert_eq!((attestation.issuer, attestation.amount), (ISSUER, 600));
		assert_noop!(StableValue::mint(signed(ISSUER), 401, proof(2)), Error::<Test>::CapExceeded);
		assert_ok!(StableValue::mint(signed(ISSUER), 400, proof(2)));
		assert_eq!(Outstanding::<Test>::get(ISSUER), 1_000);
		assert_eq!(StableLedger::balance(&ISSUER), 1_000);
		assert_noop!(StableValue::mint(signed(ISSUER), 0, proof(3)), Error::<Test>::ZeroAmount);

		// Burning on redemption frees room under the cap.
		assert_ok!(StableValue::burn(signed(ISSUER), 300));
		assert_eq!(
			last_event(),
			RuntimeEvent::StableValue(Event::Burned { issuer: ISSUER, amount: 300 })
		);
		assert_eq!(Outstanding::<Test>::get(ISSUER), 700);
		assert_ok!(StableValue::mint(signed(ISSUER), 300, proof(4)));
		check_conservation();
	});
}

#[test]
fn only_the_officer_sets_caps_and_only_issuers_get_them() {
	new_test_ext().execute_with(|| {
		assert_noop!(StableValue::set_issuer_cap(signed(ISSUER), ISSUER, 1), BadOrigin);
		assert_noop!(StableValue::set_issuer_cap(RuntimeOrigin::root(), ISSUER, 1), BadOrigin);
		assert_noop!(
			StableValue::set_issuer_cap(signed(OFFICER), TRADER, 1),
			pallet_participants::Error::<Test>::MissingRole
		);
		assert_noop!(
			StableValue::set_issuer_cap(signed(OFFICER), OUTSIDER, 1),
			pallet_participants::Error::<Test>::NotAdmitted
		);
		// A cap of zero withdraws it.
		assert_ok!(StableValue::set_issuer_cap(signed(OFFICER), ISSUER, 5));
		assert_ok!(StableValue::set_issuer_cap(signed(OFFICER), ISSUER, 0));
		assert_noop!(StableValue::mint(signed(ISSUER), 1, proof(1)), Error::<Test>::NotAnIssuer);
		// Minting and burning need the Issuer role.
		assert_noop!(
			StableValue::mint(signed(TRADER), 1, proof(1)),
			pallet_participants::Error::<Test>::MissingRole
		);
		assert_noop!(
			StableValue::burn(signed(TRADER), 1),
			pallet_participants::Error::<Test>::MissingRole
		);
		assert_noop!(StableValue::mint(RuntimeOrigin::root(), 1, proof(1)), BadOrigin);
	});
}

#[test]
fn an_issuer_burns_only_what_it_issued_and_holds() {
	new_test_ext().execute_with(|| {
		funded_issuer(1_000);
		assert_ok!(StableValue::transfer(signed(ISSUER), TRADER, 400));
		assert_noop!(StableValue::burn(signed(ISSUER), 601), Error::<Test>::InsufficientBalance);
		assert_noop!(
			StableValue::burn(signed(ISSUER), 1_001),
			Error::<Test>::BurnExceedsOutstanding
		);
		assert_noop!(StableValue::burn(signed(ISSUER2), 1), Error::<Test>::BurnExceedsOutstanding);
		assert_ok!(StableValue::burn(signed(ISSUER), 600));
		check_conservation();
	});
}

#[test]
fn transfers_pass_the_compliance_check_of_stable_value() {
	new_test_ext().execute_with(|| {
		funded_issuer(1_000);
		assert_ok!(Compliance::set_rules(
			signed(OFFICER),
			AssetClass::StableValue,
			vec![ComplianceRule::AllowedJurisdictions {
				party: Party::Receiver,
				jurisdictions: vec![Jurisdiction(*b"CH"), Jurisdiction(*b"DE")].try_into().unwrap(),
			}]
			.try_into()
			.unwrap()
		));
		assert_ok!(StableValue::transfer(signed(ISSUER), TRADER, 250));
		assert_eq!(
			last_event(),
			RuntimeEvent::StableValue(Event::Transferred { from: ISSUER, to: TRADER, amount: 250 })
		);
		assert_eq!(StableLedger::balance(&TRADER), 250);
		assert_noop!(
			StableValue::transfer(signed(ISSUER), TRADER_SG, 1),
			pallet_compliance::Error::<Test>::ReceiverJurisdictionNotAllowed
		);
		assert_noop!(
			StableValue::transfer(signed(ISSUER), OUTSIDER, 1),
			pallet_compliance::Error::<Test>::ReceiverNotActive
		);
		assert_noop!(
			StableValue::transfer(signed(OUTSIDER), TRADER, 1),
			pallet_participants::Error::<Test>::NotAdmitted
		);
		assert_noop!(
			StableValue::transfer(signed(TRADER), ISSUER, 251),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(StableValue::transfer(signed(TRADER), TRADER, 1), Error::<Test>::SelfTransfer);
		assert_noop!(StableValue::transfer(signed(TRADER), ISSUER, 0), Error::<Test>::ZeroAmount);
		assert_noop!(StableValue::transfer(RuntimeOrigin::root(), ISSUER, 1), BadOrigin);
		// A participant freeze stops every movement.
		assert_ok!(Participants::freeze(signed(REGULATOR), TRADER, 1));
		assert_noop!(
			StableValue::transfer(signed(TRADER), ISSUER, 1),
			pallet_compliance::Error::<Test>::SenderFrozen
		);
		check_conservation();
	});
}

#[test]
fn the_regulator_freezes_an_amount_and_held_funds_cannot_move() {
	new_test_ext().execute_with(|| {
		funded_issuer(1_000);
		assert_ok!(StableValue::transfer(signed(ISSUER), TRADER, 500));
		assert_noop!(StableValue::freeze_funds(signed(TRADER), TRADER, 1, 7), BadOrigin);
		assert_ok!(StableValue::freeze_funds(signed(REGULATOR), TRADER, 300, 7));
		assert_eq!(
			last_event(),
			RuntimeEvent::StableValue(Event::FundsFrozen { who: TRADER, amount: 300, reason: 7 })
		);
		let b = StableValue::balance_of(&TRADER);
		assert_eq!((b.free, b.held, b.frozen, b.total), (200, 0, 300, 500));
		assert_noop!(
			StableValue::transfer(signed(TRADER), ISSUER, 201),
			Error::<Test>::FundsFrozen
		);
		assert_ok!(StableValue::transfer(signed(TRADER), ISSUER, 200));

		assert_noop!(StableValue::thaw_funds(signed(TRADER), TRADER), BadOrigin);
		assert_ok!(StableValue::thaw_funds(signed(REGULATOR), TRADER));
		assert_noop!(StableValue::thaw_funds(signed(REGULATOR), TRADER), Error::<Test>::NotFrozen);
		assert_ok!(StableValue::transfer(signed(TRADER), ISSUER, 300));
		check_conservation();
	});
}

#[test]
fn forced_recovery_moves_stable_value_to_the_new_account() {
	use compute_ledger_primitives::RecoverHoldings;
	new_test_ext().execute_with(|| {
		funded_issuer(1_000);
		assert_ok!(StableValue::transfer(signed(ISSUER), TRADER, 700));
		assert_ok!(StableValue::freeze_funds(signed(REGULATOR), TRADER, 200, 3));
		assert_ok!(<StableValue as RecoverHoldings<u64>>::recover(&TRADER, &TRADER_SG));
		assert_eq!(StableLedger::balance(&TRADER), 0);
		assert_eq!(StableLedger::balance(&TRADER_SG), 700);
		check_conservation();
	});
}

/// Random mints, burns, transfers, freezes and caps never break conservation.
mod properties {
	use super::*;
	use frame_support::storage::with_storage_layer;
	use proptest::prelude::*;
	use sp_runtime::DispatchResult;

	const WHO: [u64; 5] = [ISSUER, ISSUER2, TRADER, TRADER_SG, OUTSIDER];

	#[derive(Debug, Clone)]
	enum Op {
		Cap(usize, u128),
		Mint(usize, u128),
		Burn(usize, u128),
		Transfer(usize, usize, u128),
		Freeze(usize, u128),
		Thaw(usize),
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			(0..5usize, 0..5_000u128).prop_map(|(w, a)| Op::Cap(w, a)),
			(0..5usize, 0..3_000u128).prop_map(|(w, a)| Op::Mint(w, a)),
			(0..5usize, 0..3_000u128).prop_map(|(w, a)| Op::Burn(w, a)),
			(0..5usize, 0..5usize, 0..3_000u128).prop_map(|(f, t, a)| Op::Transfer(f, t, a)),
			(0..5usize, 0..3_000u128).prop_map(|(w, a)| Op::Freeze(w, a)),
			(0..5usize).prop_map(Op::Thaw),
		]
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(200))]
		#[test]
		fn conservation_holds_under_any_sequence(ops in proptest::collection::vec(op(), 1..60)) {
			new_test_ext().execute_with(|| {
				for op in ops {
					let minted = with_storage_layer(|| -> DispatchResult { match op.clone() {
						Op::Cap(w, a) => StableValue::set_issuer_cap(signed(OFFICER), WHO[w], a),
						Op::Mint(w, a) => StableValue::mint(signed(WHO[w]), a, proof(1)),
						Op::Burn(w, a) => StableValue::burn(signed(WHO[w]), a),
						Op::Transfer(f, t, a) => StableValue::transfer(signed(WHO[f]), WHO[t], a),
						Op::Freeze(w, a) => StableValue::freeze_funds(signed(REGULATOR), WHO[w], a, 1),
						Op::Thaw(w) => StableValue::thaw_funds(signed(REGULATOR), WHO[w]),
					}});
					if let (Op::Mint(w, _), Ok(())) = (&op, minted) {
						// A successful mint never takes the issuer above its cap.
						let (cap, outstanding) = StableValue::issuer(&WHO[*w]).expect("an issuer");
						prop_assert!(outstanding <= cap);
					}
					let sum: u128 = pallet_balances::Account::<Test, pallet_balances::Instance2>::iter()
						.map(|(_, a)| a.free + a.reserved)
						.sum();
					prop_assert_eq!(sum, StableLedger::total_issuance());
					StableValue::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
				}
				Ok(())
			})?;
		}
	}
}
