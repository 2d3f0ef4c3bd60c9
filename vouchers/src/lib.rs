//! Pay-per-token vouchers, off chain. An agent signs one voucher per served request; the
//! provider keeps the latest and claims with it on chain (`Channels.claim`), where the runtime
//! verifies the same bytes against the agent's account. This crate is the one place that
//! knows the byte layout, so that agents and providers never hand-roll it:
//!
//! `"cl/voucher"` ‖ genesis hash (32 bytes) ‖ channel id (u64 LE) ‖ cumulative (u128 LE) ‖
//! nonce (u64 LE), which is the SCALE encoding of that tuple.

use codec::Encode;
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
