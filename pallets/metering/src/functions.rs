//! Metering logic. Every `do_*` checks everything before it writes anything.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use compute_ledger_primitives::{
	AssetClass, AssetId, AuditorTrust, ComputeAssetInspect, Epoch, FinalOutput, MeterReport,
	MeteredOutput, ParticipantRegistry, Role,
};
use frame_support::{ensure, pallet_prelude::*, BoundedVec};
use frame_system::pallet_prelude::*;
use sp_core::H256;
use sp_runtime::{
	traits::{BlakeTwo256, Saturating, UniqueSaturatedInto},
	Perbill,
};

impl<T: Config> Pallet<T> {
	/// The epoch block `n` belongs to.
	pub fn epoch_at(n: BlockNumberFor<T>) -> Epoch {
		let len: u32 = T::EpochLength::get().unique_saturated_into();
		let n: u32 = n.unique_saturated_into();
		n / len.max(1)
	}

	/// The last block of `epoch`.
	pub fn last_block_of(epoch: Epoch) -> u64 {
		let len: u64 = T::EpochLength::get().unique_saturated_into();
		(u64::from(epoch) + 1).saturating_mul(len.max(1)) - 1
	}

	pub fn current_epoch() -> Epoch {
		Self::epoch_at(frame_system::Pallet::<T>::block_number())
	}

	/// kWh the asset's allocated power can deliver in one epoch.
	pub fn max_energy_kwh(asset: AssetId) -> u64 {
		let kw: u64 = T::Assets::energy_mix(asset).iter().map(|(_, kw)| *kw as u64).sum();
		kw.saturating_mul(T::EpochMillis::get()) / 3_600_000
	}

	pub fn do_bind_operators(
		owner: T::AccountId,
		asset: AssetId,
		operators: BoundedVec<T::AccountId, T::MaxOperators>,
		quorum: u32,
	) -> DispatchResult {
		ensure!(T::Assets::is_active_compute(asset), Error::<T>::AssetNotActive);
		ensure!(
			T::Assets::compute_owner(asset).as_ref() == Some(&owner),
			Error::<T>::NotAssetOwner
		);
		ensure!(quorum >= 1 && quorum as usize <= operators.len(), Error::<T>::InvalidQuorum);
		ensure!(quorum >= Self::min_quorum(), Error::<T>::QuorumBelowMinimum);
		// An owner metering its own asset would vouch for the output it mints claims on.
		ensure!(!operators.contains(&owner), Error::<T>::OwnerCannotOperate);
		for (i, op) in operators.iter().enumerate() {
			ensure!(!operators[..i].contains(op), Error::<T>::DuplicateOperator);
			ensure!(
				T::Participants::ensure_role(op, Role::MeterOperator).is_ok(),
				Error::<T>::NotMeterOperator
			);
		}
		Operators::<T>::insert(asset, OperatorSet { operators: operators.clone(), quorum });
		Self::deposit_event(Event::OperatorsBound { asset, operators, quorum });
		Ok(())
	}

	fn ensure_plausible(asset: AssetId, epoch: Epoch, report: &MeterReport) -> DispatchResult {
		ensure!(T::Assets::is_active_compute(asset), Error::<T>::AssetNotActive);
		ensure!(epoch < Self::current_epoch(), Error::<T>::EpochNotOver);
		if let Some(at) = T::Assets::activated_at(asset) {
			ensure!(
				epoch >= Self::epoch_at(at.unique_saturated_into()),
				Error::<T>::EpochBeforeActivation
			);
		}
		ensure!(report.records > 0 && report.tokens_out > 0, Error::<T>::EmptyReport);
		ensure!(report.gpu_hours <= Self::max_gpu_hours(asset), Error::<T>::GpuHoursAboveCapacity);
		ensure!(
			report.energy_kwh <= Self::max_energy_kwh(asset),
			Error::<T>::EnergyAboveAllocation
		);
		ensure!(
			report.tokens_out <= report.gpu_hours.saturating_mul(OutputCeiling::<T>::get()),
			Error::<T>::OutputAboveCeiling
		);
		if let Some(used) = CountedRoots::<T>::get(asset, report.records_root) {
			ensure!(used == epoch, Error::<T>::RecordsAlreadyCounted);
		}
		Ok(())
	}

	/// The fewest operators that must agree on a compute asset's report.
	pub fn min_quorum() -> u32 {
		MinQuorum::<T>::get(AssetClass::ComputeCapacity).unwrap_or(1).max(1)
	}

	pub fn do_reopen(asset: AssetId, epoch: Epoch) -> DispatchResult {
		let record = Epochs::<T>::get((asset, epoch));
		ensure!(
			matches!(record.status, ReportStatus::Contested | ReportStatus::Rejected),
			Error::<T>::NotReopenable
		);
		// At most `MaxOperators` submissions exist for one epoch: one per bound operator.
		let _ = Submissions::<T>::clear_prefix((asset, epoch), T::MaxOperators::get(), None);
		if let Some(report) = record.agreed {
			if CountedRoots::<T>::get(asset, report.records_root) == Some(epoch) {
				CountedRoots::<T>::remove(asset, report.records_root);
			}
		}
		Epochs::<T>::remove((asset, epoch));
		AgreedEnergyMix::<T>::remove((asset, epoch));
		AgreedPowerSupply::<T>::remove((asset, epoch));
		Self::deposit_event(Event::EpochReopened { asset, epoch });
		Ok(())
	}

	pub fn do_set_min_quorum(class: AssetClass, quorum: u32) -> DispatchResult {
		ensure!(quorum >= 1 && quorum <= T::MaxOperators::get(), Error::<T>::InvalidQuorum);
		MinQuorum::<T>::insert(class, quorum);
		Self::deposit_event(Event::MinQuorumSet { class, quorum });
		Ok(())
	}

	pub fn do_set_output_ceiling(tokens_per_gpu_hour: u64) -> DispatchResult {
		OutputCeiling::<T>::put(tokens_per_gpu_hour);
		Self::deposit_event(Event::OutputCeilingSet { tokens_per_gpu_hour });
		Ok(())
	}

	pub fn do_submit_report(
		operator: T::AccountId,
		asset: AssetId,
		epoch: Epoch,
		report: MeterReport,
	) -> DispatchResult {
		let set = Operators::<T>::get(asset).ok_or(Error::<T>::NotBoundOperator)?;
		ensure!(set.operators.contains(&operator), Error::<T>::NotBoundOperator);
		Self::ensure_plausible(asset, epoch, &report)?;
		ensure!(
			!Submissions::<T>::contains_key((asset, epoch), &operator),
			Error::<T>::AlreadyReported
		);
		let mut record = Epochs::<T>::get((asset, epoch));
		ensure!(record.status == ReportStatus::Collecting, Error::<T>::EpochClosed);

		Submissions::<T>::insert((asset, epoch), &operator, report);
		record.submissions = record.submissions.saturating_add(1);
		Self::deposit_event(Event::ReportSubmitted { asset, epoch, operator, report });

		let reports: Vec<MeterReport> =
			Submissions::<T>::iter_prefix_values((asset, epoch)).collect();
		if reports.iter().any(|r| r != &report) {
			record.status = ReportStatus::Contested;
			Self::deposit_event(Event::EpochContested { asset, epoch });
		} else if reports.len() as u32 >= set.quorum.max(Self::min_quorum()) {
			record.status = ReportStatus::Agreed;
			record.agreed = Some(report);
			record.agreed_at = Some(frame_system::Pallet::<T>::block_number());
			CountedRoots::<T>::insert(asset, report.records_root, epoch);
			Self::snapshot_supply(asset, epoch);
			Self::deposit_event(Event::ReportAgreed { asset, epoch, report });
		}
		Epochs::<T>::insert((asset, epoch), record);
		Ok(())
	}

	fn window_open(record: &EpochRecord<T>) -> bool {
		record.agreed_at.is_some_and(|at| {
			frame_system::Pallet::<T>::block_number()
				< at.saturating_add(ChallengeWindow::<T>::get())
		})
	}

	/// The status that applies now: an Agreed report whose window passed is Final.
	pub fn effective_status(asset: AssetId, epoch: Epoch) -> ReportStatus {
		let record = Epochs::<T>::get((asset, epoch));
		match record.status {
			ReportStatus::Agreed if !Self::window_open(&record) => ReportStatus::Final,
			status => status,
		}
	}

	pub fn do_dispute(
		auditor: T::AccountId,
		asset: AssetId,
		epoch: Epoch,
		evidence: H256,
	) -> DispatchResult {
		ensure!(
			T::Auditors::is_trusted_auditor(&AssetClass::ComputeCapacity, &auditor),
			Error::<T>::NotTrustedAuditor
		);
		let mut record = Epochs::<T>::get((asset, epoch));
		ensure!(
			record.status == ReportStatus::Agreed && Self::window_open(&record),
			Error::<T>::NotDisputable
		);
		record.status = ReportStatus::Disputed;
		record.dispute = Some((auditor.clone(), evidence));
		Epochs::<T>::insert((asset, epoch), record);
		Self::deposit_event(Event::ReportDisputed { asset, epoch, auditor, evidence });
		Ok(())
	}

	pub fn do_resolve(asset: AssetId, epoch: Epoch, uphold: bool) -> DispatchResult {
		let mut record = Epochs::<T>::get((asset, epoch));
		ensure!(record.status == ReportStatus::Disputed, Error::<T>::NotDisputed);
		record.dispute = None;
		if uphold {
			record.status = ReportStatus::Rejected;
			// The records were never validly counted: a corrected report may use them.
			if let Some(report) = record.agreed {
				CountedRoots::<T>::remove(asset, report.records_root);
			}
			Self::deposit_event(Event::ReportRejected { asset, epoch });
		} else {
			// The report stands; the rest of its window still runs from the agreement.
			record.status = ReportStatus::Agreed;
			Self::deposit_event(Event::DisputeDismissed { asset, epoch });
		}
		Epochs::<T>::insert((asset, epoch), record);
		Ok(())
	}

	/// Records where an agreed epoch's power came from, as it stands now.
	fn snapshot_supply(asset: AssetId, epoch: Epoch) {
		AgreedEnergyMix::<T>::insert(
			(asset, epoch),
			EnergyMixOf::truncate_from(T::Assets::energy_mix(asset)),
		);
		AgreedPowerSupply::<T>::insert(
			(asset, epoch),
			PowerSupplyOf::truncate_from(T::Assets::power_supply(asset)),
		);
	}

	/// The power assets that supplied an agreed epoch, as allocated at agreement; the
	/// asset's current supply for an epoch agreed before this was recorded.
	pub fn power_supply_of(asset: AssetId, epoch: Epoch) -> Vec<(AssetId, u32)> {
		AgreedPowerSupply::<T>::get((asset, epoch))
			.map(|supply| supply.into_inner())
			.unwrap_or_else(|| T::Assets::power_supply(asset))
	}

	/// The energy mix of an agreed epoch as it stood at agreement; the asset's current mix
	/// for an epoch not agreed yet.
	pub fn energy_mix_of(
		asset: AssetId,
		epoch: Epoch,
	) -> Vec<(compute_ledger_primitives::EnergySource, u32)> {
		AgreedEnergyMix::<T>::get((asset, epoch))
			.map(|mix| mix.into_inner())
			.unwrap_or_else(|| T::Assets::energy_mix(asset))
	}

	/// Output tokens per kWh of an agreed report (0 if it used no energy).
	pub fn tokens_per_kwh(report: &MeterReport) -> u64 {
		report.tokens_out.checked_div(report.energy_kwh).unwrap_or(0)
	}

	/// GPU-hours the asset can deliver in one epoch: its declared capacity, and never more
	/// than its attested GPUs running the whole epoch (rounded up to a whole GPU-hour, the
	/// unit of a report, so that a small cluster on a short epoch can still report).
	pub fn max_gpu_hours(asset: AssetId) -> u64 {
		let declared = T::Assets::gpu_hours_per_epoch(asset).unwrap_or(0);
		let gpus = T::Assets::gpu_count(asset).unwrap_or(0) as u64;
		let physical = gpus.saturating_mul(T::EpochMillis::get()).div_ceil(3_600_000);
		declared.min(physical)
	}

	/// Share of the asset's GPU-hours capacity a report used.
	pub fn gpu_utilisation(asset: AssetId, report: &MeterReport) -> Perbill {
		let capacity = Self::max_gpu_hours(asset);
		Perbill::from_rational(report.gpu_hours.min(capacity), capacity.max(1))
	}

	/// Whether `leaf` (a usage record) is the `leaf_index`-th of the `records` usage records
	/// the agreed report of (asset, epoch) committed to.
	pub fn verify_usage_record(
		asset: AssetId,
		epoch: Epoch,
		leaf: Vec<u8>,
		proof: Vec<H256>,
		leaf_index: u32,
	) -> bool {
		let Some(report) = Epochs::<T>::get((asset, epoch)).agreed else { return false };
		binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
			&report.records_root,
			proof,
			report.records,
			leaf_index,
			binary_merkle_tree::Leaf::Value(leaf.as_slice()),
		)
	}

	/// The metering of (asset, epoch) with its derived figures.
	pub fn epoch_report(asset: AssetId, epoch: Epoch) -> EpochReportView {
		let record = Epochs::<T>::get((asset, epoch));
		EpochReportView {
			status: Self::effective_status(asset, epoch),
			agreed: record.agreed,
			submissions: record.submissions,
			tokens_per_kwh: record.agreed.as_ref().map(Self::tokens_per_kwh),
			gpu_utilisation: record.agreed.as_ref().map(|r| Self::gpu_utilisation(asset, r)),
			energy_mix: Self::energy_mix_of(asset, epoch),
		}
	}

	/// The epochs of an asset with any metering, from `start` up to the current epoch, at
	/// most `limit` of them.
	pub fn epoch_reports(
		asset: AssetId,
		start: Epoch,
		limit: u32,
	) -> alloc::vec::Vec<(Epoch, EpochReportView)> {
		(start..=Self::current_epoch())
			.filter(|epoch| Epochs::<T>::contains_key((asset, *epoch)))
			.take(limit as usize)
			.map(|epoch| (epoch, Self::epoch_report(asset, epoch)))
			.collect()
	}

	/// Invariants: an agreed record has its figures and its root counted for it, and no
	/// operator reported twice (submissions match the count).
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (key, record) in Epochs::<T>::iter() {
			let submitted = Submissions::<T>::iter_prefix(key).count() as u32;
			ensure!(submitted == record.submissions, "submission count out of sync");
			if let (Some(report), true) = (
				record.agreed,
				matches!(record.status, ReportStatus::Agreed | ReportStatus::Disputed),
			) {
				ensure!(
					CountedRoots::<T>::get(key.0, report.records_root) == Some(key.1),
					"agreed report's root not counted for it"
				);
			}
		}
		Ok(())
	}
}

impl<T: Config> MeteredOutput for Pallet<T> {
	fn final_output(asset: AssetId, epoch: Epoch) -> Option<FinalOutput> {
		if Self::effective_status(asset, epoch) != ReportStatus::Final {
			return None;
		}
		let report = Epochs::<T>::get((asset, epoch)).agreed?;
		Some(FinalOutput {
			tokens_out: report.tokens_out,
			tokens_per_kwh: Self::tokens_per_kwh(&report),
			report_id: report.records_root,
			energy_mix: Self::energy_mix_of(asset, epoch),
			energy_kwh: report.energy_kwh,
			power_supply: Self::power_supply_of(asset, epoch),
			last_block: Self::last_block_of(epoch),
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn finalise_for_benchmarks(asset: AssetId, epoch: Epoch, tokens_out: u64) {
		use sp_runtime::traits::Hash;
		// Agreed one full window ago: Final now.
		let window = ChallengeWindow::<T>::get();
		let mut now = frame_system::Pallet::<T>::block_number();
		if now < window {
			now = window;
			frame_system::Pallet::<T>::set_block_number(now);
		}
		let report = MeterReport {
			tokens_in: tokens_out,
			tokens_out,
			energy_kwh: 1,
			gpu_hours: 1,
			records: 1,
			records_root: BlakeTwo256::hash_of(&(asset, epoch)),
		};
		CountedRoots::<T>::insert(asset, report.records_root, epoch);
		Self::snapshot_supply(asset, epoch);
		Epochs::<T>::insert(
			(asset, epoch),
			EpochRecord::<T> {
				status: ReportStatus::Agreed,
				agreed: Some(report),
				agreed_at: Some(now.saturating_sub(window)),
				submissions: 0,
				dispute: None,
			},
		);
	}
}
