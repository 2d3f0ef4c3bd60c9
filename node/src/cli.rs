//! Command-line interface: the ordinary Substrate flags and subcommands.

#[derive(Debug, clap::Parser)]
#[command(version, about, propagate_version = true, args_conflicts_with_subcommands = true)]
pub struct Cli {
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// A directory where the node keeps the machine code wasmtime compiles from the runtime,
	/// shared between nodes and restarts: a node whose runtime is already there starts without
	/// compiling it again (the cache is keyed by the runtime's code and the compiler's
	/// settings, so a runtime upgrade compiles once more). `COMPUTE_LEDGER_WASM_CACHE` in the
	/// environment names it too.
	#[arg(long, value_name = "DIR")]
	pub wasm_cache: Option<std::path::PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management tools.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification.
	#[deprecated(
		note = "build-spec will be removed after 1/06/2025. Use export-chain-spec instead"
	)]
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export the chain specification.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Db meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Runtime benchmarks (build with `--features runtime-benchmarks`; see scripts/bench-weights.sh).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}
