//! Institutional accounts: multisig accounts (a bank's three officers act as one participant)
//! and proxies (a delegated key acts for its principal within the principal's roles and
//! mandates, limited to one domain by its proxy type). Admission, compliance and mandates
//! apply to the account that acts: `RuntimeActingAccount` tells `CheckAdmission` which
//! account that is, and `RuntimeNativeTransfers` follows proxy and multisig calls to the
//! native transfers inside them.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{parameter_types, traits::InstanceFilter};
use scale_info::TypeInfo;
use sp_runtime::traits::{StaticLookup, Zero};

use crate::{AccountId, Balance, Balances, Runtime, RuntimeCall, RuntimeEvent, System, UNIT};

/// A deposit for `items` storage entries of `bytes` bytes in all, in native units: what a
/// proxy or a pending multisig operation costs to keep, returned when it is removed.
pub const fn deposit(items: u32, bytes: u32) -> Balance {
	items as Balance * UNIT / 10 + bytes as Balance * UNIT / 1_000
}

/// What a delegated key may do for its principal. Each type admits one domain's calls (and
/// `Utility` batches of them, whose inner calls are filtered again); the principal's own roles,
/// compliance and mandates still decide whether each call succeeds.
#[derive(
	Copy,
	Clone,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Debug,
	MaxEncodedLen,
	TypeInfo,
	Default,
)]
pub enum ProxyType {
	/// Every call the principal may make.
	#[default]
	Any,
	/// Orders, instructions and conditional payments, claim transfers, and an agent's mandated
	/// payments: a trading desk's or an agent operator's key.
	Trading,
	/// Meter reports and their disputes: a metering operator's hot key.
	Metering,
	/// Stable value (issue, redeem, move, freeze funds) and native transfers: a bank's
	/// treasury key.
	Treasury,
	/// Council proposals, votes and closes: a council member's voting key.
	Governance,
}

impl InstanceFilter<RuntimeCall> for ProxyType {
	fn filter(&self, call: &RuntimeCall) -> bool {
		use pallet_balances::Call as B;
		use pallet_claims::Call as C;
		use pallet_mandates::Call as M;
		use pallet_utility::Call as U;
		// Batches pass; each call inside is filtered again by the same proxy type.
		if matches!(
			call,
			RuntimeCall::Utility(U::batch { .. } | U::batch_all { .. } | U::force_batch { .. })
		) {
			return true;
		}
		match self {
			ProxyType::Any => true,
			ProxyType::Trading => matches!(
				call,
				RuntimeCall::Settlement(..)
					| RuntimeCall::Claims(C::transfer { .. })
					| RuntimeCall::Mandates(M::pay { .. })
					| RuntimeCall::Channels(..)
			),
			ProxyType::Metering => matches!(call, RuntimeCall::Metering(..)),
			ProxyType::Treasury => matches!(
				call,
				RuntimeCall::StableValue(..)
					| RuntimeCall::Balances(
						B::transfer_allow_death { .. }
							| B::transfer_keep_alive { .. }
							| B::transfer_all { .. }
					)
			),
			ProxyType::Governance => matches!(call, RuntimeCall::Council(..)),
		}
	}

	fn is_superset(&self, other: &Self) -> bool {
		self == &ProxyType::Any || self == other
	}
}

parameter_types! {
	/// One `Proxies` entry: the principal's account and a vector header.
	pub const ProxyDepositBase: Balance = deposit(1, 8);
	/// Each delegate: an account, a proxy type and a delay.
	pub const ProxyDepositFactor: Balance = deposit(0, 33);
	pub const AnnouncementDepositBase: Balance = deposit(1, 8);
	pub const AnnouncementDepositFactor: Balance = deposit(0, 68);
	/// A pending multisig operation: its entry and timepoint.
	pub const MultisigDepositBase: Balance = deposit(1, 88);
	/// Each signatory recorded as approving.
	pub const MultisigDepositFactor: Balance = deposit(0, 32);
}

impl pallet_proxy::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type ProxyType = ProxyType;
	type ProxyDepositBase = ProxyDepositBase;
	type ProxyDepositFactor = ProxyDepositFactor;
	type MaxProxies = frame_support::traits::ConstU32<16>;
	type WeightInfo = crate::weights::pallet_proxy::WeightInfo<Runtime>;
	type MaxPending = frame_support::traits::ConstU32<16>;
	type CallHasher = sp_runtime::traits::BlakeTwo256;
	type AnnouncementDepositBase = AnnouncementDepositBase;
	type AnnouncementDepositFactor = AnnouncementDepositFactor;
	type BlockNumberProvider = System;
}

impl pallet_multisig::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type DepositBase = MultisigDepositBase;
	type DepositFactor = MultisigDepositFactor;
	type MaxSignatories = frame_support::traits::ConstU32<20>;
	type WeightInfo = crate::weights::pallet_multisig::WeightInfo<Runtime>;
	type BlockNumberProvider = System;
}

/// The multisig account of `threshold` signatures among `signer` and `others`, as
/// pallet-multisig derives it (over the sorted signatories).
pub fn multisig_account(signer: &AccountId, others: &[AccountId], threshold: u16) -> AccountId {
	let mut signatories = alloc::vec::Vec::with_capacity(others.len() + 1);
	signatories.extend_from_slice(others);
	signatories.push(signer.clone());
	signatories.sort();
	pallet_multisig::Pallet::<Runtime>::multi_account_id(&signatories, threshold)
}

/// Proxy and multisig calls nest at most this deep for the admission check; deeper nesting is
/// refused (no institution needs it, and it bounds the work of validation).
const MAX_ACTING_DEPTH: u8 = 4;

/// The account a signed call acts as: the principal of `Proxy.proxy` (only if the signer is
/// its registered delegate for a type that admits the call), the multisig account of a
/// `Multisig` call, recursively; otherwise the signer.
pub struct RuntimeActingAccount;

impl RuntimeActingAccount {
	fn resolve(who: AccountId, call: &RuntimeCall, depth: u8) -> Option<AccountId> {
		use pallet_multisig::Call as M;
		use pallet_proxy::Call as P;
		if depth > MAX_ACTING_DEPTH {
			return None;
		}
		match call {
			RuntimeCall::Proxy(P::proxy { real, force_proxy_type, call }) => {
				let real = <Runtime as frame_system::Config>::Lookup::lookup(real.clone()).ok()?;
				let def =
					pallet_proxy::Pallet::<Runtime>::find_proxy(&real, &who, *force_proxy_type)
						.ok()?;
				// A delayed proxy acts only through an announcement, and a type that does
				// not admit the call will be refused at dispatch: neither is admitted here.
				if !def.delay.is_zero() || !def.proxy_type.filter(call) {
					return None;
				}
				Self::resolve(real, call, depth + 1)
			}
			RuntimeCall::Multisig(M::as_multi { threshold, other_signatories, call, .. }) => {
				let id = multisig_account(&who, other_signatories, *threshold);
				Self::resolve(id, call, depth + 1)
			}
			RuntimeCall::Multisig(M::as_multi_threshold_1 { other_signatories, call }) => {
				let id = multisig_account(&who, other_signatories, 1);
				Self::resolve(id, call, depth + 1)
			}
			RuntimeCall::Multisig(
				M::approve_as_multi { threshold, other_signatories, .. }
				| M::cancel_as_multi { threshold, other_signatories, .. }
				| M::poke_deposit { threshold, other_signatories, .. },
			) => Some(multisig_account(&who, other_signatories, *threshold)),
			_ => Some(who),
		}
	}

	/// The call a proxy or multisig call carries.
	pub fn inner_call(call: &RuntimeCall) -> Option<&RuntimeCall> {
		use pallet_multisig::Call as M;
		use pallet_proxy::Call as P;
		match call {
			RuntimeCall::Proxy(P::proxy { call, .. })
			| RuntimeCall::Multisig(
				M::as_multi { call, .. } | M::as_multi_threshold_1 { call, .. },
			) => Some(&**call),
			_ => None,
		}
	}

	/// The inner call and the account it runs as, for a proxy or multisig call.
	pub fn descend<'a>(
		who: &AccountId,
		call: &'a RuntimeCall,
	) -> Option<(AccountId, &'a RuntimeCall)> {
		use pallet_multisig::Call as M;
		use pallet_proxy::Call as P;
		match call {
			RuntimeCall::Proxy(P::proxy { real, call, .. }) => {
				let real = <Runtime as frame_system::Config>::Lookup::lookup(real.clone()).ok()?;
				Some((real, &**call))
			}
			RuntimeCall::Multisig(M::as_multi { threshold, other_signatories, call, .. }) => {
				Some((multisig_account(who, other_signatories, *threshold), &**call))
			}
			RuntimeCall::Multisig(M::as_multi_threshold_1 { other_signatories, call }) => {
				Some((multisig_account(who, other_signatories, 1), &**call))
			}
			_ => None,
		}
	}
}

impl compute_ledger_primitives::ActingAccount<AccountId, RuntimeCall> for RuntimeActingAccount {
	fn acting(signer: &AccountId, call: &RuntimeCall) -> Option<AccountId> {
		Self::resolve(signer.clone(), call, 0)
	}
}
