//! Storage types of metering.

use crate::pallet::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use compute_ledger_primitives::MeterReport;
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_core::H256;

/// The operators bound to a compute asset and how many must agree.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct OperatorSet<T: Config> {
	pub operators: BoundedVec<T::AccountId, T::MaxOperators>,
	pub quorum: u32,
}

/// Where the metering of one (asset, epoch) stands.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum ReportStatus {
	/// Reports arrive; the quorum has not agreed yet.
	Collecting,
	/// Operators submitted different figures; the epoch cannot back claims.
	Contested,
	/// The quorum agreed; an auditor may dispute it until the window closes.
	Agreed,
	/// An auditor disputed the agreed report; it waits for the compliance officer.
	Disputed,
	/// The compliance officer upheld a dispute: the report never backs claims.
	Rejected,
	/// Agreed and the challenge window passed undisputed (computed, see `effective_status`).
	Final,
}

/// The metering record of one (asset, epoch).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct EpochRecord<T: Config> {
	pub status: ReportStatus,
	/// The agreed figures, once the quorum agreed.
	pub agreed: Option<MeterReport>,
	/// When the quorum agreed; the challenge window runs from here.
	pub agreed_at: Option<BlockNumberFor<T>>,
	/// How many operators reported.
	pub submissions: u32,
	/// The auditor's dispute and evidence, while disputed.
	pub dispute: Option<(T::AccountId, H256)>,
}

impl<T: Config> Default for EpochRecord<T> {
	fn default() -> Self {
		Self {
			status: ReportStatus::Collecting,
			agreed: None,
			agreed_at: None,
			submissions: 0,
			dispute: None,
		}
	}
}

/// Everything a wallet shows about the metering of one (asset, epoch).
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct EpochReportView {
	/// The status that applies now (an Agreed report past its window shows as Final).
	pub status: ReportStatus,
	pub agreed: Option<MeterReport>,
	pub submissions: u32,
	/// Output tokens per kWh of the agreed report.
	pub tokens_per_kwh: Option<u64>,
	/// Share of the asset's GPU-hours capacity the agreed report used.
	pub gpu_utilisation: Option<sp_runtime::Perbill>,
	/// kW drawn per energy source by the asset.
	pub energy_mix: alloc::vec::Vec<(compute_ledger_primitives::EnergySource, u32)>,
}

/// The power assets supplying a compute asset and their kW.
pub type PowerSupplyOf = frame_support::BoundedVec<
	(compute_ledger_primitives::AssetId, u32),
	frame_support::traits::ConstU32<{ compute_ledger_primitives::MAX_POWER_SUPPLIERS }>,
>;

/// kW drawn per energy source, one entry per source at most.
pub type EnergyMixOf = frame_support::BoundedVec<
	(compute_ledger_primitives::EnergySource, u32),
	frame_support::traits::ConstU32<{ compute_ledger_primitives::MAX_ENERGY_SOURCES }>,
>;
