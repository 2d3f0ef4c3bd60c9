//! # Validators
//!
//! The governed validator set of a permissioned network. Governance (the council) adds and
//! removes validators; the change takes effect at a session boundary, where pallet-session
//! asks this pallet for the next set ([`pallet_session::SessionManager`]) and hands the
//! validators' Aura and GRANDPA session keys to consensus. Consensus itself is Substrate's
//! (Aura authors, GRANDPA finalises); this pallet only decides who takes part.
//!
//! A validator must have registered session keys (`Session.set_keys`, after
//! `author_rotateKeysWithOwner` on its node) before it can be added, and the set never
//! shrinks below `MinValidators`: GRANDPA finalises only while more than two thirds of the
//! set is online, so removing down to nothing would halt the chain.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
mod impl_session;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use weights::WeightInfo;

/// Benchmarks add validators that have session keys: the runtime registers them.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	fn register_keys(who: &AccountId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::ValidatorRegistration};
	use frame_system::pallet_prelude::*;

	/// Bumped with a migration whenever a stored type changes.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Adds and removes validators (the council, or root).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Whether an account has registered session keys (pallet-session).
		type KeysRegistered: ValidatorRegistration<Self::AccountId>;
		/// Most validators the set holds.
		#[pallet::constant]
		type MaxValidators: Get<u32>;
		/// Fewest validators the set keeps.
		#[pallet::constant]
		type MinValidators: Get<u32>;
		type WeightInfo: WeightInfo;
		/// Registers session keys for an account in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The validators, in the order they were added.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// Whether the set changed since pallet-session last asked for it.
	#[pallet::storage]
	pub type SetChanged<T: Config> = StorageValue<_, bool, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		pub validators: alloc::vec::Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let set: BoundedVec<_, _> = self
				.validators
				.clone()
				.try_into()
				.expect("genesis validators within MaxValidators");
			Validators::<T>::put(set);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A validator joins the set at the next session change but one.
		ValidatorAdded { who: T::AccountId },
		/// A validator leaves the set at the next session change but one.
		ValidatorRemoved { who: T::AccountId },
		/// pallet-session took the changed set for `session`.
		ValidatorSetQueued { session: u32, validators: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is a validator already.
		AlreadyValidator,
		/// The account is not a validator.
		NotValidator,
		/// The set is full (`MaxValidators`).
		TooManyValidators,
		/// Removing it would leave fewer than `MinValidators`.
		TooFewValidators,
		/// The account has not registered session keys (`Session.set_keys`).
		NoSessionKeys,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Adds `who` to the validator set from the session after next.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator(T::MaxValidators::get()))]
		pub fn add_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_add_validator(who)
		}

		/// Removes `who` from the validator set from the session after next.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_validator(T::MaxValidators::get()))]
		pub fn remove_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_remove_validator(who)
		}
	}
}
