//! Benchmarks: both calls are linear in the size of the set (a bounded vector read,
//! searched and written).

use super::*;
use crate::pallet::{Call, Config, Pallet, Validators};
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};

/// Fills the set with `n` accounts (keys are not checked for these).
fn fill<T: Config>(n: u32) {
	let set: alloc::vec::Vec<T::AccountId> = (0..n).map(|i| account("validator", i, 0)).collect();
	Validators::<T>::put(frame_support::BoundedVec::try_from(set).expect("n within MaxValidators"));
}

#[benchmarks(where T: Config)]
mod benchmarks {
	use super::*;

	/// `v`: validators already in the set.
	#[benchmark]
	fn add_validator(v: Linear<1, { T::MaxValidators::get() - 1 }>) -> Result<(), BenchmarkError> {
		fill::<T>(v);
		let who: T::AccountId = account("candidate", 0, 0);
		T::BenchmarkHelper::register_keys(&who);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());
		assert!(Validators::<T>::get().contains(&who));
		Ok(())
	}

	/// `v`: validators in the set; the last one is removed (the longest search).
	#[benchmark]
	fn remove_validator(
		v: Linear<{ T::MinValidators::get() + 1 }, { T::MaxValidators::get() }>,
	) -> Result<(), BenchmarkError> {
		fill::<T>(v);
		let who: T::AccountId = account("validator", v - 1, 0);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());
		assert!(!Validators::<T>::get().contains(&who));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
