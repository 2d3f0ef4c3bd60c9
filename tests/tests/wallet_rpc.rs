//! A wallet's view of a whole trade, over JSON-RPC only, on a dev node.
//!
//! Rust with subxt signs and submits every step; after each one the `rwa_*` methods must
//! show what happened: participants admitted, a GPU cluster and a solar plant registered,
//! verified and activated, epoch 0 metered and Final, claims minted, EURD issued, a trade
//! through the order book and one through an instruction (with the dry run first, passing
//! and failing), an AI agent paying per token through a channel under its mandate, and Dave
//! paying by the token on a priced channel at the model's card.
//! Malformed parameters, unknown ids and out-of-range pages get the documented errors.
//!
//! Then the same chain is driven from JavaScript with @polkadot/api (tests/js): it reads the
//! domain RPC, signs and submits a claim transfer and decodes its events from metadata alone.
//! Last, every example request in docs/rpc.md is sent and must get the documented response.

use compute_ledger_e2e::{
	chain::{self, account, keypair, submit},
	rwa,
	scenario::{
		active_cluster_with_solar_tariff, batch, bytes, event_fields, final_epoch, runtime_api, tx,
		variant,
	},
	subxt::{
		dynamic::{At, Value},
		rpcs::rpc_params,
		OnlineClient,
	},
	subxt_signer::sr25519::{dev, Keypair},
	wait_for_blocks, ChainDir, TestNode,
};
use compute_ledger_vouchers::{Modality, PricedVoucher, TokenUsage, Voucher, VoucherBook};
use serde_json::{json, Value as Json};
use sp_core::{crypto::Ss58Codec, Pair};

/// One EURD in its smallest unit (6 decimals on the dev chain).
const EURD: u128 = 1_000_000;

fn ss58(who: &Keypair) -> String {
	sp_core::crypto::AccountId32::from(who.public_key().0).to_ss58check()
}

fn amount(v: u128) -> Json {
	json!(v.to_string())
}

async fn block_number(api: &chain::Api) -> u128 {
	api.at_current_block().await.unwrap().block_number() as u128
}

/// Asserts that `method(params)` fails with `code` and a message containing `text`.
async fn fails(
	rpc: &compute_ledger_e2e::subxt::rpcs::RpcClient,
	method: &str,
	params: Json,
	code: i32,
	text: &str,
) {
	match rwa::call(rpc, method, params.clone()).await {
		Err((c, message)) => {
			assert_eq!(c, code, "{method}({params}): {message}");
			assert!(message.contains(text), "{method}({params}): {message:?} lacks {text:?}");
		}
		Ok(v) => panic!("{method}({params}) should fail, got {v}"),
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wallet_follows_a_trade_from_registration_to_settlement_over_rpc() {
	let dir = ChainDir::new();
	let mut node = TestNode::dev(dir.path());
	let rpc = node.rpc().await;
	wait_for_blocks(&rpc, 2, 1, &node).await;
	let api: chain::Api = OnlineClient::from_rpc_client(rpc.clone()).await.unwrap();
	let (alice, bob, dave, eve) = (dev::alice(), dev::bob(), dev::dave(), dev::eve());
	let agent = keypair("//Dave//agent");

	// Standard RPC: metadata v15 and v16 are offered, so clients decode from metadata alone.
	let versions = runtime_api(&api, "Metadata", "metadata_versions", vec![]).await;
	let versions = format!("{versions}");
	assert!(versions.contains("15") && versions.contains("16"), "{versions}");

	// --- Participants ---------------------------------------------------------------------
	let bob_record = rwa::get(&rpc, "rwa_participant", json!([ss58(&bob)])).await;
	assert_eq!(bob_record["jurisdiction"], "DE", "{bob_record}");
	assert_eq!(bob_record["roles"], json!(["AssetOwner", "Trader"]), "{bob_record}");
	assert_eq!(bob_record["effectiveStatus"], "Active", "{bob_record}");
	let traders = rwa::get(&rpc, "rwa_participants", json!(["Trader"])).await;
	let mut names: Vec<&str> = traders["items"]
		.as_array()
		.unwrap()
		.iter()
		.map(|p| p["account"].as_str().unwrap())
		.collect();
	names.sort();
	let mut expected = [ss58(&alice), ss58(&bob), ss58(&dave), ss58(&eve)];
	expected.sort();
	assert_eq!(names, expected, "{traders}");
	// Paging: two at a time, the cursor leads to the rest and nothing repeats.
	let first = rwa::get(&rpc, "rwa_participants", json!([null, null, 2])).await;
	assert_eq!(first["items"].as_array().unwrap().len(), 2);
	let rest = rwa::get(&rpc, "rwa_participants", json!([null, first["next"], 100])).await;
	assert_eq!(rest["next"], Json::Null);
	assert_eq!(rest["items"].as_array().unwrap().len(), 4, "six participants at genesis: {rest}");
	// Bad parameters: clear errors.
	fails(&rpc, "rwa_participant", json!(["5Grwva"]), -32602, "not an SS58 address").await;
	fails(&rpc, "rwa_participant", json!([ss58(&agent)]), 4004, "not found").await;
	fails(&rpc, "rwa_participants", json!([null, null, 0]), -32602, "limit").await;
	fails(&rpc, "rwa_participants", json!([null, null, 101]), -32602, "between 1 and 100").await;
	fails(&rpc, "rwa_participants", json!(["Baker"]), -32602, "unknown variant").await;

	// --- Assets ---------------------------------------------------------------------------
	// docs/rpc.md shows epoch 0: the cluster must be Active within it (its setup takes
	// about ten of its twenty blocks), since metering refuses epochs that ended before.
	// The plant's tariff, 0.08 EURD per kWh, is proposed and attested with the assets: in
	// force before the cluster is, it prices epoch 0's energy.
	let epoch = active_cluster_with_solar_tariff(&api, 80_000).await;
	assert_eq!(
		epoch, 0,
		"the cluster became Active after epoch 0; the documented examples need it"
	);
	let cluster = rwa::get(&rpc, "rwa_asset", json!([0])).await;
	assert_eq!(cluster["status"], "Active", "{cluster}");
	let tariffs = rwa::get(&rpc, "rwa_tariffs", json!([1])).await;
	assert_eq!(tariffs["inForce"]["pricePerKwh"], "80000", "{tariffs}");

	assert_eq!(cluster["owner"], ss58(&bob), "{cluster}");
	assert_eq!(cluster["details"]["Compute"]["gpuModel"], "H100-SXM", "{cluster}");
	let activated = cluster["activatedAt"].as_u64().expect("an Active asset has activatedAt");
	assert!(activated >= cluster["registeredAt"].as_u64().unwrap(), "{cluster}");
	let solar = rwa::get(&rpc, "rwa_assets", json!([{"EnergySource": "Solar"}])).await;
	assert_eq!(solar["items"].as_array().unwrap().len(), 1, "{solar}");
	assert_eq!(solar["items"][0][0], 1, "{solar}");
	let owned = rwa::get(&rpc, "rwa_assets", json!([{"Owner": ss58(&bob)}])).await;
	assert_eq!(owned["items"].as_array().unwrap().len(), 2, "{owned}");
	assert_eq!(rwa::get(&rpc, "rwa_powerAvailable", json!([1])).await, 200);
	assert_eq!(rwa::get(&rpc, "rwa_energyMix", json!([0])).await, json!([["Solar", 300]]));
	let attestations = rwa::get(&rpc, "rwa_attestations", json!([1])).await;
	assert_eq!(attestations.as_array().unwrap().len(), 3, "{attestations}");
	fails(&rpc, "rwa_asset", json!([99]), 4004, "asset 99 not found").await;
	fails(&rpc, "rwa_assets", json!([{"Colour": "red"}]), -32602, "unknown variant").await;

	// The registrar admits the agent (after the assets, which race epoch 0's end).
	let admit = vec![
		account(&agent),
		Value::unnamed_composite([Value::u128(1 << 6)]),
		Value::unnamed_composite([Value::from_bytes(b"DE")]),
		Value::u128(1_000_000),
	];
	tx(&api, "Participants", "admit", admit, &alice).await;
	let record = rwa::get(&rpc, "rwa_participant", json!([ss58(&agent)])).await;
	assert_eq!(record["roles"], json!(["Agent"]), "{record}");
	assert_eq!(record["kycExpiry"], 1_000_000, "{record}");

	// --- Pricing: Bob serves a Premium model on the cluster, priced per modality ------------
	let price = |modality: &str, input: u128, output: u128| {
		Value::named_composite([
			("modality", variant(modality)),
			("input_per_million", Value::u128(input * EURD)),
			("output_per_million", Value::u128(output * EURD)),
		])
	};
	let register = [
		("asset", Value::u128(0)),
		("name", bytes("llama-3.1-405b")),
		("version", bytes("2024-07")),
		("tier", variant("Premium")),
	];
	let publish = [
		("model", Value::u128(0)),
		("currency", bytes("EURD")),
		("prices", Value::unnamed_composite([price("Text", 3, 15), price("Image", 0, 40)])),
		("valid_from", Value::unnamed_variant("None", [])),
	];
	let calls = vec![
		chain::runtime_call("Pricing", "register_model", register.to_vec()),
		chain::runtime_call("Pricing", "publish_card", publish.to_vec()),
	];
	batch(&api, calls, &bob).await;
	let card = rwa::get(&rpc, "rwa_priceCard", json!([0])).await;
	assert_eq!(card["prices"][0]["outputPerMillion"], (15 * EURD).to_string(), "{card}");
	fails(&rpc, "rwa_priceCards", json!([7]), 4004, "model 7 not found").await;
	fails(&rpc, "rwa_quote", json!([0, [{"modality": "Smell"}]]), -32602, "usage").await;

	// --- Metering -------------------------------------------------------------------------
	final_epoch(&api, 0, 9_000_000).await;
	let report = rwa::get(&rpc, "rwa_epochReport", json!([0, 0])).await;
	assert_eq!(report["status"], "Final", "{report}");
	assert_eq!(report["agreed"]["tokensOut"], 9_000_000, "{report}");
	let reports = rwa::get(&rpc, "rwa_epochReports", json!([0])).await;
	assert_eq!(reports["items"][0][0], 0, "{reports}");
	let operators = rwa::get(&rpc, "rwa_meterOperators", json!([0])).await;
	assert_eq!(operators, json!({"operators": [ss58(&dev::charlie())], "quorum": 1}));

	// --- Energy: what epoch 0's energy cost per token, and the floor under the card -------
	let cost = rwa::get(&rpc, "rwa_energyCost", json!([0, 0])).await;
	assert_eq!(cost["energyCost"], "320000", "4 kWh at 0.08 EURD: {cost}");
	assert_eq!(cost["costPerMillion"], "35556", "{cost}");
	let floors = rwa::get(&rpc, "rwa_priceFloors", json!([0])).await;
	assert_eq!(floors["items"][0]["prices"][0]["coversFloor"], true, "{floors}");
	fails(&rpc, "rwa_energyCost", json!([0, 5]), -32602, "Energy.NotFinal").await;

	// --- Claims ---------------------------------------------------------------------------
	assert_eq!(rwa::get(&rpc, "rwa_mintable", json!([0, 0])).await, amount(9_000));
	let events = submit(
		&api,
		"Claims",
		"mint",
		vec![Value::u128(0), Value::u128(0), Value::u128(9_000)],
		&bob,
	)
	.await
	.expect("Bob mints");
	assert!(event_fields(&events, "Claims", "ClaimsMinted").is_some());
	let class = rwa::get(&rpc, "rwa_claimClass", json!([0])).await;
	assert_eq!(class["minted"], amount(9_000), "{class}");
	assert_eq!(class["outstanding"], amount(9_000), "{class}");
	assert_eq!(class["mintable"], amount(0), "{class}");
	assert_eq!(class["reportedTokensOut"], 9_000_000, "{class}");
	assert_eq!(class["energyMix"], json!([["Solar", "1"]]), "{class}");
	assert_eq!(rwa::get(&rpc, "rwa_classOf", json!([0, 0])).await, 0);
	assert_eq!(rwa::get(&rpc, "rwa_claimsBalance", json!([0, ss58(&bob)])).await, amount(9_000));
	fails(&rpc, "rwa_claimClass", json!([7]), 4004, "claim class 7 not found").await;

	// --- Stable value ---------------------------------------------------------------------
	let mint = vec![Value::u128(10_000 * EURD), Value::from_bytes([3u8; 32])];
	tx(&api, "StableValue", "mint", mint, &eve).await;
	tx(&api, "StableValue", "transfer", vec![account(&dave), Value::u128(5_000 * EURD)], &eve)
		.await;
	let currency = rwa::get(&rpc, "rwa_stableCurrency", json!([])).await;
	assert_eq!(currency["decimals"], 6, "{currency}");
	assert_eq!(currency["totalIssuance"], amount(10_000 * EURD), "{currency}");
	let dave_stable = rwa::get(&rpc, "rwa_stableBalance", json!([ss58(&dave)])).await;
	assert_eq!(dave_stable["free"], amount(5_000 * EURD), "{dave_stable}");
	assert_eq!(dave_stable["held"], amount(0), "{dave_stable}");
	let issuer = rwa::get(&rpc, "rwa_issuer", json!([ss58(&eve)])).await;
	assert_eq!(issuer["outstanding"], amount(10_000 * EURD), "{issuer}");

	// --- Compliance dry run ---------------------------------------------------------------
	let ok =
		rwa::get(&rpc, "rwa_transferReport", json!([{"Claim": 0}, ss58(&bob), ss58(&dave), "100"]))
			.await;
	assert_eq!(ok["passed"], true, "{ok}");
	let stash = keypair("//Ferdie//stash");
	let refused = rwa::get(
		&rpc,
		"rwa_transferReport",
		json!([{"Claim": 0}, ss58(&bob), ss58(&stash), "100"]),
	)
	.await;
	assert_eq!(refused["passed"], false, "{refused}");
	let failures: Vec<&Json> = refused["checks"]
		.as_array()
		.unwrap()
		.iter()
		.map(|c| &c["failure"])
		.filter(|f| !f.is_null())
		.collect();
	assert!(!failures.is_empty(), "the failing check is named: {refused}");
	fails(
		&rpc,
		"rwa_transferReport",
		json!(["Gold", ss58(&bob), ss58(&dave), "1"]),
		-32602,
		"class",
	)
	.await;
	fails(
		&rpc,
		"rwa_transferReport",
		json!(["StableValue", ss58(&bob), ss58(&dave), "-1"]),
		-32602,
		"amount",
	)
	.await;

	// --- Order book -----------------------------------------------------------------------
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
	let book = rwa::get(&rpc, "rwa_orderBook", json!([0])).await;
	assert_eq!(
		book["asks"],
		json!([{"price": amount(EURD / 20), "amount": amount(1_000), "orders": 1}])
	);
	let open = rwa::get(&rpc, "rwa_openOrders", json!([ss58(&bob)])).await;
	let order_id = open["items"][0]["id"].clone();
	assert_eq!(rwa::get(&rpc, "rwa_order", json!([order_id])).await["side"], "Sell");
	let events =
		submit(&api, "Settlement", "place_order", order("Buy", 6 * EURD / 100, 1_000, 4), &dave)
			.await
			.expect("Dave's bid trades");
	let trade = event_fields(&events, "Settlement", "Trade").expect("a Trade event");
	assert_eq!(trade.at("price").and_then(|v| v.as_u128()), Some(EURD / 20), "{trade}");
	let book = rwa::get(&rpc, "rwa_orderBook", json!([0])).await;
	assert_eq!(book, json!({"bids": [], "asks": []}));
	assert_eq!(rwa::get(&rpc, "rwa_claimsBalance", json!([0, ss58(&dave)])).await, amount(1_000));
	let dave_stable = rwa::get(&rpc, "rwa_stableBalance", json!([ss58(&dave)])).await;
	assert_eq!(dave_stable["free"], amount(4_950 * EURD), "{dave_stable}");
	fails(&rpc, "rwa_order", json!([order_id]), 4004, "not found").await;

	// --- Instruction: delivery versus payment ---------------------------------------------
	let expires = block_number(&api).await + 600;
	let leg = |from: &Keypair, to: &Keypair, asset: Value, amount: u128| {
		Value::named_composite([
			("from", account(from)),
			("to", account(to)),
			("asset", asset),
			("amount", Value::u128(amount)),
		])
	};
	let legs = |claims: u128, eurd: u128| {
		Value::unnamed_composite([
			leg(&bob, &dave, Value::unnamed_variant("Claim", [Value::u128(0)]), claims),
			leg(&dave, &bob, variant("StableValue"), eurd),
		])
	};
	let create = vec![legs(500, 20 * EURD), variant("OnAffirmation"), Value::u128(expires)];
	tx(&api, "Settlement", "create_instruction", create, &bob).await;
	let instruction = rwa::get(&rpc, "rwa_instruction", json!([0])).await;
	assert_eq!(instruction["status"], "Pending", "{instruction}");
	assert_eq!(
		instruction["pendingAffirmations"],
		json!([ss58(&bob), ss58(&dave)]),
		"{instruction}"
	);
	tx(&api, "Settlement", "affirm_instruction", vec![Value::u128(0), Value::u128(2)], &bob).await;
	assert_eq!(rwa::get(&rpc, "rwa_wouldSettle", json!([0])).await, json!({"settles": true}));
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
	assert_eq!(rwa::get(&rpc, "rwa_instruction", json!([0])).await["status"], "Settled");
	// A second one asks Dave for more EURD than he has: the dry run names the leg and why.
	let create = vec![legs(1, 1_000_000 * EURD), variant("OnAffirmation"), Value::u128(expires)];
	tx(&api, "Settlement", "create_instruction", create, &bob).await;
	let dry = rwa::get(&rpc, "rwa_wouldSettle", json!([1])).await;
	assert_eq!(dry["settles"], false, "{dry}");
	assert_eq!(dry["leg"], 1, "{dry}");
	assert!(dry["error"].as_str().is_some_and(|e| !e.is_empty()), "{dry}");
	fails(&rpc, "rwa_wouldSettle", json!([42]), 4004, "instruction 42 not found").await;
	assert_eq!(rwa::get(&rpc, "rwa_claimsBalance", json!([0, ss58(&dave)])).await, amount(1_500));

	// A conditional payment: Dave holds 1 EURD for Bob until epoch 0 is Final with at least
	// 1M tokens; it already is, so the wallet shows the condition met.
	let condition = Value::named_variant(
		"MeteredOutputAtLeast",
		[
			("asset", Value::u128(0)),
			("epoch", Value::u128(0)),
			("tokens_out", Value::u128(1_000_000)),
		],
	);
	let create = vec![account(&bob), Value::u128(EURD), condition, Value::u128(expires)];
	tx(&api, "Settlement", "create_conditional", create, &dave).await;
	let conditional = rwa::get(&rpc, "rwa_conditional", json!([0])).await;
	assert_eq!(conditional["conditionMet"], true, "{conditional}");
	assert_eq!(conditional["amount"], amount(EURD), "{conditional}");
	let dave_stable = rwa::get(&rpc, "rwa_stableBalance", json!([ss58(&dave)])).await;
	assert_eq!(dave_stable["held"], amount(EURD), "{dave_stable}");

	// Bob's next ask rests on the book (the documented examples show it).
	tx(&api, "Settlement", "place_order", order("Sell", 7 * EURD / 100, 200, 0), &bob).await;

	// --- An agent pays per token through a channel ------------------------------------------
	let fees =
		vec![Value::unnamed_variant("Id", [account(&agent)]), Value::u128(1_000_000_000_000_000)];
	tx(&api, "Balances", "transfer_keep_alive", fees, &alice).await;
	tx(&api, "StableValue", "transfer", vec![account(&agent), Value::u128(100 * EURD)], &eve).await;
	let terms = Value::named_composite([
		("per_payment", Value::u128(2 * EURD)),
		("per_period", Value::u128(10 * EURD)),
		("period", Value::u128(100)),
		("total_cap", Value::u128(50 * EURD)),
		("payees", Value::unnamed_composite([])),
		("classes", Value::unnamed_composite([])),
		("expires_at", Value::u128(1_000_000)),
		("approval_threshold", Value::unnamed_variant("None", [])),
		("velocity", Value::unnamed_variant("None", [])),
		("size", Value::unnamed_variant("None", [])),
	]);
	tx(&api, "Mandates", "grant_mandate", vec![account(&agent), terms], &dave).await;
	let mandate = rwa::get(&rpc, "rwa_mandate", json!([ss58(&agent)])).await;
	assert_eq!(mandate["status"], "Active", "{mandate}");
	assert_eq!(mandate["principal"], ss58(&dave), "{mandate}");
	assert_eq!(mandate["perPayment"], amount(2 * EURD), "{mandate}");
	fails(&rpc, "rwa_mandate", json!([ss58(&bob)]), 4004, "mandate").await;
	let events =
		submit(&api, "Channels", "open_channel", vec![account(&bob), Value::u128(EURD)], &agent)
			.await
			.expect("the agent opens a channel");
	assert!(event_fields(&events, "Channels", "ChannelOpened").is_some());
	let channel = rwa::get(&rpc, "rwa_channel", json!([0])).await;
	assert_eq!(channel["deposit"], amount(EURD), "{channel}");
	assert_eq!(channel["remaining"], amount(EURD), "{channel}");
	let agent_stable = rwa::get(&rpc, "rwa_stableBalance", json!([ss58(&agent)])).await;
	assert_eq!(agent_stable["held"], amount(EURD), "the deposit is held: {agent_stable}");
	assert_eq!(
		rwa::get(&rpc, "rwa_mandate", json!([ss58(&agent)])).await["spentTotal"],
		amount(EURD)
	);

	// Off chain: 1_000 requests at 0.0001 EURD, one voucher each; the node's voucher message
	// is byte for byte what the library signs.
	let genesis: String = rpc.request("chain_getBlockHash", rpc_params![0]).await.unwrap();
	let genesis: [u8; 32] =
		hex::decode(genesis.trim_start_matches("0x")).unwrap().try_into().unwrap();
	let signer = sp_core::sr25519::Pair::from_string("//Dave//agent", None).unwrap();
	let mut book = VoucherBook::new(0, agent.public_key().0, genesis);
	for n in 1..=1_000u64 {
		let voucher = Voucher { channel: 0, cumulative: n as u128 * EURD / 10_000, nonce: n };
		book.accept(voucher, voucher.sign(&signer, genesis)).expect("a valid voucher");
	}
	let (last, signature) = book.latest().unwrap();
	let message =
		rwa::get(&rpc, "rwa_voucherMessage", json!([0, last.cumulative.to_string(), last.nonce]))
			.await;
	assert_eq!(message, json!(format!("0x{}", hex::encode(last.message(genesis)))));
	let bob_before = rwa::get(&rpc, "rwa_stableBalance", json!([ss58(&bob)])).await;
	let claim = vec![
		Value::u128(0),
		Value::u128(last.cumulative),
		Value::u128(last.nonce as u128),
		Value::unnamed_variant("Sr25519", [Value::from_bytes(signature)]),
	];
	tx(&api, "Channels", "claim", claim, &bob).await;
	let channel = rwa::get(&rpc, "rwa_channel", json!([0])).await;
	assert_eq!(channel["claimed"], amount(EURD / 10), "{channel}");
	assert_eq!(channel["nonce"], 1_000, "{channel}");
	let bob_after = rwa::get(&rpc, "rwa_stableBalance", json!([ss58(&bob)])).await;
	let free = |b: &Json| b["free"].as_str().unwrap().parse::<u128>().unwrap();
	assert_eq!(free(&bob_after), free(&bob_before) + EURD / 10);
	fails(&rpc, "rwa_channel", json!([5]), 4004, "channel 5 not found").await;
	assert_eq!(channel["pricing"], Json::Null, "an unpriced channel: {channel}");

	// A priced channel: Dave pays Bob by the token at model 0's card (text 3 / 15 EURD per
	// million in / out). 100_000 tokens in and 50_000 out cost 0.3 + 0.75 = 1.05 EURD.
	let open = vec![Value::u128(0), Value::u128(10 * EURD)];
	tx(&api, "Channels", "open_priced_channel", open, &dave).await;
	let priced = rwa::get(&rpc, "rwa_channel", json!([1])).await;
	assert_eq!(priced["pricing"]["card"], 0, "{priced}");
	let served = json!([{"modality": "Text", "tokensIn": 100_000, "tokensOut": 50_000}]);
	let cost = rwa::get(&rpc, "rwa_usageCost", json!([1, served])).await;
	assert_eq!(cost["amount"], amount(105 * EURD / 100), "{cost}");
	fails(&rpc, "rwa_usageCost", json!([0, served]), -32602, "not priced").await;
	let voucher = PricedVoucher {
		channel: 1,
		cumulative: 105 * EURD / 100,
		usage: vec![TokenUsage {
			modality: Modality::Text,
			tokens_in: 100_000,
			tokens_out: 50_000,
		}],
		records_root: [7; 32],
		nonce: 1,
	};
	let root = format!("0x{}", hex::encode(voucher.records_root));
	let message = rwa::get(
		&rpc,
		"rwa_pricedVoucherMessage",
		json!([1, voucher.cumulative.to_string(), served, root, 1]),
	)
	.await;
	assert_eq!(message, json!(format!("0x{}", hex::encode(voucher.message(genesis)))));
	let dave_key = sp_core::sr25519::Pair::from_string("//Dave", None).unwrap();
	let claim_usage = vec![
		Value::u128(1),
		Value::u128(voucher.cumulative),
		Value::unnamed_composite([Value::named_composite([
			("modality", variant("Text")),
			("tokens_in", Value::u128(100_000)),
			("tokens_out", Value::u128(50_000)),
		])]),
		Value::from_bytes(voucher.records_root),
		Value::u128(1),
		Value::unnamed_variant("Sr25519", [Value::from_bytes(voucher.sign(&dave_key, genesis))]),
	];
	tx(&api, "Channels", "claim_usage", claim_usage, &bob).await;
	let priced = rwa::get(&rpc, "rwa_channel", json!([1])).await;
	assert_eq!(priced["claimed"], amount(105 * EURD / 100), "{priced}");
	assert_eq!(priced["pricing"]["usage"], served, "{priced}");

	// --- Final balances as a wallet shows them --------------------------------------------
	// Bob: 50 EURD from the book, 20 from the instruction, 0.1 from the channel and 1.05 from
	// the priced one.
	assert_eq!(free(&bob_after), 70 * EURD + EURD / 10);
	let bob_now = rwa::get(&rpc, "rwa_stableBalance", json!([ss58(&bob)])).await;
	assert_eq!(free(&bob_now), 70 * EURD + EURD / 10 + 105 * EURD / 100);
	assert_eq!(
		rwa::get(&rpc, "rwa_claimsBalance", json!([0, ss58(&bob)])).await,
		amount(9_000 - 1_500)
	);

	// --- The same chain from JavaScript (@polkadot/api, metadata only) ----------------------
	let script = compute_ledger_e2e::repo_path("tests/js/claims_transfer.mjs");
	let output = tokio::process::Command::new("node")
		.arg(&script)
		.arg(node.url())
		.output()
		.await
		.expect("node (JavaScript) runs; scripts/setup.sh installs it");
	let stdout = String::from_utf8_lossy(&output.stdout);
	assert!(
		output.status.success(),
		"the @polkadot/api script failed:\n{stdout}\n{}",
		String::from_utf8_lossy(&output.stderr)
	);
	let report: Json = serde_json::from_str(stdout.lines().last().unwrap_or_default())
		.unwrap_or_else(|e| panic!("the script's last line is its JSON report ({e}):\n{stdout}"));
	assert_eq!(report["event"], "claims.ClaimsTransferred", "{report}");
	assert_eq!(report["amount"], "100", "{report}");
	assert_eq!(rwa::get(&rpc, "rwa_claimsBalance", json!([0, ss58(&dave)])).await, amount(1_600));

	// --- Every documented example, against this node ----------------------------------------
	let doc = compute_ledger_e2e::repo_path("docs/rpc.md");
	let doc = std::fs::read_to_string(doc).expect("docs/rpc.md");
	let examples = rwa::examples(&doc);
	assert!(examples.len() >= 37, "every method has an example ({} found)", examples.len());
	// RWA_DOCS_RECORD=<file> writes what the node answered, to refresh the examples.
	let mut record = Vec::new();
	let mut wrong = Vec::new();
	for (request, documented) in examples {
		let method = request["method"].as_str().unwrap();
		let actual = match rwa::call(&rpc, method, request["params"].clone()).await {
			Ok(result) => json!({"jsonrpc": "2.0", "id": request["id"], "result": result}),
			Err((code, message)) => {
				json!({"jsonrpc": "2.0", "id": request["id"], "error": {"code": code, "message": message}})
			}
		};
		if !rwa::matches(&documented, &actual) {
			wrong.push(format!("{request}\n  documented: {documented}\n  actual:     {actual}"));
		}
		record.push(json!({"request": request, "response": actual}));
	}
	if let Ok(path) = std::env::var("RWA_DOCS_RECORD") {
		std::fs::write(path, serde_json::to_string_pretty(&record).unwrap()).unwrap();
	}
	assert!(wrong.is_empty(), "docs/rpc.md disagrees with the node:\n{}", wrong.join("\n"));
}
