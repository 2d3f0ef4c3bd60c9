//! Benchmarks: one storage write and a system event, whatever the hash.

use crate::pallet::{Call, Config, Pallet};
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;

#[benchmarks(where T: Config)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn authorize_upgrade() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let code_hash = T::Hash::default();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, code_hash);
		let key = frame_support::storage::storage_prefix(b"System", b"AuthorizedUpgrade");
		assert!(frame_support::storage::unhashed::exists(&key));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
