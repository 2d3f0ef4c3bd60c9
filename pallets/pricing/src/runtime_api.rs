//! Runtime API: models, price cards and quotes, for wallets, agents and the regulator.

use alloc::vec::Vec;
use codec::Codec;
use compute_ledger_primitives::{AssetId, CardIndex, ModelId, PriceBounds, Tier, TokenUsage};
use sp_runtime::DispatchError;

sp_api::decl_runtime_apis! {
	/// `Model` is the pallet's `Model<Runtime>`, `PriceCard` its `PriceCard<Runtime>`.
	pub trait PricingApi<Balance, BlockNumber, Model, PriceCard>
	where
		Balance: Codec,
		BlockNumber: Codec,
		Model: Codec,
		PriceCard: Codec,
	{
		/// One model.
		fn model(id: ModelId) -> Option<Model>;
		/// Models from the first id ≥ `start` (those served on `asset` when given), at most
		/// `limit` (≤ 100).
		fn models(asset: Option<AssetId>, start: ModelId, limit: u32) -> Vec<(ModelId, Model)>;
		/// A model's cards from index `start`, at most `limit` (≤ 100).
		fn cards(model: ModelId, start: CardIndex, limit: u32) -> Vec<(CardIndex, PriceCard)>;
		/// The card in force for a model at a block.
		fn card_at(model: ModelId, at: BlockNumber) -> Option<(CardIndex, PriceCard)>;
		/// Every tier's range of output prices per million tokens.
		fn tier_bounds() -> Vec<(Tier, PriceBounds<Balance>)>;
		/// What a usage costs at the card in force at a block: the card and the amount.
		fn quote(model: ModelId, at: BlockNumber, usage: Vec<TokenUsage>) -> Result<(CardIndex, Balance), DispatchError>;
	}
}
