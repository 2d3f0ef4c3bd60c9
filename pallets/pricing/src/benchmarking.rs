//! Benchmarks of every call at its worst case: a full list of models on the asset (each read
//! for the name check), names at their longest, a card pricing every modality within its
//! tier's range after an earlier card.

use super::*;
use crate::pallet::{CardCount, Models};
use compute_ledger_primitives::{
	ComputeAssetInspect, CurrencyRegistry, Jurisdiction, Modality, ModelId, ParticipantRegistry,
	PriceBounds, Role, Tier, TokenPrice,
};
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::ConstU32,
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;

fn name<T: Config>(tag: u8) -> BoundedVec<u8, T::MaxNameLen> {
	let mut bytes = alloc::vec![b'm'; T::MaxNameLen::get() as usize];
	bytes[0] = tag;
	bytes.try_into().unwrap()
}

/// An admitted provider with an Active compute asset.
fn provider<T: Config>() -> (T::AccountId, compute_ledger_primitives::AssetId) {
	let who: T::AccountId = account("provider", 0, 0);
	T::Participants::admit_for_benchmarks(&who, [Role::AssetOwner].into(), Jurisdiction(*b"DE"));
	let asset = T::Assets::active_asset_for_benchmarks(&who);
	(who, asset)
}

/// A Standard model of the provider's, with one card in force.
fn priced_model<T: Config>() -> (T::AccountId, ModelId) {
	let who: T::AccountId = account("provider", 0, 0);
	T::Participants::admit_for_benchmarks(&who, [Role::AssetOwner].into(), Jurisdiction(*b"DE"));
	let model = served_model::<T>(&who);
	(who, model)
}

/// A Standard model on a new Active asset of `who`'s, with a card in force now that prices
/// every modality (also what other pallets' benchmarks charge at, through `PriceCatalog`).
pub(crate) fn served_model<T: Config>(who: &T::AccountId) -> ModelId {
	let asset = T::Assets::active_asset_for_benchmarks(who);
	crate::pallet::TierBounds::<T>::insert(Tier::Standard, standard_range::<T>());
	let model = crate::pallet::NextModelId::<T>::get();
	Pallet::<T>::do_register_model(who.clone(), asset, name::<T>(0), name::<T>(0), Tier::Standard)
		.unwrap();
	Pallet::<T>::do_publish_card(who.clone(), model, currency::<T>(), prices::<T>(2), None)
		.unwrap();
	model
}

fn currency<T: Config>() -> CurrencySymbol {
	T::Currencies::known_for_benchmarks().try_into().unwrap()
}

/// Every modality priced at `eur` per million output tokens (within the Standard range).
fn prices<T: Config>(eur: u32) -> BoundedVec<TokenPrice<T::Balance>, ConstU32<4>> {
	Modality::ALL
		.iter()
		.map(|modality| TokenPrice {
			modality: *modality,
			input_per_million: (eur * 100_000).into(),
			output_per_million: (eur * 1_000_000).into(),
		})
		.collect::<alloc::vec::Vec<_>>()
		.try_into()
		.unwrap()
}

fn standard_range<T: Config>() -> PriceBounds<T::Balance> {
	PriceBounds {
		min_output_per_million: 1_000_000u32.into(),
		max_output_per_million: 10_000_000u32.into(),
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_model() {
		let (who, asset) = provider::<T>();
		let full = T::MaxModelsPerAsset::get();
		for i in 0..full - 1 {
			Pallet::<T>::do_register_model(
				who.clone(),
				asset,
				name::<T>(i as u8),
				name::<T>(0),
				Tier::Standard,
			)
			.unwrap();
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(who), asset, name::<T>(255), name::<T>(0), Tier::Premium);
		assert_eq!(crate::pallet::ModelsOf::<T>::get(asset).len() as u32, full);
	}

	#[benchmark]
	fn retire_model() {
		let (who, model) = priced_model::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), model);
		assert_eq!(Models::<T>::get(model).unwrap().status, ModelStatus::Retired);
	}

	#[benchmark]
	fn publish_card() {
		crate::pallet::TierBounds::<T>::insert(Tier::Standard, standard_range::<T>());
		let (who, model) = priced_model::<T>();
		let next = frame_system::Pallet::<T>::block_number() + 1u32.into();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), model, currency::<T>(), prices::<T>(3), Some(next));
		assert_eq!(CardCount::<T>::get(model), 2);
	}

	#[benchmark]
	fn set_tier_bounds() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Tier::Premium, Some(standard_range::<T>()));
		assert!(crate::pallet::TierBounds::<T>::contains_key(Tier::Premium));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
