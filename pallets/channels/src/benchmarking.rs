//! Benchmarks of every call at its worst case: the most compliance rules on stable value and
//! a mandate that checks everything; a claim verifies a real signature.

use super::*;
use crate::pallet::Channels;
use compute_ledger_primitives::{
	AssetClass, Compliance, Jurisdiction, Modality, ParticipantRegistry, PriceCatalog, Role,
	TokenUsage,
};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, Get};
use frame_system::RawOrigin;
use sp_runtime::traits::Zero;

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

/// A priced channel at a card pricing every modality, opened by a funded agent that can sign.
fn opened_priced<T: Config>() -> (T::AccountId, T::AccountId, ChannelId) {
	let (agent, provider) = parties::<T>();
	let model = T::Prices::served_model_for_benchmarks(&provider);
	let id = crate::pallet::NextChannelId::<T>::get();
	Pallet::<T>::do_open_priced(agent.clone(), model, 1_000_000u64.into()).unwrap();
	(agent, provider, id)
}

/// `tokens` in and out of each of the first `m` modalities.
fn usage<T: Config>(m: u32, tokens: u64) -> UsageOf {
	Modality::ALL[..m as usize]
		.iter()
		.map(|modality| TokenUsage { modality: *modality, tokens_in: tokens, tokens_out: tokens })
		.collect::<alloc::vec::Vec<_>>()
		.try_into()
		.unwrap()
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

	#[benchmark]
	fn open_priced_channel() {
		let (agent, provider) = parties::<T>();
		let model = T::Prices::served_model_for_benchmarks(&provider);
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), model, 1_000u64.into());
		assert!(Channels::<T>::get(0).unwrap().pricing.is_some());
	}

	/// `m` modalities in the voucher, each also in the last claim (compared one by one).
	#[benchmark]
	fn claim_usage(m: Linear<1, 4>) {
		let (agent, provider, id) = opened_priced::<T>();
		Channels::<T>::mutate(id, |c| {
			if let Some(pricing) = c.as_mut().and_then(|c| c.pricing.as_mut()) {
				pricing.usage = usage::<T>(m, 0);
			}
		});
		let usage = usage::<T>(m, 1_000);
		let cumulative = Pallet::<T>::usage_cost(id, &usage).unwrap();
		let root = [7u8; 32];
		let message = Pallet::<T>::priced_voucher_message(id, cumulative, &usage, &root, 7);
		let signature = T::BenchmarkHelper::sign(&agent, &message);
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id, cumulative, usage, root, 7, signature);
		assert_eq!(Channels::<T>::get(id).unwrap().claimed, cumulative);
		assert!(!cumulative.is_zero());
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
