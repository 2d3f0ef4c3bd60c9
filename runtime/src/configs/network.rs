//! The permissioned network: a governed validator set applied at session boundaries, a
//! council as the governance body, and node admission by peer id.

use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32},
	weights::Weight,
};
use sp_runtime::{traits::ConvertInto, Perbill};

use super::{GovernanceOrigin, RuntimeBlockWeights};
use crate::{
	AccountId, Balances, BlockNumber, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, Session,
	SessionKeys, Validators, MINUTES,
};

/// Blocks per session: validator-set changes take effect at the second session boundary
/// after governance makes them. Short, so that a sandbox network shows a change within a
/// couple of minutes; a production network would use hours.
pub const SESSION_PERIOD: BlockNumber = 10;

parameter_types! {
	pub const SessionPeriod: BlockNumber = SESSION_PERIOD;
	pub const SessionOffset: BlockNumber = 0;
	pub const MaxValidators: u32 = 32;
	/// GRANDPA finalises while more than two thirds of the set is online; a set of one is
	/// the smallest that can still author and finalise.
	pub const MinValidators: u32 = 1;
}

impl pallet_validators::Config for Runtime {
	type GovernanceOrigin = GovernanceOrigin;
	type KeysRegistered = Session;
	type MaxValidators = MaxValidators;
	type MinValidators = MinValidators;
	type WeightInfo = pallet_validators::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SessionKeysForBenchmarks;
}

/// Runtime upgrades: the council authorizes the code hash by motion, anyone applies the code.
impl pallet_operations::Config for Runtime {
	type GovernanceOrigin = GovernanceOrigin;
	type WeightInfo = pallet_operations::weights::SubstrateWeight<Runtime>;
}

/// Registers session keys made from the account's own bytes, as `Session.set_keys` would.
#[cfg(feature = "runtime-benchmarks")]
pub struct SessionKeysForBenchmarks;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_validators::BenchmarkHelper<AccountId> for SessionKeysForBenchmarks {
	fn register_keys(who: &AccountId) {
		use codec::Decode;
		let raw: [u8; 32] = *who.as_ref();
		let keys = SessionKeys {
			aura: sp_consensus_aura::sr25519::AuthorityId::decode(&mut &raw[..]).unwrap(),
			grandpa: pallet_grandpa::AuthorityId::decode(&mut &raw[..]).unwrap(),
		};
		pallet_session::NextKeys::<Runtime>::insert(who, keys);
	}
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = Validators;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	/// Misbehaviour is handled by governance (removing the validator), not by slashing.
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	/// Validators are admitted institutions: no deposit for registering keys.
	type KeyDeposit = ConstU128<0>;
}

parameter_types! {
	pub const CouncilMotionDuration: BlockNumber = 10 * MINUTES;
	pub MaxProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

/// The council: the institutions that govern the network (validators, admitted nodes,
/// compliance officer, registrar and regulator actions).
pub type CouncilCollective = pallet_collective::Instance1;

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = ConstU32<32>;
	type MaxMembers = ConstU32<16>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = crate::weights::pallet_collective::WeightInfo<Runtime>;
	/// Membership changes need the council itself (two thirds) or root.
	type SetMembersOrigin = GovernanceOrigin;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = GovernanceOrigin;
	type KillOrigin = GovernanceOrigin;
	type Consideration = ();
}

/// The regulator: a body of its own, distinct from the council. A majority of its members
/// freezes accounts, pauses calls, suspends mandates, forces transfers and recovers lost
/// accounts (`RegulatorOrigin`); the council sets its membership.
pub type RegulatorCollective = pallet_collective::Instance2;

parameter_types! {
	/// Emergencies are quick: a regulator's motion lapses after five minutes of blocks.
	pub const RegulatorMotionDuration: BlockNumber = 5 * MINUTES;
}

impl pallet_collective::Config<RegulatorCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = RegulatorMotionDuration;
	type MaxProposals = ConstU32<32>;
	type MaxMembers = ConstU32<16>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = crate::weights::pallet_collective::WeightInfo<Runtime>;
	/// The council appoints and removes the regulator's members.
	type SetMembersOrigin = GovernanceOrigin;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = GovernanceOrigin;
	type KillOrigin = GovernanceOrigin;
	type Consideration = ();
}

impl pallet_node_authorization::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type MaxWellKnownNodes = ConstU32<64>;
	type MaxPeerIdLength = ConstU32<128>;
	type AddOrigin = GovernanceOrigin;
	type RemoveOrigin = GovernanceOrigin;
	type SwapOrigin = GovernanceOrigin;
	type ResetOrigin = GovernanceOrigin;
	/// Upstream's fixed weights (the pallet ships no benchmarked ones).
	type WeightInfo = ();
}
