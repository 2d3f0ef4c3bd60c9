//! Pay-per-token vouchers, off chain. An agent signs one voucher per served request; the
//! provider keeps the latest and claims with it on chain (`Channels.claim`), where the runtime
//! verifies the same bytes against the agent's account. This crate is the one place that
//! knows the byte layout, so that agents and providers never hand-roll it:
//!
//! `"cl/voucher"` ‖ genesis hash (32 bytes) ‖ channel id (u64 LE) ‖ cumulative (u128 LE) ‖
//! nonce (u64 LE), which is the SCALE encoding of that tuple.
//!
//! A priced channel (`Channels.open_priced_channel`) charges by the token at the model's
//! price card; its voucher also carries the cumulative tokens per modality and the Merkle
//! root of the usage records behind them, and is claimed with `Channels.claim_usage`:
//!
//! `"cl/priced-voucher"` ‖ genesis hash ‖ channel id (u64 LE) ‖ cumulative (u128 LE) ‖
//! usage (SCALE `Vec<TokenUsage>`: compact length, then per modality its index (u8), tokens
//! in (u64 LE), tokens out (u64 LE)) ‖ records root (32 bytes) ‖ nonce (u64 LE).

use codec::Encode;
pub use compute_ledger_primitives::{cost_of, Modality, TokenPrice, TokenUsage};
use sp_core::{sr25519, Pair};

/// The domain tag every voucher message starts with (the runtime's `VOUCHER_TAG`).
pub const VOUCHER_TAG: [u8; 10] = *b"cl/voucher";

/// What the agent owes the provider on one channel so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Voucher {
	pub channel: u64,
	/// Everything owed so far, in the stable value's smallest unit (not the increment).
	pub cumulative: u128,
	/// Increases with every voucher; the chain accepts only a higher nonce than the last claim.
	pub nonce: u64,
}

impl Voucher {
	/// The bytes the agent signs on the chain with this genesis hash.
	pub fn message(&self, genesis: [u8; 32]) -> Vec<u8> {
		(VOUCHER_TAG, genesis, self.channel, self.cumulative, self.nonce).encode()
	}

	/// The agent's sr25519 signature of the voucher.
	pub fn sign(&self, agent: &sr25519::Pair, genesis: [u8; 32]) -> [u8; 64] {
		agent.sign(&self.message(genesis)).0
	}

	/// Whether `signature` is the agent's (`agent` is its public key, i.e. its account id).
	pub fn verify(&self, agent: &[u8; 32], genesis: [u8; 32], signature: &[u8; 64]) -> bool {
		let public = sr25519::Public::from_raw(*agent);
		let signature = sr25519::Signature::from_raw(*signature);
		sr25519::Pair::verify(&signature, self.message(genesis), &public)
	}
}

/// The domain tag every priced voucher message starts with (the runtime's
/// `PRICED_VOUCHER_TAG`).
pub const PRICED_VOUCHER_TAG: [u8; 17] = *b"cl/priced-voucher";

/// What the agent owes on a priced channel so far, and for which tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PricedVoucher {
	pub channel: u64,
	/// What `usage` costs at the channel's card (`rwa_usageCost`), in the smallest unit.
	pub cumulative: u128,
	/// Tokens served so far, each modality once (at most four).
	pub usage: Vec<TokenUsage>,
	/// Merkle root of the usage records the tokens add up from, for audit.
	pub records_root: [u8; 32],
	pub nonce: u64,
}

impl PricedVoucher {
	/// A voucher for `usage` at `prices` (the channel's card): its amount is what the chain
	/// will check. `None` if the card does not price a modality used.
	pub fn at_prices(
		channel: u64,
		prices: &[TokenPrice<u128>],
		usage: Vec<TokenUsage>,
		records_root: [u8; 32],
		nonce: u64,
	) -> Option<Self> {
		let cumulative = cost_of(prices, &usage)?;
		Some(Self { channel, cumulative, usage, records_root, nonce })
	}

	/// The bytes the agent signs on the chain with this genesis hash.
	pub fn message(&self, genesis: [u8; 32]) -> Vec<u8> {
		(
			PRICED_VOUCHER_TAG,
			genesis,
			self.channel,
			self.cumulative,
			&self.usage,
			self.records_root,
			self.nonce,
		)
			.encode()
	}

	/// The agent's sr25519 signature of the voucher.
	pub fn sign(&self, agent: &sr25519::Pair, genesis: [u8; 32]) -> [u8; 64] {
		agent.sign(&self.message(genesis)).0
	}

	/// Whether `signature` is the agent's (`agent` is its public key, i.e. its account id).
	pub fn verify(&self, agent: &[u8; 32], genesis: [u8; 32], signature: &[u8; 64]) -> bool {
		let public = sr25519::Public::from_raw(*agent);
		let signature = sr25519::Signature::from_raw(*signature);
		sr25519::Pair::verify(&signature, self.message(genesis), &public)
	}

	/// The tokens of one modality (zero if not listed).
	fn tokens(&self, modality: Modality) -> (u64, u64) {
		self.usage
			.iter()
			.find(|u| u.modality == modality)
			.map_or((0, 0), |u| (u.tokens_in, u.tokens_out))
	}
}

/// Why a provider refuses a voucher before ever sending it to the chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
	/// Not the agent's signature.
	BadSignature,
	/// Another channel's voucher.
	WrongChannel,
	/// The nonce is not above the latest kept.
	Stale,
	/// It owes less than the latest kept.
	Decreased,
	/// A priced voucher lists a modality twice.
	DuplicateModality,
	/// A priced voucher counts fewer tokens of a modality than the latest kept.
	UsageDecreased,
	/// A priced voucher's amount is not what its tokens cost at the channel's card.
	PriceMismatch,
}

/// The provider's side of a priced channel: checks each voucher's signature, tokens and
/// price as the chain will, and keeps the latest.
#[derive(Clone, Debug)]
pub struct PricedVoucherBook {
	pub channel: u64,
	pub agent: [u8; 32],
	pub genesis: [u8; 32],
	/// The channel's card (`rwa_priceCards` at the card in `rwa_channel`'s pricing).
	pub prices: Vec<TokenPrice<u128>>,
	latest: Option<(PricedVoucher, [u8; 64])>,
}

impl PricedVoucherBook {
	pub fn new(
		channel: u64,
		agent: [u8; 32],
		genesis: [u8; 32],
		prices: Vec<TokenPrice<u128>>,
	) -> Self {
		Self { channel, agent, genesis, prices, latest: None }
	}

	/// Accepts a newer, correctly signed and correctly priced voucher of this channel.
	pub fn accept(&mut self, voucher: PricedVoucher, signature: [u8; 64]) -> Result<(), Refusal> {
		if voucher.channel != self.channel {
			return Err(Refusal::WrongChannel);
		}
		for (i, used) in voucher.usage.iter().enumerate() {
			if voucher.usage[..i].iter().any(|u| u.modality == used.modality) {
				return Err(Refusal::DuplicateModality);
			}
		}
		if let Some((latest, _)) = &self.latest {
			if voucher.nonce <= latest.nonce {
				return Err(Refusal::Stale);
			}
			let grew = Modality::ALL.iter().all(|m| {
				let (old_in, old_out) = latest.tokens(*m);
				let (new_in, new_out) = voucher.tokens(*m);
				new_in >= old_in && new_out >= old_out
			});
			if !grew {
				return Err(Refusal::UsageDecreased);
			}
		}
		if cost_of(&self.prices, &voucher.usage) != Some(voucher.cumulative) {
			return Err(Refusal::PriceMismatch);
		}
		if !voucher.verify(&self.agent, self.genesis, &signature) {
			return Err(Refusal::BadSignature);
		}
		self.latest = Some((voucher, signature));
		Ok(())
	}

	/// The voucher to claim with (`Channels.claim_usage`), and its signature.
	pub fn latest(&self) -> Option<&(PricedVoucher, [u8; 64])> {
		self.latest.as_ref()
	}
}

/// The provider's side of a channel: checks each voucher as it arrives and keeps the latest,
/// which is all it needs to claim.
#[derive(Clone, Debug)]
pub struct VoucherBook {
	pub channel: u64,
	pub agent: [u8; 32],
	pub genesis: [u8; 32],
	latest: Option<(Voucher, [u8; 64])>,
}

impl VoucherBook {
	pub fn new(channel: u64, agent: [u8; 32], genesis: [u8; 32]) -> Self {
		Self { channel, agent, genesis, latest: None }
	}

	/// Accepts a newer, correctly signed voucher of this channel.
	pub fn accept(&mut self, voucher: Voucher, signature: [u8; 64]) -> Result<(), Refusal> {
		if voucher.channel != self.channel {
			return Err(Refusal::WrongChannel);
		}
		if let Some((latest, _)) = &self.latest {
			if voucher.nonce <= latest.nonce {
				return Err(Refusal::Stale);
			}
			if voucher.cumulative < latest.cumulative {
				return Err(Refusal::Decreased);
			}
		}
		if !voucher.verify(&self.agent, self.genesis, &signature) {
			return Err(Refusal::BadSignature);
		}
		self.latest = Some((voucher, signature));
		Ok(())
	}

	/// The voucher to claim with, and its signature.
	pub fn latest(&self) -> Option<(Voucher, [u8; 64])> {
		self.latest
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn agent() -> sr25519::Pair {
		sr25519::Pair::from_string("//Dave//agent", None).unwrap()
	}

	#[test]
	fn the_message_is_the_documented_bytes() {
		let v = Voucher { channel: 7, cumulative: 1_000_000, nonce: 3 };
		let m = v.message([9u8; 32]);
		assert_eq!(m.len(), 10 + 32 + 8 + 16 + 8);
		assert_eq!(&m[..10], b"cl/voucher");
		assert_eq!(&m[10..42], &[9u8; 32]);
		assert_eq!(&m[42..50], &7u64.to_le_bytes());
		assert_eq!(&m[50..66], &1_000_000u128.to_le_bytes());
		assert_eq!(&m[66..], &3u64.to_le_bytes());
	}

	fn text(tokens_in: u64, tokens_out: u64) -> TokenUsage {
		TokenUsage { modality: Modality::Text, tokens_in, tokens_out }
	}

	fn card() -> Vec<TokenPrice<u128>> {
		vec![TokenPrice {
			modality: Modality::Text,
			input_per_million: 2_000_000,
			output_per_million: 10_000_000,
		}]
	}

	#[test]
	fn the_priced_message_is_the_documented_bytes() {
		let v = PricedVoucher::at_prices(7, &card(), vec![text(100, 50)], [5; 32], 3).unwrap();
		assert_eq!(v.cumulative, 700);
		let m = v.message([9u8; 32]);
		assert_eq!(m.len(), 17 + 32 + 8 + 16 + (1 + 17) + 32 + 8);
		assert_eq!(&m[..17], b"cl/priced-voucher");
		assert_eq!(&m[17..49], &[9u8; 32]);
		assert_eq!(&m[49..57], &7u64.to_le_bytes());
		assert_eq!(&m[57..73], &700u128.to_le_bytes());
		// One modality: compact length 1, Text = 0, then tokens in and out.
		assert_eq!(m[73], 4);
		assert_eq!(m[74], 0);
		assert_eq!(&m[75..83], &100u64.to_le_bytes());
		assert_eq!(&m[83..91], &50u64.to_le_bytes());
		assert_eq!(&m[91..123], &[5u8; 32]);
		assert_eq!(&m[123..], &3u64.to_le_bytes());
	}

	#[test]
	fn the_priced_book_checks_tokens_and_price_as_the_chain_does() {
		let pair = agent();
		let genesis = [1u8; 32];
		let mut book = PricedVoucherBook::new(0, pair.public().0, genesis, card());
		let v1 = PricedVoucher::at_prices(0, &card(), vec![text(100, 50)], [1; 32], 1).unwrap();
		let sig1 = v1.sign(&pair, genesis);
		assert_eq!(book.accept(v1.clone(), sig1), Ok(()));
		let mut overpriced =
			PricedVoucher::at_prices(0, &card(), vec![text(200, 50)], [2; 32], 2).unwrap();
		overpriced.cumulative += 1;
		let sig = overpriced.sign(&pair, genesis);
		assert_eq!(book.accept(overpriced, sig), Err(Refusal::PriceMismatch));
		let fewer = PricedVoucher::at_prices(0, &card(), vec![text(50, 60)], [2; 32], 2).unwrap();
		let sig = fewer.sign(&pair, genesis);
		assert_eq!(book.accept(fewer, sig), Err(Refusal::UsageDecreased));
		let twice = PricedVoucher {
			channel: 0,
			cumulative: 1_400,
			usage: vec![text(100, 50), text(100, 50)],
			records_root: [2; 32],
			nonce: 2,
		};
		let sig = twice.sign(&pair, genesis);
		assert_eq!(book.accept(twice, sig), Err(Refusal::DuplicateModality));
		assert_eq!(book.accept(v1.clone(), sig1), Err(Refusal::Stale));
		let v2 = PricedVoucher::at_prices(0, &card(), vec![text(300, 60)], [2; 32], 2).unwrap();
		let other = sr25519::Pair::from_string("//Eve", None).unwrap();
		assert_eq!(book.accept(v2.clone(), v2.sign(&other, genesis)), Err(Refusal::BadSignature));
		let mut tampered = v2.clone();
		tampered.records_root = [3; 32];
		assert_eq!(book.accept(tampered, v2.sign(&pair, genesis)), Err(Refusal::BadSignature));
		assert_eq!(book.accept(v2.clone(), v2.sign(&pair, genesis)), Ok(()));
		assert_eq!(book.latest().map(|(v, _)| v.cumulative), Some(1_200));
	}

	#[test]
	fn the_book_keeps_only_newer_vouchers_signed_by_the_agent() {
		let pair = agent();
		let genesis = [1u8; 32];
		let mut book = VoucherBook::new(0, pair.public().0, genesis);
		let v1 = Voucher { channel: 0, cumulative: 10, nonce: 1 };
		let v2 = Voucher { channel: 0, cumulative: 25, nonce: 2 };
		assert_eq!(book.accept(v1, v1.sign(&pair, genesis)), Ok(()));
		assert_eq!(book.accept(v2, v2.sign(&pair, genesis)), Ok(()));
		assert_eq!(book.accept(v1, v1.sign(&pair, genesis)), Err(Refusal::Stale));
		let lower = Voucher { channel: 0, cumulative: 5, nonce: 3 };
		assert_eq!(book.accept(lower, lower.sign(&pair, genesis)), Err(Refusal::Decreased));
		let other = sr25519::Pair::from_string("//Eve", None).unwrap();
		let v3 = Voucher { channel: 0, cumulative: 30, nonce: 3 };
		assert_eq!(book.accept(v3, v3.sign(&other, genesis)), Err(Refusal::BadSignature));
		// Signed for another chain: refused.
		assert_eq!(book.accept(v3, v3.sign(&pair, [2u8; 32])), Err(Refusal::BadSignature));
		let wrong = Voucher { channel: 1, cumulative: 30, nonce: 3 };
		assert_eq!(book.accept(wrong, wrong.sign(&pair, genesis)), Err(Refusal::WrongChannel));
		assert_eq!(book.latest().map(|(v, _)| v), Some(v2));
	}
}
