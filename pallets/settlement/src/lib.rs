//! # Settlement
//!
//! Delivery versus payment of claims against stable value, atomically, in one block.
//!
//! - **Order book** per claim class, priced in stable value per claim unit: limit orders hold
//!   their stable value (buy) or lock their claims (sell) while open; a new order matches the
//!   opposite side by price, then time, at the resting order's price, for at most
//!   `max_fills` resting orders (an argument, charged in the weight); the rest rests in the
//!   book; orders may expire and be cancelled.
//! - **Instructions**: legs (claims or stable value from one party to another, up to
//!   `MaxLegs`); each sending party affirms, which escrows its legs; settlement on full
//!   affirmation, at a given block, or manually. Either every leg moves or none: a failure at
//!   execution (compliance, freeze, balance) records the instruction as Failed with the leg
//!   and the error, releases every escrow, and leaves it to be retried or cancelled.
//! - **Conditional payments**: stable value held until a condition on chain is met (the
//!   metering report of an asset for an epoch is Final with at least N output tokens), then
//!   released to the payee, or refunded to the payer after expiry.
//!
//! Every movement passes the compliance check of its asset class.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod book;
mod conditional;
mod impl_recovery;
mod instructions;
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
		AgentSpending, ClaimClassId, ClaimEscrow, Compliance, MeteredOutput, ParticipantRegistry,
	};
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
		/// The stable-value ledger; escrow is a hold with this pallet's reasons.
		type Stable: Inspect<Self::AccountId, Balance = Self::Balance>
			+ Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		type RuntimeHoldReason: From<HoldReason>;
		/// Claims and their escrow.
		type Claims: ClaimEscrow<Self::AccountId, Self::Balance>;
		type Participants: ParticipantRegistry<Self::AccountId>;
		type Compliance: Compliance<Self::AccountId, Self::Balance>;
		/// Final metered output, for conditional payments.
		type Metering: MeteredOutput;
		/// An agent's buy orders, instruction payments and conditional payments stay within
		/// its mandate.
		type Spending: AgentSpending<Self::AccountId, Self::Balance>;

		/// Most open orders on one side of one class's book.
		#[pallet::constant]
		type MaxOrdersPerSide: Get<u32>;
		/// Most resting orders one call may match (the `max_fills` argument's ceiling).
		#[pallet::constant]
		type MaxFills: Get<u32>;
		/// Most legs of an instruction.
		#[pallet::constant]
		type MaxLegs: Get<u32>;
		/// Most instructions scheduled to settle in one block.
		#[pallet::constant]
		type MaxScheduledPerBlock: Get<u32>;

		/// The native fee unit: every resting order holds a deposit of it, refunded when the
		/// order leaves the book (to whoever purges an order its owner may no longer trade).
		type Deposit: Inspect<Self::AccountId, Balance = Self::Balance>
			+ Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		/// The deposit of one resting order, in native units.
		#[pallet::constant]
		type OrderDeposit: Get<Self::Balance>;
		/// Most resting orders one account may have on one side, over every book.
		#[pallet::constant]
		type MaxOpenOrders: Get<u32>;
		/// Sets the minimum order value of a class.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Whether scheduled settlement may run now: false while the regulator pauses
		/// `Settlement.execute_instruction`, so that a pause stops the `on_initialize` path as
		/// it stops the extrinsic.
		type ScheduledSettlementAllowed: Get<bool>;

		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds stable value.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Funds of an open buy order.
		Order,
		/// The native deposit of a resting order.
		OrderDeposit,
		/// Funds of an affirmed instruction leg.
		Instruction,
		/// A conditional payment waiting for its condition.
		Conditional,
	}

	#[pallet::storage]
	pub type Orders<T: Config> = StorageMap<_, Blake2_128Concat, OrderId, Order<T>>;

	/// Open buy orders of each class as (price, id), best first: highest price, then oldest.
	#[pallet::storage]
	pub type Bids<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		ClaimClassId,
		BoundedVec<(T::Balance, OrderId), T::MaxOrdersPerSide>,
		ValueQuery,
	>;

	/// Open sell orders of each class as (price, id), best first: lowest price, then oldest.
	#[pallet::storage]
	pub type Asks<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		ClaimClassId,
		BoundedVec<(T::Balance, OrderId), T::MaxOrdersPerSide>,
		ValueQuery,
	>;

	#[pallet::storage]
	pub type NextOrderId<T: Config> = StorageValue<_, OrderId, ValueQuery>;

	/// The resting orders of each account: what `open_orders` lists without scanning
	/// every order.
	#[pallet::storage]
	pub type OrdersOf<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, OrderId, (), OptionQuery>;

	/// How many resting orders each account has on each side (at most `MaxOpenOrders`).
	#[pallet::storage]
	pub type OpenOrderCount<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, Side, u32, ValueQuery>;

	/// The smallest order value (price × amount, in stable value) a class's book takes
	/// (governance); no minimum where unset.
	#[pallet::storage]
	pub type MinOrderValue<T: Config> =
		StorageMap<_, Blake2_128Concat, ClaimClassId, T::Balance, OptionQuery>;

	#[pallet::storage]
	pub type Instructions<T: Config> =
		StorageMap<_, Blake2_128Concat, InstructionId, Instruction<T>>;

	#[pallet::storage]
	pub type NextInstructionId<T: Config> = StorageValue<_, InstructionId, ValueQuery>;

	/// Instructions to settle at the start of each block.
	#[pallet::storage]
	pub type Scheduled<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<InstructionId, T::MaxScheduledPerBlock>,
		ValueQuery,
	>;

	#[pallet::storage]
	pub type Conditionals<T: Config> =
		StorageMap<_, Blake2_128Concat, ConditionalId, ConditionalPayment<T>>;

	#[pallet::storage]
	pub type NextConditionalId<T: Config> = StorageValue<_, ConditionalId, ValueQuery>;

	/// Why an order left the book.
	#[derive(
		Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, Copy, PartialEq, Eq, Debug,
	)]
	pub enum CloseReason {
		Filled,
		Cancelled,
		Expired,
		/// Removed by someone else because its owner may no longer trade (suspended, frozen,
		/// KYC expired or revoked); the purger received the deposit.
		Purged,
		/// Closed by a forced recovery of its owner's account: escrow and deposit went back to
		/// the lost account, and from there to its replacement.
		Recovered,
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		MinOrderValueSet {
			class: ClaimClassId,
			value: T::Balance,
		},
		OrderPlaced {
			order: OrderId,
			owner: T::AccountId,
			class: ClaimClassId,
			side: Side,
			price: T::Balance,
			amount: T::Balance,
		},
		/// Claims delivered against payment at the resting order's price.
		Trade {
			class: ClaimClassId,
			buy_order: OrderId,
			sell_order: OrderId,
			buyer: T::AccountId,
			seller: T::AccountId,
			price: T::Balance,
			amount: T::Balance,
		},
		/// A resting order could not trade with the new one (compliance, freeze); it stays.
		FillRejected {
			maker_order: OrderId,
			taker_order: OrderId,
			error: DispatchError,
		},
		OrderClosed {
			order: OrderId,
			reason: CloseReason,
		},
		InstructionCreated {
			id: InstructionId,
			creator: T::AccountId,
			legs: u32,
		},
		InstructionAffirmed {
			id: InstructionId,
			party: T::AccountId,
		},
		AffirmationWithdrawn {
			id: InstructionId,
			party: T::AccountId,
		},
		InstructionSettled {
			id: InstructionId,
		},
		/// Nothing moved; every escrow was released.
		InstructionFailed {
			id: InstructionId,
			leg: u32,
			error: DispatchError,
		},
		InstructionCancelled {
			id: InstructionId,
		},
		ConditionalCreated {
			id: ConditionalId,
			payer: T::AccountId,
			payee: T::AccountId,
			amount: T::Balance,
			condition: Condition,
			expires_at: BlockNumberFor<T>,
		},
		ConditionalReleased {
			id: ConditionalId,
		},
		ConditionalRefunded {
			id: ConditionalId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Amounts and prices must be above zero.
		ZeroAmount,
		/// No such claim class.
		UnknownClass,
		/// The expiry is not in the future.
		ExpiryInPast,
		/// `max_fills` is above `MaxFills`.
		TooManyFills,
		/// price × amount does not fit a balance.
		Overflow,
		/// The book side already holds `MaxOrdersPerSide` orders.
		BookFull,
		/// No such order.
		UnknownOrder,
		/// Only the owner cancels an order before it expires.
		NotOrderOwner,
		/// Not enough free stable value to hold.
		InsufficientFunds,
		/// An instruction needs at least one leg.
		NoLegs,
		/// A leg sends to its own sender.
		SelfLeg,
		/// The creator must be a party to the instruction.
		NotAParty,
		/// Only a party sending in some leg affirms.
		NotASender,
		/// No such instruction.
		UnknownInstruction,
		/// The instruction is not waiting for affirmations.
		NotPending,
		/// The party already affirmed.
		AlreadyAffirmed,
		/// The party has not affirmed.
		NotAffirmed,
		/// Not every sending party has affirmed.
		NotFullyAffirmed,
		/// The leg-count witness is below the instruction's number of legs.
		WrongLegCount,
		/// The instruction or payment has expired.
		Expired,
		/// The settlement block must be after now and not after the expiry.
		InvalidSettlementBlock,
		/// `MaxScheduledPerBlock` instructions already settle at that block.
		ScheduleFull,
		/// Only Pending or Failed instructions can be cancelled or retried.
		CannotChange,
		/// No such conditional payment.
		UnknownConditional,
		/// The conditional payment was already released or refunded.
		AlreadyClosed,
		/// The condition is not met (yet).
		ConditionNotMet,
		/// The condition is met: release the payment instead of refunding it.
		ConditionMet,
		/// The payment has not expired yet.
		NotExpired,
		/// The regulator paused settlement; retry once the pause is lifted.
		SettlementPaused,
		/// The order's value (price × amount) is below the class's minimum.
		OrderBelowMinimum,
		/// The account already has `MaxOpenOrders` resting orders on this side.
		TooManyOpenOrders,
		/// Not enough free native balance for the order's deposit.
		InsufficientDeposit,
		/// The order's owner may still trade: only its owner cancels it.
		OwnerMayTrade,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Settles the instructions scheduled for this block.
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			let due = Scheduled::<T>::take(n);
			let count = due.len() as u32;
			for id in due {
				Self::settle_scheduled(id);
			}
			T::WeightInfo::execute_instruction(T::MaxLegs::get())
				.saturating_mul(count.into())
				.saturating_add(T::DbWeight::get().reads_writes(1, 1))
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Places a limit order and matches it against the opposite side of the book, for at
		/// most `max_fills` resting orders; what is left rests in the book.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::place_order(*max_fills))]
		pub fn place_order(
			origin: OriginFor<T>,
			class: ClaimClassId,
			side: Side,
			price: T::Balance,
			amount: T::Balance,
			expires_at: Option<BlockNumberFor<T>>,
			max_fills: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_place_order(who, class, side, price, amount, expires_at, max_fills)
		}

		/// Cancels an open order (its owner; anyone once it expired) and releases its escrow.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::cancel_order())]
		pub fn cancel_order(origin: OriginFor<T>, order: OrderId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_cancel_order(who, order)
		}

		/// Creates an instruction; the creator must be a party to it.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::create_instruction(legs.len() as u32))]
		pub fn create_instruction(
			origin: OriginFor<T>,
			legs: BoundedVec<Leg<T::AccountId, T::Balance>, T::MaxLegs>,
			settlement: SettlementType<BlockNumberFor<T>>,
			expires_at: BlockNumberFor<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_create_instruction(who, legs, settlement, expires_at)
		}

		/// A sending party affirms: its legs are escrowed. With `OnAffirmation` settlement the
		/// last affirmation settles the instruction (or records why it failed).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::affirm_instruction(*legs))]
		pub fn affirm_instruction(
			origin: OriginFor<T>,
			id: InstructionId,
			legs: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_affirm(who, id, legs)
		}

		/// A party withdraws its affirmation before settlement; its escrow is released.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::withdraw_affirmation(*legs))]
		pub fn withdraw_affirmation(
			origin: OriginFor<T>,
			id: InstructionId,
			legs: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_withdraw_affirmation(who, id, legs)
		}

		/// A party settles a fully affirmed instruction now, or retries a Failed one.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::execute_instruction(*legs))]
		pub fn execute_instruction(
			origin: OriginFor<T>,
			id: InstructionId,
			legs: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_execute_instruction(who, id, legs)
		}

		/// A party cancels a Pending or Failed instruction (anyone once it expired); every
		/// escrow is released.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::cancel_instruction(*legs))]
		pub fn cancel_instruction(
			origin: OriginFor<T>,
			id: InstructionId,
			legs: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_cancel_instruction(who, id, legs)
		}

		/// Holds `amount` of the payer's stable value until `condition` is met.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::create_conditional())]
		pub fn create_conditional(
			origin: OriginFor<T>,
			payee: T::AccountId,
			amount: T::Balance,
			condition: Condition,
			expires_at: BlockNumberFor<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_create_conditional(who, payee, amount, condition, expires_at)
		}

		/// Anyone releases a conditional payment to its payee once its condition is met.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::release_conditional())]
		pub fn release_conditional(origin: OriginFor<T>, id: ConditionalId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_release_conditional(id)
		}

		/// Anyone refunds an expired, unmet conditional payment to its payer.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::refund_conditional())]
		pub fn refund_conditional(origin: OriginFor<T>, id: ConditionalId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_refund_conditional(id)
		}

		/// Anyone active removes a resting order whose owner may no longer trade (suspended,
		/// frozen, KYC expired or revoked): the escrow goes back to the owner, the deposit to
		/// the purger. A book never fills with orders that cannot settle.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::purge_order())]
		pub fn purge_order(origin: OriginFor<T>, order: OrderId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_purge_order(who, order)
		}

		/// Governance sets the smallest order value a class's book takes (0 lifts it).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_min_order_value())]
		pub fn set_min_order_value(
			origin: OriginFor<T>,
			class: ClaimClassId,
			value: T::Balance,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_min_order_value(class, value)
		}
	}
}
