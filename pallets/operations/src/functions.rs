//! The work behind the calls.

use crate::pallet::{Config, Pallet};

impl<T: Config> Pallet<T> {
	/// Records the authorization in `frame_system`, with the version check on: an upgrade
	/// may never go back to an older or a foreign runtime.
	pub fn do_authorize_upgrade(code_hash: T::Hash) {
		frame_system::Pallet::<T>::do_authorize_upgrade(code_hash, true);
	}
}
