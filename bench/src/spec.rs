//! The benchmark chain: the `development` chain spec with the production runtime wasm (the
//! node under test is built with benchmarks, its runtime is not), one-block metering epochs
//! (so that past epochs to report on accumulate fast), and every account the load needs
//! admitted and funded at genesis, plus the background state of the scale being measured.

use serde_json::{json, Value as Json};
use std::{path::Path, process::Command};
use subxt::utils::AccountId32;

/// KYC of the benchmark accounts outlasts any run.
const KYC_EXPIRY: u64 = 100_000_000;
/// Native units (12 decimals) each funded account starts with: fees for the whole run.
pub const FUNDING: u128 = 1_000_000_000_000_000_000;

/// An account admitted at genesis: its id, roles, jurisdiction and native balance.
pub struct GenesisAccount {
	pub id: [u8; 32],
	pub roles: &'static [&'static str],
	pub jurisdiction: &'static str,
	pub native: u128,
}

fn ss58(id: [u8; 32]) -> String {
	AccountId32(id).to_string()
}

/// Writes the chain spec to `out`.
pub fn write(
	node: &Path,
	wasm: &Path,
	accounts: &[GenesisAccount],
	out: &Path,
) -> Result<(), String> {
	let built = Command::new(node)
		.args(["build-spec", "--chain", "dev"])
		.output()
		.map_err(|e| format!("{}: {e}", node.display()))?;
	if !built.status.success() {
		return Err(format!("build-spec failed: {}", String::from_utf8_lossy(&built.stderr)));
	}
	let mut spec: Json = serde_json::from_slice(&built.stdout).map_err(|e| e.to_string())?;
	spec["id"] = json!("compute_ledger_bench");
	spec["name"] = json!("Compute Ledger throughput benchmark");
	let code = std::fs::read(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
	let genesis = &mut spec["genesis"]["runtimeGenesis"];
	genesis["code"] = json!(format!("0x{}", hex::encode(code)));
	let patch = &mut genesis["patch"];
	patch["computeAssets"]["epochLength"] = json!(1);
	let balances = patch["balances"]["balances"].as_array_mut().ok_or("no balances in dev")?;
	balances
		.extend(accounts.iter().filter(|a| a.native > 0).map(|a| json!([ss58(a.id), a.native])));
	let participants =
		patch["participants"]["participants"].as_array_mut().ok_or("no participants in dev")?;
	participants
		.extend(accounts.iter().map(|a| json!([ss58(a.id), a.roles, a.jurisdiction, KYC_EXPIRY])));
	std::fs::write(out, serde_json::to_vec(&spec).map_err(|e| e.to_string())?)
		.map_err(|e| format!("{}: {e}", out.display()))
}
