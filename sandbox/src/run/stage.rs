//! Setting the stage: admission, assets, metering operators, stable value, mandates and
//! channels, each step batched per signer and waited for before the next that needs it.

use super::*;

impl Runner {
	/// Admits every participant and agent not admitted yet, trusts the auditors, sets the
	/// issuers' caps (one privileged batch), and funds every account's fees (one batch).
	pub(super) async fn admit(&mut self) -> Result<(), String> {
		let ctx = self.ctx.clone();
		let mut admissions = Vec::new();
		let mut who: Vec<(String, u128, String)> = self
			.sc
			.participants
			.iter()
			.map(|p| {
				let roles: Vec<String> = p.roles.iter().map(|r| r.get_ref().clone()).collect();
				(p.name.get_ref().clone(), role_bits(&roles), p.jurisdiction.get_ref().clone())
			})
			.collect();
		for a in &self.agents {
			let pop = &self.sc.agents[a.population];
			who.push((
				a.name.clone(),
				role_bits(&["Agent".into()]),
				pop.jurisdiction.get_ref().clone(),
			));
		}
		// Who is admitted already (a second run on the same chain), asked all at once.
		let known =
			join_all(who.iter().map(|(name, _, _)| {
				ctx.wallet.read("rwa_participant", json!([ss58(ctx.key(name))]))
			}))
			.await;
		let mut fees = Vec::new();
		for ((name, roles, code), known) in who.iter().zip(known) {
			if known.is_some() {
				continue;
			}
			let k = ctx.key(name);
			admissions.push(runtime_call(
				"Participants",
				"admit",
				vec![
					("who", account(k)),
					("roles", Value::unnamed_composite([Value::u128(*roles)])),
					("jurisdiction", jurisdiction(code.as_bytes())),
					("kyc_expiry", Value::u128(KYC_EXPIRY)),
				],
			));
			fees.push(runtime_call(
				"Balances",
				"transfer_keep_alive",
				vec![
					("dest", Value::unnamed_variant("Id", [account(k)])),
					("value", Value::u128(FEE_FUNDS)),
				],
			));
		}
		let mut trusted = std::collections::BTreeSet::new();
		for a in &self.sc.assets {
			let class =
				if a.kind == AssetKind::Compute { "ComputeCapacity" } else { "PowerCapacity" };
			if trusted.insert((class, a.auditor.get_ref().clone())) {
				admissions.push(runtime_call(
					"Compliance",
					"add_trusted_auditor",
					vec![
						("class", variant(class)),
						("auditor", account(ctx.key(a.auditor.get_ref()))),
					],
				));
			}
		}
		for i in &self.sc.issuers {
			admissions.push(runtime_call(
				"StableValue",
				"set_issuer_cap",
				vec![
					("issuer", account(ctx.key(i.name.get_ref()))),
					("cap", Value::u128(stable(i.cap))),
				],
			));
		}
		let count = admissions.len();
		// Value may only go to admitted accounts: admission first, then the fees.
		let admitted = ctx.wallet.govern_batch(admissions, &ctx.authority).await;
		ctx.record(
			-1,
			"setup",
			"admit",
			"operator",
			format!("{count} admissions and settings"),
			&admitted,
			0,
		);
		expect_ok("admit participants", &admitted)?;
		let n = fees.len();
		let funded = ctx.wallet.batch(fees, &ctx.authority.0).await;
		ctx.record(-1, "setup", "fund fees", "operator", format!("{n} accounts"), &funded, 0);
		expect_ok("fund fees", &funded)?;
		Ok(())
	}

	/// Registers every asset (one batch per owner), allocates power, has the auditors attest
	/// and the owners activate, and binds the metering operators.
	pub(super) async fn assets(&mut self) -> Result<(), String> {
		let ctx = self.ctx.clone();
		let mut by_owner: BTreeMap<String, Vec<usize>> = BTreeMap::new();
		for (i, a) in self.sc.assets.iter().enumerate() {
			by_owner.entry(a.owner.get_ref().clone()).or_default().push(i);
		}
		let registrations = by_owner.iter().map(|(owner, list)| {
			let calls = list
				.iter()
				.map(|i| {
					let a = &self.sc.assets[*i];
					match a.kind {
						AssetKind::Compute => runtime_call(
							"ComputeAssets",
							"register_compute",
							vec![
								("gpu_model", bytes(a.gpu_model.as_deref().unwrap_or_default())),
								("gpu_count", Value::u128(a.gpu_count.unwrap_or_default().into())),
								(
									"gpu_hours_per_epoch",
									Value::u128(a.gpu_hours_per_epoch.unwrap_or_default().into()),
								),
								("site", bytes(&a.site)),
								("jurisdiction", jurisdiction(a.jurisdiction.get_ref().as_bytes())),
							],
						),
						AssetKind::Power => runtime_call(
							"ComputeAssets",
							"register_power",
							vec![
								(
									"capacity_kw",
									Value::u128(a.capacity_kw.unwrap_or_default().into()),
								),
								(
									"expected_kwh_per_epoch",
									Value::u128(
										a.expected_kwh_per_epoch.unwrap_or_default().into(),
									),
								),
								(
									"source",
									variant(a.source.as_ref().map_or("GridMix", |s| s.get_ref())),
								),
								(
									"grid_region",
									bytes(a.grid_region.as_deref().unwrap_or_default()),
								),
								("site", bytes(&a.site)),
								("jurisdiction", jurisdiction(a.jurisdiction.get_ref().as_bytes())),
							],
						),
					}
				})
				.collect();
			let ctx = ctx.clone();
			async move { (owner.clone(), list.clone(), ctx.wallet.batch(calls, ctx.key(owner)).await) }
		});
		for (owner, list, outcome) in join_all(registrations).await {
			ctx.record(
				-1,
				"setup",
				"register assets",
				&owner,
				format!("{} assets", list.len()),
				&outcome,
				0,
			);
			expect_ok("register assets", &outcome)?;
			let ids: Vec<u32> = outcome
				.events
				.iter()
				.filter(|(p, e, _)| p == "ComputeAssets" && e.ends_with("AssetRegistered"))
				.map(|(_, _, f)| amount(&f["asset"]) as u32)
				.collect();
			let mut rec = ctx.rec.lock().unwrap();
			for (i, id) in list.iter().zip(ids) {
				rec.assets.insert(self.sc.assets[*i].name.get_ref().clone(), id);
			}
		}
		// Attestations, by each asset's auditor.
		let mut auditor_calls: BTreeMap<String, Vec<Value>> = BTreeMap::new();
		for a in &self.sc.assets {
			let id = ctx.asset_id(a.name.get_ref()).ok_or("an asset without an id")?;
			let attributes: &[&str] = match a.kind {
				AssetKind::Compute => &["Capacity", "Location"],
				AssetKind::Power => &["Capacity", "Location", "EnergySource"],
			};
			for attribute in attributes {
				auditor_calls.entry(a.auditor.get_ref().clone()).or_default().push(runtime_call(
					"ComputeAssets",
					"attest",
					vec![
						("asset", Value::u128(id.into())),
						("attribute", variant(attribute)),
						("value", Value::from_bytes([7u8; 32])),
						("expires_at", Value::u128(KYC_EXPIRY)),
					],
				));
			}
		}
		self.batches("attest assets", auditor_calls).await?;
		let mut activations: BTreeMap<String, Vec<Value>> = BTreeMap::new();
		for a in &self.sc.assets {
			let id = ctx.asset_id(a.name.get_ref()).ok_or("an asset without an id")?;
			activations.entry(a.owner.get_ref().clone()).or_default().push(runtime_call(
				"ComputeAssets",
				"activate",
				vec![("asset", Value::u128(id.into()))],
			));
		}
		self.batches("activate assets", activations).await?;
		// Power allocations once the plants are Active, by the compute asset's owner (who owns
		// both here, so no acceptance is needed).
		let mut owner_calls: BTreeMap<String, Vec<Value>> = BTreeMap::new();
		for a in &self.sc.assets {
			for link in &a.power {
				let (Some(power), Some(compute)) =
					(ctx.asset_id(link.asset.get_ref()), ctx.asset_id(a.name.get_ref()))
				else {
					continue;
				};
				owner_calls.entry(a.owner.get_ref().clone()).or_default().push(runtime_call(
					"ComputeAssets",
					"allocate_power",
					vec![
						("power", Value::u128(power.into())),
						("compute", Value::u128(compute.into())),
						("kw", Value::u128(link.kw.into())),
					],
				));
			}
		}
		// The plants' tariffs, proposed by their owners in the same batch.
		for a in &self.sc.assets {
			let (Some(tariff), Some(power)) = (&a.tariff, ctx.asset_id(a.name.get_ref())) else {
				continue;
			};
			owner_calls.entry(a.owner.get_ref().clone()).or_default().push(runtime_call(
				"Energy",
				"propose_tariff",
				vec![
					("power", Value::u128(power.into())),
					("currency", bytes("EURD")),
					("price_per_kwh", Value::u128(stable(*tariff.get_ref()))),
					("valid_from", none()),
				],
			));
		}
		self.batches("allocate power, propose tariffs", owner_calls).await?;
		// Each plant's auditor (trusted for power capacity) attests its tariff.
		let mut attestations: BTreeMap<String, Vec<Value>> = BTreeMap::new();
		for a in self.sc.assets.iter().filter(|a| a.tariff.is_some()) {
			let power = ctx.asset_id(a.name.get_ref()).ok_or("an asset without an id")?;
			attestations.entry(a.auditor.get_ref().clone()).or_default().push(runtime_call(
				"Energy",
				"attest_tariff",
				vec![("power", Value::u128(power.into())), ("index", Value::u128(0))],
			));
		}
		self.batches("attest tariffs", attestations).await
	}

	/// Each compute asset's owner registers the models it serves there (one batch), then
	/// publishes their price cards (another: the cards name the models' ids).
	pub(super) async fn models(&mut self) -> Result<(), String> {
		let ctx = self.ctx.clone();
		let owner_of = |asset: &str| {
			self.sc.assets.iter().find(|a| a.name.get_ref() == asset).map(|a| a.owner.get_ref())
		};
		let mut by_owner: BTreeMap<String, Vec<usize>> = BTreeMap::new();
		for (i, m) in self.sc.models.iter().enumerate() {
			let owner = owner_of(m.asset.get_ref()).ok_or("a model on an unknown asset")?;
			by_owner.entry(owner.clone()).or_default().push(i);
		}
		let registrations = by_owner.iter().map(|(owner, list)| {
			let calls: Vec<Value> = list
				.iter()
				.map(|i| {
					let m = &self.sc.models[*i];
					let asset = ctx.asset_id(m.asset.get_ref()).unwrap_or_default();
					runtime_call(
						"Pricing",
						"register_model",
						vec![
							("asset", Value::u128(asset.into())),
							("name", bytes(m.name.get_ref())),
							("version", bytes(&m.version)),
							("tier", variant(m.tier.get_ref())),
						],
					)
				})
				.collect();
			let ctx = ctx.clone();
			async move { (owner.clone(), list.clone(), ctx.wallet.batch(calls, ctx.key(owner)).await) }
		});
		let mut cards: BTreeMap<String, Vec<Value>> = BTreeMap::new();
		for (owner, list, outcome) in join_all(registrations).await {
			let detail = format!("{} models", list.len());
			ctx.record(-1, "setup", "register models", &owner, detail, &outcome, 0);
			expect_ok("register models", &outcome)?;
			let ids: Vec<u32> = outcome
				.events
				.iter()
				.filter(|(p, e, _)| p == "Pricing" && e == "ModelRegistered")
				.map(|(_, _, f)| amount(&f["model"]) as u32)
				.collect();
			for (i, id) in list.iter().zip(ids) {
				let m = &self.sc.models[*i];
				ctx.rec.lock().unwrap().models.insert(m.name.get_ref().clone(), id);
				let prices = m.prices.iter().map(|p| {
					Value::named_composite([
						("modality", variant(p.modality.get_ref())),
						("input_per_million", Value::u128(stable(p.input))),
						("output_per_million", Value::u128(stable(p.output))),
					])
				});
				cards.entry(owner.clone()).or_default().push(runtime_call(
					"Pricing",
					"publish_card",
					vec![
						("model", Value::u128(id.into())),
						("currency", bytes("EURD")),
						("prices", Value::unnamed_composite(prices)),
						("valid_from", none()),
					],
				));
			}
		}
		self.batches("publish price cards", cards).await
	}

	/// Asset owners bind their metering operators.
	pub(super) async fn bind_meters(&self) -> Result<(), String> {
		let ctx = &self.ctx;
		let mut bindings: BTreeMap<String, Vec<Value>> = BTreeMap::new();
		for m in &self.sc.metering {
			let a = self.sc.assets.iter().find(|a| a.name.get_ref() == m.asset.get_ref()).unwrap();
			let id = ctx.asset_id(m.asset.get_ref()).ok_or("an asset without an id")?;
			let operators = m.operators.iter().map(|o| account(ctx.key(o.get_ref())));
			bindings.entry(a.owner.get_ref().clone()).or_default().push(runtime_call(
				"Metering",
				"bind_operators",
				vec![
					("asset", Value::u128(id.into())),
					("operators", Value::unnamed_composite(operators)),
					("quorum", Value::u128(m.quorum.into())),
				],
			));
		}
		self.batches("bind metering operators", bindings).await
	}

	/// One `Utility.batch_all` per signer, all at once; any failure stops the setup.
	pub(super) async fn batches(
		&self,
		step: &str,
		calls: BTreeMap<String, Vec<Value>>,
	) -> Result<(), String> {
		let ctx = &self.ctx;
		let runs = calls.into_iter().map(|(who, calls)| async move {
			let n = calls.len();
			let outcome = ctx.wallet.batch(calls, ctx.key(&who)).await;
			ctx.record(-1, "setup", step, &who, format!("{n} calls"), &outcome, 0);
			outcome
		});
		for outcome in join_all(runs).await {
			expect_ok(step, &outcome)?;
		}
		Ok(())
	}

	/// Each issuer mints what its fundings and agent populations need and sends it.
	pub(super) async fn stable_value(&self) -> Result<(), String> {
		let mut sends: BTreeMap<String, Vec<(String, u128)>> = BTreeMap::new();
		for f in &self.sc.funding {
			sends
				.entry(f.from.get_ref().clone())
				.or_default()
				.push((f.to.get_ref().clone(), stable(f.amount)));
		}
		for a in &self.agents {
			let pop = &self.sc.agents[a.population];
			sends
				.entry(pop.issuer.get_ref().clone())
				.or_default()
				.push((a.name.clone(), stable(pop.funding)));
		}
		let ctx = &self.ctx;
		let runs = sends.into_iter().map(|(issuer, list)| async move {
			let total: u128 = list.iter().map(|(_, a)| a).sum();
			let mint = runtime_call(
				"StableValue",
				"mint",
				vec![
					("amount", Value::u128(total)),
					("reserve_proof", Value::from_bytes([1u8; 32])),
				],
			);
			let mut calls = vec![mint];
			calls.extend(list.iter().map(|(to, a)| {
				runtime_call(
					"StableValue",
					"transfer",
					vec![("to", account(ctx.key(to))), ("amount", Value::u128(*a))],
				)
			}));
			let outcome = ctx.wallet.batch(calls, ctx.key(&issuer)).await;
			let detail =
				format!("minted {} EURD and sent it to {} accounts", eurd(total), list.len());
			ctx.record(-1, "setup", "issue stable value", &issuer, detail, &outcome, 0);
			outcome
		});
		for outcome in join_all(runs).await {
			expect_ok("issue stable value", &outcome)?;
		}
		Ok(())
	}

	pub(super) fn terms(&self, pop: &AgentPopulation) -> Value {
		let m = &pop.mandate;
		let payees: Vec<Value> = if m.providers_only {
			pop.providers.iter().map(|p| account(self.ctx.key(p.get_ref()))).collect()
		} else {
			Vec::new()
		};
		Value::named_composite([
			("per_payment", Value::u128(stable(m.per_payment))),
			("per_period", Value::u128(stable(m.per_period))),
			("period", Value::u128(m.period_blocks.into())),
			("total_cap", Value::u128(stable(m.total_cap))),
			("payees", Value::unnamed_composite(payees)),
			("classes", Value::unnamed_composite([])),
			("expires_at", Value::u128(KYC_EXPIRY)),
			(
				"approval_threshold",
				m.approval_threshold.map_or_else(none, |t| some(Value::u128(stable(t)))),
			),
			(
				"velocity",
				m.velocity.as_ref().map_or_else(none, |v| {
					some(Value::named_composite([
						("max_payments", Value::u128(v.max_payments.into())),
						("window", Value::u128(v.window_blocks.into())),
					]))
				}),
			),
			("size", none()),
		])
	}

	/// Principals grant their agents' mandates (a batch each).
	pub(super) async fn grant_mandates(&self) -> Result<(), String> {
		let mut grants: BTreeMap<String, Vec<Value>> = BTreeMap::new();
		for a in &self.agents {
			let pop = &self.sc.agents[a.population];
			grants.entry(pop.principal.get_ref().clone()).or_default().push(runtime_call(
				"Mandates",
				"grant_mandate",
				vec![("agent", account(&a.key)), ("terms", self.terms(pop))],
			));
		}
		self.batches("grant mandates", grants).await
	}

	/// Every agent opens its channel to its provider.
	pub(super) async fn open_channels(&mut self) -> Result<(), String> {
		let ctx = &self.ctx;
		let opens = self.agents.iter().map(|a| {
			let deposit = stable(self.sc.agents[a.population].deposit);
			let provider = a.provider.clone();
			async move {
				let args = vec![account(ctx.key(&provider)), Value::u128(deposit)];
				let outcome = ctx
					.wallet
					.submit_wait("Channels", "open_channel", args, &a.key, Wait::InBlock)
					.await;
				let detail = format!("to {provider}, deposit {}", eurd(deposit));
				ctx.record(-1, "setup", "open channel", &a.name, detail, &outcome, 0);
				(outcome, deposit)
			}
		});
		let results = join_all(opens).await;
		for (a, (outcome, deposit)) in self.agents.iter_mut().zip(results) {
			expect_ok("open channels", &outcome)?;
			let id = outcome.event("Channels", "ChannelOpened").map(|f| amount(&f["id"]) as u64);
			a.channel = id;
			a.deposit = deposit;
			if let Some(id) = id {
				ctx.rec.lock().unwrap().channels.insert(id, (a.name.clone(), a.provider.clone()));
			}
		}
		Ok(())
	}
}
