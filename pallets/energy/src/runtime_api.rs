//! Runtime API: tariffs, the power share, and what a metered epoch's energy cost.

use alloc::vec::Vec;
use codec::Codec;
use compute_ledger_primitives::{AssetId, CurrencySymbol, Epoch};
use sp_runtime::{DispatchError, Perbill};

sp_api::decl_runtime_apis! {
	/// `Tariff` is the pallet's `Tariff<Runtime>`.
	pub trait EnergyApi<Balance, BlockNumber, Tariff>
	where
		Balance: Codec,
		BlockNumber: Codec,
		Tariff: Codec,
	{
		/// A power asset's tariffs, oldest first (the last may await attestation).
		fn tariffs(power: AssetId) -> Vec<Tariff>;
		/// The attested tariff in force for a power asset at a block: currency and price per
		/// kWh.
		fn tariff_at(power: AssetId, at: BlockNumber) -> Option<(CurrencySymbol, Balance)>;
		/// Power's share of a token's cost.
		fn power_share() -> Perbill;
		/// What a Final epoch's energy cost per million output tokens, and the floor price.
		fn energy_cost(asset: AssetId, epoch: Epoch) -> Result<crate::EnergyCost<Balance>, DispatchError>;
	}
}
