//! The rule engine: pure evaluation of one check against the facts of one transfer.
//! Both the fail-fast check and the full report use it, so they cannot drift apart.

use compute_ledger_primitives::{
	ComplianceCheck, ComplianceFailure, ComplianceRule, EffectiveStatus, Jurisdiction,
	ParticipantRegistry, Party, RoleSet,
};

/// What the registry says about one party.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartyFacts {
	pub status: Option<EffectiveStatus>,
	pub frozen: bool,
	pub jurisdiction: Option<Jurisdiction>,
	pub roles: RoleSet,
}

impl PartyFacts {
	pub fn read<AccountId, R: ParticipantRegistry<AccountId>>(who: &AccountId) -> Self {
		Self {
			status: R::effective_status(who),
			frozen: R::is_frozen(who),
			jurisdiction: R::jurisdiction(who),
			roles: R::roles(who),
		}
	}
}

/// Everything the checks of one transfer look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransferFacts<Balance> {
	pub sender: PartyFacts,
	pub receiver: PartyFacts,
	/// The receiver's holding of the class if the transfer went through.
	pub receiver_holding_after: Balance,
	/// The number of holders of the class if the transfer went through; `None` if the class
	/// does not count its holders.
	pub holders_after: Option<u32>,
}

impl<Balance> TransferFacts<Balance> {
	fn party(&self, party: Party) -> &PartyFacts {
		match party {
			Party::Sender => &self.sender,
			Party::Receiver => &self.receiver,
		}
	}
}

/// The checks every transfer passes before the rules of its class, in evaluation order.
pub fn base_checks<Balance>() -> [ComplianceCheck<Balance>; 4] {
	[
		ComplianceCheck::Active(Party::Sender),
		ComplianceCheck::Active(Party::Receiver),
		ComplianceCheck::NotFrozen(Party::Sender),
		ComplianceCheck::NotFrozen(Party::Receiver),
	]
}

/// Evaluates one check: `None` if it passes, the reason if it fails.
pub fn evaluate<Balance: PartialOrd>(
	check: &ComplianceCheck<Balance>,
	facts: &TransferFacts<Balance>,
) -> Option<ComplianceFailure> {
	match check {
		ComplianceCheck::Active(p) => match facts.party(*p).status {
			Some(EffectiveStatus::Active) => None,
			None => Some(ComplianceFailure::NotAdmitted(*p)),
			Some(EffectiveStatus::Suspended { .. }) => Some(ComplianceFailure::Suspended(*p)),
			Some(EffectiveStatus::KycExpired) => Some(ComplianceFailure::KycExpired(*p)),
			Some(EffectiveStatus::Revoked) => Some(ComplianceFailure::Revoked(*p)),
		},
		ComplianceCheck::NotFrozen(p) => {
			facts.party(*p).frozen.then_some(ComplianceFailure::Frozen(*p))
		}
		ComplianceCheck::Rule { rule, .. } => evaluate_rule(rule, facts),
	}
}

fn evaluate_rule<Balance: PartialOrd>(
	rule: &ComplianceRule<Balance>,
	facts: &TransferFacts<Balance>,
) -> Option<ComplianceFailure> {
	match rule {
		ComplianceRule::AllowedJurisdictions { party, jurisdictions } => {
			let allowed =
				facts.party(*party).jurisdiction.is_some_and(|j| jurisdictions.contains(&j));
			(!allowed).then_some(ComplianceFailure::JurisdictionNotAllowed(*party))
		}
		ComplianceRule::RequiredRole { party, role } => {
			(!facts.party(*party).roles.contains(*role))
				.then_some(ComplianceFailure::MissingRole(*party, *role))
		}
		ComplianceRule::MaxHolding(max) => {
			(facts.receiver_holding_after > *max).then_some(ComplianceFailure::HoldingLimitExceeded)
		}
		// A class that does not count holders fails closed; `set_rules` refuses such a rule.
		ComplianceRule::MaxHolders(max) => (facts.holders_after.is_none_or(|h| h > *max))
			.then_some(ComplianceFailure::HolderLimitExceeded),
	}
}
