//! Throughput of the compute-asset ledger on this machine, against the balance-transfer
//! baseline measured in the same run and against the limits the runtime declares.
//!
//! For each state scale it writes a benchmark chain spec, starts one release node (Alice,
//! authoring and finalising alone), builds the state through ordinary transactions, then for
//! each workload signs every transaction first and submits them as fast as the node takes
//! them, counting what each block includes. It prints one table per scale and writes
//! everything as JSON. The process pins itself to one core; the node it starts does not.

mod limits;
mod load;
mod spec;
mod workloads;

use clap::Parser;
use compute_ledger_e2e::{chain::Api, ChainDir, TestNode};
use serde_json::json;
use std::{path::PathBuf, time::Instant};
use subxt::{rpcs::RpcClient, OnlineClient};
use workloads::{Bench, Cast, Measured};

#[derive(Parser)]
struct Args {
	/// The node binary (release, built with `--features runtime-benchmarks`).
	#[arg(long)]
	node: PathBuf,
	/// The production runtime wasm the benchmark chain runs.
	#[arg(long)]
	wasm: PathBuf,
	/// State scales to measure (multiples of the base state).
	#[arg(long, value_delimiter = ',', default_value = "1,4,16")]
	scales: Vec<usize>,
	/// Blocks' worth of transactions each workload submits (by the weight-implied maximum).
	#[arg(long, default_value_t = 6)]
	blocks: u64,
	/// At most this many transactions per workload.
	#[arg(long, default_value_t = 40_000)]
	cap: usize,
	/// Signing accounts for the transfer, trade and settlement workloads.
	#[arg(long, default_value_t = 1_000)]
	senders: usize,
	/// Claim classes to trade (an order book side holds 512 orders, so the trade workload
	/// needs one class per 512 trades).
	#[arg(long, default_value_t = 24)]
	classes: u128,
	/// The core the load generator pins itself to.
	#[arg(long, default_value_t = 1)]
	core: usize,
	/// Only write the benchmark chain spec of the first scale to this file and exit (for
	/// `benchmark storage`, which measures the database holding that state).
	#[arg(long)]
	spec_only: Option<PathBuf>,
	/// Where to write the results (JSON).
	#[arg(long, default_value = "target/throughput.json")]
	out: PathBuf,
	/// Skip re-executing each scale's fullest blocks with `benchmark block` (for a node built
	/// without the `benchmark` subcommand).
	#[arg(long)]
	no_block_bench: bool,
}

/// Base state (scale 1): background participants, registered assets, resting bids.
const BASE_ACCOUNTS: usize = 1_000;
const BASE_ASSETS: usize = 100;
const BASE_ORDERS: usize = 500;
/// The node's network key (it has no peers; an authority needs a stable identity).
const NODE_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000001";

fn pin_to_core(core: usize) {
	// Threads inherit the mask: pinning before the runtime starts pins every worker.
	unsafe {
		let mut set: libc::cpu_set_t = std::mem::zeroed();
		libc::CPU_SET(core, &mut set);
		if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) != 0 {
			eprintln!("warning: could not pin to core {core}");
		}
	}
}

fn main() {
	let args = Args::parse();
	pin_to_core(args.core);
	let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
	runtime.block_on(run(args));
}

fn percentile(values: &[u64], p: f64) -> u64 {
	if values.is_empty() {
		return 0;
	}
	let mut v = values.to_vec();
	v.sort_unstable();
	v[((v.len() - 1) as f64 * p).round() as usize]
}

/// Transactions per block in steady state: the median over the blocks between the first and
/// the last that held any (those two are partly filled by the ramp up and the tail).
fn steady(m: &Measured) -> u64 {
	let counts: Vec<u64> = m.observed.blocks.iter().map(|b| b.1 as u64).collect();
	let first = counts.iter().position(|c| *c > 0);
	let last = counts.iter().rposition(|c| *c > 0);
	match (first, last) {
		(Some(f), Some(l)) if l > f + 1 => percentile(&counts[f + 1..l], 0.5),
		(Some(f), Some(l)) => *counts[f..=l].iter().max().unwrap(),
		_ => 0,
	}
}

fn peak_rss_kib(pid: u32) -> u64 {
	std::fs::read_to_string(format!("/proc/{pid}/status"))
		.ok()
		.and_then(|s| {
			s.lines()
				.find(|l| l.starts_with("VmHWM:"))
				.and_then(|l| l.split_whitespace().nth(1))
				.and_then(|v| v.parse().ok())
		})
		.unwrap_or(0)
}

/// Off chain: how fast one core signs vouchers (agent) and checks them (provider).
fn voucher_rate(genesis: [u8; 32]) -> (f64, f64) {
	use sp_core::Pair;
	let agent = workloads::agent_pair(0);
	let n = 10_000u64;
	let t = Instant::now();
	let signed: Vec<_> = (1..=n)
		.map(|i| {
			let v =
				compute_ledger_vouchers::Voucher { channel: 0, cumulative: i as u128, nonce: i };
			(v, v.sign(&agent, genesis))
		})
		.collect();
	let sign_rate = n as f64 / t.elapsed().as_secs_f64();
	let mut book = compute_ledger_vouchers::VoucherBook::new(0, agent.public().0, genesis);
	let t = Instant::now();
	for (v, s) in signed {
		book.accept(v, s).expect("a valid voucher");
	}
	(sign_rate, n as f64 / t.elapsed().as_secs_f64())
}

async fn run(args: Args) {
	std::env::set_var("NODE_BIN", &args.node);
	if let Some(path) = &args.spec_only {
		let scale = args.scales.first().copied().unwrap_or(1);
		let cast =
			Cast::new(args.senders, 2 * args.cap, BASE_ACCOUNTS * scale, BASE_ASSETS * scale);
		spec::write(&args.node, &args.wasm, &cast.genesis_accounts(), path)
			.expect("benchmark chain spec");
		return;
	}
	let mut results = Vec::new();
	let mut block_bench = Vec::new();
	for &scale in &args.scales {
		eprintln!("== scale {scale}x");
		let dir = ChainDir::new();
		let cast =
			Cast::new(args.senders, 2 * args.cap, BASE_ACCOUNTS * scale, BASE_ASSETS * scale);
		let spec_path = dir.path().join("bench-spec.json");
		spec::write(&args.node, &args.wasm, &cast.genesis_accounts(), &spec_path)
			.expect("benchmark chain spec");
		let spec_arg = spec_path.to_string_lossy().to_string();
		let base = dir.path().join("node");
		std::fs::create_dir_all(&base).unwrap();
		let mut node = TestNode::start(
			&[
				"--chain",
				&spec_arg,
				"--alice",
				"--validator",
				"--force-authoring",
				"--node-key",
				NODE_KEY,
			],
			&base,
			&[
				"--pool-limit",
				"200000",
				"--pool-kbytes",
				"2000000",
				"--rpc-max-connections",
				"1000",
				"--state-pruning",
				"archive",
			],
		);
		let rpc = node.rpc().await;
		compute_ledger_e2e::wait_for_blocks(&rpc, 1, 1, &node).await;
		let api: Api = OnlineClient::from_rpc_client(rpc.clone()).await.unwrap();
		let mut conns = Vec::new();
		for _ in 0..4 {
			conns.push(RpcClient::from_insecure_url(node.url()).await.unwrap());
		}
		let genesis = api.genesis_hash().0;
		let limits = limits::Limits::read(&api).await;
		let bench = Bench { api, rpc, conns, cast, genesis, limits };
		let t = Instant::now();
		bench.common_setup(BASE_ASSETS * scale, BASE_ORDERS * scale, args.classes).await;
		eprintln!("  setup took {:?}", t.elapsed());
		let (b, c) = (args.blocks, args.cap);
		let measured = vec![
			bench.transfers(b, c).await,
			bench.stable_transfers(b, c).await,
			bench.trades(b, c, args.classes).await,
			bench.instructions(b, c, args.classes).await,
			bench.meter_reports(b, c).await,
			bench.channel_claims(b, c).await,
		];
		let rss = node.pid().map(peak_rss_kib).unwrap_or(0);
		let table = report(scale, &measured, rss);
		println!("{table}");
		results.push(json!({
			"scale": scale,
			"peak_rss_kib": rss,
			"workloads": measured.iter().map(|m| to_json(m, &measured[0])).collect::<Vec<_>>(),
		}));
		node.stop();
		// Real execution against charged weight, at every scale: the charged weights are
		// worst-case bounds that do not change with the state; what it costs to run does.
		if !args.no_block_bench {
			for m in &measured {
				if let Some(block) = fullest_block(m) {
					let line = replay(&args.node, &spec_arg, &base, block);
					println!("benchmark block, {scale}x, {}: {line}", m.name);
					block_bench.push(json!({
						"scale": scale,
						"workload": m.name,
						"block": block,
						"result": line,
					}));
				}
			}
		}
	}
	let (sign, verify) = voucher_rate([0u8; 32]);
	println!(
		"vouchers off chain, one core: {sign:.0} signed/s (agent), {verify:.0} checked/s (provider)"
	);
	let out = json!({
		"machine": machine(),
		"results": results,
		"benchmark_block": block_bench,
		"vouchers_per_second": {"sign": sign, "verify": verify},
	});
	if let Some(parent) = args.out.parent() {
		std::fs::create_dir_all(parent).unwrap();
	}
	std::fs::write(&args.out, serde_json::to_string_pretty(&out).unwrap()).unwrap();
	eprintln!("results written to {}", args.out.display());
}

fn fullest_block(m: &Measured) -> Option<u64> {
	m.observed.blocks.iter().max_by_key(|b| b.1).filter(|b| b.1 > 0).map(|b| b.0)
}

/// Re-executes one block of the stopped node's database with `benchmark block` and returns
/// its verdict (real execution time against the weight the block was charged).
fn replay(node: &std::path::Path, spec: &str, base: &std::path::Path, block: u64) -> String {
	let out = std::process::Command::new(node)
		.args(["benchmark", "block", "--chain", spec, "--base-path"])
		.arg(base)
		.args(["--from", &block.to_string(), "--to", &block.to_string(), "--repeat", "5"])
		.args(["--wasm-execution", "compiled", "--state-pruning", "archive"])
		.output()
		.expect("benchmark block runs");
	let text =
		format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
	text.lines()
		.find(|l| l.contains("of its weight"))
		.map(|l| l[l.find("Block").unwrap_or(0)..].to_string())
		.unwrap_or_else(|| format!("no result: {}", text.lines().last().unwrap_or("")))
}

fn machine() -> serde_json::Value {
	let cpu = std::fs::read_to_string("/proc/cpuinfo")
		.ok()
		.and_then(|s| s.lines().find(|l| l.starts_with("model name")).map(|l| l.to_string()))
		.and_then(|l| l.split(':').nth(1).map(|s| s.trim().to_string()))
		.unwrap_or_default();
	json!({
		"cpu": cpu,
		"cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
	})
}

fn lag(m: &Measured) -> (u64, u64) {
	(percentile(&m.observed.lags, 0.5), percentile(&m.observed.lags, 0.95))
}

fn to_json(m: &Measured, baseline: &Measured) -> serde_json::Value {
	let per_block = steady(m);
	let (p50, p95) = lag(m);
	let included: usize = m.observed.blocks.iter().map(|b| b.1).sum();
	let failed: usize = m.observed.blocks.iter().map(|b| b.2).sum();
	let events: usize = m.observed.blocks.iter().map(|b| b.3).sum();
	json!({
		"workload": m.name,
		"submitted": m.submitted,
		"included": included,
		"failed": failed,
		"refused": m.observed.submit_errors,
		"first_refusal": m.observed.first_error,
		"domain_events": events,
		"per_block": per_block,
		"vs_transfers": per_block as f64 / steady(baseline).max(1) as f64,
		"weight_max_per_block": m.max_per_block,
		"vs_weight_max": per_block as f64 / m.max_per_block.max(1) as f64,
		"charged_weight_us": m.weight_ps as f64 / 1e6,
		"length_bytes": m.length,
		"finality_lag_p50": p50,
		"finality_lag_p95": p95,
		"units_per_tx": m.units_per_tx.map(|(n, what)| json!({"count": n, "what": what})),
		"blocks": m.observed.blocks,
	})
}

fn report(scale: usize, measured: &[Measured], rss_kib: u64) -> String {
	let baseline = steady(&measured[0]).max(1);
	let mut out = format!(
		"\nscale {scale}x — node peak RSS {:.0} MiB\n\
		 | workload | tx/block | vs transfers | weight max/block | vs weight max | lag p50 | lag p95 | failed |\n\
		 |---|---:|---:|---:|---:|---:|---:|---:|\n",
		rss_kib as f64 / 1024.0
	);
	for m in measured {
		let per_block = steady(m);
		let (p50, p95) = lag(m);
		let failed: usize =
			m.observed.blocks.iter().map(|b| b.2).sum::<usize>() + m.observed.submit_errors;
		out += &format!(
			"| {} | {} | {:.2} | {} | {:.2} | {} | {} | {} |\n",
			m.name,
			per_block,
			per_block as f64 / baseline as f64,
			m.max_per_block,
			per_block as f64 / m.max_per_block.max(1) as f64,
			p50,
			p95,
			failed,
		);
	}
	for m in measured {
		if let Some((units, what)) = m.units_per_tx {
			let per_block = steady(m) as u128 * units;
			out += &format!(
				"{}: {units} {what} each, {per_block} {what} per block, {:.0} per second\n",
				m.name,
				per_block as f64 / 3.0
			);
		}
	}
	out
}
