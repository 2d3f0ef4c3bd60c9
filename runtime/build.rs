//! Builds the runtime as a wasm blob the node embeds; skipped with SKIP_WASM_BUILD=1 (clippy).
//! A second blob, `compute_ledger_runtime_rehearsal`, is the same runtime with the next spec
//! version (feature `upgrade-rehearsal`): the upgrade the end-to-end test applies by council
//! motion. Only the runtime crate itself compiles twice; every dependency is shared.
fn main() {
	#[cfg(feature = "std")]
	{
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.enable_feature("upgrade-rehearsal")
			.set_file_name("compute_ledger_runtime_rehearsal")
			.build();
	}
}
