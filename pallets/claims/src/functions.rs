//! Claims logic. Every `do_*` checks everything before it writes anything.

use crate::{pallet::*, types::*};
use compute_ledger_primitives::{
	energy_shares, AssetClass, AssetId, ClaimClassId, Compliance, ComputeAssetInspect, Epoch,
	FinalOutput, MeteredOutput, ParticipantRegistry, ReasonCode,
};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungibles::{Create, Inspect, Mutate},
		tokens::{Fortitude, Precision, Preservation},
	},
	BoundedVec,
};
use sp_runtime::traits::{AccountIdConversion, Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// The account that administers the claim classes' ledger assets.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Claim units a report of `tokens_out` output tokens backs.
	pub fn units_backed(tokens_out: u64) -> T::Balance {
		T::Balance::from(tokens_out / T::TokensPerClaim::get().max(1))
	}

	/// Claim units that may still be minted against (asset, epoch) now.
	pub fn mintable(asset: AssetId, epoch: Epoch) -> T::Balance {
		let Some(output) = T::Metering::final_output(asset, epoch) else {
			return Zero::zero();
		};
		let minted = ClassOf::<T>::get((asset, epoch))
			.and_then(Classes::<T>::get)
			.map(|c| c.minted)
			.unwrap_or_default();
		Self::units_backed(output.tokens_out).saturating_sub(minted)
	}

	fn new_class(asset: AssetId, epoch: Epoch, output: &FinalOutput) -> ClaimClass<T> {
		// More sources than the bound cannot occur (the registry bounds power links); keep the
		// largest shares if it ever did.
		let mut mix = energy_shares(&output.energy_mix);
		mix.sort_by_key(|(_, share)| core::cmp::Reverse(*share));
		mix.truncate(T::MaxEnergySources::get() as usize);
		mix.sort_by_key(|(source, _)| *source);
		ClaimClass {
			asset,
			epoch,
			report_id: output.report_id,
			reported_tokens_out: output.tokens_out,
			tokens_per_kwh: output.tokens_per_kwh,
			energy_mix: BoundedVec::truncate_from(mix),
			minted: Zero::zero(),
			redeemed: Zero::zero(),
			created_at: frame_system::Pallet::<T>::block_number(),
		}
	}

	pub fn do_mint(
		owner: T::AccountId,
		asset: AssetId,
		epoch: Epoch,
		amount: T::Balance,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(T::Assets::is_active_compute(asset), Error::<T>::AssetNotActive);
		ensure!(
			T::Assets::compute_owner(asset).as_ref() == Some(&owner),
			Error::<T>::NotAssetOwner
		);
		ensure!(!T::Participants::is_frozen(&owner), Error::<T>::AccountFrozen);
		let output = T::Metering::final_output(asset, epoch).ok_or(Error::<T>::OutputNotFinal)?;

		let existing = ClassOf::<T>::get((asset, epoch));
		let (id, mut class) = match existing {
			Some(id) => (id, Classes::<T>::get(id).ok_or(Error::<T>::UnknownClass)?),
			None => (NextClassId::<T>::get(), Self::new_class(asset, epoch, &output)),
		};
		let minted = class.minted.saturating_add(amount);
		ensure!(
			minted <= Self::units_backed(class.reported_tokens_out),
			Error::<T>::ExceedsMeteredOutput
		);

		if existing.is_none() {
			let next = id.checked_add(1).ok_or(Error::<T>::ClassIdsExhausted)?;
			// Sufficient: a holder needs no native balance to hold claims. One unit minimum:
			// every claim unit is an entitlement, none is dust.
			T::Ledger::create(id, Self::account_id(), true, 1u64.into())?;
			NextClassId::<T>::put(next);
			ClassOf::<T>::insert((asset, epoch), id);
			Self::deposit_event(Event::ClassCreated {
				class: id,
				asset,
				epoch,
				report_id: class.report_id,
				reported_tokens_out: class.reported_tokens_out,
			});
		}
		T::Ledger::mint_into(id, &owner, amount)?;
		Self::note_received(&owner, id);
		class.minted = minted;
		Classes::<T>::insert(id, class);
		Self::deposit_event(Event::ClaimsMinted { class: id, owner, amount });
		Ok(())
	}

	fn ensure_holds(class: ClaimClassId, who: &T::AccountId, amount: T::Balance) -> DispatchResult {
		let free =
			T::Ledger::reducible_balance(class, who, Preservation::Expendable, Fortitude::Polite);
		ensure!(free >= amount, Error::<T>::InsufficientClaims);
		Ok(())
	}

	pub fn do_transfer(
		from: T::AccountId,
		class: ClaimClassId,
		to: T::AccountId,
		amount: T::Balance,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(from != to, Error::<T>::SelfTransfer);
		ensure!(Classes::<T>::contains_key(class), Error::<T>::UnknownClass);
		T::Compliance::can_transfer(&AssetClass::Claim(class), &from, &to, amount)?;
		Self::ensure_holds(class, &from, amount)?;
		T::Ledger::transfer(class, &from, &to, amount, Preservation::Expendable)?;
		Self::note_moved(class, &from, &to);
		Self::deposit_event(Event::ClaimsTransferred { class, from, to, amount });
		Ok(())
	}

	/// Keeps `HeldClasses` in step with a holder that received claims of `class`.
	pub(crate) fn note_received(who: &T::AccountId, class: ClaimClassId) {
		if !HeldClasses::<T>::contains_key(who, class) {
			HeldClasses::<T>::insert(who, class, ());
			HeldClassCount::<T>::mutate(who, |n| *n = n.saturating_add(1));
		}
	}

	/// Keeps `HeldClasses` in step with a holder whose claims of `class` went out.
	pub(crate) fn note_sent(who: &T::AccountId, class: ClaimClassId) {
		if T::Ledger::balance(class, who).is_zero() && HeldClasses::<T>::take(who, class).is_some()
		{
			HeldClassCount::<T>::mutate_exists(who, |n| {
				*n = n.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0)
			});
		}
	}

	pub(crate) fn note_moved(class: ClaimClassId, from: &T::AccountId, to: &T::AccountId) {
		Self::note_sent(from, class);
		Self::note_received(to, class);
	}

	/// A recipient the regulator may move claims to: active and not frozen.
	fn ensure_recipient(to: &T::AccountId) -> DispatchResult {
		ensure!(
			T::Participants::is_active(to) && !T::Participants::is_frozen(to),
			Error::<T>::RecipientNotAllowed
		);
		Ok(())
	}

	pub fn do_force_transfer(
		class: ClaimClassId,
		from: T::AccountId,
		to: T::AccountId,
		amount: T::Balance,
		reason: ReasonCode,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(from != to, Error::<T>::SelfTransfer);
		ensure!(Classes::<T>::contains_key(class), Error::<T>::UnknownClass);
		Self::ensure_recipient(&to)?;
		Self::ensure_holds(class, &from, amount)?;
		T::Ledger::transfer(class, &from, &to, amount, Preservation::Expendable)?;
		Self::note_moved(class, &from, &to);
		Self::deposit_event(Event::ForcedTransfer { class, from, to, amount, reason });
		Ok(())
	}

	/// Moves every claim `lost` holds to `new` (a forced recovery): refused, with nothing
	/// moved, if any of them is set aside for a settlement or there are too many classes.
	pub fn do_recover_claims(lost: &T::AccountId, new: &T::AccountId) -> DispatchResult {
		let count = HeldClassCount::<T>::get(lost);
		if count == 0 {
			return Ok(());
		}
		ensure!(count <= T::MaxRecoveredClasses::get(), Error::<T>::TooManyClassesToRecover);
		Self::ensure_recipient(new)?;
		let classes: alloc::vec::Vec<ClaimClassId> =
			HeldClasses::<T>::iter_key_prefix(lost).collect();
		for class in &classes {
			ensure!(Locked::<T>::get(class, lost).is_zero(), Error::<T>::ClaimsInEscrow);
		}
		for class in classes {
			let amount = T::Ledger::balance(class, lost);
			if !amount.is_zero() {
				T::Ledger::transfer(class, lost, new, amount, Preservation::Expendable)?;
				Self::deposit_event(Event::ClaimsRecovered {
					class,
					lost: lost.clone(),
					new: new.clone(),
					amount,
				});
			}
			Self::note_moved(class, lost, new);
		}
		Ok(())
	}

	pub fn do_redeem(
		holder: T::AccountId,
		class: ClaimClassId,
		amount: T::Balance,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut info = Classes::<T>::get(class).ok_or(Error::<T>::UnknownClass)?;
		ensure!(!T::Participants::is_frozen(&holder), Error::<T>::AccountFrozen);
		Self::ensure_holds(class, &holder, amount)?;
		// The provider is whoever owns the asset now; a retired asset keeps its owner.
		let provider = T::Assets::compute_owner(info.asset).ok_or(Error::<T>::AssetNotActive)?;
		T::Ledger::burn_from(
			class,
			&holder,
			amount,
			Preservation::Expendable,
			Precision::Exact,
			Fortitude::Polite,
		)?;
		Self::note_sent(&holder, class);
		info.redeemed = info.redeemed.saturating_add(amount);
		let units: u64 = amount.try_into().unwrap_or(u64::MAX);
		let tokens = units.saturating_mul(T::TokensPerClaim::get());
		let (asset, epoch) = (info.asset, info.epoch);
		Classes::<T>::insert(class, info);
		Self::deposit_event(Event::ClaimsRedeemed {
			class,
			holder,
			amount,
			tokens,
			asset,
			epoch,
			provider,
		});
		Ok(())
	}

	/// A claim class with its backing worked out.
	pub fn class_view(class: ClaimClassId) -> Option<ClaimClassView<T::Balance>> {
		let info = Classes::<T>::get(class)?;
		Some(ClaimClassView {
			class,
			asset: info.asset,
			epoch: info.epoch,
			report_id: info.report_id,
			reported_tokens_out: info.reported_tokens_out,
			tokens_per_kwh: info.tokens_per_kwh,
			energy_mix: info.energy_mix.into_inner(),
			tokens_per_claim: T::TokensPerClaim::get(),
			minted: info.minted,
			redeemed: info.redeemed,
			outstanding: info.minted.saturating_sub(info.redeemed),
			mintable: Self::mintable(info.asset, info.epoch),
		})
	}

	/// Claim classes in id order from `start`, at most `limit`.
	pub fn class_views(
		start: ClaimClassId,
		limit: u32,
	) -> alloc::vec::Vec<ClaimClassView<T::Balance>> {
		(start..NextClassId::<T>::get()).filter_map(Self::class_view).take(limit as usize).collect()
	}

	/// The backing invariant (never more claims minted than the Final output backs) and
	/// minted − redeemed = outstanding supply in the ledger, for every class.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (id, class) in Classes::<T>::iter() {
			ensure!(
				ClassOf::<T>::get((class.asset, class.epoch)) == Some(id),
				"class index out of sync"
			);
			ensure!(
				class.minted <= Self::units_backed(class.reported_tokens_out),
				"more claims minted than the metered output backs"
			);
			ensure!(
				T::Metering::final_tokens_out(class.asset, class.epoch)
					== Some(class.reported_tokens_out),
				"a claim class without the Final report it was minted against"
			);
			ensure!(class.redeemed <= class.minted, "more claims redeemed than minted");
			ensure!(
				T::Ledger::total_issuance(id) == class.minted.saturating_sub(class.redeemed),
				"minted - redeemed differs from the outstanding supply"
			);
		}
		ensure!(
			ClassOf::<T>::iter().count() == Classes::<T>::iter().count(),
			"class index out of sync"
		);
		for (class, who, locked) in Locked::<T>::iter() {
			ensure!(T::Ledger::balance(class, &who) >= locked, "more claims locked than held");
			ensure!(HeldClasses::<T>::contains_key(&who, class), "a holder missing from its index");
		}
		let mut counts = alloc::collections::BTreeMap::<T::AccountId, u32>::new();
		for (who, class, ()) in HeldClasses::<T>::iter() {
			ensure!(!T::Ledger::balance(class, &who).is_zero(), "an index entry without claims");
			*counts.entry(who).or_default() += 1;
		}
		ensure!(
			counts.len() == HeldClassCount::<T>::iter().count()
				&& counts.iter().all(|(who, n)| HeldClassCount::<T>::get(who) == *n),
			"held-class counts out of sync"
		);
		Ok(())
	}
}
