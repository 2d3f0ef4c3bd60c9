//! Metering each ended epoch and minting once the report is final.

use super::*;

impl Runner {
	/// Meter operators report every epoch that ended; owners mint once a report is final.
	pub(super) async fn metering(&mut self, tick: u32) {
		let current = self.current_epoch().await;
		for m in &mut self.metering {
			let entry = &self.sc.metering[m.entry];
			let asset_name = entry.asset.get_ref().clone();
			let Some(asset) = self.ctx.asset_id(&asset_name) else { continue };
			if !m.submitted && m.epoch < current {
				m.submitted = true;
				for op in &entry.operators {
					let ctx = self.ctx.clone();
					let report = Value::named_composite([
						("tokens_in", Value::u128(entry.tokens_in.into())),
						("tokens_out", Value::u128(entry.tokens_out.into())),
						("energy_kwh", Value::u128(entry.energy_kwh.into())),
						("gpu_hours", Value::u128(entry.gpu_hours.into())),
						("records", Value::u128(entry.records.into())),
						// Each report commits to its own usage records.
						("records_root", Value::from_bytes(records_root(asset, m.epoch))),
					]);
					let args = vec![Value::u128(asset.into()), Value::u128(m.epoch.into()), report];
					let (op, epoch) = (op.get_ref().clone(), m.epoch);
					let detail = format!(
						"{asset_name} epoch {epoch}: {} tokens out, {} kWh",
						entry.tokens_out, entry.energy_kwh
					);
					self.tasks.push(tokio::spawn(async move {
						ctx.act(
							tick.into(),
							"metering",
							"meter report",
							&op,
							detail,
							"Metering",
							"submit_report",
							args,
							|_| 0,
						)
						.await;
					}));
				}
			}
			if m.submitted && !m.minted {
				let status = self.ctx.wallet.read("rwa_epochReport", json!([asset, m.epoch])).await;
				if status.as_ref().and_then(|s| s["status"].as_str()) != Some("Final") {
					continue;
				}
				let mintable = self
					.ctx
					.wallet
					.read("rwa_mintable", json!([asset, m.epoch]))
					.await
					.map_or(0, |v| amount(&v));
				m.minted = true;
				let units = (mintable as f64 * entry.mint).floor() as u128;
				if units == 0 {
					continue;
				}
				let owner = self
					.sc
					.assets
					.iter()
					.find(|a| a.name.get_ref() == &asset_name)
					.unwrap()
					.owner
					.get_ref()
					.clone();
				let ctx = self.ctx.clone();
				let epoch = m.epoch;
				let (outcome, _) = ctx
					.act(
						tick.into(),
						"metering",
						"mint claims",
						&owner,
						format!("{units} claims of {asset_name} epoch {epoch}"),
						"Claims",
						"mint",
						vec![
							Value::u128(asset.into()),
							Value::u128(epoch.into()),
							Value::u128(units),
						],
						|_| 0,
					)
					.await;
				if let Some(f) = outcome.event("Claims", "ClassCreated") {
					let class = amount(&f["class"]) as u32;
					ctx.rec.lock().unwrap().classes.insert(class, (asset_name.clone(), epoch));
				}
			}
		}
	}
}

/// A distinct usage-records root per (asset, epoch): the chain refuses records counted twice.
/// (The sandbox simulates metering; it has no real usage records to build a tree of.)
fn records_root(asset: u32, epoch: u32) -> [u8; 32] {
	let mut root = [0u8; 32];
	root[..8].copy_from_slice(b"sandbox/");
	root[8..12].copy_from_slice(&asset.to_le_bytes());
	root[12..16].copy_from_slice(&epoch.to_le_bytes());
	root
}
