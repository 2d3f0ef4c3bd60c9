//! Stable-value logic. Every `do_*` checks everything before it writes anything.

use crate::{pallet::*, types::*};
use compute_ledger_primitives::{
	AgentSpending, AssetClass, Compliance, ParticipantRegistry, ReasonCode, Role, Spend,
};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, InspectFreeze, InspectHold, Mutate, MutateFreeze},
		tokens::{Fortitude, Precision, Preservation},
	},
};
use sp_core::H256;
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	pub fn do_set_issuer_cap(issuer: T::AccountId, cap: T::Balance) -> DispatchResult {
		if cap.is_zero() {
			IssuerCaps::<T>::remove(&issuer);
		} else {
			T::Participants::ensure_role(&issuer, Role::Issuer)?;
			IssuerCaps::<T>::insert(&issuer, cap);
		}
		Self::deposit_event(Event::IssuerCapSet { issuer, cap });
		Ok(())
	}

	pub fn do_mint(
		issuer: T::AccountId,
		amount: T::Balance,
		reserve_proof: H256,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let cap = IssuerCaps::<T>::get(&issuer).ok_or(Error::<T>::NotAnIssuer)?;
		ensure!(!T::Participants::is_frozen(&issuer), Error::<T>::FundsFrozen);
		let outstanding = Outstanding::<T>::get(&issuer).saturating_add(amount);
		ensure!(outstanding <= cap, Error::<T>::CapExceeded);

		T::Currency::mint_into(&issuer, amount)?;
		Outstanding::<T>::insert(&issuer, outstanding);
		let id = NextAttestation::<T>::get();
		NextAttestation::<T>::put(id.saturating_add(1));
		Attestations::<T>::insert(
			id,
			ReserveAttestation {
				issuer: issuer.clone(),
				amount,
				reserve_proof,
				at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Self::deposit_event(Event::Minted { issuer, amount, attestation: id, reserve_proof });
		Ok(())
	}

	pub fn do_burn(issuer: T::AccountId, amount: T::Balance) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let outstanding = Outstanding::<T>::get(&issuer);
		ensure!(amount <= outstanding, Error::<T>::BurnExceedsOutstanding);
		ensure!(!T::Participants::is_frozen(&issuer), Error::<T>::FundsFrozen);
		Self::ensure_free(&issuer, amount)?;
		T::Currency::burn_from(
			&issuer,
			amount,
			Preservation::Expendable,
			Precision::Exact,
			Fortitude::Polite,
		)?;
		Outstanding::<T>::insert(&issuer, outstanding.saturating_sub(amount));
		Self::deposit_event(Event::Burned { issuer, amount });
		Ok(())
	}

	/// Fails unless `who` can spend `amount` now (not held, not frozen).
	pub fn ensure_free(who: &T::AccountId, amount: T::Balance) -> DispatchResult {
		let free = T::Currency::reducible_balance(who, Preservation::Expendable, Fortitude::Polite);
		if free >= amount {
			return Ok(());
		}
		// Name the regulator's freeze when it is what stands in the way.
		let frozen = RegulatorFreezes::<T>::get(who).map(|(a, _)| a).unwrap_or_default();
		ensure!(free.saturating_add(frozen) < amount, Error::<T>::FundsFrozen);
		Err(Error::<T>::InsufficientBalance.into())
	}

	/// A compliant transfer of free stable value: the one path every pallet that pays in
	/// stable value uses (settlement, mandates and channels go through holds first).
	pub fn do_transfer(
		from: &T::AccountId,
		to: &T::AccountId,
		amount: T::Balance,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(from != to, Error::<T>::SelfTransfer);
		T::Compliance::can_transfer(&AssetClass::StableValue, from, to, amount)?;
		Self::ensure_free(from, amount)?;
		T::Spending::authorize(from, Spend::ToPayee(to), amount)?;
		T::Currency::transfer(from, to, amount, Preservation::Expendable)?;
		Self::deposit_event(Event::Transferred { from: from.clone(), to: to.clone(), amount });
		Ok(())
	}

	pub fn do_freeze_funds(
		who: T::AccountId,
		amount: T::Balance,
		reason: ReasonCode,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		T::Currency::set_freeze(&FreezeReason::Regulator.into(), &who, amount)?;
		RegulatorFreezes::<T>::insert(&who, (amount, reason));
		Self::deposit_event(Event::FundsFrozen { who, amount, reason });
		Ok(())
	}

	pub fn do_thaw_funds(who: T::AccountId) -> DispatchResult {
		ensure!(RegulatorFreezes::<T>::contains_key(&who), Error::<T>::NotFrozen);
		T::Currency::thaw(&FreezeReason::Regulator.into(), &who)?;
		RegulatorFreezes::<T>::remove(&who);
		Self::deposit_event(Event::FundsThawed { who });
		Ok(())
	}

	/// An account's stable value, split as a wallet shows it.
	pub fn balance_of(who: &T::AccountId) -> StableBalance<T::Balance> {
		let total = T::Currency::total_balance(who);
		let held = T::Currency::total_balance_on_hold(who);
		let frozen = T::Currency::balance_frozen(&FreezeReason::Regulator.into(), who);
		let free = T::Currency::reducible_balance(who, Preservation::Expendable, Fortitude::Polite);
		StableBalance { free, held, frozen, total }
	}

	pub fn currency_info() -> CurrencyInfo<T::Balance> {
		CurrencyInfo {
			symbol: Symbol::<T>::get().into_inner(),
			decimals: Decimals::<T>::get(),
			total_issuance: T::Currency::total_issuance(),
		}
	}

	pub fn issuer(who: &T::AccountId) -> Option<(T::Balance, T::Balance)> {
		IssuerCaps::<T>::get(who).map(|cap| (cap, Outstanding::<T>::get(who)))
	}

	/// Conservation: what the issuers have outstanding is exactly the ledger's total issuance
	/// (every unit in circulation was minted against reserves and not burnt). A lowered cap
	/// may sit below what an issuer has outstanding; it only stops new mints.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut sum = T::Balance::zero();
		for (_, outstanding) in Outstanding::<T>::iter() {
			sum = sum.saturating_add(outstanding);
		}
		ensure!(
			sum == T::Currency::total_issuance(),
			"issuers' outstanding issuance differs from the total issuance"
		);
		Ok(())
	}
}
