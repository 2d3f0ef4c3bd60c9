//! Runtime API: books, orders, instructions (with a dry run) and conditional payments.

use crate::types::*;
use codec::Codec;
use compute_ledger_primitives::ClaimClassId;
use sp_runtime::DispatchError;

sp_api::decl_runtime_apis! {
	pub trait SettlementApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The book of a claim class by price level, best first, `depth` levels a side.
		fn order_book(class: ClaimClassId, depth: u32) -> BookDepth<Balance>;
		/// An open order: owner, class, side, price, remaining, placed at, expiry.
		fn order(id: OrderId) -> Option<(AccountId, ClaimClassId, Side, Balance, Balance, BlockNumber, Option<BlockNumber>)>;
		/// An instruction: its legs, settlement type, status, affirmations and expiry.
		fn instruction(id: InstructionId) -> Option<(
			alloc::vec::Vec<Leg<AccountId, Balance>>,
			SettlementType<BlockNumber>,
			InstructionStatus,
			alloc::vec::Vec<AccountId>,
			BlockNumber,
		)>;
		/// Would the instruction settle now (taking the escrow of parties that have not
		/// affirmed yet)? If not, the leg that fails and why.
		fn would_settle(id: InstructionId) -> Result<(), (u32, DispatchError)>;
		/// A conditional payment: payer, payee, amount, condition, expiry, status, and whether
		/// the condition holds now.
		fn conditional(id: ConditionalId) -> Option<(AccountId, AccountId, Balance, Condition, BlockNumber, ConditionalStatus, bool)>;
	}
}
