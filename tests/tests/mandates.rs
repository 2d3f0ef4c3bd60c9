//! Agent mandates end-to-end on a dev node: the registrar admits an AI agent, Eve (a bank)
//! funds it with EURD, Dave (its principal) grants it a mandate with a velocity rule. The
//! agent pays Bob within the mandate; the fourth payment in the window trips the rule, the
//! mandate is alerted and nothing is paid; every other path (a plain stable-value transfer)
//! is refused too; Dave reviews and resumes it, and the per-payment limit still binds.
//! Then the agent pays per token through a channel: it deposits within its mandate, signs
//! five hundred vouchers off chain, Bob claims with the latest once and closes.

use compute_ledger_e2e::{
	chain::{self, account, keypair, submit},
	scenario::{event_fields, runtime_api, tx, variant_name},
	subxt::{
		dynamic::{At, Value},
		rpcs::rpc_params,
		OnlineClient,
	},
	subxt_signer::sr25519::{dev, Keypair},
	wait_for_blocks, ChainDir, TestNode,
};

const EURD: u128 = 1_000_000;

async fn stable_free(api: &chain::Api, who: &Keypair) -> u128 {
	let b = runtime_api(api, "StableValueApi", "balance", vec![account(who)]).await;
	b.at("free").and_then(|v| v.as_u128()).unwrap()
}

async fn mandate_status(api: &chain::Api, agent: &Keypair) -> String {
	let m = runtime_api(api, "MandatesApi", "mandate", vec![account(agent)]).await;
	m.at(0).and_then(|m| m.at("status")).map(variant_name).expect("a mandate")
}

#[tokio::test(flavor = "multi_thread")]
async fn an_agent_pays_within_its_mandate_and_the_velocity_rule_stops_it() {
	let dir = ChainDir::new();
	let mut node = TestNode::dev(dir.path());
	let rpc = node.rpc().await;
	wait_for_blocks(&rpc, 2, 1, &node).await;
	let api: chain::Api = OnlineClient::from_rpc_client(rpc.clone()).await.unwrap();
	let (alice, bob, dave, eve) = (dev::alice(), dev::bob(), dev::dave(), dev::eve());
	let agent = keypair("//Dave//agent");

	// Admitted as an Agent (64), given native units for fees and 100 EURD to spend.
	let admit = vec![
		account(&agent),
		Value::unnamed_composite([Value::u128(1 << 6)]),
		Value::unnamed_composite([Value::from_bytes(b"DE")]),
		Value::u128(1_000_000),
	];
	tx(&api, "Participants", "admit", admit, &alice).await;
	let fees =
		vec![Value::unnamed_variant("Id", [account(&agent)]), Value::u128(1_000_000_000_000_000)];
	tx(&api, "Balances", "transfer_keep_alive", fees, &alice).await;
	tx(
		&api,
		"StableValue",
		"mint",
		vec![Value::u128(100 * EURD), Value::from_bytes([1u8; 32])],
		&eve,
	)
	.await;
	tx(&api, "StableValue", "transfer", vec![account(&agent), Value::u128(100 * EURD)], &eve).await;

	// Before any mandate the agent cannot spend at all.
	let send = |amount: u128| vec![account(&bob), Value::u128(amount)];
	let err =
		submit(&api, "StableValue", "transfer", send(EURD), &agent).await.expect_err("no mandate");
	assert!(err.contains("NoMandate"), "{err}");

	// Dave grants: 1 EURD a payment, 10 per 100 blocks, 50 in all, at most 3 payments in 50
	// blocks (velocity).
	let terms: Value = Value::named_composite([
		("per_payment", Value::u128(EURD)),
		("per_period", Value::u128(10 * EURD)),
		("period", Value::u128(100)),
		("total_cap", Value::u128(50 * EURD)),
		("payees", Value::unnamed_composite([])),
		("classes", Value::unnamed_composite([])),
		("expires_at", Value::u128(1_000_000)),
		("approval_threshold", Value::unnamed_variant("None", [])),
		(
			"velocity",
			Value::unnamed_variant(
				"Some",
				[Value::named_composite([
					("max_payments", Value::u128(3)),
					("window", Value::u128(50)),
				])],
			),
		),
		("size", Value::unnamed_variant("None", [])),
	]);
	tx(&api, "Mandates", "grant_mandate", vec![account(&agent), terms.clone()], &dave).await;
	assert_eq!(mandate_status(&api, &agent).await, "Active");

	let bob_before = stable_free(&api, &bob).await;
	for _ in 0..3 {
		tx(&api, "Mandates", "pay", send(EURD / 2), &agent).await;
	}
	assert_eq!(stable_free(&api, &bob).await, bob_before + 3 * EURD / 2);

	// The fourth payment within the window: alert, nothing paid.
	let events = submit(&api, "Mandates", "pay", send(EURD / 2), &agent).await.expect("pay");
	let alert = event_fields(&events, "Mandates", "MandateAlert").expect("an alert");
	assert_eq!(alert.at("rule").map(variant_name).as_deref(), Some("Velocity"), "{alert}");
	assert_eq!(mandate_status(&api, &agent).await, "Alerted");
	assert_eq!(stable_free(&api, &bob).await, bob_before + 3 * EURD / 2);
	// No other path gets around it.
	let err = submit(&api, "StableValue", "transfer", send(EURD / 2), &agent)
		.await
		.expect_err("mandate alerted");
	assert!(err.contains("MandateNotActive"), "{err}");

	// Dave reviews and resumes; the per-payment limit binds every path.
	tx(&api, "Mandates", "resume", vec![account(&agent)], &dave).await;
	let err = submit(&api, "StableValue", "transfer", send(2 * EURD), &agent)
		.await
		.expect_err("above the per-payment limit");
	assert!(err.contains("PerPaymentLimit"), "{err}");
	let view = runtime_api(&api, "MandatesApi", "mandate", vec![account(&agent)]).await;
	let spent = view.at(0).and_then(|m| m.at("spent_total")).and_then(|v| v.as_u128());
	assert_eq!(spent, Some(3 * EURD / 2), "{view}");

	// Pay per token through a channel. Dave drops the velocity rule for the pilot.
	let mut terms = terms.clone();
	if let compute_ledger_e2e::subxt::ext::scale_value::ValueDef::Composite(
		compute_ledger_e2e::subxt::ext::scale_value::Composite::Named(fields),
	) = &mut terms.value
	{
		for (name, value) in fields.iter_mut() {
			if name == "velocity" {
				*value = Value::unnamed_variant("None", []);
			}
		}
	}
	tx(&api, "Mandates", "update_mandate", vec![account(&agent), terms], &dave).await;
	let events =
		submit(&api, "Channels", "open_channel", vec![account(&bob), Value::u128(EURD)], &agent)
			.await
			.expect("the agent opens a channel");
	assert!(event_fields(&events, "Channels", "ChannelOpened").is_some());

	// Off chain: 500 requests served at 0.001 EURD each, one signed voucher per request.
	let genesis: String = rpc.request("chain_getBlockHash", rpc_params![0]).await.unwrap();
	let genesis = hex::decode(genesis.trim_start_matches("0x")).unwrap();
	let message = |cumulative: u128, nonce: u64| {
		let mut m = b"cl/voucher".to_vec();
		m.extend_from_slice(&genesis);
		m.extend_from_slice(&0u64.to_le_bytes());
		m.extend_from_slice(&cumulative.to_le_bytes());
		m.extend_from_slice(&nonce.to_le_bytes());
		m
	};
	let vouchers: Vec<(u128, u64, [u8; 64])> = (1..=500u64)
		.map(|n| {
			let cumulative = n as u128 * EURD / 1_000;
			(cumulative, n, agent.sign(&message(cumulative, n)).0)
		})
		.collect();
	// The node says the same bytes are to be signed.
	let api_message = runtime_api(
		&api,
		"ChannelsApi",
		"voucher_message",
		vec![Value::u128(0), Value::u128(EURD / 2), Value::u128(500)],
	)
	.await;
	assert_eq!(compute_ledger_e2e::scenario::bytes_of(&api_message), message(EURD / 2, 500));

	// Bob claims once with the latest voucher: paid exactly the 0.5 EURD served.
	let bob_before = stable_free(&api, &bob).await;
	let (cumulative, nonce, signature) = vouchers[499];
	let claim = |cumulative: u128, nonce: u64, signature: [u8; 64]| {
		vec![
			Value::u128(0),
			Value::u128(cumulative),
			Value::u128(nonce as u128),
			Value::unnamed_variant("Sr25519", [Value::from_bytes(signature)]),
		]
	};
	tx(&api, "Channels", "claim", claim(cumulative, nonce, signature), &bob).await;
	assert_eq!(stable_free(&api, &bob).await, bob_before + EURD / 2);
	// An older voucher pays nothing twice; a forged one is refused.
	let (c, n, s) = vouchers[10];
	let err = submit(&api, "Channels", "claim", claim(c, n, s), &bob).await.expect_err("stale");
	assert!(err.contains("StaleVoucher"), "{err}");
	let err = submit(&api, "Channels", "claim", claim(EURD, 501, signature), &bob)
		.await
		.expect_err("forged");
	assert!(err.contains("BadSignature"), "{err}");

	// Bob closes; the unspent half returns to the agent: all it owns is free again.
	let b = runtime_api(&api, "StableValueApi", "balance", vec![account(&agent)]).await;
	let agent_total = b.at("total").and_then(|v| v.as_u128()).unwrap();
	let events =
		submit(&api, "Channels", "close", vec![Value::u128(0)], &bob).await.expect("close");
	let closed = event_fields(&events, "Channels", "ChannelClosed").expect("closed");
	assert_eq!(closed.at("refunded").and_then(|v| v.as_u128()), Some(EURD / 2), "{closed}");
	assert_eq!(stable_free(&api, &agent).await, agent_total);
}
