//! # Pricing
//!
//! What a token costs, on chain. The owner of a compute asset registers the models it serves
//! there (name, version, tier) and publishes price cards for them: per modality (text, image,
//! audio, video), a price per million input tokens and per million output tokens, in a named
//! stable-value currency, in force from a block. Cards are never changed or deleted: a new
//! card takes over from its own `valid_from`, so any past payment can be priced at the card in
//! force when it was made ([`compute_ledger_primitives::PriceCatalog`]).
//!
//! Governance sets each tier's range of output prices per million tokens; a card whose output
//! price lies outside its model's tier's range, or whose input price lies above it, is refused.
//! A retired model keeps its cards but takes no new ones.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
mod impl_catalog;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use compute_ledger_primitives::{
		AssetId, CardIndex, ComputeAssetInspect, CurrencyRegistry, ModelId, ParticipantRegistry,
		PriceBounds, Tier, TokenPrice,
	};
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{AtLeast32BitUnsigned, MaybeSerializeDeserialize};

	/// Bumped with a migration whenever a stored type changes. Version 1: the tiers have
	/// their ranges (genesis writes them; the runtime's `PricingV1` seeds them on a chain
	/// that predates the pallet).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Prices, in the smallest unit of the card's currency.
		type Balance: Parameter
			+ Member
			+ AtLeast32BitUnsigned
			+ Copy
			+ Default
			+ MaxEncodedLen
			+ MaybeSerializeDeserialize
			+ Into<u128>
			+ TryFrom<u128>;

		type Participants: ParticipantRegistry<Self::AccountId>;

		/// Who owns which compute asset.
		type Assets: ComputeAssetInspect<Self::AccountId>;

		/// The currencies a card may name.
		type Currencies: CurrencyRegistry;

		/// Sets the tiers' price ranges.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Longest model name or version, in bytes.
		#[pallet::constant]
		type MaxNameLen: Get<u32>;
		/// Most models one compute asset serves.
		#[pallet::constant]
		type MaxModelsPerAsset: Get<u32>;
		/// Most price cards one model's history holds: past this, the provider registers a new
		/// version of the model.
		#[pallet::constant]
		type MaxCardsPerModel: Get<u32>;

		type WeightInfo: WeightInfo;
	}

	/// The id the next registered model gets.
	#[pallet::storage]
	pub type NextModelId<T: Config> = StorageValue<_, ModelId, ValueQuery>;

	/// Every registered model.
	#[pallet::storage]
	pub type Models<T: Config> = StorageMap<_, Blake2_128Concat, ModelId, Model<T>>;

	/// The models each compute asset serves, in order of registration.
	#[pallet::storage]
	pub type ModelsOf<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		AssetId,
		BoundedVec<ModelId, T::MaxModelsPerAsset>,
		ValueQuery,
	>;

	/// Each model's price cards, in order of publication (and of `valid_from`).
	#[pallet::storage]
	pub type Cards<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, ModelId, Twox64Concat, CardIndex, PriceCard<T>>;

	/// How many cards each model has published.
	#[pallet::storage]
	pub type CardCount<T: Config> = StorageMap<_, Blake2_128Concat, ModelId, u32, ValueQuery>;

	/// Each tier's range of output prices per million tokens; a tier without one admits any.
	#[pallet::storage]
	pub type TierBounds<T: Config> = StorageMap<_, Blake2_128Concat, Tier, PriceBounds<T::Balance>>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The tiers' price ranges.
		pub tier_bounds: alloc::vec::Vec<(Tier, PriceBounds<T::Balance>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (tier, bounds) in &self.tier_bounds {
				assert!(
					bounds.min_output_per_million <= bounds.max_output_per_million,
					"a tier's minimum price is at most its maximum"
				);
				TierBounds::<T>::insert(tier, bounds);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		ModelRegistered { model: ModelId, asset: AssetId, provider: T::AccountId, tier: Tier },
		ModelRetired { model: ModelId },
		CardPublished { model: ModelId, card: CardIndex, valid_from: BlockNumberFor<T> },
		TierBoundsSet { tier: Tier, bounds: Option<PriceBounds<T::Balance>> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No compute asset has this id.
		UnknownAsset,
		/// Only the compute asset's owner registers models on it.
		NotAssetOwner,
		/// The asset already serves a model of this name and version.
		ModelExists,
		/// The asset serves `MaxModelsPerAsset` models already.
		TooManyModels,
		/// No model has this id.
		UnknownModel,
		/// Only the model's provider may do this.
		NotProvider,
		/// The model is retired: it takes no new cards.
		ModelRetired,
		/// A card prices at least one modality.
		NoPrices,
		/// A card prices each modality once.
		DuplicateModality,
		/// An output price lies outside the tier's range, or an input price above it.
		OutsideTierBounds,
		/// The card names a currency the chain does not have.
		UnknownCurrency,
		/// A card takes effect at the earliest in the block it is published in.
		CardInPast,
		/// A card takes effect strictly after the model's previous card.
		CardNotAfterPrevious,
		/// The model's history holds `MaxCardsPerModel` cards already.
		TooManyCards,
		/// A tier's minimum price is above its maximum.
		InvalidBounds,
		/// The model has no card with this index.
		UnknownCard,
		/// The model has no card in force at that block.
		NoCardInForce,
		/// The card does not price a modality the usage has tokens of.
		ModalityNotPriced,
		/// The cost does not fit the balance type.
		CostOverflow,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a model served on one of the caller's compute assets, in a tier.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_model())]
		pub fn register_model(
			origin: OriginFor<T>,
			asset: AssetId,
			name: BoundedVec<u8, T::MaxNameLen>,
			version: BoundedVec<u8, T::MaxNameLen>,
			tier: Tier,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_register_model(who, asset, name, version, tier)
		}

		/// Retires a model: its cards stay, it takes no new ones (its provider).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::retire_model())]
		pub fn retire_model(origin: OriginFor<T>, model: ModelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_retire_model(who, model)
		}

		/// Publishes a model's next price card, in force from `valid_from` (this block when
		/// `None`) until a later card takes over (its provider).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::publish_card())]
		pub fn publish_card(
			origin: OriginFor<T>,
			model: ModelId,
			currency: CurrencySymbol,
			prices: BoundedVec<TokenPrice<T::Balance>, ConstU32<4>>,
			valid_from: Option<BlockNumberFor<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_publish_card(who, model, currency, prices, valid_from)
		}

		/// Sets a tier's range of output prices per million tokens, or removes it (governance).
		/// Cards already published stand; new cards must fit.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_tier_bounds())]
		pub fn set_tier_bounds(
			origin: OriginFor<T>,
			tier: Tier,
			bounds: Option<PriceBounds<T::Balance>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_tier_bounds(tier, bounds)
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}
}
