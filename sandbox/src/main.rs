//! `sandbox`: runs a scenario file against the compute-asset ledger and writes the report a
//! supervisor needs. See `docs/sandbox.md`.
//!
//! ```text
//! sandbox run scenarios/agent-pilot.toml                 # starts a dev node of its own
//! sandbox run scenarios/agent-pilot.toml --url ws://127.0.0.1:9944
//! sandbox run scenarios/agent-pilot.toml --network       # the five-node local network
//! sandbox check scenarios/agent-pilot.toml               # only reads and checks the file
//! ```

mod client;
mod record;
mod report;
mod run;
mod scenario;

use clap::{Parser, Subcommand};
use client::{amount, Wallet};
use compute_ledger_e2e::{chain::keypair, network::LocalNetwork, ChainDir, TestNode};
use indicatif::{ProgressBar, ProgressStyle};
use record::Record;
use serde_json::json;
use std::{
	path::PathBuf,
	sync::{Arc, Mutex},
	time::Duration,
};

#[derive(Parser)]
#[command(
	name = "sandbox",
	about = "Compliance sandbox: run experiments on the network and report what happened"
)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Runs a scenario and writes its report.
	Run {
		/// The scenario file (TOML).
		scenario: PathBuf,
		/// A running node's WebSocket RPC address; without it the sandbox starts a dev node.
		#[arg(long)]
		url: Option<String>,
		/// Start the five-node local network (four validators and a full node) instead.
		#[arg(long, conflicts_with = "url")]
		network: bool,
		/// The report folder (default `reports/<scenario name>`).
		#[arg(long)]
		out: Option<PathBuf>,
		/// Secret URI of the key that acts as registrar, compliance officer and regulator: the
		/// chain's sudo key, or on a chain without sudo a council member who proposes motions.
		#[arg(long, default_value = "//Alice")]
		operator: String,
		/// On a chain without sudo, the council member who seconds the operator's motions.
		#[arg(long, default_value = "//Bob")]
		seconder: String,
		/// The node binary to start (default `$NODE_BIN` or the workspace's debug build).
		#[arg(long)]
		node_bin: Option<PathBuf>,
	},
	/// Reads and checks a scenario file without running it.
	Check { scenario: PathBuf },
}

/// The node(s) the sandbox started, kept alive for the run and stopped when dropped.
enum Started {
	None,
	Dev(TestNode, ChainDir),
	Network { _nodes: Box<LocalNetwork> },
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
	let cli = Cli::parse();
	let code = match cli.command {
		Command::Check { scenario } => match scenario::load(&scenario) {
			Ok(s) => {
				println!(
					"{}: ok ({} participants, {} assets, {} agents, {} market and {} regulator actions over {} blocks)",
					scenario.display(),
					s.participants.len(),
					s.assets.len(),
					s.agents.iter().map(|a| a.count).sum::<u32>(),
					s.market.len(),
					s.regulator.len(),
					s.scenario.blocks
				);
				0
			}
			Err(e) => {
				eprintln!("error: {e}");
				2
			}
		},
		Command::Run { scenario, url, network, out, operator, seconder, node_bin } => {
			let authority = (keypair(&operator), keypair(&seconder));
			match run(scenario, url, network, out, authority, node_bin).await {
				Ok(interrupted) => {
					if interrupted {
						130
					} else {
						0
					}
				}
				Err(e) => {
					eprintln!("error: {e}");
					1
				}
			}
		}
	};
	std::process::exit(code);
}

async fn run(
	path: PathBuf,
	url: Option<String>,
	network: bool,
	out: Option<PathBuf>,
	authority: (subxt_signer::sr25519::Keypair, subxt_signer::sr25519::Keypair),
	node_bin: Option<PathBuf>,
) -> Result<bool, String> {
	let sc = scenario::load(&path).map_err(|e| e.to_string())?;
	let out = out.unwrap_or_else(|| PathBuf::from("reports").join(&sc.scenario.name));
	if let Some(bin) = node_bin {
		std::env::set_var("NODE_BIN", bin);
	}
	let (url, mut started) = match url {
		Some(u) => (u, Started::None),
		None if network => {
			eprintln!("starting the local network (four validators and a full node)...");
			let mut net = LocalNetwork::start();
			net.rpc(0).await;
			(net.nodes[0].url(), Started::Network { _nodes: Box::new(net) })
		}
		None => {
			eprintln!("starting a dev node...");
			let dir = ChainDir::new();
			let mut node = TestNode::dev(dir.path());
			node.rpc().await;
			(node.url(), Started::Dev(node, dir))
		}
	};
	let wallet = Wallet::connect(&url).await?;
	// A chain that just started: wait for its first finalized block.
	while wallet.heights().await.1 < 1 {
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	let (best, finalized) = wallet.heights().await;
	let rec = Arc::new(Mutex::new(Record { first_block: finalized + 1, ..Default::default() }));
	let stop = Arc::new(Mutex::new(None));
	let follower =
		tokio::spawn(run::follow(wallet.clone(), rec.clone(), finalized + 1, stop.clone()));
	eprintln!(
		"scenario {} on {url} (best #{best}); report into {}",
		sc.scenario.name,
		out.display()
	);

	let blocks = sc.scenario.blocks as u64;
	let (name, description, hours) =
		(sc.scenario.name.clone(), sc.scenario.description.clone(), sc.scenario.simulated_hours);
	let progress = ProgressBar::new(blocks);
	progress.set_style(
		ProgressStyle::with_template(
			"{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} blocks  {msg}",
		)
		.unwrap(),
	);
	progress.enable_steady_tick(Duration::from_millis(200));
	let mut runner = run::Runner::new(wallet.clone(), sc, authority, rec.clone()).await;
	let played = async {
		runner.setup(&progress).await?;
		let start = wallet.heights().await.0 + 1;
		rec.lock().unwrap().start_block = start;
		runner.timeline(start, &progress).await
	};
	let result = tokio::select! {
		r = played => Some(r),
		_ = tokio::signal::ctrl_c() => None,
	};
	runner.abort();
	let interrupted = result.is_none();
	progress.finish_with_message(if interrupted {
		"interrupted: writing what was recorded"
	} else {
		"done"
	});
	if let Some(Err(e)) = &result {
		eprintln!("the run stopped: {e}; writing what was recorded");
	}
	// Record up to the block that holds the last transaction (finalized), or, interrupted,
	// up to what is finalized now.
	let until = if interrupted { wallet.heights().await.1 } else { wallet.heights().await.0 };
	*stop.lock().unwrap() = Some(until);
	match tokio::time::timeout(Duration::from_secs(120), follower).await {
		Ok(Ok(Ok(()))) => {}
		Ok(Ok(Err(e))) => {
			eprintln!("the event follower stopped: {e}");
			rec.lock().unwrap().follower_error = Some(e);
		}
		_ => eprintln!("the event follower did not finish; the report has the events it read"),
	}
	rec.lock().unwrap().interrupted = interrupted;
	let facts = asset_facts(&wallet, &rec).await;
	let models = model_facts(&wallet, &rec).await;
	let rec = rec.lock().unwrap();
	let mut summary = report::summarize(&rec, &name, &description, hours, facts);
	summary.models = models;
	report::write(&out, &rec, &summary)?;
	print_summary(&summary, &out);
	drop(rec);
	started = match started {
		Started::Dev(mut node, dir) => {
			node.stop();
			drop(dir);
			Started::None
		}
		other => other,
	};
	drop(started);
	if let Some(Err(e)) = result {
		return Err(e);
	}
	if let Some(e) = &summary.incomplete {
		return Err(format!("the report is incomplete: {e}"));
	}
	Ok(interrupted)
}

/// What the chain says of each asset now: energy mix, efficiency and claims backing.
async fn asset_facts(wallet: &Wallet, rec: &Arc<Mutex<Record>>) -> Vec<report::AssetFacts> {
	let (assets, classes) = {
		let r = rec.lock().unwrap();
		(r.assets.clone(), r.classes.clone())
	};
	let mut out = Vec::new();
	for (name, id) in assets {
		let mut facts = report::AssetFacts { name: name.clone(), id, ..Default::default() };
		let asset = wallet.read("rwa_asset", json!([id])).await;
		let compute = asset.as_ref().is_some_and(|a| a["details"].get("Compute").is_some());
		facts.kind = if compute { "compute" } else { "power" }.into();
		if compute {
			if let Some(mix) = wallet.read("rwa_energyMix", json!([id])).await {
				facts.energy_mix = mix
					.as_array()
					.into_iter()
					.flatten()
					.map(|p| (p[0].as_str().unwrap_or("?").to_string(), amount(&p[1]) as u64))
					.collect();
			}
		}
		for (class, (asset, epoch)) in classes.iter().filter(|(_, (a, _))| a == &name) {
			if let Some(c) = wallet.read("rwa_claimClass", json!([class])).await {
				let per = amount(&c["tokensPerClaim"]).max(1);
				facts.backing_units += amount(&c["reportedTokensOut"]) / per;
				facts.minted += amount(&c["minted"]);
				facts.outstanding += amount(&c["outstanding"]);
			}
			if let Some(r) = wallet.read("rwa_epochReport", json!([id, epoch])).await {
				facts.tokens_per_kwh = r["tokensPerKwh"].as_u64().or(facts.tokens_per_kwh);
			}
			let _ = asset;
		}
		out.push(facts);
	}
	out
}

/// The energy cost of a compute asset's latest Final epoch (`rwa_energyCost`), if its plants'
/// tariffs price it.
async fn energy_floor(wallet: &Wallet, asset: u32) -> Option<(u32, serde_json::Value)> {
	let reports = wallet.read("rwa_epochReports", json!([asset, 0, 100])).await?;
	let mut finals: Vec<u32> = reports["items"]
		.as_array()?
		.iter()
		.filter(|r| r[1]["status"] == "Final")
		.filter_map(|r| r[0].as_u64().map(|e| e as u32))
		.collect();
	finals.sort_unstable_by(|a, b| b.cmp(a));
	// An epoch that ended before the tariffs were attested has no energy cost.
	for epoch in finals {
		if let Some(cost) = wallet.read("rwa_energyCost", json!([asset, epoch])).await {
			return Some((epoch, cost));
		}
	}
	None
}

/// Each model the scenario registered, with the card in force now and its tier's range.
async fn model_facts(wallet: &Wallet, rec: &Arc<Mutex<Record>>) -> Vec<report::ModelFacts> {
	let (models, assets, names) = {
		let r = rec.lock().unwrap();
		(r.models.clone(), r.assets.clone(), r.names.clone())
	};
	let ranges = wallet.read("rwa_tierBounds", json!([])).await.unwrap_or_default();
	let range_of =
		|tier: &str| {
			ranges.as_array().into_iter().flatten().find(|r| r[0] == tier).map(|r| {
				(amount(&r[1]["minOutputPerMillion"]), amount(&r[1]["maxOutputPerMillion"]))
			})
		};
	let mut out = Vec::new();
	for (name, id) in models {
		let Some(model) = wallet.read("rwa_model", json!([id])).await else { continue };
		let tier = model["tier"].as_str().unwrap_or("?").to_string();
		let asset = model["asset"].as_u64().unwrap_or_default() as u32;
		let provider = model["provider"].as_str().unwrap_or_default();
		let card = wallet.read("rwa_priceCard", json!([id])).await;
		let prices = card
			.iter()
			.flat_map(|c| c["prices"].as_array().cloned().unwrap_or_default())
			.map(|p| {
				let modality = p["modality"].as_str().unwrap_or("?").to_string();
				(modality, amount(&p["inputPerMillion"]), amount(&p["outputPerMillion"]))
			})
			.collect();
		let energy = energy_floor(wallet, asset).await;
		out.push(report::ModelFacts {
			energy_epoch: energy.as_ref().map(|(epoch, _)| *epoch),
			cost_per_million: energy.as_ref().map(|(_, c)| amount(&c["costPerMillion"])),
			floor_per_million: energy.as_ref().map(|(_, c)| amount(&c["floorPerMillion"])),
			name,
			id,
			provider: names.get(provider).cloned().unwrap_or_else(|| provider.to_string()),
			asset: assets
				.iter()
				.find(|(_, a)| **a == asset)
				.map_or(asset.to_string(), |(n, _)| n.clone()),
			tier_range: range_of(&tier),
			tier,
			prices,
		});
	}
	out
}

fn print_summary(s: &report::Summary, out: &std::path::Path) {
	use run::eurd;
	println!();
	println!("scenario {}{}", s.scenario, if s.interrupted { " (interrupted)" } else { "" });
	println!(
		"  blocks            #{}..#{} ({:.0} s of chain time)",
		s.first_block, s.end_block, s.duration_s
	);
	println!(
		"  transactions      {} submitted, {} succeeded, {} failed",
		s.transactions.submitted, s.transactions.succeeded, s.transactions.failed
	);
	println!("  settled           {} EURD", eurd(s.settled_total));
	for (kind, v) in &s.settled {
		println!("    {kind:<26}{} EURD", eurd(*v));
	}
	println!(
		"  usage             {} requests, {} tokens, {} vouchers",
		s.usage.requests, s.usage.tokens, s.usage.vouchers
	);
	println!(
		"  latency           p50 {} ms, p95 {} ms ({} transactions)",
		s.latency_ms.p50, s.latency_ms.p95, s.latency_ms.count
	);
	println!(
		"  alerts            {}; interventions {}; refused {}; blocked {}",
		s.alerts.len(),
		s.interventions.len(),
		s.refused.len(),
		s.blocked.len()
	);
	for b in &s.blocked {
		println!("    blocked: {}", b.what);
	}
	println!("  report            {}", out.join("report.html").display());
}
