//! Market activity: orders, DvP instructions, conditional payments, and the explanation of
//! what compliance blocked.

use super::*;

impl Runner {
	/// Market actions due by now whose claims exist.
	pub(super) fn market(&mut self, tick: u32) {
		let mut waiting = Vec::new();
		for i in std::mem::take(&mut self.market_due) {
			let action = &self.sc.market[i];
			if action.at_block() > tick {
				waiting.push(i);
				continue;
			}
			let ctx = self.ctx.clone();
			let owner_of = |asset: &str| {
				self.sc
					.assets
					.iter()
					.find(|a| a.name.get_ref() == asset)
					.unwrap()
					.owner
					.get_ref()
					.clone()
			};
			match action {
				MarketAction::Order { who, side, claims, price, amount: units, .. } => {
					let Some(class) = ctx.class_of(&claims.asset, claims.epoch) else {
						waiting.push(i);
						continue;
					};
					let (who, side, price, units) =
						(who.clone(), *side, stable(*price), *units as u128);
					let seller = owner_of(&claims.asset);
					let asset = claims.asset.clone();
					self.tasks.push(tokio::spawn(async move {
						let side_name = if side == Side::Buy { "Buy" } else { "Sell" };
						let args = vec![
							Value::u128(class.into()),
							variant(side_name),
							Value::u128(price),
							Value::u128(units),
							none(),
							// Matches against up to this many resting orders.
							Value::u128(MAX_FILLS.into()),
						];
						let detail = format!(
							"{side_name} {units} claims of {asset} (class {class}) at {} EURD",
							eurd(price)
						);
						let (outcome, action) = ctx
							.act(
								tick.into(),
								"market",
								"order",
								&who,
								detail,
								"Settlement",
								"place_order",
								args,
								|o| {
									o.events
										.iter()
										.filter(|(p, e, _)| p == "Settlement" && e == "Trade")
										.map(|(_, _, f)| amount(&f["price"]) * amount(&f["amount"]))
										.sum()
								},
							)
							.await;
						let rejected = outcome.event("Settlement", "FillRejected").cloned();
						if !outcome.ok() || rejected.is_some() {
							// The other party of a rejected fill owns the resting (maker) order;
							// a refused order is explained against the asset's owner as seller.
							let maker = match &rejected {
								Some(r) => order_owner(&ctx, &r["maker_order"]).await,
								None => None,
							};
							let (seller, buyer) = match side {
								Side::Buy => (maker.unwrap_or(seller), who.clone()),
								Side::Sell => (who.clone(), maker.unwrap_or_default()),
							};
							let at = (action, outcome.block);
							explain_block(&ctx, class, &seller, &buyer, units, at, rejected).await;
						}
					}));
				}
				MarketAction::Instruction {
					seller, buyer, claims, amount: units, price, ..
				} => {
					let Some(class) = ctx.class_of(&claims.asset, claims.epoch) else {
						waiting.push(i);
						continue;
					};
					let (seller, buyer, units, pay) = (
						seller.clone(),
						buyer.clone(),
						*units as u128,
						stable(*price) * *units as u128,
					);
					let asset = claims.asset.clone();
					self.tasks.push(tokio::spawn(instruction(
						ctx, tick, class, asset, seller, buyer, units, pay,
					)));
				}
				MarketAction::Conditional {
					payer,
					payee,
					amount: value,
					asset,
					epoch,
					tokens_out_at_least,
					..
				} => {
					let Some(asset_id) = ctx.asset_id(asset) else { continue };
					let (payer, payee, value, epoch, level) = (
						payer.clone(),
						payee.clone(),
						stable(*value),
						*epoch,
						*tokens_out_at_least,
					);
					let first_epoch = self
						.metering
						.iter()
						.find(|m| self.sc.metering[m.entry].asset.get_ref() == asset)
						.map_or(0, |m| m.epoch);
					let chain_epoch = first_epoch + epoch;
					let asset = asset.clone();
					let end = self.end_block;
					self.tasks.push(tokio::spawn(conditional(
						ctx,
						tick,
						(payer, payee, value),
						(asset, asset_id, chain_epoch, level),
						end,
					)));
				}
			}
		}
		self.market_due = waiting;
	}
}

/// A payment held until an asset's metered output of an epoch reaches a level: the payer
/// creates it, and the payee releases it once the chain says the condition holds (the
/// report is final), or it stays pending when the timeline ends first.
async fn conditional(
	ctx: Ctx,
	tick: u32,
	(payer, payee, value): (String, String, u128),
	(asset, asset_id, epoch, level): (String, u32, u32, u64),
	end_block: u64,
) {
	let condition = Value::named_variant(
		"MeteredOutputAtLeast",
		[
			("asset", Value::u128(asset_id.into())),
			("epoch", Value::u128(epoch.into())),
			("tokens_out", Value::u128(level.into())),
		],
	);
	let args =
		vec![account(ctx.key(&payee)), Value::u128(value), condition, Value::u128(KYC_EXPIRY)];
	let detail = format!(
		"{} EURD to {payee} once {asset} epoch {epoch} metered {level} tokens",
		eurd(value)
	);
	let (created, _) = ctx
		.act(
			tick.into(),
			"market",
			"conditional payment",
			&payer,
			detail.clone(),
			"Settlement",
			"create_conditional",
			args,
			|_| 0,
		)
		.await;
	let Some(id) = created.event("Settlement", "ConditionalCreated").map(|f| amount(&f["id"]))
	else {
		return;
	};
	loop {
		let view = ctx.wallet.read("rwa_conditional", json!([id])).await;
		if view.as_ref().is_some_and(|v| v["conditionMet"] == true) {
			break;
		}
		if ctx.wallet.heights().await.0 >= end_block {
			ctx.note(end_block, format!("conditional payment {id} still pending: {detail}"));
			return;
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
	let released = |o: &Outcome| if o.ok() { value } else { 0 };
	ctx.act(
		tick.into(),
		"market",
		"release conditional payment",
		&payee,
		format!("payment {id}: {detail}"),
		"Settlement",
		"release_conditional",
		vec![Value::u128(id)],
		released,
	)
	.await;
}

/// A two-leg DvP instruction: the seller creates it (it affirms its own leg), the buyer
/// affirms and, settling on affirmation, the chain executes both legs at once.
#[allow(clippy::too_many_arguments)]
async fn instruction(
	ctx: Ctx,
	tick: u32,
	class: u32,
	asset: String,
	seller: String,
	buyer: String,
	units: u128,
	pay: u128,
) {
	let leg = |from: &str, to: &str, asset: Value, amount: u128| {
		Value::named_composite([
			("from", account(ctx.key(from))),
			("to", account(ctx.key(to))),
			("asset", asset),
			("amount", Value::u128(amount)),
		])
	};
	let legs = Value::unnamed_composite([
		leg(&seller, &buyer, Value::unnamed_variant("Claim", [Value::u128(class.into())]), units),
		leg(&buyer, &seller, variant("StableValue"), pay),
	]);
	let best = ctx.wallet.heights().await.0;
	let args = vec![legs, variant("OnAffirmation"), Value::u128((best + 200).into())];
	let detail = format!(
		"{units} claims of {asset} (class {class}) from {seller} to {buyer} for {} EURD",
		eurd(pay)
	);
	let (created, action) = ctx
		.act(
			tick.into(),
			"market",
			"instruction",
			&seller,
			detail.clone(),
			"Settlement",
			"create_instruction",
			args,
			|_| 0,
		)
		.await;
	let Some(id) = created.event("Settlement", "InstructionCreated").map(|f| amount(&f["id"]))
	else {
		let at = (action, created.block);
		explain_block(&ctx, class, &seller, &buyer, units, at, None).await;
		return;
	};
	for party in [&seller, &buyer] {
		let args = vec![Value::u128(id), Value::u128(2)];
		let settled = |o: &Outcome| {
			if o.event("Settlement", "InstructionSettled").is_some() {
				pay
			} else {
				0
			}
		};
		let (outcome, action) = ctx
			.act(
				tick.into(),
				"market",
				"affirm instruction",
				party,
				format!("instruction {id}: {detail}"),
				"Settlement",
				"affirm_instruction",
				args,
				settled,
			)
			.await;
		if outcome.error.as_deref().is_some_and(|e| e.contains("AlreadyAffirmed")) {
			continue;
		}
		let failed = outcome.event("Settlement", "InstructionFailed").cloned();
		if !outcome.ok() || failed.is_some() {
			let at = (action, outcome.block);
			explain_block(&ctx, class, &seller, &buyer, units, at, failed).await;
			return;
		}
	}
}

/// The scenario name of an order's owner, read from the chain.
async fn order_owner(ctx: &Ctx, id: &Json) -> Option<String> {
	let order = ctx.wallet.read("rwa_order", json!([id])).await?;
	Some(ctx.rec.lock().unwrap().name_of(order["owner"].as_str()?))
}

/// Records, on `action`, why a transfer of claims from `seller` to `buyer` was refused: the chain's own
/// compliance dry run (`rwa_transferReport`) names the check that fails.
async fn explain_block(
	ctx: &Ctx,
	class: u32,
	seller: &str,
	buyer: &str,
	units: u128,
	(action, block): (usize, Option<u64>),
	event: Option<Json>,
) {
	if buyer.is_empty() || !ctx.keys.contains_key(buyer) || !ctx.keys.contains_key(seller) {
		return;
	}
	let (from, to) = (ss58(ctx.key(seller)), ss58(ctx.key(buyer)));
	let report = ctx
		.wallet
		.read("rwa_transferReport", json!([{ "Claim": class }, from, to, units.to_string()]))
		.await;
	let participant = ctx.wallet.read("rwa_participant", json!([to])).await;
	let buyer_jurisdiction =
		participant.as_ref().and_then(|p| p["jurisdiction"].as_str()).unwrap_or("?").to_string();
	let failing = report.as_ref().and_then(|r| {
		r["checks"].as_array().and_then(|c| c.iter().find(|c| !c["failure"].is_null()).cloned())
	});
	let mut why = match &failing {
		Some(check) => format!(
			"{buyer} (admitted in {buyer_jurisdiction}) may not receive these claims: {} fails ({})",
			describe_check(&check["check"]),
			describe(&check["failure"])
		),
		None => format!(
			"{buyer} (admitted in {buyer_jurisdiction}) passes the compliance checks of class \
			 {class} now"
		),
	};
	if let Some(e) = event.as_ref().and_then(|e| e.get("error")) {
		why.push_str(&format!("; the chain said {}", ctx.wallet.explain_json(e).await));
	}
	let mut rec = ctx.rec.lock().unwrap();
	rec.actions[action].explanation = Some(why.clone());
	rec.notes.push((block.unwrap_or_default(), format!("blocked: {why}")));
}
/// A compliance check in words: `rule 0 (the receiver must be admitted in DE, FR)`.
fn describe_check(check: &Json) -> String {
	if let Some(rule) = check.get("Rule") {
		let index = &rule["index"];
		if let Some(j) = rule["rule"].get("AllowedJurisdictions") {
			let list: Vec<&str> = j["jurisdictions"]
				.as_array()
				.into_iter()
				.flatten()
				.filter_map(Json::as_str)
				.collect();
			let party = j["party"].as_str().unwrap_or("party").to_lowercase();
			return format!("rule {index} (the {party} must be admitted in {})", list.join(", "));
		}
		return format!("rule {index} ({})", describe(&rule["rule"]));
	}
	describe(check)
}
/// An enum value as `Name(value)`.
fn describe(v: &Json) -> String {
	match v {
		Json::Object(map) if map.len() == 1 => {
			let (k, inner) = map.iter().next().unwrap();
			format!("{k}({})", describe(inner))
		}
		Json::String(s) => s.clone(),
		other => other.to_string(),
	}
}
