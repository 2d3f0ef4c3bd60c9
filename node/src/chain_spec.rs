//! Chain specifications, built from the runtime's genesis presets.

use compute_ledger_runtime::WASM_BINARY;
use sc_service::ChainType;

pub type ChainSpec = sc_service::GenericChainSpec;

fn properties() -> sc_service::Properties {
	let mut p = sc_service::Properties::new();
	p.insert("tokenSymbol".into(), "CLT".into());
	p.insert("tokenDecimals".into(), 12.into());
	p.insert("ss58Format".into(), 42.into());
	p
}

fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| "the runtime wasm was not built (SKIP_WASM_BUILD set?)".to_string())
}

/// `--dev`: Alice alone produces and finalises blocks.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("Compute Ledger Development")
		.with_id("compute_ledger_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// The `--chain` id of the loopback test network.
pub const LOOPBACK_CHAIN: &str = "local-loopback";
/// Its chain spec id: the node refuses to run it on anything but loopback addresses.
pub const LOOPBACK_SPEC_ID: &str = "compute_ledger_local_loopback";

/// `--chain local-loopback`: the permissioned test network of `scripts/network.sh`, with the
/// well-known development keys (Alice, Bob, Charlie and Dave validate). Anyone can sign as
/// these accounts, so it runs on loopback only; a real network is made by
/// `scripts/new-network.sh`.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("Compute Ledger Loopback Testnet (well-known dev keys, loopback only)")
		.with_id(LOOPBACK_SPEC_ID)
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}
