//! Origins backed by the registry: a signed participant that holds a role.

use crate::pallet::{Config, Pallet};
use compute_ledger_primitives::{ParticipantRegistry, Role};
use core::marker::PhantomData;
use frame_support::traits::{EnsureOrigin, Get, OriginTrait};

/// Succeeds with the signer if it is an active participant holding `R`.
pub struct EnsureRole<T, R>(PhantomData<(T, R)>);

impl<T: Config, R: Get<Role>> EnsureOrigin<T::RuntimeOrigin> for EnsureRole<T, R> {
	type Success = T::AccountId;

	fn try_origin(o: T::RuntimeOrigin) -> Result<Self::Success, T::RuntimeOrigin> {
		match o.as_signer() {
			Some(who) if Pallet::<T>::is_active(who) && Pallet::<T>::has_role(who, R::get()) => {
				Ok(who.clone())
			}
			_ => Err(o),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<T::RuntimeOrigin, ()> {
		let who: T::AccountId = frame_benchmarking::account("role-holder", 0, 0);
		Pallet::<T>::admit_for_benchmarks(
			&who,
			[R::get()].into(),
			compute_ledger_primitives::Jurisdiction(*b"CH"),
		);
		Ok(frame_system::RawOrigin::Signed(who).into())
	}
}

/// The registrar origin: `Governance` (succeeds with `None`) or an active participant
/// holding the Registrar role (succeeds with `Some(account)`).
pub struct EnsureRegistrar<T, Governance>(PhantomData<(T, Governance)>);

impl<T: Config, Governance: EnsureOrigin<T::RuntimeOrigin>> EnsureOrigin<T::RuntimeOrigin>
	for EnsureRegistrar<T, Governance>
{
	type Success = Option<T::AccountId>;

	fn try_origin(o: T::RuntimeOrigin) -> Result<Self::Success, T::RuntimeOrigin> {
		let o = match Governance::try_origin(o) {
			Ok(_) => return Ok(None),
			Err(o) => o,
		};
		match o.as_signer() {
			Some(who)
				if Pallet::<T>::is_active(who) && Pallet::<T>::has_role(who, Role::Registrar) =>
			{
				Ok(Some(who.clone()))
			}
			_ => Err(o),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<T::RuntimeOrigin, ()> {
		Governance::try_successful_origin()
	}
}
