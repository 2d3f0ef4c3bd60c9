//! # Claims
//!
//! Output-backed claims: a claim is a fungible entitlement to `TokensPerClaim` output tokens
//! produced by one compute asset in one epoch. The owner of an Active compute asset mints
//! claims of class (asset, epoch) against the epoch's Final meter report
//! ([`compute_ledger_primitives::MeteredOutput`]); the claims ever minted for a class never
//! exceed the reported output (the backing invariant). Claims move only through
//! [`Pallet::transfer`], which runs the compliance check; redeeming burns them and tells the
//! provider the entitlement was consumed. Minted − redeemed = outstanding, always.
//!
//! The balances live in a fungibles ledger (pallet-assets in the runtime), one ledger asset
//! per claim class, administered by this pallet's account. The ledger's own calls are not
//! reachable from outside the runtime, so no path bypasses compliance. Settlement sets
//! claims aside through [`compute_ledger_primitives::ClaimEscrow`]: locked claims stay the
//! holder's but are frozen in the ledger (this pallet is the ledger's `Freezer`).
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
mod impl_escrow;
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
		AssetId, ClaimClassId, Compliance, ComputeAssetInspect, Epoch, MeteredOutput,
		ParticipantRegistry, ReasonCode, Role,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::fungibles::{Create, Inspect, Mutate},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::AtLeast32BitUnsigned;

	/// 1: the holder index (`HeldClasses`, `HeldClassCount`); the runtime's `ClaimsV1`
	/// migration builds it on a chain made before.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Claim units.
		type Balance: Parameter
			+ Member
			+ AtLeast32BitUnsigned
			+ Copy
			+ Default
			+ MaxEncodedLen
			+ From<u64>
			+ TryInto<u64>;
		/// Where claim balances live: one ledger asset per claim class.
		type Ledger: Inspect<Self::AccountId, AssetId = ClaimClassId, Balance = Self::Balance>
			+ Mutate<Self::AccountId>
			+ Create<Self::AccountId>;
		type Participants: ParticipantRegistry<Self::AccountId>;
		type Assets: ComputeAssetInspect<Self::AccountId>;
		/// The Final metered output claims are minted against.
		type Metering: MeteredOutput;
		type Compliance: Compliance<Self::AccountId, Self::Balance>;

		/// Output tokens one claim unit entitles its holder to.
		#[pallet::constant]
		type TokensPerClaim: Get<u64>;
		/// Administers the ledger assets of the claim classes.
		#[pallet::constant]
		type PalletId: Get<PalletId>;
		/// Most energy sources recorded in a class's provenance.
		#[pallet::constant]
		type MaxEnergySources: Get<u32>;
		/// Most claim classes one forced recovery moves; an account holding more is refused
		/// (the regulator force-transfers classes first).
		#[pallet::constant]
		type MaxRecoveredClasses: Get<u32>;

		/// Forces a transfer of claims (the regulator, as T-REX's agent `forcedTransfer`).
		type ForceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		type WeightInfo: WeightInfo;
	}

	/// The claim class of each (asset, epoch) that has one.
	#[pallet::storage]
	pub type ClassOf<T: Config> = StorageMap<_, Blake2_128Concat, (AssetId, Epoch), ClaimClassId>;

	/// Every claim class with its provenance and backing.
	#[pallet::storage]
	pub type Classes<T: Config> = StorageMap<_, Blake2_128Concat, ClaimClassId, ClaimClass<T>>;

	/// Claims set aside for settlements (open sell orders, affirmed instruction legs); the
	/// ledger treats them as frozen.
	#[pallet::storage]
	pub type Locked<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		ClaimClassId,
		Blake2_128Concat,
		T::AccountId,
		T::Balance,
		ValueQuery,
	>;

	/// The id the next claim class gets.
	#[pallet::storage]
	pub type NextClassId<T: Config> = StorageValue<_, ClaimClassId, ValueQuery>;

	/// The classes each account holds claims of: what a forced recovery moves without
	/// scanning every class. An entry leaves when the holder's balance of the class is zero.
	#[pallet::storage]
	pub type HeldClasses<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		ClaimClassId,
		(),
		OptionQuery,
	>;

	/// How many classes each account holds claims of (the entries of `HeldClasses`).
	#[pallet::storage]
	pub type HeldClassCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The first mint against (asset, epoch) opened its claim class.
		ClassCreated {
			class: ClaimClassId,
			asset: AssetId,
			epoch: Epoch,
			report_id: sp_core::H256,
			reported_tokens_out: u64,
		},
		ClaimsMinted {
			class: ClaimClassId,
			owner: T::AccountId,
			amount: T::Balance,
		},
		ClaimsTransferred {
			class: ClaimClassId,
			from: T::AccountId,
			to: T::AccountId,
			amount: T::Balance,
		},
		/// Claims set aside for a settlement.
		ClaimsLocked {
			class: ClaimClassId,
			who: T::AccountId,
			amount: T::Balance,
		},
		/// Claims released from a settlement.
		ClaimsUnlocked {
			class: ClaimClassId,
			who: T::AccountId,
			amount: T::Balance,
		},
		/// The holder consumed `tokens` output tokens of `asset` in `epoch`: `provider` owes
		/// them.
		ClaimsRedeemed {
			class: ClaimClassId,
			holder: T::AccountId,
			amount: T::Balance,
			tokens: u64,
			asset: AssetId,
			epoch: Epoch,
			provider: T::AccountId,
		},
		/// The regulator moved claims without the holder's signature.
		ForcedTransfer {
			class: ClaimClassId,
			from: T::AccountId,
			to: T::AccountId,
			amount: T::Balance,
			reason: ReasonCode,
		},
		/// A forced recovery moved the lost account's claims of a class to its replacement.
		ClaimsRecovered {
			class: ClaimClassId,
			lost: T::AccountId,
			new: T::AccountId,
			amount: T::Balance,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The compute asset is unknown or not Active.
		AssetNotActive,
		/// Only the asset's owner mints its claims.
		NotAssetOwner,
		/// The epoch has no Final meter report (still collecting, contested, in its challenge
		/// window, disputed or rejected).
		OutputNotFinal,
		/// Minting this many would put more claims on the class than its metered output backs.
		ExceedsMeteredOutput,
		/// Amounts must be above zero.
		ZeroAmount,
		/// No such claim class.
		UnknownClass,
		/// The holder has fewer claims of the class than the amount.
		InsufficientClaims,
		/// A holder cannot send claims to itself.
		SelfTransfer,
		/// The regulator froze the account's value movements.
		AccountFrozen,
		/// No more claim class ids.
		ClassIdsExhausted,
		/// The recipient of a forced transfer or recovery is not an active participant, or is
		/// frozen.
		RecipientNotAllowed,
		/// The lost account holds claims of more classes than one recovery moves: force-transfer
		/// some classes first.
		TooManyClassesToRecover,
		/// Some of the lost account's claims are set aside for a settlement (an affirmed
		/// instruction leg): cancel or let it expire first.
		ClaimsInEscrow,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// The owner of an Active compute asset mints `amount` claims of class (asset, epoch)
		/// to itself, against the epoch's Final meter report.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::mint())]
		pub fn mint(
			origin: OriginFor<T>,
			asset: AssetId,
			epoch: Epoch,
			#[pallet::compact] amount: T::Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_role(&who, Role::AssetOwner)?;
			Self::do_mint(who, asset, epoch, amount)
		}

		/// Sends claims to another admitted account, if the class's compliance rules allow it.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::transfer())]
		pub fn transfer(
			origin: OriginFor<T>,
			class: ClaimClassId,
			to: T::AccountId,
			#[pallet::compact] amount: T::Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_transfer(who, class, to, amount)
		}

		/// Burns the holder's claims: the output tokens they entitle to were consumed.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::redeem())]
		pub fn redeem(
			origin: OriginFor<T>,
			class: ClaimClassId,
			#[pallet::compact] amount: T::Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_redeem(who, class, amount)
		}

		/// The regulator moves `amount` claims of `class` from `from` to `to` without `from`'s
		/// signature (a court order, a holder's lost key): only claims not set aside for a
		/// settlement, to an active participant that is not frozen. The class's transfer rules
		/// are not applied, as T-REX's `forcedTransfer` bypasses its compliance module.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::force_transfer())]
		pub fn force_transfer(
			origin: OriginFor<T>,
			class: ClaimClassId,
			from: T::AccountId,
			to: T::AccountId,
			#[pallet::compact] amount: T::Balance,
			reason: ReasonCode,
		) -> DispatchResult {
			T::ForceOrigin::ensure_origin(origin)?;
			Self::do_force_transfer(class, from, to, amount, reason)
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
