//! The sandbox as a supervisor uses it: `sandbox run <scenario> --url <node>` against a real
//! dev node, then the report's figures are checked against the chain's own state (read over
//! the node's `rwa_*` JSON-RPC), and the HTML report is rendered in headless Chromium.

use compute_ledger_e2e::{chain::keypair, rwa, wait_for_blocks, ChainDir, TestNode};
use serde_json::{json, Value as Json};
use std::{
	path::{Path, PathBuf},
	process::{Command, Stdio},
};

fn scenario(name: &str) -> PathBuf {
	Path::new(
		&std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into()),
	)
	.join(format!("../scenarios/{name}.toml"))
}

/// The SS58 address of a scenario account (`//Sandbox//<name>`).
fn address(name: &str) -> String {
	let k = keypair(&format!("//Sandbox//{name}"));
	compute_ledger_e2e::subxt::utils::AccountId32(k.public_key().0).to_string()
}

fn units(v: &Json) -> u128 {
	match v {
		Json::Number(n) => n.as_u64().unwrap() as u128,
		Json::String(s) => s.parse().unwrap(),
		other => panic!("not an amount: {other}"),
	}
}

/// A dev node, the sandbox run against it, and the report it wrote.
struct Run {
	node: TestNode,
	rpc: compute_ledger_e2e::subxt::rpcs::RpcClient,
	report: PathBuf,
	summary: Json,
	_dir: ChainDir,
}

async fn run(name: &str) -> Run {
	let dir = ChainDir::new();
	let mut node = TestNode::dev(dir.path());
	let rpc = node.rpc().await;
	wait_for_blocks(&rpc, 2, 1, &node).await;
	let report = dir.path().join("report");
	let output = Command::new(env!("CARGO_BIN_EXE_sandbox"))
		.args(["run", scenario(name).to_str().unwrap(), "--url", &node.url(), "--out"])
		.arg(&report)
		.stderr(Stdio::inherit())
		.output()
		.expect("the sandbox runs");
	let stdout = String::from_utf8_lossy(&output.stdout);
	assert!(
		output.status.success(),
		"sandbox failed ({}):\n{stdout}\n{}",
		output.status,
		node.log_tail()
	);
	assert!(stdout.contains(&format!("scenario {name}")), "{stdout}");
	let summary: Json =
		serde_json::from_str(&std::fs::read_to_string(report.join("summary.json")).unwrap())
			.unwrap();
	// The follower read every block of the run.
	assert!(summary["incomplete"].is_null(), "{}", summary["incomplete"]);
	Run { node, rpc, report, summary, _dir: dir }
}

impl Run {
	async fn get(&self, method: &str, params: Json) -> Json {
		rwa::get(&self.rpc, method, params).await
	}

	fn events(&self) -> Vec<Json> {
		let text = std::fs::read_to_string(self.report.join("events.json")).unwrap();
		serde_json::from_str::<Vec<Json>>(&text).unwrap()
	}

	fn class_of(&self, asset: &str) -> u64 {
		self.summary["claims"]
			.as_array()
			.unwrap()
			.iter()
			.find(|c| c["asset"] == asset)
			.unwrap_or_else(|| panic!("no claims of {asset} in {}", self.summary["claims"]))["class"]
			.as_u64()
			.unwrap()
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn the_agent_pilot_report_matches_the_chain_and_renders() {
	let run = run("agent-pilot").await;
	let s = &run.summary;
	assert_eq!(s["interrupted"], false);

	// Every agent opened a channel and was served; each channel's claimed total in the
	// report is what the chain says the provider claimed.
	let channels = s["channels"].as_array().unwrap();
	assert_eq!(channels.len(), 100, "{}", s["channels"]);
	let mut total = 0;
	for c in channels {
		let on_chain = run.get("rwa_channel", json!([c["id"]])).await;
		assert_eq!(units(&on_chain["claimed"]), units(&c["claimed"]), "channel {}", c["id"]);
		assert_eq!(on_chain["agent"], address(c["agent"].as_str().unwrap()));
		total += units(&c["claimed"]);
	}
	assert!(total > 0);
	assert_eq!(units(&s["settled_total"]), total);
	assert_eq!(units(&s["settled"]["pay-per-token channels"]), total);
	// Providers hold exactly what the report says they received.
	let received = s["received"].as_object().unwrap();
	assert_eq!(received.len(), 3);
	for (provider, amount) in received {
		let balance = run.get("rwa_stableBalance", json!([address(provider)])).await;
		assert_eq!(units(&balance["total"]), units(amount), "{provider}");
	}
	// Vouchers promised at least what was claimed (the last ones may still be unsettled).
	assert!(units(&s["usage"]["owed"]) >= total);
	assert!(s["usage"]["tokens"].as_u64().unwrap() > 1_000_000);

	// All three clusters were metered and their claims minted; the chain agrees.
	let claims = s["claims"].as_array().unwrap();
	assert_eq!(claims.len(), 3, "{claims:?}");
	for c in claims {
		let class = run.get("rwa_claimClass", json!([c["class"]])).await;
		assert_eq!(units(&class["minted"]), units(&c["minted"]));
	}
	for a in s["assets"].as_array().unwrap().iter().filter(|a| a["kind"] == "compute") {
		assert!(a["tokens_per_kwh"].as_u64().unwrap() > 0, "{a}");
		assert_eq!(a["energy_mix"].as_array().unwrap().len(), 1, "{a}");
	}
	assert_eq!(s["alerts"].as_array().unwrap().len(), 0);
	assert!(s["latency_ms"]["count"].as_u64().unwrap() > 100);

	// The raw data: every block of the run, events counted as in the summary, CSV too.
	let events = run.events();
	assert_eq!(events.len() as u64, s["events"].as_u64().unwrap());
	let (first, end) = (s["first_block"].as_u64().unwrap(), s["end_block"].as_u64().unwrap());
	for b in first..=end {
		assert!(events.iter().any(|e| e["block"] == b), "no events of block {b}");
	}
	let claimed_events =
		events.iter().filter(|e| e["pallet"] == "Channels" && e["event"] == "Claimed").count();
	let claims_made: u64 = channels.iter().map(|c| c["claims"].as_u64().unwrap()).sum();
	assert_eq!(claimed_events as u64, claims_made);
	let csv = std::fs::read_to_string(run.report.join("events.csv")).unwrap();
	let mut reader = csv::Reader::from_reader(csv.as_bytes());
	assert_eq!(reader.records().count(), events.len());
	let md = std::fs::read_to_string(run.report.join("report.md")).unwrap();
	assert!(md.contains("![Settlement volume over time](charts/volume.svg)"), "{md}");

	render(&run.report);
	drop(run.node);
}

/// Renders report.html in headless Chromium: the DOM holds every chart as SVG, and the
/// screenshot shows the charts' bars and lines.
fn render(report: &Path) {
	let chromium = ["chromium", "chromium-browser", "google-chrome"]
		.into_iter()
		.find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()))
		.expect("Chromium is installed (scripts/setup.sh installs it)");
	let profile = tempfile::tempdir().unwrap();
	let url = format!("file://{}", report.join("report.html").display());
	let base = |extra: &[&str]| {
		let mut c = Command::new(chromium);
		c.args([
			"--headless",
			"--no-sandbox",
			"--disable-gpu",
			"--disable-quic",
			"--no-first-run",
			"--disable-background-networking",
			"--disable-component-update",
			"--disable-sync",
		])
		.arg(format!("--user-data-dir={}", profile.path().display()))
		.args(extra)
		.arg(&url);
		c.stderr(Stdio::null()).output().expect("chromium runs")
	};
	let dom = base(&["--dump-dom"]);
	assert!(dom.status.success());
	let dom = String::from_utf8_lossy(&dom.stdout);
	for chart in ["volume", "latency", "alerts", "backing", "efficiency", "energy", "prices"] {
		let start = dom
			.find(&format!("id=\"chart-{chart}\""))
			.unwrap_or_else(|| panic!("chart {chart} missing from the rendered page"));
		let figure = &dom[start..start + dom[start..].find("</figure>").unwrap()];
		assert!(figure.contains("<svg"), "chart {chart} has no SVG");
		assert!(figure.contains("<rect") || figure.contains("<polyline"), "chart {chart} is empty");
	}
	let shot = report.join("screenshot.png");
	let out = base(&[&format!("--screenshot={}", shot.display()), "--window-size=1000,5200"]);
	assert!(out.status.success());
	let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
	let mut reader = decoder.read_info().unwrap();
	let mut buf = vec![0; reader.output_buffer_size()];
	let info = reader.next_frame(&mut buf).unwrap();
	let channels = info.color_type.samples();
	// The charts' first colour (bars of the latency histogram, lines of the volume chart).
	let blue = buf[..info.buffer_size()]
		.chunks(channels)
		.filter(|p| p[0] == 31 && p[1] == 119 && p[2] == 180)
		.count();
	assert!(blue > 2_000, "only {blue} pixels of chart colour in the screenshot");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_velocity_rule_catches_the_misbehaving_agent_and_the_principal_steps_in() {
	let run = run("misbehaving-agent").await;
	let s = &run.summary;
	let alerts = s["alerts"].as_array().unwrap();
	assert_eq!(alerts.len(), 1, "{alerts:?}");
	assert_eq!(alerts[0]["who"], "bot-0");
	assert!(alerts[0]["what"].as_str().unwrap().starts_with("Velocity"), "{alerts:?}");
	let interventions = s["interventions"].as_array().unwrap();
	let by = |what: &str, who: &str, by: &str| {
		interventions.iter().any(|i| i["what"] == what && i["who"] == who && i["by"] == by)
	};
	assert!(by("Mandates.MandateResumed", "bot-0", "principal"), "{interventions:?}");
	assert!(by("Mandates.MandateSuspendedByRegulator", "bot-3", "regulator"), "{interventions:?}");
	assert!(by("Mandates.MandateResumed", "bot-3", "regulator"), "{interventions:?}");
	assert!(by("Participants.Frozen", "provider", "regulator"), "{interventions:?}");
	assert!(by("Participants.FreezeConfirmed", "provider", "regulator"), "{interventions:?}");
	assert!(by("Participants.Unfrozen", "provider", "regulator"), "{interventions:?}");
	assert!(interventions.iter().any(|i| i["what"] == "TxPause.CallPaused"), "{interventions:?}");
	let refused: Vec<&str> =
		s["refused"].as_array().unwrap().iter().map(|r| r["what"].as_str().unwrap()).collect();
	assert!(refused.iter().any(|r| r.contains("Mandates.MandateNotActive")), "{refused:?}");
	assert!(refused.iter().any(|r| r.contains("Mandates.PerPaymentLimit")), "{refused:?}");
	assert!(refused.iter().any(|r| r.starts_with("pay a non-admitted payee")), "{refused:?}");
	// The frozen provider cannot even pay the fees of its claims; paused claims are filtered.
	let refused_claims =
		|why: &str| refused.iter().any(|r| r.starts_with("channel claim") && r.contains(why));
	assert!(refused_claims("Inability to pay some fees"), "{refused:?}");
	assert!(refused_claims("System.CallFiltered"), "{refused:?}");
	// Vouchers are cumulative: after the freeze and the pause the last claims collected
	// everything owed up to their voucher, as the chain says.
	for c in s["channels"].as_array().unwrap() {
		let on_chain = run.get("rwa_channel", json!([c["id"]])).await;
		assert_eq!(units(&on_chain["claimed"]), units(&c["claimed"]), "channel {}", c["id"]);
	}
	// Some payments went through before the rule fired, the rest not; the chain agrees.
	let mandate = run.get("rwa_mandate", json!([address("bot-0")])).await;
	assert_eq!(mandate["status"], "Active", "resumed by its principal: {mandate}");
	let paid: u128 = run
		.events()
		.iter()
		.filter(|e| e["event"] == "Paid" && e["fields"]["agent"] == address("bot-0"))
		.map(|e| units(&e["fields"]["amount"]))
		.sum();
	assert!(paid > 0 && paid < 8 * 500_000, "{paid}");
	assert_eq!(units(&s["settled"]["mandate payments"]), paid);
	let bot3 = run.get("rwa_mandate", json!([address("bot-3")])).await;
	assert_eq!(bot3["status"], "Active");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_jurisdiction_rule_blocks_the_cross_border_buyer_and_the_report_says_why() {
	let run = run("cross-border").await;
	let s = &run.summary;
	let class = run.class_of("cluster-de");
	let holding = |who: &str| run.get("rwa_claimsBalance", json!([class, address(who)]));
	assert_eq!(units(&holding("buyer-fr").await), 2_000);
	assert_eq!(units(&holding("buyer-sg").await), 0);
	assert_eq!(units(&s["settled"]["DvP instructions"]), 2_000 * 10_000);
	// The DvP instruction and the order-book fill against the bid.
	let blocked = s["blocked"].as_array().unwrap();
	assert_eq!(blocked.len(), 2, "{blocked:?}");
	for b in blocked {
		let why = b["what"].as_str().unwrap();
		assert!(why.contains("buyer-sg (admitted in SG)"), "{why}");
		assert!(why.contains("rule 0 (the receiver must be admitted in DE, FR)"), "{why}");
		assert!(why.contains("JurisdictionNotAllowed(Receiver)"), "{why}");
	}
	let html = std::fs::read_to_string(run.report.join("report.html")).unwrap();
	assert!(
		html.contains("Blocked by compliance, and why")
			&& html.contains("buyer-sg (admitted in SG)")
	);
}

#[tokio::test(flavor = "multi_thread")]
async fn solar_backed_claims_trade_at_a_premium_over_grid_backed_ones() {
	let run = run("green-market").await;
	let s = &run.summary;
	let trades = s["trades"].as_array().unwrap();
	let price = |asset: &str| {
		let t = trades.iter().find(|t| t["asset"] == asset).unwrap_or_else(|| panic!("{trades:?}"));
		(units(&t["average_price"]), units(&t["units"]))
	};
	assert_eq!(price("cluster-solar"), (12_000, 3_200));
	assert_eq!(price("cluster-grid"), (8_000, 3_500));
	let (solar, grid) = (run.class_of("cluster-solar"), run.class_of("cluster-grid"));
	let holding =
		|class: u64, who: &str| run.get("rwa_claimsBalance", json!([class, address(who)]));
	assert_eq!(units(&holding(solar, "green-buyer").await), 2_500);
	assert_eq!(units(&holding(solar, "cost-buyer").await), 700);
	assert_eq!(units(&holding(grid, "cost-buyer").await), 3_000);
	assert_eq!(units(&holding(grid, "green-buyer").await), 500);
	let mix = |asset: &str| {
		s["assets"].as_array().unwrap().iter().find(|a| a["name"] == asset).unwrap()["energy_mix"]
			[0][0]
			.clone()
	};
	assert_eq!(mix("cluster-solar"), "Solar");
	assert_eq!(mix("cluster-grid"), "GridMix");
	assert_eq!(units(&s["settled"]["order-book trades"]), 3_200 * 12_000 + 3_500 * 8_000);
	// The forward purchase was released once the solar cluster's report was final.
	assert_eq!(units(&s["settled"]["conditional payments"]), 5_000_000);
	let conditional = run.get("rwa_conditional", json!([0])).await;
	assert_eq!(conditional["status"], "Released", "{conditional}");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_price_card_lies_within_its_tier_and_the_report_shows_it() {
	let run = run("token-prices").await;
	let models = run.summary["models"].as_array().expect("models in the summary");
	assert_eq!(models.len(), 5, "{models:?}");
	let tiers: Vec<&str> = models.iter().filter_map(|m| m["tier"].as_str()).collect();
	for tier in ["Free", "Economy", "Standard", "Premium", "Frontier"] {
		assert!(tiers.contains(&tier), "a model in {tier}: {tiers:?}");
	}
	for m in models {
		// What the report says is what the chain says.
		let id = m["id"].as_u64().unwrap();
		let card = run.get("rwa_priceCard", json!([id])).await;
		let chain: Vec<(String, u128, u128)> = card["prices"]
			.as_array()
			.unwrap()
			.iter()
			.map(|p| {
				let m = p["modality"].as_str().unwrap().to_string();
				(m, units(&p["inputPerMillion"]), units(&p["outputPerMillion"]))
			})
			.collect();
		let reported: Vec<(String, u128, u128)> = m["prices"]
			.as_array()
			.unwrap()
			.iter()
			.map(|p| (p[0].as_str().unwrap().to_string(), units(&p[1]), units(&p[2])))
			.collect();
		assert_eq!(chain, reported, "{m}");
		// Every output price within the tier's range.
		let (lo, hi) = (units(&m["tier_range"][0]), units(&m["tier_range"][1]));
		for (_, _, output) in &reported {
			assert!((lo..=hi).contains(output), "{m}");
		}
	}
	let frontier = models.iter().find(|m| m["name"] == "reasoner-xl").unwrap();
	assert_eq!(frontier["provider"], "frontier-lab");
	assert_eq!(frontier["prices"][0], json!(["Text", 15_000_000, 120_000_000]));
	let md = std::fs::read_to_string(run.report.join("report.md")).unwrap();
	assert!(md.contains("## Price cards in force"), "{md}");
	assert!(
		md.contains(
			"| vision-pro | frontier-lab | lab-cluster | Premium 10–50 | Video | 10 | 48 | 0.342858 ("
		),
		"{md}"
	);
	assert!(run.report.join("charts/card-prices.svg").exists());
	// Each cluster's energy floor (its plant's tariff, attested, and its Final epoch): what
	// the chain derives, and the cheapest cards below it.
	let floor = |name: &str| {
		let m = models.iter().find(|m| m["name"] == name).unwrap();
		units(&m["floor_per_million"])
	};
	assert_eq!(floor("reasoner-xl"), 342_858, "4 kWh × 0.12 per 2 M tokens ÷ 0.7");
	assert_eq!(floor("open-8b"), 500_000, "5 kWh × 0.07 per 1 M tokens ÷ 0.7");
	assert_eq!(floor("tiny-chat"), 142_858, "1 kWh × 0.05 per 0.5 M tokens ÷ 0.7");
	let economy = models.iter().find(|m| m["name"] == "open-8b").unwrap();
	let epoch = economy["energy_epoch"].as_u64().unwrap();
	let floors = run.get("rwa_priceFloors", json!([epoch])).await;
	let id = economy["id"].as_u64().unwrap();
	let entry = floors["items"].as_array().unwrap().iter().find(|e| e["model"] == id).unwrap();
	assert_eq!(units(&entry["floorPerMillion"]), 500_000, "{entry}");
	assert_eq!(entry["prices"][0]["coversFloor"], false, "text at 0.2 < 0.5: {entry}");
	assert_eq!(entry["prices"][1]["coversFloor"], true, "image at 0.8: {entry}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_interrupted_run_still_writes_its_data() {
	let dir = ChainDir::new();
	let mut node = TestNode::dev(dir.path());
	let rpc = node.rpc().await;
	wait_for_blocks(&rpc, 2, 1, &node).await;
	let report = dir.path().join("report");
	let mut child = Command::new(env!("CARGO_BIN_EXE_sandbox"))
		.args([
			"run",
			scenario("misbehaving-agent").to_str().unwrap(),
			"--url",
			&node.url(),
			"--out",
		])
		.arg(&report)
		.stdout(Stdio::null())
		.stderr(Stdio::null())
		.spawn()
		.unwrap();
	// Ctrl-C once the run is under way.
	let start = compute_ledger_e2e::best_number(&rpc).await;
	wait_for_blocks(&rpc, start + 8, 0, &node).await;
	unsafe {
		libc::kill(child.id() as i32, libc::SIGINT);
	}
	let status = child.wait().unwrap();
	assert_eq!(status.code(), Some(130), "exit code of an interrupted run");
	let summary: Json =
		serde_json::from_str(&std::fs::read_to_string(report.join("summary.json")).unwrap())
			.unwrap();
	assert_eq!(summary["interrupted"], true);
	assert!(summary["events"].as_u64().unwrap() > 0);
	assert!(report.join("report.html").exists() && report.join("events.csv").exists());
}

#[test]
fn a_bad_scenario_file_is_refused_with_file_line_and_field() {
	let dir = tempfile::tempdir().unwrap();
	let file = dir.path().join("bad.toml");
	let text = std::fs::read_to_string(scenario("cross-border")).unwrap();
	std::fs::write(&file, text.replace("who = \"buyer-sg\"", "who = \"buyer-xx\"")).unwrap();
	let out = Command::new(env!("CARGO_BIN_EXE_sandbox")).arg("check").arg(&file).output().unwrap();
	assert_eq!(out.status.code(), Some(2));
	let err = String::from_utf8_lossy(&out.stderr);
	let line = text.lines().position(|l| l == "who = \"buyer-sg\"").unwrap() + 1;
	assert!(
		err.contains(&format!(
			"bad.toml:{line}: field `market.who`: no participant named `buyer-xx`"
		)),
		"{err}"
	);
}
