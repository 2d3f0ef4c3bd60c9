//! The one compliance check every movement of value passes, and its dry-run report.

use crate::participants::{Jurisdiction, Role};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{dispatch::DispatchResult, traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;

/// Identifier of a claim class (one asset, one epoch, optional tier).
pub type ClaimClassId = u32;

/// The kind of value a transfer moves, as compliance rules see it.
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
pub enum AssetClass {
	/// The native fee unit.
	Native,
	/// The stable-value currency.
	StableValue,
	/// Claims of one claim class.
	Claim(ClaimClassId),
	/// Registered compute assets (ownership; auditors trusted to attest them).
	ComputeCapacity,
	/// Registered power assets (ownership; auditors trusted to attest them).
	PowerCapacity,
}

/// Which side of a transfer a check looks at.
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
pub enum Party {
	Sender,
	Receiver,
}

/// Most jurisdictions one rule may list.
pub const MAX_JURISDICTIONS_PER_RULE: u32 = 16;

/// A rule a compliance officer sets for one asset class.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum ComplianceRule<Balance> {
	/// The party's jurisdiction must be one of these.
	AllowedJurisdictions {
		party: Party,
		jurisdictions: BoundedVec<Jurisdiction, ConstU32<MAX_JURISDICTIONS_PER_RULE>>,
	},
	/// The party must hold this role.
	RequiredRole { party: Party, role: Role },
	/// The receiver may hold at most this much after the transfer.
	MaxHolding(Balance),
	/// At most this many accounts may hold the class after the transfer.
	MaxHolders(u32),
}

/// One line of a compliance report: what was checked.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub enum ComplianceCheck<Balance> {
	/// The party is admitted and active (not suspended, KYC current, not revoked).
	Active(Party),
	/// No regulator freeze on the party.
	NotFrozen(Party),
	/// A rule of the asset class, with its position in the class's rule list.
	Rule { index: u32, rule: ComplianceRule<Balance> },
}

/// Why a check failed.
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
pub enum ComplianceFailure {
	NotAdmitted(Party),
	Suspended(Party),
	KycExpired(Party),
	Revoked(Party),
	Frozen(Party),
	JurisdictionNotAllowed(Party),
	MissingRole(Party, Role),
	HoldingLimitExceeded,
	HolderLimitExceeded,
}

/// The outcome of one check.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct CheckOutcome<Balance> {
	pub check: ComplianceCheck<Balance>,
	/// `None` when the check passed.
	pub failure: Option<ComplianceFailure>,
}

/// "Why would this transfer fail": every check with its outcome, evaluated without
/// executing anything.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct ComplianceReport<Balance> {
	pub passed: bool,
	pub checks: Vec<CheckOutcome<Balance>>,
}

impl<Balance> ComplianceReport<Balance> {
	/// The first failure, in evaluation order.
	pub fn first_failure(&self) -> Option<ComplianceFailure> {
		self.checks.iter().find_map(|c| c.failure)
	}
}

/// What an asset pallet knows about holdings, for holding and holder-count rules.
pub trait HoldingsInspect<AccountId, Balance> {
	/// The account's current holding of the class.
	fn balance_of(class: &AssetClass, who: &AccountId) -> Balance;
	/// How many accounts hold a non-zero amount of the class, if the asset pallet tracks it.
	/// A class whose holders are not counted cannot carry a `MaxHolders` rule.
	fn holder_count(class: &AssetClass) -> Option<u32>;
}

/// Which auditors the compliance officer trusts for an asset class.
pub trait AuditorTrust<AccountId> {
	fn is_trusted_auditor(class: &AssetClass, who: &AccountId) -> bool;

	/// Trusts `who` for `class`, for benchmarks of other pallets.
	#[cfg(feature = "runtime-benchmarks")]
	fn trust_for_benchmarks(class: &AssetClass, who: &AccountId);
}

/// The compliance check. Every pallet that moves value calls `can_transfer` before it moves
/// anything, on every path (direct call, batch, proxy, settlement, mandate, channel).
pub trait Compliance<AccountId, Balance> {
	/// Fails with the named error of the first failing check.
	fn can_transfer(
		class: &AssetClass,
		from: &AccountId,
		to: &AccountId,
		amount: Balance,
	) -> DispatchResult;

	/// Evaluates every check and reports each outcome; never fails, never writes.
	fn transfer_report(
		class: &AssetClass,
		from: &AccountId,
		to: &AccountId,
		amount: Balance,
	) -> ComplianceReport<Balance>;

	/// Gives `class` the most rules a class may have, all passing for active traders of
	/// jurisdiction CH, so that other pallets benchmark their transfers at the worst case.
	#[cfg(feature = "runtime-benchmarks")]
	fn worst_case_rules_for_benchmarks(class: &AssetClass);
}

impl ComplianceFailure {
	/// The custom `InvalidTransaction` code a refused native transfer gets at the pool.
	pub fn code(&self) -> u8 {
		use ComplianceFailure::*;
		match self {
			NotAdmitted(Party::Sender)
			| Suspended(Party::Sender)
			| KycExpired(Party::Sender)
			| Revoked(Party::Sender) => compliance_codes::SENDER_NOT_ACTIVE,
			NotAdmitted(Party::Receiver)
			| Suspended(Party::Receiver)
			| KycExpired(Party::Receiver)
			| Revoked(Party::Receiver) => compliance_codes::RECEIVER_NOT_ACTIVE,
			Frozen(_) => compliance_codes::FROZEN,
			JurisdictionNotAllowed(_) => compliance_codes::JURISDICTION_NOT_ALLOWED,
			MissingRole(..) => compliance_codes::MISSING_ROLE,
			HoldingLimitExceeded | HolderLimitExceeded => compliance_codes::LIMIT_EXCEEDED,
		}
	}
}

/// Custom `InvalidTransaction` codes for native transfers refused by compliance at the pool
/// (the admission codes are 100–103).
pub mod compliance_codes {
	pub const SENDER_NOT_ACTIVE: u8 = 110;
	pub const RECEIVER_NOT_ACTIVE: u8 = 111;
	pub const FROZEN: u8 = 112;
	pub const JURISDICTION_NOT_ALLOWED: u8 = 113;
	pub const MISSING_ROLE: u8 = 114;
	pub const LIMIT_EXCEEDED: u8 = 115;
}

/// Finds the native transfers a call makes on behalf of its signer, at any depth of
/// batching. The runtime implements it, because only the runtime knows its call enum.
pub trait NativeTransfers<Call, AccountId, Balance> {
	/// How many native transfers `call` contains (for the weight of the check).
	fn count(call: &Call) -> u32;
	/// Appends `(source, destination, amount)` for every native transfer in `call` signed by
	/// `who` (the source differs from `who` inside a proxy or multisig call). Returns `false`
	/// if the destination of a transfer cannot be resolved.
	fn collect(
		call: &Call,
		who: &AccountId,
		out: &mut Vec<(AccountId, AccountId, Balance)>,
	) -> bool;
}

impl<Call, AccountId, Balance> NativeTransfers<Call, AccountId, Balance> for () {
	fn count(_: &Call) -> u32 {
		0
	}
	fn collect(_: &Call, _: &AccountId, _: &mut Vec<(AccountId, AccountId, Balance)>) -> bool {
		true
	}
}

/// Claims set aside for a settlement (an open sell order, an affirmed instruction leg): they
/// stay in the holder's account, counted as theirs, but cannot move until the settlement
/// takes or releases them. The claims pallet implements it.
pub trait ClaimEscrow<AccountId, Balance> {
	/// Whether the claim class exists.
	fn class_exists(class: ClaimClassId) -> bool;
	/// Sets `amount` of `who`'s free claims aside; fails with a named error if they lack them.
	fn lock(class: ClaimClassId, who: &AccountId, amount: Balance) -> DispatchResult;
	/// Releases up to `amount` of `who`'s locked claims.
	fn unlock(class: ClaimClassId, who: &AccountId, amount: Balance);
	/// How many of `who`'s claims are locked.
	fn locked(class: ClaimClassId, who: &AccountId) -> Balance;
	/// Delivers `amount` locked claims from `from` to `to` after the compliance check of the
	/// class. On error nothing moved and the claims stay locked.
	fn deliver_locked(
		class: ClaimClassId,
		from: &AccountId,
		to: &AccountId,
		amount: Balance,
	) -> DispatchResult;

	/// A class with `amount` claims held by `who`, for other pallets' benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn claims_for_benchmarks(who: &AccountId, amount: Balance) -> ClaimClassId;
}

/// What an agent's payment is for, as its mandate sees it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Spend<'a, AccountId> {
	/// Stable value to a known payee (a payment, an instruction leg, a conditional payment,
	/// a channel deposit).
	ToPayee(&'a AccountId),
	/// Stable value into the order book of a claim class (a buy order).
	ForClaims(ClaimClassId),
}

/// The spending limits every path that moves an agent's stable value must pass. The mandates
/// pallet implements it; for an account that is not an agent it allows everything.
pub trait AgentSpending<AccountId, Balance> {
	/// Whether `who` acts as an agent under a mandate (its payments are limited).
	fn is_agent(who: &AccountId) -> bool;
	/// Checks a spend of `amount` against `who`'s mandate and records it; fails with the
	/// named error of the first limit it would break.
	fn authorize(who: &AccountId, spend: Spend<'_, AccountId>, amount: Balance) -> DispatchResult;
	/// Checks again, without recording anything, that a spend `authorize` already recorded
	/// may still go ahead: the mandate exists and is Active, unexpired, and the payee (or
	/// class) and the per-payment limit still allow it. A retried settlement calls it, so a
	/// mandate paused, suspended or narrowed since the affirmation stops the retry.
	fn recheck(_who: &AccountId, _spend: Spend<'_, AccountId>, _amount: Balance) -> DispatchResult {
		Ok(())
	}
}

impl<AccountId, Balance> AgentSpending<AccountId, Balance> for () {
	fn is_agent(_: &AccountId) -> bool {
		false
	}
	fn authorize(_: &AccountId, _: Spend<'_, AccountId>, _: Balance) -> DispatchResult {
		Ok(())
	}
}
