//! Dispatches the CLI: run the node or one of the chain-maintenance subcommands.

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};
use compute_ledger_runtime::opaque::Block;
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"Compute Ledger Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://example.invalid/compute-ledger/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		// No fallback: a node that silently started a preset with well-known keys would run
		// a chain anyone can sign for.
		Ok(match id {
			"dev" => Box::new(chain_spec::development_chain_spec()?),
			chain_spec::LOOPBACK_CHAIN => Box::new(chain_spec::local_chain_spec()?),
			"" => {
				return Err(format!(
					"no chain given: pass --dev, --chain {} (a loopback test network with \
					 well-known keys) or --chain <raw chain spec file> (made by \
					 scripts/new-network.sh)",
					chain_spec::LOOPBACK_CHAIN
				))
			}
			path if std::path::Path::new(path).is_file() => Box::new(
				chain_spec::ChainSpec::from_json_file(std::path::PathBuf::from(path))
					.map_err(|e| format!("cannot read chain spec {path}: {e}"))?,
			),
			other => {
				return Err(format!(
					"unknown chain {other:?}: not dev, not {}, and no chain spec file of that name",
					chain_spec::LOOPBACK_CHAIN
				))
			}
		})
	}
}

/// Fails with one clear line if a peer-to-peer listen port is taken, instead of a node that
/// runs without being reachable.
fn ensure_p2p_ports_free(config: &sc_service::Configuration) -> sc_cli::Result<()> {
	use sc_network::multiaddr::Protocol;
	for addr in &config.network.listen_addresses {
		let mut ip = None;
		let mut port = None;
		for proto in addr.iter() {
			match proto {
				Protocol::Ip4(a) => ip = Some(std::net::IpAddr::V4(a)),
				Protocol::Ip6(a) => ip = Some(std::net::IpAddr::V6(a)),
				Protocol::Tcp(p) => port = Some(p),
				_ => {}
			}
		}
		let (Some(ip), Some(port)) = (ip, port) else { continue };
		if port == 0 {
			continue;
		}
		if let Err(e) = std::net::TcpListener::bind((ip, port)) {
			if e.kind() == std::io::ErrorKind::AddrInUse {
				return Err(sc_cli::Error::Input(format!(
					"p2p port {port} on {ip} is already in use (choose another with --port)"
				)));
			}
		}
	}
	Ok(())
}

/// The loopback test network's keys are public: its nodes may listen on loopback addresses
/// only, so that nobody outside this machine can join or submit to it.
fn ensure_loopback_only(config: &sc_service::Configuration) -> sc_cli::Result<()> {
	use sc_network::multiaddr::Protocol;
	if config.chain_spec.id() != chain_spec::LOOPBACK_SPEC_ID {
		return Ok(());
	}
	for addr in &config.network.listen_addresses {
		let loopback = addr.iter().any(|proto| match proto {
			Protocol::Ip4(a) => a.is_loopback(),
			Protocol::Ip6(a) => a.is_loopback(),
			_ => false,
		});
		if !loopback {
			return Err(sc_cli::Error::Input(format!(
				"the {} chain uses well-known keys and listens on loopback only, not on {addr}: \
				 pass --listen-addr /ip4/127.0.0.1/tcp/<port>, or make a real network with \
				 scripts/new-network.sh",
				chain_spec::LOOPBACK_CHAIN
			)));
		}
	}
	Ok(())
}

/// Parses the command line and runs what it asks for.
pub fn run() -> sc_cli::Result<()> {
	let cli = Cli::from_args();
	let wasm_cache = cli
		.wasm_cache
		.clone()
		.or_else(|| std::env::var_os("COMPUTE_LEDGER_WASM_CACHE").map(Into::into));
	if let Some(dir) = wasm_cache {
		service::set_wasm_cache(dir);
	}

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		#[allow(deprecated)]
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		}
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let spec = cli.load_spec(&cmd.chain)?;
			cmd.run(spec)
		}
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		}
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		}
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		}
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		}
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		}
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		}
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(frame_benchmarking_cli::BenchmarkCmd::Pallet(cmd))) => {
			// With `--runtime <wasm>` the runtime's genesis presets provide the state and no
			// chain spec is needed (see scripts/bench-weights.sh).
			if cmd.runtime.is_some() {
				return cmd.run_with_spec::<sp_runtime::traits::HashingFor<Block>, ()>(None);
			}
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| {
				cmd.run_with_spec::<sp_runtime::traits::HashingFor<Block>, ()>(Some(
					config.chain_spec,
				))
			})
		}
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(frame_benchmarking_cli::BenchmarkCmd::Overhead(cmd))) => {
			// Empty blocks and blocks of signed remarks, built from the runtime's own preset
			// (`--runtime <wasm> --genesis-builder runtime`) or from a chain spec.
			let builder = Box::new(|_metadata, genesis, _version| {
				Box::new(crate::benchmarking::RemarkBuilder::new(genesis))
					as Box<dyn frame_benchmarking_cli::ExtrinsicBuilder>
			});
			if cmd.params.runtime.is_some() {
				return cmd.run_with_extrinsic_builder_and_spec::<Block, ()>(builder, None);
			}
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| {
				cmd.run_with_extrinsic_builder_and_spec::<Block, ()>(
					builder,
					Some(config.chain_spec),
				)
			})
		}
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(frame_benchmarking_cli::BenchmarkCmd::Block(cmd))) => {
			// Re-executes blocks already in the database and compares the time with the
			// weight they were charged.
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| {
				let PartialComponents { client, .. } = service::new_partial(&config)?;
				cmd.run(client)
			})
		}
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(frame_benchmarking_cli::BenchmarkCmd::Storage(cmd))) => {
			// Reads and writes of the state in the database, for the runtime's `DbWeight`.
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| {
				let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
				let db = backend.expose_db();
				let storage = backend.expose_storage();
				let shared_trie_cache = backend.expose_shared_trie_cache();
				cmd.run(config, client, db, storage, shared_trie_cache)
			})
		}
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(_)) => Err(
			"`benchmark pallet`, `overhead`, `block` and `storage` are wired; see scripts/bench-weights.sh"
				.into(),
		),
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		}
		None => {
			let runner = cli.create_runner(&cli.run)?;
			runner.run_node_until_exit(|mut config| async move {
				// A node asked for a port must get it or fail: silently moving to a random port
				// would leave wallets talking to nothing.
				for endpoint in config.rpc.addr.iter_mut().flatten() {
					endpoint.retry_random_port = false;
				}
				ensure_loopback_only(&config)?;
				ensure_p2p_ports_free(&config)?;
				match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => service::new_full::<
						sc_network::NetworkWorker<
							Block,
							<Block as sp_runtime::traits::Block>::Hash,
						>,
					>(config)
					.map_err(sc_cli::Error::Service),
					sc_network::config::NetworkBackendType::Litep2p => {
						service::new_full::<sc_network::Litep2pNetworkBackend>(config)
							.map_err(sc_cli::Error::Service)
					}
				}
			})
		}
	}
}
