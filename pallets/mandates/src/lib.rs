//! # Mandates
//!
//! A principal lets an AI agent (an admitted account with the Agent role) spend stable value
//! within a mandate: a per-payment limit, a limit per rolling period, a total cap, allowed
//! payees and claim classes, an expiry, and a threshold above which a payment waits for the
//! principal's approval (the human in the loop). The principal changes, pauses, resumes and
//! revokes it at once; the regulator suspends any mandate.
//!
//! Every path that moves an agent's stable value asks [`AgentSpending::authorize`]: stable-value
//! transfers, buy orders, instruction legs and conditional payments (and so any batch that
//! wraps them). `Mandates.pay` is the agent's own payment call: it also queues payments above
//! the approval threshold and runs the anomaly rules (velocity: more than N payments in a
//! window; size: a payment more than k times the recent average). A rule that fires suspends
//! the mandate and raises an alert naming the rule; the payment is not made.
//!
//! [`AgentSpending::authorize`]: compute_ledger_primitives::AgentSpending::authorize
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
	use compute_ledger_primitives::{Compliance, ParticipantRegistry, ReasonCode, Role};
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Inspect, Mutate, MutateHold},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::AtLeast32BitUnsigned;

	/// Bumped with a migration whenever a stored type changes.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		type Balance: Parameter
			+ Member
			+ AtLeast32BitUnsigned
			+ Copy
			+ Default
			+ MaxEncodedLen
			+ From<u64>;
		/// The stable-value ledger; payments waiting for approval are held in it.
		type Stable: Inspect<Self::AccountId, Balance = Self::Balance>
			+ Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		type RuntimeHoldReason: From<HoldReason>;
		type Participants: ParticipantRegistry<Self::AccountId>;
		type Compliance: Compliance<Self::AccountId, Self::Balance>;
		/// Suspends and reinstates any mandate.
		type RegulatorOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most payees a mandate may list.
		#[pallet::constant]
		type MaxPayees: Get<u32>;
		/// Most claim classes a mandate may list.
		#[pallet::constant]
		type MaxClasses: Get<u32>;
		/// Most recent spends remembered per mandate (bounds the rolling period and the
		/// anomaly rules: their windows count at most this many payments).
		#[pallet::constant]
		type MaxRecent: Get<u32>;
		/// Most payments one agent may have waiting for approval.
		#[pallet::constant]
		type MaxPending: Get<u32>;

		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds stable value.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A payment waiting for the principal's approval.
		AwaitingApproval,
	}

	/// The mandate of each agent.
	#[pallet::storage]
	pub type Mandates<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, Mandate<T>>;

	/// Payments waiting for approval.
	#[pallet::storage]
	pub type Pending<T: Config> = StorageMap<_, Blake2_128Concat, PaymentId, PendingPayment<T>>;

	/// The payments each agent has waiting, for listing and for revocation.
	#[pallet::storage]
	pub type PendingOf<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<PaymentId, T::MaxPending>,
		ValueQuery,
	>;

	#[pallet::storage]
	pub type NextPaymentId<T: Config> = StorageValue<_, PaymentId, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		MandateGranted {
			principal: T::AccountId,
			agent: T::AccountId,
		},
		MandateUpdated {
			agent: T::AccountId,
		},
		MandatePaused {
			agent: T::AccountId,
		},
		MandateResumed {
			agent: T::AccountId,
		},
		MandateRevoked {
			agent: T::AccountId,
		},
		MandateSuspendedByRegulator {
			agent: T::AccountId,
			reason: ReasonCode,
		},
		/// An anomaly rule fired: the mandate is suspended until reviewed.
		MandateAlert {
			agent: T::AccountId,
			rule: AlertRule,
			amount: T::Balance,
		},
		/// The agent paid under its mandate.
		Paid {
			agent: T::AccountId,
			to: T::AccountId,
			amount: T::Balance,
		},
		/// A payment above the approval threshold waits for the principal.
		ApprovalRequested {
			id: PaymentId,
			agent: T::AccountId,
			to: T::AccountId,
			amount: T::Balance,
		},
		PaymentApproved {
			id: PaymentId,
		},
		PaymentRejected {
			id: PaymentId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The agent has no mandate.
		NoMandate,
		/// The agent already has a mandate (update it instead).
		MandateExists,
		/// The mandated account must be an active participant with the Agent role.
		NotAnAgent,
		/// Only the agent's principal does this.
		NotPrincipal,
		/// The mandate is paused, alerted or suspended.
		MandateNotActive,
		/// The mandate has expired.
		MandateExpired,
		/// Terms need a period above zero and an expiry in the future.
		InvalidTerms,
		/// The payee is not one the mandate allows.
		PayeeNotAllowed,
		/// The claim class is not one the mandate allows.
		ClassNotAllowed,
		/// Above the per-payment limit.
		PerPaymentLimit,
		/// Above what the rolling period still allows.
		PeriodLimit,
		/// Above what the total cap still allows.
		TotalCap,
		/// Above the approval threshold: only `Mandates.pay` may queue it for the principal.
		ApprovalRequired,
		/// An anomaly rule would fire: only `Mandates.pay` records the alert.
		AnomalyDetected,
		/// The agent paid in `MaxRecent` different blocks within the longest window its limits
		/// look at; it waits until the oldest leaves that window.
		HistoryFull,
		/// Amounts must be above zero.
		ZeroAmount,
		/// Not enough free stable value.
		InsufficientFunds,
		/// The agent already has `MaxPending` payments waiting.
		TooManyPending,
		/// No such pending payment.
		UnknownPayment,
		/// Only the regulator lifts its suspension.
		SuspendedByRegulator,
		/// The mandate is not suspended by the regulator.
		NotSuspended,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// A principal grants its agent a mandate.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::grant_mandate())]
		pub fn grant_mandate(
			origin: OriginFor<T>,
			agent: T::AccountId,
			terms: MandateTerms<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_grant(who, agent, terms)
		}

		/// The principal changes the terms; what was spent still counts.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_mandate())]
		pub fn update_mandate(
			origin: OriginFor<T>,
			agent: T::AccountId,
			terms: MandateTerms<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_update(who, agent, terms)
		}

		/// The principal pauses the mandate at once.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::pause())]
		pub fn pause(origin: OriginFor<T>, agent: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_set_status(who, agent, MandateStatus::Paused)
		}

		/// The principal resumes a paused mandate, or one an anomaly rule suspended (after
		/// reviewing the alert).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::resume())]
		pub fn resume(origin: OriginFor<T>, agent: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_set_status(who, agent, MandateStatus::Active)
		}

		/// The principal revokes the mandate; payments waiting for approval are rejected.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::revoke(T::MaxPending::get()))]
		pub fn revoke(origin: OriginFor<T>, agent: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_revoke(Some(who), agent)
		}

		/// The regulator suspends any mandate (an alerted one too).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::regulator_suspend())]
		pub fn regulator_suspend(
			origin: OriginFor<T>,
			agent: T::AccountId,
			reason: ReasonCode,
		) -> DispatchResult {
			T::RegulatorOrigin::ensure_origin(origin)?;
			Self::do_regulator_suspend(agent, reason)
		}

		/// The regulator reinstates a mandate: after its own suspension or an alert.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::regulator_resume())]
		pub fn regulator_resume(origin: OriginFor<T>, agent: T::AccountId) -> DispatchResult {
			T::RegulatorOrigin::ensure_origin(origin)?;
			Self::do_regulator_resume(agent)
		}

		/// The agent pays `amount` of stable value to `to` under its mandate. Above the
		/// approval threshold the payment is held and waits for the principal; if an anomaly
		/// rule fires the mandate is suspended, an alert raised and nothing paid.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::pay())]
		pub fn pay(origin: OriginFor<T>, to: T::AccountId, amount: T::Balance) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_role(&who, Role::Agent)?;
			Self::do_pay(who, to, amount)
		}

		/// The principal approves a payment waiting for it; the limits and the compliance
		/// check apply again now.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::approve_payment())]
		pub fn approve_payment(origin: OriginFor<T>, id: PaymentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_decide(who, id, true)
		}

		/// The principal rejects a payment waiting for it; its funds return to the agent.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::reject_payment())]
		pub fn reject_payment(origin: OriginFor<T>, id: PaymentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_decide(who, id, false)
		}
	}
}
