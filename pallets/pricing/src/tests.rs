use crate::{mock::*, pallet::*, ModelStatus};
use compute_ledger_primitives::{Modality, PriceCatalog, Tier, TokenPrice, TokenUsage};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_runtime::DispatchError;

fn text(input_eur: u128, output_eur: u128) -> TokenPrice<u128> {
	TokenPrice {
		modality: Modality::Text,
		input_per_million: input_eur * EUR,
		output_per_million: output_eur * EUR,
	}
}

fn image(output_eur: u128) -> TokenPrice<u128> {
	TokenPrice {
		modality: Modality::Image,
		input_per_million: 0,
		output_per_million: output_eur * EUR,
	}
}

fn prices(
	p: &[TokenPrice<u128>],
) -> BoundedVec<TokenPrice<u128>, frame_support::traits::ConstU32<4>> {
	p.to_vec().try_into().unwrap()
}

fn eurd() -> crate::CurrencySymbol {
	b"EURD".to_vec().try_into().unwrap()
}

fn name(s: &str) -> BoundedVec<u8, frame_support::traits::ConstU32<32>> {
	s.as_bytes().to_vec().try_into().unwrap()
}

fn register(who: u64, asset: u32, model: &str, tier: Tier) -> DispatchResultLike {
	Pricing::register_model(RuntimeOrigin::signed(who), asset, name(model), name("1.0"), tier)
}

type DispatchResultLike = frame_support::dispatch::DispatchResult;

fn publish(who: u64, model: u32, p: &[TokenPrice<u128>], from: Option<u64>) -> DispatchResultLike {
	Pricing::publish_card(RuntimeOrigin::signed(who), model, eurd(), prices(p), from)
}

fn usage(modality: Modality, tokens_in: u64, tokens_out: u64) -> TokenUsage {
	TokenUsage { modality, tokens_in, tokens_out }
}

fn check() {
	Pricing::do_try_state().expect("pricing try-state");
}

#[test]
fn a_provider_registers_models_on_its_own_asset() {
	new_test_ext().execute_with(|| {
		assert_ok!(register(PROVIDER, 0, "llama-70b", Tier::Premium));
		assert_ok!(register(PROVIDER, 0, "llama-8b", Tier::Economy));
		let model = Models::<Test>::get(0).unwrap();
		assert_eq!((model.provider, model.asset, model.tier), (PROVIDER, 0, Tier::Premium));
		assert_eq!(model.status, ModelStatus::Serving);
		assert_eq!(ModelsOf::<Test>::get(0).into_inner(), vec![0, 1]);
		System::assert_last_event(
			Event::ModelRegistered { model: 1, asset: 0, provider: PROVIDER, tier: Tier::Economy }
				.into(),
		);
		// The same name in another version is another model.
		assert_ok!(Pricing::register_model(
			RuntimeOrigin::signed(PROVIDER),
			0,
			name("llama-70b"),
			name("1.1"),
			Tier::Premium
		));
		check();
	});
}

#[test]
fn only_the_assets_owner_registers_and_only_once() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			register(OTHER_PROVIDER, 0, "m", Tier::Standard),
			Error::<Test>::NotAssetOwner
		);
		assert_noop!(register(TRADER, 0, "m", Tier::Standard), Error::<Test>::NotAssetOwner);
		assert_noop!(register(PROVIDER, 9, "m", Tier::Standard), Error::<Test>::UnknownAsset);
		assert_noop!(
			register(STRANGER, 0, "m", Tier::Standard),
			pallet_participants::Error::<Test>::NotAdmitted
		);
		assert_ok!(register(PROVIDER, 0, "m", Tier::Standard));
		assert_noop!(register(PROVIDER, 0, "m", Tier::Premium), Error::<Test>::ModelExists);
		for i in 1..4 {
			assert_ok!(register(PROVIDER, 0, &format!("m{i}"), Tier::Standard));
		}
		assert_noop!(register(PROVIDER, 0, "m9", Tier::Standard), Error::<Test>::TooManyModels);
		// A suspended provider registers nothing.
		assert_ok!(Participants::suspend(RuntimeOrigin::root(), OTHER_PROVIDER, 1));
		assert_noop!(
			register(OTHER_PROVIDER, 1, "m", Tier::Standard),
			pallet_participants::Error::<Test>::NotActive
		);
		check();
	});
}

#[test]
fn cards_fit_their_tier_and_name_a_known_currency() {
	new_test_ext().execute_with(|| {
		assert_ok!(register(PROVIDER, 0, "big", Tier::Premium));
		assert_ok!(register(PROVIDER, 0, "free", Tier::Free));
		// Premium: 10–50 EUR per million output tokens; input at most 50.
		assert_noop!(publish(PROVIDER, 0, &[text(3, 9)], None), Error::<Test>::OutsideTierBounds);
		assert_noop!(publish(PROVIDER, 0, &[text(3, 51)], None), Error::<Test>::OutsideTierBounds);
		assert_noop!(publish(PROVIDER, 0, &[text(60, 15)], None), Error::<Test>::OutsideTierBounds);
		assert_noop!(
			publish(PROVIDER, 0, &[text(3, 15), image(5)], None),
			Error::<Test>::OutsideTierBounds
		);
		assert_noop!(publish(PROVIDER, 1, &[text(0, 1)], None), Error::<Test>::OutsideTierBounds);
		assert_noop!(publish(PROVIDER, 0, &[], None), Error::<Test>::NoPrices);
		assert_noop!(
			publish(PROVIDER, 0, &[text(3, 15), text(3, 20)], None),
			Error::<Test>::DuplicateModality
		);
		assert_noop!(
			Pricing::publish_card(
				RuntimeOrigin::signed(PROVIDER),
				0,
				b"USDX".to_vec().try_into().unwrap(),
				prices(&[text(3, 15)]),
				None
			),
			Error::<Test>::UnknownCurrency
		);
		assert_ok!(publish(PROVIDER, 0, &[text(3, 15), image(40)], None));
		assert_ok!(publish(PROVIDER, 1, &[text(0, 0)], None));
		let card = Cards::<Test>::get(0, 0).unwrap();
		assert_eq!((card.valid_from, card.published_at), (1, 1));
		assert_eq!(card.currency.into_inner(), b"EURD".to_vec());
		System::assert_last_event(Event::CardPublished { model: 1, card: 0, valid_from: 1 }.into());
		check();
	});
}

#[test]
fn only_the_provider_publishes_and_not_on_a_retired_model() {
	new_test_ext().execute_with(|| {
		assert_ok!(register(PROVIDER, 0, "m", Tier::Standard));
		assert_noop!(publish(OTHER_PROVIDER, 0, &[text(1, 2)], None), Error::<Test>::NotProvider);
		assert_noop!(publish(PROVIDER, 5, &[text(1, 2)], None), Error::<Test>::UnknownModel);
		assert_noop!(
			publish(STRANGER, 0, &[text(1, 2)], None),
			pallet_participants::Error::<Test>::NotAdmitted
		);
		assert_noop!(
			Pricing::retire_model(RuntimeOrigin::signed(OTHER_PROVIDER), 0),
			Error::<Test>::NotProvider
		);
		assert_ok!(publish(PROVIDER, 0, &[text(1, 2)], None));
		assert_ok!(Pricing::retire_model(RuntimeOrigin::signed(PROVIDER), 0));
		assert_eq!(Models::<Test>::get(0).unwrap().status, ModelStatus::Retired);
		assert_noop!(
			Pricing::retire_model(RuntimeOrigin::signed(PROVIDER), 0),
			Error::<Test>::ModelRetired
		);
		run_to(5);
		assert_noop!(publish(PROVIDER, 0, &[text(1, 3)], None), Error::<Test>::ModelRetired);
		// Its card stays: past payments are still priced.
		assert_eq!(Pricing::card_index_at(0, 5), Some(0));
		check();
	});
}

#[test]
fn history_is_ordered_and_the_card_in_force_is_found_at_any_block() {
	new_test_ext().execute_with(|| {
		assert_ok!(register(PROVIDER, 0, "m", Tier::Standard));
		assert_eq!(Pricing::card_index_at(0, 1), None);
		assert_ok!(publish(PROVIDER, 0, &[text(1, 2)], None));
		assert_ok!(publish(PROVIDER, 0, &[text(1, 3)], Some(10)));
		// Not in the past, and strictly after the previous card.
		assert_noop!(
			publish(PROVIDER, 0, &[text(1, 4)], Some(10)),
			Error::<Test>::CardNotAfterPrevious
		);
		assert_noop!(
			publish(PROVIDER, 0, &[text(1, 4)], Some(9)),
			Error::<Test>::CardNotAfterPrevious
		);
		run_to(12);
		assert_noop!(publish(PROVIDER, 0, &[text(1, 4)], Some(11)), Error::<Test>::CardInPast);
		assert_ok!(publish(PROVIDER, 0, &[text(1, 4)], None));
		assert_ok!(publish(PROVIDER, 0, &[text(1, 5)], Some(30)));
		assert_ok!(publish(PROVIDER, 0, &[text(1, 6)], Some(31)));
		assert_noop!(publish(PROVIDER, 0, &[text(1, 7)], Some(40)), Error::<Test>::TooManyCards);
		let expected = [
			(0, None),
			(1, Some(0)),
			(9, Some(0)),
			(10, Some(1)),
			(11, Some(1)),
			(12, Some(2)),
			(29, Some(2)),
			(30, Some(3)),
			(31, Some(4)),
			(1_000, Some(4)),
		];
		for (block, card) in expected {
			assert_eq!(Pricing::card_index_at(0, block), card, "at block {block}");
			assert_eq!(<Pricing as PriceCatalog<u64, u128, u64>>::card_at(0, block), card);
		}
		assert_eq!(Pricing::card_index_at(7, 10), None, "an unknown model has no card");
		check();
	});
}

#[test]
fn a_usage_costs_its_tokens_at_the_card_in_force() {
	new_test_ext().execute_with(|| {
		assert_ok!(register(PROVIDER, 0, "big", Tier::Premium));
		assert_ok!(publish(PROVIDER, 0, &[text(3, 15), image(40)], None));
		assert_ok!(publish(PROVIDER, 0, &[text(3, 20)], Some(10)));
		let used =
			[usage(Modality::Text, 2_000_000, 1_000_000), usage(Modality::Image, 0, 500_000)];
		// 2 × 3 + 1 × 15 + 0.5 × 40 = 41 EUR at the first card.
		assert_eq!(Pricing::quote(0, 5, &used), Ok((0, 41 * EUR)));
		// The second card prices no image tokens.
		assert_eq!(Pricing::quote(0, 10, &used), Err(Error::<Test>::ModalityNotPriced.into()));
		assert_eq!(Pricing::quote(0, 10, &used[..1]), Ok((1, 26 * EUR)));
		assert_eq!(<Pricing as PriceCatalog<u64, u128, u64>>::cost(0, 1, &used[..1]), Ok(26 * EUR));
		assert_eq!(Pricing::cost(0, 2, &used), Err(Error::<Test>::UnknownCard.into()));
		assert_eq!(Pricing::quote(3, 5, &used), Err(Error::<Test>::UnknownModel.into()));
		assert_ok!(register(PROVIDER, 0, "unpriced", Tier::Premium));
		assert_eq!(Pricing::quote(1, 5, &used), Err(Error::<Test>::NoCardInForce.into()));
		assert_eq!(<Pricing as PriceCatalog<u64, u128, u64>>::provider(0), Some(PROVIDER));
		assert_eq!(<Pricing as PriceCatalog<u64, u128, u64>>::provider(9), None);
	});
}

#[test]
fn governance_sets_tier_ranges_and_nobody_else() {
	new_test_ext().execute_with(|| {
		for who in [PROVIDER, TRADER, REGULATOR] {
			assert_noop!(
				Pricing::set_tier_bounds(RuntimeOrigin::signed(who), Tier::Free, None),
				DispatchError::BadOrigin
			);
		}
		assert_noop!(
			Pricing::set_tier_bounds(
				RuntimeOrigin::signed(GOVERNANCE),
				Tier::Standard,
				Some(bounds(500, 100))
			),
			Error::<Test>::InvalidBounds
		);
		assert_ok!(register(PROVIDER, 0, "m", Tier::Standard));
		assert_ok!(publish(PROVIDER, 0, &[text(1, 2)], None));
		// Standard narrows to 5–10 EUR: the card in force stands, a new one must fit.
		assert_ok!(Pricing::set_tier_bounds(
			RuntimeOrigin::signed(GOVERNANCE),
			Tier::Standard,
			Some(bounds(500, 1_000))
		));
		System::assert_last_event(
			Event::TierBoundsSet { tier: Tier::Standard, bounds: Some(bounds(500, 1_000)) }.into(),
		);
		assert_eq!(Pricing::card_index_at(0, 1), Some(0));
		run_to(2);
		assert_noop!(publish(PROVIDER, 0, &[text(1, 2)], None), Error::<Test>::OutsideTierBounds);
		assert_ok!(publish(PROVIDER, 0, &[text(1, 6)], None));
		// Without a range the tier admits any price.
		assert_ok!(Pricing::set_tier_bounds(
			RuntimeOrigin::signed(GOVERNANCE),
			Tier::Standard,
			None
		));
		assert!(TierBounds::<Test>::get(Tier::Standard).is_none());
		run_to(3);
		assert_ok!(publish(PROVIDER, 0, &[text(1, 900)], None));
		check();
	});
}
