//! Agent mandates end-to-end on a dev node: the registrar admits an AI agent, Eve (a bank)
//! funds it with EURD, Dave (its principal) grants it a mandate with a velocity rule. The
//! agent pays Bob within the mandate; the fourth payment in the window trips the rule, the
//! mandate is alerted and nothing is paid; every other path (a plain stable-value transfer)
//! is refused too; Dave reviews and resumes it, and the per-payment limit still binds.
//! Dave then requires approval above 1 EURD and approves a payment that waited for him. The
//! agent pays per token through a channel: it deposits within its mandate, signs 10_000
//! vouchers off chain with the vouchers library, Bob settles them with two claims and closes.

use compute_ledger_e2e::{
	chain::{self, account, keypair, submit},
	scenario::{event_fields, runtime_api, tx, variant_name},
	subxt::{
		dynamic::{At, Value},
		ext::scale_value::{Composite, ValueDef},
		rpcs::rpc_params,
		OnlineClient,
	},
	subxt_signer::sr25519::{dev, Keypair},
	wait_for_blocks, ChainDir, TestNode,
};
use compute_ledger_vouchers::{Voucher, VoucherBook};
use sp_core::Pair;

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

	// Dave widens the mandate for a pilot: 2 EURD a payment, approval above 1 EURD, no
	// velocity rule.
	let mut terms = terms.clone();
	if let ValueDef::Composite(Composite::Named(fields)) = &mut terms.value {
		for (name, value) in fields.iter_mut() {
			match name.as_str() {
				"per_payment" => *value = Value::u128(2 * EURD),
				"approval_threshold" => {
					*value = Value::unnamed_variant("Some", [Value::u128(EURD)])
				}
				"velocity" => *value = Value::unnamed_variant("None", []),
				_ => {}
			}
		}
	}
	tx(&api, "Mandates", "update_mandate", vec![account(&agent), terms], &dave).await;

	// A payment above the threshold waits for Dave, who approves it.
	let bob_before = stable_free(&api, &bob).await;
	let events = submit(&api, "Mandates", "pay", send(3 * EURD / 2), &agent).await.expect("queued");
	let request =
		event_fields(&events, "Mandates", "ApprovalRequested").expect("waits for approval");
	let id = request.at("id").and_then(|v| v.as_u128()).unwrap();
	let pending =
		runtime_api(&api, "MandatesApi", "pending_approvals", vec![account(&agent)]).await;
	assert!(pending.at(0).is_some(), "listed: {pending}");
	assert_eq!(stable_free(&api, &bob).await, bob_before, "nothing paid before approval");
	tx(&api, "Mandates", "approve_payment", vec![Value::u128(id)], &dave).await;
	assert_eq!(stable_free(&api, &bob).await, bob_before + 3 * EURD / 2);

	// Pay per token through a channel: a 1 EURD deposit, held within the mandate.
	let events =
		submit(&api, "Channels", "open_channel", vec![account(&bob), Value::u128(EURD)], &agent)
			.await
			.expect("the agent opens a channel");
	assert!(event_fields(&events, "Channels", "ChannelOpened").is_some());

	// Off chain: 10_000 requests served at 0.0001 EURD each, one signed voucher per request;
	// Bob's voucher book checks each as it arrives and keeps the latest.
	let genesis: String = rpc.request("chain_getBlockHash", rpc_params![0]).await.unwrap();
	let genesis: [u8; 32] =
		hex::decode(genesis.trim_start_matches("0x")).unwrap().try_into().unwrap();
	let signer = sp_core::sr25519::Pair::from_string("//Dave//agent", None).unwrap();
	assert_eq!(signer.public().0, agent.public_key().0, "the same key as the agent's account");
	let mut book = VoucherBook::new(0, agent.public_key().0, genesis);
	let mut claims = Vec::new();
	for n in 1..=10_000u64 {
		let voucher = Voucher { channel: 0, cumulative: n as u128 * EURD / 10_000, nonce: n };
		book.accept(voucher, voucher.sign(&signer, genesis)).expect("a valid voucher");
		if n % 5_000 == 0 {
			claims.push(book.latest().unwrap());
		}
	}
	// The node expects exactly the bytes the library signs.
	let (last, _) = book.latest().unwrap();
	let api_message = runtime_api(
		&api,
		"ChannelsApi",
		"voucher_message",
		vec![Value::u128(0), Value::u128(last.cumulative), Value::u128(last.nonce as u128)],
	)
	.await;
	assert_eq!(compute_ledger_e2e::scenario::bytes_of(&api_message), last.message(genesis));

	// Two claims settle the 10_000 vouchers: Bob receives exactly the last cumulative amount.
	let bob_before = stable_free(&api, &bob).await;
	let claim = |v: Voucher, signature: [u8; 64]| {
		vec![
			Value::u128(0),
			Value::u128(v.cumulative),
			Value::u128(v.nonce as u128),
			Value::unnamed_variant("Sr25519", [Value::from_bytes(signature)]),
		]
	};
	for (voucher, signature) in &claims {
		tx(&api, "Channels", "claim", claim(*voucher, *signature), &bob).await;
	}
	assert_eq!(stable_free(&api, &bob).await, bob_before + EURD);
	// The first voucher again pays nothing twice; a voucher the agent never signed is refused.
	let (first, first_sig) = claims[0];
	let err =
		submit(&api, "Channels", "claim", claim(first, first_sig), &bob).await.expect_err("stale");
	assert!(err.contains("StaleVoucher"), "{err}");
	let forged = Voucher { channel: 0, cumulative: EURD, nonce: 10_001 };
	let err = submit(&api, "Channels", "claim", claim(forged, first_sig), &bob)
		.await
		.expect_err("forged");
	assert!(err.contains("BadSignature"), "{err}");

	// Bob closes; nothing is left to refund and the deposit's hold is gone.
	let events =
		submit(&api, "Channels", "close", vec![Value::u128(0)], &bob).await.expect("close");
	let closed = event_fields(&events, "Channels", "ChannelClosed").expect("closed");
	assert_eq!(closed.at("paid").and_then(|v| v.as_u128()), Some(EURD), "{closed}");
	assert_eq!(closed.at("refunded").and_then(|v| v.as_u128()), Some(0), "{closed}");
	let b = runtime_api(&api, "StableValueApi", "balance", vec![account(&agent)]).await;
	assert_eq!(b.at("held").and_then(|v| v.as_u128()), Some(0), "{b}");
}
