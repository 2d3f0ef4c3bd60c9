//! `CheckAdmission`: default-deny admission at transaction-pool validation.

use crate::pallet::{Config, Pallet};
use codec::{Decode, DecodeWithMemTracking, Encode};
use compute_ledger_primitives::{
	admission_codes, ActingAccount, EffectiveStatus, ParticipantRegistry,
};
use core::marker::PhantomData;
use frame_support::{
	pallet_prelude::TransactionSource,
	traits::{ContainsPair, OriginTrait},
	weights::Weight,
	DefaultNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::{
	impl_tx_ext_default,
	traits::{DispatchInfoOf, TransactionExtension, ValidateResult},
	transaction_validity::InvalidTransaction,
};

use crate::weights::WeightInfo;

/// Rejects every signed extrinsic whose acting account (the signer, or the principal or
/// multisig account it acts as, per `Config::ActingAccount`) is not an active participant,
/// unless the call is in `Config::ExemptCalls`. Runs in `validate`, so the pool refuses such a transaction
/// before it is gossiped or included, and it pays no fee. Unsigned and inherent extrinsics
/// pass untouched. Codes: [`admission_codes`].
#[derive(Encode, Decode, DecodeWithMemTracking, DefaultNoBound, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct CheckAdmission<T>(PhantomData<T>);

impl<T> CheckAdmission<T> {
	pub fn new() -> Self {
		Self(PhantomData)
	}
}

impl<T> core::fmt::Debug for CheckAdmission<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckAdmission")
	}
}

/// The admission verdict for a signer, as a custom invalid-transaction code.
pub fn admission_error(status: Option<EffectiveStatus>) -> Option<u8> {
	match status {
		Some(EffectiveStatus::Active) => None,
		None => Some(admission_codes::NOT_ADMITTED),
		Some(EffectiveStatus::Suspended { .. }) => Some(admission_codes::SUSPENDED),
		Some(EffectiveStatus::KycExpired) => Some(admission_codes::KYC_EXPIRED),
		Some(EffectiveStatus::Revoked) => Some(admission_codes::REVOKED),
	}
}

impl<T: Config + Send + Sync> TransactionExtension<<T as frame_system::Config>::RuntimeCall>
	for CheckAdmission<T>
{
	const IDENTIFIER: &'static str = "CheckAdmission";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	fn weight(&self, _: &<T as frame_system::Config>::RuntimeCall) -> Weight {
		T::WeightInfo::check_admission()
	}

	fn validate(
		&self,
		origin: <T as frame_system::Config>::RuntimeOrigin,
		call: &<T as frame_system::Config>::RuntimeCall,
		_info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, <T as frame_system::Config>::RuntimeCall> {
		if let Some(who) = origin.as_signer() {
			if !T::ExemptCalls::contains(who, call) {
				// A proxy or multisig call is admitted on the standing of the account it acts
				// as: a bank's multisig is the participant, not each officer's key.
				let acting = T::ActingAccount::acting(who, call)
					.ok_or(InvalidTransaction::Custom(admission_codes::NOT_A_DELEGATE))?;
				if let Some(code) = admission_error(Pallet::<T>::effective_status(&acting)) {
					return Err(InvalidTransaction::Custom(code).into());
				}
			}
		}
		Ok((Default::default(), (), origin))
	}

	impl_tx_ext_default!(<T as frame_system::Config>::RuntimeCall; prepare);
}
