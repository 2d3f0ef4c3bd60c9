//! The limits the runtime declares: how many transactions of a given charged weight fit in
//! a block's normal-class budget (`System.BlockWeights`).

use compute_ledger_e2e::chain::Api;
use subxt::dynamic::{self, At, Value};

/// Normal-class `max_total` ref time of a block, in picoseconds.
pub async fn normal_budget_ps(api: &Api) -> u64 {
	let at = api.at_current_block().await.expect("a best block");
	let weights: Value = at
		.constants()
		.entry(dynamic::constant::<Value>("System", "BlockWeights"))
		.expect("System.BlockWeights");
	let max_total = weights
		.at("per_class")
		.and_then(|c| c.at("normal"))
		.and_then(|n| n.at("max_total"))
		.expect("per_class.normal.max_total");
	// An `Option<Weight>`: `Some(weight)`, or `None` for no limit of its own.
	let weight = max_total.at(0).unwrap_or(max_total);
	weight.at("ref_time").and_then(|v| v.as_u128()).expect("ref_time") as u64
}

/// Transactions of `weight_ps` (as charged, base extrinsic weight included) per block.
pub async fn max_per_block(api: &Api, weight_ps: u64) -> u64 {
	normal_budget_ps(api).await / weight_ps.max(1)
}
