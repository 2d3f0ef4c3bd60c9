//! Escrow of claims for settlement, and the ledger's view of it: locked claims are frozen in
//! the ledger (pallet-assets asks `FrozenBalance`), so no path moves them.

use crate::pallet::{Classes, Config, Error, Event, Locked, Pallet};
use compute_ledger_primitives::{AssetClass, ClaimClassId, ClaimEscrow, Compliance};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungibles::{Inspect, Mutate},
		tokens::Preservation,
	},
};
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> ClaimEscrow<T::AccountId, T::Balance> for Pallet<T> {
	fn class_exists(class: ClaimClassId) -> bool {
		Classes::<T>::contains_key(class)
	}

	fn lock(class: ClaimClassId, who: &T::AccountId, amount: T::Balance) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(Classes::<T>::contains_key(class), Error::<T>::UnknownClass);
		let locked = Locked::<T>::get(class, who);
		let balance = T::Ledger::balance(class, who);
		ensure!(balance.saturating_sub(locked) >= amount, Error::<T>::InsufficientClaims);
		Locked::<T>::insert(class, who, locked.saturating_add(amount));
		Self::deposit_event(Event::ClaimsLocked { class, who: who.clone(), amount });
		Ok(())
	}

	fn unlock(class: ClaimClassId, who: &T::AccountId, amount: T::Balance) {
		let locked = Locked::<T>::get(class, who);
		let released = locked.min(amount);
		let rest = locked.saturating_sub(released);
		if rest.is_zero() {
			Locked::<T>::remove(class, who);
		} else {
			Locked::<T>::insert(class, who, rest);
		}
		if !released.is_zero() {
			Self::deposit_event(Event::ClaimsUnlocked {
				class,
				who: who.clone(),
				amount: released,
			});
		}
	}

	fn locked(class: ClaimClassId, who: &T::AccountId) -> T::Balance {
		Locked::<T>::get(class, who)
	}

	fn deliver_locked(
		class: ClaimClassId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: T::Balance,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let locked = Locked::<T>::get(class, from);
		ensure!(locked >= amount, Error::<T>::InsufficientClaims);
		T::Compliance::can_transfer(&AssetClass::Claim(class), from, to, amount)?;
		// The ledger refuses to move frozen claims; lift the lock for the moment of the
		// delivery so that exactly the locked claims move, then keep the rest locked.
		Locked::<T>::remove(class, from);
		let moved = T::Ledger::transfer(class, from, to, amount, Preservation::Expendable);
		Locked::<T>::insert(class, from, locked);
		moved?;
		Self::note_moved(class, from, to);
		Self::unlock(class, from, amount);
		Self::deposit_event(Event::ClaimsTransferred {
			class,
			from: from.clone(),
			to: to.clone(),
			amount,
		});
		Ok(())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn claims_for_benchmarks(who: &T::AccountId, amount: T::Balance) -> ClaimClassId {
		use compute_ledger_primitives::{ComputeAssetInspect, MeteredOutput};
		let asset = T::Assets::active_asset_for_benchmarks(who);
		let units: u64 = amount.try_into().unwrap_or(u64::MAX);
		T::Metering::finalise_for_benchmarks(
			asset,
			0,
			units.saturating_mul(T::TokensPerClaim::get()),
		);
		Self::do_mint(who.clone(), asset, 0, amount).expect("a Final report backs the claims");
		crate::pallet::ClassOf::<T>::get((asset, 0)).expect("minted")
	}
}

/// Locked claims are frozen in the ledger.
impl<T: Config> pallet_assets::FrozenBalance<ClaimClassId, T::AccountId, T::Balance> for Pallet<T> {
	fn frozen_balance(class: ClaimClassId, who: &T::AccountId) -> Option<T::Balance> {
		let locked = Locked::<T>::get(class, who);
		(!locked.is_zero()).then_some(locked)
	}

	fn died(class: ClaimClassId, who: &T::AccountId) {
		Locked::<T>::remove(class, who);
	}

	fn contains_freezes(_class: ClaimClassId) -> bool {
		// Conservative: the ledger then asks `frozen_balance` for every account.
		true
	}
}
