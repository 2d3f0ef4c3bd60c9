//! The set's logic. Every `do_*` checks everything before it writes anything.

use crate::pallet::*;
use frame_support::{ensure, pallet_prelude::*, traits::ValidatorRegistration};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_add_validator(who: T::AccountId) -> DispatchResult {
		let mut set = Validators::<T>::get();
		ensure!(!set.contains(&who), Error::<T>::AlreadyValidator);
		ensure!(T::KeysRegistered::is_registered(&who), Error::<T>::NoSessionKeys);
		set.try_push(who.clone()).map_err(|_| Error::<T>::TooManyValidators)?;
		Validators::<T>::put(set);
		SetChanged::<T>::put(true);
		Self::deposit_event(Event::ValidatorAdded { who });
		Ok(())
	}

	pub(crate) fn do_remove_validator(who: T::AccountId) -> DispatchResult {
		let mut set = Validators::<T>::get();
		let index = set.iter().position(|v| v == &who).ok_or(Error::<T>::NotValidator)?;
		ensure!(set.len() as u32 > T::MinValidators::get(), Error::<T>::TooFewValidators);
		set.remove(index);
		Validators::<T>::put(set);
		SetChanged::<T>::put(true);
		Self::deposit_event(Event::ValidatorRemoved { who });
		Ok(())
	}
}
