//! # Operations
//!
//! Running the network for years. A runtime upgrade is forkless and governed: the council
//! authorizes the hash of the new runtime by motion ([`Pallet::authorize_upgrade`], two thirds
//! of the council, or root on the dev chain), then anyone submits the code itself with
//! `System.apply_authorized_upgrade`, which checks it against the hash and that its spec
//! version is higher, and pays no fee when it succeeds. The new runtime's migrations run in
//! the first block it executes, once (`Executive` compares the stored spec version), each
//! versioned so that it runs only on storage of the version it migrates from.
//!
//! `System.authorize_upgrade` does the same for root alone; this pallet lets the network's
//! governance body do it, and keeps the code out of the motion (only its hash is voted on).
#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// Bumped with a migration whenever a stored type changes.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Authorizes runtime upgrades (the council by motion, or root).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		type WeightInfo: WeightInfo;
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Authorizes the runtime whose code hashes (blake2-256) to `code_hash`: anyone may
		/// then apply it with `System.apply_authorized_upgrade(code)`, and only if its spec
		/// name is this chain's and its spec version is higher. A later authorization
		/// replaces an earlier one. Emits `System.UpgradeAuthorized`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::authorize_upgrade())]
		pub fn authorize_upgrade(origin: OriginFor<T>, code_hash: T::Hash) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_authorize_upgrade(code_hash);
			Ok(())
		}
	}
}
