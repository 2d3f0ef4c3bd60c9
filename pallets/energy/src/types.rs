//! Stored and derived types of the energy pallet: tariffs and what an epoch's energy cost.

use crate::pallet::Config;
use codec::{Decode, Encode, MaxEncodedLen};
use compute_ledger_primitives::CurrencySymbol;
use frame_support::{CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// A power asset's price of energy from one block on.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Tariff<T: Config> {
	pub currency: CurrencySymbol,
	/// Price of one kWh, in the currency's smallest unit.
	pub price_per_kwh: T::Balance,
	/// In force from this block (once attested) until the next attested tariff's.
	pub valid_from: BlockNumberFor<T>,
	pub proposed_at: BlockNumberFor<T>,
	/// The trusted auditor that attested it; a tariff counts only once attested.
	pub attested_by: Option<T::AccountId>,
}

/// What one Final metered epoch's energy cost, per million output tokens, and the price
/// floor that implies. Amounts are in `currency`'s smallest unit, rounded up.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct EnergyCost<Balance> {
	/// The epoch's last block: the tariffs in force then priced its energy.
	pub last_block: u64,
	pub tokens_out: u64,
	pub energy_kwh: u64,
	pub currency: CurrencySymbol,
	/// The tariffs of the power assets that supplied the epoch, weighted by their kW.
	pub tariff_per_kwh: Balance,
	/// What the epoch's energy cost: kWh × tariff.
	pub energy_cost: Balance,
	/// Energy cost per million output tokens.
	pub cost_per_million: Balance,
	/// Power's share of a token's cost when the epoch was priced.
	pub power_share: Perbill,
	/// The lowest price per million output tokens that covers the energy at that share:
	/// `cost_per_million ÷ power_share`.
	pub floor_per_million: Balance,
}
