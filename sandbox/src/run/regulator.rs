//! The regulator's actions, through the operator's sudo key or the council.

use super::*;

impl Runner {
	/// The regulator's actions due by now (sudo on dev chains, else a council motion).
	pub(super) fn regulate(&mut self, tick: u32) {
		let mut waiting = Vec::new();
		for i in std::mem::take(&mut self.regulator_due) {
			let action = &self.sc.regulator[i];
			if action.at_block() > tick {
				waiting.push(i);
				continue;
			}
			let ctx = self.ctx.clone();
			let who = |n: &str| account(ctx.key(n));
			let pause_name = |c: &str| {
				let (p, f) = c.split_once('.').unwrap_or((c, ""));
				Value::unnamed_composite([bytes(p), bytes(f)])
			};
			let (call, kind, detail) = match action {
				RegulatorAction::Freeze { who: w, reason, .. } => (
					runtime_call(
						"Participants",
						"freeze",
						vec![("who", who(w)), ("reason", Value::u128((*reason).into()))],
					),
					"freeze",
					w.clone(),
				),
				RegulatorAction::Unfreeze { who: w, .. } => (
					runtime_call("Participants", "unfreeze", vec![("who", who(w))]),
					"unfreeze",
					w.clone(),
				),
				RegulatorAction::ConfirmFreeze { who: w, .. } => (
					runtime_call("Participants", "confirm_freeze", vec![("who", who(w))]),
					"confirm freeze",
					w.clone(),
				),
				RegulatorAction::EnterSafeMode { .. } => (
					runtime_call("SafeMode", "force_enter", vec![]),
					"safe mode",
					"the whole chain".to_string(),
				),
				RegulatorAction::ExitSafeMode { .. } => (
					runtime_call("SafeMode", "force_exit", vec![]),
					"lift safe mode",
					"the whole chain".to_string(),
				),
				RegulatorAction::Pause { call, .. } => (
					runtime_call("TxPause", "pause", vec![("full_name", pause_name(call))]),
					"pause",
					call.clone(),
				),
				RegulatorAction::Unpause { call, .. } => (
					runtime_call("TxPause", "unpause", vec![("ident", pause_name(call))]),
					"unpause",
					call.clone(),
				),
				RegulatorAction::SetRules { claims, receiver_jurisdictions, .. } => {
					let Some(class) = ctx.class_of(&claims.asset, claims.epoch) else {
						waiting.push(i);
						continue;
					};
					let codes: Vec<String> = receiver_jurisdictions.to_vec();
					let rule = Value::named_variant(
						"AllowedJurisdictions",
						[
							("party", variant("Receiver")),
							(
								"jurisdictions",
								Value::unnamed_composite(
									codes.iter().map(|c| jurisdiction(c.as_bytes())),
								),
							),
						],
					);
					let call = runtime_call(
						"Compliance",
						"set_rules",
						vec![
							("class", Value::unnamed_variant("Claim", [Value::u128(class.into())])),
							("rules", Value::unnamed_composite([rule])),
						],
					);
					(
						call,
						"rule change",
						format!(
							"claims of {} (class {class}) may only go to {}",
							claims.asset,
							codes.join(", ")
						),
					)
				}
				RegulatorAction::ClearRules { claims, .. } => {
					let Some(class) = ctx.class_of(&claims.asset, claims.epoch) else {
						waiting.push(i);
						continue;
					};
					(
						runtime_call(
							"Compliance",
							"clear_rules",
							vec![(
								"class",
								Value::unnamed_variant("Claim", [Value::u128(class.into())]),
							)],
						),
						"rule change",
						format!("rules of class {class} cleared"),
					)
				}
				RegulatorAction::SuspendAgent { agent, reason, .. } => (
					runtime_call(
						"Mandates",
						"regulator_suspend",
						vec![("agent", who(agent)), ("reason", Value::u128((*reason).into()))],
					),
					"suspend agent",
					agent.clone(),
				),
				RegulatorAction::ResumeAgent { agent, .. } => (
					runtime_call("Mandates", "regulator_resume", vec![("agent", who(agent))]),
					"resume agent",
					agent.clone(),
				),
			};
			self.tasks.push(tokio::spawn(async move {
				let outcome = ctx.wallet.govern(call, &ctx.authority, Wait::Finalized).await;
				ctx.record(
					tick.into(),
					"regulator",
					kind,
					"regulator",
					detail.clone(),
					&outcome,
					0,
				);
				ctx.note(
					outcome.block.unwrap_or_default(),
					format!(
						"regulator: {kind} {detail}{}",
						outcome.error.map(|e| format!(" (failed: {e})")).unwrap_or_default()
					),
				);
			}));
		}
		self.regulator_due = waiting;
	}
}
