//! What a run saw: every chain event of every finalized block (the ground truth the report is
//! computed from), every action the sandbox took with its outcome and latency, and the
//! off-chain usage the agents' vouchers paid for.

use serde::Serialize;
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// One event of one block.
#[derive(Serialize, Clone, Debug)]
pub struct ChainEvent {
	pub block: u64,
	/// The block's timestamp (ms since the Unix epoch).
	pub time_ms: u64,
	pub index: u32,
	pub pallet: String,
	pub event: String,
	pub fields: Json,
}

/// One transaction the sandbox submitted on behalf of a participant.
#[derive(Serialize, Clone, Debug)]
pub struct Action {
	/// Timeline block (0 = the first block after setup) it was taken at; setup steps are -1.
	pub tick: i64,
	/// `setup`, `usage`, `misbehaviour`, `principal`, `market`, `regulator`, `metering`.
	pub category: String,
	/// What was done, in the domain's words: `channel claim`, `order`, `freeze`.
	pub kind: String,
	pub actor: String,
	pub detail: String,
	/// The block that included it (none if the node refused it).
	pub block: Option<u64>,
	/// Submission to finality, ms.
	pub latency_ms: Option<u64>,
	pub ok: bool,
	/// The error's name and documentation.
	pub error: Option<String>,
	/// Why, in the supervisor's words, when the chain refused or blocked it.
	pub explanation: Option<String>,
	/// Stable value (smallest units) the action settled, when it settled any.
	pub settled: u128,
}

/// Off-chain usage served by a provider to an agent and paid for by vouchers.
#[derive(Serialize, Clone, Debug, Default)]
pub struct Usage {
	pub requests: u64,
	pub tokens: u64,
	pub vouchers: u64,
	/// Stable value the vouchers promise (smallest units).
	pub owed: u128,
}

/// Everything recorded, shared by the scenario driver and the event follower.
#[derive(Serialize, Default, Debug)]
pub struct Record {
	pub events: Vec<ChainEvent>,
	pub actions: Vec<Action>,
	/// Usage per (agent, provider).
	pub usage: BTreeMap<String, Usage>,
	/// The first block of the timeline and the last block finalized when the run ended.
	pub start_block: u64,
	pub end_block: u64,
	pub first_block: u64,
	pub interrupted: bool,
	/// Why the event follower stopped early, if it did: the events then end before the run.
	pub follower_error: Option<String>,
	/// Names of the chain's accounts (SS58) as the scenario calls them.
	pub names: BTreeMap<String, String>,
	/// Scenario asset name -> chain asset id.
	pub assets: BTreeMap<String, u32>,
	/// Scenario model name -> chain model id.
	pub models: BTreeMap<String, u32>,
	/// Claim class id -> (scenario asset name, chain epoch).
	pub classes: BTreeMap<u32, (String, u32)>,
	/// Channel id -> (agent, provider) names.
	pub channels: BTreeMap<u64, (String, String)>,
	/// Free-text lines for the report's narrative, (block, text).
	pub notes: Vec<(u64, String)>,
}

impl Record {
	/// The scenario's name for an SS58 address, or the address.
	pub fn name_of(&self, address: &str) -> String {
		self.names.get(address).cloned().unwrap_or_else(|| address.to_string())
	}
}
