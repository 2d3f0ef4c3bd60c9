//! # Participants
//!
//! The admission registry of the compute-asset ledger. A registrar admits an account with its
//! roles, jurisdiction and KYC expiry; it can update roles, renew KYC, suspend and reinstate
//! with a reason code, and revoke. An expired KYC acts as a suspension without anyone acting.
//! A regulator can freeze and unfreeze an account's value movements.
//!
//! [`CheckAdmission`] is the transaction extension that rejects, at pool validation, every
//! signed extrinsic whose signer is not an active participant (default deny), with the codes
//! of [`compute_ledger_primitives::admission_codes`].
//!
//! Other pallets read the registry through [`compute_ledger_primitives::ParticipantRegistry`].
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod extension;
mod functions;
mod impl_recovery;
mod impl_registry;
#[cfg(test)]
mod mock;
mod origins;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use extension::CheckAdmission;
pub use impl_recovery::NativeRecovery;
pub use origins::{EnsureRegistrar, EnsureRole};
pub use types::Participant;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use compute_ledger_primitives::{Jurisdiction, ReasonCode, RecoverHoldings, RoleSet};
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, Contains, ContainsPair},
	};
	use frame_system::pallet_prelude::*;

	/// Bumped with a migration whenever a stored type changes.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Admits and manages participants. Succeeds with `None` for governance and with
		/// `Some(registrar)` for an active participant holding the Registrar role.
		type RegistrarOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = Option<Self::AccountId>>;

		/// Freezes and unfreezes accounts.
		type RegulatorOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Confirms a regulator's freeze so that it no longer lapses (the council).
		type ConfirmOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Blocks after which a freeze that governance has not confirmed lapses: an
		/// emergency action of the regulator stands only until the council has looked at it.
		#[pallet::constant]
		type FreezeLapse: Get<BlockNumberFor<Self>>;

		/// Most freezes awaiting confirmation at once.
		#[pallet::constant]
		type MaxUnconfirmedFreezes: Get<u32>;

		/// The native fee unit: a regulator freeze freezes it in full, on every call path.
		type NativeBalance: fungible::MutateFreeze<Self::AccountId, Id = Self::RuntimeFreezeReason>
			+ fungible::Mutate<Self::AccountId>;

		type RuntimeFreezeReason: From<FreezeReason>;

		/// Moves a lost account's holdings of every asset class to its replacement.
		type Recovery: RecoverHoldings<Self::AccountId>;

		/// Forces the recovery of a lost account.
		type RecoveryOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Calls a signer may submit without being an active participant, by signer: the
		/// council's own business for its members, so that admission can never lock
		/// governance out. Keep it short.
		type ExemptCalls: ContainsPair<Self::AccountId, <Self as frame_system::Config>::RuntimeCall>;

		/// The account a signed call acts as (the principal of a proxy call, the multisig
		/// account of a multisig call); admission checks that account. `()`: the signer.
		type ActingAccount: compute_ledger_primitives::ActingAccount<
			Self::AccountId,
			<Self as frame_system::Config>::RuntimeCall,
		>;

		/// Accounts whose standing only governance changes, besides holders of the Registrar
		/// and Issuer roles (which this pallet recognises itself): council members, the sudo
		/// key, validators and auditors trusted for an asset class. A registrar may not
		/// suspend, reinstate, revoke or change the roles of such an account, nor shorten its
		/// KYC.
		type ProtectedAccounts: Contains<Self::AccountId>;

		type WeightInfo: WeightInfo;
	}

	/// Why this pallet freezes native balance.
	#[pallet::composite_enum]
	pub enum FreezeReason {
		/// A regulator froze the account.
		Regulator,
	}

	/// Every admitted account, whatever its status.
	#[pallet::storage]
	pub type Participants<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Participant<BlockNumberFor<T>>>;

	/// Accounts whose value movements a regulator froze, with the reason.
	#[pallet::storage]
	pub type Frozen<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, ReasonCode>;

	/// Freezes governance has not confirmed, with the block at which each lapses.
	#[pallet::storage]
	pub type Unconfirmed<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>>;

	/// `(lapses at, account)` in the order the freezes were made, which is the order they
	/// lapse in; an entry whose account was unfrozen, confirmed or frozen again since is
	/// skipped when its block comes.
	#[pallet::storage]
	pub type LapseQueue<T: Config> = StorageValue<
		_,
		BoundedVec<(BlockNumberFor<T>, T::AccountId), T::MaxUnconfirmedFreezes>,
		ValueQuery,
	>;

	/// How many accounts are in `Participants`.
	#[pallet::storage]
	pub type ParticipantCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// `(account, roles, jurisdiction, KYC expiry block)`, admitted as active.
		pub participants: Vec<crate::types::GenesisParticipant<T::AccountId, BlockNumberFor<T>>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (who, roles, jurisdiction, kyc_expiry) in &self.participants {
				let roles = RoleSet::from(roles.iter().copied());
				Pallet::<T>::do_admit(who.clone(), roles, *jurisdiction, *kyc_expiry)
					.expect("genesis participants are valid and unique");
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account was admitted (the audit trail starts here).
		Admitted {
			who: T::AccountId,
			roles: RoleSet,
			jurisdiction: Jurisdiction,
			kyc_expiry: BlockNumberFor<T>,
		},
		RolesUpdated {
			who: T::AccountId,
			roles: RoleSet,
		},
		KycRenewed {
			who: T::AccountId,
			kyc_expiry: BlockNumberFor<T>,
		},
		Suspended {
			who: T::AccountId,
			reason: ReasonCode,
		},
		Reinstated {
			who: T::AccountId,
			reason: ReasonCode,
		},
		Revoked {
			who: T::AccountId,
			reason: ReasonCode,
		},
		Frozen {
			who: T::AccountId,
			reason: ReasonCode,
		},
		Unfrozen {
			who: T::AccountId,
		},
		/// Governance confirmed the freeze of `who`: it stands until unfrozen.
		FreezeConfirmed {
			who: T::AccountId,
		},
		/// The freeze of `who` lapsed unconfirmed: the account moves again.
		FreezeLapsed {
			who: T::AccountId,
		},
		/// Every holding of `lost` moved to `new`; `lost` is revoked.
		AccountRecovered {
			lost: T::AccountId,
			new: T::AccountId,
			reason: ReasonCode,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is not admitted.
		NotAdmitted,
		/// The account is already admitted and not revoked.
		AlreadyAdmitted,
		/// The account was revoked; only a new admission brings it back.
		ParticipantRevoked,
		/// The account is not active (suspended, revoked or KYC expired).
		NotActive,
		/// The account is not suspended.
		NotSuspended,
		/// The account does not hold the role this call needs.
		MissingRole,
		/// A jurisdiction must be an ISO 3166-1 alpha-2 code in upper case.
		InvalidJurisdiction,
		/// A participant needs at least one known role.
		InvalidRoles,
		/// The KYC expiry must lie in the future.
		KycExpiryInPast,
		/// A registrar may not change its own record.
		CannotModifySelf,
		/// Only governance may grant or withdraw the Registrar role.
		RegistrarRoleNeedsGovernance,
		/// The account is already frozen.
		AlreadyFrozen,
		/// The account is not frozen.
		NotFrozen,
		/// A recovery needs two different accounts.
		SameAccount,
		/// The recovery target is frozen.
		RecoveryTargetFrozen,
		/// The account is protected (council member, registrar, issuer, trusted auditor, sudo
		/// key or validator): only governance may suspend, reinstate, revoke or change its
		/// roles, and a registrar may only extend its KYC.
		ProtectedAccount,
		/// The account was revoked: admitting it again is an explicit act of governance.
		ReadmissionNeedsGovernance,
		/// Only governance may grant or withdraw the Issuer role.
		IssuerRoleNeedsGovernance,
		/// The account's freeze is not awaiting confirmation (confirmed already, or not
		/// frozen).
		NotUnconfirmed,
		/// Too many freezes await confirmation; governance must confirm or lift some first.
		TooManyUnconfirmedFreezes,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Admits `who` as an active participant.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::admit())]
		pub fn admit(
			origin: OriginFor<T>,
			who: T::AccountId,
			roles: RoleSet,
			jurisdiction: Jurisdiction,
			kyc_expiry: BlockNumberFor<T>,
		) -> DispatchResult {
			let registrar = T::RegistrarOrigin::ensure_origin(origin)?;
			Self::ensure_registrar_may_admit(&registrar, &who, roles)?;
			Self::do_admit(who, roles, jurisdiction, kyc_expiry)
		}

		/// Replaces the roles of `who`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_roles())]
		pub fn update_roles(
			origin: OriginFor<T>,
			who: T::AccountId,
			roles: RoleSet,
		) -> DispatchResult {
			let registrar = T::RegistrarOrigin::ensure_origin(origin)?;
			Self::ensure_registrar_may_touch(&registrar, &who, Some(roles))?;
			Self::ensure_not_protected(&registrar, &who)?;
			Self::do_update_roles(who, roles)
		}

		/// Sets a new KYC expiry for `who`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::renew_kyc())]
		pub fn renew_kyc(
			origin: OriginFor<T>,
			who: T::AccountId,
			kyc_expiry: BlockNumberFor<T>,
		) -> DispatchResult {
			let registrar = T::RegistrarOrigin::ensure_origin(origin)?;
			Self::ensure_registrar_may_touch(&registrar, &who, None)?;
			Self::ensure_registrar_may_renew(&registrar, &who, kyc_expiry)?;
			Self::do_renew_kyc(who, kyc_expiry)
		}

		/// Suspends an active participant; it can no longer transact until reinstated.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::suspend())]
		pub fn suspend(
			origin: OriginFor<T>,
			who: T::AccountId,
			reason: ReasonCode,
		) -> DispatchResult {
			let registrar = T::RegistrarOrigin::ensure_origin(origin)?;
			Self::ensure_registrar_may_touch(&registrar, &who, None)?;
			Self::ensure_not_protected(&registrar, &who)?;
			Self::do_suspend(who, reason)
		}

		/// Reinstates a suspended participant.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::reinstate())]
		pub fn reinstate(
			origin: OriginFor<T>,
			who: T::AccountId,
			reason: ReasonCode,
		) -> DispatchResult {
			let registrar = T::RegistrarOrigin::ensure_origin(origin)?;
			Self::ensure_registrar_may_touch(&registrar, &who, None)?;
			Self::ensure_not_protected(&registrar, &who)?;
			Self::do_reinstate(who, reason)
		}

		/// Revokes a participant for good; the record stays for the audit trail, without
		/// roles, and only governance may admit the account again.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::revoke())]
		pub fn revoke(
			origin: OriginFor<T>,
			who: T::AccountId,
			reason: ReasonCode,
		) -> DispatchResult {
			let registrar = T::RegistrarOrigin::ensure_origin(origin)?;
			Self::ensure_registrar_may_touch(&registrar, &who, None)?;
			Self::ensure_not_protected(&registrar, &who)?;
			Self::do_revoke(who, reason)
		}

		/// Freezes every value movement of `who` (regulator). The freeze lapses after
		/// `FreezeLapse` blocks unless governance confirms it (`confirm_freeze`).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::freeze())]
		pub fn freeze(
			origin: OriginFor<T>,
			who: T::AccountId,
			reason: ReasonCode,
		) -> DispatchResult {
			T::RegulatorOrigin::ensure_origin(origin)?;
			Self::do_freeze(who, reason)
		}

		/// Lifts a regulator freeze, confirmed or not.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::unfreeze())]
		pub fn unfreeze(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::RegulatorOrigin::ensure_origin(origin)?;
			Self::do_unfreeze(who)
		}

		/// Forced recovery: moves every holding of the lost account `lost` to `new` (an active
		/// participant) and revokes `lost`, with a reason for the audit trail. The runtime's
		/// `Recovery` links close the lost account's open orders first (escrow and deposits
		/// back to it), then move its claims of every class, its compute and power assets, its
		/// native and its stable value; a holding no link can move (value held by an affirmed
		/// instruction, a channel or a conditional payment) refuses the whole recovery with
		/// that link's named error, and nothing moves.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::recover_account().saturating_add(T::Recovery::max_weight()))]
		pub fn recover_account(
			origin: OriginFor<T>,
			lost: T::AccountId,
			new: T::AccountId,
			reason: ReasonCode,
		) -> DispatchResult {
			T::RecoveryOrigin::ensure_origin(origin)?;
			Self::do_recover_account(lost, new, reason)
		}

		/// Confirms the regulator's freeze of `who` (governance): it no longer lapses.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::confirm_freeze())]
		pub fn confirm_freeze(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::ConfirmOrigin::ensure_origin(origin)?;
			Self::do_confirm_freeze(who)
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Lapses the unconfirmed freezes whose block has come.
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::lapse_freezes(now)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}
}
