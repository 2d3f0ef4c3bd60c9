//! # Stable value
//!
//! The one stable-value currency claims are priced and settled in (a CBDC or a bank-issued,
//! reserve-backed unit of account). Its symbol and decimals are set at genesis. Issuers
//! (active participants with the Issuer role) mint up to the cap the compliance officer gives
//! them, each mint against a reserve attestation (amount and reserve-proof hash), and burn
//! what they redeem from their own account.
//!
//! Balances live in a fungible ledger (a pallet-balances instance in the runtime, its own
//! calls disabled): free, held (escrow of orders, instructions and channels, through the
//! `fungible::MutateHold` of the ledger) and frozen (a regulator freeze of an amount). Every
//! transfer made here passes the compliance check of `AssetClass::StableValue`.
//!
//! Conservation: the ledger's total issuance equals the sum of all balances and equals the
//! sum of what every issuer has outstanding; only `mint` and `burn` change it.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
mod impl_currency;
mod impl_recovery;
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
		AgentSpending, Compliance, ParticipantRegistry, ReasonCode, Role,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Inspect, Mutate, MutateFreeze, MutateHold},
	};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;
	use sp_runtime::traits::{AtLeast32BitUnsigned, MaybeSerializeDeserialize};

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
			+ MaybeSerializeDeserialize
			+ From<u64>;
		/// The stable-value ledger (a pallet-balances instance whose calls are disabled).
		type Currency: Inspect<Self::AccountId, Balance = Self::Balance>
			+ Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId>
			+ MutateFreeze<Self::AccountId, Id = Self::RuntimeFreezeReason>;
		type RuntimeFreezeReason: From<FreezeReason>;
		type Participants: ParticipantRegistry<Self::AccountId>;
		type Compliance: Compliance<Self::AccountId, Self::Balance>;
		/// An agent's transfers stay within its mandate.
		type Spending: AgentSpending<Self::AccountId, Self::Balance>;
		/// Sets issuers' caps (the compliance officer).
		type CapOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Freezes and thaws stable value (the regulator).
		type RegulatorOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Longest currency symbol, in bytes.
		#[pallet::constant]
		type MaxSymbolLen: Get<u32>;

		type WeightInfo: WeightInfo;
	}

	/// Why this pallet freezes stable value.
	#[pallet::composite_enum]
	pub enum FreezeReason {
		/// A regulator froze an amount of the account's stable value.
		Regulator,
	}

	/// The currency's symbol (set at genesis).
	#[pallet::storage]
	pub type Symbol<T: Config> = StorageValue<_, BoundedVec<u8, T::MaxSymbolLen>, ValueQuery>;

	/// Decimal places of the smallest unit (set at genesis).
	#[pallet::storage]
	pub type Decimals<T: Config> = StorageValue<_, u8, ValueQuery>;

	/// Each issuer's cap on what it may have outstanding.
	#[pallet::storage]
	pub type IssuerCaps<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, T::Balance>;

	/// What each issuer has minted and not yet burnt.
	#[pallet::storage]
	pub type Outstanding<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, T::Balance, ValueQuery>;

	/// Every mint's reserve attestation, by attestation id.
	#[pallet::storage]
	pub type Attestations<T: Config> = StorageMap<_, Blake2_128Concat, u64, ReserveAttestation<T>>;

	#[pallet::storage]
	pub type NextAttestation<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// The amount of each account's stable value a regulator froze, with the reason.
	#[pallet::storage]
	pub type RegulatorFreezes<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, (T::Balance, ReasonCode)>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Currency symbol, such as "EURD".
		pub symbol: alloc::vec::Vec<u8>,
		pub decimals: u8,
		/// Issuers and their caps (each must be admitted with the Issuer role at genesis).
		pub issuers: alloc::vec::Vec<(T::AccountId, T::Balance)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let symbol: BoundedVec<u8, T::MaxSymbolLen> =
				self.symbol.clone().try_into().expect("symbol within MaxSymbolLen");
			Symbol::<T>::put(symbol);
			Decimals::<T>::put(self.decimals);
			for (issuer, cap) in &self.issuers {
				IssuerCaps::<T>::insert(issuer, cap);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		IssuerCapSet {
			issuer: T::AccountId,
			cap: T::Balance,
		},
		/// An issuer minted against a reserve attestation.
		Minted {
			issuer: T::AccountId,
			amount: T::Balance,
			attestation: u64,
			reserve_proof: H256,
		},
		/// An issuer burnt stable value it redeemed.
		Burned {
			issuer: T::AccountId,
			amount: T::Balance,
		},
		Transferred {
			from: T::AccountId,
			to: T::AccountId,
			amount: T::Balance,
		},
		/// A regulator froze `amount` of the account's stable value.
		FundsFrozen {
			who: T::AccountId,
			amount: T::Balance,
			reason: ReasonCode,
		},
		FundsThawed {
			who: T::AccountId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Amounts must be above zero.
		ZeroAmount,
		/// The account has no issuance cap.
		NotAnIssuer,
		/// Minting this would put the issuer's outstanding issuance above its cap.
		CapExceeded,
		/// An issuer burns at most what it has outstanding.
		BurnExceedsOutstanding,
		/// Not enough free (not held, not frozen) stable value.
		InsufficientBalance,
		/// A holder cannot send stable value to itself.
		SelfTransfer,
		/// The regulator froze the account's stable value.
		FundsFrozen,
		/// The account has no regulator freeze.
		NotFrozen,
		/// A forced recovery found stable value of the lost account still held by an affirmed
		/// instruction, a channel deposit or a conditional payment: end those first.
		ValueStillHeld,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// The compliance officer sets (or, with zero, withdraws) an issuer's cap. The issuer
		/// must be an active participant with the Issuer role.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_issuer_cap())]
		pub fn set_issuer_cap(
			origin: OriginFor<T>,
			issuer: T::AccountId,
			cap: T::Balance,
		) -> DispatchResult {
			T::CapOrigin::ensure_origin(origin)?;
			Self::do_set_issuer_cap(issuer, cap)
		}

		/// An issuer mints `amount` to its own account against a reserve attestation.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::mint())]
		pub fn mint(
			origin: OriginFor<T>,
			#[pallet::compact] amount: T::Balance,
			reserve_proof: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_role(&who, Role::Issuer)?;
			Self::do_mint(who, amount, reserve_proof)
		}

		/// An issuer burns `amount` from its own account (redeemed against its reserves).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::burn())]
		pub fn burn(origin: OriginFor<T>, #[pallet::compact] amount: T::Balance) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_role(&who, Role::Issuer)?;
			Self::do_burn(who, amount)
		}

		/// Sends stable value, if the compliance rules of stable value allow it.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::transfer())]
		pub fn transfer(
			origin: OriginFor<T>,
			to: T::AccountId,
			#[pallet::compact] amount: T::Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_transfer(&who, &to, amount)
		}

		/// The regulator freezes `amount` of an account's stable value (replacing any earlier
		/// freeze); frozen funds cannot be moved or held.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::freeze_funds())]
		pub fn freeze_funds(
			origin: OriginFor<T>,
			who: T::AccountId,
			#[pallet::compact] amount: T::Balance,
			reason: ReasonCode,
		) -> DispatchResult {
			T::RegulatorOrigin::ensure_origin(origin)?;
			Self::do_freeze_funds(who, amount, reason)
		}

		/// The regulator lifts its freeze of an account's stable value.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::thaw_funds())]
		pub fn thaw_funds(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::RegulatorOrigin::ensure_origin(origin)?;
			Self::do_thaw_funds(who)
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}
}
