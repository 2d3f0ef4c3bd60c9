//! The calls' logic and the energy cost of metered epochs.

use crate::{pallet::*, EnergyCost, Tariff};
use alloc::vec::Vec;
use compute_ledger_primitives::{
	AssetClass, AssetId, AuditorTrust, CurrencyRegistry, CurrencySymbol, Epoch, MeteredOutput,
	ParticipantRegistry, PowerAssetInspect, Role, TOKENS_PER_PRICE_UNIT,
};
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::UniqueSaturatedInto, Perbill};

impl<T: Config> Pallet<T> {
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	pub fn do_propose_tariff(
		who: T::AccountId,
		power: AssetId,
		currency: CurrencySymbol,
		price_per_kwh: T::Balance,
		valid_from: Option<BlockNumberFor<T>>,
	) -> DispatchResult {
		let owner = T::Assets::power_owner(power).ok_or(Error::<T>::UnknownPowerAsset)?;
		ensure!(owner == who, Error::<T>::NotAssetOwner);
		ensure!(T::Currencies::is_known(&currency), Error::<T>::UnknownCurrency);
		let now = Self::now();
		let valid_from = valid_from.unwrap_or(now);
		ensure!(valid_from >= now, Error::<T>::TariffInPast);
		let mut history = Tariffs::<T>::get(power);
		// A tariff still awaiting attestation gives way to the new proposal.
		if history.last().is_some_and(|t| t.attested_by.is_none()) {
			history.pop();
		}
		if let Some(last) = history.last() {
			ensure!(valid_from > last.valid_from, Error::<T>::TariffNotAfterPrevious);
		}
		let index = history.len() as u32;
		let tariff = Tariff {
			currency: currency.clone(),
			price_per_kwh,
			valid_from,
			proposed_at: now,
			attested_by: None,
		};
		history.try_push(tariff).map_err(|_| Error::<T>::TooManyTariffs)?;
		Tariffs::<T>::insert(power, history);
		Self::deposit_event(Event::TariffProposed {
			power,
			index,
			currency,
			price_per_kwh,
			valid_from,
		});
		Ok(())
	}

	pub fn do_attest_tariff(auditor: T::AccountId, power: AssetId, index: u32) -> DispatchResult {
		T::Participants::ensure_role(&auditor, Role::Auditor)?;
		ensure!(
			T::Auditors::is_trusted_auditor(&AssetClass::PowerCapacity, &auditor),
			Error::<T>::NotTrustedAuditor
		);
		ensure!(T::Assets::power_owner(power).is_some(), Error::<T>::UnknownPowerAsset);
		let mut history = Tariffs::<T>::get(power);
		let tariff = history.get_mut(index as usize).ok_or(Error::<T>::UnknownTariff)?;
		ensure!(tariff.attested_by.is_none(), Error::<T>::AlreadyAttested);
		// Attested late, a tariff takes effect now: the past stays priced as it was.
		tariff.valid_from = tariff.valid_from.max(Self::now());
		tariff.attested_by = Some(auditor.clone());
		let valid_from = tariff.valid_from;
		Tariffs::<T>::insert(power, history);
		Self::deposit_event(Event::TariffAttested { power, index, auditor, valid_from });
		Ok(())
	}

	pub fn do_set_power_share(share: Perbill) -> DispatchResult {
		ensure!(!share.is_zero(), Error::<T>::InvalidPowerShare);
		PowerShare::<T>::put(share);
		Self::deposit_event(Event::PowerShareSet { share });
		Ok(())
	}

	/// The attested tariff in force for a power asset at a block: its currency and price per
	/// kWh.
	pub fn tariff_at(
		power: AssetId,
		at: BlockNumberFor<T>,
	) -> Option<(CurrencySymbol, T::Balance)> {
		Tariffs::<T>::get(power)
			.into_iter()
			.rev()
			.find(|t| t.attested_by.is_some() && t.valid_from <= at)
			.map(|t| (t.currency, t.price_per_kwh))
	}

	/// What a Final epoch's energy cost, per million output tokens, and the floor price it
	/// implies at the current power share.
	///
	/// With kWh `E`, tokens `N`, and supplier `i` giving `kWᵢ` at tariff `pᵢ`:
	/// cost = E × Σ kWᵢ pᵢ ÷ Σ kWᵢ; per million = cost × 10⁶ ÷ N; floor = per million ÷ share.
	/// Each figure is rounded up once from the exact fraction.
	pub fn energy_cost(
		asset: AssetId,
		epoch: Epoch,
	) -> Result<EnergyCost<T::Balance>, DispatchError> {
		let output = T::Metered::final_output(asset, epoch).ok_or(Error::<T>::NotFinal)?;
		ensure!(output.tokens_out > 0, Error::<T>::NoOutput);
		let supply: Vec<(AssetId, u32)> =
			output.power_supply.iter().copied().filter(|(_, kw)| *kw > 0).collect();
		ensure!(!supply.is_empty(), Error::<T>::NoPowerSupply);
		let at: BlockNumberFor<T> = output.last_block.unique_saturated_into();
		let mut currency: Option<CurrencySymbol> = None;
		let (mut weighted, mut total_kw) = (0u128, 0u128);
		for (power, kw) in supply {
			let (symbol, price) = Self::tariff_at(power, at).ok_or(Error::<T>::NoTariff)?;
			match &currency {
				Some(c) => ensure!(*c == symbol, Error::<T>::MixedCurrencies),
				None => currency = Some(symbol),
			}
			let price: u128 = price.into();
			weighted = weighted
				.checked_add(price.checked_mul(kw.into()).ok_or(Error::<T>::CostOverflow)?)
				.ok_or(Error::<T>::CostOverflow)?;
			total_kw += u128::from(kw);
		}
		let currency = currency.ok_or(Error::<T>::NoPowerSupply)?;
		let share = PowerShare::<T>::get();
		let overflow = || DispatchError::from(Error::<T>::CostOverflow);
		let balance = |v: u128| T::Balance::try_from(v).map_err(|_| overflow());
		// The exact cost is `numerator ÷ total_kw`.
		let numerator = weighted.checked_mul(output.energy_kwh.into()).ok_or_else(overflow)?;
		let per_million = numerator.checked_mul(TOKENS_PER_PRICE_UNIT).ok_or_else(overflow)?;
		let per_million_den =
			total_kw.checked_mul(output.tokens_out.into()).ok_or_else(overflow)?;
		let parts = u128::from(share.deconstruct());
		let floor_num = per_million
			.checked_mul(u128::from(Perbill::one().deconstruct()))
			.ok_or_else(overflow)?;
		let floor_den = per_million_den.checked_mul(parts).ok_or_else(overflow)?;
		Ok(EnergyCost {
			last_block: output.last_block,
			tokens_out: output.tokens_out,
			energy_kwh: output.energy_kwh,
			currency,
			tariff_per_kwh: balance(weighted.div_ceil(total_kw))?,
			energy_cost: balance(numerator.div_ceil(total_kw))?,
			cost_per_million: balance(per_million.div_ceil(per_million_den))?,
			power_share: share,
			floor_per_million: balance(floor_num.div_ceil(floor_den))?,
		})
	}

	/// The power share in force: governance's, or the default.
	pub fn power_share() -> Perbill {
		PowerShare::<T>::get()
	}

	/// Invariants: each history is ordered by `valid_from`, only its last tariff may await
	/// attestation, and the power share is above zero.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		ensure!(!PowerShare::<T>::get().is_zero(), "power share is zero");
		for (_, history) in Tariffs::<T>::iter() {
			let pending = history.iter().filter(|t| t.attested_by.is_none()).count();
			ensure!(pending <= 1, "more than one tariff awaits attestation");
			if pending == 1 {
				ensure!(
					history.last().is_some_and(|t| t.attested_by.is_none()),
					"a tariff awaiting attestation is not the last"
				);
			}
			ensure!(
				history.windows(2).all(|w| w[0].valid_from < w[1].valid_from),
				"tariffs out of order"
			);
		}
		Ok(())
	}
}
