//! Token pricing end-to-end on a dev node, as a provider's wallet and an agent's client use
//! it: Bob registers a Premium model on his cluster and publishes a price card; a second card
//! takes over from a later block while the first still prices the blocks before; quotes come
//! from `rwa_quote`. Every bad input is refused with its named error and changes nothing:
//! a model on someone else's asset, a card outside its tier's range or in an unknown
//! currency, a tier range set by anyone but governance. Dave pays per token on a priced
//! channel opened at the first card: his vouchers (signed with the vouchers library) carry
//! the tokens and pay exactly their cost at that card, even after the second takes over; a
//! voucher that misprices its tokens is refused.

use compute_ledger_e2e::{
	best_number,
	chain::{self, runtime_call, submit, sudo},
	rwa,
	scenario::{bytes, jurisdiction, tx, variant},
	subxt::{
		dynamic::{At, Value},
		OnlineClient,
	},
	subxt_signer::sr25519::dev,
	wait_for_blocks, ChainDir, TestNode,
};
use compute_ledger_vouchers::{Modality, PricedVoucher, TokenUsage};
use serde_json::json;
use sp_core::Pair;

/// EURD has six decimals.
const EUR: u128 = 1_000_000;

fn price(modality: &str, input_eur: u128, output_eur: u128) -> Value {
	Value::named_composite([
		("modality", variant(modality)),
		("input_per_million", Value::u128(input_eur * EUR)),
		("output_per_million", Value::u128(output_eur * EUR)),
	])
}

fn card(model: u128, currency: &str, prices: Vec<Value>, valid_from: Option<u64>) -> Vec<Value> {
	let valid_from = match valid_from {
		Some(b) => Value::unnamed_variant("Some", [Value::u128(b as u128)]),
		None => Value::unnamed_variant("None", []),
	};
	vec![Value::u128(model), bytes(currency), Value::unnamed_composite(prices), valid_from]
}

fn bounds(min_eur: u128, max_eur: u128) -> Value {
	Value::named_composite([
		("min_output_per_million", Value::u128(min_eur * EUR)),
		("max_output_per_million", Value::u128(max_eur * EUR)),
	])
}

#[tokio::test(flavor = "multi_thread")]
async fn providers_price_tokens_and_clients_quote_them() {
	let dir = ChainDir::new();
	let mut node = TestNode::dev(dir.path());
	let rpc = node.rpc().await;
	wait_for_blocks(&rpc, 2, 1, &node).await;
	let api: chain::Api = OnlineClient::from_rpc_client(rpc.clone()).await.unwrap();
	let (alice, bob, dave, eve) = (dev::alice(), dev::bob(), dev::dave(), dev::eve());

	// Bob's cluster (asset 0) and a Premium model on it (model 0).
	let cluster = vec![
		bytes("H100"),
		Value::u128(64),
		Value::u128(46_080),
		bytes("fra-1"),
		jurisdiction(b"DE"),
	];
	tx(&api, "ComputeAssets", "register_compute", cluster, &bob).await;
	let model = |who_asset: u128, name: &str| {
		vec![Value::u128(who_asset), bytes(name), bytes("2024-07"), variant("Premium")]
	};
	tx(&api, "Pricing", "register_model", model(0, "llama-3.1-405b"), &bob).await;

	// Dave (an admitted participant) cannot put a model on Bob's cluster.
	let err = submit(&api, "Pricing", "register_model", model(0, "knock-off"), &dave)
		.await
		.expect_err("only the asset's owner registers models on it");
	assert!(err.contains("NotAssetOwner"), "{err}");

	// Premium admits 10–50 EUR per million output tokens, in a currency the chain has.
	let cheap = card(0, "EURD", vec![price("Text", 3, 9)], None);
	let err =
		submit(&api, "Pricing", "publish_card", cheap, &bob).await.expect_err("below Premium");
	assert!(err.contains("OutsideTierBounds"), "{err}");
	let dollars = card(0, "USDX", vec![price("Text", 3, 15)], None);
	let err = submit(&api, "Pricing", "publish_card", dollars, &bob).await.expect_err("no USDX");
	assert!(err.contains("UnknownCurrency"), "{err}");
	let err = submit(&api, "Pricing", "publish_card", card(0, "EURD", vec![], None), &dave)
		.await
		.expect_err("only the provider publishes");
	assert!(err.contains("NotProvider"), "{err}");
	let cards = rwa::get(&rpc, "rwa_priceCards", json!([0])).await;
	assert_eq!(cards["items"], json!([]), "nothing was published: {cards}");

	// The first card, in force from its block.
	let first = card(0, "EURD", vec![price("Text", 3, 15), price("Image", 0, 40)], None);
	tx(&api, "Pricing", "publish_card", first, &bob).await;
	let published = best_number(&rpc).await as u32;
	let usage = json!([
		{"modality": "Text", "tokensIn": 2_000_000, "tokensOut": 1_000_000},
		{"modality": "Image", "tokensIn": 0, "tokensOut": 500_000}
	]);
	// 2 × 3 + 1 × 15 + 0.5 × 40 = 41 EUR.
	let quote = rwa::get(&rpc, "rwa_quote", json!([0, usage])).await;
	assert_eq!(quote, json!({"card": 0, "amount": (41 * EUR).to_string()}));

	// Dave opens a priced channel on the model with 100 EURD from Eve (the bank): it charges
	// at the card in force now, the first.
	let mint = vec![Value::u128(100 * EUR), Value::from_bytes([1u8; 32])];
	tx(&api, "StableValue", "mint", mint, &eve).await;
	let to_dave = vec![chain::account(&dave), Value::u128(100 * EUR)];
	tx(&api, "StableValue", "transfer", to_dave, &eve).await;
	let err = submit(
		&api,
		"Channels",
		"open_priced_channel",
		vec![Value::u128(9), Value::u128(EUR)],
		&dave,
	)
	.await
	.expect_err("no model 9");
	assert!(err.contains("UnknownModel"), "{err}");
	let open = vec![Value::u128(0), Value::u128(100 * EUR)];
	tx(&api, "Channels", "open_priced_channel", open, &dave).await;
	let channel = rwa::get(&rpc, "rwa_channel", json!([0])).await;
	assert_eq!(channel["pricing"]["model"], 0, "{channel}");
	assert_eq!(channel["pricing"]["card"], 0, "{channel}");
	assert_eq!(channel["deposit"], (100 * EUR).to_string(), "{channel}");

	// A second card, text only and dearer, from five blocks on: until then the first prices.
	let from = best_number(&rpc).await + 5;
	let second = card(0, "EURD", vec![price("Text", 3, 20)], Some(from));
	tx(&api, "Pricing", "publish_card", second, &bob).await;
	let before = rwa::get(&rpc, "rwa_priceCard", json!([0, from - 1])).await;
	assert_eq!(before["card"], 0, "{before}");
	let after = rwa::get(&rpc, "rwa_priceCard", json!([0, from])).await;
	assert_eq!(after["card"], 1, "{after}");
	assert_eq!(after["validFrom"], from, "{after}");
	// Quotes at any block price with the card in force then; the second prices no images.
	let text_only = json!([{"modality": "Text", "tokensIn": 2_000_000, "tokensOut": 1_000_000}]);
	let later = rwa::get(&rpc, "rwa_quote", json!([0, text_only, from])).await;
	assert_eq!(later, json!({"card": 1, "amount": (26 * EUR).to_string()}));
	let earlier = rwa::get(&rpc, "rwa_quote", json!([0, usage, published])).await;
	assert_eq!(earlier["card"], 0, "{earlier}");
	match rwa::call(&rpc, "rwa_quote", json!([0, usage, from])).await {
		Err((code, message)) => {
			assert_eq!(code, -32602, "{message}");
			assert!(message.contains("Pricing.ModalityNotPriced"), "{message}");
		}
		Ok(v) => panic!("the second card prices no images, got {v}"),
	}
	let history = rwa::get(&rpc, "rwa_priceCards", json!([0])).await;

	// Once the second card is in force, Dave's channel still charges at the first: text and
	// images served cost 41 EUR. The node signs off on the library's bytes.
	wait_for_blocks(&rpc, from, 1, &node).await;
	let cost = rwa::get(&rpc, "rwa_usageCost", json!([0, usage])).await;
	assert_eq!(cost, json!({"amount": (41 * EUR).to_string()}));
	let served = vec![
		TokenUsage { modality: Modality::Text, tokens_in: 2_000_000, tokens_out: 1_000_000 },
		TokenUsage { modality: Modality::Image, tokens_in: 0, tokens_out: 500_000 },
	];
	let voucher = |cumulative: u128, nonce: u64| PricedVoucher {
		channel: 0,
		cumulative,
		usage: served.clone(),
		records_root: [7; 32],
		nonce,
	};
	let genesis: String = rpc
		.request("chain_getBlockHash", compute_ledger_e2e::subxt::rpcs::rpc_params![0])
		.await
		.unwrap();
	let genesis: [u8; 32] =
		hex::decode(genesis.trim_start_matches("0x")).unwrap().try_into().unwrap();
	let root = format!("0x{}", hex::encode([7u8; 32]));
	let message = rwa::get(
		&rpc,
		"rwa_pricedVoucherMessage",
		json!([0, (41 * EUR).to_string(), usage, root, 1]),
	)
	.await;
	assert_eq!(message, json!(format!("0x{}", hex::encode(voucher(41 * EUR, 1).message(genesis)))));
	let signer = sp_core::sr25519::Pair::from_string("//Dave", None).unwrap();
	let claim = |v: &PricedVoucher| {
		let usage = v.usage.iter().map(|u| {
			Value::named_composite([
				("modality", variant(&format!("{:?}", u.modality))),
				("tokens_in", Value::u128(u.tokens_in as u128)),
				("tokens_out", Value::u128(u.tokens_out as u128)),
			])
		});
		vec![
			Value::u128(v.channel as u128),
			Value::u128(v.cumulative),
			Value::unnamed_composite(usage),
			Value::from_bytes(v.records_root),
			Value::u128(v.nonce as u128),
			Value::unnamed_variant("Sr25519", [Value::from_bytes(v.sign(&signer, genesis))]),
		]
	};
	// Priced at the second card's text rate, or a cent short: refused, nothing paid.
	for wrong in [26 * EUR, 41 * EUR - 1] {
		let err = submit(&api, "Channels", "claim_usage", claim(&voucher(wrong, 1)), &bob)
			.await
			.expect_err("mispriced");
		assert!(err.contains("PriceMismatch"), "{err}");
	}
	let events = submit(&api, "Channels", "claim_usage", claim(&voucher(41 * EUR, 1)), &bob)
		.await
		.expect("Bob claims the tokens served");
	let paid = compute_ledger_e2e::scenario::event_fields(&events, "Channels", "Claimed")
		.expect("a claim");
	assert_eq!(paid.at("amount").and_then(|v| v.as_u128()), Some(41 * EUR), "{paid}");
	let channel = rwa::get(&rpc, "rwa_channel", json!([0])).await;
	assert_eq!(channel["claimed"], (41 * EUR).to_string(), "{channel}");
	assert_eq!(channel["pricing"]["usage"], usage, "{channel}");
	let err = submit(&api, "Channels", "claim_usage", claim(&voucher(41 * EUR, 1)), &bob)
		.await
		.expect_err("stale");
	assert!(err.contains("StaleVoucher"), "{err}");
	assert_eq!(history["items"].as_array().map(Vec::len), Some(2), "{history}");

	// Tier ranges are governance's: Bob's own call is refused, sudo (the dev chain's
	// governance) sets one.
	let set =
		|min, max| vec![variant("Premium"), Value::unnamed_variant("Some", [bounds(min, max)])];
	let err = submit(&api, "Pricing", "set_tier_bounds", set(5, 20), &bob)
		.await
		.expect_err("a provider cannot set its own tier's range");
	assert!(err.contains("Bad origin"), "{err}");
	let fields = [("tier", variant("Premium")), ("bounds", set(12, 60).remove(1))];
	sudo(&api, runtime_call("Pricing", "set_tier_bounds", fields.to_vec()), &alice).await.unwrap();
	let tiers = rwa::get(&rpc, "rwa_tierBounds", json!([])).await;
	let premium = tiers
		.as_array()
		.and_then(|t| t.iter().find(|entry| entry[0] == "Premium"))
		.unwrap_or_else(|| panic!("Premium has a range: {tiers}"));
	assert_eq!(premium[1]["minOutputPerMillion"], (12 * EUR).to_string(), "{tiers}");
	// The cards in force stand; the model and its provider are as registered.
	let model = rwa::get(&rpc, "rwa_model", json!([0])).await;
	assert_eq!(
		(model["tier"].clone(), model["status"].clone()),
		(json!("Premium"), json!("Serving"))
	);
	assert_eq!(model["asset"], 0, "{model}");
}
