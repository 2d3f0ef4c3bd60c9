//! Channel logic. Every `do_*` checks everything before it writes anything.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use codec::Encode;
use compute_ledger_primitives::{AgentSpending, AssetClass, Compliance, Spend};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{Saturating, Verify, Zero};

impl<T: Config> Pallet<T> {
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The bytes an agent signs for a voucher (see [`VOUCHER_TAG`]).
	pub fn voucher_message(id: ChannelId, cumulative: T::Balance, nonce: u64) -> Vec<u8> {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		(VOUCHER_TAG, genesis, id, cumulative, nonce).encode()
	}

	fn hold(who: &T::AccountId, amount: T::Balance) -> DispatchResult {
		T::Stable::hold(&HoldReason::ChannelDeposit.into(), who, amount)
			.map_err(|_| Error::<T>::InsufficientFunds.into())
	}

	pub fn do_open(
		agent: T::AccountId,
		provider: T::AccountId,
		deposit: T::Balance,
	) -> DispatchResult {
		ensure!(!deposit.is_zero(), Error::<T>::ZeroAmount);
		ensure!(agent != provider, Error::<T>::SelfChannel);
		T::Compliance::can_transfer(&AssetClass::StableValue, &agent, &provider, deposit)?;
		T::Spending::authorize(&agent, Spend::ToPayee(&provider), deposit)?;
		Self::hold(&agent, deposit)?;
		let id = NextChannelId::<T>::get();
		NextChannelId::<T>::put(id.saturating_add(1));
		Channels::<T>::insert(
			id,
			Channel {
				agent: agent.clone(),
				provider: provider.clone(),
				deposit,
				claimed: Zero::zero(),
				nonce: 0,
				status: ChannelStatus::Open,
				opened_at: Self::now(),
			},
		);
		Self::deposit_event(Event::ChannelOpened { id, agent, provider, deposit });
		Ok(())
	}

	pub fn do_top_up(agent: T::AccountId, id: ChannelId, amount: T::Balance) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut channel = Channels::<T>::get(id).ok_or(Error::<T>::UnknownChannel)?;
		ensure!(channel.agent == agent, Error::<T>::NotAgent);
		ensure!(channel.status == ChannelStatus::Open, Error::<T>::ChannelClosing);
		T::Compliance::can_transfer(&AssetClass::StableValue, &agent, &channel.provider, amount)?;
		T::Spending::authorize(&agent, Spend::ToPayee(&channel.provider), amount)?;
		Self::hold(&agent, amount)?;
		channel.deposit = channel.deposit.saturating_add(amount);
		let deposit = channel.deposit;
		Channels::<T>::insert(id, channel);
		Self::deposit_event(Event::ToppedUp { id, amount, deposit });
		Ok(())
	}

	pub fn do_claim(
		provider: T::AccountId,
		id: ChannelId,
		cumulative: T::Balance,
		nonce: u64,
		signature: T::Signature,
	) -> DispatchResult {
		let mut channel = Channels::<T>::get(id).ok_or(Error::<T>::UnknownChannel)?;
		ensure!(channel.provider == provider, Error::<T>::NotProvider);
		if let ChannelStatus::Closing { until } = channel.status {
			ensure!(Self::now() <= until, Error::<T>::WindowEnded);
		}
		let message = Self::voucher_message(id, cumulative, nonce);
		ensure!(signature.verify(&message[..], &channel.agent), Error::<T>::BadSignature);
		ensure!(nonce > channel.nonce, Error::<T>::StaleVoucher);
		ensure!(cumulative >= channel.claimed, Error::<T>::CumulativeDecreased);
		ensure!(cumulative <= channel.deposit, Error::<T>::VoucherExceedsDeposit);
		let amount = cumulative.saturating_sub(channel.claimed);
		if !amount.is_zero() {
			T::Compliance::can_transfer(
				&AssetClass::StableValue,
				&channel.agent,
				&provider,
				amount,
			)?;
			T::Stable::transfer_on_hold(
				&HoldReason::ChannelDeposit.into(),
				&channel.agent,
				&provider,
				amount,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?;
		}
		channel.claimed = cumulative;
		channel.nonce = nonce;
		Channels::<T>::insert(id, channel);
		Self::deposit_event(Event::Claimed { id, amount, cumulative, nonce });
		Ok(())
	}

	/// Returns what is left of the deposit to the agent and forgets the channel.
	fn settle_close(id: ChannelId, channel: Channel<T>) {
		let refunded = channel.deposit.saturating_sub(channel.claimed);
		if !refunded.is_zero() {
			let _ = T::Stable::release(
				&HoldReason::ChannelDeposit.into(),
				&channel.agent,
				refunded,
				Precision::BestEffort,
			);
		}
		Channels::<T>::remove(id);
		Self::deposit_event(Event::ChannelClosed { id, paid: channel.claimed, refunded });
	}

	pub fn do_close(who: T::AccountId, id: ChannelId) -> DispatchResult {
		let mut channel = Channels::<T>::get(id).ok_or(Error::<T>::UnknownChannel)?;
		if who == channel.provider {
			// The provider gives up further claims: nothing to wait for.
			Self::settle_close(id, channel);
			return Ok(());
		}
		ensure!(who == channel.agent, Error::<T>::NotAgent);
		ensure!(channel.status == ChannelStatus::Open, Error::<T>::AlreadyClosing);
		let until = Self::now().saturating_add(T::ChallengePeriod::get());
		channel.status = ChannelStatus::Closing { until };
		Channels::<T>::insert(id, channel);
		Self::deposit_event(Event::CloseRequested { id, until });
		Ok(())
	}

	pub fn do_finalize(id: ChannelId) -> DispatchResult {
		let channel = Channels::<T>::get(id).ok_or(Error::<T>::UnknownChannel)?;
		let ChannelStatus::Closing { until } = channel.status else {
			return Err(Error::<T>::NotClosing.into());
		};
		ensure!(Self::now() > until, Error::<T>::ChallengeWindowOpen);
		Self::settle_close(id, channel);
		Ok(())
	}

	pub fn channel_view(
		id: ChannelId,
	) -> Option<crate::runtime_api::ChannelView<T::AccountId, T::Balance, BlockNumberFor<T>>> {
		Channels::<T>::get(id).map(|c| crate::runtime_api::ChannelView {
			id,
			remaining: c.deposit.saturating_sub(c.claimed),
			agent: c.agent,
			provider: c.provider,
			deposit: c.deposit,
			claimed: c.claimed,
			nonce: c.nonce,
			status: c.status,
		})
	}

	/// The deposit held for each agent equals the unclaimed part of its channels.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::InspectHold;
		let mut held: alloc::collections::BTreeMap<T::AccountId, T::Balance> = Default::default();
		for channel in Channels::<T>::iter_values() {
			ensure!(channel.claimed <= channel.deposit, "claimed more than deposited");
			let e = held.entry(channel.agent.clone()).or_default();
			*e = e.saturating_add(channel.deposit.saturating_sub(channel.claimed));
		}
		for (agent, amount) in held {
			let on_hold = T::Stable::balance_on_hold(&HoldReason::ChannelDeposit.into(), &agent);
			ensure!(on_hold == amount, "channel holds differ from unclaimed deposits");
		}
		Ok(())
	}
}
