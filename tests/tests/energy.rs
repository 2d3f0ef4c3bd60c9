//! Energy cost per token end-to-end on a dev node: Bob's solar plant powers his cluster; he
//! proposes the plant's tariff (0.08 EURD per kWh) and Ferdie, the auditor trusted for power,
//! attests it. Bob serves a Premium and an Economy model. Once an epoch of the cluster is
//! metered and Final, `rwa_energyCost` shows what its energy cost per million output tokens
//! and the floor price at power's 70 % share of cost, and `rwa_priceFloors` shows the Premium
//! card above the floor and the Economy card below it. Every bad input is refused by name
//! and moves nothing: a tariff proposed by someone else, attested by a non-auditor, a power
//! share set by anyone but governance.

use compute_ledger_e2e::{
	chain::{self, runtime_call, ss58, submit, sudo},
	rwa,
	scenario::{active_cluster_with_solar, bytes, final_epoch, tx, variant},
	subxt::{dynamic::Value, OnlineClient},
	subxt_signer::sr25519::dev,
	wait_for_blocks, ChainDir, TestNode,
};
use serde_json::json;

/// EURD has six decimals.
const EUR: u128 = 1_000_000;

fn price(modality: &str, input: u128, output: u128) -> Value {
	Value::named_composite([
		("modality", variant(modality)),
		("input_per_million", Value::u128(input)),
		("output_per_million", Value::u128(output)),
	])
}

#[tokio::test(flavor = "multi_thread")]
async fn an_epochs_energy_cost_sets_the_floor_under_token_prices() {
	let dir = ChainDir::new();
	let mut node = TestNode::dev(dir.path());
	let rpc = node.rpc().await;
	wait_for_blocks(&rpc, 2, 1, &node).await;
	let api: chain::Api = OnlineClient::from_rpc_client(rpc.clone()).await.unwrap();
	let (alice, bob, dave, ferdie) = (dev::alice(), dev::bob(), dev::dave(), dev::ferdie());

	// Cluster 0 draws on Bob's solar plant 1; Ferdie is trusted for power capacity.
	active_cluster_with_solar(&api).await;

	// The plant's tariff: only its owner proposes, only a trusted auditor attests.
	let proposal = |price: u128| {
		vec![Value::u128(1), bytes("EURD"), Value::u128(price), Value::unnamed_variant("None", [])]
	};
	let err = submit(&api, "Energy", "propose_tariff", proposal(1), &dave)
		.await
		.expect_err("Dave owns no plant");
	assert!(err.contains("NotAssetOwner"), "{err}");
	let wrong_currency =
		vec![Value::u128(1), bytes("USDX"), Value::u128(1), Value::unnamed_variant("None", [])];
	let err = submit(&api, "Energy", "propose_tariff", wrong_currency, &bob)
		.await
		.expect_err("no USDX on this chain");
	assert!(err.contains("UnknownCurrency"), "{err}");
	tx(&api, "Energy", "propose_tariff", proposal(80_000), &bob).await;
	let tariffs = rwa::get(&rpc, "rwa_tariffs", json!([1])).await;
	assert_eq!(tariffs["inForce"], json!(null), "not attested yet: {tariffs}");
	let err = submit(&api, "Energy", "attest_tariff", vec![Value::u128(1), Value::u128(0)], &bob)
		.await
		.expect_err("Bob is no auditor");
	assert!(err.contains("MissingRole"), "{err}");
	tx(&api, "Energy", "attest_tariff", vec![Value::u128(1), Value::u128(0)], &ferdie).await;
	let tariffs = rwa::get(&rpc, "rwa_tariffs", json!([1])).await;
	assert_eq!(
		tariffs["inForce"],
		json!({"currency": "EURD", "pricePerKwh": "80000"}),
		"{tariffs}"
	);
	assert_eq!(tariffs["items"][0]["attestedBy"], json!(ss58(&ferdie)), "{tariffs}");

	// A Premium model at 15 EURD per million output tokens and an Economy one at 0.04.
	let models = [
		("llama-3.1-405b", "Premium", 3 * EUR, 15 * EUR),
		("phi-mini", "Economy", EUR / 100, 4 * EUR / 100),
	];
	for (id, (name, tier, input, output)) in models.into_iter().enumerate() {
		let register = vec![Value::u128(0), bytes(name), bytes("2024-07"), variant(tier)];
		tx(&api, "Pricing", "register_model", register, &bob).await;
		let card = vec![
			Value::u128(id as u128),
			bytes("EURD"),
			Value::unnamed_composite([price("Text", input, output)]),
			Value::unnamed_variant("None", []),
		];
		tx(&api, "Pricing", "publish_card", card, &bob).await;
	}

	// The epoch now running is metered: 9 million output tokens from 4 kWh.
	let epoch = rwa::get(&rpc, "rwa_currentEpoch", json!([])).await.as_u64().unwrap();
	let err = rwa::call(&rpc, "rwa_energyCost", json!([0, epoch])).await.expect_err("not Final");
	assert!(err.1.contains("Energy.NotFinal"), "{err:?}");
	final_epoch(&api, epoch as u128, 9_000_000).await;

	// 4 kWh × 0.08 = 0.32 EURD; per million tokens 0.0355556; the floor at 70 %: 0.0507937.
	let cost = rwa::get(&rpc, "rwa_energyCost", json!([0, epoch])).await;
	assert_eq!(cost["currency"], "EURD", "{cost}");
	assert_eq!(cost["energyKwh"], 4, "{cost}");
	assert_eq!(cost["tariffPerKwh"], "80000", "{cost}");
	assert_eq!(cost["energyCost"], "320000", "{cost}");
	assert_eq!(cost["costPerMillion"], "35556", "{cost}");
	assert_eq!(cost["floorPerMillion"], "50794", "{cost}");
	assert_eq!(cost["powerShare"], "0.7", "{cost}");

	let floors = rwa::get(&rpc, "rwa_priceFloors", json!([epoch])).await;
	let items = floors["items"].as_array().expect("a page");
	assert_eq!(items.len(), 2, "{floors}");
	assert_eq!(items[0]["tier"], "Premium", "{floors}");
	assert_eq!(items[0]["provider"], json!(ss58(&bob)), "{floors}");
	assert_eq!(items[0]["prices"][0]["coversFloor"], true, "{floors}");
	assert_eq!(items[1]["tier"], "Economy", "{floors}");
	assert_eq!(items[1]["prices"][0]["coversFloor"], false, "0.04 < 0.0508: {floors}");

	// Power's share of cost is governance's: Bob's call is refused, sudo sets 50 % and the
	// floor is twice the energy cost.
	let share = vec![Value::u128(500_000_000)];
	let err = submit(&api, "Energy", "set_power_share", share.clone(), &bob)
		.await
		.expect_err("not governance");
	assert!(err.contains("Bad origin"), "{err}");
	let call = runtime_call("Energy", "set_power_share", vec![("share", share[0].clone())]);
	sudo(&api, call, &alice).await.unwrap();
	let cost = rwa::get(&rpc, "rwa_energyCost", json!([0, epoch])).await;
	assert_eq!(cost["floorPerMillion"], "71112", "{cost}");
	assert_eq!(cost["costPerMillion"], "35556", "{cost}");
	// Unknown asset: not found; an asset without power supply: named.
	let err = rwa::call(&rpc, "rwa_energyCost", json!([99, epoch])).await.expect_err("no asset");
	assert_eq!(err.0, 4004, "{err:?}");
}
