//! Benchmarks of every call at its worst case: the most compliance rules on stable value and
//! a mandate that checks everything; a claim verifies a real signature.

use super::*;
use crate::pallet::Channels;
use compute_ledger_primitives::{AssetClass, Compliance, Jurisdiction, ParticipantRegistry, Role};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, Get};
use frame_system::RawOrigin;

fn admit<T: Config>(who: &T::AccountId, roles: &[Role]) {
	T::Participants::admit_for_benchmarks(who, roles.iter().copied().into(), Jurisdiction(*b"CH"));
}

/// A funded agent that can sign, a provider, and the most compliance rules on stable value.
/// (The agent has no Agent role here: the mandate check is the mandates pallet's, measured
/// there; what is measured here is the channel itself.)
fn parties<T: Config>() -> (T::AccountId, T::AccountId) {
	let agent = T::BenchmarkHelper::signer();
	admit::<T>(&agent, &[Role::Trader]);
	let provider: T::AccountId = account("provider", 0, 0);
	admit::<T>(&provider, &[Role::Trader]);
	T::Stable::mint_into(&agent, 1_000_000_000u64.into()).unwrap();
	T::Compliance::worst_case_rules_for_benchmarks(&AssetClass::StableValue);
	(agent, provider)
}

/// An open channel 0 with a deposit of 1_000_000.
fn opened<T: Config>() -> (T::AccountId, T::AccountId, ChannelId) {
	let (agent, provider) = parties::<T>();
	let id = crate::pallet::NextChannelId::<T>::get();
	Pallet::<T>::do_open(agent.clone(), provider.clone(), 1_000_000u64.into()).unwrap();
	(agent, provider, id)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn open_channel() {
		let (agent, provider) = parties::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), provider, 1_000u64.into());
		assert!(Channels::<T>::contains_key(0));
	}

	#[benchmark]
	fn top_up() {
		let (agent, _, id) = opened::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), id, 1_000u64.into());
		assert_eq!(Channels::<T>::get(id).unwrap().deposit, 1_001_000u64.into());
	}

	#[benchmark]
	fn claim() {
		let (agent, provider, id) = opened::<T>();
		let cumulative: T::Balance = 500u64.into();
		let signature =
			T::BenchmarkHelper::sign(&agent, &Pallet::<T>::voucher_message(id, cumulative, 7));
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id, cumulative, 7, signature);
		assert_eq!(Channels::<T>::get(id).unwrap().claimed, cumulative);
	}

	/// The provider's close refunds the rest at once (heavier than the agent's request).
	#[benchmark]
	fn close() {
		let (_, provider, id) = opened::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id);
		assert!(!Channels::<T>::contains_key(id));
	}

	#[benchmark]
	fn finalize_close() {
		let (agent, _, id) = opened::<T>();
		Pallet::<T>::do_close(agent.clone(), id).unwrap();
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now + T::ChallengePeriod::get() + 1u32.into());
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), id);
		assert!(!Channels::<T>::contains_key(id));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
