//! Storage and view types of settlement.

use crate::pallet::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use compute_ledger_primitives::{AssetId, ClaimClassId, Epoch};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_runtime::DispatchError;

pub type OrderId = u64;
pub type InstructionId = u64;
pub type ConditionalId = u64;

/// Which side of the book an order is on.
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
	PartialOrd,
	Ord,
)]
pub enum Side {
	/// Buys claims, paying stable value (held while open).
	Buy,
	/// Sells claims (locked while open).
	Sell,
}

/// A limit order resting in the book of one claim class.
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
pub struct Order<T: Config> {
	pub owner: T::AccountId,
	pub class: ClaimClassId,
	pub side: Side,
	/// Stable value (smallest units) per claim unit.
	pub price: T::Balance,
	/// Claim units still open.
	pub remaining: T::Balance,
	pub placed_at: BlockNumberFor<T>,
	pub expires_at: Option<BlockNumberFor<T>>,
	/// The native deposit held while the order rests.
	pub deposit: T::Balance,
}

/// What a leg of an instruction moves.
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
pub enum LegAsset {
	Claim(ClaimClassId),
	StableValue,
}

/// One movement of an instruction: `amount` of `asset` from `from` to `to`.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Leg<AccountId, Balance> {
	pub from: AccountId,
	pub to: AccountId,
	pub asset: LegAsset,
	pub amount: Balance,
}

/// When an instruction settles.
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
pub enum SettlementType<BlockNumber> {
	/// As soon as every sending party has affirmed.
	OnAffirmation,
	/// At the start of this block, if every sending party has affirmed by then.
	AtBlock(BlockNumber),
	/// When a party calls `execute_instruction`.
	Manual,
}

/// Where an instruction stands.
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
pub enum InstructionStatus {
	/// Collecting affirmations; affirmed senders' legs are escrowed.
	Pending,
	/// Every leg moved.
	Settled,
	/// Execution failed at `leg` with `error`; nothing moved and every escrow was released.
	/// It may be retried (`execute_instruction`) or cancelled.
	Failed {
		leg: u32,
		error: DispatchError,
	},
	Cancelled,
}

/// A bilateral or multilateral settlement instruction.
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
pub struct Instruction<T: Config> {
	pub creator: T::AccountId,
	pub legs: BoundedVec<Leg<T::AccountId, T::Balance>, T::MaxLegs>,
	pub settlement: SettlementType<BlockNumberFor<T>>,
	pub status: InstructionStatus,
	/// Senders who affirmed (their legs are escrowed while Pending).
	pub affirmed: BoundedVec<T::AccountId, T::MaxLegs>,
	pub created_at: BlockNumberFor<T>,
	/// After this block the instruction can no longer be affirmed or executed.
	pub expires_at: BlockNumberFor<T>,
}

/// A condition on chain that releases a conditional payment.
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
pub enum Condition {
	/// The meter report of `asset` for `epoch` is Final with at least `tokens_out` tokens.
	MeteredOutputAtLeast { asset: AssetId, epoch: Epoch, tokens_out: u64 },
}

/// Where a conditional payment stands.
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
pub enum ConditionalStatus {
	/// The payment is held from the payer.
	Pending,
	/// The condition was met and the payee was paid.
	Released,
	/// The payment expired unmet and returned to the payer.
	Refunded,
}

/// Stable value held from a payer until a condition is met, or refunded at expiry.
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
pub struct ConditionalPayment<T: Config> {
	pub payer: T::AccountId,
	pub payee: T::AccountId,
	pub amount: T::Balance,
	pub condition: Condition,
	pub expires_at: BlockNumberFor<T>,
	pub status: ConditionalStatus,
}

/// One price level of a book: the price and the claim units open at it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct PriceLevel<Balance> {
	pub price: Balance,
	pub amount: Balance,
	pub orders: u32,
}

/// The book of a claim class, best prices first.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct BookDepth<Balance> {
	pub bids: alloc::vec::Vec<PriceLevel<Balance>>,
	pub asks: alloc::vec::Vec<PriceLevel<Balance>>,
}

/// An open order as a wallet sees it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct OrderView<AccountId, Balance, BlockNumber> {
	pub id: OrderId,
	pub owner: AccountId,
	pub class: ClaimClassId,
	pub side: Side,
	pub price: Balance,
	pub remaining: Balance,
	pub placed_at: BlockNumber,
	pub expires_at: Option<BlockNumber>,
}

/// An instruction as a wallet sees it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct InstructionView<AccountId, Balance, BlockNumber> {
	pub id: InstructionId,
	pub creator: AccountId,
	pub legs: alloc::vec::Vec<Leg<AccountId, Balance>>,
	pub settlement: SettlementType<BlockNumber>,
	pub status: InstructionStatus,
	/// Senders who affirmed.
	pub affirmed: alloc::vec::Vec<AccountId>,
	/// Senders who have not affirmed yet.
	pub pending_affirmations: alloc::vec::Vec<AccountId>,
	pub expires_at: BlockNumber,
}

/// A conditional payment as a wallet sees it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct ConditionalView<AccountId, Balance, BlockNumber> {
	pub id: ConditionalId,
	pub payer: AccountId,
	pub payee: AccountId,
	pub amount: Balance,
	pub condition: Condition,
	pub expires_at: BlockNumber,
	pub status: ConditionalStatus,
	/// Whether the condition holds now.
	pub condition_met: bool,
}

/// Why an instruction would not settle now: the leg and the error.
pub type WouldSettle = Result<(), (u32, DispatchError)>;
