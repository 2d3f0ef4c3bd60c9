//! The supervisor's report: figures computed from the recorded chain events (the ground
//! truth), charts drawn with plotters (SVG, inlined so that `report.html` is one
//! self-contained file), `report.md` beside it, and the raw events and actions as CSV and JSON.

use crate::{
	client::amount,
	record::{Action, Record},
	run::eurd,
};
use plotters::prelude::*;
use serde::Serialize;
use std::{collections::BTreeMap, fmt::Write as _, path::Path};

/// What the report knows of an asset beyond the events, read over RPC when the run ended.
#[derive(Serialize, Clone, Debug, Default)]
pub struct AssetFacts {
	pub name: String,
	pub id: u32,
	pub kind: String,
	/// Output tokens per kWh of the latest final meter report (compute assets).
	pub tokens_per_kwh: Option<u64>,
	/// kW drawn per energy source (compute assets).
	pub energy_mix: Vec<(String, u64)>,
	/// Reported output of the claim classes minted from it, in claim units.
	pub backing_units: u128,
	pub minted: u128,
	pub outstanding: u128,
}

/// A model and the card in force for it when the run ended, read over RPC.
#[derive(Serialize, Clone, Debug, Default)]
pub struct ModelFacts {
	pub name: String,
	pub id: u32,
	pub provider: String,
	pub asset: String,
	pub tier: String,
	/// The tier's range of output prices, smallest units per million tokens.
	pub tier_range: Option<(u128, u128)>,
	/// (modality, input, output) in smallest units per million tokens.
	pub prices: Vec<(String, u128, u128)>,
	/// The latest Final epoch of its compute asset whose energy the plants' tariffs price.
	pub energy_epoch: Option<u32>,
	/// That epoch's energy cost per million output tokens, smallest units.
	pub cost_per_million: Option<u128>,
	/// The floor price per million output tokens that energy cost implies.
	pub floor_per_million: Option<u128>,
}

#[derive(Serialize, Debug, Default)]
pub struct Summary {
	pub scenario: String,
	pub description: String,
	pub interrupted: bool,
	/// Set when the chain's events could not all be read: figures then cover fewer blocks.
	pub incomplete: Option<String>,
	pub first_block: u64,
	pub start_block: u64,
	pub end_block: u64,
	pub duration_s: f64,
	pub simulated_hours: f64,
	pub transactions: Counts,
	/// Stable value settled (smallest units) by kind, from the chain's events.
	pub settled: BTreeMap<String, u128>,
	pub settled_total: u128,
	/// Per channel: what its provider claimed in all.
	pub channels: Vec<ChannelTotal>,
	/// Per provider: what it received through channels and direct mandate payments.
	pub received: BTreeMap<String, u128>,
	pub usage: UsageTotal,
	/// Claims minted per class.
	pub claims: Vec<ClassTotal>,
	pub trades: Vec<TradeTotal>,
	pub alerts: Vec<Incident>,
	pub interventions: Vec<Incident>,
	pub refused: Vec<Incident>,
	pub blocked: Vec<Incident>,
	pub latency_ms: Latency,
	pub assets: Vec<AssetFacts>,
	/// Models served and their price cards (set by the caller after `summarize`).
	pub models: Vec<ModelFacts>,
	pub events: usize,
}

#[derive(Serialize, Debug, Default)]
pub struct Counts {
	pub submitted: usize,
	pub succeeded: usize,
	pub failed: usize,
}

#[derive(Serialize, Debug, Default)]
pub struct ChannelTotal {
	pub id: u64,
	pub agent: String,
	pub provider: String,
	pub claimed: u128,
	pub claims: u64,
}

#[derive(Serialize, Debug, Default)]
pub struct UsageTotal {
	pub requests: u64,
	pub tokens: u64,
	pub vouchers: u64,
	pub owed: u128,
}

#[derive(Serialize, Debug, Default)]
pub struct ClassTotal {
	pub class: u32,
	pub asset: String,
	pub epoch: u32,
	pub minted: u128,
}

#[derive(Serialize, Debug, Default)]
pub struct TradeTotal {
	pub asset: String,
	pub class: u32,
	pub trades: u64,
	pub units: u128,
	/// Volume-weighted average price, smallest units per claim unit.
	pub average_price: u128,
}

#[derive(Serialize, Debug, Default, Clone)]
pub struct Incident {
	pub block: u64,
	pub who: String,
	pub what: String,
	/// Who acted, for interventions: `principal` or `regulator`.
	#[serde(skip_serializing_if = "String::is_empty")]
	pub by: String,
}

#[derive(Serialize, Debug, Default)]
pub struct Latency {
	pub count: usize,
	pub p50: u64,
	pub p95: u64,
	pub max: u64,
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
	if sorted.is_empty() {
		return 0;
	}
	sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Everything the report says, computed from the record.
pub fn summarize(
	rec: &Record,
	name: &str,
	description: &str,
	hours: f64,
	assets: Vec<AssetFacts>,
) -> Summary {
	let mut s = Summary {
		scenario: name.into(),
		description: description.into(),
		interrupted: rec.interrupted,
		incomplete: rec.follower_error.clone(),
		first_block: rec.first_block,
		start_block: rec.start_block,
		end_block: rec.end_block,
		simulated_hours: hours,
		events: rec.events.len(),
		assets,
		..Default::default()
	};
	let times: Vec<u64> = rec.events.iter().map(|e| e.time_ms).filter(|t| *t > 0).collect();
	if let (Some(a), Some(b)) = (times.iter().min(), times.iter().max()) {
		s.duration_s = (b - a) as f64 / 1000.0;
	}
	s.transactions = Counts {
		submitted: rec.actions.len(),
		succeeded: rec.actions.iter().filter(|a| a.ok).count(),
		failed: rec.actions.iter().filter(|a| !a.ok).count(),
	};
	let mut channels: BTreeMap<u64, ChannelTotal> = BTreeMap::new();
	let mut trades: BTreeMap<u32, TradeTotal> = BTreeMap::new();
	let mut claims: BTreeMap<u32, ClassTotal> = BTreeMap::new();
	for (_, kind, value) in settlements(rec) {
		*s.settled.entry(kind.into()).or_default() += value;
		s.settled_total += value;
	}
	for e in &rec.events {
		let f = &e.fields;
		match (e.pallet.as_str(), e.event.as_str()) {
			("Channels", "Claimed") => {
				let id = amount(&f["id"]) as u64;
				let (agent, provider) = rec.channels.get(&id).cloned().unwrap_or_default();
				let c = channels.entry(id).or_insert(ChannelTotal {
					id,
					agent,
					provider: provider.clone(),
					..Default::default()
				});
				c.claimed += amount(&f["amount"]);
				c.claims += 1;
				*s.received.entry(provider).or_default() += amount(&f["amount"]);
			}
			("Mandates", "Paid") => {
				*s.received
					.entry(rec.name_of(f["to"].as_str().unwrap_or_default()))
					.or_default() += amount(&f["amount"]);
			}
			("Settlement", "Trade") => {
				let class = amount(&f["class"]) as u32;
				let asset = rec.classes.get(&class).map(|(a, _)| a.clone()).unwrap_or_default();
				let t = trades.entry(class).or_insert(TradeTotal {
					asset,
					class,
					..Default::default()
				});
				t.trades += 1;
				t.units += amount(&f["amount"]);
				// Accumulates value here; divided into an average below.
				t.average_price += amount(&f["price"]) * amount(&f["amount"]);
			}
			("Claims", "ClaimsMinted") => {
				let class = amount(&f["class"]) as u32;
				let (asset, epoch) = rec.classes.get(&class).cloned().unwrap_or_default();
				claims
					.entry(class)
					.or_insert(ClassTotal { class, asset, epoch, minted: 0 })
					.minted += amount(&f["amount"]);
			}
			("Mandates", "MandateAlert") => s.alerts.push(Incident {
				by: String::new(),
				block: e.block,
				who: rec.name_of(f["agent"].as_str().unwrap_or_default()),
				what: format!(
					"{} rule fired on a payment of {} EURD",
					f["rule"].as_str().unwrap_or("anomaly"),
					eurd(amount(&f["amount"]))
				),
			}),
			(
				"Mandates",
				"MandateResumed"
				| "MandateRevoked"
				| "MandateSuspendedByRegulator"
				| "MandatePaused",
			)
			| ("Participants", "Frozen" | "Unfrozen" | "FreezeConfirmed" | "FreezeLapsed")
			| ("SafeMode", "Entered" | "Exited")
			| ("TxPause", "CallPaused" | "CallUnpaused")
			| ("Compliance", "RulesSet" | "RulesCleared") => {
				let who = ["agent", "who"]
					.iter()
					.find_map(|k| f[*k].as_str())
					.map(|a| rec.name_of(a))
					.or_else(|| f.get("class").map(|c| format!("class {c}")))
					.unwrap_or_default();
				// Who intervened: the principal or the regulator acting in that block, the one
				// whose action names the subject when both acted in the same block.
				let acting: Vec<_> = rec
					.actions
					.iter()
					.filter(|a| {
						a.ok && a.block == Some(e.block)
							&& matches!(a.category.as_str(), "principal" | "regulator")
					})
					.collect();
				let names_subject = |a: &crate::record::Action| {
					!who.is_empty()
						&& a.detail
							.split(|c: char| c.is_whitespace() || c == ',' || c == ':')
							.any(|word| word == who)
				};
				let by = acting
					.iter()
					.find(|a| names_subject(a))
					.or(acting.first())
					.map(|a| a.category.clone())
					.unwrap_or_default();
				s.interventions.push(Incident {
					block: e.block,
					who,
					what: format!("{}.{}", e.pallet, e.event),
					by,
				});
			}
			_ => {}
		}
	}
	for t in trades.values_mut() {
		t.average_price = t.average_price.checked_div(t.units).unwrap_or(0);
	}
	s.channels = channels.into_values().collect();
	s.trades = trades.into_values().collect();
	s.claims = claims.into_values().collect();
	for u in rec.usage.values() {
		s.usage.requests += u.requests;
		s.usage.tokens += u.tokens;
		s.usage.vouchers += u.vouchers;
		s.usage.owed += u.owed;
	}
	for a in rec.actions.iter().filter(|a| !a.ok && a.category != "setup") {
		// Refused before any block: the timeline block it was sent at.
		let sent = rec.start_block + a.tick.max(0) as u64;
		let incident = Incident {
			by: String::new(),
			block: a.block.unwrap_or(sent),
			who: a.actor.clone(),
			what: format!("{} ({}): {}", a.kind, a.detail, a.error.clone().unwrap_or_default()),
		};
		s.refused.push(incident);
	}
	for a in rec.actions.iter().filter(|a| a.explanation.is_some()) {
		s.blocked.push(Incident {
			by: String::new(),
			block: a.block.unwrap_or_default(),
			who: a.actor.clone(),
			what: a.explanation.clone().unwrap_or_default(),
		});
	}
	let mut lat: Vec<u64> = latencies(&rec.actions);
	lat.sort();
	s.latency_ms = Latency {
		count: lat.len(),
		p50: percentile(&lat, 0.5),
		p95: percentile(&lat, 0.95),
		max: lat.last().copied().unwrap_or(0),
	};
	s
}

/// Submission-to-finality latencies of the settling actions.
fn latencies(actions: &[Action]) -> Vec<u64> {
	actions
		.iter()
		.filter(|a| a.ok && matches!(a.category.as_str(), "usage" | "market" | "misbehaviour"))
		.filter_map(|a| a.latency_ms)
		.collect()
}

/// (block, kind, value) of every settlement the chain recorded.
fn settlements(rec: &Record) -> Vec<(u64, &'static str, u128)> {
	let mut out = Vec::new();
	let mut conditionals: BTreeMap<u64, u128> = BTreeMap::new();
	for e in &rec.events {
		let f = &e.fields;
		match (e.pallet.as_str(), e.event.as_str()) {
			("Channels", "Claimed") => {
				out.push((e.block, "pay-per-token channels", amount(&f["amount"])))
			}
			("Mandates", "Paid") => out.push((e.block, "mandate payments", amount(&f["amount"]))),
			("Settlement", "Trade") => {
				out.push((e.block, "order-book trades", amount(&f["price"]) * amount(&f["amount"])))
			}
			("Settlement", "ConditionalCreated") => {
				conditionals.insert(amount(&f["id"]) as u64, amount(&f["amount"]));
			}
			("Settlement", "ConditionalReleased") => {
				let v = conditionals.get(&(amount(&f["id"]) as u64)).copied().unwrap_or(0);
				out.push((e.block, "conditional payments", v));
			}
			_ => {}
		}
	}
	// An instruction's events do not carry its value: the sandbox recorded it when it settled.
	for a in rec.actions.iter().filter(|a| a.kind == "affirm instruction" && a.settled > 0) {
		out.push((a.block.unwrap_or_default(), "DvP instructions", a.settled));
	}
	out
}

const COLORS: [RGBColor; 6] = [
	RGBColor(31, 119, 180),
	RGBColor(255, 127, 14),
	RGBColor(44, 160, 44),
	RGBColor(214, 39, 40),
	RGBColor(148, 103, 189),
	RGBColor(140, 86, 75),
];

type Svg = Result<String, String>;

/// An axis value: whole numbers when the axis reaches ten or more.
fn axis_label(value: f64, max: f64) -> String {
	if max >= 10.0 {
		format!("{value:.0}")
	} else {
		format!("{value:.2}")
	}
}

fn err(e: impl std::fmt::Debug) -> String {
	format!("chart: {e:?}")
}

/// Cumulative settled EURD per kind over the blocks of the run.
fn chart_volume(rec: &Record) -> Svg {
	let mut kinds: BTreeMap<&str, Vec<(u64, f64)>> = BTreeMap::new();
	for (b, k, v) in settlements(rec) {
		kinds.entry(k).or_default().push((b, v as f64 / 1e6));
	}
	let series = kinds.into_iter().map(|(k, steps)| (k.to_string(), steps)).collect();
	step_lines(rec, "Settlement volume over time (cumulative EURD)", "EURD", series, 0)
}

/// Lines of running totals over the blocks of the run: each series is (block, increment)
/// steps; colours start at `first_color`.
fn step_lines(
	rec: &Record,
	title: &str,
	unit: &str,
	series: Vec<(String, Vec<(u64, f64)>)>,
	first_color: usize,
) -> Svg {
	let mut svg = String::new();
	let (from, to) = (rec.first_block as f64, rec.end_block.max(rec.first_block + 1) as f64);
	let mut lines = Vec::new();
	let mut max = 1.0f64;
	for (label, mut steps) in series {
		steps.sort_by_key(|s| s.0);
		let mut total = 0.0;
		let mut line = vec![(from, 0.0)];
		for (block, increment) in steps {
			line.push((block as f64, total));
			total += increment;
			line.push((block as f64, total));
		}
		line.push((to, total));
		max = max.max(total);
		lines.push((label, line));
	}
	{
		let root = SVGBackend::with_string(&mut svg, (900, 360)).into_drawing_area();
		root.fill(&WHITE).map_err(err)?;
		let mut chart = ChartBuilder::on(&root)
			.caption(title, ("sans-serif", 20))
			.margin(12)
			.x_label_area_size(40)
			.y_label_area_size(70)
			.build_cartesian_2d(from..to, 0.0..max * 1.2)
			.map_err(err)?;
		chart
			.configure_mesh()
			.x_desc("block")
			.y_desc(unit)
			.x_label_formatter(&|x| format!("{x:.0}"))
			.y_label_formatter(&|y| axis_label(*y, max))
			.draw()
			.map_err(err)?;
		for (i, (label, line)) in lines.into_iter().enumerate() {
			let color = COLORS[(i + first_color) % COLORS.len()];
			chart
				.draw_series(LineSeries::new(line, color.stroke_width(2)))
				.map_err(err)?
				.label(label)
				.legend(move |(x, y)| {
					PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(3))
				});
		}
		chart
			.configure_series_labels()
			.background_style(WHITE.mix(0.8))
			.border_style(BLACK)
			.position(SeriesLabelPosition::UpperLeft)
			.draw()
			.map_err(err)?;
		root.present().map_err(err)?;
	}
	Ok(svg)
}

/// Histogram of submission-to-finality latency of settling transactions.
fn chart_latency(rec: &Record) -> Svg {
	let mut svg = String::new();
	let lat = latencies(&rec.actions);
	let bucket = 500u64;
	let max_bucket = lat.iter().map(|l| l / bucket).max().unwrap_or(0) + 1;
	let mut counts = vec![0u32; max_bucket as usize];
	for l in &lat {
		counts[(l / bucket) as usize] += 1;
	}
	let top = counts.iter().copied().max().unwrap_or(1).max(1);
	{
		let root = SVGBackend::with_string(&mut svg, (900, 340)).into_drawing_area();
		root.fill(&WHITE).map_err(err)?;
		let mut chart = ChartBuilder::on(&root)
			.caption(
				format!("Settlement latency, submission to finality ({} transactions)", lat.len()),
				("sans-serif", 20),
			)
			.margin(12)
			.x_label_area_size(40)
			.y_label_area_size(60)
			.build_cartesian_2d(0u64..max_bucket * bucket, 0u32..top + top / 10 + 1)
			.map_err(err)?;
		chart.configure_mesh().x_desc("ms").y_desc("transactions").draw().map_err(err)?;
		chart
			.draw_series(counts.iter().enumerate().map(|(i, c)| {
				let x0 = i as u64 * bucket;
				Rectangle::new([(x0, 0), (x0 + bucket, *c)], COLORS[0].filled())
			}))
			.map_err(err)?;
		root.present().map_err(err)?;
	}
	Ok(svg)
}

/// Mandate alerts, refused payments and interventions, cumulative over blocks.
fn chart_alerts(rec: &Record, s: &Summary) -> Svg {
	let count = |blocks: Vec<u64>| blocks.into_iter().map(|b| (b, 1.0)).collect::<Vec<_>>();
	let refused = rec
		.actions
		.iter()
		.filter(|a| !a.ok && a.category == "misbehaviour")
		.filter_map(|a| a.block)
		.collect();
	let by = |principal: bool| {
		s.interventions.iter().filter(move |i| (i.by == "principal") == principal).map(|i| i.block)
	};
	let series = vec![
		("mandate alerts".to_string(), count(s.alerts.iter().map(|i| i.block).collect())),
		("payments refused by a mandate".to_string(), count(refused)),
		("principal interventions".to_string(), count(by(true).collect())),
		("regulator actions".to_string(), count(by(false).collect())),
	];
	step_lines(rec, "Mandate alerts and interventions over time (cumulative)", "count", series, 2)
}

/// Grouped bars per compute asset: what metering backs, what was minted, what is outstanding.
fn chart_backing(s: &Summary) -> Svg {
	let assets: Vec<&AssetFacts> = s.assets.iter().filter(|a| a.kind == "compute").collect();
	let groups: Vec<(&str, Vec<f64>)> = assets
		.iter()
		.map(|a| {
			(a.name.as_str(), vec![a.backing_units as f64, a.minted as f64, a.outstanding as f64])
		})
		.collect();
	bars(
		"Claims backing per asset (claim units = 1 000 output tokens)",
		"claim units",
		&groups,
		&["metered output", "minted", "outstanding"],
	)
}

/// Output tokens per kWh per compute asset.
fn chart_efficiency(s: &Summary) -> Svg {
	let groups: Vec<(&str, Vec<f64>)> = s
		.assets
		.iter()
		.filter(|a| a.kind == "compute")
		.map(|a| (a.name.as_str(), vec![a.tokens_per_kwh.unwrap_or(0) as f64]))
		.collect();
	bars(
		"Output tokens per kWh per asset (latest final meter report)",
		"tokens / kWh",
		&groups,
		&["tokens per kWh"],
	)
}

/// kW per energy source per compute asset.
fn chart_energy(s: &Summary) -> Svg {
	let mut sources: Vec<String> =
		s.assets.iter().flat_map(|a| a.energy_mix.iter().map(|(src, _)| src.clone())).collect();
	sources.sort();
	sources.dedup();
	let groups: Vec<(&str, Vec<f64>)> = s
		.assets
		.iter()
		.filter(|a| a.kind == "compute")
		.map(|a| {
			let kw = sources
				.iter()
				.map(|src| {
					a.energy_mix.iter().find(|(x, _)| x == src).map_or(0.0, |(_, kw)| *kw as f64)
				})
				.collect();
			(a.name.as_str(), kw)
		})
		.collect();
	let labels: Vec<&str> = sources.iter().map(String::as_str).collect();
	bars_with("Energy mix per asset (kW drawn per source)", "kW", &groups, &labels, true)
}

/// Average trade price per claim class, in EURD per claim unit.
fn chart_prices(s: &Summary) -> Svg {
	let labels: Vec<String> =
		s.trades.iter().map(|t| format!("{} (class {})", t.asset, t.class)).collect();
	let groups: Vec<(&str, Vec<f64>)> = s
		.trades
		.iter()
		.zip(&labels)
		.map(|(t, l)| (l.as_str(), vec![t.average_price as f64 / 1e6]))
		.collect();
	bars(
		"Average trade price per claim class (EURD per claim unit)",
		"EURD",
		&groups,
		&["average price"],
	)
}

/// The output price per million tokens of each model's card, per modality, by tier, beside
/// the energy floor of its compute asset's latest Final epoch (when its plants have tariffs).
fn chart_card_prices(s: &Summary) -> Svg {
	let labels: Vec<String> = s.models.iter().map(|m| format!("{} ({})", m.name, m.tier)).collect();
	let modalities = ["Text", "Image", "Audio", "Video"];
	let floors = s.models.iter().any(|m| m.floor_per_million.is_some());
	let groups: Vec<(&str, Vec<f64>)> = s
		.models
		.iter()
		.zip(&labels)
		.map(|(m, label)| {
			let mut per: Vec<f64> = modalities
				.iter()
				.map(|md| {
					m.prices.iter().find(|(x, _, _)| x == md).map_or(0.0, |p| p.2 as f64 / 1e6)
				})
				.collect();
			if floors {
				per.push(m.floor_per_million.map_or(0.0, |f| f as f64 / 1e6));
			}
			(label.as_str(), per)
		})
		.collect();
	let mut series = modalities.to_vec();
	if floors {
		series.push("energy floor");
	}
	bars(
		"Output price per million tokens, per model and modality, against the energy floor (EURD)",
		"EURD / M tokens",
		&groups,
		&series,
	)
}

/// A grouped bar chart: one group per name, one bar per series.
fn bars(title: &str, unit: &str, groups: &[(&str, Vec<f64>)], series: &[&str]) -> Svg {
	bars_with(title, unit, groups, series, false)
}

/// Grouped bars, or `stacked` ones (the series of a name on top of each other).
fn bars_with(
	title: &str,
	unit: &str,
	groups: &[(&str, Vec<f64>)],
	series: &[&str],
	stacked: bool,
) -> Svg {
	let mut svg = String::new();
	let n = groups.len().max(1);
	let width = series.len().max(1) as f64;
	let top = if stacked {
		groups.iter().map(|(_, v)| v.iter().sum::<f64>()).fold(1.0f64, f64::max)
	} else {
		groups.iter().flat_map(|(_, v)| v.iter().copied()).fold(1.0f64, f64::max)
	};
	let names: Vec<String> = groups.iter().map(|(n, _)| n.to_string()).collect();
	{
		let root = SVGBackend::with_string(&mut svg, (900, 340)).into_drawing_area();
		root.fill(&WHITE).map_err(err)?;
		let mut chart = ChartBuilder::on(&root)
			.caption(title, ("sans-serif", 20))
			.margin(12)
			.x_label_area_size(40)
			.y_label_area_size(80)
			.build_cartesian_2d(-0.5f64..n as f64 - 0.5, 0.0..top * 1.2)
			.map_err(err)?;
		let label = |x: &f64| {
			let i = x.round();
			if (x - i).abs() < 0.01 && i >= 0.0 {
				names.get(i as usize).cloned().unwrap_or_default()
			} else {
				String::new()
			}
		};
		chart
			.configure_mesh()
			.disable_x_mesh()
			.x_labels(n * 2 + 1)
			.x_label_formatter(&label)
			.y_label_formatter(&|y| axis_label(*y, top))
			.y_desc(unit)
			.draw()
			.map_err(err)?;
		for (k, name) in series.iter().enumerate() {
			let color = COLORS[k % COLORS.len()];
			let bar = 0.8 / width;
			chart
				.draw_series(groups.iter().enumerate().map(move |(i, (_, values))| {
					let value = values.get(k).copied().unwrap_or(0.0);
					if stacked {
						let below: f64 = values.iter().take(k).sum();
						let x0 = i as f64 - 0.3;
						Rectangle::new([(x0, below), (x0 + 0.6, below + value)], color.filled())
					} else {
						let x0 = i as f64 - 0.4 + k as f64 * bar;
						Rectangle::new([(x0, 0.0), (x0 + bar * 0.9, value)], color.filled())
					}
				}))
				.map_err(err)?
				.label(*name)
				.legend(move |(x, y)| {
					Rectangle::new([(x, y - 5), (x + 15, y + 5)], color.filled())
				});
		}
		chart
			.configure_series_labels()
			.background_style(WHITE.mix(0.8))
			.border_style(BLACK)
			.position(SeriesLabelPosition::UpperRight)
			.draw()
			.map_err(err)?;
		root.present().map_err(err)?;
	}
	Ok(svg)
}

/// Writes the report folder: report.html, report.md, charts/*.svg, summary.json, events.csv,
/// events.json, actions.csv, actions.json.
pub fn write(dir: &Path, rec: &Record, s: &Summary) -> Result<(), String> {
	let io = |e: std::io::Error| format!("{}: {e}", dir.display());
	std::fs::create_dir_all(dir.join("charts")).map_err(io)?;
	let charts: Vec<(&str, &str, String)> = vec![
		("volume", "Settlement volume over time", chart_volume(rec)?),
		("latency", "Settlement latency distribution", chart_latency(rec)?),
		("alerts", "Mandate alerts and interventions over time", chart_alerts(rec, s)?),
		("backing", "Claims backing per asset", chart_backing(s)?),
		("efficiency", "Tokens per kWh per asset", chart_efficiency(s)?),
		("energy", "Energy mix per asset", chart_energy(s)?),
		("prices", "Average trade price per claim class", chart_prices(s)?),
		("card-prices", "Token prices per model, tier and modality", chart_card_prices(s)?),
	];
	for (id, _, svg) in &charts {
		std::fs::write(dir.join(format!("charts/{id}.svg")), svg).map_err(io)?;
	}
	let summary = serde_json::to_string_pretty(s).map_err(|e| e.to_string())?;
	std::fs::write(dir.join("summary.json"), summary).map_err(io)?;
	std::fs::write(
		dir.join("events.json"),
		serde_json::to_string(&rec.events).map_err(|e| e.to_string())?,
	)
	.map_err(io)?;
	std::fs::write(
		dir.join("actions.json"),
		serde_json::to_string(&rec.actions).map_err(|e| e.to_string())?,
	)
	.map_err(io)?;
	let mut csv = csv::Writer::from_path(dir.join("events.csv")).map_err(|e| e.to_string())?;
	csv.write_record(["block", "time_ms", "index", "pallet", "event", "fields"])
		.map_err(|e| e.to_string())?;
	for e in &rec.events {
		csv.write_record([
			e.block.to_string(),
			e.time_ms.to_string(),
			e.index.to_string(),
			e.pallet.clone(),
			e.event.clone(),
			e.fields.to_string(),
		])
		.map_err(|e| e.to_string())?;
	}
	csv.flush().map_err(io)?;
	let mut csv = csv::Writer::from_path(dir.join("actions.csv")).map_err(|e| e.to_string())?;
	csv.write_record([
		"tick",
		"category",
		"kind",
		"actor",
		"detail",
		"block",
		"latency_ms",
		"ok",
		"error",
		"explanation",
		"settled",
	])
	.map_err(|e| e.to_string())?;
	for a in &rec.actions {
		let opt = |o: Option<u64>| o.map(|v| v.to_string()).unwrap_or_default();
		csv.write_record([
			a.tick.to_string(),
			a.category.clone(),
			a.kind.clone(),
			a.actor.clone(),
			a.detail.clone(),
			opt(a.block),
			opt(a.latency_ms),
			a.ok.to_string(),
			a.error.clone().unwrap_or_default(),
			a.explanation.clone().unwrap_or_default(),
			a.settled.to_string(),
		])
		.map_err(|e| e.to_string())?;
	}
	csv.flush().map_err(io)?;
	let (md, html) = documents(rec, s, &charts);
	std::fs::write(dir.join("report.md"), md).map_err(io)?;
	std::fs::write(dir.join("report.html"), html).map_err(io)?;
	Ok(())
}

fn escape(s: &str) -> String {
	s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A section of the report: its title, a table's header and rows.
type Section<'a> = (String, Vec<&'a str>, Vec<Vec<String>>);

/// The report's text as (Markdown, HTML): the same sections, tables and charts.
fn documents(rec: &Record, s: &Summary, charts: &[(&str, &str, String)]) -> (String, String) {
	// Sections as (title, rows of a two-or-more-column table, header).
	let mut sections: Vec<Section> = Vec::new();
	let wall = if s.duration_s > 0.0 { s.duration_s } else { 1.0 };
	sections.push((
		"Summary".into(),
		vec!["figure", "value"],
		vec![
			vec![
				"blocks".into(),
				format!(
					"#{} to #{} (timeline from #{})",
					s.first_block, s.end_block, s.start_block
				),
			],
			vec![
				"chain time".into(),
				format!(
					"{:.0} s, standing for {} simulated hours",
					s.duration_s, s.simulated_hours
				),
			],
			vec![
				"transactions".into(),
				format!(
					"{} submitted, {} succeeded, {} failed",
					s.transactions.submitted, s.transactions.succeeded, s.transactions.failed
				),
			],
			vec![
				"stable value settled".into(),
				format!(
					"{} EURD ({:.2} EURD per chain second)",
					eurd(s.settled_total),
					s.settled_total as f64 / 1e6 / wall
				),
			],
			vec![
				"AI usage paid per token".into(),
				format!(
					"{} requests, {} output tokens, {} vouchers owing {} EURD",
					s.usage.requests,
					s.usage.tokens,
					s.usage.vouchers,
					eurd(s.usage.owed)
				),
			],
			vec![
				"settlement latency".into(),
				format!(
					"p50 {} ms, p95 {} ms, max {} ms over {} transactions",
					s.latency_ms.p50, s.latency_ms.p95, s.latency_ms.max, s.latency_ms.count
				),
			],
			vec!["mandate alerts".into(), s.alerts.len().to_string()],
			vec!["interventions".into(), s.interventions.len().to_string()],
			vec!["refused actions".into(), s.refused.len().to_string()],
			vec!["blocked by compliance".into(), s.blocked.len().to_string()],
			vec!["chain events recorded".into(), s.events.to_string()],
			vec![
				"run".into(),
				match (&s.incomplete, s.interrupted) {
					(Some(e), _) => format!("events recorded only to #{}: {e}", s.end_block),
					(None, true) => "interrupted (Ctrl-C): the data up to then".into(),
					(None, false) => "complete".into(),
				},
			],
		],
	));
	sections.push((
		"Settlement by kind".into(),
		vec!["kind", "EURD"],
		s.settled.iter().map(|(k, v)| vec![k.clone(), eurd(*v)]).collect(),
	));
	sections.push((
		"Received by provider".into(),
		vec!["provider", "EURD"],
		s.received.iter().map(|(k, v)| vec![k.clone(), eurd(*v)]).collect(),
	));
	sections.push((
		"Claims minted".into(),
		vec!["class", "asset", "epoch", "minted"],
		s.claims
			.iter()
			.map(|c| {
				vec![
					c.class.to_string(),
					c.asset.clone(),
					c.epoch.to_string(),
					c.minted.to_string(),
				]
			})
			.collect(),
	));
	sections.push((
		"Trades".into(),
		vec!["class", "asset", "trades", "units", "average price (EURD)"],
		s.trades
			.iter()
			.map(|t| {
				vec![
					t.class.to_string(),
					t.asset.clone(),
					t.trades.to_string(),
					t.units.to_string(),
					eurd(t.average_price),
				]
			})
			.collect(),
	));
	sections.push((
		"Assets".into(),
		vec![
			"asset",
			"id",
			"kind",
			"tokens per kWh",
			"energy mix (kW)",
			"claims backing / minted / outstanding",
		],
		s.assets
			.iter()
			.map(|a| {
				vec![
					a.name.clone(),
					a.id.to_string(),
					a.kind.clone(),
					a.tokens_per_kwh.map(|t| t.to_string()).unwrap_or_else(|| "-".into()),
					a.energy_mix
						.iter()
						.map(|(src, kw)| format!("{src} {kw}"))
						.collect::<Vec<_>>()
						.join(", "),
					format!("{} / {} / {}", a.backing_units, a.minted, a.outstanding),
				]
			})
			.collect(),
	));
	sections.push((
		"Price cards in force".into(),
		vec![
			"model",
			"provider",
			"asset",
			"tier (EURD / M output)",
			"modality",
			"input",
			"output",
			"energy floor (epoch)",
		],
		s.models
			.iter()
			.flat_map(|m| {
				let range = m.tier_range.map_or("any".into(), |(lo, hi)| {
					format!("{} {}–{}", m.tier, eurd(lo), eurd(hi))
				});
				let floor = match (m.floor_per_million, m.energy_epoch) {
					(Some(floor), Some(epoch)) => format!("{} ({epoch})", eurd(floor)),
					_ => "-".into(),
				};
				m.prices.iter().map(move |(modality, input, output)| {
					vec![
						m.name.clone(),
						m.provider.clone(),
						m.asset.clone(),
						range.clone(),
						modality.clone(),
						eurd(*input),
						eurd(*output),
						floor.clone(),
					]
				})
			})
			.collect(),
	));
	let incidents = |list: &[Incident]| {
		list.iter().map(|i| vec![format!("#{}", i.block), i.who.clone(), i.what.clone()]).collect()
	};
	sections.push(("Mandate alerts".into(), vec!["block", "agent", "what"], incidents(&s.alerts)));
	sections.push((
		"Interventions".into(),
		vec!["block", "about", "what", "by"],
		s.interventions
			.iter()
			.map(|i| vec![format!("#{}", i.block), i.who.clone(), i.what.clone(), i.by.clone()])
			.collect(),
	));
	sections.push((
		"Blocked by compliance, and why".into(),
		vec!["block", "who", "why"],
		incidents(&s.blocked),
	));
	sections.push((
		"Refused actions".into(),
		vec!["block", "who", "what and the chain's error"],
		incidents(&s.refused),
	));
	let mut notes = rec.notes.clone();
	notes.sort();
	sections.push((
		"Timeline".into(),
		vec!["block", "what happened"],
		notes.iter().map(|(b, t)| vec![format!("#{b}"), t.clone()]).collect(),
	));

	let mut md = format!("# Sandbox report: {}\n\n{}\n\n", s.scenario, s.description);
	md.push_str("Figures are computed from the chain's events (`events.csv`, `events.json`); every action the sandbox took is in `actions.csv` and `actions.json`, every figure in `summary.json`.\n\n");
	let mut html = format!(
		"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sandbox report: {name}</title>\n<style>body{{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}}table{{border-collapse:collapse;margin:1em 0;width:100%}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;font-size:14px}}th{{background:#f3f3f3}}figure{{margin:1.5em 0}}figcaption{{font-weight:bold;margin-bottom:.3em}}</style></head><body>\n<h1>Sandbox report: {name}</h1>\n<p>{desc}</p>\n<p>Figures are computed from the chain's events (<code>events.csv</code>, <code>events.json</code>); every action the sandbox took is in <code>actions.csv</code> and <code>actions.json</code>, every figure in <code>summary.json</code>.</p>\n",
		name = escape(&s.scenario),
		desc = escape(&s.description)
	);
	let table_md = |header: &[&str], rows: &[Vec<String>]| {
		let mut t = format!("| {} |\n|{}\n", header.join(" | "), "---|".repeat(header.len()));
		for r in rows {
			let _ = writeln!(
				t,
				"| {} |",
				r.iter().map(|c| c.replace('|', "\\|")).collect::<Vec<_>>().join(" | ")
			);
		}
		t
	};
	let table_html = |header: &[&str], rows: &[Vec<String>]| {
		let mut t = String::from("<table><tr>");
		for h in header {
			let _ = write!(t, "<th>{}</th>", escape(h));
		}
		t.push_str("</tr>\n");
		for r in rows {
			t.push_str("<tr>");
			for c in r {
				let _ = write!(t, "<td>{}</td>", escape(c));
			}
			t.push_str("</tr>\n");
		}
		t.push_str("</table>\n");
		t
	};
	let (first, rest) = sections.split_at(1);
	for (title, header, rows) in first {
		let _ = write!(md, "## {title}\n\n{}\n", table_md(header, rows));
		let _ = write!(html, "<h2>{}</h2>\n{}", escape(title), table_html(header, rows));
	}
	md.push_str("## Charts\n\n");
	html.push_str("<h2>Charts</h2>\n");
	for (id, title, svg) in charts {
		let _ = write!(md, "### {title}\n\n![{title}](charts/{id}.svg)\n\n");
		let body = svg.split_once("?>").map_or(svg.as_str(), |(_, b)| b);
		let _ = writeln!(
			html,
			"<figure class=\"chart\" id=\"chart-{id}\"><figcaption>{}</figcaption>{body}</figure>",
			escape(title)
		);
	}
	for (title, header, rows) in rest {
		if rows.is_empty() {
			let _ = write!(md, "## {title}\n\nNone.\n\n");
			let _ = writeln!(html, "<h2>{}</h2><p>None.</p>", escape(title));
		} else {
			let _ = write!(md, "## {title}\n\n{}\n", table_md(header, rows));
			let _ = write!(html, "<h2>{}</h2>\n{}", escape(title), table_html(header, rows));
		}
	}
	html.push_str("</body></html>\n");
	(md, html)
}
