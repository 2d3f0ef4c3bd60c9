//! [`PriceCatalog`] for the pallets that charge by the token.

use crate::{
	pallet::{Config, Models, Pallet},
	ModelStatus,
};
use compute_ledger_primitives::{CardIndex, ModelId, PriceCatalog, TokenUsage};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::DispatchError;

impl<T: Config> PriceCatalog<T::AccountId, T::Balance, BlockNumberFor<T>> for Pallet<T> {
	fn provider(model: ModelId) -> Option<T::AccountId> {
		Models::<T>::get(model).map(|m| m.provider)
	}

	fn is_serving(model: ModelId) -> bool {
		Models::<T>::get(model).is_some_and(|m| m.status == ModelStatus::Serving)
	}

	fn card_at(model: ModelId, at: BlockNumberFor<T>) -> Option<CardIndex> {
		Self::card_index_at(model, at)
	}

	fn cost(
		model: ModelId,
		card: CardIndex,
		usage: &[TokenUsage],
	) -> Result<T::Balance, DispatchError> {
		Pallet::<T>::cost(model, card, usage)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn served_model_for_benchmarks(provider: &T::AccountId) -> ModelId {
		crate::benchmarking::served_model::<T>(provider)
	}
}
