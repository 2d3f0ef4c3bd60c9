//! The limits the runtime declares: how many transactions of a given charged weight fit in
//! a block's normal-class budget (`System.BlockWeights`).

use compute_ledger_e2e::chain::Api;
use subxt::dynamic::{self, At, Value};

/// Normal-class `max_total` ref time of a block, and the base weight every extrinsic pays on
/// top of what `payment_queryInfo` reports, in picoseconds.
pub async fn normal_class_ps(api: &Api) -> (u64, u64) {
	let at = api.at_current_block().await.expect("a best block");
	let weights: Value = at
		.constants()
		.entry(dynamic::constant::<Value>("System", "BlockWeights"))
		.expect("System.BlockWeights");
	let normal = weights.at("per_class").and_then(|c| c.at("normal")).expect("per_class.normal");
	let max_total = normal.at("max_total").expect("max_total");
	// An `Option<Weight>`: `Some(weight)`, or `None` for no limit of its own.
	let max_total = max_total.at(0).unwrap_or(max_total);
	let ref_time = |w: &Value| w.at("ref_time").and_then(|v| v.as_u128()).expect("ref_time") as u64;
	(ref_time(max_total), ref_time(normal.at("base_extrinsic").expect("base_extrinsic")))
}

/// Normal-class `max_total` ref time of a block, in picoseconds.
pub async fn normal_budget_ps(api: &Api) -> u64 {
	normal_class_ps(api).await.0
}

/// Transactions of `weight_ps` (as `payment_queryInfo` reports it: the call and its
/// transaction extensions) per block, each also paying the base extrinsic weight.
pub async fn max_per_block(api: &Api, weight_ps: u64) -> u64 {
	let (budget, base) = normal_class_ps(api).await;
	budget / (weight_ps + base).max(1)
}
