//! The compute-asset ledger node.

// `sc_cli::Error` and `sc_service::Error` are large upstream types we return as they are.
#![allow(clippy::result_large_err)]

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() {
	// One clear line and a non-zero exit for every failure a user can cause (bad flags are
	// reported by clap before this point), never a bare debug dump.
	if let Err(e) = command::run() {
		eprintln!("Error: {e}");
		std::process::exit(1);
	}
}
