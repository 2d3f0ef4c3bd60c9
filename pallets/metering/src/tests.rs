use crate::{
	mock::*,
	pallet::{CountedRoots, Epochs, Error, Event},
	types::ReportStatus,
};
use compute_ledger_primitives::{AssetClass, EnergySource, MeterReport, MeteredOutput, Role};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_core::H256;
use sp_runtime::{traits::BadOrigin, Perbill};

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn ops(list: &[u64]) -> BoundedVec<u64, frame_support::traits::ConstU32<3>> {
	list.to_vec().try_into().unwrap()
}

fn report(root: u8) -> MeterReport {
	MeterReport {
		tokens_in: 2_000_000,
		tokens_out: 9_000_000,
		energy_kwh: 120,
		gpu_hours: 800,
		records: 4,
		records_root: H256::repeat_byte(root),
	}
}

/// Two of three operators must agree; epoch 0 ends at block 10.
fn bound_with_quorum_two() {
	assert_ok!(Metering::bind_operators(signed(OWNER), ASSET, ops(&[OP1, OP2, OP3]), 2));
	System::set_block_number(EPOCH + 1);
}

#[test]
fn binding_needs_the_owner_an_active_asset_and_real_operators() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Metering::bind_operators(signed(TRADER), ASSET, ops(&[OP1]), 1),
			Error::<Test>::NotAssetOwner
		);
		assert_noop!(
			Metering::bind_operators(RuntimeOrigin::root(), ASSET, ops(&[OP1]), 1),
			BadOrigin
		);
		assert_noop!(
			Metering::bind_operators(signed(OWNER), ASSET, ops(&[OP1, TRADER]), 1),
			Error::<Test>::NotMeterOperator
		);
		assert_noop!(
			Metering::bind_operators(signed(OWNER), ASSET, ops(&[OP1, OP1]), 1),
			Error::<Test>::DuplicateOperator
		);
		assert_noop!(
			Metering::bind_operators(signed(OWNER), ASSET, ops(&[OP1, OP2]), 3),
			Error::<Test>::InvalidQuorum
		);
		assert_noop!(
			Metering::bind_operators(signed(OWNER), ASSET, ops(&[OP1]), 0),
			Error::<Test>::InvalidQuorum
		);
		MockAssets::deactivate(ASSET);
		assert_noop!(
			Metering::bind_operators(signed(OWNER), ASSET, ops(&[OP1]), 1),
			Error::<Test>::AssetNotActive
		);
	});
}

#[test]
fn quorum_agreement_then_window_then_final() {
	new_test_ext().execute_with(|| {
		bound_with_quorum_two();
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 0, report(1)));
		assert_eq!(Metering::effective_status(ASSET, 0), ReportStatus::Collecting);
		assert_noop!(
			Metering::submit_report(signed(OP1), ASSET, 0, report(1)),
			Error::<Test>::AlreadyReported
		);
		assert_ok!(Metering::submit_report(signed(OP2), ASSET, 0, report(1)));
		System::assert_last_event(
			Event::ReportAgreed { asset: ASSET, epoch: 0, report: report(1) }.into(),
		);
		assert_eq!(Metering::effective_status(ASSET, 0), ReportStatus::Agreed);
		assert_eq!(Metering::final_tokens_out(ASSET, 0), None, "not final inside the window");
		assert_noop!(
			Metering::submit_report(signed(OP3), ASSET, 0, report(1)),
			Error::<Test>::EpochClosed
		);
		System::set_block_number(EPOCH + 1 + 5);
		assert_eq!(Metering::effective_status(ASSET, 0), ReportStatus::Final);
		assert_eq!(Metering::final_tokens_out(ASSET, 0), Some(9_000_000));
		assert_eq!(Metering::tokens_per_kwh(&report(1)), 75_000);
		assert_eq!(Metering::gpu_utilisation(ASSET, &report(1)), Perbill::from_percent(80));
		Metering::do_try_state().unwrap();
	});
}

#[test]
fn disagreeing_operators_contest_the_epoch() {
	new_test_ext().execute_with(|| {
		bound_with_quorum_two();
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 0, report(1)));
		let mut other = report(1);
		other.tokens_out += 1;
		assert_ok!(Metering::submit_report(signed(OP2), ASSET, 0, other));
		System::assert_last_event(Event::EpochContested { asset: ASSET, epoch: 0 }.into());
		assert_eq!(Metering::effective_status(ASSET, 0), ReportStatus::Contested);
		System::set_block_number(100);
		assert_eq!(Metering::final_tokens_out(ASSET, 0), None);
	});
}

#[test]
fn implausible_reports_are_refused_with_named_errors() {
	new_test_ext().execute_with(|| {
		assert_ok!(Metering::bind_operators(signed(OWNER), ASSET, ops(&[OP1, OP2]), 1));
		assert_noop!(
			Metering::submit_report(signed(OP1), ASSET, 0, report(1)),
			Error::<Test>::EpochNotOver
		);
		System::set_block_number(EPOCH + 1);
		assert_noop!(
			Metering::submit_report(signed(OP1), ASSET, 5, report(1)),
			Error::<Test>::EpochNotOver
		);
		let mut r = report(1);
		r.gpu_hours = 1_001;
		assert_noop!(
			Metering::submit_report(signed(OP1), ASSET, 0, r),
			Error::<Test>::GpuHoursAboveCapacity
		);
		let mut r = report(1);
		r.energy_kwh = 151;
		assert_noop!(
			Metering::submit_report(signed(OP1), ASSET, 0, r),
			Error::<Test>::EnergyAboveAllocation
		);
		let mut r = report(1);
		r.records = 0;
		assert_noop!(Metering::submit_report(signed(OP1), ASSET, 0, r), Error::<Test>::EmptyReport);
		assert_noop!(
			Metering::submit_report(signed(OP3), ASSET, 0, report(1)),
			Error::<Test>::NotBoundOperator
		);
		assert_noop!(
			Metering::submit_report(signed(TRADER), ASSET, 0, report(1)),
			pallet_participants::Error::<Test>::MissingRole
		);
		MockAssets::deactivate(ASSET);
		assert_noop!(
			Metering::submit_report(signed(OP1), ASSET, 0, report(1)),
			Error::<Test>::AssetNotActive
		);
	});
}

#[test]
fn a_usage_record_root_is_counted_once() {
	new_test_ext().execute_with(|| {
		assert_ok!(Metering::bind_operators(signed(OWNER), ASSET, ops(&[OP1]), 1));
		System::set_block_number(2 * EPOCH + 1);
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 0, report(1)));
		assert_eq!(CountedRoots::<Test>::get(ASSET, H256::repeat_byte(1)), Some(0));
		assert_noop!(
			Metering::submit_report(signed(OP1), ASSET, 1, report(1)),
			Error::<Test>::RecordsAlreadyCounted
		);
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 1, report(2)));
	});
}

#[test]
fn disputes_need_a_trusted_auditor_in_the_window_and_block_finality() {
	new_test_ext().execute_with(|| {
		bound_with_quorum_two();
		let evidence = H256::repeat_byte(9);
		assert_noop!(
			Metering::dispute(signed(AUDITOR), ASSET, 0, evidence),
			Error::<Test>::NotDisputable
		);
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 0, report(1)));
		assert_ok!(Metering::submit_report(signed(OP2), ASSET, 0, report(1)));
		assert_noop!(
			Metering::dispute(signed(TRADER), ASSET, 0, evidence),
			pallet_participants::Error::<Test>::MissingRole
		);
		assert_noop!(Metering::resolve(signed(AUDITOR), ASSET, 0, true), BadOrigin);
		assert_noop!(
			Metering::resolve(signed(OFFICER), ASSET, 0, true),
			Error::<Test>::NotDisputed
		);
		assert_ok!(Metering::dispute(signed(AUDITOR), ASSET, 0, evidence));
		System::set_block_number(100);
		assert_eq!(Metering::effective_status(ASSET, 0), ReportStatus::Disputed);
		assert_eq!(Metering::final_tokens_out(ASSET, 0), None, "a disputed report backs nothing");
		// Dismissed after the window: Final at once.
		assert_ok!(Metering::resolve(signed(OFFICER), ASSET, 0, false));
		assert_eq!(Metering::final_tokens_out(ASSET, 0), Some(9_000_000));
		assert_noop!(
			Metering::dispute(signed(AUDITOR), ASSET, 0, evidence),
			Error::<Test>::NotDisputable
		);
	});
}

#[test]
fn an_upheld_dispute_rejects_the_report_for_good() {
	new_test_ext().execute_with(|| {
		assert_ok!(Metering::bind_operators(signed(OWNER), ASSET, ops(&[OP1]), 1));
		System::set_block_number(EPOCH + 1);
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 0, report(1)));
		assert_ok!(Metering::dispute(signed(AUDITOR), ASSET, 0, H256::zero()));
		assert_ok!(Metering::resolve(signed(OFFICER), ASSET, 0, true));
		System::assert_last_event(Event::ReportRejected { asset: ASSET, epoch: 0 }.into());
		System::set_block_number(100);
		assert_eq!(Epochs::<Test>::get((ASSET, 0)).status, ReportStatus::Rejected);
		assert_eq!(Metering::final_tokens_out(ASSET, 0), None);
		Metering::do_try_state().unwrap();
	});
}

#[test]
fn inclusion_proofs_check_usage_records_against_the_agreed_root() {
	use sp_runtime::traits::BlakeTwo256;
	new_test_ext().execute_with(|| {
		let records: Vec<Vec<u8>> =
			(0..4u8).map(|i| format!("request-{i}:tokens=1000").into_bytes()).collect();
		let root = binary_merkle_tree::merkle_root::<BlakeTwo256, _>(records.iter());
		let mut r = report(0);
		r.records_root = root;
		assert_ok!(Metering::bind_operators(signed(OWNER), ASSET, ops(&[OP1]), 1));
		System::set_block_number(EPOCH + 1);
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 0, r));
		let proof = binary_merkle_tree::merkle_proof::<BlakeTwo256, _, _>(records.iter(), 2);
		assert!(Metering::verify_usage_record(
			ASSET,
			0,
			records[2].clone(),
			proof.proof.clone(),
			2
		));
		assert!(!Metering::verify_usage_record(
			ASSET,
			0,
			records[1].clone(),
			proof.proof.clone(),
			2
		));
		assert!(!Metering::verify_usage_record(ASSET, 0, b"forged".to_vec(), proof.proof, 2));
		assert!(!Metering::verify_usage_record(ASSET, 1, records[2].clone(), vec![], 2));
	});
}

/// The owner cannot meter its own asset, and governance's minimum quorum holds for new and
/// existing bindings alike.
#[test]
fn owners_do_not_meter_themselves_and_the_minimum_quorum_holds() {
	new_test_ext().execute_with(|| {
		assert_ok!(Participants::update_roles(
			RuntimeOrigin::root(),
			OWNER,
			[Role::AssetOwner, Role::MeterOperator].into()
		));
		assert_noop!(
			Metering::bind_operators(signed(OWNER), ASSET, ops(&[OWNER, OP1]), 1),
			Error::<Test>::OwnerCannotOperate
		);
		assert_ok!(Metering::bind_operators(signed(OWNER), ASSET, ops(&[OP1, OP2]), 1));
		assert_noop!(
			Metering::set_min_quorum(signed(OWNER), AssetClass::ComputeCapacity, 2),
			BadOrigin
		);
		assert_noop!(
			Metering::set_min_quorum(RuntimeOrigin::root(), AssetClass::ComputeCapacity, 0),
			Error::<Test>::InvalidQuorum
		);
		assert_ok!(Metering::set_min_quorum(RuntimeOrigin::root(), AssetClass::ComputeCapacity, 2));
		assert_noop!(
			Metering::bind_operators(signed(OWNER), ASSET, ops(&[OP1, OP2]), 1),
			Error::<Test>::QuorumBelowMinimum
		);
		// The binding made before the minimum now needs two reports too.
		System::set_block_number(EPOCH + 1);
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 0, report(1)));
		assert_eq!(Epochs::<Test>::get((ASSET, 0)).status, ReportStatus::Collecting);
		assert_ok!(Metering::submit_report(signed(OP2), ASSET, 0, report(1)));
		assert_eq!(Epochs::<Test>::get((ASSET, 0)).status, ReportStatus::Agreed);
	});
}

/// Output is bounded by the GPU-hours reported times the ceiling governance sets.
#[test]
fn output_above_the_ceiling_is_refused() {
	new_test_ext().execute_with(|| {
		assert_ok!(Metering::bind_operators(signed(OWNER), ASSET, ops(&[OP1]), 1));
		System::set_block_number(EPOCH + 1);
		assert_noop!(Metering::set_output_ceiling(signed(OWNER), 1), BadOrigin);
		// 9_000_000 tokens from 800 GPU-hours is 11_250 a GPU-hour.
		assert_ok!(Metering::set_output_ceiling(RuntimeOrigin::root(), 11_249));
		assert_noop!(
			Metering::submit_report(signed(OP1), ASSET, 0, report(1)),
			Error::<Test>::OutputAboveCeiling
		);
		let no_gpu = MeterReport { gpu_hours: 0, ..report(1) };
		assert_noop!(
			Metering::submit_report(signed(OP1), ASSET, 0, no_gpu),
			Error::<Test>::OutputAboveCeiling
		);
		assert_ok!(Metering::set_output_ceiling(RuntimeOrigin::root(), 11_250));
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 0, report(1)));
	});
}

/// Roots are counted per asset: another asset's report of the same root blocks nothing.
#[test]
fn another_assets_root_never_blocks_an_epoch() {
	new_test_ext().execute_with(|| {
		assert_ok!(Metering::bind_operators(signed(OWNER), ASSET, ops(&[OP1]), 1));
		System::set_block_number(EPOCH + 1);
		// An attacker's asset counted root 1 first.
		CountedRoots::<Test>::insert(ASSET + 7, H256::repeat_byte(1), 0);
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 0, report(1)));
		assert_eq!(CountedRoots::<Test>::get(ASSET, H256::repeat_byte(1)), Some(0));
	});
}

/// A Contested epoch is not stuck for ever: the resolver re-opens it, and a rejected
/// report's records are released for a corrected one.
#[test]
fn the_resolver_reopens_contested_and_rejected_epochs() {
	new_test_ext().execute_with(|| {
		bound_with_quorum_two();
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 0, report(1)));
		assert_ok!(Metering::submit_report(signed(OP2), ASSET, 0, report(2)));
		assert_eq!(Epochs::<Test>::get((ASSET, 0)).status, ReportStatus::Contested);
		assert_noop!(Metering::reopen(signed(OWNER), ASSET, 0), BadOrigin);
		assert_noop!(Metering::reopen(signed(OFFICER), ASSET, 1), Error::<Test>::NotReopenable);
		assert_ok!(Metering::reopen(signed(OFFICER), ASSET, 0));
		System::assert_last_event(Event::EpochReopened { asset: ASSET, epoch: 0 }.into());
		assert_eq!(Epochs::<Test>::get((ASSET, 0)).status, ReportStatus::Collecting);
		Metering::do_try_state().unwrap();
		// Everyone reports again; this time they agree.
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 0, report(3)));
		assert_ok!(Metering::submit_report(signed(OP2), ASSET, 0, report(3)));
		assert_eq!(Epochs::<Test>::get((ASSET, 0)).status, ReportStatus::Agreed);
		// An upheld dispute releases the root; a re-opened epoch can report it again.
		assert_noop!(Metering::reopen(signed(OFFICER), ASSET, 0), Error::<Test>::NotReopenable);
		assert_ok!(Metering::dispute(signed(AUDITOR), ASSET, 0, H256::zero()));
		assert_ok!(Metering::resolve(signed(OFFICER), ASSET, 0, true));
		assert_eq!(CountedRoots::<Test>::get(ASSET, H256::repeat_byte(3)), None);
		Metering::do_try_state().unwrap();
		assert_ok!(Metering::reopen(signed(OFFICER), ASSET, 0));
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 0, report(4)));
		assert_ok!(Metering::submit_report(signed(OP3), ASSET, 0, report(4)));
		assert_eq!(Metering::epoch_report(ASSET, 0).status, ReportStatus::Agreed);
		Metering::do_try_state().unwrap();
	});
}

/// The energy mix and power supply of an epoch are the ones at agreement: re-allocating power
/// later rewrites neither the provenance of the output already metered nor its energy's price.
#[test]
fn the_energy_mix_and_power_supply_are_snapshotted_at_agreement() {
	new_test_ext().execute_with(|| {
		assert_ok!(Metering::bind_operators(signed(OWNER), ASSET, ops(&[OP1]), 1));
		System::set_block_number(EPOCH + 1);
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 0, report(1)));
		MockAssets::set(
			ASSET,
			MockAsset {
				owner: OWNER,
				active: true,
				gpu_hours: 1_000,
				gpu_count: 1_000,
				activated_at: Some(0),
				mix: vec![(EnergySource::Coal, 150)],
				supply: vec![(12, 150)],
			},
		);
		let agreed = vec![(EnergySource::Solar, 100), (EnergySource::Wind, 50)];
		assert_eq!(Metering::epoch_report(ASSET, 0).energy_mix, agreed);
		System::set_block_number(100);
		let output = Metering::final_output(ASSET, 0).unwrap();
		assert_eq!(output.energy_mix, agreed);
		// So are the power assets that supplied it, which price its energy, and the epoch's
		// last block, whose tariffs do.
		assert_eq!(output.power_supply, vec![(10, 100), (11, 50)]);
		assert_eq!(output.energy_kwh, report(1).energy_kwh);
		assert_eq!(output.last_block, EPOCH - 1);
		// An epoch not agreed yet shows the asset's mix and supply as they are.
		assert_eq!(Metering::epoch_report(ASSET, 1).energy_mix, vec![(EnergySource::Coal, 150)]);
		assert_eq!(Metering::power_supply_of(ASSET, 1), vec![(12, 150)]);
	});
}

#[test]
fn epochs_that_ended_before_activation_back_nothing() {
	new_test_ext().execute_with(|| {
		// The asset became Active in block 25 (epoch 2): epochs 0 and 1 ended before it.
		MockAssets::update(ASSET, |a| a.activated_at = Some(2 * EPOCH + 5));
		assert_ok!(Metering::bind_operators(signed(OWNER), ASSET, ops(&[OP1]), 1));
		System::set_block_number(3 * EPOCH + 1);
		for epoch in [0, 1] {
			assert_noop!(
				Metering::submit_report(signed(OP1), ASSET, epoch, report(1)),
				Error::<Test>::EpochBeforeActivation
			);
		}
		// The epoch it was activated in counts: it had part of its output after activation.
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 2, report(1)));
	});
}

#[test]
fn gpu_hours_are_bounded_by_the_attested_gpus_running_the_whole_epoch() {
	new_test_ext().execute_with(|| {
		// 500 GPUs for a one-hour epoch: 500 GPU-hours, though 1 000 are declared.
		MockAssets::update(ASSET, |a| a.gpu_count = 500);
		assert_eq!(Metering::max_gpu_hours(ASSET), 500);
		bound_with_quorum_two();
		let mut r = report(1);
		r.gpu_hours = 501;
		assert_noop!(
			Metering::submit_report(signed(OP1), ASSET, 0, r),
			Error::<Test>::GpuHoursAboveCapacity
		);
		r.gpu_hours = 500;
		assert_ok!(Metering::submit_report(signed(OP1), ASSET, 0, r));
		// A part of a GPU-hour rounds up: one GPU on a one-hour epoch, or on a shorter one.
		MockAssets::update(ASSET, |a| a.gpu_count = 1);
		assert_eq!(Metering::max_gpu_hours(ASSET), 1);
	});
}
