//! Token pricing as other pallets (channels, metering, settlement) see it: the models a
//! provider serves, their tiers and modalities, and what a given usage costs at a price card.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::DispatchError;

/// Identifier of a registered model.
pub type ModelId = u32;

/// Position of a price card in its model's history (0 is the first card published).
pub type CardIndex = u32;

/// Tokens per price unit: prices are quoted per million tokens.
pub const TOKENS_PER_PRICE_UNIT: u128 = 1_000_000;

/// A stable-value currency's symbol as cards and tariffs name it ("EURD").
pub type CurrencySymbol = frame_support::BoundedVec<u8, frame_support::traits::ConstU32<8>>;

/// How many modalities a usage or a price card lists at most: each modality once.
pub type MaxModalities = frame_support::traits::ConstU32<4>;

/// The price tier a model is sold in, from free to frontier models.
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
	PartialOrd,
	Ord,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum Tier {
	/// Served without charge.
	Free,
	/// Small and distilled models, cents per million tokens.
	Economy,
	/// General-purpose models.
	Standard,
	/// Large models.
	Premium,
	/// The largest reasoning models, up to about 150 per million output tokens.
	Frontier,
}

impl Tier {
	/// Every tier, cheapest first.
	pub const ALL: [Tier; 5] =
		[Tier::Free, Tier::Economy, Tier::Standard, Tier::Premium, Tier::Frontier];
}

/// The kind of token: a model's input and output are priced per modality.
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
	PartialOrd,
	Ord,
	Debug,
)]
pub enum Modality {
	Text,
	Image,
	Audio,
	Video,
}

impl Modality {
	/// Every modality.
	pub const ALL: [Modality; 4] =
		[Modality::Text, Modality::Image, Modality::Audio, Modality::Video];
}

/// The price of one modality's tokens on a price card, per million tokens, in the card's
/// currency's smallest unit.
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
pub struct TokenPrice<Balance> {
	pub modality: Modality,
	pub input_per_million: Balance,
	pub output_per_million: Balance,
}

/// Tokens of one modality, as a voucher or a meter report counts them.
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
pub struct TokenUsage {
	pub modality: Modality,
	pub tokens_in: u64,
	pub tokens_out: u64,
}

/// The range of output prices per million tokens a tier admits (inclusive), set by governance.
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
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct PriceBounds<Balance> {
	pub min_output_per_million: Balance,
	pub max_output_per_million: Balance,
}

/// What a usage costs: Σ over modalities of (input tokens × input price + output tokens ×
/// output price) ÷ one million, rounded up once to the smallest unit. `None` when the card
/// does not price a modality used (with tokens) or the sum overflows.
///
/// Priced on cumulative counts (as vouchers carry them), the rounding never accumulates.
pub fn cost_of<Balance: Copy + Into<u128>>(
	prices: &[TokenPrice<Balance>],
	usage: &[TokenUsage],
) -> Option<u128> {
	let mut numerator: u128 = 0;
	for used in usage {
		if used.tokens_in == 0 && used.tokens_out == 0 {
			continue;
		}
		let price = prices.iter().find(|p| p.modality == used.modality)?;
		let input = u128::from(used.tokens_in).checked_mul(price.input_per_million.into())?;
		let output = u128::from(used.tokens_out).checked_mul(price.output_per_million.into())?;
		numerator = numerator.checked_add(input)?.checked_add(output)?;
	}
	Some(numerator.div_ceil(TOKENS_PER_PRICE_UNIT))
}

/// The chain's price cards, for pallets that charge by the token.
pub trait PriceCatalog<AccountId, Balance, BlockNumber> {
	/// The provider that serves a model, if the model exists.
	fn provider(model: ModelId) -> Option<AccountId>;
	/// Whether the model exists and is still served (not retired).
	fn is_serving(model: ModelId) -> bool;
	/// The card in force for a model at a block.
	fn card_at(model: ModelId, at: BlockNumber) -> Option<CardIndex>;
	/// What a usage costs at one of the model's cards; a named error when the card is unknown,
	/// does not price a modality used, or the cost overflows.
	fn cost(
		model: ModelId,
		card: CardIndex,
		usage: &[TokenUsage],
	) -> Result<Balance, DispatchError>;
	/// A model `provider` serves, with a card in force now that prices every modality, for
	/// benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn served_model_for_benchmarks(provider: &AccountId) -> ModelId;
}

/// The currencies a price can be named in.
pub trait CurrencyRegistry {
	/// Whether `symbol` names one of the chain's stable-value currencies.
	fn is_known(symbol: &[u8]) -> bool;
	/// A known currency's symbol, for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn known_for_benchmarks() -> alloc::vec::Vec<u8>;
}

#[cfg(test)]
mod tests {
	use super::*;

	fn price(modality: Modality, input: u128, output: u128) -> TokenPrice<u128> {
		TokenPrice { modality, input_per_million: input, output_per_million: output }
	}

	fn used(modality: Modality, tokens_in: u64, tokens_out: u64) -> TokenUsage {
		TokenUsage { modality, tokens_in, tokens_out }
	}

	#[test]
	fn cost_sums_modalities_and_rounds_up_once() {
		let card =
			[price(Modality::Text, 3_000_000, 15_000_000), price(Modality::Image, 0, 40_000_000)];
		// 2M text in × 3 + 1M text out × 15 + 0.5M image out × 40 = 6 + 15 + 20 units.
		let usage = [used(Modality::Text, 2_000_000, 1_000_000), used(Modality::Image, 0, 500_000)];
		assert_eq!(cost_of(&card, &usage), Some(41_000_000));
		// One output token at 15 per million: 15 smallest units.
		assert_eq!(cost_of(&card, &[used(Modality::Text, 0, 1)]), Some(15));
		// At 1 per million tokens: 2 tokens cost 2/10⁶ of a unit, rounded up once to 1.
		let cheap = [price(Modality::Text, 1, 1)];
		assert_eq!(cost_of(&cheap, &[used(Modality::Text, 1, 1)]), Some(1));
		assert_eq!(cost_of(&cheap, &[used(Modality::Text, 999_999, 1)]), Some(1));
		assert_eq!(cost_of(&cheap, &[used(Modality::Text, 1_000_000, 1)]), Some(2));
	}

	#[test]
	fn an_unpriced_modality_has_no_cost_unless_unused() {
		let card = [price(Modality::Text, 1, 2)];
		assert_eq!(cost_of(&card, &[used(Modality::Video, 0, 1)]), None);
		assert_eq!(cost_of(&card, &[used(Modality::Video, 0, 0)]), Some(0));
		assert_eq!(cost_of::<u128>(&card, &[]), Some(0));
	}

	#[test]
	fn overflow_has_no_cost() {
		let card = [price(Modality::Text, u128::MAX, 0)];
		assert_eq!(cost_of(&card, &[used(Modality::Text, 2, 0)]), None);
	}
}
