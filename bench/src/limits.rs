//! The limits the runtime declares: how many transactions of a given charged weight fit in
//! a block's normal-class budget (`System.BlockWeights`).

use compute_ledger_e2e::chain::Api;
use subxt::dynamic::{self, At, Value};

/// A block's normal-class budget and the base weight every extrinsic pays on top of what
/// `payment_queryInfo` reports (ref time, picoseconds). Constants: read once per chain.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
	pub budget_ps: u64,
	pub base_extrinsic_ps: u64,
}

impl Limits {
	pub async fn read(api: &Api) -> Self {
		let at = api.at_current_block().await.expect("a best block");
		let weights: Value = at
			.constants()
			.entry(dynamic::constant::<Value>("System", "BlockWeights"))
			.expect("System.BlockWeights");
		let normal =
			weights.at("per_class").and_then(|c| c.at("normal")).expect("per_class.normal");
		let max_total = normal.at("max_total").expect("max_total");
		// An `Option<Weight>`: `Some(weight)`, or `None` for no limit of its own.
		let max_total = max_total.at(0).unwrap_or(max_total);
		let ref_time =
			|w: &Value| w.at("ref_time").and_then(|v| v.as_u128()).expect("ref_time") as u64;
		Self {
			budget_ps: ref_time(max_total),
			base_extrinsic_ps: ref_time(normal.at("base_extrinsic").expect("base_extrinsic")),
		}
	}

	/// What a transaction of `weight_ps` (as `payment_queryInfo` reports it: the call and its
	/// transaction extensions) is charged in a block.
	pub fn charged_ps(&self, weight_ps: u64) -> u64 {
		weight_ps + self.base_extrinsic_ps
	}

	/// Transactions of `weight_ps` per block.
	pub fn max_per_block(&self, weight_ps: u64) -> u64 {
		self.budget_ps / self.charged_ps(weight_ps).max(1)
	}
}
