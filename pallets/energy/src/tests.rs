use crate::{mock::*, pallet::Tariffs, Error, Event};
use compute_ledger_primitives::CurrencySymbol;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{traits::BadOrigin, DispatchError, Perbill};

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn symbol(s: &str) -> CurrencySymbol {
	s.as_bytes().to_vec().try_into().unwrap()
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

/// `price` EURD-units per kWh for `power`, in force from `from`, proposed and attested.
fn tariff(power: u32, price: u128, from: Option<u64>) {
	let owner = if power == GRID { OTHER_PRODUCER } else { PRODUCER };
	assert_ok!(Energy::propose_tariff(signed(owner), power, symbol("EURD"), price, from));
	let index = Tariffs::<Test>::get(power).len() as u32 - 1;
	assert_ok!(Energy::attest_tariff(signed(AUDITOR), power, index));
}

fn check() {
	Energy::do_try_state().expect("tariff histories hold");
}

#[test]
fn the_owner_proposes_a_tariff_and_only_a_trusted_power_auditor_attests_it() {
	new_test_ext().execute_with(|| {
		let eurd = || symbol("EURD");
		assert_noop!(
			Energy::propose_tariff(RuntimeOrigin::root(), SOLAR, eurd(), 1, None),
			BadOrigin
		);
		assert_noop!(
			Energy::propose_tariff(signed(STRANGER), SOLAR, eurd(), 1, None),
			pallet_participants::Error::<Test>::NotAdmitted
		);
		assert_noop!(
			Energy::propose_tariff(signed(OTHER_PRODUCER), SOLAR, eurd(), 1, None),
			Error::<Test>::NotAssetOwner
		);
		assert_noop!(
			Energy::propose_tariff(signed(PRODUCER), CLUSTER, eurd(), 1, None),
			Error::<Test>::UnknownPowerAsset
		);
		assert_noop!(
			Energy::propose_tariff(signed(PRODUCER), SOLAR, symbol("XAU"), 1, None),
			Error::<Test>::UnknownCurrency
		);
		run_to(5);
		assert_noop!(
			Energy::propose_tariff(signed(PRODUCER), SOLAR, eurd(), 1, Some(4)),
			Error::<Test>::TariffInPast
		);
		// 0.08 EURD per kWh from block 8.
		assert_ok!(Energy::propose_tariff(signed(PRODUCER), SOLAR, eurd(), 80_000, Some(8)));
		assert_eq!(
			last_event(),
			RuntimeEvent::Energy(Event::TariffProposed {
				power: SOLAR,
				index: 0,
				currency: eurd(),
				price_per_kwh: 80_000,
				valid_from: 8
			})
		);
		// Not attested: not in force.
		run_to(9);
		assert_eq!(Energy::tariff_at(SOLAR, 9), None);
		assert_noop!(
			Energy::attest_tariff(signed(TRADER), SOLAR, 0),
			pallet_participants::Error::<Test>::MissingRole
		);
		assert_noop!(
			Energy::attest_tariff(signed(COMPUTE_AUDITOR), SOLAR, 0),
			Error::<Test>::NotTrustedAuditor
		);
		assert_noop!(
			Energy::attest_tariff(signed(AUDITOR), SOLAR, 1),
			Error::<Test>::UnknownTariff
		);
		assert_noop!(
			Energy::attest_tariff(signed(AUDITOR), 77, 0),
			Error::<Test>::UnknownPowerAsset
		);
		assert_noop!(Energy::attest_tariff(RuntimeOrigin::root(), SOLAR, 0), BadOrigin);
		// Attested after its block: in force from now, never for the blocks before.
		assert_ok!(Energy::attest_tariff(signed(AUDITOR), SOLAR, 0));
		assert_eq!(
			last_event(),
			RuntimeEvent::Energy(Event::TariffAttested {
				power: SOLAR,
				index: 0,
				auditor: AUDITOR,
				valid_from: 9
			})
		);
		assert_eq!(Energy::tariff_at(SOLAR, 8), None);
		assert_eq!(Energy::tariff_at(SOLAR, 9), Some((eurd(), 80_000)));
		assert_noop!(
			Energy::attest_tariff(signed(AUDITOR), SOLAR, 0),
			Error::<Test>::AlreadyAttested
		);
		check();
	});
}

#[test]
fn tariffs_keep_their_history_and_a_pending_one_gives_way() {
	new_test_ext().execute_with(|| {
		let eurd = || symbol("EURD");
		tariff(SOLAR, 80_000, None);
		assert_noop!(
			Energy::propose_tariff(signed(PRODUCER), SOLAR, eurd(), 90_000, Some(1)),
			Error::<Test>::TariffNotAfterPrevious
		);
		assert_ok!(Energy::propose_tariff(signed(PRODUCER), SOLAR, eurd(), 90_000, Some(20)));
		// A new proposal replaces the one still awaiting attestation.
		assert_ok!(Energy::propose_tariff(signed(PRODUCER), SOLAR, eurd(), 95_000, Some(30)));
		assert_eq!(Tariffs::<Test>::get(SOLAR).len(), 2);
		assert_ok!(Energy::attest_tariff(signed(AUDITOR), SOLAR, 1));
		assert_eq!(Energy::tariff_at(SOLAR, 29), Some((eurd(), 80_000)));
		assert_eq!(Energy::tariff_at(SOLAR, 30), Some((eurd(), 95_000)));
		assert_eq!(Energy::tariff_at(SOLAR, 1_000), Some((eurd(), 95_000)));
		tariff(SOLAR, 70_000, Some(40));
		tariff(SOLAR, 60_000, Some(50));
		// MaxTariffs is 4.
		assert_noop!(
			Energy::propose_tariff(signed(PRODUCER), SOLAR, eurd(), 1, Some(60)),
			Error::<Test>::TooManyTariffs
		);
		assert_eq!(Energy::tariff_at(SOLAR, 45), Some((eurd(), 70_000)));
		check();
	});
}

#[test]
fn an_epochs_energy_is_priced_at_the_kw_weighted_tariffs_in_force_at_its_end() {
	new_test_ext().execute_with(|| {
		// Solar 0.06 EURD/kWh supplying 300 kW, wind 0.09 supplying 100 kW: 0.0675 per kWh.
		tariff(SOLAR, 60_000, None);
		tariff(WIND, 90_000, None);
		// Epoch 0 (blocks 0–9): 400 kWh, 2 million output tokens.
		MockMetered::finalise(0, 2_000_000, 400, vec![(SOLAR, 300), (WIND, 100)]);
		let cost = Energy::energy_cost(CLUSTER, 0).unwrap();
		assert_eq!(cost.currency, symbol("EURD"));
		assert_eq!(cost.tariff_per_kwh, 67_500);
		// 400 kWh × 0.0675 = 27 EURD; per million tokens 13.5 EURD; at a 70 % power share
		// the floor is 13.5 ÷ 0.7 = 19.285714… EURD, rounded up to the smallest unit.
		assert_eq!(cost.energy_cost, 27 * EUR);
		assert_eq!(cost.cost_per_million, 13_500_000);
		assert_eq!(cost.power_share, Perbill::from_percent(70));
		assert_eq!(cost.floor_per_million, 19_285_715);
		assert_eq!((cost.tokens_out, cost.energy_kwh), (2_000_000, 400));

		// A dearer solar tariff from block 15 prices epoch 1 (ends at 19), not epoch 0.
		tariff(SOLAR, 120_000, Some(15));
		MockMetered::finalise(1, 2_000_000, 400, vec![(SOLAR, 300), (WIND, 100)]);
		assert_eq!(Energy::energy_cost(CLUSTER, 0).unwrap().cost_per_million, 13_500_000);
		// (300 × 0.12 + 100 × 0.09) ÷ 400 = 0.1125 per kWh: 45 EURD, 22.5 per million.
		assert_eq!(Energy::energy_cost(CLUSTER, 1).unwrap().cost_per_million, 22_500_000);

		// Governance's share moves the floor, not the cost.
		assert_noop!(
			Energy::set_power_share(signed(PRODUCER), Perbill::from_percent(50)),
			BadOrigin
		);
		assert_noop!(
			Energy::set_power_share(signed(GOVERNANCE), Perbill::zero()),
			Error::<Test>::InvalidPowerShare
		);
		assert_ok!(Energy::set_power_share(signed(GOVERNANCE), Perbill::from_percent(50)));
		assert_eq!(
			last_event(),
			RuntimeEvent::Energy(Event::PowerShareSet { share: Perbill::from_percent(50) })
		);
		let cost = Energy::energy_cost(CLUSTER, 0).unwrap();
		assert_eq!((cost.cost_per_million, cost.floor_per_million), (13_500_000, 27_000_000));
		check();
	});
}

#[test]
fn an_epoch_without_final_output_or_attested_tariffs_has_no_energy_cost() {
	new_test_ext().execute_with(|| {
		let err = |e: Error<Test>| Err::<crate::EnergyCost<u128>, _>(DispatchError::from(e));
		assert_eq!(Energy::energy_cost(CLUSTER, 0), err(Error::<Test>::NotFinal));
		MockMetered::finalise(0, 0, 10, vec![(SOLAR, 100)]);
		assert_eq!(Energy::energy_cost(CLUSTER, 0), err(Error::<Test>::NoOutput));
		MockMetered::finalise(0, 1_000, 10, vec![]);
		assert_eq!(Energy::energy_cost(CLUSTER, 0), err(Error::<Test>::NoPowerSupply));
		MockMetered::finalise(0, 1_000, 10, vec![(SOLAR, 100), (GRID, 100)]);
		tariff(SOLAR, 60_000, None);
		// GRID's tariff is proposed but not attested.
		assert_ok!(Energy::propose_tariff(
			signed(OTHER_PRODUCER),
			GRID,
			symbol("USDX"),
			50_000,
			None
		));
		assert_eq!(Energy::energy_cost(CLUSTER, 0), err(Error::<Test>::NoTariff));
		assert_ok!(Energy::attest_tariff(signed(AUDITOR), GRID, 0));
		assert_eq!(Energy::energy_cost(CLUSTER, 0), err(Error::<Test>::MixedCurrencies));
		// A tariff taking effect after the epoch's end does not price it.
		tariff(WIND, 1, Some(10));
		MockMetered::finalise(0, 1_000, 10, vec![(WIND, 100)]);
		assert_eq!(Energy::energy_cost(CLUSTER, 0), err(Error::<Test>::NoTariff));
		check();
	});
}
