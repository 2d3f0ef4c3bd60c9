//! Runtime API: the currency, balances (free, held, frozen) and issuers.

use crate::types::{CurrencyInfo, StableBalance};
use codec::Codec;

sp_api::decl_runtime_apis! {
	pub trait StableValueApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// Symbol, decimals and total issuance.
		fn currency() -> CurrencyInfo<Balance>;
		/// An account's free, held and frozen stable value.
		fn balance(who: AccountId) -> StableBalance<Balance>;
		/// An issuer's cap and what it has outstanding.
		fn issuer(who: AccountId) -> Option<(Balance, Balance)>;
	}
}
