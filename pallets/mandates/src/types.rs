//! Storage and view types of mandates.

use crate::pallet::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use compute_ledger_primitives::{ClaimClassId, ReasonCode};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;

pub type PaymentId = u64;

/// More than `max_payments` payments within `window` blocks.
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
pub struct VelocityRule<BlockNumber> {
	pub max_payments: u32,
	pub window: BlockNumber,
}

/// A payment more than `multiple` times the average of the last `lookback` payments.
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
pub struct SizeRule {
	pub multiple: u32,
	pub lookback: u32,
}

/// Which anomaly rule fired.
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
pub enum AlertRule {
	Velocity,
	Size,
}

/// What a principal allows its agent to spend (stable value, smallest units).
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
pub struct MandateTerms<T: Config> {
	/// Most one payment may be.
	pub per_payment: T::Balance,
	/// Most the agent may spend within any `period` blocks (a rolling window).
	pub per_period: T::Balance,
	pub period: BlockNumberFor<T>,
	/// Most the agent may ever spend under this mandate.
	pub total_cap: T::Balance,
	/// Payees the agent may pay; empty: any admitted payee.
	pub payees: BoundedVec<T::AccountId, T::MaxPayees>,
	/// Claim classes the agent may buy; empty: none.
	pub classes: BoundedVec<ClaimClassId, T::MaxClasses>,
	pub expires_at: BlockNumberFor<T>,
	/// Payments above this wait for the principal's approval.
	pub approval_threshold: Option<T::Balance>,
	pub velocity: Option<VelocityRule<BlockNumberFor<T>>>,
	pub size: Option<SizeRule>,
}

/// Where a mandate stands.
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
pub enum MandateStatus {
	Active,
	/// Paused by the principal.
	Paused,
	/// An anomaly rule fired; the principal or the regulator reviews it.
	Alerted {
		rule: AlertRule,
	},
	/// Suspended by the regulator; only the regulator lifts it.
	SuspendedByRegulator {
		reason: ReasonCode,
	},
}

/// A mandate: its terms, its state and what the agent has spent.
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
pub struct Mandate<T: Config> {
	pub principal: T::AccountId,
	pub terms: MandateTerms<T>,
	pub status: MandateStatus,
	/// Spent under this mandate, ever.
	pub spent_total: T::Balance,
	/// Recent spends per block (block, amount, payments), newest last: the rolling period
	/// and the anomaly rules read them.
	pub recent: BoundedVec<(BlockNumberFor<T>, T::Balance, u32), T::MaxRecent>,
}

/// A payment above the approval threshold, its funds held until the principal decides.
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
pub struct PendingPayment<T: Config> {
	pub agent: T::AccountId,
	pub to: T::AccountId,
	pub amount: T::Balance,
	pub requested_at: BlockNumberFor<T>,
}
