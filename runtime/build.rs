//! Builds the runtime as a wasm blob the node embeds; skipped with SKIP_WASM_BUILD=1 (clippy).
fn main() {
	#[cfg(feature = "std")]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}
