//! Benchmarks of every call at its worst case: the most compliance rules on both asset
//! classes, matching `f` resting orders with the remainder resting in a nearly full book,
//! instructions of `l` legs settling in the measured call.

use super::*;
use crate::pallet::{
	Asks, Bids, Conditionals, Instructions, NextConditionalId, NextInstructionId, NextOrderId,
	Orders,
};
use alloc::vec::Vec;
use compute_ledger_primitives::{
	AssetClass, ClaimClassId, ClaimEscrow, Compliance, Jurisdiction, MeteredOutput,
	ParticipantRegistry, Role,
};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};

fn trader<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	T::Participants::admit_for_benchmarks(
		&who,
		[Role::Trader, Role::AssetOwner].into(),
		Jurisdiction(*b"CH"),
	);
	// Native units for the deposits of its resting orders.
	let _ = T::Deposit::mint_into(&who, 1_000_000_000_000_000u64.into());
	who
}

/// `n` one-unit bids at price 1 on `class`, each from a bidder of its own (an account may
/// rest only `MaxOpenOrders` orders a side); returns the first order's id.
fn bids<T: Config>(class: ClaimClassId, n: u32) -> OrderId {
	let first = NextOrderId::<T>::get();
	for i in 0..n {
		let bidder = trader::<T>("bidder", i);
		T::Stable::mint_into(&bidder, 1_000u64.into()).unwrap();
		Pallet::<T>::do_place_order(bidder, class, Side::Buy, 1u64.into(), 1u64.into(), None, 0)
			.unwrap();
	}
	first
}

/// A seller with `amount` claims of a new class, a buyer with plenty of stable value, and
/// the most compliance rules on both classes.
fn market<T: Config>(amount: u64) -> (T::AccountId, T::AccountId, ClaimClassId) {
	let seller = trader::<T>("seller", 0);
	let class = T::Claims::claims_for_benchmarks(&seller, amount.into());
	// Registering the benchmark asset may have reset the seller's roles.
	let seller = trader::<T>("seller", 0);
	let buyer = trader::<T>("buyer", 0);
	T::Stable::mint_into(&buyer, 1_000_000_000u64.into()).unwrap();
	T::Compliance::worst_case_rules_for_benchmarks(&AssetClass::Claim(class));
	T::Compliance::worst_case_rules_for_benchmarks(&AssetClass::StableValue);
	(seller, buyer, class)
}

/// `l` legs alternating claims seller → buyer and stable value buyer → seller.
fn legs<T: Config>(
	seller: &T::AccountId,
	buyer: &T::AccountId,
	class: ClaimClassId,
	l: u32,
) -> BoundedVec<Leg<T::AccountId, T::Balance>, T::MaxLegs> {
	(0..l)
		.map(|i| {
			if i % 2 == 0 {
				Leg {
					from: seller.clone(),
					to: buyer.clone(),
					asset: LegAsset::Claim(class),
					amount: 1u64.into(),
				}
			} else {
				Leg {
					from: buyer.clone(),
					to: seller.clone(),
					asset: LegAsset::StableValue,
					amount: 10u64.into(),
				}
			}
		})
		.collect::<Vec<_>>()
		.try_into()
		.unwrap()
}

fn far() -> Option<u32> {
	Some(1_000_000)
}

fn expiry<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number() + far().unwrap().into()
}

/// An instruction of `l` legs (at least two, so that both parties send).
fn instruction<T: Config>(
	l: u32,
	settlement: SettlementType<BlockNumberFor<T>>,
) -> (T::AccountId, T::AccountId, InstructionId) {
	let (seller, buyer, class) = market::<T>(1_000);
	let id = NextInstructionId::<T>::get();
	Pallet::<T>::do_create_instruction(
		seller.clone(),
		legs::<T>(&seller, &buyer, class, l),
		settlement,
		expiry::<T>(),
	)
	.unwrap();
	(seller, buyer, id)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A buy order that fills `f` resting sell orders and rests its remainder at the back of a
	/// bid book one short of full.
	#[benchmark]
	fn place_order(f: Linear<0, { T::MaxFills::get() }>) {
		let (seller, buyer, class) = market::<T>(1_000_000);
		for _ in 0..f {
			Pallet::<T>::do_place_order(
				seller.clone(),
				class,
				Side::Sell,
				10u64.into(),
				10u64.into(),
				None,
				0,
			)
			.unwrap();
		}
		bids::<T>(class, T::MaxOrdersPerSide::get() - 1);
		let amount: T::Balance = (10 * f as u64 + 1).into();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(buyer.clone()),
			class,
			Side::Buy,
			10u64.into(),
			amount,
			far().map(Into::into),
			f,
		);
		assert!(Asks::<T>::get(class).is_empty());
		assert_eq!(Bids::<T>::get(class).len() as u32, T::MaxOrdersPerSide::get());
	}

	/// Cancels the best of a full bid book.
	#[benchmark]
	fn cancel_order() {
		let (_, _, class) = market::<T>(1);
		let first = bids::<T>(class, T::MaxOrdersPerSide::get());
		let owner = Orders::<T>::get(first).unwrap().owner;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), first);
		assert!(!Orders::<T>::contains_key(first));
	}

	/// Purges the best of a full bid book: its owner was suspended.
	#[benchmark]
	fn purge_order() {
		let (_, buyer, class) = market::<T>(1);
		let first = bids::<T>(class, T::MaxOrdersPerSide::get());
		let owner = Orders::<T>::get(first).unwrap().owner;
		T::Participants::suspend_for_benchmarks(&owner);
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), first);
		assert!(!Orders::<T>::contains_key(first));
	}

	#[benchmark]
	fn set_min_order_value() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0, 1_000u64.into());
		assert_eq!(crate::pallet::MinOrderValue::<T>::get(0), Some(1_000u64.into()));
		Ok(())
	}

	#[benchmark]
	fn create_instruction(l: Linear<1, { T::MaxLegs::get() }>) {
		let (seller, buyer, class) = market::<T>(1_000);
		let legs = legs::<T>(&seller, &buyer, class, l);
		let id = NextInstructionId::<T>::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(seller), legs, SettlementType::OnAffirmation, expiry::<T>());
		assert!(Instructions::<T>::contains_key(id));
	}

	/// The last affirmation escrows its legs and settles all `l` legs.
	#[benchmark]
	fn affirm_instruction(l: Linear<2, { T::MaxLegs::get() }>) {
		let (seller, buyer, id) = instruction::<T>(l, SettlementType::OnAffirmation);
		Pallet::<T>::do_affirm(seller, id, l).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id, l);
		assert_eq!(Instructions::<T>::get(id).unwrap().status, InstructionStatus::Settled);
	}

	#[benchmark]
	fn withdraw_affirmation(l: Linear<2, { T::MaxLegs::get() }>) {
		let (seller, _, id) = instruction::<T>(l, SettlementType::Manual);
		Pallet::<T>::do_affirm(seller.clone(), id, l).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id, l);
		assert!(Instructions::<T>::get(id).unwrap().affirmed.is_empty());
	}

	/// Settles a fully affirmed instruction of `l` legs.
	#[benchmark]
	fn execute_instruction(l: Linear<2, { T::MaxLegs::get() }>) {
		let (seller, buyer, id) = instruction::<T>(l, SettlementType::Manual);
		Pallet::<T>::do_affirm(seller.clone(), id, l).unwrap();
		Pallet::<T>::do_affirm(buyer, id, l).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id, l);
		assert_eq!(Instructions::<T>::get(id).unwrap().status, InstructionStatus::Settled);
	}

	/// Cancels a fully affirmed instruction, releasing every leg's escrow.
	#[benchmark]
	fn cancel_instruction(l: Linear<2, { T::MaxLegs::get() }>) {
		let (seller, buyer, id) = instruction::<T>(l, SettlementType::Manual);
		Pallet::<T>::do_affirm(seller.clone(), id, l).unwrap();
		Pallet::<T>::do_affirm(buyer, id, l).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id, l);
		assert_eq!(Instructions::<T>::get(id).unwrap().status, InstructionStatus::Cancelled);
	}

	#[benchmark]
	fn create_conditional() {
		let (seller, buyer, _) = market::<T>(1);
		let condition = Condition::MeteredOutputAtLeast { asset: 0, epoch: 0, tokens_out: 1 };
		let id = NextConditionalId::<T>::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), seller, 100u64.into(), condition, expiry::<T>());
		assert!(Conditionals::<T>::contains_key(id));
	}

	#[benchmark]
	fn release_conditional() {
		let (seller, buyer, _) = market::<T>(1);
		T::Metering::finalise_for_benchmarks(7, 0, 1_000);
		let condition = Condition::MeteredOutputAtLeast { asset: 7, epoch: 0, tokens_out: 1_000 };
		let id = NextConditionalId::<T>::get();
		Pallet::<T>::do_create_conditional(
			buyer.clone(),
			seller,
			100u64.into(),
			condition,
			expiry::<T>(),
		)
		.unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id);
		assert_eq!(Conditionals::<T>::get(id).unwrap().status, ConditionalStatus::Released);
	}

	#[benchmark]
	fn refund_conditional() {
		let (seller, buyer, _) = market::<T>(1);
		let condition = Condition::MeteredOutputAtLeast { asset: 7, epoch: 9, tokens_out: 1 };
		let id = NextConditionalId::<T>::get();
		let now = frame_system::Pallet::<T>::block_number();
		Pallet::<T>::do_create_conditional(
			buyer.clone(),
			seller,
			100u64.into(),
			condition,
			now + 1u32.into(),
		)
		.unwrap();
		frame_system::Pallet::<T>::set_block_number(now + 2u32.into());
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id);
		assert_eq!(Conditionals::<T>::get(id).unwrap().status, ConditionalStatus::Refunded);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
