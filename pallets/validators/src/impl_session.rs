//! The session manager pallet-session asks for each next validator set.

use crate::pallet::*;
use alloc::vec::Vec;

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	/// The new set when governance changed it since the last session, `None` to keep the
	/// current one. pallet-session plans the answer for `session`, which starts one session
	/// change later, and keeps only validators with registered keys.
	fn new_session(session: u32) -> Option<Vec<T::AccountId>> {
		if !SetChanged::<T>::take() {
			return None;
		}
		let set = Validators::<T>::get().into_inner();
		Self::deposit_event(Event::ValidatorSetQueued { session, validators: set.len() as u32 });
		Some(set)
	}

	fn new_session_genesis(_session: u32) -> Option<Vec<T::AccountId>> {
		let set = Validators::<T>::get();
		(!set.is_empty()).then(|| set.into_inner())
	}

	fn end_session(_: u32) {}

	fn start_session(_: u32) {}
}

impl<T: Config> Pallet<T> {
	/// The set is never empty once the chain runs, and stays within its bounds.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::Get;
		use sp_runtime::traits::Zero;
		let set = Validators::<T>::get();
		frame_support::ensure!(
			set.len() as u32 >= T::MinValidators::get() || set.len().is_zero(),
			"fewer validators than MinValidators"
		);
		let mut sorted = set.clone().into_inner();
		sorted.sort();
		sorted.dedup();
		frame_support::ensure!(sorted.len() == set.len(), "a validator listed twice");
		Ok(())
	}
}
