//! The calls' logic and the queries the runtime API and other pallets use.

use crate::{pallet::*, CurrencySymbol, Model, ModelStatus, PriceCard};
use alloc::vec::Vec;
use compute_ledger_primitives::{
	cost_of, AssetId, CardIndex, ComputeAssetInspect, CurrencyRegistry, ModelId, PriceBounds, Tier,
	TokenPrice, TokenUsage,
};
use frame_support::{pallet_prelude::*, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> Pallet<T> {
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	pub fn do_register_model(
		who: T::AccountId,
		asset: AssetId,
		name: BoundedVec<u8, T::MaxNameLen>,
		version: BoundedVec<u8, T::MaxNameLen>,
		tier: Tier,
	) -> DispatchResult {
		let owner = T::Assets::compute_owner(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(owner == who, Error::<T>::NotAssetOwner);
		let mut served = ModelsOf::<T>::get(asset);
		let exists = served
			.iter()
			.any(|id| Models::<T>::get(id).is_some_and(|m| m.name == name && m.version == version));
		ensure!(!exists, Error::<T>::ModelExists);
		let model = NextModelId::<T>::get();
		served.try_push(model).map_err(|_| Error::<T>::TooManyModels)?;
		ModelsOf::<T>::insert(asset, served);
		NextModelId::<T>::put(model.saturating_add(1));
		Models::<T>::insert(
			model,
			Model {
				provider: who.clone(),
				asset,
				name,
				version,
				tier,
				status: ModelStatus::Serving,
				registered_at: Self::now(),
			},
		);
		Self::deposit_event(Event::ModelRegistered { model, asset, provider: who, tier });
		Ok(())
	}

	/// The model, if `who` is its provider.
	fn provided_by(who: &T::AccountId, model: ModelId) -> Result<Model<T>, DispatchError> {
		let found = Models::<T>::get(model).ok_or(Error::<T>::UnknownModel)?;
		ensure!(&found.provider == who, Error::<T>::NotProvider);
		Ok(found)
	}

	pub fn do_retire_model(who: T::AccountId, model: ModelId) -> DispatchResult {
		let mut found = Self::provided_by(&who, model)?;
		ensure!(found.status == ModelStatus::Serving, Error::<T>::ModelRetired);
		found.status = ModelStatus::Retired;
		Models::<T>::insert(model, found);
		Self::deposit_event(Event::ModelRetired { model });
		Ok(())
	}

	pub fn do_publish_card(
		who: T::AccountId,
		model: ModelId,
		currency: CurrencySymbol,
		prices: BoundedVec<TokenPrice<T::Balance>, ConstU32<4>>,
		valid_from: Option<BlockNumberFor<T>>,
	) -> DispatchResult {
		let found = Self::provided_by(&who, model)?;
		ensure!(found.status == ModelStatus::Serving, Error::<T>::ModelRetired);
		ensure!(!prices.is_empty(), Error::<T>::NoPrices);
		for (i, price) in prices.iter().enumerate() {
			ensure!(
				prices[..i].iter().all(|p| p.modality != price.modality),
				Error::<T>::DuplicateModality
			);
		}
		Self::ensure_within_tier(found.tier, &prices)?;
		ensure!(T::Currencies::is_known(&currency), Error::<T>::UnknownCurrency);
		let now = Self::now();
		let valid_from = valid_from.unwrap_or(now);
		ensure!(valid_from >= now, Error::<T>::CardInPast);
		let count = CardCount::<T>::get(model);
		if let Some(previous) = count.checked_sub(1).and_then(|last| Cards::<T>::get(model, last)) {
			ensure!(valid_from > previous.valid_from, Error::<T>::CardNotAfterPrevious);
		}
		ensure!(count < T::MaxCardsPerModel::get(), Error::<T>::TooManyCards);
		Cards::<T>::insert(
			model,
			count,
			PriceCard { currency, prices, valid_from, published_at: now },
		);
		CardCount::<T>::insert(model, count + 1);
		Self::deposit_event(Event::CardPublished { model, card: count, valid_from });
		Ok(())
	}

	/// Every output price within the tier's range, every input price at most its maximum.
	fn ensure_within_tier(tier: Tier, prices: &[TokenPrice<T::Balance>]) -> DispatchResult {
		let Some(bounds) = TierBounds::<T>::get(tier) else { return Ok(()) };
		for price in prices {
			ensure!(
				price.output_per_million >= bounds.min_output_per_million
					&& price.output_per_million <= bounds.max_output_per_million
					&& price.input_per_million <= bounds.max_output_per_million,
				Error::<T>::OutsideTierBounds
			);
		}
		Ok(())
	}

	pub fn do_set_tier_bounds(
		tier: Tier,
		bounds: Option<PriceBounds<T::Balance>>,
	) -> DispatchResult {
		match bounds {
			Some(b) => {
				ensure!(
					b.min_output_per_million <= b.max_output_per_million,
					Error::<T>::InvalidBounds
				);
				TierBounds::<T>::insert(tier, b);
			}
			None => TierBounds::<T>::remove(tier),
		}
		Self::deposit_event(Event::TierBoundsSet { tier, bounds });
		Ok(())
	}

	/// The card in force for a model at a block: the last one whose `valid_from` is at or
	/// before it (a binary search over the history, which is ordered by `valid_from`).
	pub fn card_index_at(model: ModelId, at: BlockNumberFor<T>) -> Option<CardIndex> {
		let (mut low, mut high) = (0u32, CardCount::<T>::get(model));
		// Invariant: cards below `low` are in force by `at`, cards from `high` on are not.
		while low < high {
			let mid = low + (high - low) / 2;
			match Cards::<T>::get(model, mid) {
				Some(card) if card.valid_from <= at => low = mid + 1,
				_ => high = mid,
			}
		}
		low.checked_sub(1)
	}

	/// What a usage costs at one of a model's cards.
	pub fn cost(
		model: ModelId,
		card: CardIndex,
		usage: &[TokenUsage],
	) -> Result<T::Balance, DispatchError> {
		ensure!(Models::<T>::contains_key(model), Error::<T>::UnknownModel);
		let card = Cards::<T>::get(model, card).ok_or(Error::<T>::UnknownCard)?;
		let priced = usage.iter().all(|u| {
			(u.tokens_in == 0 && u.tokens_out == 0)
				|| card.prices.iter().any(|p| p.modality == u.modality)
		});
		ensure!(priced, Error::<T>::ModalityNotPriced);
		let cost = cost_of(&card.prices, usage).ok_or(Error::<T>::CostOverflow)?;
		T::Balance::try_from(cost).map_err(|_| Error::<T>::CostOverflow.into())
	}

	/// What a usage costs at the card in force for a model at a block: the card and the cost.
	pub fn quote(
		model: ModelId,
		at: BlockNumberFor<T>,
		usage: &[TokenUsage],
	) -> Result<(CardIndex, T::Balance), DispatchError> {
		ensure!(Models::<T>::contains_key(model), Error::<T>::UnknownModel);
		let card = Self::card_index_at(model, at).ok_or(Error::<T>::NoCardInForce)?;
		Ok((card, Self::cost(model, card, usage)?))
	}

	/// Every tier that has a range, cheapest tier first.
	pub fn tier_ranges() -> Vec<(Tier, PriceBounds<T::Balance>)> {
		Tier::ALL.iter().filter_map(|t| TierBounds::<T>::get(t).map(|b| (*t, b))).collect()
	}

	/// Models from the first id ≥ `start`, those of one asset when `asset` is given, at most
	/// `limit`.
	pub fn query_models(
		asset: Option<AssetId>,
		start: ModelId,
		limit: u32,
	) -> Vec<(ModelId, Model<T>)> {
		let limit = limit as usize;
		match asset {
			Some(asset) => ModelsOf::<T>::get(asset)
				.into_iter()
				.filter(|id| *id >= start)
				.filter_map(|id| Models::<T>::get(id).map(|m| (id, m)))
				.take(limit)
				.collect(),
			None => {
				let end = NextModelId::<T>::get();
				(start..end)
					.filter_map(|id| Models::<T>::get(id).map(|m| (id, m)))
					.take(limit)
					.collect()
			}
		}
	}

	/// A model's cards from index `start`, at most `limit`.
	pub fn query_cards(
		model: ModelId,
		start: CardIndex,
		limit: u32,
	) -> Vec<(CardIndex, PriceCard<T>)> {
		let end = CardCount::<T>::get(model).min(start.saturating_add(limit));
		(start..end).filter_map(|i| Cards::<T>::get(model, i).map(|c| (i, c))).collect()
	}

	/// Every model is in its asset's list; every card history is dense, ordered by
	/// `valid_from`, and within `MaxCardsPerModel`.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (id, model) in Models::<T>::iter() {
			ensure!(id < NextModelId::<T>::get(), "a model id beyond NextModelId");
			ensure!(
				ModelsOf::<T>::get(model.asset).contains(&id),
				"a model missing from its asset's list"
			);
			let count = CardCount::<T>::get(id);
			ensure!(count <= T::MaxCardsPerModel::get(), "a card history beyond MaxCardsPerModel");
			let mut previous: Option<BlockNumberFor<T>> = None;
			for i in 0..count {
				let card = Cards::<T>::get(id, i).ok_or("a gap in a card history")?;
				ensure!(previous.is_none_or(|p| p < card.valid_from), "cards out of order");
				previous = Some(card.valid_from);
			}
			ensure!(Cards::<T>::get(id, count).is_none(), "a card beyond CardCount");
		}
		for (asset, served) in ModelsOf::<T>::iter() {
			for id in served {
				let model = Models::<T>::get(id).ok_or("an asset lists an unknown model")?;
				ensure!(model.asset == asset, "an asset lists another asset's model");
			}
		}
		Ok(())
	}
}
