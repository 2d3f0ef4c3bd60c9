//! Benchmarks of every call at its worst case: the first mint opens a class and its ledger
//! asset; transfers run the most compliance rules a class may have and create the receiver's
//! ledger account; a redemption empties the holder's account.

use super::*;
use crate::pallet::{ClassOf, Classes, HeldClassCount};
use compute_ledger_primitives::{
	AssetClass, Compliance, ComputeAssetInspect, Jurisdiction, MeteredOutput, ParticipantRegistry,
	Role,
};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungibles::Inspect, Get};
use frame_system::RawOrigin;

fn participant<T: Config>(name: &'static str, roles: &[Role]) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	T::Participants::admit_for_benchmarks(&who, roles.iter().copied().into(), Jurisdiction(*b"CH"));
	who
}

/// An asset owner with a Final epoch 0 that backs `units` claim units.
fn final_output<T: Config>(units: u64) -> (T::AccountId, compute_ledger_primitives::AssetId) {
	let owner = participant::<T>("owner", &[Role::AssetOwner, Role::Trader]);
	let asset = T::Assets::active_asset_for_benchmarks(&owner);
	T::Metering::finalise_for_benchmarks(asset, 0, units.saturating_mul(T::TokensPerClaim::get()));
	(owner, asset)
}

/// `owner` holds 1_000 claims of a class with the worst-case compliance rules.
fn minted<T: Config>() -> (T::AccountId, u32) {
	let (owner, asset) = final_output::<T>(1_000);
	Pallet::<T>::do_mint(owner.clone(), asset, 0, 1_000u64.into()).unwrap();
	let class = ClassOf::<T>::get((asset, 0)).unwrap();
	T::Compliance::worst_case_rules_for_benchmarks(&AssetClass::Claim(class));
	(owner, class)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn mint() {
		let (owner, asset) = final_output::<T>(1_000);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), asset, 0, 1_000u64.into());
		let class = ClassOf::<T>::get((asset, 0)).unwrap();
		assert_eq!(T::Ledger::balance(class, &owner), 1_000u64.into());
	}

	#[benchmark]
	fn transfer() {
		let (owner, class) = minted::<T>();
		let to = participant::<T>("buyer", &[Role::Trader]);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), class, to.clone(), 400u64.into());
		assert_eq!(T::Ledger::balance(class, &to), 400u64.into());
	}

	#[benchmark]
	fn redeem() {
		let (owner, class) = minted::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), class, 1_000u64.into());
		assert_eq!(T::Ledger::balance(class, &owner), 0u64.into());
		assert_eq!(Classes::<T>::get(class).unwrap().redeemed, 1_000u64.into());
	}

	#[benchmark]
	fn force_transfer() {
		let (owner, class) = minted::<T>();
		let to = participant::<T>("heir", &[Role::Trader]);
		#[extrinsic_call]
		_(RawOrigin::Root, class, owner, to.clone(), 400u64.into(), 7);
		assert_eq!(T::Ledger::balance(class, &to), 400u64.into());
	}

	/// A lost account holding claims of `c` classes, each moved whole to a new account.
	#[benchmark]
	fn recover_claims(c: Linear<1, { T::MaxRecoveredClasses::get() }>) {
		let (owner, asset) = final_output::<T>(1_000);
		for epoch in 1..c {
			T::Metering::finalise_for_benchmarks(
				asset,
				epoch,
				1_000u64.saturating_mul(T::TokensPerClaim::get()),
			);
		}
		for epoch in 0..c {
			Pallet::<T>::do_mint(owner.clone(), asset, epoch, 10u64.into()).unwrap();
		}
		let new = participant::<T>("heir", &[Role::Trader]);
		#[block]
		{
			Pallet::<T>::do_recover_claims(&owner, &new).unwrap();
		}
		assert_eq!(HeldClassCount::<T>::get(&new), c);
		assert_eq!(HeldClassCount::<T>::get(&owner), 0);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
