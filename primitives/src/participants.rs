//! Who is admitted, in which roles, from where, and whether they may act now.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::dispatch::DispatchResult;
use scale_info::TypeInfo;

/// What an admitted participant may do. A participant can hold several roles.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum Role {
	/// Admits and manages other participants.
	Registrar,
	/// Verifies assets and disputes meter reports.
	Auditor,
	/// Registers compute and power assets.
	AssetOwner,
	/// Operates a metering oracle.
	MeterOperator,
	/// Issues stable value against reserves.
	Issuer,
	/// Buys and sells claims.
	Trader,
	/// An AI agent acting under a mandate.
	Agent,
}

impl Role {
	/// Every role, in declaration order.
	pub const ALL: [Role; 7] = [
		Role::Registrar,
		Role::Auditor,
		Role::AssetOwner,
		Role::MeterOperator,
		Role::Issuer,
		Role::Trader,
		Role::Agent,
	];

	/// The bit of this role in a [`RoleSet`].
	pub const fn bit(self) -> u8 {
		1 << (self as u8)
	}
}

/// A set of roles, stored as a bit set so that it is small and bounded by construction.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Debug,
)]
pub struct RoleSet(pub u8);

impl RoleSet {
	pub fn contains(&self, role: Role) -> bool {
		self.0 & role.bit() != 0
	}

	pub fn insert(&mut self, role: Role) {
		self.0 |= role.bit();
	}

	pub fn remove(&mut self, role: Role) {
		self.0 &= !role.bit();
	}

	pub fn is_empty(&self) -> bool {
		self.0 == 0
	}

	/// Whether every bit names a role.
	pub fn is_valid(&self) -> bool {
		let all = Role::ALL.iter().fold(0u8, |acc, r| acc | r.bit());
		self.0 & !all == 0
	}

	pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
		Role::ALL.into_iter().filter(|r| self.contains(*r))
	}
}

impl<I: IntoIterator<Item = Role>> From<I> for RoleSet {
	fn from(roles: I) -> Self {
		let mut set = RoleSet::default();
		roles.into_iter().for_each(|r| set.insert(r));
		set
	}
}

/// An ISO 3166-1 alpha-2 country code, two upper-case ASCII letters ("DE", "SG").
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
)]
pub struct Jurisdiction(pub [u8; 2]);

impl Jurisdiction {
	/// The code for two ASCII letters, if they are upper case.
	pub fn new(code: &[u8; 2]) -> Option<Self> {
		let j = Jurisdiction(*code);
		j.is_valid().then_some(j)
	}

	pub fn is_valid(&self) -> bool {
		self.0.iter().all(|c| c.is_ascii_uppercase())
	}

	pub fn as_str(&self) -> &str {
		core::str::from_utf8(&self.0).unwrap_or("??")
	}
}

// Genesis and JSON show the code as "DE", not as a byte array.
impl serde::Serialize for Jurisdiction {
	fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(self.as_str())
	}
}

impl<'de> serde::Deserialize<'de> for Jurisdiction {
	fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
		let s = <alloc::string::String as serde::Deserialize>::deserialize(d)?;
		let bytes: [u8; 2] = s
			.as_bytes()
			.try_into()
			.map_err(|_| serde::de::Error::custom("a jurisdiction is two letters"))?;
		Jurisdiction::new(&bytes)
			.ok_or_else(|| serde::de::Error::custom("a jurisdiction is two upper-case letters"))
	}
}

/// Why a participant was suspended or frozen; codes are defined by the operator's rulebook.
pub type ReasonCode = u16;

/// The recorded status of a participant.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum ParticipantStatus {
	Active,
	Suspended {
		reason: ReasonCode,
	},
	/// Final: a revoked account cannot be reinstated, only admitted anew by the registrar.
	Revoked,
}

/// The status that applies right now: an expired KYC acts as a suspension.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum EffectiveStatus {
	Active,
	Suspended { reason: ReasonCode },
	KycExpired,
	Revoked,
}

/// Custom `InvalidTransaction` codes returned at pool validation by the admission check.
/// Wallets see them as `Invalid Transaction: Custom error: <code>`.
pub mod admission_codes {
	/// The signer was never admitted.
	pub const NOT_ADMITTED: u8 = 100;
	/// The signer is suspended.
	pub const SUSPENDED: u8 = 101;
	/// The signer's KYC has expired.
	pub const KYC_EXPIRED: u8 = 102;
	/// The signer was revoked.
	pub const REVOKED: u8 = 103;
	/// The call acts for an account the signer is not a registered proxy of.
	pub const NOT_A_DELEGATE: u8 = 104;
}

/// The account a signed call acts as, for the admission check: the signer itself, the
/// principal of a proxy call, or the multisig account of a multisig call (institutions act
/// through multisig accounts and delegated keys; the account that acts is the participant).
pub trait ActingAccount<AccountId, Call> {
	/// `None` when the call claims to act for an account the signer may not act for.
	fn acting(signer: &AccountId, call: &Call) -> Option<AccountId>;
}

/// Without proxies or multisig accounts every call acts as its signer.
impl<AccountId: Clone, Call> ActingAccount<AccountId, Call> for () {
	fn acting(signer: &AccountId, _: &Call) -> Option<AccountId> {
		Some(signer.clone())
	}
}

/// Read access to the participant registry, for every pallet that needs to know who may act.
pub trait ParticipantRegistry<AccountId> {
	/// The status that applies now, or `None` if the account was never admitted.
	fn effective_status(who: &AccountId) -> Option<EffectiveStatus>;
	/// The account's roles (empty if not admitted), whatever its status.
	fn roles(who: &AccountId) -> RoleSet;
	/// Whether the account holds the role (whatever its status).
	fn has_role(who: &AccountId, role: Role) -> bool {
		Self::roles(who).contains(role)
	}
	/// The account's jurisdiction, if admitted.
	fn jurisdiction(who: &AccountId) -> Option<Jurisdiction>;
	/// Whether a regulator froze the account's value movements.
	fn is_frozen(who: &AccountId) -> bool;

	/// Whether the account may act now.
	fn is_active(who: &AccountId) -> bool {
		matches!(Self::effective_status(who), Some(EffectiveStatus::Active))
	}
	/// Fails with a named error unless the account is active.
	fn ensure_active(who: &AccountId) -> DispatchResult;
	/// Fails with a named error unless the account is active and holds the role.
	fn ensure_role(who: &AccountId, role: Role) -> DispatchResult;

	/// Admits an active account with the given roles, for benchmarks and tests of other pallets.
	#[cfg(feature = "runtime-benchmarks")]
	fn admit_for_benchmarks(who: &AccountId, roles: RoleSet, jurisdiction: Jurisdiction);

	/// Suspends an admitted account, for benchmarks of calls that act on one.
	#[cfg(feature = "runtime-benchmarks")]
	fn suspend_for_benchmarks(who: &AccountId);
}

/// Moves everything a lost account holds to its replacement. Each asset pallet (native,
/// stable value, claims) implements it for its own holdings; the runtime chains them in a
/// tuple, so a recovery moves every class in one call or none.
pub trait RecoverHoldings<AccountId> {
	/// Moves all holdings of `lost` to `new`; on error nothing has moved (the call is
	/// transactional: an error rolls back what earlier links moved).
	fn recover(lost: &AccountId, new: &AccountId) -> DispatchResult;

	/// The most this link's `recover` weighs (beyond what the recovery call's own benchmark
	/// measured), for the worst case its bounds allow.
	fn max_weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
}

#[impl_trait_for_tuples::impl_for_tuples(8)]
impl<AccountId> RecoverHoldings<AccountId> for Tuple {
	fn recover(lost: &AccountId, new: &AccountId) -> DispatchResult {
		for_tuples!( #( Tuple::recover(lost, new)?; )* );
		Ok(())
	}

	fn max_weight() -> frame_support::weights::Weight {
		let mut total = frame_support::weights::Weight::zero();
		for_tuples!( #( total = total.saturating_add(Tuple::max_weight()); )* );
		total
	}
}
