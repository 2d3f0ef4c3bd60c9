//! Conditional payments: stable value held until a condition on chain is met.

use crate::{pallet::*, types::*};
use compute_ledger_primitives::{AgentSpending, AssetClass, Compliance, MeteredOutput, Spend};
use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Whether the condition holds now.
	pub fn condition_met(condition: &Condition) -> bool {
		match condition {
			Condition::MeteredOutputAtLeast { asset, epoch, tokens_out } => {
				T::Metering::final_tokens_out(*asset, *epoch).is_some_and(|t| t >= *tokens_out)
			}
		}
	}

	/// A conditional payment as a wallet sees it.
	pub fn conditional_view(
		id: ConditionalId,
	) -> Option<ConditionalView<T::AccountId, T::Balance, BlockNumberFor<T>>> {
		Conditionals::<T>::get(id).map(|c| ConditionalView {
			id,
			condition_met: Self::condition_met(&c.condition),
			payer: c.payer,
			payee: c.payee,
			amount: c.amount,
			condition: c.condition,
			expires_at: c.expires_at,
			status: c.status,
		})
	}

	pub fn do_create_conditional(
		payer: T::AccountId,
		payee: T::AccountId,
		amount: T::Balance,
		condition: Condition,
		expires_at: BlockNumberFor<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(payer != payee, Error::<T>::SelfLeg);
		ensure!(expires_at > frame_system::Pallet::<T>::block_number(), Error::<T>::ExpiryInPast);
		// Refuse at once what could never be paid; the check runs again at release.
		T::Compliance::can_transfer(&AssetClass::StableValue, &payer, &payee, amount)?;
		T::Spending::authorize(&payer, Spend::ToPayee(&payee), amount)?;
		Self::hold_stable(HoldReason::Conditional, &payer, amount)?;
		let id = NextConditionalId::<T>::get();
		NextConditionalId::<T>::put(id.saturating_add(1));
		Conditionals::<T>::insert(
			id,
			ConditionalPayment {
				payer: payer.clone(),
				payee: payee.clone(),
				amount,
				condition,
				expires_at,
				status: ConditionalStatus::Pending,
			},
		);
		Self::deposit_event(Event::ConditionalCreated {
			id,
			payer,
			payee,
			amount,
			condition,
			expires_at,
		});
		Ok(())
	}

	fn open_conditional(id: ConditionalId) -> Result<ConditionalPayment<T>, DispatchError> {
		let payment = Conditionals::<T>::get(id).ok_or(Error::<T>::UnknownConditional)?;
		ensure!(payment.status == ConditionalStatus::Pending, Error::<T>::AlreadyClosed);
		Ok(payment)
	}

	pub fn do_release_conditional(id: ConditionalId) -> DispatchResult {
		let mut payment = Self::open_conditional(id)?;
		ensure!(Self::condition_met(&payment.condition), Error::<T>::ConditionNotMet);
		Self::pay_from_hold(
			HoldReason::Conditional,
			&payment.payer,
			&payment.payee,
			payment.amount,
		)?;
		payment.status = ConditionalStatus::Released;
		Conditionals::<T>::insert(id, payment);
		Self::deposit_event(Event::ConditionalReleased { id });
		Ok(())
	}

	pub fn do_refund_conditional(id: ConditionalId) -> DispatchResult {
		let mut payment = Self::open_conditional(id)?;
		ensure!(
			frame_system::Pallet::<T>::block_number() > payment.expires_at,
			Error::<T>::NotExpired
		);
		ensure!(!Self::condition_met(&payment.condition), Error::<T>::ConditionMet);
		Self::release_stable(HoldReason::Conditional, &payment.payer, payment.amount);
		payment.status = ConditionalStatus::Refunded;
		Conditionals::<T>::insert(id, payment);
		Self::deposit_event(Event::ConditionalRefunded { id });
		Ok(())
	}

	/// Escrow adds up: per account, the stable value held for orders, instructions and
	/// conditional payments equals the open buy orders' remaining cost, the stable legs of
	/// Pending instructions it affirmed and its Pending conditional payments; the claims
	/// locked equal the open sell orders and the claim legs of Pending instructions it
	/// affirmed. The books list exactly the open orders, in priority.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use compute_ledger_primitives::{ClaimClassId, ClaimEscrow};
		use frame_support::traits::fungible::InspectHold;
		use sp_runtime::traits::Saturating;
		let mut held: BTreeMap<(T::AccountId, u8), T::Balance> = Default::default();
		let mut locked: BTreeMap<(ClaimClassId, T::AccountId), T::Balance> = Default::default();
		let mut add_held = |who: &T::AccountId, reason: u8, amount: T::Balance| {
			let e = held.entry((who.clone(), reason)).or_default();
			*e = e.saturating_add(amount);
		};
		let mut add_locked = |class: ClaimClassId, who: &T::AccountId, amount: T::Balance| {
			let e = locked.entry((class, who.clone())).or_default();
			*e = e.saturating_add(amount);
		};
		let mut deposits: BTreeMap<T::AccountId, T::Balance> = Default::default();
		let mut counts: BTreeMap<(T::AccountId, Side), u32> = Default::default();
		for (id, order) in Orders::<T>::iter() {
			ensure!(
				OrdersOf::<T>::contains_key(&order.owner, id),
				"order not in its owner's index"
			);
			*counts.entry((order.owner.clone(), order.side)).or_default() += 1;
			let d = deposits.entry(order.owner.clone()).or_default();
			*d = d.saturating_add(order.deposit);
			let book = match order.side {
				Side::Buy => Bids::<T>::get(order.class),
				Side::Sell => Asks::<T>::get(order.class),
			};
			ensure!(book.iter().any(|(p, o)| *o == id && *p == order.price), "order not in book");
			match order.side {
				Side::Buy => add_held(&order.owner, 0, order.price.saturating_mul(order.remaining)),
				Side::Sell => add_locked(order.class, &order.owner, order.remaining),
			}
		}
		for instruction in Instructions::<T>::iter_values() {
			if instruction.status != InstructionStatus::Pending {
				continue;
			}
			for leg in instruction.legs.iter().filter(|l| instruction.affirmed.contains(&l.from)) {
				match leg.asset {
					LegAsset::StableValue => add_held(&leg.from, 1, leg.amount),
					LegAsset::Claim(class) => add_locked(class, &leg.from, leg.amount),
				}
			}
		}
		for payment in Conditionals::<T>::iter_values() {
			if payment.status == ConditionalStatus::Pending {
				add_held(&payment.payer, 2, payment.amount);
			}
		}
		for ((who, reason), amount) in held {
			let reason = match reason {
				0 => HoldReason::Order,
				1 => HoldReason::Instruction,
				_ => HoldReason::Conditional,
			};
			let on_hold = T::Stable::balance_on_hold(&reason.into(), &who);
			ensure!(on_hold == amount, "stable value on hold differs from what settlement escrows");
		}
		for ((class, who), amount) in locked {
			ensure!(
				T::Claims::locked(class, &who) == amount,
				"claims locked differ from what settlement escrows"
			);
		}
		for ((who, side), count) in &counts {
			ensure!(OpenOrderCount::<T>::get(who, side) == *count, "open order count out of sync");
			ensure!(*count <= T::MaxOpenOrders::get(), "too many open orders");
		}
		ensure!(
			OrdersOf::<T>::iter().count() == Orders::<T>::iter().count(),
			"stale entry in an owner's order index"
		);
		for (who, amount) in deposits {
			let held = T::Deposit::balance_on_hold(&HoldReason::OrderDeposit.into(), &who);
			ensure!(held == amount, "order deposits held differ from the orders' deposits");
		}
		for book in Bids::<T>::iter_values() {
			ensure!(book.windows(2).all(|w| w[0].0 >= w[1].0), "bids out of order");
			ensure!(book.iter().all(|(_, o)| Orders::<T>::contains_key(o)), "stale bid");
		}
		for book in Asks::<T>::iter_values() {
			ensure!(book.windows(2).all(|w| w[0].0 <= w[1].0), "asks out of order");
			ensure!(book.iter().all(|(_, o)| Orders::<T>::contains_key(o)), "stale ask");
		}
		Ok(())
	}
}
