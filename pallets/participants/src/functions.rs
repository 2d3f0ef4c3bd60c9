//! The registry's logic. Every `do_*` checks everything before it writes anything.

use crate::{pallet::*, Participant};
use compute_ledger_primitives::{
	Jurisdiction, ParticipantRegistry, ParticipantStatus, ReasonCode, RecoverHoldings, Role,
	RoleSet,
};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, InspectFreeze, MutateFreeze},
		Contains,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{Bounded, Saturating, Zero};

use crate::weights::WeightInfo;

impl<T: Config> Pallet<T> {
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// A registrar that is itself a participant may not edit its own record, and only
	/// governance (`None`) grants or withdraws the Registrar and Issuer roles.
	pub(crate) fn ensure_registrar_may_touch(
		registrar: &Option<T::AccountId>,
		who: &T::AccountId,
		new_roles: Option<RoleSet>,
	) -> DispatchResult {
		let Some(registrar) = registrar else {
			return Ok(());
		};
		ensure!(registrar != who, Error::<T>::CannotModifySelf);
		if let Some(roles) = new_roles {
			let had = Participants::<T>::get(who)
				.filter(|p| p.status != ParticipantStatus::Revoked)
				.map(|p| p.roles)
				.unwrap_or_default();
			ensure!(
				roles.contains(Role::Registrar) == had.contains(Role::Registrar),
				Error::<T>::RegistrarRoleNeedsGovernance
			);
			ensure!(
				roles.contains(Role::Issuer) == had.contains(Role::Issuer),
				Error::<T>::IssuerRoleNeedsGovernance
			);
		}
		Ok(())
	}

	/// A registrar admits new accounts only: bringing back a revoked one is governance's.
	pub(crate) fn ensure_registrar_may_admit(
		registrar: &Option<T::AccountId>,
		who: &T::AccountId,
		roles: RoleSet,
	) -> DispatchResult {
		if registrar.is_some() {
			let revoked =
				Participants::<T>::get(who).is_some_and(|p| p.status == ParticipantStatus::Revoked);
			ensure!(!revoked, Error::<T>::ReadmissionNeedsGovernance);
		}
		Self::ensure_registrar_may_touch(registrar, who, Some(roles))
	}

	/// Whether only governance may change the standing of `who`: a holder of the Registrar or
	/// Issuer role, or an account the runtime protects (council, sudo, validators, trusted
	/// auditors).
	pub fn is_protected(who: &T::AccountId) -> bool {
		let privileged = Participants::<T>::get(who).is_some_and(|p| {
			p.status != ParticipantStatus::Revoked
				&& (p.roles.contains(Role::Registrar) || p.roles.contains(Role::Issuer))
		});
		privileged || T::ProtectedAccounts::contains(who)
	}

	/// Suspending, reinstating, revoking or re-roling a protected account is governance's.
	pub(crate) fn ensure_not_protected(
		registrar: &Option<T::AccountId>,
		who: &T::AccountId,
	) -> DispatchResult {
		if registrar.is_some() {
			ensure!(!Self::is_protected(who), Error::<T>::ProtectedAccount);
		}
		Ok(())
	}

	/// A registrar may renew the KYC of a protected account but never shorten it (an expiry
	/// in the next block would suspend the account in all but name).
	pub(crate) fn ensure_registrar_may_renew(
		registrar: &Option<T::AccountId>,
		who: &T::AccountId,
		kyc_expiry: BlockNumberFor<T>,
	) -> DispatchResult {
		if registrar.is_some() && Self::is_protected(who) {
			let current = Participants::<T>::get(who).map(|p| p.kyc_expiry).unwrap_or_default();
			ensure!(kyc_expiry >= current, Error::<T>::ProtectedAccount);
		}
		Ok(())
	}

	fn ensure_valid_record(
		roles: RoleSet,
		jurisdiction: &Jurisdiction,
		kyc_expiry: BlockNumberFor<T>,
	) -> DispatchResult {
		ensure!(!roles.is_empty() && roles.is_valid(), Error::<T>::InvalidRoles);
		ensure!(jurisdiction.is_valid(), Error::<T>::InvalidJurisdiction);
		ensure!(kyc_expiry > Self::now(), Error::<T>::KycExpiryInPast);
		Ok(())
	}

	/// The record of a participant that is not revoked.
	fn live_record(who: &T::AccountId) -> Result<Participant<BlockNumberFor<T>>, DispatchError> {
		let p = Participants::<T>::get(who).ok_or(Error::<T>::NotAdmitted)?;
		ensure!(p.status != ParticipantStatus::Revoked, Error::<T>::ParticipantRevoked);
		Ok(p)
	}

	pub fn do_admit(
		who: T::AccountId,
		roles: RoleSet,
		jurisdiction: Jurisdiction,
		kyc_expiry: BlockNumberFor<T>,
	) -> DispatchResult {
		Self::ensure_valid_record(roles, &jurisdiction, kyc_expiry)?;
		let existing = Participants::<T>::get(&who);
		ensure!(
			existing.as_ref().is_none_or(|p| p.status == ParticipantStatus::Revoked),
			Error::<T>::AlreadyAdmitted
		);
		if existing.is_none() {
			ParticipantCount::<T>::mutate(|c| *c = c.saturating_add(1));
		}
		Participants::<T>::insert(
			&who,
			Participant {
				roles,
				jurisdiction,
				kyc_expiry,
				status: ParticipantStatus::Active,
				admitted_at: Self::now(),
			},
		);
		Self::deposit_event(Event::Admitted { who, roles, jurisdiction, kyc_expiry });
		Ok(())
	}

	pub fn do_update_roles(who: T::AccountId, roles: RoleSet) -> DispatchResult {
		ensure!(!roles.is_empty() && roles.is_valid(), Error::<T>::InvalidRoles);
		let mut p = Self::live_record(&who)?;
		p.roles = roles;
		Participants::<T>::insert(&who, p);
		Self::deposit_event(Event::RolesUpdated { who, roles });
		Ok(())
	}

	pub fn do_renew_kyc(who: T::AccountId, kyc_expiry: BlockNumberFor<T>) -> DispatchResult {
		ensure!(kyc_expiry > Self::now(), Error::<T>::KycExpiryInPast);
		let mut p = Self::live_record(&who)?;
		p.kyc_expiry = kyc_expiry;
		Participants::<T>::insert(&who, p);
		Self::deposit_event(Event::KycRenewed { who, kyc_expiry });
		Ok(())
	}

	pub fn do_suspend(who: T::AccountId, reason: ReasonCode) -> DispatchResult {
		let mut p = Self::live_record(&who)?;
		ensure!(p.status == ParticipantStatus::Active, Error::<T>::NotActive);
		p.status = ParticipantStatus::Suspended { reason };
		Participants::<T>::insert(&who, p);
		Self::deposit_event(Event::Suspended { who, reason });
		Ok(())
	}

	pub fn do_reinstate(who: T::AccountId, reason: ReasonCode) -> DispatchResult {
		let mut p = Self::live_record(&who)?;
		ensure!(matches!(p.status, ParticipantStatus::Suspended { .. }), Error::<T>::NotSuspended);
		p.status = ParticipantStatus::Active;
		Participants::<T>::insert(&who, p);
		Self::deposit_event(Event::Reinstated { who, reason });
		Ok(())
	}

	pub fn do_revoke(who: T::AccountId, reason: ReasonCode) -> DispatchResult {
		let mut p = Self::live_record(&who)?;
		p.status = ParticipantStatus::Revoked;
		// No role survives a revocation for a later admission to restore silently.
		p.roles = RoleSet::default();
		Participants::<T>::insert(&who, p);
		Self::deposit_event(Event::Revoked { who, reason });
		Ok(())
	}

	pub fn do_freeze(who: T::AccountId, reason: ReasonCode) -> DispatchResult {
		ensure!(Participants::<T>::contains_key(&who), Error::<T>::NotAdmitted);
		ensure!(!Frozen::<T>::contains_key(&who), Error::<T>::AlreadyFrozen);
		// Freezing the whole native balance stops it moving on every path (direct, batch,
		// proxy), fees included; the compliance check stops every other asset class and any
		// native transfer of an account that holds no native balance (one that only holds
		// claims or stable value has no provider a native freeze could hang on).
		if !<T::NativeBalance as Inspect<T::AccountId>>::total_balance(&who).is_zero() {
			T::NativeBalance::set_freeze(
				&FreezeReason::Regulator.into(),
				&who,
				<T::NativeBalance as Inspect<T::AccountId>>::Balance::max_value(),
			)?;
		}
		let lapses_at = Self::now().saturating_add(T::FreezeLapse::get());
		LapseQueue::<T>::try_mutate(|queue| queue.try_push((lapses_at, who.clone())))
			.map_err(|_| Error::<T>::TooManyUnconfirmedFreezes)?;
		Unconfirmed::<T>::insert(&who, lapses_at);
		Frozen::<T>::insert(&who, reason);
		Self::deposit_event(Event::Frozen { who, reason });
		Ok(())
	}

	pub fn do_unfreeze(who: T::AccountId) -> DispatchResult {
		ensure!(Frozen::<T>::take(&who).is_some(), Error::<T>::NotFrozen);
		Unconfirmed::<T>::remove(&who);
		Self::thaw_native(&who)?;
		Self::deposit_event(Event::Unfrozen { who });
		Ok(())
	}

	pub fn do_confirm_freeze(who: T::AccountId) -> DispatchResult {
		ensure!(Unconfirmed::<T>::take(&who).is_some(), Error::<T>::NotUnconfirmed);
		Self::deposit_event(Event::FreezeConfirmed { who });
		Ok(())
	}

	/// Lifts every unconfirmed freeze whose block has come: at most `MaxUnconfirmedFreezes`
	/// in one block, each weighed as an unfreeze.
	pub(crate) fn lapse_freezes(now: BlockNumberFor<T>) -> Weight {
		let mut queue = LapseQueue::<T>::get();
		let due = queue.iter().take_while(|(at, _)| *at <= now).count();
		let mut weight = T::DbWeight::get().reads(1);
		if due == 0 {
			return weight;
		}
		for (at, who) in queue.drain(..due) {
			weight = weight.saturating_add(T::WeightInfo::unfreeze());
			// Unfrozen, confirmed or frozen again since: not this entry's to lift.
			if Unconfirmed::<T>::get(&who) != Some(at) {
				continue;
			}
			Unconfirmed::<T>::remove(&who);
			Frozen::<T>::remove(&who);
			if Self::thaw_native(&who).is_err() {
				frame_support::defensive!("a lapsed freeze's native balance could not be thawed");
			}
			Self::deposit_event(Event::FreezeLapsed { who });
		}
		LapseQueue::<T>::put(queue);
		weight.saturating_add(T::DbWeight::get().writes(1))
	}

	fn thaw_native(who: &T::AccountId) -> DispatchResult {
		let reason = FreezeReason::Regulator.into();
		if !T::NativeBalance::balance_frozen(&reason, who).is_zero() {
			T::NativeBalance::thaw(&reason, who)?;
		}
		Ok(())
	}

	pub fn do_recover_account(
		lost: T::AccountId,
		new: T::AccountId,
		reason: ReasonCode,
	) -> DispatchResult {
		ensure!(lost != new, Error::<T>::SameAccount);
		let mut record = Participants::<T>::get(&lost).ok_or(Error::<T>::NotAdmitted)?;
		Self::ensure_active(&new)?;
		ensure!(!Frozen::<T>::contains_key(&new), Error::<T>::RecoveryTargetFrozen);
		// A frozen lost account is thawed first: the holdings move under the regulator's
		// authority, and the account is revoked right after.
		if Frozen::<T>::take(&lost).is_some() {
			Unconfirmed::<T>::remove(&lost);
			Self::thaw_native(&lost)?;
		}
		T::Recovery::recover(&lost, &new)?;
		record.status = ParticipantStatus::Revoked;
		record.roles = RoleSet::default();
		Participants::<T>::insert(&lost, record);
		Self::deposit_event(Event::AccountRecovered { lost, new, reason });
		Ok(())
	}

	/// Invariants: the count matches the map, and every record is well formed.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut count = 0u32;
		for (_, p) in Participants::<T>::iter() {
			count += 1;
			ensure!(p.roles.is_valid(), "participant with invalid roles");
			ensure!(
				p.roles.is_empty() == (p.status == ParticipantStatus::Revoked),
				"a live participant without roles, or a revoked one with roles"
			);
			ensure!(p.jurisdiction.is_valid(), "participant with invalid jurisdiction");
		}
		ensure!(count == ParticipantCount::<T>::get(), "participant count out of sync");
		for (who, _) in Frozen::<T>::iter() {
			ensure!(Participants::<T>::contains_key(&who), "frozen account is not a participant");
		}
		let queue = LapseQueue::<T>::get();
		for (who, at) in Unconfirmed::<T>::iter() {
			ensure!(
				Frozen::<T>::contains_key(&who),
				"an unconfirmed freeze of an unfrozen account"
			);
			ensure!(queue.contains(&(at, who)), "an unconfirmed freeze that never lapses");
		}
		Ok(())
	}
}

impl<T: Config> Pallet<T> {
	/// A participant with the status that applies now.
	pub fn participant_view(
		who: &T::AccountId,
	) -> Option<crate::runtime_api::ParticipantView<T::AccountId, BlockNumberFor<T>>> {
		Participants::<T>::get(who).map(|p| Self::view_of(who.clone(), p))
	}

	/// Participants holding `role` (any, if `None`) after `start` in storage order.
	pub fn participants_view(
		role: Option<Role>,
		start: Option<T::AccountId>,
		limit: u32,
	) -> alloc::vec::Vec<crate::runtime_api::ParticipantView<T::AccountId, BlockNumberFor<T>>> {
		let iter = match start {
			Some(after) => Participants::<T>::iter_from(Participants::<T>::hashed_key_for(after)),
			None => Participants::<T>::iter(),
		};
		iter.filter(|(_, p)| role.is_none_or(|r| p.roles.contains(r)))
			.take(limit as usize)
			.map(|(who, p)| Self::view_of(who, p))
			.collect()
	}

	fn view_of(
		who: T::AccountId,
		p: Participant<BlockNumberFor<T>>,
	) -> crate::runtime_api::ParticipantView<T::AccountId, BlockNumberFor<T>> {
		crate::runtime_api::ParticipantView {
			effective_status: p.effective_status(Self::now()),
			frozen: Frozen::<T>::get(&who),
			account: who,
			roles: p.roles,
			jurisdiction: p.jurisdiction,
			kyc_expiry: p.kyc_expiry,
			status: p.status,
			admitted_at: p.admitted_at,
		}
	}
}
