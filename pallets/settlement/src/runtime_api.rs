//! Runtime API: books, orders, instructions (with a dry run) and conditional payments.

use crate::types::*;
use codec::Codec;
use compute_ledger_primitives::ClaimClassId;

sp_api::decl_runtime_apis! {
	pub trait SettlementApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The book of a claim class by price level, best first, `depth` levels a side.
		fn order_book(class: ClaimClassId, depth: u32) -> BookDepth<Balance>;
		/// The open orders of an account, oldest first, at most `limit` from `start` (an
		/// order id).
		fn open_orders(who: AccountId, start: OrderId, limit: u32) -> alloc::vec::Vec<OrderView<AccountId, Balance, BlockNumber>>;
		/// An open order.
		fn order(id: OrderId) -> Option<OrderView<AccountId, Balance, BlockNumber>>;
		/// An instruction: legs, settlement type, status, who affirmed and who has not.
		fn instruction(id: InstructionId) -> Option<InstructionView<AccountId, Balance, BlockNumber>>;
		/// Would the instruction settle now (taking the escrow of parties that have not
		/// affirmed yet)? If not, the leg that fails and why.
		fn would_settle(id: InstructionId) -> WouldSettle;
		/// A conditional payment, with whether its condition holds now.
		fn conditional(id: ConditionalId) -> Option<ConditionalView<AccountId, Balance, BlockNumber>>;
	}
}
