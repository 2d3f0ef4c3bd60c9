//! [`CurrencyRegistry`]: the currency prices may be named in is this pallet's.

use crate::pallet::{Config, Pallet, Symbol};
use compute_ledger_primitives::CurrencyRegistry;

impl<T: Config> CurrencyRegistry for Pallet<T> {
	fn is_known(symbol: &[u8]) -> bool {
		!symbol.is_empty() && Symbol::<T>::get().as_slice() == symbol
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn known_for_benchmarks() -> alloc::vec::Vec<u8> {
		if Symbol::<T>::get().is_empty() {
			Symbol::<T>::put(frame_support::BoundedVec::truncate_from(b"EURD".to_vec()));
		}
		Symbol::<T>::get().into_inner()
	}
}
