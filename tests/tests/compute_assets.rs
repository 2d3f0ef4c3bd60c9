//! Asset registry end-to-end on a dev node: Bob registers a GPU cluster and a solar plant,
//! links them, Ferdie (a trusted auditor) verifies both, Bob activates them, and a wallet
//! sees all of it through the `ComputeAssetsApi` runtime API. Charlie then meters the
//! cluster's first epoch and a wallet checks a usage record against the agreed report.

use compute_ledger_e2e::{
	chain::{self, account},
	scenario::{
		active_cluster_with_solar, meter_report, runtime_api, tx, variant, variant_name,
		wait_for_epoch,
	},
	subxt::{
		dynamic::{At, Value},
		OnlineClient,
	},
	subxt_signer::sr25519::dev,
	wait_for_blocks, ChainDir, TestNode,
};

async fn assets_api(api: &chain::Api, method: &str, args: Vec<Value>) -> Value {
	runtime_api(api, "ComputeAssetsApi", method, args).await
}

async fn metering_api(api: &chain::Api, method: &str, args: Vec<Value>) -> Value {
	runtime_api(api, "MeteringApi", method, args).await
}

#[tokio::test(flavor = "multi_thread")]
async fn register_link_verify_activate_and_query() {
	let dir = ChainDir::new();
	let mut node = TestNode::dev(dir.path());
	let rpc = node.rpc().await;
	wait_for_blocks(&rpc, 2, 1, &node).await;
	let api: chain::Api = OnlineClient::from_rpc_client(rpc.clone()).await.unwrap();
	let bob = dev::bob();

	// Registered, linked, verified by Ferdie and activated by Bob (statuses checked inside).
	let epoch = active_cluster_with_solar(&api).await;

	// Queries a wallet makes.
	let owned = assets_api(
		&api,
		"assets",
		vec![Value::unnamed_variant("Owner", [account(&bob)]), Value::u128(0), Value::u128(10)],
	)
	.await;
	assert!(owned.at(1).is_some() && owned.at(2).is_none(), "Bob owns two assets: {owned}");
	let solar = assets_api(
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
	let left = assets_api(&api, "power_available", vec![Value::u128(1)]).await;
	assert_eq!(left.at(0).and_then(|v| v.as_u128()), Some(200), "{left}");
	let mix = assets_api(&api, "energy_mix", vec![Value::u128(0)]).await;
	let first = mix.at(0).expect("one source");
	assert_eq!(first.at(0).map(variant_name).as_deref(), Some("Solar"), "{mix}");
	assert_eq!(first.at(1).and_then(|v| v.as_u128()), Some(300), "{mix}");
	let attested = assets_api(&api, "attestations", vec![Value::u128(1)]).await;
	assert!(attested.at(2).is_some(), "three attestations on the solar plant: {attested}");

	// Metering: Bob binds Charlie (MeterOperator) with a quorum of one; after the epoch it
	// was activated in ends (20 blocks on the dev chain) Charlie reports it with the Merkle root of its records.
	let charlie = dev::charlie();
	let bind = vec![Value::u128(0), Value::unnamed_composite([account(&charlie)]), Value::u128(1)];
	tx(&api, "Metering", "bind_operators", bind, &bob).await;
	let records: Vec<Vec<u8>> =
		(0..4).map(|i| format!("req-{i}:in=500:out=2250000").into_bytes()).collect();
	let root = binary_merkle_tree::merkle_root::<sp_core::Blake2Hasher, _>(records.iter());
	wait_for_epoch(&api, epoch + 1).await;
	let report = meter_report(9_000_000, 4, 1, 4, root.0);
	tx(
		&api,
		"Metering",
		"submit_report",
		vec![Value::u128(0), Value::u128(epoch), report],
		&charlie,
	)
	.await;
	let view = metering_api(&api, "epoch_report", vec![Value::u128(0), Value::u128(epoch)]).await;
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
		vec![
			Value::u128(0),
			Value::u128(epoch),
			Value::from_bytes(leaf),
			proof_value(),
			Value::u128(1),
		]
	};
	let ok = metering_api(&api, "verify_usage_record", check(records[1].clone())).await;
	assert_eq!(ok.as_bool(), Some(true), "{ok}");
	let forged = metering_api(&api, "verify_usage_record", check(b"req-1:out=9".to_vec())).await;
	assert_eq!(forged.as_bool(), Some(false), "{forged}");
}
