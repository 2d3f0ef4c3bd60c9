//! Channel logic. Every `do_*` checks everything before it writes anything.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use codec::Encode;
use compute_ledger_primitives::{
	AgentSpending, AssetClass, Compliance, ModelId, PriceCatalog, Spend, TokenUsage,
};
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

	/// The bytes an agent signs for a priced channel's voucher (see [`PRICED_VOUCHER_TAG`]).
	pub fn priced_voucher_message(
		id: ChannelId,
		cumulative: T::Balance,
		usage: &[TokenUsage],
		records_root: &[u8; 32],
		nonce: u64,
	) -> Vec<u8> {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		(PRICED_VOUCHER_TAG, genesis, id, cumulative, usage, records_root, nonce).encode()
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
		Self::open_with(agent, provider, deposit, None).map(|_| ())
	}

	/// Opens a channel to the model's provider at the model's card in force now.
	pub fn do_open_priced(
		agent: T::AccountId,
		model: ModelId,
		deposit: T::Balance,
	) -> DispatchResult {
		let provider = T::Prices::provider(model).ok_or(Error::<T>::UnknownModel)?;
		ensure!(T::Prices::is_serving(model), Error::<T>::ModelNotServing);
		let card = T::Prices::card_at(model, Self::now()).ok_or(Error::<T>::NoCardInForce)?;
		let pricing =
			ChannelPricing { model, card, usage: Default::default(), records_root: [0; 32] };
		let id = Self::open_with(agent, provider, deposit, Some(pricing))?;
		Self::deposit_event(Event::ChannelPriced { id, model, card });
		Ok(())
	}

	fn open_with(
		agent: T::AccountId,
		provider: T::AccountId,
		deposit: T::Balance,
		pricing: Option<ChannelPricing>,
	) -> Result<ChannelId, DispatchError> {
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
				pricing,
			},
		);
		Self::deposit_event(Event::ChannelOpened { id, agent, provider, deposit });
		Ok(id)
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
		let channel = Self::claimable(&provider, id)?;
		ensure!(channel.pricing.is_none(), Error::<T>::PricedChannel);
		let message = Self::voucher_message(id, cumulative, nonce);
		ensure!(signature.verify(&message[..], &channel.agent), Error::<T>::BadSignature);
		Self::pay(id, channel, cumulative, nonce)?;
		Ok(())
	}

	pub fn do_claim_usage(
		provider: T::AccountId,
		id: ChannelId,
		voucher: PricedVoucher<T::Balance>,
		signature: T::Signature,
	) -> DispatchResult {
		let mut channel = Self::claimable(&provider, id)?;
		let mut pricing = channel.pricing.clone().ok_or(Error::<T>::NotPriced)?;
		let PricedVoucher { cumulative, usage, records_root, nonce } = voucher;
		let message = Self::priced_voucher_message(id, cumulative, &usage, &records_root, nonce);
		ensure!(signature.verify(&message[..], &channel.agent), Error::<T>::BadSignature);
		ensure!(nonce > channel.nonce, Error::<T>::StaleVoucher);
		Self::ensure_usage_grows(&pricing.usage, &usage)?;
		let cost = T::Prices::cost(pricing.model, pricing.card, &usage)?;
		ensure!(cost == cumulative, Error::<T>::PriceMismatch);
		pricing.usage = usage.clone();
		pricing.records_root = records_root;
		channel.pricing = Some(pricing);
		Self::pay(id, channel, cumulative, nonce)?;
		Self::deposit_event(Event::UsageClaimed { id, usage, records_root });
		Ok(())
	}

	/// The channel, if `provider` is its provider and may still claim on it.
	fn claimable(provider: &T::AccountId, id: ChannelId) -> Result<Channel<T>, DispatchError> {
		let channel = Channels::<T>::get(id).ok_or(Error::<T>::UnknownChannel)?;
		ensure!(&channel.provider == provider, Error::<T>::NotProvider);
		if let ChannelStatus::Closing { until } = channel.status {
			ensure!(Self::now() <= until, Error::<T>::WindowEnded);
		}
		Ok(channel)
	}

	/// Each modality listed once, and no modality's tokens below the last claim's (a modality
	/// left out counts as zero tokens).
	fn ensure_usage_grows(before: &[TokenUsage], after: &[TokenUsage]) -> DispatchResult {
		for (i, used) in after.iter().enumerate() {
			ensure!(
				after[..i].iter().all(|u| u.modality != used.modality),
				Error::<T>::DuplicateModality
			);
		}
		for old in before {
			let new = after.iter().find(|u| u.modality == old.modality);
			let (tokens_in, tokens_out) = new.map_or((0, 0), |u| (u.tokens_in, u.tokens_out));
			ensure!(
				tokens_in >= old.tokens_in && tokens_out >= old.tokens_out,
				Error::<T>::UsageDecreased
			);
		}
		Ok(())
	}

	/// Pays the provider the increase of a newer voucher (signature already checked) and
	/// stores the channel with the voucher as its last claim.
	fn pay(
		id: ChannelId,
		mut channel: Channel<T>,
		cumulative: T::Balance,
		nonce: u64,
	) -> DispatchResult {
		let provider = channel.provider.clone();
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

	/// A channel's pricing, if it charges by the token.
	pub fn pricing_of(id: ChannelId) -> Option<ChannelPricing> {
		Channels::<T>::get(id).and_then(|c| c.pricing)
	}

	/// What cumulative `usage` costs at a priced channel's card: the amount a voucher for it
	/// must carry.
	pub fn usage_cost(id: ChannelId, usage: &[TokenUsage]) -> Result<T::Balance, DispatchError> {
		let channel = Channels::<T>::get(id).ok_or(Error::<T>::UnknownChannel)?;
		let pricing = channel.pricing.ok_or(Error::<T>::NotPriced)?;
		T::Prices::cost(pricing.model, pricing.card, usage)
	}

	/// The deposit held for each agent equals the unclaimed part of its channels, and a priced
	/// channel has paid exactly what its claimed tokens cost at its card.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::InspectHold;
		let mut held: alloc::collections::BTreeMap<T::AccountId, T::Balance> = Default::default();
		for channel in Channels::<T>::iter_values() {
			ensure!(channel.claimed <= channel.deposit, "claimed more than deposited");
			if let Some(p) = &channel.pricing {
				let cost = T::Prices::cost(p.model, p.card, &p.usage);
				ensure!(
					cost == Ok(channel.claimed),
					"a priced channel paid other than its tokens' cost"
				);
			}
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
