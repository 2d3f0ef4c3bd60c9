//! # Channels
//!
//! Pay-per-token micro-payments. An agent opens a channel to a provider with a stable-value
//! deposit, held (not transferred) and within its mandate. Off chain, as tokens are served,
//! the agent signs vouchers (channel, cumulative amount, nonce); the provider keeps the
//! latest. On chain the provider claims with the latest voucher at any time: the signature
//! is verified in the runtime against the agent's account and only the increase over the
//! last claim is paid, so nothing is paid twice. The agent tops up; the provider closes at
//! once (cooperative close, after its last claim); the agent closes unilaterally with a
//! challenge window in which the provider's newer voucher still wins; the rest returns to
//! the agent.
//!
//! A priced channel is opened against a model's price card instead of a bare amount: its
//! vouchers sign, besides the cumulative amount, the cumulative tokens per modality and the
//! root of the usage records they cover, and the claim is refused unless the amount is
//! exactly what those tokens cost at the card in force when the channel opened. An agent's
//! operator can then prove what it paid per token, and a regulator can see it.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
pub mod migrations;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

/// Signing for the claim benchmark: the runtime signs with a key from the keystore.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, Signature> {
	/// A new account whose key can sign.
	fn signer() -> AccountId;
	/// `who`'s signature of `message`.
	fn sign(who: &AccountId, message: &[u8]) -> Signature;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use compute_ledger_primitives::{
		AgentSpending, CardIndex, Compliance, ModelId, ParticipantRegistry, PriceCatalog,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Inspect, Mutate, MutateHold},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{AtLeast32BitUnsigned, IdentifyAccount, Verify};

	/// Bumped with a migration whenever a stored type changes. Version 1: channels carry
	/// their pricing ([`migrations::v1`]).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

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
		/// The stable-value ledger; deposits are held in it.
		type Stable: Inspect<Self::AccountId, Balance = Self::Balance>
			+ Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		type RuntimeHoldReason: From<HoldReason>;
		type Participants: ParticipantRegistry<Self::AccountId>;
		type Compliance: Compliance<Self::AccountId, Self::Balance>;
		/// Deposits and top-ups stay within the agent's mandate.
		type Spending: AgentSpending<Self::AccountId, Self::Balance>;
		/// The models and price cards priced channels charge at.
		type Prices: PriceCatalog<Self::AccountId, Self::Balance, BlockNumberFor<Self>>;
		/// The signature an agent signs vouchers with (the chain's transaction signature).
		type Signature: Verify<Signer = Self::Signer> + Parameter;
		type Signer: IdentifyAccount<AccountId = Self::AccountId>;
		/// Makes an agent account that can sign vouchers, for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::Signature>;
		/// Blocks the provider has to claim after the agent asks to close.
		#[pallet::constant]
		type ChallengePeriod: Get<BlockNumberFor<Self>>;

		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds stable value.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// An open channel's deposit, not yet claimed.
		ChannelDeposit,
	}

	#[pallet::storage]
	pub type Channels<T: Config> = StorageMap<_, Blake2_128Concat, ChannelId, Channel<T>>;

	#[pallet::storage]
	pub type NextChannelId<T: Config> = StorageValue<_, ChannelId, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		ChannelOpened {
			id: ChannelId,
			agent: T::AccountId,
			provider: T::AccountId,
			deposit: T::Balance,
		},
		ToppedUp {
			id: ChannelId,
			amount: T::Balance,
			deposit: T::Balance,
		},
		/// The provider was paid the increase of a newer voucher.
		Claimed {
			id: ChannelId,
			amount: T::Balance,
			cumulative: T::Balance,
			nonce: u64,
		},
		/// The channel opened above charges by the token at a model's card.
		ChannelPriced {
			id: ChannelId,
			model: ModelId,
			card: CardIndex,
		},
		/// The claim above was for these cumulative tokens, covered by these usage records.
		UsageClaimed {
			id: ChannelId,
			usage: UsageOf,
			records_root: [u8; 32],
		},
		CloseRequested {
			id: ChannelId,
			until: BlockNumberFor<T>,
		},
		/// The channel closed; `refunded` returned to the agent.
		ChannelClosed {
			id: ChannelId,
			paid: T::Balance,
			refunded: T::Balance,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Amounts must be above zero.
		ZeroAmount,
		/// An agent cannot open a channel to itself.
		SelfChannel,
		/// Not enough free stable value for the deposit.
		InsufficientFunds,
		/// No such channel.
		UnknownChannel,
		/// Only the channel's agent does this.
		NotAgent,
		/// Only the channel's provider does this.
		NotProvider,
		/// The voucher's signature is not the agent's.
		BadSignature,
		/// The voucher's nonce is not above the last one claimed.
		StaleVoucher,
		/// The voucher owes less than was already claimed.
		CumulativeDecreased,
		/// The voucher owes more than the deposit.
		VoucherExceedsDeposit,
		/// The channel is closing: no top-ups.
		ChannelClosing,
		/// The channel is already closing.
		AlreadyClosing,
		/// The challenge window has not ended yet.
		ChallengeWindowOpen,
		/// The channel is open: only a closing channel is finalised.
		NotClosing,
		/// The challenge window has ended: the channel only waits to be finalised.
		WindowEnded,
		/// No model has this id.
		UnknownModel,
		/// The model is retired: no new channels charge at it.
		ModelNotServing,
		/// The model has no price card in force now.
		NoCardInForce,
		/// A priced channel is claimed with `claim_usage`, which checks the tokens.
		PricedChannel,
		/// The channel has no price card: it is claimed with `claim`.
		NotPriced,
		/// A voucher lists each modality once.
		DuplicateModality,
		/// A voucher counts fewer tokens of a modality than the last one claimed.
		UsageDecreased,
		/// The voucher's amount is not what its tokens cost at the channel's card.
		PriceMismatch,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// The agent opens a channel to `provider`, holding `deposit` of its stable value.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::open_channel())]
		pub fn open_channel(
			origin: OriginFor<T>,
			provider: T::AccountId,
			deposit: T::Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_open(who, provider, deposit)
		}

		/// The agent adds to the deposit of an open channel.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::top_up())]
		pub fn top_up(origin: OriginFor<T>, id: ChannelId, amount: T::Balance) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_top_up(who, id, amount)
		}

		/// The provider claims with the agent's latest voucher: it is paid the increase over
		/// its last claim.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::claim())]
		pub fn claim(
			origin: OriginFor<T>,
			id: ChannelId,
			cumulative: T::Balance,
			nonce: u64,
			signature: T::Signature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_claim(who, id, cumulative, nonce, signature)
		}

		/// The provider closes at once (after its last claim), or the agent asks to close and
		/// the challenge window starts.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::close())]
		pub fn close(origin: OriginFor<T>, id: ChannelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_close(who, id)
		}

		/// Anyone finalises a closing channel once its challenge window has ended.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::finalize_close())]
		pub fn finalize_close(origin: OriginFor<T>, id: ChannelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_finalize(id)
		}

		/// The agent opens a channel to the provider of `model`, holding `deposit`, charging
		/// by the token at the model's card in force now.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::open_priced_channel())]
		pub fn open_priced_channel(
			origin: OriginFor<T>,
			model: ModelId,
			deposit: T::Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_open_priced(who, model, deposit)
		}

		/// The provider claims a priced channel with the agent's latest voucher: the amount
		/// must be what the cumulative `usage` costs at the channel's card; the provider is
		/// paid the increase over its last claim.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::claim_usage(usage.len() as u32))]
		pub fn claim_usage(
			origin: OriginFor<T>,
			id: ChannelId,
			cumulative: T::Balance,
			usage: UsageOf,
			records_root: [u8; 32],
			nonce: u64,
			signature: T::Signature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_claim_usage(
				who,
				id,
				PricedVoucher { cumulative, usage, records_root, nonce },
				signature,
			)
		}
	}
}
