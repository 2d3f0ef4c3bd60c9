//! The order book: placing, matching (price, then time), cancelling and expiring orders.

use crate::{pallet::*, types::*};
use compute_ledger_primitives::{
	AgentSpending, AssetClass, ClaimClassId, ClaimEscrow, Compliance, Spend,
};
use frame_support::{
	ensure,
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{CheckedMul, Saturating, Zero};

type BookOf<T> = BoundedVec<(<T as Config>::Balance, OrderId), <T as Config>::MaxOrdersPerSide>;

impl<T: Config> Pallet<T> {
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	pub(crate) fn cost(price: T::Balance, amount: T::Balance) -> Result<T::Balance, DispatchError> {
		price.checked_mul(&amount).ok_or(Error::<T>::Overflow.into())
	}

	pub(crate) fn hold_stable(
		reason: HoldReason,
		who: &T::AccountId,
		amount: T::Balance,
	) -> DispatchResult {
		T::Stable::hold(&reason.into(), who, amount)
			.map_err(|_| Error::<T>::InsufficientFunds.into())
	}

	pub(crate) fn release_stable(reason: HoldReason, who: &T::AccountId, amount: T::Balance) {
		if !amount.is_zero() {
			// Best effort: a release never fails for an amount this pallet held.
			let _ = T::Stable::release(&reason.into(), who, amount, Precision::BestEffort);
		}
	}

	/// Pays `amount` held under `reason` from `from` to `to`, after the compliance check of
	/// stable value. On error nothing moved.
	pub(crate) fn pay_from_hold(
		reason: HoldReason,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: T::Balance,
	) -> DispatchResult {
		T::Compliance::can_transfer(&AssetClass::StableValue, from, to, amount)?;
		T::Stable::transfer_on_hold(
			&reason.into(),
			from,
			to,
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)?;
		Ok(())
	}

	fn book(class: ClaimClassId, side: Side) -> BookOf<T> {
		match side {
			Side::Buy => Bids::<T>::get(class),
			Side::Sell => Asks::<T>::get(class),
		}
	}

	fn put_book(class: ClaimClassId, side: Side, book: BookOf<T>) {
		match side {
			Side::Buy => Bids::<T>::insert(class, book),
			Side::Sell => Asks::<T>::insert(class, book),
		}
	}

	/// Whether a resting order at `resting` is as good as or better than `price` for `side`
	/// (so that a new order at `price` goes behind it).
	fn ranks_before(side: Side, resting: T::Balance, price: T::Balance) -> bool {
		match side {
			Side::Buy => resting >= price,
			Side::Sell => resting <= price,
		}
	}

	/// Releases what an order still escrows.
	fn release_order(order: &Order<T>) {
		match order.side {
			Side::Buy => Self::release_stable(
				HoldReason::Order,
				&order.owner,
				order.price.saturating_mul(order.remaining),
			),
			Side::Sell => T::Claims::unlock(order.class, &order.owner, order.remaining),
		}
	}

	/// Takes a resting order off its owner's list and returns its deposit: to `purger` if
	/// given, else to the owner. Best effort: the deposit was held by this pallet.
	fn unlist(id: OrderId, order: &Order<T>, purger: Option<&T::AccountId>) {
		OrdersOf::<T>::remove(&order.owner, id);
		OpenOrderCount::<T>::mutate(&order.owner, order.side, |c| *c = c.saturating_sub(1));
		if order.deposit.is_zero() {
			return;
		}
		let reason = HoldReason::OrderDeposit.into();
		let paid = purger.is_some_and(|to| {
			T::Deposit::transfer_on_hold(
				&reason,
				&order.owner,
				to,
				order.deposit,
				Precision::BestEffort,
				Restriction::Free,
				Fortitude::Force,
			)
			.is_ok()
		});
		if !paid {
			let _ =
				T::Deposit::release(&reason, &order.owner, order.deposit, Precision::BestEffort);
		}
	}

	fn is_expired(order: &Order<T>) -> bool {
		order.expires_at.is_some_and(|at| Self::now() > at)
	}

	/// One fill between the new order and a resting one, at the resting order's price. The
	/// buyer's stable value and the seller's claims are already escrowed. On error nothing
	/// moved.
	fn fill(
		taker: &Order<T>,
		taker_id: OrderId,
		maker: &Order<T>,
		maker_id: OrderId,
		amount: T::Balance,
	) -> DispatchResult {
		let (buyer, seller, buy_id, sell_id, buyer_limit) = match taker.side {
			Side::Buy => (&taker.owner, &maker.owner, taker_id, maker_id, taker.price),
			Side::Sell => (&maker.owner, &taker.owner, maker_id, taker_id, maker.price),
		};
		let price = maker.price;
		let payment = Self::cost(price, amount)?;
		with_storage_layer(|| {
			T::Claims::deliver_locked(taker.class, seller, buyer, amount)?;
			Self::pay_from_hold(HoldReason::Order, buyer, seller, payment)
		})?;
		// A buyer who bid above the resting price gets the difference back.
		let improvement = buyer_limit.saturating_sub(price).saturating_mul(amount);
		Self::release_stable(HoldReason::Order, buyer, improvement);
		Self::deposit_event(Event::Trade {
			class: taker.class,
			buy_order: buy_id,
			sell_order: sell_id,
			buyer: buyer.clone(),
			seller: seller.clone(),
			price,
			amount,
		});
		Ok(())
	}

	pub fn do_place_order(
		owner: T::AccountId,
		class: ClaimClassId,
		side: Side,
		price: T::Balance,
		amount: T::Balance,
		expires_at: Option<BlockNumberFor<T>>,
		max_fills: u32,
	) -> DispatchResult {
		ensure!(!price.is_zero() && !amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(T::Claims::class_exists(class), Error::<T>::UnknownClass);
		ensure!(expires_at.is_none_or(|at| at > Self::now()), Error::<T>::ExpiryInPast);
		ensure!(max_fills <= T::MaxFills::get(), Error::<T>::TooManyFills);
		let escrow = Self::cost(price, amount)?;
		ensure!(
			MinOrderValue::<T>::get(class).is_none_or(|min| escrow >= min),
			Error::<T>::OrderBelowMinimum
		);
		match side {
			Side::Buy => {
				T::Spending::authorize(&owner, Spend::ForClaims(class), escrow)?;
				Self::hold_stable(HoldReason::Order, &owner, escrow)?
			}
			Side::Sell => T::Claims::lock(class, &owner, amount)?,
		}

		let id = NextOrderId::<T>::get();
		NextOrderId::<T>::put(id.saturating_add(1));
		let mut order: Order<T> = Order {
			owner: owner.clone(),
			class,
			side,
			price,
			remaining: amount,
			placed_at: Self::now(),
			expires_at,
			deposit: Zero::zero(),
		};
		Self::deposit_event(Event::OrderPlaced { order: id, owner, class, side, price, amount });

		let opposite = match side {
			Side::Buy => Side::Sell,
			Side::Sell => Side::Buy,
		};
		let mut book = Self::book(class, opposite);
		let mut index = 0usize;
		let mut steps = 0u32;
		while index < book.len() && steps < max_fills && !order.remaining.is_zero() {
			steps += 1;
			let (maker_price, maker_id) = book[index];
			let crosses = match side {
				Side::Buy => maker_price <= price,
				Side::Sell => maker_price >= price,
			};
			if !crosses {
				break;
			}
			let Some(mut maker) = Orders::<T>::get(maker_id) else {
				book.remove(index);
				continue;
			};
			if Self::is_expired(&maker) {
				Self::release_order(&maker);
				Self::unlist(maker_id, &maker, None);
				Orders::<T>::remove(maker_id);
				book.remove(index);
				Self::deposit_event(Event::OrderClosed {
					order: maker_id,
					reason: CloseReason::Expired,
				});
				continue;
			}
			if maker.owner == order.owner {
				// No trading with oneself; the resting order stays.
				index += 1;
				continue;
			}
			let amount = order.remaining.min(maker.remaining);
			if let Err(error) = Self::fill(&order, id, &maker, maker_id, amount) {
				Self::deposit_event(Event::FillRejected {
					maker_order: maker_id,
					taker_order: id,
					error,
				});
				index += 1;
				continue;
			}
			order.remaining.saturating_reduce(amount);
			maker.remaining.saturating_reduce(amount);
			if maker.remaining.is_zero() {
				Self::unlist(maker_id, &maker, None);
				Orders::<T>::remove(maker_id);
				book.remove(index);
				Self::deposit_event(Event::OrderClosed {
					order: maker_id,
					reason: CloseReason::Filled,
				});
			} else {
				Orders::<T>::insert(maker_id, maker);
				index += 1;
			}
		}
		Self::put_book(class, opposite, book);

		if order.remaining.is_zero() {
			Self::deposit_event(Event::OrderClosed { order: id, reason: CloseReason::Filled });
			return Ok(());
		}
		let mut own = Self::book(class, side);
		let at = own.iter().take_while(|(p, _)| Self::ranks_before(side, *p, price)).count();
		own.try_insert(at, (price, id)).map_err(|_| Error::<T>::BookFull)?;
		ensure!(
			OpenOrderCount::<T>::get(&order.owner, side) < T::MaxOpenOrders::get(),
			Error::<T>::TooManyOpenOrders
		);
		Self::put_book(class, side, own);
		// What rests pays a deposit while it rests (an order filled at once pays none).
		order.deposit = T::OrderDeposit::get();
		if !order.deposit.is_zero() {
			T::Deposit::hold(&HoldReason::OrderDeposit.into(), &order.owner, order.deposit)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;
		}
		OrdersOf::<T>::insert(&order.owner, id, ());
		OpenOrderCount::<T>::mutate(&order.owner, side, |c| *c = c.saturating_add(1));
		Orders::<T>::insert(id, order);
		Ok(())
	}

	pub fn do_cancel_order(who: T::AccountId, id: OrderId) -> DispatchResult {
		let order = Orders::<T>::get(id).ok_or(Error::<T>::UnknownOrder)?;
		let expired = Self::is_expired(&order);
		ensure!(order.owner == who || expired, Error::<T>::NotOrderOwner);
		let reason = if expired { CloseReason::Expired } else { CloseReason::Cancelled };
		Self::remove_order(id, &order, None, reason);
		Ok(())
	}

	/// Takes an order out of the book, releases its escrow and deposit, and says why.
	pub(crate) fn remove_order(
		id: OrderId,
		order: &Order<T>,
		purger: Option<&T::AccountId>,
		reason: CloseReason,
	) {
		Self::release_order(order);
		let mut book = Self::book(order.class, order.side);
		book.retain(|(_, o)| *o != id);
		Self::put_book(order.class, order.side, book);
		Self::unlist(id, order, purger);
		Orders::<T>::remove(id);
		Self::deposit_event(Event::OrderClosed { order: id, reason });
	}

	pub fn do_purge_order(purger: T::AccountId, id: OrderId) -> DispatchResult {
		use compute_ledger_primitives::ParticipantRegistry;
		let order = Orders::<T>::get(id).ok_or(Error::<T>::UnknownOrder)?;
		let may_trade =
			T::Participants::is_active(&order.owner) && !T::Participants::is_frozen(&order.owner);
		ensure!(!may_trade, Error::<T>::OwnerMayTrade);
		Self::remove_order(id, &order, Some(&purger), CloseReason::Purged);
		Ok(())
	}

	pub fn do_set_min_order_value(class: ClaimClassId, value: T::Balance) -> DispatchResult {
		if value.is_zero() {
			MinOrderValue::<T>::remove(class);
		} else {
			MinOrderValue::<T>::insert(class, value);
		}
		Self::deposit_event(Event::MinOrderValueSet { class, value });
		Ok(())
	}

	/// The open orders of `who` from order id `start`, at most `limit` of them, read from
	/// the owner's index (at most `2 × MaxOpenOrders` entries), never the whole order map.
	pub fn open_orders_of(
		who: &T::AccountId,
		start: OrderId,
		limit: u32,
	) -> alloc::vec::Vec<OrderView<T::AccountId, T::Balance, BlockNumberFor<T>>> {
		let mut ids: alloc::vec::Vec<OrderId> =
			OrdersOf::<T>::iter_key_prefix(who).filter(|id| *id >= start).collect();
		ids.sort();
		ids.into_iter().take(limit as usize).filter_map(Self::order_view).collect()
	}

	/// An open order as a wallet sees it.
	pub fn order_view(
		id: OrderId,
	) -> Option<OrderView<T::AccountId, T::Balance, BlockNumberFor<T>>> {
		Orders::<T>::get(id).map(|o| OrderView {
			id,
			owner: o.owner,
			class: o.class,
			side: o.side,
			price: o.price,
			remaining: o.remaining,
			placed_at: o.placed_at,
			expires_at: o.expires_at,
		})
	}

	/// The book of a class aggregated by price level, best first, at most `depth` levels a side.
	pub fn depth(class: ClaimClassId, depth: u32) -> BookDepth<T::Balance> {
		let levels = |book: BookOf<T>| {
			let mut out: alloc::vec::Vec<PriceLevel<T::Balance>> = alloc::vec::Vec::new();
			for (price, id) in book {
				let Some(order) = Orders::<T>::get(id) else { continue };
				let full = out.len() as u32 >= depth;
				match out.last_mut() {
					Some(level) if level.price == price => {
						level.amount = level.amount.saturating_add(order.remaining);
						level.orders += 1;
					}
					_ if full => break,
					_ => out.push(PriceLevel { price, amount: order.remaining, orders: 1 }),
				}
			}
			out
		};
		BookDepth { bids: levels(Bids::<T>::get(class)), asks: levels(Asks::<T>::get(class)) }
	}
}
