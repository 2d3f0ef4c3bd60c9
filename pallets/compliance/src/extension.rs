//! `CheckNativeTransfers`: the compliance check for the native fee unit, at the pool.
//!
//! pallet-balances is upstream code that cannot call `Compliance::can_transfer`, so this
//! extension does it for every native transfer a signed extrinsic contains, directly or in
//! a batch, before the transaction enters the pool.

use crate::{
	pallet::{Config, Pallet},
	weights::WeightInfo,
};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode};
use compute_ledger_primitives::{AssetClass, NativeTransfers};
use core::marker::PhantomData;
use frame_support::{
	pallet_prelude::TransactionSource,
	traits::{Get, OriginTrait},
	weights::Weight,
	CloneNoBound, DefaultNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::{
	impl_tx_ext_default,
	traits::{DispatchInfoOf, Saturating, TransactionExtension, ValidateResult},
	transaction_validity::InvalidTransaction,
};

type CallOf<T> = <T as frame_system::Config>::RuntimeCall;

/// Refuses, with `compliance_codes`, a signed extrinsic whose native transfers fail the
/// compliance check of `AssetClass::Native`.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	DefaultNoBound,
	CloneNoBound,
	EqNoBound,
	PartialEqNoBound,
	TypeInfo,
)]
#[scale_info(skip_type_params(T, N))]
pub struct CheckNativeTransfers<T, N>(PhantomData<(T, N)>);

impl<T, N> CheckNativeTransfers<T, N> {
	pub fn new() -> Self {
		Self(PhantomData)
	}
}

impl<T, N> core::fmt::Debug for CheckNativeTransfers<T, N> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckNativeTransfers")
	}
}

impl<T, N> TransactionExtension<CallOf<T>> for CheckNativeTransfers<T, N>
where
	T: Config + Send + Sync,
	N: NativeTransfers<CallOf<T>, T::AccountId, T::Balance> + Send + Sync + 'static,
{
	const IDENTIFIER: &'static str = "CheckNativeTransfers";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	fn weight(&self, call: &CallOf<T>) -> Weight {
		// Every transfer pays for a check against the most rules a class may have.
		T::WeightInfo::can_transfer(T::MaxRules::get()).saturating_mul(N::count(call).into())
	}

	fn validate(
		&self,
		origin: <T as frame_system::Config>::RuntimeOrigin,
		call: &CallOf<T>,
		_info: &DispatchInfoOf<CallOf<T>>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, CallOf<T>> {
		if let Some(who) = origin.as_signer() {
			let mut transfers = Vec::new();
			if !N::collect(call, who, &mut transfers) {
				return Err(InvalidTransaction::Call.into());
			}
			// One check per sender and receiver with everything the call sends, so that a
			// holding limit holds across a batch of small transfers to the same account.
			let mut per_pair: Vec<(T::AccountId, T::AccountId, T::Balance)> = Vec::new();
			for (from, dest, amount) in transfers {
				match per_pair.iter_mut().find(|(f, d, _)| *f == from && *d == dest) {
					Some((_, _, total)) => *total = total.saturating_add(amount),
					None => per_pair.push((from, dest, amount)),
				}
			}
			for (from, dest, amount) in per_pair {
				let report =
					Pallet::<T>::do_transfer_report(&AssetClass::Native, &from, &dest, amount);
				if let Some(failure) = report.first_failure() {
					return Err(InvalidTransaction::Custom(failure.code()).into());
				}
			}
		}
		Ok((Default::default(), (), origin))
	}

	impl_tx_ext_default!(CallOf<T>; prepare);
}
