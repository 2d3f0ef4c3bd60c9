//! # Energy
//!
//! Power is most of what a token costs to produce, so the electricity tariff sets the floor
//! under its price. The owner of a power asset proposes its tariff (a price per kWh in a named
//! stable-value currency, in force from a block); an auditor trusted for power capacity
//! attests it, and only then does it count. Tariffs are never changed: a newer one takes over
//! from its own block, so the energy of any past epoch is priced at the tariffs in force then.
//!
//! For every Final metered epoch of a compute asset the pallet derives what its energy cost:
//! the kWh of the agreed report at the kW-weighted tariffs of the power assets that supplied
//! it (as allocated when the report was agreed, at the epoch's last block), per million
//! output tokens, and the floor price that cost implies when power is a governance-set share
//! of a token's cost (70 % unless governance sets another).
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
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
		AssetId, AuditorTrust, CurrencyRegistry, CurrencySymbol, MeteredOutput,
		ParticipantRegistry, PowerAssetInspect,
	};
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_runtime::{
		traits::{AtLeast32BitUnsigned, MaybeSerializeDeserialize},
		Perbill,
	};

	/// Bumped with a migration whenever a stored type changes.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Prices, in the smallest unit of the tariff's currency.
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

		/// Who owns which power asset.
		type Assets: PowerAssetInspect<Self::AccountId>;

		/// Auditors trusted for `AssetClass::PowerCapacity` attest tariffs.
		type Auditors: AuditorTrust<Self::AccountId>;

		/// The Final metered epochs whose energy is priced.
		type Metered: MeteredOutput;

		/// The currencies a tariff may name.
		type Currencies: CurrencyRegistry;

		/// Sets the power share of a token's cost.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The power share of a token's cost until governance sets another.
		#[pallet::constant]
		type DefaultPowerShare: Get<Perbill>;

		/// Most tariffs one power asset's history holds.
		#[pallet::constant]
		type MaxTariffs: Get<u32>;

		type WeightInfo: WeightInfo;
	}

	/// Each power asset's tariffs, oldest first; only the last may await attestation.
	#[pallet::storage]
	pub type Tariffs<T: Config> =
		StorageMap<_, Blake2_128Concat, AssetId, BoundedVec<Tariff<T>, T::MaxTariffs>, ValueQuery>;

	/// Power's share of what a token costs to produce: the floor price is the energy cost
	/// per token divided by it.
	#[pallet::storage]
	pub type PowerShare<T: Config> = StorageValue<_, Perbill, ValueQuery, T::DefaultPowerShare>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A power asset's owner proposed a tariff; it counts once attested.
		TariffProposed {
			power: AssetId,
			index: u32,
			currency: CurrencySymbol,
			price_per_kwh: T::Balance,
			valid_from: BlockNumberFor<T>,
		},
		/// A trusted auditor attested a tariff: in force from `valid_from`.
		TariffAttested {
			power: AssetId,
			index: u32,
			auditor: T::AccountId,
			valid_from: BlockNumberFor<T>,
		},
		PowerShareSet {
			share: Perbill,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No power asset has this id (or it is retired).
		UnknownPowerAsset,
		/// Only the power asset's owner proposes its tariffs.
		NotAssetOwner,
		/// The tariff names a currency the chain does not have.
		UnknownCurrency,
		/// A tariff takes effect at the earliest in the block it is proposed in.
		TariffInPast,
		/// A tariff takes effect strictly after the asset's last attested tariff.
		TariffNotAfterPrevious,
		/// The asset's history holds `MaxTariffs` tariffs already.
		TooManyTariffs,
		/// The caller is not an auditor trusted for power capacity.
		NotTrustedAuditor,
		/// The asset has no tariff with this index.
		UnknownTariff,
		/// The tariff is attested already.
		AlreadyAttested,
		/// The power share of cost is above zero.
		InvalidPowerShare,
		/// The epoch has no Final metered report.
		NotFinal,
		/// The epoch's report counts no output tokens: no cost per token.
		NoOutput,
		/// No power asset supplied the compute asset in the epoch.
		NoPowerSupply,
		/// A power asset that supplied the epoch had no attested tariff in force.
		NoTariff,
		/// The power assets that supplied the epoch price energy in different currencies.
		MixedCurrencies,
		/// The cost does not fit the balance type.
		CostOverflow,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Proposes a power asset's next tariff, per kWh, in force from `valid_from` (this
		/// block when `None`) once a trusted auditor attests it (the asset's owner). A tariff
		/// still awaiting attestation is replaced.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::propose_tariff())]
		pub fn propose_tariff(
			origin: OriginFor<T>,
			power: AssetId,
			currency: CurrencySymbol,
			price_per_kwh: T::Balance,
			valid_from: Option<BlockNumberFor<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_propose_tariff(who, power, currency, price_per_kwh, valid_from)
		}

		/// Attests a proposed tariff (an auditor trusted for power capacity). It takes
		/// effect at its `valid_from`, or now if that has passed.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::attest_tariff())]
		pub fn attest_tariff(origin: OriginFor<T>, power: AssetId, index: u32) -> DispatchResult {
			let who = ensure_signed(origin)?;
			T::Participants::ensure_active(&who)?;
			Self::do_attest_tariff(who, power, index)
		}

		/// Sets power's share of a token's cost, above zero (governance).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_power_share())]
		pub fn set_power_share(origin: OriginFor<T>, share: Perbill) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_power_share(share)
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
