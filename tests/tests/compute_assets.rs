//! Asset registry end-to-end on a dev node: Bob registers a GPU cluster and a solar plant,
//! links them, Ferdie (a trusted auditor) verifies both, Bob activates them, and a wallet
//! sees all of it through the `ComputeAssetsApi` runtime API. Charlie then meters the
//! cluster's first epoch and a wallet checks a usage record against the agreed report.

use compute_ledger_e2e::{
	chain::{self, account, runtime_call, submit, sudo},
	subxt::{
		dynamic::{self, At, Value},
		OnlineClient,
	},
	subxt_signer::sr25519::{dev, Keypair},
	wait_for_blocks, ChainDir, TestNode,
};

fn bytes(s: &str) -> Value {
	Value::from_bytes(s.as_bytes())
}

fn jurisdiction(code: &[u8; 2]) -> Value {
	Value::unnamed_composite([Value::from_bytes(code)])
}

fn variant(name: &str) -> Value {
	Value::unnamed_variant(name, [])
}

async fn call_api(api: &chain::Api, method: &str, args: Vec<Value>) -> Value {
	let call = dynamic::runtime_api_call::<_, Value>("ComputeAssetsApi", method, args);
	api.at_current_block().await.unwrap().runtime_apis().call(call).await.unwrap()
}

fn variant_name(v: &Value) -> String {
	match &v.value {
		compute_ledger_e2e::subxt::ext::scale_value::ValueDef::Variant(v) => v.name.clone(),
		other => format!("{other:?}"),
	}
}

async fn tx(api: &chain::Api, call: &str, args: Vec<Value>, who: &Keypair) {
	submit(api, "ComputeAssets", call, args, who)
		.await
		.unwrap_or_else(|e| panic!("ComputeAssets.{call}: {e}"));
}

#[tokio::test(flavor = "multi_thread")]
async fn register_link_verify_activate_and_query() {
	let dir = ChainDir::new();
	let mut node = TestNode::dev(dir.path());
	let rpc = node.rpc().await;
	wait_for_blocks(&rpc, 2, 1, &node).await;
	let api: chain::Api = OnlineClient::from_rpc_client(rpc.clone()).await.unwrap();
	let (alice, bob, ferdie) = (dev::alice(), dev::bob(), dev::ferdie());

	// The compliance officer trusts Ferdie for both kinds of asset.
	for class in ["ComputeCapacity", "PowerCapacity"] {
		let trust = runtime_call(
			"Compliance",
			"add_trusted_auditor",
			vec![("class", variant(class)), ("auditor", account(&ferdie))],
		);
		sudo(&api, trust, &alice).await.expect("trust Ferdie");
	}

	// Bob registers a GPU cluster (id 0) and a solar plant (id 1) and links them.
	tx(
		&api,
		"register_compute",
		vec![
			bytes("H100-SXM"),
			Value::u128(64),
			Value::u128(46_080),
			bytes("fra-1"),
			jurisdiction(b"DE"),
		],
		&bob,
	)
	.await;
	tx(
		&api,
		"register_power",
		vec![
			Value::u128(500),
			Value::u128(400),
			variant("Solar"),
			bytes("DE-LU"),
			bytes("brandenburg-3"),
			jurisdiction(b"DE"),
		],
		&bob,
	)
	.await;
	tx(&api, "allocate_power", vec![Value::u128(1), Value::u128(0), Value::u128(300)], &bob).await;

	// Ferdie attests what each kind requires; each asset becomes Verified.
	let attestations: [(u128, &[&str]); 2] =
		[(0, &["Capacity", "Location"]), (1, &["Capacity", "Location", "EnergySource"])];
	for (asset, attributes) in attestations {
		for attribute in attributes {
			tx(
				&api,
				"attest",
				vec![
					Value::u128(asset),
					variant(attribute),
					Value::from_bytes([7u8; 32]),
					Value::u128(1_000_000),
				],
				&ferdie,
			)
			.await;
		}
		let record = call_api(&api, "asset", vec![Value::u128(asset)]).await;
		let status = record.at(0).and_then(|a| a.at("status")).map(variant_name);
		assert_eq!(status.as_deref(), Some("Verified"), "{record}");
	}

	// Bob activates both; only now may the cluster be metered.
	for asset in [0u128, 1] {
		tx(&api, "activate", vec![Value::u128(asset)], &bob).await;
		let record = call_api(&api, "asset", vec![Value::u128(asset)]).await;
		let status = record.at(0).and_then(|a| a.at("status")).map(variant_name);
		assert_eq!(status.as_deref(), Some("Active"), "{record}");
	}

	// Queries a wallet makes.
	let owned = call_api(
		&api,
		"assets",
		vec![Value::unnamed_variant("Owner", [account(&bob)]), Value::u128(0), Value::u128(10)],
	)
	.await;
	assert!(owned.at(1).is_some() && owned.at(2).is_none(), "Bob owns two assets: {owned}");
	let solar = call_api(
		&api,
		"assets",
		vec![
			Value::unnamed_variant("EnergySource", [variant("Solar")]),
			Value::u128(0),
			Value::u128(10),
		],
	)
	.await;
	assert_eq!(solar.at(0).and_then(|p| p.at(0)).and_then(|id| id.as_u128()), Some(1), "{solar}");
	let left = call_api(&api, "power_available", vec![Value::u128(1)]).await;
	assert_eq!(left.at(0).and_then(|v| v.as_u128()), Some(200), "{left}");
	let mix = call_api(&api, "energy_mix", vec![Value::u128(0)]).await;
	let first = mix.at(0).expect("one source");
	assert_eq!(first.at(0).map(variant_name).as_deref(), Some("Solar"), "{mix}");
	assert_eq!(first.at(1).and_then(|v| v.as_u128()), Some(300), "{mix}");
	let attested = call_api(&api, "attestations", vec![Value::u128(1)]).await;
	assert!(attested.at(2).is_some(), "three attestations on the solar plant: {attested}");

	// Metering: Bob binds Charlie (MeterOperator) with a quorum of one; after epoch 0 ends
	// (20 blocks on the dev chain) Charlie reports it with the Merkle root of its records.
	let charlie = dev::charlie();
	submit(
		&api,
		"Metering",
		"bind_operators",
		vec![Value::u128(0), Value::unnamed_composite([account(&charlie)]), Value::u128(1)],
		&bob,
	)
	.await
	.expect("bind Charlie");
	let records: Vec<Vec<u8>> =
		(0..4).map(|i| format!("req-{i}:in=500:out=2250000").into_bytes()).collect();
	let root = binary_merkle_tree::merkle_root::<sp_core::Blake2Hasher, _>(records.iter());
	wait_for_epoch(&api, 1).await;
	let report = Value::named_composite([
		("tokens_in", Value::u128(2_000)),
		("tokens_out", Value::u128(9_000_000)),
		("energy_kwh", Value::u128(4)),
		("gpu_hours", Value::u128(30)),
		("records", Value::u128(4)),
		("records_root", Value::from_bytes(root.0)),
	]);
	submit(
		&api,
		"Metering",
		"submit_report",
		vec![Value::u128(0), Value::u128(0), report],
		&charlie,
	)
	.await
	.expect("Charlie reports epoch 0");
	let view = metering_api(&api, "epoch_report", vec![Value::u128(0), Value::u128(0)]).await;
	let status = view.at("status").map(variant_name);
	assert_eq!(status.as_deref(), Some("Agreed"), "{view}");
	assert_eq!(
		view.at("tokens_per_kwh").and_then(|v| v.at(0)).and_then(|v| v.as_u128()),
		Some(2_250_000),
		"{view}"
	);

	// A wallet checks a usage record against the agreed report; a forged one fails.
	let proof = binary_merkle_tree::merkle_proof::<sp_core::Blake2Hasher, _, _>(records.iter(), 1);
	let proof_value =
		|| Value::unnamed_composite(proof.proof.iter().map(|h| Value::from_bytes(h.0)));
	let check = |leaf: Vec<u8>| {
		vec![Value::u128(0), Value::u128(0), Value::from_bytes(leaf), proof_value(), Value::u128(1)]
	};
	let ok = metering_api(&api, "verify_usage_record", check(records[1].clone())).await;
	assert_eq!(ok.as_bool(), Some(true), "{ok}");
	let forged = metering_api(&api, "verify_usage_record", check(b"req-1:out=9".to_vec())).await;
	assert_eq!(forged.as_bool(), Some(false), "{forged}");
}

async fn metering_api(api: &chain::Api, method: &str, args: Vec<Value>) -> Value {
	let call = dynamic::runtime_api_call::<_, Value>("MeteringApi", method, args);
	api.at_current_block().await.unwrap().runtime_apis().call(call).await.unwrap()
}

/// Waits until the chain is in `epoch` or later (read through `MeteringApi_current_epoch`).
async fn wait_for_epoch(api: &chain::Api, epoch: u128) {
	for _ in 0..120 {
		let now = metering_api(api, "current_epoch", vec![]).await;
		if now.as_u128().is_some_and(|e| e >= epoch) {
			return;
		}
		tokio::time::sleep(std::time::Duration::from_secs(1)).await;
	}
	panic!("epoch {epoch} never came");
}
