//! # Metering
//!
//! Metered AI-token output of compute assets, one report per (asset, epoch). The owner of an
//! Active compute asset binds admitted MeterOperators to it with a quorum. Each operator
//! reports the epoch's totals once; plausibility checks refuse impossible figures. When
//! `quorum` operators reported identical figures the report is Agreed; differing figures mark
//! the epoch Contested. A trusted auditor may dispute an Agreed report within the challenge
//! window; the compliance officer upholds (Rejected) or dismisses (Agreed again) the dispute.
//! An Agreed report whose window has passed is Final and may back claims
//! ([`compute_ledger_primitives::MeteredOutput`]). A usage-record root counts once only.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use compute_ledger_primitives::{
		AssetClass, AssetId, AuditorTrust, ComputeAssetInspect, Epoch, MeterReport,
		ParticipantRegistry,
	};
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_core::H256;

	/// Bumped with a migration whenever a stored type changes.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		type Participants: ParticipantRegistry<Self::AccountId>;
		type Assets: ComputeAssetInspect<Self::AccountId>;
		/// Auditors trusted for `AssetClass::ComputeCapacity` may dispute reports.
		type Auditors: AuditorTrust<Self::AccountId>;
		/// Resolves disputes and re-opens stuck epochs (the compliance officer).
		type ResolverOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Sets the bounds every report must meet: the minimum quorum and the output ceiling.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Output tokens one GPU-hour may produce at most, until governance sets another
		/// ceiling (`set_output_ceiling`).
		#[pallet::constant]
		type DefaultOutputCeiling: Get<u64>;

		/// Blocks per epoch (the same epoch the asset registry's capacities refer to).
		#[pallet::constant]
		type EpochLength: Get<BlockNumberFor<Self>>;
		/// Milliseconds per epoch, to turn allocated kW into the kWh an epoch can deliver.
		#[pallet::constant]
		type EpochMillis: Get<u64>;
		/// Blocks after agreement during which an auditor may dispute a report, unless the
		/// chain's genesis sets another window (see `ChallengeWindow`).
		#[pallet::constant]
		type DefaultChallengeWindow: Get<BlockNumberFor<Self>>;
		/// Most operators bound to one asset (bounds the quorum and its cost).
		#[pallet::constant]
		type MaxOperators: Get<u32>;

		type WeightInfo: WeightInfo;
	}

	/// Blocks after agreement during which an auditor may dispute a report. Set once at
	/// genesis (short on a dev chain so that a walkthrough does not wait ten minutes).
	#[pallet::storage]
	pub type ChallengeWindow<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, T::DefaultChallengeWindow>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Challenge window in blocks; `None` keeps `DefaultChallengeWindow`.
		pub challenge_window: Option<BlockNumberFor<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(window) = self.challenge_window {
				ChallengeWindow::<T>::put(window);
			}
		}
	}

	/// Operators bound to each compute asset, with the quorum.
	#[pallet::storage]
	pub type Operators<T: Config> = StorageMap<_, Blake2_128Concat, AssetId, OperatorSet<T>>;

	/// Each operator's report for an (asset, epoch).
	#[pallet::storage]
	pub type Submissions<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		(AssetId, Epoch),
		Blake2_128Concat,
		T::AccountId,
		MeterReport,
	>;

	/// Where the metering of each (asset, epoch) stands.
	#[pallet::storage]
	pub type Epochs<T: Config> =
		StorageMap<_, Blake2_128Concat, (AssetId, Epoch), EpochRecord<T>, ValueQuery>;

	/// Usage-record roots of each asset already counted, and by which epoch: no double
	/// counting. Per asset, so that no other asset's report can ever block an epoch; a root
	/// is counted when a report is agreed and released when it is rejected or re-opened.
	#[pallet::storage]
	pub type CountedRoots<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, AssetId, Identity, H256, Epoch>;

	/// The energy mix of each agreed (asset, epoch) as it stood when the quorum agreed: the
	/// provenance claims carry, which no later change of power allocations rewrites.
	#[pallet::storage]
	pub type AgreedEnergyMix<T: Config> =
		StorageMap<_, Blake2_128Concat, (AssetId, Epoch), EnergyMixOf, OptionQuery>;

	/// The power assets that supplied each agreed (asset, epoch) and their kW, as allocated
	/// when the quorum agreed: what prices the epoch's energy at those assets' tariffs.
	#[pallet::storage]
	pub type AgreedPowerSupply<T: Config> =
		StorageMap<_, Blake2_128Concat, (AssetId, Epoch), PowerSupplyOf, OptionQuery>;

	/// The fewest operators that must agree on a report, per metered asset class (governance;
	/// 1 where unset). Applies to existing bindings too.
	#[pallet::storage]
	pub type MinQuorum<T: Config> = StorageMap<_, Blake2_128Concat, AssetClass, u32, OptionQuery>;

	/// Output tokens one GPU-hour may produce at most (governance).
	#[pallet::storage]
	pub type OutputCeiling<T: Config> = StorageValue<_, u64, ValueQuery, T::DefaultOutputCeiling>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		OperatorsBound {
			asset: AssetId,
			operators: BoundedVec<T::AccountId, T::MaxOperators>,
			quorum: u32,
		},
		ReportSubmitted {
			asset: AssetId,
			epoch: Epoch,
			operator: T::AccountId,
			report: MeterReport,
		},
		/// The quorum agreed; the challenge window starts.
		ReportAgreed {
			asset: AssetId,
			epoch: Epoch,
			report: MeterReport,
		},
		/// Operators disagree; the epoch cannot back claims.
		EpochContested {
			asset: AssetId,
			epoch: Epoch,
		},
		ReportDisputed {
			asset: AssetId,
			epoch: Epoch,
			auditor: T::AccountId,
			evidence: H256,
		},
		/// The dispute was upheld: the report never backs claims.
		ReportRejected {
			asset: AssetId,
			epoch: Epoch,
		},
		/// The dispute was dismissed: the report is Agreed again.
		DisputeDismissed {
			asset: AssetId,
			epoch: Epoch,
		},
		/// A Contested or Rejected epoch was cleared: its operators may report it again.
		EpochReopened {
			asset: AssetId,
			epoch: Epoch,
		},
		MinQuorumSet {
			class: AssetClass,
			quorum: u32,
		},
		OutputCeilingSet {
			tokens_per_gpu_hour: u64,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The compute asset is unknown or not Active.
		AssetNotActive,
		/// Only the asset's owner binds operators.
		NotAssetOwner,
		/// An operator must be an active participant with the MeterOperator role.
		NotMeterOperator,
		/// The quorum must be between 1 and the number of operators.
		InvalidQuorum,
		/// An operator is listed twice.
		DuplicateOperator,
		/// The signer is not bound to this asset.
		NotBoundOperator,
		/// The epoch has not ended yet.
		EpochNotOver,
		/// This operator already reported this epoch.
		AlreadyReported,
		/// More GPU-hours than the asset can deliver in an epoch.
		GpuHoursAboveCapacity,
		/// More energy than the allocated power can deliver in an epoch.
		EnergyAboveAllocation,
		/// A report must commit to at least one usage record and produce output.
		EmptyReport,
		/// These usage records were already counted in another report.
		RecordsAlreadyCounted,
		/// The epoch is no longer collecting reports.
		EpochClosed,
		/// Only an Agreed report within its window can be disputed.
		NotDisputable,
		/// The signer is not an auditor trusted for compute assets.
		NotTrustedAuditor,
		/// Only a Disputed report can be resolved.
		NotDisputed,
		/// An asset's owner may not meter its own asset.
		OwnerCannotOperate,
		/// The quorum is below the minimum governance set for the asset class.
		QuorumBelowMinimum,
		/// More output tokens than the reported GPU-hours can produce under the ceiling.
		OutputAboveCeiling,
		/// Only a Contested or Rejected epoch can be re-opened.
		NotReopenable,
		/// The epoch ended before the asset first became Active: nothing vouched for it then.
		EpochBeforeActivation,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// The owner of an Active compute asset binds its meter operators and the quorum.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::bind_operators(operators.len() as u32))]
		pub fn bind_operators(
			origin: OriginFor<T>,
			asset: AssetId,
			operators: BoundedVec<T::AccountId, T::MaxOperators>,
			quorum: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_bind_operators(who, asset, operators, quorum)
		}

		/// A bound operator reports the totals of an ended epoch.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::submit_report(T::MaxOperators::get()))]
		pub fn submit_report(
			origin: OriginFor<T>,
			asset: AssetId,
			epoch: Epoch,
			report: MeterReport,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_role(&who, compute_ledger_primitives::Role::MeterOperator)?;
			Self::do_submit_report(who, asset, epoch, report)
		}

		/// A trusted auditor disputes an Agreed report within the challenge window.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::dispute())]
		pub fn dispute(
			origin: OriginFor<T>,
			asset: AssetId,
			epoch: Epoch,
			evidence: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_role(&who, compute_ledger_primitives::Role::Auditor)?;
			Self::do_dispute(who, asset, epoch, evidence)
		}

		/// The compliance officer upholds (`true`: Rejected) or dismisses a dispute.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::resolve())]
		pub fn resolve(
			origin: OriginFor<T>,
			asset: AssetId,
			epoch: Epoch,
			uphold: bool,
		) -> DispatchResult {
			T::ResolverOrigin::ensure_origin(origin)?;
			Self::do_resolve(asset, epoch, uphold)
		}

		/// The compliance officer's way out of a Contested or Rejected epoch: every
		/// submission is dropped and the epoch collects reports again.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::reopen(T::MaxOperators::get()))]
		pub fn reopen(origin: OriginFor<T>, asset: AssetId, epoch: Epoch) -> DispatchResult {
			T::ResolverOrigin::ensure_origin(origin)?;
			Self::do_reopen(asset, epoch)
		}

		/// Governance sets the fewest operators that must agree on a report of `class`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_min_quorum())]
		pub fn set_min_quorum(
			origin: OriginFor<T>,
			class: AssetClass,
			quorum: u32,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_min_quorum(class, quorum)
		}

		/// Governance sets how many output tokens one GPU-hour may produce at most.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_output_ceiling())]
		pub fn set_output_ceiling(
			origin: OriginFor<T>,
			tokens_per_gpu_hour: u64,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_output_ceiling(tokens_per_gpu_hour)
		}
	}
}
