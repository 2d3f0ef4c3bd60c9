use crate::{
	mock::*,
	pallet::{Asks, Bids, CloseReason, Error, Event, Instructions, Orders, OrdersOf},
	types::*,
};
use compute_ledger_primitives::{
	AssetClass, ClaimEscrow, ComplianceRule, Jurisdiction, Party, Role,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{self, InspectHold},
		fungibles,
	},
	BoundedVec,
};
use sp_runtime::{traits::BadOrigin, DispatchError};

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn claims(who: u64) -> u128 {
	<ClaimLedger as fungibles::Inspect<u64>>::balance(0, &who)
}

fn stable(who: u64) -> u128 {
	StableValue::balance_of(&who).total
}

fn locked(who: u64) -> u128 {
	<Claims as ClaimEscrow<u64, u128>>::locked(0, &who)
}

fn free_stable(who: u64) -> u128 {
	StableValue::balance_of(&who).free
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Settlement(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// Escrow matches the books and instructions; stable value is neither created nor destroyed
/// by settlement (what the issuers have outstanding is the whole issuance).
fn check() {
	Settlement::do_try_state().expect("settlement invariants hold");
	let outstanding: u128 = pallet_stable_value::Outstanding::<Test>::iter_values().sum();
	assert_eq!(<StableLedger as fungible::Inspect<u64>>::total_issuance(), outstanding);
}

fn sell(who: u64, price: u128, amount: u128) -> sp_runtime::DispatchResult {
	Settlement::place_order(signed(who), 0, Side::Sell, price, amount, None, 4)
}

fn buy(who: u64, price: u128, amount: u128) -> sp_runtime::DispatchResult {
	Settlement::place_order(signed(who), 0, Side::Buy, price, amount, None, 4)
}

#[test]
fn a_crossing_order_trades_at_the_resting_price_delivery_versus_payment() {
	new_test_ext().execute_with(|| {
		fund(ALICE, 10_000);
		assert_ok!(sell(OWNER, 10, 300));
		assert_eq!(locked(OWNER), 300);
		assert_eq!(Asks::<Test>::get(0).into_inner(), vec![(10, 0)]);

		// Alice bids 12 for 100: she pays the resting 10 and gets the difference back.
		assert_ok!(buy(ALICE, 12, 100));
		assert_eq!(claims(ALICE), 100);
		assert_eq!(claims(OWNER), 900);
		assert_eq!(stable(ALICE), 10_000 - 1_000);
		assert_eq!(stable(OWNER), 1_000);
		assert_eq!(StableLedger::total_balance_on_hold(&ALICE), 0);
		assert!(events().contains(&Event::Trade {
			class: 0,
			buy_order: 1,
			sell_order: 0,
			buyer: ALICE,
			seller: OWNER,
			price: 10,
			amount: 100
		}));
		assert!(events().contains(&Event::OrderClosed { order: 1, reason: CloseReason::Filled }));
		// The sell order stays with 200 open, still locked.
		assert_eq!(Orders::<Test>::get(0).unwrap().remaining, 200);
		assert_eq!(locked(OWNER), 200);
		check();
	});
}

#[test]
fn matching_goes_by_price_then_time_and_rests_the_remainder() {
	new_test_ext().execute_with(|| {
		fund(ALICE, 100_000);
		assert_ok!(Claims::transfer(signed(OWNER), 0, BOB, 300));
		assert_ok!(sell(OWNER, 10, 100)); // order 0
		assert_ok!(sell(BOB, 10, 100)); // order 1: same price, later
		assert_ok!(sell(BOB, 9, 50)); // order 2: better price
		assert_eq!(Asks::<Test>::get(0).into_inner(), vec![(9, 2), (10, 0), (10, 1)]);

		assert_ok!(buy(ALICE, 10, 200)); // order 3
		let trades: Vec<_> = events()
			.into_iter()
			.filter_map(|e| match e {
				Event::Trade { sell_order, price, amount, .. } => Some((sell_order, price, amount)),
				_ => None,
			})
			.collect();
		assert_eq!(trades, vec![(2, 9, 50), (0, 10, 100), (1, 10, 50)]);
		assert_eq!(Orders::<Test>::get(1).unwrap().remaining, 50);
		assert_eq!(claims(ALICE), 200);
		assert_eq!(stable(ALICE), 100_000 - 450 - 1_500);

		// A bid below the best ask rests in the book, its funds held.
		assert_ok!(buy(ALICE, 8, 10)); // order 4
		assert_eq!(Bids::<Test>::get(0).into_inner(), vec![(8, 4)]);
		let open: Vec<_> =
			Settlement::open_orders_of(&BOB, 0, 10).into_iter().map(|o| o.id).collect();
		assert_eq!(open, vec![1]);
		assert_eq!(Settlement::open_orders_of(&ALICE, 0, 10)[0].remaining, 10);
		assert_eq!(StableLedger::total_balance_on_hold(&ALICE), 80);
		check();
	});
}

#[test]
fn max_fills_bounds_the_work_of_one_call() {
	new_test_ext().execute_with(|| {
		fund(ALICE, 100_000);
		for _ in 0..3 {
			assert_ok!(sell(OWNER, 10, 10));
		}
		assert_noop!(
			Settlement::place_order(signed(ALICE), 0, Side::Buy, 10, 30, None, 5),
			Error::<Test>::TooManyFills
		);
		assert_ok!(Settlement::place_order(signed(ALICE), 0, Side::Buy, 10, 30, None, 1));
		assert_eq!(claims(ALICE), 10);
		// The rest of the bid rests beside the two asks it was not allowed to reach.
		assert_eq!(Orders::<Test>::get(3).unwrap().remaining, 20);
		assert_eq!(Asks::<Test>::get(0).len(), 2);
		check();
	});
}

#[test]
fn expired_and_cancelled_orders_release_their_escrow() {
	new_test_ext().execute_with(|| {
		fund(ALICE, 1_000);
		let now = System::block_number();
		assert_ok!(Settlement::place_order(signed(OWNER), 0, Side::Sell, 10, 50, Some(now + 2), 4));
		assert_ok!(Settlement::place_order(signed(ALICE), 0, Side::Buy, 5, 100, Some(now + 2), 4));
		assert_eq!(StableLedger::total_balance_on_hold(&ALICE), 500);
		assert_noop!(Settlement::cancel_order(signed(BOB), 1), Error::<Test>::NotOrderOwner);
		assert_ok!(Settlement::cancel_order(signed(ALICE), 1));
		assert_eq!(free_stable(ALICE), 1_000);
		assert_noop!(Settlement::cancel_order(signed(ALICE), 1), Error::<Test>::UnknownOrder);

		// Past its expiry the sell order is not traded: the next bid removes it and rests.
		run_to(now + 3);
		assert_ok!(buy(ALICE, 10, 50));
		assert!(events().contains(&Event::OrderClosed { order: 0, reason: CloseReason::Expired }));
		assert_eq!(locked(OWNER), 0);
		assert_eq!(claims(ALICE), 0);
		assert_eq!(Bids::<Test>::get(0).len(), 1);
		// Anyone may clear an expired order.
		assert_ok!(Settlement::place_order(signed(OWNER), 0, Side::Sell, 20, 5, Some(now + 4), 4));
		run_to(now + 5);
		assert_ok!(Settlement::cancel_order(signed(BOB), 3));
		assert!(events().contains(&Event::OrderClosed { order: 3, reason: CloseReason::Expired }));
		check();
	});
}

#[test]
fn a_recovery_closes_every_open_order_of_the_lost_account_first() {
	use compute_ledger_primitives::RecoverHoldings;
	new_test_ext().execute_with(|| {
		fund(ALICE, 1_000);
		assert_ok!(sell(OWNER, 10, 50));
		assert_ok!(buy(ALICE, 5, 100));
		assert_ok!(buy(ALICE, 6, 10));
		assert_eq!(StableLedger::total_balance_on_hold(&ALICE), 560);
		assert_ok!(<Settlement as RecoverHoldings<u64>>::recover(&ALICE, &BOB));
		// Alice's orders are gone with their escrow; the owner's order rests untouched.
		assert_eq!(free_stable(ALICE), 1_000);
		assert_eq!(StableLedger::total_balance_on_hold(&ALICE), 0);
		assert_eq!(OrdersOf::<Test>::iter_key_prefix(ALICE).count(), 0);
		assert_eq!(Bids::<Test>::get(0).len(), 0);
		assert_eq!(locked(OWNER), 50);
		for order in [1, 2] {
			assert!(
				events().contains(&Event::OrderClosed { order, reason: CloseReason::Recovered })
			);
		}
		check();
	});
}

#[test]
fn a_fill_the_compliance_rules_refuse_is_skipped_and_nothing_moves() {
	new_test_ext().execute_with(|| {
		fund(CAROL_SG, 1_000);
		fund(ALICE, 1_000);
		assert_ok!(Compliance::set_rules(
			signed(OFFICER),
			AssetClass::Claim(0),
			vec![ComplianceRule::AllowedJurisdictions {
				party: Party::Receiver,
				jurisdictions: vec![Jurisdiction(*b"CH"), Jurisdiction(*b"DE")].try_into().unwrap(),
			}]
			.try_into()
			.unwrap()
		));
		assert_ok!(sell(OWNER, 10, 50));
		assert_ok!(buy(CAROL_SG, 10, 50));
		assert!(events().iter().any(|e| matches!(
			e,
			Event::FillRejected { maker_order: 0, taker_order: 1, error }
				if *error == DispatchError::from(pallet_compliance::Error::<Test>::ReceiverJurisdictionNotAllowed)
		)));
		assert_eq!(claims(CAROL_SG), 0);
		assert_eq!(stable(OWNER), 0);
		// Both orders rest; an allowed buyer still trades with the seller.
		assert_eq!(Bids::<Test>::get(0).len(), 1);
		assert_ok!(buy(ALICE, 10, 50));
		assert_eq!(claims(ALICE), 50);
		check();
	});
}

#[test]
fn orders_need_an_active_signer_and_their_escrow() {
	new_test_ext().execute_with(|| {
		assert_noop!(sell(OUTSIDER, 10, 1), pallet_participants::Error::<Test>::NotAdmitted);
		assert_noop!(
			Settlement::place_order(RuntimeOrigin::root(), 0, Side::Buy, 1, 1, None, 1),
			BadOrigin
		);
		assert_noop!(buy(ALICE, 10, 1), Error::<Test>::InsufficientFunds);
		assert_noop!(sell(ALICE, 10, 1), pallet_claims::Error::<Test>::InsufficientClaims);
		assert_noop!(sell(OWNER, 0, 1), Error::<Test>::ZeroAmount);
		assert_noop!(sell(OWNER, 1, 0), Error::<Test>::ZeroAmount);
		assert_noop!(
			Settlement::place_order(signed(OWNER), 9, Side::Sell, 1, 1, None, 1),
			Error::<Test>::UnknownClass
		);
		assert_noop!(
			Settlement::place_order(signed(OWNER), 0, Side::Sell, 1, 1, Some(1), 1),
			Error::<Test>::ExpiryInPast
		);
		assert_noop!(buy(ALICE, u128::MAX, 2), Error::<Test>::Overflow);
		// A full side refuses one more resting order (two sellers: one account rests at most
		// four orders a side).
		assert_ok!(Claims::transfer(signed(OWNER), 0, BOB, 10));
		for _ in 0..4 {
			assert_ok!(sell(OWNER, 10, 1));
			assert_ok!(sell(BOB, 10, 1));
		}
		assert_noop!(sell(OWNER, 10, 1), Error::<Test>::BookFull);
		assert_noop!(
			Settlement::cancel_order(signed(OUTSIDER), 0),
			pallet_participants::Error::<Test>::NotAdmitted
		);
	});
}

type Legs = BoundedVec<Leg<u64, u128>, frame_support::traits::ConstU32<4>>;

/// OWNER delivers 100 claims to ALICE against 1_000 stable value.
fn dvp_legs() -> Legs {
	vec![
		Leg { from: OWNER, to: ALICE, asset: LegAsset::Claim(0), amount: 100 },
		Leg { from: ALICE, to: OWNER, asset: LegAsset::StableValue, amount: 1_000 },
	]
	.try_into()
	.unwrap()
}

fn status(id: u64) -> InstructionStatus {
	Instructions::<Test>::get(id).unwrap().status
}

#[test]
fn an_instruction_settles_when_every_sender_affirmed() {
	new_test_ext().execute_with(|| {
		fund(ALICE, 5_000);
		let expiry = System::block_number() + 100;
		assert_ok!(Settlement::create_instruction(
			signed(OWNER),
			dvp_legs(),
			SettlementType::OnAffirmation,
			expiry
		));
		assert_noop!(Settlement::affirm_instruction(signed(BOB), 0, 2), Error::<Test>::NotASender);
		assert_noop!(
			Settlement::affirm_instruction(signed(OWNER), 0, 1),
			Error::<Test>::WrongLegCount
		);
		assert_ok!(Settlement::affirm_instruction(signed(OWNER), 0, 2));
		assert_eq!(locked(OWNER), 100);
		assert_noop!(
			Settlement::affirm_instruction(signed(OWNER), 0, 2),
			Error::<Test>::AlreadyAffirmed
		);
		assert_eq!(status(0), InstructionStatus::Pending);
		assert_ok!(Settlement::affirm_instruction(signed(ALICE), 0, 2));
		assert_eq!(status(0), InstructionStatus::Settled);
		assert!(events().contains(&Event::InstructionSettled { id: 0 }));
		assert_eq!((claims(ALICE), claims(OWNER)), (100, 900));
		assert_eq!((stable(ALICE), stable(OWNER)), (4_000, 1_000));
		assert_eq!(locked(OWNER), 0);
		assert_eq!(StableLedger::total_balance_on_hold(&ALICE), 0);
		assert_noop!(
			Settlement::cancel_instruction(signed(OWNER), 0, 2),
			Error::<Test>::CannotChange
		);
		check();
	});
}

#[test]
fn the_dry_run_names_the_leg_an_unaffirmed_sender_cannot_fund() {
	new_test_ext().execute_with(|| {
		// Alice has 500 of the 1_000 she must pay in leg 1; nobody affirmed yet.
		fund(ALICE, 500);
		let expiry = System::block_number() + 100;
		assert_ok!(Settlement::create_instruction(
			signed(OWNER),
			dvp_legs(),
			SettlementType::OnAffirmation,
			expiry
		));
		let (leg, _) = Settlement::would_settle(0).expect_err("Alice cannot fund leg 1");
		assert_eq!(leg, 1);
		// The dry run changed nothing.
		assert_eq!((locked(OWNER), StableLedger::total_balance_on_hold(&ALICE)), (0, 0));
		assert_eq!(status(0), InstructionStatus::Pending);
		check();
	});
}

#[test]
fn a_failed_settlement_moves_nothing_releases_escrow_and_can_be_retried() {
	new_test_ext().execute_with(|| {
		fund(ALICE, 5_000);
		let expiry = System::block_number() + 100;
		assert_ok!(Settlement::create_instruction(
			signed(ALICE),
			dvp_legs(),
			SettlementType::Manual,
			expiry
		));
		assert_noop!(
			Settlement::execute_instruction(signed(ALICE), 0, 2),
			Error::<Test>::NotFullyAffirmed
		);
		assert_ok!(Settlement::affirm_instruction(signed(OWNER), 0, 2));
		assert_ok!(Settlement::affirm_instruction(signed(ALICE), 0, 2));
		assert_eq!(status(0), InstructionStatus::Pending, "manual settlement waits");
		// The dry run says it would settle.
		assert_eq!(Settlement::would_settle(0), Ok(()));

		// The regulator freezes Alice before execution: the claim leg fails, nothing moves.
		assert_ok!(Participants::freeze(signed(REGULATOR), ALICE, 1));
		let frozen: DispatchError = pallet_compliance::Error::<Test>::ReceiverFrozen.into();
		assert_eq!(Settlement::would_settle(0), Err((0, frozen)));
		assert_ok!(Settlement::execute_instruction(signed(OWNER), 0, 2));
		assert_eq!(status(0), InstructionStatus::Failed { leg: 0, error: frozen });
		assert!(events().contains(&Event::InstructionFailed { id: 0, leg: 0, error: frozen }));
		assert_eq!((claims(ALICE), claims(OWNER)), (0, 1_000));
		assert_eq!((stable(ALICE), stable(OWNER)), (5_000, 0));
		assert_eq!(locked(OWNER), 0);
		assert_eq!(StableLedger::total_balance_on_hold(&ALICE), 0);
		check();

		// Unfrozen, a party retries: the escrow is taken again and everything moves.
		assert_ok!(Participants::unfreeze(signed(REGULATOR), ALICE));
		assert_ok!(Settlement::execute_instruction(signed(ALICE), 0, 2));
		assert_eq!(status(0), InstructionStatus::Settled);
		assert_eq!((claims(ALICE), stable(OWNER)), (100, 1_000));
		check();
	});
}

#[test]
fn affirmations_can_be_withdrawn_and_instructions_cancelled() {
	new_test_ext().execute_with(|| {
		fund(ALICE, 5_000);
		let expiry = System::block_number() + 10;
		assert_ok!(Settlement::create_instruction(
			signed(OWNER),
			dvp_legs(),
			SettlementType::Manual,
			expiry
		));
		assert_ok!(Settlement::affirm_instruction(signed(ALICE), 0, 2));
		// Alice's account exists on its own (she holds native units), so all of it may be held.
		assert_eq!(free_stable(ALICE), 4_000);
		assert_eq!(StableLedger::total_balance_on_hold(&ALICE), 1_000);
		assert_noop!(
			Settlement::withdraw_affirmation(signed(OWNER), 0, 2),
			Error::<Test>::NotAffirmed
		);
		assert_ok!(Settlement::withdraw_affirmation(signed(ALICE), 0, 2));
		assert_eq!(free_stable(ALICE), 5_000);
		assert_ok!(Settlement::affirm_instruction(signed(ALICE), 0, 2));
		assert_noop!(Settlement::cancel_instruction(signed(BOB), 0, 2), Error::<Test>::NotAParty);
		assert_ok!(Settlement::cancel_instruction(signed(OWNER), 0, 2));
		assert_eq!(status(0), InstructionStatus::Cancelled);
		assert_eq!(free_stable(ALICE), 5_000);

		// After expiry nobody affirms, and anyone may cancel.
		assert_ok!(Settlement::create_instruction(
			signed(OWNER),
			dvp_legs(),
			SettlementType::Manual,
			expiry
		));
		assert_ok!(Settlement::affirm_instruction(signed(OWNER), 1, 2));
		run_to(expiry + 1);
		assert_noop!(Settlement::affirm_instruction(signed(ALICE), 1, 2), Error::<Test>::Expired);
		assert_ok!(Settlement::cancel_instruction(signed(BOB), 1, 2));
		assert_eq!(locked(OWNER), 0);
		check();
	});
}

#[test]
fn scheduled_instructions_settle_at_their_block_or_fail_unaffirmed() {
	new_test_ext().execute_with(|| {
		fund(ALICE, 5_000);
		let now = System::block_number();
		assert_ok!(Settlement::create_instruction(
			signed(OWNER),
			dvp_legs(),
			SettlementType::AtBlock(now + 3),
			now + 10
		));
		assert_ok!(Settlement::create_instruction(
			signed(OWNER),
			dvp_legs(),
			SettlementType::AtBlock(now + 3),
			now + 10
		));
		assert_noop!(
			Settlement::create_instruction(
				signed(OWNER),
				dvp_legs(),
				SettlementType::AtBlock(now + 3),
				now + 10
			),
			Error::<Test>::ScheduleFull
		);
		assert_ok!(Settlement::affirm_instruction(signed(OWNER), 0, 2));
		assert_ok!(Settlement::affirm_instruction(signed(ALICE), 0, 2));
		assert_ok!(Settlement::affirm_instruction(signed(OWNER), 1, 2));
		run_to(now + 2);
		assert_eq!(status(0), InstructionStatus::Pending);
		run_to(now + 3);
		assert_eq!(status(0), InstructionStatus::Settled);
		let unaffirmed: DispatchError = Error::<Test>::NotFullyAffirmed.into();
		assert_eq!(status(1), InstructionStatus::Failed { leg: 0, error: unaffirmed });
		assert_eq!(locked(OWNER), 0);
		check();
	});
}

#[test]
fn instructions_are_validated_when_created() {
	new_test_ext().execute_with(|| {
		let exp = System::block_number() + 10;
		let legs = |l: Vec<Leg<u64, u128>>| -> Legs { l.try_into().unwrap() };
		let leg = |from, to, asset, amount| Leg { from, to, asset, amount };
		let m = SettlementType::Manual;
		assert_noop!(
			Settlement::create_instruction(signed(OWNER), legs(vec![]), m, exp),
			Error::<Test>::NoLegs
		);
		assert_noop!(
			Settlement::create_instruction(
				signed(OWNER),
				legs(vec![leg(OWNER, OWNER, LegAsset::StableValue, 1)]),
				m,
				exp
			),
			Error::<Test>::SelfLeg
		);
		assert_noop!(
			Settlement::create_instruction(
				signed(OWNER),
				legs(vec![leg(OWNER, ALICE, LegAsset::Claim(7), 1)]),
				m,
				exp
			),
			Error::<Test>::UnknownClass
		);
		assert_noop!(
			Settlement::create_instruction(
				signed(OWNER),
				legs(vec![leg(OWNER, ALICE, LegAsset::StableValue, 0)]),
				m,
				exp
			),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Settlement::create_instruction(signed(BOB), dvp_legs(), m, exp),
			Error::<Test>::NotAParty
		);
		assert_noop!(
			Settlement::create_instruction(signed(OWNER), dvp_legs(), m, 1),
			Error::<Test>::ExpiryInPast
		);
		assert_noop!(
			Settlement::create_instruction(
				signed(OWNER),
				dvp_legs(),
				SettlementType::AtBlock(exp + 1),
				exp
			),
			Error::<Test>::InvalidSettlementBlock
		);
		assert_noop!(
			Settlement::create_instruction(signed(OUTSIDER), dvp_legs(), m, exp),
			pallet_participants::Error::<Test>::NotAdmitted
		);
		assert_noop!(
			Settlement::create_instruction(RuntimeOrigin::root(), dvp_legs(), m, exp),
			BadOrigin
		);
		assert_noop!(
			Settlement::execute_instruction(signed(OWNER), 9, 2),
			Error::<Test>::UnknownInstruction
		);
	});
}

#[test]
fn a_conditional_payment_waits_for_final_metered_output() {
	new_test_ext().execute_with(|| {
		fund(ALICE, 5_000);
		let condition =
			Condition::MeteredOutputAtLeast { asset: ASSET, epoch: 1, tokens_out: 500_000 };
		let exp = System::block_number() + 100;
		assert_noop!(
			Settlement::create_conditional(signed(ALICE), OUTSIDER, 1, condition, exp),
			pallet_compliance::Error::<Test>::ReceiverNotActive
		);
		assert_noop!(
			Settlement::create_conditional(signed(ALICE), OWNER, 6_000, condition, exp),
			Error::<Test>::InsufficientFunds
		);
		assert_ok!(Settlement::create_conditional(signed(ALICE), OWNER, 2_000, condition, exp));
		assert_eq!(StableLedger::total_balance_on_hold(&ALICE), 2_000);
		assert_noop!(
			Settlement::release_conditional(signed(BOB), 0),
			Error::<Test>::ConditionNotMet
		);

		// Epoch 1 reports 600_000 tokens; Agreed is not enough, Final is.
		report(1, 600_000);
		assert_noop!(
			Settlement::release_conditional(signed(BOB), 0),
			Error::<Test>::ConditionNotMet
		);
		run_to(System::block_number() + WINDOW);
		assert_ok!(Settlement::release_conditional(signed(BOB), 0));
		assert_eq!((stable(ALICE), stable(OWNER)), (3_000, 2_000));
		assert_noop!(Settlement::release_conditional(signed(BOB), 0), Error::<Test>::AlreadyClosed);
		check();
	});
}

#[test]
fn an_unmet_conditional_payment_is_refunded_after_expiry() {
	new_test_ext().execute_with(|| {
		fund(ALICE, 5_000);
		let condition =
			Condition::MeteredOutputAtLeast { asset: ASSET, epoch: 0, tokens_out: 2_000_000 };
		let exp = System::block_number() + 5;
		assert_ok!(Settlement::create_conditional(signed(ALICE), OWNER, 2_000, condition, exp));
		assert_noop!(Settlement::refund_conditional(signed(BOB), 0), Error::<Test>::NotExpired);
		run_to(exp + 1);
		assert_noop!(
			Settlement::release_conditional(signed(BOB), 0),
			Error::<Test>::ConditionNotMet
		);
		assert_ok!(Settlement::refund_conditional(signed(BOB), 0));
		assert!(events().contains(&Event::ConditionalRefunded { id: 0 }));
		assert_eq!(free_stable(ALICE), 5_000);

		// A met condition is released, never refunded.
		let met = Condition::MeteredOutputAtLeast { asset: ASSET, epoch: 0, tokens_out: 1 };
		let exp = System::block_number() + 2;
		assert_ok!(Settlement::create_conditional(signed(ALICE), OWNER, 10, met, exp));
		run_to(exp + 1);
		assert_noop!(Settlement::refund_conditional(signed(BOB), 1), Error::<Test>::ConditionMet);
		assert_ok!(Settlement::release_conditional(signed(BOB), 1));
		check();
	});
}

/// Random orders, cancellations and instructions never create or destroy value, never leave
/// escrow out of step with the books, and settle every instruction all or nothing.
mod properties {
	use super::*;
	use frame_support::storage::with_storage_layer;
	use proptest::prelude::*;

	const WHO: [u64; 4] = [OWNER, ALICE, BOB, CAROL_SG];

	#[derive(Debug, Clone)]
	enum Op {
		Order { who: usize, buy: bool, price: u128, amount: u128, fills: u32 },
		Cancel { id: u64 },
		Dvp { seller: usize, buyer: usize, claims: u128, price: u128 },
		Freeze { who: usize },
		Unfreeze { who: usize },
		Advance,
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			4 => (0..4usize, any::<bool>(), 1..20u128, 1..200u128, 0..5u32)
				.prop_map(|(who, buy, price, amount, fills)| Op::Order { who, buy, price, amount, fills }),
			1 => (0..20u64).prop_map(|id| Op::Cancel { id }),
			2 => (0..4usize, 0..4usize, 1..300u128, 1..20u128)
				.prop_map(|(seller, buyer, claims, price)| Op::Dvp { seller, buyer, claims, price }),
			1 => (0..4usize).prop_map(|who| Op::Freeze { who }),
			1 => (0..4usize).prop_map(|who| Op::Unfreeze { who }),
			1 => Just(Op::Advance),
		]
	}

	/// Like an extrinsic: its writes stay only if it succeeds.
	fn dispatch(f: impl FnOnce() -> sp_runtime::DispatchResult) {
		let _ = with_storage_layer(f);
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(100))]
		#[test]
		fn value_is_conserved_and_escrow_matches_the_books(ops in proptest::collection::vec(op(), 1..40)) {
			new_test_ext().execute_with(|| {
				for who in [ALICE, BOB, CAROL_SG] {
					fund(who, 50_000);
				}
				assert_ok!(Claims::transfer(signed(OWNER), 0, BOB, 300));
				let stable_total = <StableLedger as fungible::Inspect<u64>>::total_issuance();
				let claims_total: u128 = WHO.iter().map(|w| claims(*w)).sum();
				for op in ops {
					match op {
						Op::Order { who, buy, price, amount, fills } => dispatch(|| {
							let side = if buy { Side::Buy } else { Side::Sell };
							Settlement::place_order(signed(WHO[who]), 0, side, price, amount, None, fills)
						}),
						Op::Cancel { id } => dispatch(|| Settlement::cancel_order(signed(OWNER), id)),
						Op::Dvp { seller, buyer, claims, price } => dispatch(|| {
							let legs: Legs = vec![
								Leg { from: WHO[seller], to: WHO[buyer], asset: LegAsset::Claim(0), amount: claims },
								Leg { from: WHO[buyer], to: WHO[seller], asset: LegAsset::StableValue, amount: claims * price },
							].try_into().unwrap();
							let id = crate::pallet::NextInstructionId::<Test>::get();
							let exp = System::block_number() + 10;
							Settlement::create_instruction(signed(WHO[seller]), legs, SettlementType::OnAffirmation, exp)?;
							let _ = Settlement::affirm_instruction(signed(WHO[seller]), id, 2);
							let _ = Settlement::affirm_instruction(signed(WHO[buyer]), id, 2);
							Ok(())
						}),
						Op::Freeze { who } => dispatch(|| Participants::freeze(signed(REGULATOR), WHO[who], 1)),
						Op::Unfreeze { who } => dispatch(|| Participants::unfreeze(signed(REGULATOR), WHO[who])),
						Op::Advance => run_to(System::block_number() + 1),
					}
					Settlement::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
					prop_assert_eq!(<StableLedger as fungible::Inspect<u64>>::total_issuance(), stable_total);
					prop_assert_eq!(WHO.iter().map(|w| claims(*w)).sum::<u128>(), claims_total);
				}
				Ok(())
			})?;
		}
	}
}

fn native_held(who: u64) -> u128 {
	<Balances as InspectHold<u64>>::total_balance_on_hold(&who)
}

/// A resting order holds a native deposit, refunded on fill and on cancel; an order filled at
/// once pays none.
#[test]
fn resting_orders_hold_a_deposit_refunded_when_they_leave_the_book() {
	new_test_ext().execute_with(|| {
		fund(ALICE, 5_000);
		assert_ok!(sell(OWNER, 10, 100));
		assert_eq!(native_held(OWNER), ORDER_DEPOSIT);
		// Alice takes all of it: her order never rests, the maker's deposit comes back.
		assert_ok!(buy(ALICE, 10, 100));
		assert_eq!((native_held(OWNER), native_held(ALICE)), (0, 0));
		assert_ok!(buy(ALICE, 5, 10));
		assert_eq!(native_held(ALICE), ORDER_DEPOSIT);
		let id = crate::pallet::NextOrderId::<Test>::get() - 1;
		assert_eq!(Settlement::open_orders_of(&ALICE, 0, 10).len(), 1);
		assert_ok!(Settlement::cancel_order(signed(ALICE), id));
		assert_eq!(native_held(ALICE), 0);
		assert!(Settlement::open_orders_of(&ALICE, 0, 10).is_empty());
		check();
	});
}

/// At most `MaxOpenOrders` resting orders an account a side, and none below the class's
/// minimum value (governance sets it; anyone else is refused).
#[test]
fn open_orders_are_capped_and_small_orders_refused() {
	new_test_ext().execute_with(|| {
		fund(ALICE, 5_000);
		for price in 1..=4 {
			assert_ok!(buy(ALICE, price, 10));
		}
		assert_noop!(buy(ALICE, 5, 10), Error::<Test>::TooManyOpenOrders);
		// The other side still has room.
		assert_ok!(sell(OWNER, 50, 10));

		assert_noop!(Settlement::set_min_order_value(signed(ALICE), 0, 100), BadOrigin);
		assert_ok!(Settlement::set_min_order_value(RuntimeOrigin::root(), 0, 100));
		assert_noop!(
			Settlement::place_order(signed(BOB), 0, Side::Buy, 9, 10, None, 0),
			Error::<Test>::OrderBelowMinimum
		);
		fund(BOB, 1_000);
		assert_ok!(Settlement::place_order(signed(BOB), 0, Side::Buy, 10, 10, None, 0));
		// Without native units for the deposit, nothing rests.
		admit(42, &[Role::Trader], b"DE");
		assert_ok!(StableValue::mint(signed(BANK), 1_000, sp_core::H256::zero()));
		assert_ok!(StableValue::transfer(signed(BANK), 42, 1_000));
		assert_noop!(
			Settlement::place_order(signed(42), 0, Side::Buy, 10, 10, None, 0),
			Error::<Test>::InsufficientDeposit
		);
		check();
	});
}

/// Anyone may purge the order of an owner who can no longer trade and receives its deposit;
/// the owner's escrow goes back to the owner.
#[test]
fn orders_of_owners_who_may_not_trade_are_purged_for_the_deposit() {
	new_test_ext().execute_with(|| {
		fund(ALICE, 5_000);
		assert_ok!(buy(ALICE, 10, 100));
		let id = crate::pallet::NextOrderId::<Test>::get() - 1;
		assert_noop!(Settlement::purge_order(signed(BOB), id), Error::<Test>::OwnerMayTrade);
		assert_ok!(Participants::suspend(RuntimeOrigin::root(), ALICE, 3));
		let bob_native = <Balances as fungible::Inspect<u64>>::balance(&BOB);
		assert_noop!(
			Settlement::purge_order(signed(OUTSIDER), id),
			pallet_participants::Error::<Test>::NotAdmitted
		);
		assert_ok!(Settlement::purge_order(signed(BOB), id));
		assert!(events().contains(&Event::OrderClosed { order: id, reason: CloseReason::Purged }));
		assert_eq!(<Balances as fungible::Inspect<u64>>::balance(&BOB), bob_native + ORDER_DEPOSIT);
		assert_eq!((native_held(ALICE), free_stable(ALICE)), (0, 5_000));
		assert!(Bids::<Test>::get(0).is_empty());
		check();
	});
}

/// A retry re-checks each agent sender's mandate, and scheduled settlement stops while the
/// regulator pauses settlement (recorded as a failure, retriable afterwards).
#[test]
fn a_pause_stops_scheduled_settlement_and_it_can_be_retried() {
	new_test_ext().execute_with(|| {
		fund(ALICE, 5_000);
		let now = System::block_number();
		assert_ok!(Settlement::create_instruction(
			signed(OWNER),
			dvp_legs(),
			SettlementType::AtBlock(now + 2),
			now + 10
		));
		assert_ok!(Settlement::affirm_instruction(signed(OWNER), 0, 2));
		assert_ok!(Settlement::affirm_instruction(signed(ALICE), 0, 2));
		SettlementAllowed::set(false);
		run_to(now + 2);
		let paused: DispatchError = Error::<Test>::SettlementPaused.into();
		assert_eq!(status(0), InstructionStatus::Failed { leg: 0, error: paused });
		assert_eq!((claims(ALICE), locked(OWNER)), (0, 0));
		assert_eq!(StableLedger::total_balance_on_hold(&ALICE), 0);
		check();
		SettlementAllowed::set(true);
		assert_ok!(Settlement::execute_instruction(signed(ALICE), 0, 2));
		assert_eq!(status(0), InstructionStatus::Settled);
		check();
	});
}
