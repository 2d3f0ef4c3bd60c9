//! # Compliance
//!
//! Rules per asset class, set by a compliance officer: allowed jurisdictions of sender and
//! receiver, roles a party must hold, maximum holding per account and maximum number of
//! holders; and the auditors trusted for each class.
//!
//! Every pallet that moves value calls [`Compliance::can_transfer`] (implemented here) before
//! it moves anything. Beside the rules of the class, every transfer needs both parties active
//! (admitted, not suspended, KYC current, not revoked) and neither frozen by the regulator.
//! [`Compliance::transfer_report`] evaluates the same checks without stopping at the first
//! failure and is served by the `ComplianceApi` runtime API: "why would this transfer fail".
//!
//! Evaluation cost is bounded: at most `MaxRules` rules per class, four base checks, and a
//! fixed number of storage reads (two registry records, two freeze flags, two holdings).
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod engine;
mod extension;
mod functions;
mod impl_compliance;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod weights;

pub use engine::{evaluate, PartyFacts, TransferFacts};
pub use extension::CheckNativeTransfers;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use compute_ledger_primitives::{
		AssetClass, ComplianceRule, HoldingsInspect, ParticipantRegistry,
	};
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::AtLeast32BitUnsigned;

	/// The rules of one asset class.
	pub type RulesOf<T> =
		BoundedVec<ComplianceRule<<T as Config>::Balance>, <T as Config>::MaxRules>;

	/// Bumped with a migration whenever a stored type changes.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Amounts of every asset class, in their smallest unit.
		type Balance: Parameter + Member + AtLeast32BitUnsigned + Copy + MaxEncodedLen + Default;

		/// Who is admitted, active, frozen, where from, in which roles.
		type Participants: ParticipantRegistry<Self::AccountId>;

		/// Current holdings per asset class, for holding and holder-count rules.
		type Holdings: HoldingsInspect<Self::AccountId, Self::Balance>;

		/// Sets rules and trusted auditors.
		type ComplianceOfficerOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most rules one asset class may have; bounds the cost of every transfer check.
		#[pallet::constant]
		type MaxRules: Get<u32>;

		/// Most auditors trusted for one asset class.
		#[pallet::constant]
		type MaxTrustedAuditors: Get<u32>;

		type WeightInfo: WeightInfo;
	}

	/// The rules of each asset class; a class without rules needs only the base checks.
	#[pallet::storage]
	pub type Rules<T: Config> = StorageMap<_, Blake2_128Concat, AssetClass, RulesOf<T>, ValueQuery>;

	/// Auditors whose attestations count for each asset class.
	#[pallet::storage]
	pub type TrustedAuditors<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		AssetClass,
		BoundedVec<T::AccountId, T::MaxTrustedAuditors>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The rules of a class were replaced.
		RulesSet {
			class: AssetClass,
			rules: RulesOf<T>,
		},
		/// A class's rules were removed.
		RulesCleared {
			class: AssetClass,
		},
		TrustedAuditorAdded {
			class: AssetClass,
			auditor: T::AccountId,
		},
		TrustedAuditorRemoved {
			class: AssetClass,
			auditor: T::AccountId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The sender is not an active participant.
		SenderNotActive,
		/// The receiver is not an active participant.
		ReceiverNotActive,
		/// The regulator froze the sender.
		SenderFrozen,
		/// The regulator froze the receiver.
		ReceiverFrozen,
		/// The sender's jurisdiction is not allowed for this class.
		SenderJurisdictionNotAllowed,
		/// The receiver's jurisdiction is not allowed for this class.
		ReceiverJurisdictionNotAllowed,
		/// The sender lacks a role this class requires.
		SenderMissingRole,
		/// The receiver lacks a role this class requires.
		ReceiverMissingRole,
		/// The receiver would hold more than this class allows.
		HoldingLimitExceeded,
		/// The class would have more holders than allowed.
		HolderLimitExceeded,
		/// A rule lists no jurisdiction or a malformed one, or a limit of zero.
		InvalidRule,
		/// The auditor is already trusted for this class.
		AlreadyTrusted,
		/// The auditor is not trusted for this class.
		NotTrusted,
		/// The class already trusts `MaxTrustedAuditors` auditors.
		TooManyAuditors,
		/// The class has no rules to clear.
		NoRules,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Replaces the rules of `class`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_rules(rules.len() as u32))]
		pub fn set_rules(
			origin: OriginFor<T>,
			class: AssetClass,
			rules: RulesOf<T>,
		) -> DispatchResult {
			T::ComplianceOfficerOrigin::ensure_origin(origin)?;
			Self::do_set_rules(class, rules)
		}

		/// Removes every rule of `class`; only the base checks remain.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::clear_rules())]
		pub fn clear_rules(origin: OriginFor<T>, class: AssetClass) -> DispatchResult {
			T::ComplianceOfficerOrigin::ensure_origin(origin)?;
			Self::do_clear_rules(class)
		}

		/// Trusts an active participant holding the Auditor role for `class`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::add_trusted_auditor())]
		pub fn add_trusted_auditor(
			origin: OriginFor<T>,
			class: AssetClass,
			auditor: T::AccountId,
		) -> DispatchResult {
			T::ComplianceOfficerOrigin::ensure_origin(origin)?;
			Self::do_add_trusted_auditor(class, auditor)
		}

		/// Stops trusting an auditor for `class`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::remove_trusted_auditor())]
		pub fn remove_trusted_auditor(
			origin: OriginFor<T>,
			class: AssetClass,
			auditor: T::AccountId,
		) -> DispatchResult {
			T::ComplianceOfficerOrigin::ensure_origin(origin)?;
			Self::do_remove_trusted_auditor(class, auditor)
		}
	}
}
