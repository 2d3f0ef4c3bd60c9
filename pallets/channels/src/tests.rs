use crate::{
	mock::*,
	pallet::{Channels as ChannelOf, Error, Event},
	types::*,
};
use compute_ledger_primitives::{Modality, TokenUsage};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_runtime::{testing::TestSignature, traits::BadOrigin};

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

/// A voucher for channel 0 signed by `signer`.
fn voucher(signer: u64, cumulative: u128, nonce: u64) -> TestSignature {
	TestSignature(signer, Channels::voucher_message(0, cumulative, nonce))
}

fn claim(cumulative: u128, nonce: u64) -> sp_runtime::DispatchResult {
	Channels::claim(signed(PROVIDER), 0, cumulative, nonce, voucher(AGENT, cumulative, nonce))
}

fn mandate(per_period: u128) {
	assert_ok!(Mandates::grant_mandate(
		signed(PRINCIPAL),
		AGENT,
		pallet_mandates::MandateTerms {
			per_payment: 10_000,
			per_period,
			period: 100,
			total_cap: 100_000,
			payees: vec![PROVIDER].try_into().unwrap(),
			classes: Default::default(),
			expires_at: 10_000,
			approval_threshold: None,
			velocity: None,
			size: None,
		}
	));
}

fn open(deposit: u128) {
	assert_ok!(Channels::open_channel(signed(AGENT), PROVIDER, deposit));
}

fn check() {
	Channels::do_try_state().expect("channel holds match unclaimed deposits");
}

#[test]
fn an_agent_opens_a_channel_within_its_mandate() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Channels::open_channel(signed(AGENT), PROVIDER, 1_000),
			pallet_mandates::Error::<Test>::NoMandate
		);
		mandate(5_000);
		assert_noop!(
			Channels::open_channel(signed(AGENT), PROVIDER2, 1_000),
			pallet_mandates::Error::<Test>::PayeeNotAllowed
		);
		assert_noop!(
			Channels::open_channel(signed(AGENT), PROVIDER, 20_000),
			pallet_mandates::Error::<Test>::PerPaymentLimit
		);
		assert_noop!(
			Channels::open_channel(signed(AGENT), OUTSIDER, 1),
			pallet_compliance::Error::<Test>::ReceiverNotActive
		);
		assert_noop!(Channels::open_channel(RuntimeOrigin::root(), PROVIDER, 1), BadOrigin);
		assert_noop!(Channels::open_channel(signed(AGENT), PROVIDER, 0), Error::<Test>::ZeroAmount);
		open(3_000);
		assert_eq!(
			last_event(),
			RuntimeEvent::Channels(Event::ChannelOpened {
				id: 0,
				agent: AGENT,
				provider: PROVIDER,
				deposit: 3_000
			})
		);
		// Held, not transferred.
		assert_eq!(StableLedger::total_balance_on_hold(&AGENT), 3_000);
		assert_eq!(StableLedger::balance(&PROVIDER), 0);
		// Top-ups count against the mandate too.
		assert_ok!(Channels::top_up(signed(AGENT), 0, 2_000));
		assert_noop!(
			Channels::top_up(signed(AGENT), 0, 1),
			pallet_mandates::Error::<Test>::PeriodLimit
		);
		assert_noop!(Channels::top_up(signed(PROVIDER), 0, 1), Error::<Test>::NotAgent);
		assert_eq!(Channels::channel_view(0).unwrap().deposit, 5_000);
		check();
	});
}

#[test]
fn the_provider_is_paid_only_the_increase_of_newer_vouchers() {
	new_test_ext().execute_with(|| {
		mandate(100_000);
		open(1_000);
		assert_ok!(claim(100, 1));
		assert_eq!(
			last_event(),
			RuntimeEvent::Channels(Event::Claimed {
				id: 0,
				amount: 100,
				cumulative: 100,
				nonce: 1
			})
		);
		assert_ok!(claim(350, 5));
		assert_eq!(StableLedger::balance(&PROVIDER), 350);
		// Replaying the same voucher or an older one pays nothing twice.
		assert_noop!(claim(350, 5), Error::<Test>::StaleVoucher);
		assert_noop!(claim(100, 1), Error::<Test>::StaleVoucher);
		assert_noop!(claim(300, 6), Error::<Test>::CumulativeDecreased);
		assert_noop!(claim(1_001, 7), Error::<Test>::VoucherExceedsDeposit);
		// A voucher signed by anyone but the agent, or altered, is refused.
		assert_noop!(
			Channels::claim(signed(PROVIDER), 0, 400, 7, voucher(PROVIDER, 400, 7)),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			Channels::claim(signed(PROVIDER), 0, 900, 7, voucher(AGENT, 400, 7)),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			Channels::claim(signed(PROVIDER2), 0, 400, 7, voucher(AGENT, 400, 7)),
			Error::<Test>::NotProvider
		);
		assert_noop!(claim(400, 0), Error::<Test>::StaleVoucher);
		assert_eq!(StableLedger::balance(&PROVIDER), 350);
		assert_eq!(StableLedger::total_balance_on_hold(&AGENT), 650);
		check();
	});
}

#[test]
fn the_provider_closes_at_once_and_the_rest_returns_to_the_agent() {
	new_test_ext().execute_with(|| {
		mandate(100_000);
		open(1_000);
		assert_ok!(claim(600, 1));
		let before = StableLedger::balance(&AGENT);
		assert_noop!(
			Channels::close(signed(OUTSIDER), 0),
			pallet_participants::Error::<Test>::NotAdmitted
		);
		assert_noop!(Channels::close(signed(PROVIDER2), 0), Error::<Test>::NotAgent);
		assert_ok!(Channels::close(signed(PROVIDER), 0));
		assert_eq!(
			last_event(),
			RuntimeEvent::Channels(Event::ChannelClosed { id: 0, paid: 600, refunded: 400 })
		);
		assert_eq!(StableLedger::total_balance_on_hold(&AGENT), 0);
		assert_eq!(StableLedger::balance(&AGENT), before + 400);
		assert!(Channels::channel_view(0).is_none());
		assert_noop!(claim(700, 2), Error::<Test>::UnknownChannel);
	});
}

#[test]
fn after_the_agent_closes_a_newer_voucher_still_wins_within_the_window() {
	new_test_ext().execute_with(|| {
		mandate(100_000);
		open(1_000);
		assert_ok!(claim(200, 1));
		assert_ok!(Channels::close(signed(AGENT), 0));
		assert_eq!(ChannelOf::<Test>::get(0).unwrap().status, ChannelStatus::Closing { until: 6 });
		assert_noop!(Channels::close(signed(AGENT), 0), Error::<Test>::AlreadyClosing);
		assert_noop!(Channels::top_up(signed(AGENT), 0, 1), Error::<Test>::ChannelClosing);
		assert_noop!(
			Channels::finalize_close(signed(PROVIDER2), 0),
			Error::<Test>::ChallengeWindowOpen
		);
		// The provider answers with the newest voucher it holds.
		run_to(6);
		assert_ok!(claim(750, 9));
		run_to(7);
		assert_noop!(claim(800, 10), Error::<Test>::WindowEnded);
		assert_ok!(Channels::finalize_close(signed(PROVIDER2), 0));
		assert_eq!(StableLedger::balance(&PROVIDER), 750);
		assert_eq!(StableLedger::total_balance_on_hold(&AGENT), 0);
		assert_noop!(Channels::finalize_close(signed(PROVIDER2), 0), Error::<Test>::UnknownChannel);
		check();
	});
}

#[test]
fn thousands_of_vouchers_settle_in_a_few_claims() {
	new_test_ext().execute_with(|| {
		mandate(100_000);
		open(10_000);
		// 3_000 requests of 3 units each, signed off chain; the provider claims every 750.
		let mut cumulative = 0u128;
		for request in 1..=3_000u64 {
			cumulative += 3;
			if request % 750 == 0 {
				assert_ok!(claim(cumulative, request));
			}
		}
		assert_eq!(StableLedger::balance(&PROVIDER), 9_000);
		assert_eq!(Channels::channel_view(0).unwrap().remaining, 1_000);
		check();
	});
}

fn used(modality: Modality, tokens_in: u64, tokens_out: u64) -> TokenUsage {
	TokenUsage { modality, tokens_in, tokens_out }
}

fn usage(used: &[TokenUsage]) -> UsageOf {
	used.to_vec().try_into().expect("at most four modalities")
}

/// The agent's signature over a priced voucher for channel `id`.
fn priced_voucher(
	id: ChannelId,
	cumulative: u128,
	used: &UsageOf,
	root: u8,
	nonce: u64,
) -> TestSignature {
	TestSignature(AGENT, Channels::priced_voucher_message(id, cumulative, used, &[root; 32], nonce))
}

fn claim_usage(
	id: ChannelId,
	cumulative: u128,
	used: &[TokenUsage],
	nonce: u64,
) -> sp_runtime::DispatchResult {
	let used = usage(used);
	let signature = priced_voucher(id, cumulative, &used, nonce as u8, nonce);
	Channels::claim_usage(
		signed(PROVIDER),
		id,
		cumulative,
		used,
		[nonce as u8; 32],
		nonce,
		signature,
	)
}

#[test]
fn a_priced_channel_opens_at_the_card_in_force_for_a_served_model() {
	new_test_ext().execute_with(|| {
		mandate(100_000);
		assert_noop!(Channels::open_priced_channel(RuntimeOrigin::root(), MODEL, 1_000), BadOrigin);
		assert_noop!(
			Channels::open_priced_channel(signed(OUTSIDER), MODEL, 1_000),
			pallet_participants::Error::<Test>::NotAdmitted
		);
		assert_noop!(
			Channels::open_priced_channel(signed(AGENT), 77, 1_000),
			Error::<Test>::UnknownModel
		);
		assert_noop!(
			Channels::open_priced_channel(signed(AGENT), RETIRED_MODEL, 1_000),
			Error::<Test>::ModelNotServing
		);
		assert_noop!(
			Channels::open_priced_channel(signed(AGENT), LATE_MODEL, 1_000),
			Error::<Test>::NoCardInForce
		);
		assert_noop!(
			Channels::open_priced_channel(signed(AGENT), MODEL, 0),
			Error::<Test>::ZeroAmount
		);
		// The mandate bounds a priced channel's deposit as any payment to the provider.
		assert_noop!(
			Channels::open_priced_channel(signed(AGENT), MODEL, 20_000),
			pallet_mandates::Error::<Test>::PerPaymentLimit
		);
		assert_ok!(Channels::open_priced_channel(signed(AGENT), MODEL, 1_000));
		assert_eq!(
			last_event(),
			RuntimeEvent::Channels(Event::ChannelPriced { id: 0, model: MODEL, card: 0 })
		);
		let channel = ChannelOf::<Test>::get(0).unwrap();
		assert_eq!((channel.agent, channel.provider, channel.deposit), (AGENT, PROVIDER, 1_000));
		assert_eq!(
			Channels::pricing_of(0),
			Some(ChannelPricing {
				model: MODEL,
				card: 0,
				usage: usage(&[]),
				records_root: [0; 32]
			})
		);
		assert_eq!(StableLedger::total_balance_on_hold(&AGENT), 1_000);
		// A channel opened after card 1 took effect charges card 1; LATE_MODEL opens once its
		// first card is in force.
		run_to(LATE_FROM);
		assert_ok!(Channels::open_priced_channel(signed(AGENT), MODEL, 1_000));
		assert_eq!(Channels::pricing_of(1).unwrap().card, 1);
		assert_ok!(Channels::open_priced_channel(signed(AGENT), LATE_MODEL, 1_000));
		assert_eq!(Channels::pricing_of(2).unwrap().model, LATE_MODEL);
		check();
	});
}

#[test]
fn the_provider_is_paid_what_the_signed_tokens_cost_at_the_channel_card() {
	new_test_ext().execute_with(|| {
		mandate(100_000);
		assert_ok!(Channels::open_priced_channel(signed(AGENT), MODEL, 5_000));
		// Card 0: text 2 in / 10 out per token, image 40 out per token.
		let first = [used(Modality::Text, 100, 50)];
		assert_eq!(Channels::usage_cost(0, &first), Ok(700));
		assert_ok!(claim_usage(0, 700, &first, 1));
		assert_eq!(
			last_event(),
			RuntimeEvent::Channels(Event::UsageClaimed {
				id: 0,
				usage: usage(&first),
				records_root: [1; 32]
			})
		);
		assert_eq!(StableLedger::balance(&PROVIDER), 700);
		// Card 1 (twice the prices) took effect later: the channel keeps card 0.
		run_to(20);
		let second = [used(Modality::Text, 300, 100), used(Modality::Image, 0, 10)];
		assert_eq!(Channels::usage_cost(0, &second), Ok(600 + 1_000 + 400));
		assert_ok!(claim_usage(0, 2_000, &second, 2));
		assert_eq!(StableLedger::balance(&PROVIDER), 2_000);
		let pricing = Channels::pricing_of(0).unwrap();
		assert_eq!(
			(pricing.card, pricing.usage, pricing.records_root),
			(0, usage(&second), [2; 32])
		);
		assert_eq!(Channels::channel_view(0).unwrap().remaining, 3_000);
		check();
	});
}

#[test]
fn a_priced_voucher_that_misstates_its_tokens_or_price_is_refused() {
	new_test_ext().execute_with(|| {
		mandate(100_000);
		assert_ok!(Channels::open_priced_channel(signed(AGENT), MODEL, 5_000));
		open(1_000);
		let text = [used(Modality::Text, 100, 50)];
		// An amount other than the cost, above or below.
		assert_noop!(claim_usage(0, 701, &text, 1), Error::<Test>::PriceMismatch);
		assert_noop!(claim_usage(0, 699, &text, 1), Error::<Test>::PriceMismatch);
		// A modality the card does not price.
		assert_noop!(
			claim_usage(0, 0, &[used(Modality::Audio, 1, 1)], 1),
			sp_runtime::DispatchError::Other("ModalityNotPriced")
		);
		assert_noop!(
			claim_usage(0, 1_400, &[text[0], text[0]], 1),
			Error::<Test>::DuplicateModality
		);
		// The tokens, root or amount changed after the agent signed.
		let signed_usage = usage(&text);
		let signature = priced_voucher(0, 700, &signed_usage, 1, 1);
		let more = usage(&[used(Modality::Text, 200, 50)]);
		assert_noop!(
			Channels::claim_usage(signed(PROVIDER), 0, 900, more, [1; 32], 1, signature.clone()),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			Channels::claim_usage(
				signed(PROVIDER),
				0,
				700,
				signed_usage.clone(),
				[9; 32],
				1,
				signature.clone()
			),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			Channels::claim_usage(
				signed(PROVIDER2),
				0,
				700,
				signed_usage.clone(),
				[1; 32],
				1,
				signature.clone()
			),
			Error::<Test>::NotProvider
		);
		assert_noop!(
			Channels::claim_usage(
				RuntimeOrigin::root(),
				0,
				700,
				signed_usage.clone(),
				[1; 32],
				1,
				signature
			),
			BadOrigin
		);
		assert_ok!(claim_usage(0, 700, &text, 1));
		// Fewer tokens than last claimed, or a modality dropped, is refused even if priced right.
		assert_noop!(
			claim_usage(0, 600, &[used(Modality::Text, 50, 50)], 2),
			Error::<Test>::UsageDecreased
		);
		assert_noop!(
			claim_usage(0, 400, &[used(Modality::Image, 0, 10)], 2),
			Error::<Test>::UsageDecreased
		);
		assert_noop!(claim_usage(0, 700, &text, 1), Error::<Test>::StaleVoucher);
		// Exceeding the deposit.
		assert_noop!(
			claim_usage(0, 10_200, &[used(Modality::Text, 100, 1_000)], 2),
			Error::<Test>::VoucherExceedsDeposit
		);
		// Each kind of channel takes its own kind of voucher.
		assert_noop!(
			Channels::claim(
				signed(PROVIDER),
				0,
				800,
				2,
				TestSignature(AGENT, Channels::voucher_message(0, 800, 2))
			),
			Error::<Test>::PricedChannel
		);
		assert_noop!(claim_usage(1, 700, &text, 1), Error::<Test>::NotPriced);
		assert_noop!(claim_usage(9, 700, &text, 1), Error::<Test>::UnknownChannel);
		assert_eq!(Channels::usage_cost(1, &text), Err(Error::<Test>::NotPriced.into()));
		assert_eq!(StableLedger::balance(&PROVIDER), 700);
		check();
	});
}

#[test]
fn a_priced_channel_closes_and_refunds_like_any_channel() {
	new_test_ext().execute_with(|| {
		mandate(100_000);
		assert_ok!(Channels::open_priced_channel(signed(AGENT), MODEL, 1_000));
		assert_ok!(claim_usage(0, 700, &[used(Modality::Text, 100, 50)], 1));
		assert_ok!(Channels::close(signed(AGENT), 0));
		run_to(6);
		assert_ok!(claim_usage(0, 900, &[used(Modality::Text, 200, 50)], 2));
		run_to(7);
		assert_ok!(Channels::finalize_close(signed(PROVIDER2), 0));
		assert_eq!(
			last_event(),
			RuntimeEvent::Channels(Event::ChannelClosed { id: 0, paid: 900, refunded: 100 })
		);
		assert_eq!(StableLedger::balance(&PROVIDER), 900);
		assert_eq!(StableLedger::total_balance_on_hold(&AGENT), 0);
		check();
	});
}

#[test]
fn the_v1_migration_keeps_every_channel_and_prices_none() {
	use crate::migrations::v1::{ChannelV0, MigrateV0ToV1};
	use codec::Encode;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		StorageVersion::new(0).put::<Channels>();
		for id in 0..3u64 {
			let old = ChannelV0::<u64, u128, u64> {
				agent: AGENT,
				provider: PROVIDER,
				deposit: 1_000 + id as u128,
				claimed: id as u128,
				nonce: id,
				status: if id == 2 {
					ChannelStatus::Closing { until: 9 }
				} else {
					ChannelStatus::Open
				},
				opened_at: 1,
			};
			frame_support::storage::unhashed::put_raw(
				&ChannelOf::<Test>::hashed_key_for(id),
				&old.encode(),
			);
		}
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Channels::on_chain_storage_version(), 1);
		for id in 0..3u64 {
			let channel = ChannelOf::<Test>::get(id).expect("the channel survives");
			assert_eq!(
				(channel.deposit, channel.claimed, channel.nonce),
				(1_000 + id as u128, id as u128, id)
			);
			assert_eq!(channel.pricing, None);
		}
		assert_eq!(ChannelOf::<Test>::get(2).unwrap().status, ChannelStatus::Closing { until: 9 });
		// Run again, it changes nothing: the version guards it.
		let before = ChannelOf::<Test>::iter().collect::<Vec<_>>();
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(ChannelOf::<Test>::iter().collect::<Vec<_>>(), before);
	});
}

/// Random claims (old, new, forged), top-ups, closes and finalisations never pay a voucher
/// twice, never pay more than the latest voucher owes or the deposit holds, keep the holds
/// equal to the unclaimed deposit, and conserve stable value.
mod properties {
	use super::*;
	use frame_support::storage::with_storage_layer;
	use proptest::prelude::*;

	#[derive(Debug, Clone)]
	enum Op {
		Claim { cumulative: u128, nonce: u64, forged: bool },
		TopUp(u128),
		AgentClose,
		ProviderClose,
		Finalize,
		Advance(u64),
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			6 => (0..3_000u128, 0..40u64, proptest::bool::weighted(0.1))
				.prop_map(|(cumulative, nonce, forged)| Op::Claim { cumulative, nonce, forged }),
			2 => (1..800u128).prop_map(Op::TopUp),
			1 => Just(Op::AgentClose),
			1 => Just(Op::ProviderClose),
			1 => Just(Op::Finalize),
			2 => (1..4u64).prop_map(Op::Advance),
		]
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(200))]
		#[test]
		fn vouchers_are_never_paid_twice_and_value_is_conserved(ops in proptest::collection::vec(op(), 1..60)) {
			new_test_ext().execute_with(|| {
				mandate(100_000);
				open(1_000);
				let issuance = StableLedger::total_issuance();
				// What the latest accepted voucher owes, and the deposits made.
				let (mut owed, mut deposited) = (0u128, 1_000u128);
				for op in ops {
					let before = StableLedger::balance(&PROVIDER);
					let result = with_storage_layer(|| -> sp_runtime::DispatchResult {
						match op.clone() {
							Op::Claim { cumulative, nonce, forged } => {
								let signer = if forged { PROVIDER2 } else { AGENT };
								Channels::claim(signed(PROVIDER), 0, cumulative, nonce, voucher(signer, cumulative, nonce))
							}
							Op::TopUp(a) => Channels::top_up(signed(AGENT), 0, a),
							Op::AgentClose => Channels::close(signed(AGENT), 0),
							Op::ProviderClose => Channels::close(signed(PROVIDER), 0),
							Op::Finalize => Channels::finalize_close(signed(PROVIDER2), 0),
							Op::Advance(n) => { run_to(System::block_number() + n); Ok(()) }
						}
					});
					let paid = StableLedger::balance(&PROVIDER) - before;
					match (&op, result) {
						(Op::Claim { cumulative, forged, .. }, Ok(())) => {
							prop_assert!(!forged, "a forged voucher was accepted");
							prop_assert_eq!(paid, cumulative - owed, "only the increase is paid");
							owed = *cumulative;
						}
						(Op::TopUp(a), Ok(())) => deposited += a,
						_ => prop_assert_eq!(paid, 0),
					}
					prop_assert!(StableLedger::balance(&PROVIDER) == owed && owed <= deposited);
					prop_assert_eq!(StableLedger::total_issuance(), issuance);
					Channels::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
				}
				Ok(())
			})?;
		}
	}
}
