//! The agents: usage paid by vouchers, providers settling their channels, misbehaviours
//! and the principals' responses to alerts.

use super::*;

impl Runner {
	/// Each agent's requests of this block: tokens served off chain, paid by a new voucher;
	/// an agent whose deposit runs out tops its channel up within its mandate.
	pub(super) fn usage(&mut self, tick: u32, hours: f64) {
		for i in 0..self.agents.len() {
			let pop = &self.sc.agents[self.agents[i].population];
			let req = &pop.requests;
			let agent = &mut self.agents[i];
			let Some(channel) = agent.channel else { continue };
			let lambda = req.per_hour * hours;
			let n = if lambda > 0.0 {
				Poisson::new(lambda).unwrap().sample(&mut self.rng) as u64
			} else {
				0
			};
			if n == 0 {
				continue;
			}
			let sigma = req.tokens_sigma.max(0.01);
			let mu = req.tokens_mean.max(1.0).ln() - sigma * sigma / 2.0;
			let dist = LogNormal::new(mu, sigma).unwrap();
			let tokens: u64 =
				(0..n).map(|_| dist.sample(&mut self.rng).round().max(1.0) as u64).sum();
			let cost = (tokens as f64 * req.price_per_mtok * crate::scenario::STABLE_UNIT / 1e6)
				.ceil() as u128;
			if agent.cumulative + cost > agent.deposit {
				// Top up by one deposit. The mandate may refuse it: the agent keeps signing
				// vouchers, and the provider's claims beyond the deposit are refused (recorded).
				let top_up = stable(pop.deposit).max(cost);
				agent.deposit += top_up;
				let ctx = self.ctx.clone();
				let name = agent.name.clone();
				let detail = format!("channel {channel} by {}", eurd(top_up));
				self.tasks.push(tokio::spawn(async move {
					let args = vec![Value::u128(channel.into()), Value::u128(top_up)];
					let (outcome, _) = ctx
						.act(
							tick.into(),
							"usage",
							"top up",
							&name,
							detail,
							"Channels",
							"top_up",
							args,
							|_| 0,
						)
						.await;
					if !outcome.ok() {
						ctx.note(
							outcome.block.unwrap_or_default(),
							format!(
								"{name} could not top up its channel: {}",
								outcome.error.unwrap_or_default()
							),
						);
					}
				}));
			}
			agent.cumulative += cost;
			agent.nonce += 1;
			let voucher = Voucher { channel, cumulative: agent.cumulative, nonce: agent.nonce };
			agent.unsettled = Some((voucher, voucher.sign(&agent.pair, self.ctx.genesis)));
			let mut rec = self.ctx.rec.lock().unwrap();
			let usage =
				rec.usage.entry(format!("{} -> {}", agent.name, agent.provider)).or_default();
			usage.requests += n;
			usage.tokens += tokens;
			usage.vouchers += 1;
			usage.owed = agent.cumulative;
		}
	}

	/// Providers claim the latest voucher of each of their channels every `settle_every`
	/// blocks (and at the last block).
	pub(super) fn settle(&mut self, tick: u32) {
		let last = tick + 1 == self.sc.scenario.blocks;
		for agent in &mut self.agents {
			let pop = &self.sc.agents[agent.population];
			if !(last || (tick + 1).is_multiple_of(pop.settle_every)) {
				continue;
			}
			let Some((voucher, signature)) = agent.unsettled.take() else { continue };
			// The provider may only claim what the deposit covers: a refused top-up leaves
			// the agent owing more than the channel holds, and the voucher waits.
			let ctx = self.ctx.clone();
			let provider = agent.provider.clone();
			let detail = format!(
				"channel {} of {}: {} at nonce {}",
				voucher.channel,
				agent.name,
				eurd(voucher.cumulative),
				voucher.nonce
			);
			self.tasks.push(tokio::spawn(async move {
				let args = vec![
					Value::u128(voucher.channel.into()),
					Value::u128(voucher.cumulative),
					Value::u128(voucher.nonce.into()),
					Value::unnamed_variant("Sr25519", [Value::from_bytes(signature)]),
				];
				ctx.act(
					tick.into(),
					"usage",
					"channel claim",
					&provider,
					detail,
					"Channels",
					"claim",
					args,
					|o| o.event("Channels", "Claimed").map_or(0, |f| amount(&f["amount"])),
				)
				.await;
			}));
		}
	}

	/// The misbehaviours due at this block, by the first agents of their population.
	pub(super) fn misbehave(&mut self, tick: u32) {
		for (p, pop) in self.sc.agents.iter().enumerate() {
			for m in pop.misbehaviour.iter().filter(|m| m.at_block == tick) {
				let culprits: Vec<&Agent> = self
					.agents
					.iter()
					.filter(|a| a.population == p)
					.take(m.agents as usize)
					.collect();
				for agent in culprits {
					let ctx = self.ctx.clone();
					let (name, kind, amount_each) = (agent.name.clone(), m.kind, stable(m.amount));
					let payee = match kind {
						MisbehaviourKind::UnadmittedPayee => {
							keypair(&format!("{}//unadmitted//{name}", self.sc.scenario.key_prefix))
						}
						_ => ctx.key(&agent.provider).clone(),
					};
					let payments =
						if kind == MisbehaviourKind::VelocitySpike { m.payments } else { 1 };
					let principal = pop.principal.get_ref().clone();
					let response = m.principal.as_ref().map(|r| (r.after_blocks, r.action));
					let label = match kind {
						MisbehaviourKind::VelocitySpike => "velocity spike",
						MisbehaviourKind::Overspend => "overspend",
						MisbehaviourKind::UnadmittedPayee => "pay a non-admitted payee",
					};
					let payee_name = ctx
						.rec
						.lock()
						.unwrap()
						.name_of(&subxt::utils::AccountId32(payee.public_key().0).to_string());
					self.tasks.push(tokio::spawn(async move {
						let pays = (0..payments).map(|n| {
							let ctx = ctx.clone();
							let args = vec![account(&payee), Value::u128(amount_each)];
							let detail = format!("payment {} of {payments}: {} to {payee_name}", n + 1, eurd(amount_each));
							let name = name.clone();
							async move {
								ctx.act(tick.into(), "misbehaviour", label, &name, detail, "Mandates", "pay", args, |o| {
									o.event("Mandates", "Paid").map_or(0, |f| amount(&f["amount"]))
								})
								.await
							}
						});
						let outcomes = join_all(pays).await;
						let alert = outcomes.iter().map(|(o, _)| o).find_map(|o| o.event("Mandates", "MandateAlert").map(|f| (o.block, f.clone())));
						let Some((block, fields)) = alert else { return };
						let block = block.unwrap_or_default();
						ctx.note(block, format!("the {} rule alerted {name}'s mandate and suspended it: {} not paid", fields["rule"].as_str().unwrap_or("anomaly"), eurd(amount(&fields["amount"]))));
						let Some((after, action)) = response else { return };
						wait_best(&ctx.wallet, block + after as u64).await;
						let (call, kind) = match action {
							PrincipalAction::Resume => ("resume", "resume mandate"),
							PrincipalAction::Revoke => ("revoke", "revoke mandate"),
						};
						let agent_key = ctx.key(&name).clone();
						let (outcome, _) = ctx
							.act(tick.into(), "principal", kind, &principal, format!("of {name} after reviewing the alert"), "Mandates", call, vec![account(&agent_key)], |_| 0)
							.await;
						ctx.note(outcome.block.unwrap_or_default(), format!("{principal} reviewed the alert and chose to {call} {name}'s mandate"));
					}));
				}
			}
		}
	}
}
