//! Stable value and settlement end-to-end on a dev node: Eve (a bank) mints EURD against a
//! reserve attestation and pays Dave; Bob's cluster meters a Final epoch and Bob mints claims;
//! Bob and Dave trade through the order book and through an instruction (delivery versus
//! payment, with the dry run first), and Dave pays Bob conditionally on the metered output.
//! Balances, events and the `StableValueApi` / `SettlementApi` answers are checked at each
//! step, as a wallet would see them.

use compute_ledger_e2e::{
	chain::{self, account, submit},
	scenario::{
		active_cluster_with_solar, event_fields, final_epoch, runtime_api, tx, variant,
		variant_name,
	},
	subxt::{
		dynamic::{At, Value},
		OnlineClient,
	},
	subxt_signer::sr25519::{dev, Keypair},
	wait_for_blocks, ChainDir, TestNode,
};

/// One EURD in its smallest unit (6 decimals on the dev chain).
const EURD: u128 = 1_000_000;

async fn stable(api: &chain::Api, who: &Keypair) -> (u128, u128, u128) {
	let b = runtime_api(api, "StableValueApi", "balance", vec![account(who)]).await;
	let f = |name| b.at(name).and_then(|v| v.as_u128()).unwrap();
	(f("free"), f("held"), f("frozen"))
}

async fn claims(api: &chain::Api, who: &Keypair) -> u128 {
	let args = vec![Value::u128(0), account(who)];
	runtime_api(api, "ClaimsApi", "claims_balance", args).await.as_u128().unwrap()
}

async fn block_number(api: &chain::Api) -> u128 {
	api.at_current_block().await.unwrap().block_number() as u128
}

#[tokio::test(flavor = "multi_thread")]
async fn issue_stable_value_and_settle_trades_against_claims() {
	let dir = ChainDir::new();
	let mut node = TestNode::dev(dir.path());
	let rpc = node.rpc().await;
	wait_for_blocks(&rpc, 2, 1, &node).await;
	let api: chain::Api = OnlineClient::from_rpc_client(rpc.clone()).await.unwrap();
	let (bob, dave, eve) = (dev::bob(), dev::dave(), dev::eve());

	// The currency as genesis set it; Eve is an issuer with a cap.
	let currency = runtime_api(&api, "StableValueApi", "currency", vec![]).await;
	assert_eq!(currency.at("decimals").and_then(|v| v.as_u128()), Some(6), "{currency}");
	let issuer = runtime_api(&api, "StableValueApi", "issuer", vec![account(&eve)]).await;
	assert!(issuer.at(0).is_some(), "Eve is an issuer: {issuer}");

	// Eve mints 10_000 EURD against a reserve attestation and pays Dave 5_000.
	let mint = vec![Value::u128(10_000 * EURD), Value::from_bytes([3u8; 32])];
	let events = submit(&api, "StableValue", "mint", mint, &eve).await.expect("Eve mints");
	let minted = event_fields(&events, "StableValue", "Minted").expect("a Minted event");
	assert_eq!(minted.at("amount").and_then(|v| v.as_u128()), Some(10_000 * EURD));
	tx(&api, "StableValue", "transfer", vec![account(&dave), Value::u128(5_000 * EURD)], &eve)
		.await;
	assert_eq!(stable(&api, &dave).await, (5_000 * EURD, 0, 0));
	// Over the cap: the named error.
	let over = vec![Value::u128(10_000_000 * EURD), Value::from_bytes([4u8; 32])];
	let err = submit(&api, "StableValue", "mint", over, &eve).await.expect_err("above the cap");
	assert!(err.contains("CapExceeded"), "{err}");

	// Claims: 9_000 units of Bob's first metered epoch (class 0).
	let epoch = active_cluster_with_solar(&api).await;
	final_epoch(&api, epoch, 9_000_000).await;
	tx(&api, "Claims", "mint", vec![Value::u128(0), Value::u128(epoch), Value::u128(9_000)], &bob)
		.await;

	// Order book: Bob asks 0.05 EURD a claim for 1_000; the book shows it, his claims locked.
	let order = |side: &str, price: u128, amount: u128, fills: u128| {
		vec![
			Value::u128(0),
			variant(side),
			Value::u128(price),
			Value::u128(amount),
			Value::unnamed_variant("None", []),
			Value::u128(fills),
		]
	};
	tx(&api, "Settlement", "place_order", order("Sell", EURD / 20, 1_000, 0), &bob).await;
	let book =
		runtime_api(&api, "SettlementApi", "order_book", vec![Value::u128(0), Value::u128(5)])
			.await;
	let best_ask = book.at("asks").and_then(|a| a.at(0)).expect("one ask");
	assert_eq!(best_ask.at("amount").and_then(|v| v.as_u128()), Some(1_000), "{book}");
	// Dave bids 0.06 for 1_000: he pays the resting 0.05, delivery versus payment.
	let events =
		submit(&api, "Settlement", "place_order", order("Buy", 6 * EURD / 100, 1_000, 4), &dave)
			.await
			.expect("Dave's bid trades");
	let trade = event_fields(&events, "Settlement", "Trade").expect("a Trade event");
	assert_eq!(trade.at("price").and_then(|v| v.as_u128()), Some(EURD / 20), "{trade}");
	assert_eq!(claims(&api, &dave).await, 1_000);
	assert_eq!(stable(&api, &dave).await, (4_950 * EURD, 0, 0));
	assert_eq!(stable(&api, &bob).await.0, 50 * EURD);

	// Instruction: Bob delivers 500 claims against 20 EURD from Dave, settling on affirmation.
	let expires = block_number(&api).await + 200;
	let leg = |from: &Keypair, to: &Keypair, asset: Value, amount: u128| {
		Value::named_composite([
			("from", account(from)),
			("to", account(to)),
			("asset", asset),
			("amount", Value::u128(amount)),
		])
	};
	let legs = Value::unnamed_composite([
		leg(&bob, &dave, Value::unnamed_variant("Claim", [Value::u128(0)]), 500),
		leg(&dave, &bob, variant("StableValue"), 20 * EURD),
	]);
	let create = vec![legs, variant("OnAffirmation"), Value::u128(expires)];
	tx(&api, "Settlement", "create_instruction", create, &bob).await;
	tx(&api, "Settlement", "affirm_instruction", vec![Value::u128(0), Value::u128(2)], &bob).await;
	// The dry run: it would settle now.
	let dry = runtime_api(&api, "SettlementApi", "would_settle", vec![Value::u128(0)]).await;
	assert_eq!(variant_name(&dry), "Ok", "{dry}");
	let events = submit(
		&api,
		"Settlement",
		"affirm_instruction",
		vec![Value::u128(0), Value::u128(2)],
		&dave,
	)
	.await
	.expect("Dave affirms");
	assert!(event_fields(&events, "Settlement", "InstructionSettled").is_some());
	let status = runtime_api(&api, "SettlementApi", "instruction", vec![Value::u128(0)]).await;
	let status = status.at(0).and_then(|i| i.at("status")).map(variant_name);
	assert_eq!(status.as_deref(), Some("Settled"));
	assert_eq!(claims(&api, &dave).await, 1_500);
	assert_eq!(stable(&api, &bob).await.0, 70 * EURD);

	// Conditional payment: Dave holds 1 EURD for Bob until that epoch is Final with ≥ 1M tokens
	// (it already is), then anyone releases it.
	let condition = Value::named_variant(
		"MeteredOutputAtLeast",
		[
			("asset", Value::u128(0)),
			("epoch", Value::u128(epoch)),
			("tokens_out", Value::u128(1_000_000)),
		],
	);
	let create = vec![account(&bob), Value::u128(EURD), condition, Value::u128(expires)];
	tx(&api, "Settlement", "create_conditional", create, &dave).await;
	assert_eq!(stable(&api, &dave).await.1, EURD, "held while the condition is checked");
	let view = runtime_api(&api, "SettlementApi", "conditional", vec![Value::u128(0)]).await;
	let met = view.at(0).and_then(|c| c.at("condition_met")).and_then(|v| v.as_bool());
	assert_eq!(met, Some(true), "{view}");
	tx(&api, "Settlement", "release_conditional", vec![Value::u128(0)], &bob).await;
	assert_eq!(stable(&api, &bob).await.0, 71 * EURD);
	assert_eq!(stable(&api, &dave).await, ((4_950 - 20 - 1) * EURD, 0, 0));

	// The compliance officer allows claim buyers from CH and DE only: Dave (SG) bids against
	// Bob's new ask; the fill is refused with the reason, nothing moves, both orders rest.
	let rule = compute_ledger_e2e::chain::runtime_call(
		"Compliance",
		"set_rules",
		vec![
			("class", Value::unnamed_variant("Claim", [Value::u128(0)])),
			(
				"rules",
				Value::unnamed_composite([Value::named_variant(
					"AllowedJurisdictions",
					[
						("party", variant("Receiver")),
						(
							"jurisdictions",
							Value::unnamed_composite([
								Value::unnamed_composite([Value::from_bytes(b"CH")]),
								Value::unnamed_composite([Value::from_bytes(b"DE")]),
							]),
						),
					],
				)]),
			),
		],
	);
	compute_ledger_e2e::chain::sudo(&api, rule, &dev::alice()).await.expect("officer sets a rule");
	tx(&api, "Settlement", "place_order", order("Sell", EURD / 20, 100, 0), &bob).await;
	let (dave_claims, bob_free) = (claims(&api, &dave).await, stable(&api, &bob).await.0);
	let events = submit(&api, "Settlement", "place_order", order("Buy", EURD / 20, 100, 4), &dave)
		.await
		.expect("the order is placed; the fill is refused");
	let rejected =
		event_fields(&events, "Settlement", "FillRejected").expect("a FillRejected event");
	let error = rejected.at("error").expect("the reason");
	let name = compute_ledger_e2e::scenario::module_error_name(&rpc, error).await;
	assert_eq!(name.as_deref(), Some("Compliance.ReceiverJurisdictionNotAllowed"), "{rejected}");
	assert!(event_fields(&events, "Settlement", "Trade").is_none());
	assert_eq!(claims(&api, &dave).await, dave_claims);
	assert_eq!(stable(&api, &bob).await.0, bob_free);
	let open = runtime_api(
		&api,
		"SettlementApi",
		"open_orders",
		vec![account(&dave), Value::u128(0), Value::u128(10)],
	)
	.await;
	assert!(open.at(0).is_some(), "Dave's bid rests: {open}");
	tx(
		&api,
		"Settlement",
		"cancel_order",
		vec![open.at(0).and_then(|o| o.at("id")).unwrap().clone()],
		&dave,
	)
	.await;

	// The regulator freezes part of Dave's stable value: a transfer above the rest fails.
	let freeze = compute_ledger_e2e::chain::runtime_call(
		"StableValue",
		"freeze_funds",
		vec![
			("who", account(&dave)),
			("amount", Value::u128(4_000 * EURD)),
			("reason", Value::u128(9)),
		],
	);
	compute_ledger_e2e::chain::sudo(&api, freeze, &dev::alice()).await.expect("regulator freezes");
	assert_eq!(stable(&api, &dave).await.2, 4_000 * EURD);
	let send = vec![account(&bob), Value::u128(1_000 * EURD)];
	let err = submit(&api, "StableValue", "transfer", send, &dave).await.expect_err("frozen");
	assert!(err.contains("FundsFrozen"), "{err}");
}
