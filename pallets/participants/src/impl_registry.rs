//! The registry as other pallets see it.

use crate::pallet::{Config, Error, Frozen, Pallet, Participants};
use compute_ledger_primitives::{
	EffectiveStatus, Jurisdiction, ParticipantRegistry, Role, RoleSet,
};
use frame_support::{dispatch::DispatchResult, ensure};

impl<T: Config> ParticipantRegistry<T::AccountId> for Pallet<T> {
	fn effective_status(who: &T::AccountId) -> Option<EffectiveStatus> {
		Participants::<T>::get(who).map(|p| p.effective_status(Self::now()))
	}

	fn roles(who: &T::AccountId) -> RoleSet {
		Participants::<T>::get(who).map(|p| p.roles).unwrap_or_default()
	}

	fn jurisdiction(who: &T::AccountId) -> Option<Jurisdiction> {
		Participants::<T>::get(who).map(|p| p.jurisdiction)
	}

	fn is_frozen(who: &T::AccountId) -> bool {
		Frozen::<T>::contains_key(who)
	}

	fn ensure_active(who: &T::AccountId) -> DispatchResult {
		match Self::effective_status(who) {
			None => Err(Error::<T>::NotAdmitted.into()),
			Some(EffectiveStatus::Active) => Ok(()),
			Some(EffectiveStatus::Revoked) => Err(Error::<T>::ParticipantRevoked.into()),
			Some(_) => Err(Error::<T>::NotActive.into()),
		}
	}

	fn ensure_role(who: &T::AccountId, role: Role) -> DispatchResult {
		Self::ensure_active(who)?;
		ensure!(Self::has_role(who, role), Error::<T>::MissingRole);
		Ok(())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn admit_for_benchmarks(
		who: &T::AccountId,
		roles: compute_ledger_primitives::RoleSet,
		jurisdiction: Jurisdiction,
	) {
		use frame_system::pallet_prelude::BlockNumberFor;
		let expiry = Self::now() + BlockNumberFor::<T>::from(1_000_000u32);
		if Participants::<T>::contains_key(who) {
			let _ = Self::do_update_roles(who.clone(), roles);
		} else {
			let _ = Self::do_admit(who.clone(), roles, jurisdiction, expiry);
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn suspend_for_benchmarks(who: &T::AccountId) {
		let _ = Self::do_suspend(who.clone(), 0);
	}
}
