use crate::{
	mock::*,
	pallet::{ClassOf, Classes, Error, Event, NextClassId},
};
use compute_ledger_primitives::{
	AssetClass, ComplianceRule, EnergySource, Jurisdiction, Party, MAX_JURISDICTIONS_PER_RULE,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungibles::Inspect, ConstU32},
	BoundedVec,
};
use sp_core::H256;
use sp_runtime::{traits::BadOrigin, Perbill};

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

/// Epoch 0 Final with 10_000_000 output tokens: 10_000 claim units backed.
fn final_epoch_zero() {
	finalise(0, 10_000_000);
}

fn check_invariants() {
	Claims::do_try_state().expect("claims invariants hold");
}

#[test]
fn the_owner_mints_against_a_final_report_and_the_class_carries_provenance() {
	new_test_ext().execute_with(|| {
		final_epoch_zero();
		assert_eq!(Claims::mintable(ASSET, 0), 10_000);
		assert_ok!(Claims::mint(signed(OWNER), ASSET, 0, 4_000));

		let class = ClassOf::<Test>::get((ASSET, 0)).expect("class opened");
		assert_eq!(class, 0);
		assert_eq!(NextClassId::<Test>::get(), 1);
		let info = Classes::<Test>::get(class).unwrap();
		assert_eq!(info.report_id, H256::from_low_u64_be(1));
		assert_eq!(info.reported_tokens_out, 10_000_000);
		assert_eq!(info.tokens_per_kwh, 100_000, "10M tokens out of 100 kWh");
		assert_eq!(
			info.energy_mix.into_inner(),
			vec![
				(EnergySource::Solar, Perbill::from_rational(2u32, 3)),
				(EnergySource::Wind, Perbill::from_rational(1u32, 3)),
			]
		);
		assert_eq!(info.minted, 4_000);
		assert_eq!(ClaimLedger::balance(class, OWNER), 4_000);
		assert_eq!(ClaimLedger::total_issuance(class), 4_000);
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Claims(Event::ClassCreated {
				class,
				asset: ASSET,
				epoch: 0,
				report_id: H256::from_low_u64_be(1),
				reported_tokens_out: 10_000_000,
			})));
		assert_eq!(
			last_event(),
			RuntimeEvent::Claims(Event::ClaimsMinted { class, owner: OWNER, amount: 4_000 })
		);

		// A second mint adds to the same class.
		assert_ok!(Claims::mint(signed(OWNER), ASSET, 0, 6_000));
		assert_eq!(NextClassId::<Test>::get(), 1);
		assert_eq!(ClaimLedger::balance(class, OWNER), 10_000);
		assert_eq!(Claims::mintable(ASSET, 0), 0);

		let view = Claims::class_view(class).unwrap();
		assert_eq!(
			(view.minted, view.redeemed, view.outstanding, view.mintable),
			(10_000, 0, 10_000, 0)
		);
		assert_eq!(view.tokens_per_claim, TOKENS_PER_CLAIM);
		check_invariants();
	});
}

#[test]
fn minting_beyond_the_metered_output_fails_and_changes_nothing() {
	new_test_ext().execute_with(|| {
		final_epoch_zero();
		assert_noop!(
			Claims::mint(signed(OWNER), ASSET, 0, 10_001),
			Error::<Test>::ExceedsMeteredOutput
		);
		assert_ok!(Claims::mint(signed(OWNER), ASSET, 0, 9_999));
		assert_noop!(Claims::mint(signed(OWNER), ASSET, 0, 2), Error::<Test>::ExceedsMeteredOutput);
		assert_ok!(Claims::mint(signed(OWNER), ASSET, 0, 1));
		assert_noop!(Claims::mint(signed(OWNER), ASSET, 0, 1), Error::<Test>::ExceedsMeteredOutput);
		// Redeeming does not make room: the backing counts every claim ever minted.
		assert_ok!(Claims::redeem(signed(OWNER), 0, 5_000));
		assert_noop!(Claims::mint(signed(OWNER), ASSET, 0, 1), Error::<Test>::ExceedsMeteredOutput);
		check_invariants();
	});
}

#[test]
fn output_that_is_not_final_backs_nothing() {
	new_test_ext().execute_with(|| {
		// No report yet.
		run_to(EPOCH + 1);
		assert_noop!(Claims::mint(signed(OWNER), ASSET, 0, 1), Error::<Test>::OutputNotFinal);
		// Agreed, inside the challenge window.
		let r = report(10_000_000, 0);
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 0, r));
		assert_noop!(Claims::mint(signed(OWNER), ASSET, 0, 1), Error::<Test>::OutputNotFinal);
		assert_ok!(Metering::submit_report(signed(OP2), ASSET, 0, r));
		assert_noop!(Claims::mint(signed(OWNER), ASSET, 0, 1), Error::<Test>::OutputNotFinal);
		assert_eq!(Claims::mintable(ASSET, 0), 0);
		// Disputed: nothing even after the window, until the officer dismisses the dispute.
		assert_ok!(Metering::dispute(signed(AUDITOR), ASSET, 0, H256::repeat_byte(9)));
		run_to(System::block_number() + WINDOW);
		assert_noop!(Claims::mint(signed(OWNER), ASSET, 0, 1), Error::<Test>::OutputNotFinal);
		assert_ok!(Metering::resolve(signed(OFFICER), ASSET, 0, false));
		assert_ok!(Claims::mint(signed(OWNER), ASSET, 0, 1));

		// Contested: two operators disagree.
		run_to(2 * EPOCH + 1);
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 1, report(5_000_000, 1)));
		assert_ok!(Metering::submit_report(signed(OP2), ASSET, 1, report(6_000_000, 1)));
		run_to(System::block_number() + WINDOW);
		assert_noop!(Claims::mint(signed(OWNER), ASSET, 1, 1), Error::<Test>::OutputNotFinal);

		// Rejected: the dispute was upheld.
		run_to(3 * EPOCH + 1);
		let r = report(7_000_000, 2);
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 2, r));
		assert_ok!(Metering::submit_report(signed(OP2), ASSET, 2, r));
		assert_ok!(Metering::dispute(signed(AUDITOR), ASSET, 2, H256::repeat_byte(8)));
		assert_ok!(Metering::resolve(signed(OFFICER), ASSET, 2, true));
		run_to(System::block_number() + WINDOW);
		assert_noop!(Claims::mint(signed(OWNER), ASSET, 2, 1), Error::<Test>::OutputNotFinal);
		check_invariants();
	});
}

#[test]
fn only_the_active_owner_of_an_active_asset_mints() {
	new_test_ext().execute_with(|| {
		final_epoch_zero();
		assert_noop!(Claims::mint(RuntimeOrigin::root(), ASSET, 0, 1), BadOrigin);
		assert_noop!(
			Claims::mint(signed(OUTSIDER), ASSET, 0, 1),
			pallet_participants::Error::<Test>::NotAdmitted
		);
		assert_noop!(
			Claims::mint(signed(TRADER), ASSET, 0, 1),
			pallet_participants::Error::<Test>::MissingRole
		);
		admit(21, &[compute_ledger_primitives::Role::AssetOwner], b"DE");
		assert_noop!(Claims::mint(signed(21), ASSET, 0, 1), Error::<Test>::NotAssetOwner);
		assert_noop!(Claims::mint(signed(OWNER), ASSET, 0, 0), Error::<Test>::ZeroAmount);
		assert_noop!(Claims::mint(signed(OWNER), ASSET + 1, 0, 1), Error::<Test>::AssetNotActive);

		assert_ok!(Participants::freeze(signed(REGULATOR), OWNER, 1));
		assert_noop!(Claims::mint(signed(OWNER), ASSET, 0, 1), Error::<Test>::AccountFrozen);
		assert_ok!(Participants::unfreeze(signed(REGULATOR), OWNER));

		MockAssets::deactivate(ASSET);
		assert_noop!(Claims::mint(signed(OWNER), ASSET, 0, 1), Error::<Test>::AssetNotActive);
		MockAssets::set_active(ASSET, true);
		assert_ok!(Claims::mint(signed(OWNER), ASSET, 0, 1));
	});
}

fn jurisdictions(
	codes: &[&[u8; 2]],
) -> BoundedVec<Jurisdiction, ConstU32<MAX_JURISDICTIONS_PER_RULE>> {
	codes.iter().map(|c| Jurisdiction(**c)).collect::<Vec<_>>().try_into().unwrap()
}

#[test]
fn transfers_pass_the_compliance_check_of_the_class() {
	new_test_ext().execute_with(|| {
		final_epoch_zero();
		assert_ok!(Claims::mint(signed(OWNER), ASSET, 0, 1_000));
		let class = 0;
		assert_ok!(Compliance::set_rules(
			signed(OFFICER),
			AssetClass::Claim(class),
			vec![
				ComplianceRule::AllowedJurisdictions {
					party: Party::Receiver,
					jurisdictions: jurisdictions(&[b"DE", b"CH"]),
				},
				ComplianceRule::MaxHolding(600),
			]
			.try_into()
			.unwrap()
		));

		assert_ok!(Claims::transfer(signed(OWNER), class, TRADER, 400));
		assert_eq!(
			last_event(),
			RuntimeEvent::Claims(Event::ClaimsTransferred {
				class,
				from: OWNER,
				to: TRADER,
				amount: 400
			})
		);
		assert_eq!(ClaimLedger::balance(class, OWNER), 600);
		assert_eq!(ClaimLedger::balance(class, TRADER), 400);

		assert_noop!(
			Claims::transfer(signed(OWNER), class, TRADER_SG, 1),
			pallet_compliance::Error::<Test>::ReceiverJurisdictionNotAllowed
		);
		assert_noop!(
			Claims::transfer(signed(OWNER), class, TRADER, 201),
			pallet_compliance::Error::<Test>::HoldingLimitExceeded
		);
		assert_noop!(
			Claims::transfer(signed(OWNER), class, OUTSIDER, 1),
			pallet_compliance::Error::<Test>::ReceiverNotActive
		);
		assert_noop!(
			Claims::transfer(signed(OUTSIDER), class, TRADER, 1),
			pallet_participants::Error::<Test>::NotAdmitted
		);
		admit(22, &[compute_ledger_primitives::Role::Trader], b"DE");
		assert_noop!(
			Claims::transfer(signed(TRADER), class, 22, 401),
			Error::<Test>::InsufficientClaims
		);
		assert_noop!(
			Claims::transfer(signed(TRADER), class, TRADER, 1),
			Error::<Test>::SelfTransfer
		);
		assert_noop!(Claims::transfer(signed(TRADER), 7, OWNER, 1), Error::<Test>::UnknownClass);
		assert_noop!(Claims::transfer(signed(TRADER), class, OWNER, 0), Error::<Test>::ZeroAmount);
		assert_noop!(Claims::transfer(RuntimeOrigin::root(), class, OWNER, 1), BadOrigin);

		// The regulator's freeze stops the sender.
		assert_ok!(Participants::freeze(signed(REGULATOR), TRADER, 1));
		assert_noop!(
			Claims::transfer(signed(TRADER), class, OWNER, 1),
			pallet_compliance::Error::<Test>::SenderFrozen
		);
		check_invariants();
	});
}

#[test]
fn a_holder_limit_counts_the_ledger_accounts_of_the_class() {
	new_test_ext().execute_with(|| {
		final_epoch_zero();
		assert_ok!(Claims::mint(signed(OWNER), ASSET, 0, 100));
		assert_ok!(Compliance::set_rules(
			signed(OFFICER),
			AssetClass::Claim(0),
			vec![ComplianceRule::MaxHolders(2)].try_into().unwrap()
		));
		assert_ok!(Claims::transfer(signed(OWNER), 0, TRADER, 10));
		assert_noop!(
			Claims::transfer(signed(OWNER), 0, TRADER_SG, 10),
			pallet_compliance::Error::<Test>::HolderLimitExceeded
		);
		// A holder who leaves makes room.
		assert_ok!(Claims::redeem(signed(TRADER), 0, 10));
		assert_ok!(Claims::transfer(signed(OWNER), 0, TRADER_SG, 10));
		check_invariants();
	});
}

#[test]
fn redeeming_burns_claims_and_tells_the_provider() {
	new_test_ext().execute_with(|| {
		final_epoch_zero();
		assert_ok!(Claims::mint(signed(OWNER), ASSET, 0, 1_000));
		assert_ok!(Claims::transfer(signed(OWNER), 0, TRADER, 300));
		assert_ok!(Claims::redeem(signed(TRADER), 0, 120));
		assert_eq!(
			last_event(),
			RuntimeEvent::Claims(Event::ClaimsRedeemed {
				class: 0,
				holder: TRADER,
				amount: 120,
				tokens: 120 * TOKENS_PER_CLAIM,
				asset: ASSET,
				epoch: 0,
				provider: OWNER,
			})
		);
		assert_eq!(ClaimLedger::balance(0, TRADER), 180);
		let view = Claims::class_view(0).unwrap();
		assert_eq!((view.minted, view.redeemed, view.outstanding), (1_000, 120, 880));
		assert_eq!(ClaimLedger::total_issuance(0), 880);

		assert_noop!(Claims::redeem(signed(TRADER), 0, 181), Error::<Test>::InsufficientClaims);
		assert_noop!(Claims::redeem(signed(TRADER), 0, 0), Error::<Test>::ZeroAmount);
		assert_noop!(Claims::redeem(signed(TRADER), 3, 1), Error::<Test>::UnknownClass);
		assert_noop!(
			Claims::redeem(signed(OUTSIDER), 0, 1),
			pallet_participants::Error::<Test>::NotAdmitted
		);
		assert_noop!(Claims::redeem(RuntimeOrigin::root(), 0, 1), BadOrigin);
		assert_ok!(Participants::freeze(signed(REGULATOR), TRADER, 1));
		assert_noop!(Claims::redeem(signed(TRADER), 0, 1), Error::<Test>::AccountFrozen);
		assert_ok!(Participants::unfreeze(signed(REGULATOR), TRADER));

		// Redeeming everything empties the holder's account in the ledger.
		assert_ok!(Claims::redeem(signed(TRADER), 0, 180));
		assert_eq!(ClaimLedger::balance(0, TRADER), 0);
		check_invariants();
	});
}

#[test]
fn each_epoch_is_its_own_class() {
	new_test_ext().execute_with(|| {
		final_epoch_zero();
		finalise(1, 3_000_000);
		assert_ok!(Claims::mint(signed(OWNER), ASSET, 1, 3_000));
		assert_ok!(Claims::mint(signed(OWNER), ASSET, 0, 5_000));
		assert_eq!(ClassOf::<Test>::get((ASSET, 1)), Some(0));
		assert_eq!(ClassOf::<Test>::get((ASSET, 0)), Some(1));
		assert_noop!(Claims::mint(signed(OWNER), ASSET, 1, 1), Error::<Test>::ExceedsMeteredOutput);
		assert_eq!(ClaimLedger::balance(0, OWNER), 3_000);
		assert_eq!(ClaimLedger::balance(1, OWNER), 5_000);
		check_invariants();
	});
}

#[test]
fn locked_claims_stay_put_until_delivered_or_released() {
	use compute_ledger_primitives::ClaimEscrow;
	new_test_ext().execute_with(|| {
		final_epoch_zero();
		assert_ok!(Claims::mint(signed(OWNER), ASSET, 0, 100));
		assert_noop!(Claims::lock(0, &OWNER, 101), Error::<Test>::InsufficientClaims);
		assert_noop!(Claims::lock(9, &OWNER, 1), Error::<Test>::UnknownClass);
		assert_ok!(Claims::lock(0, &OWNER, 60));
		assert_eq!(Claims::locked(0, &OWNER), 60);
		// The ledger refuses to move or burn locked claims.
		assert_noop!(
			Claims::transfer(signed(OWNER), 0, TRADER, 41),
			Error::<Test>::InsufficientClaims
		);
		assert_ok!(Claims::transfer(signed(OWNER), 0, TRADER, 40));
		assert_noop!(Claims::redeem(signed(OWNER), 0, 1), Error::<Test>::InsufficientClaims);
		assert_noop!(Claims::lock(0, &OWNER, 1), Error::<Test>::InsufficientClaims);

		// Delivery passes compliance: a refused receiver leaves the claims locked.
		assert_noop!(
			Claims::deliver_locked(0, &OWNER, &OUTSIDER, 10),
			pallet_compliance::Error::<Test>::ReceiverNotActive
		);
		assert_noop!(
			Claims::deliver_locked(0, &OWNER, &TRADER, 61),
			Error::<Test>::InsufficientClaims
		);
		// Exactly the locked claims can be delivered, down to the last one.
		assert_ok!(Claims::deliver_locked(0, &OWNER, &TRADER, 20));
		assert_ok!(Claims::deliver_locked(0, &OWNER, &TRADER, 40));
		assert_eq!(Claims::locked(0, &OWNER), 0);
		assert_eq!(ClaimLedger::balance(0, OWNER), 0);
		assert_eq!(ClaimLedger::balance(0, TRADER), 100);

		assert_ok!(Claims::lock(0, &TRADER, 50));
		Claims::unlock(0, &TRADER, 80);
		assert_eq!(Claims::locked(0, &TRADER), 0);
		assert_ok!(Claims::transfer(signed(TRADER), 0, OWNER, 100));
		check_invariants();
	});
}

/// Random sequences of reports, disputes, resolutions, mints, transfers and redemptions never
/// break the backing invariant or minted − redeemed = outstanding.
mod properties {
	use super::*;
	use frame_support::storage::with_storage_layer;
	use proptest::prelude::*;
	use sp_runtime::DispatchResult;

	#[derive(Debug, Clone)]
	enum Op {
		Report { operator: bool, epoch: u32, tokens: u64 },
		Dispute { epoch: u32 },
		Resolve { epoch: u32, uphold: bool },
		Mint { epoch: u32, amount: u128 },
		Transfer { from: usize, to: usize, class: u32, amount: u128 },
		Redeem { who: usize, class: u32, amount: u128 },
		Advance { blocks: u64 },
	}

	const HOLDERS: [u64; 4] = [OWNER, TRADER, TRADER_SG, OUTSIDER];

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			(any::<bool>(), 0..4u32, prop_oneof![Just(5_000_000u64), 1..20_000_000u64])
				.prop_map(|(operator, epoch, tokens)| Op::Report { operator, epoch, tokens }),
			(0..4u32).prop_map(|epoch| Op::Dispute { epoch }),
			(0..4u32, any::<bool>()).prop_map(|(epoch, uphold)| Op::Resolve { epoch, uphold }),
			(0..4u32, 0..12_000u128).prop_map(|(epoch, amount)| Op::Mint { epoch, amount }),
			(0..4usize, 0..4usize, 0..4u32, 0..3_000u128)
				.prop_map(|(from, to, class, amount)| Op::Transfer { from, to, class, amount }),
			(0..4usize, 0..4u32, 0..3_000u128).prop_map(|(who, class, amount)| Op::Redeem {
				who,
				class,
				amount
			}),
			(1..8u64).prop_map(|blocks| Op::Advance { blocks }),
		]
	}

	fn apply(op: Op) {
		// Like an extrinsic: its writes stay only if it succeeds.
		let _ = with_storage_layer(|| -> DispatchResult {
			match op {
				Op::Report { operator, epoch, tokens } => {
					let who = if operator { OP1 } else { OP2 };
					let mut r = report(tokens, epoch as u64);
					r.tokens_in = 1;
					Metering::submit_report(signed(who), ASSET, epoch, r)
				}
				Op::Dispute { epoch } => {
					Metering::dispute(signed(AUDITOR), ASSET, epoch, H256::zero())
				}
				Op::Resolve { epoch, uphold } => {
					Metering::resolve(signed(OFFICER), ASSET, epoch, uphold)
				}
				Op::Mint { epoch, amount } => Claims::mint(signed(OWNER), ASSET, epoch, amount),
				Op::Transfer { from, to, class, amount } => {
					Claims::transfer(signed(HOLDERS[from]), class, HOLDERS[to], amount)
				}
				Op::Redeem { who, class, amount } => {
					Claims::redeem(signed(HOLDERS[who]), class, amount)
				}
				Op::Advance { blocks } => {
					run_to(System::block_number() + blocks);
					Ok(())
				}
			}
		});
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(200))]
		#[test]
		fn backing_holds_under_any_sequence(ops in proptest::collection::vec(op(), 1..60)) {
			new_test_ext().execute_with(|| {
				for op in ops {
					apply(op);
					Claims::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
					// No class ever entitles to more tokens than its report stated.
					for (_, class) in Classes::<Test>::iter() {
						prop_assert!(class.minted * TOKENS_PER_CLAIM as u128 <= class.reported_tokens_out as u128);
					}
				}
				Ok(())
			})?;
		}
	}
}

mod forced {
	use super::*;
	use crate::pallet::{HeldClassCount, HeldClasses};
	use compute_ledger_primitives::ClaimEscrow;

	fn held(who: u64) -> Vec<u32> {
		let mut classes: Vec<u32> = HeldClasses::<Test>::iter_key_prefix(who).collect();
		classes.sort();
		assert_eq!(HeldClassCount::<Test>::get(who) as usize, classes.len());
		classes
	}

	#[test]
	fn the_holder_index_follows_mints_transfers_escrow_and_redemptions() {
		new_test_ext().execute_with(|| {
			final_epoch_zero();
			assert_ok!(Claims::mint(signed(OWNER), ASSET, 0, 100));
			assert_eq!(held(OWNER), vec![0]);
			assert_ok!(Claims::transfer(signed(OWNER), 0, TRADER, 40));
			assert_eq!((held(OWNER), held(TRADER)), (vec![0], vec![0]));
			assert_ok!(Claims::redeem(signed(TRADER), 0, 40));
			assert!(held(TRADER).is_empty(), "an emptied holder leaves the index");
			assert_ok!(Claims::lock(0, &OWNER, 30));
			assert_ok!(Claims::deliver_locked(0, &OWNER, &TRADER, 30));
			assert_eq!((held(OWNER), held(TRADER)), (vec![0], vec![0]));
			assert_ok!(Claims::transfer(signed(OWNER), 0, TRADER, 30));
			assert!(held(OWNER).is_empty());
			check_invariants();
		});
	}

	#[test]
	fn only_the_regulator_forces_a_transfer_and_only_of_free_claims_to_an_allowed_recipient() {
		new_test_ext().execute_with(|| {
			final_epoch_zero();
			assert_ok!(Claims::mint(signed(OWNER), ASSET, 0, 100));
			assert_ok!(Claims::lock(0, &OWNER, 70));
			for origin in [signed(OWNER), signed(REGULATOR), signed(OFFICER)] {
				assert_noop!(Claims::force_transfer(origin, 0, OWNER, TRADER, 10, 7), BadOrigin);
			}
			let root = || RuntimeOrigin::root();
			assert_noop!(
				Claims::force_transfer(root(), 0, OWNER, TRADER, 31, 7),
				Error::<Test>::InsufficientClaims
			);
			assert_noop!(
				Claims::force_transfer(root(), 0, OWNER, OUTSIDER, 10, 7),
				Error::<Test>::RecipientNotAllowed
			);
			assert_noop!(
				Claims::force_transfer(root(), 9, OWNER, TRADER, 10, 7),
				Error::<Test>::UnknownClass
			);
			assert_ok!(Participants::freeze(signed(REGULATOR), TRADER, 1));
			assert_noop!(
				Claims::force_transfer(root(), 0, OWNER, TRADER, 10, 7),
				Error::<Test>::RecipientNotAllowed
			);
			// The class's own rules do not apply (T-REX's forced transfer bypasses them), the
			// recipient's admission does: TRADER_SG is admitted, not frozen.
			assert_ok!(Claims::force_transfer(root(), 0, OWNER, TRADER_SG, 30, 7));
			assert_eq!(ClaimLedger::balance(0, TRADER_SG), 30);
			assert_eq!(ClaimLedger::balance(0, OWNER), 70);
			assert_eq!(Claims::locked(0, &OWNER), 70, "the escrow is untouched");
			assert_eq!(
				last_event(),
				RuntimeEvent::Claims(Event::ForcedTransfer {
					class: 0,
					from: OWNER,
					to: TRADER_SG,
					amount: 30,
					reason: 7
				})
			);
			check_invariants();
		});
	}

	#[test]
	fn recovery_moves_the_claims_of_every_class_and_refuses_escrowed_or_too_many() {
		new_test_ext().execute_with(|| {
			for epoch in 0..3 {
				finalise(epoch, 1_000_000);
				assert_ok!(Claims::mint(signed(OWNER), ASSET, epoch, 100 + epoch as u128));
			}
			assert_ok!(Claims::transfer(signed(OWNER), 1, TRADER, 101));
			assert_eq!(held(OWNER), vec![0, 2]);

			// Claims in escrow refuse the recovery, and nothing moves.
			assert_ok!(Claims::lock(2, &OWNER, 1));
			let native_before = Balances::free_balance(OWNER);
			assert_noop!(
				Participants::recover_account(signed(REGULATOR), OWNER, TRADER_SG, 3),
				Error::<Test>::ClaimsInEscrow
			);
			assert_eq!(Balances::free_balance(OWNER), native_before);
			Claims::unlock(2, &OWNER, 1);

			assert_ok!(Participants::recover_account(signed(REGULATOR), OWNER, TRADER_SG, 3));
			assert!(held(OWNER).is_empty());
			assert_eq!(held(TRADER_SG), vec![0, 2]);
			assert_eq!(ClaimLedger::balance(0, TRADER_SG), 100);
			assert_eq!(ClaimLedger::balance(2, TRADER_SG), 102);
			assert_eq!(ClaimLedger::balance(1, TRADER), 101, "others' claims stay");
			assert!(System::events().iter().any(|r| r.event
				== RuntimeEvent::Claims(Event::ClaimsRecovered {
					class: 2,
					lost: OWNER,
					new: TRADER_SG,
					amount: 102
				})));
			check_invariants();
		});
	}

	#[test]
	fn a_holder_of_more_classes_than_one_recovery_moves_is_refused() {
		new_test_ext().execute_with(|| {
			for epoch in 0..9 {
				finalise(epoch, 1_000_000);
				assert_ok!(Claims::mint(signed(OWNER), ASSET, epoch, 1));
				assert_ok!(Claims::transfer(signed(OWNER), epoch, TRADER, 1));
			}
			assert_eq!(held(TRADER).len(), 9);
			assert_noop!(
				Participants::recover_account(signed(REGULATOR), TRADER, TRADER_SG, 3),
				Error::<Test>::TooManyClassesToRecover
			);
			// Forced transfers bring it within the bound.
			assert_ok!(Claims::force_transfer(RuntimeOrigin::root(), 8, TRADER, TRADER_SG, 1, 3));
			assert_ok!(Participants::recover_account(signed(REGULATOR), TRADER, TRADER_SG, 3));
			assert_eq!(held(TRADER_SG).len(), 9);
			check_invariants();
		});
	}
}
