//! A forkless runtime upgrade by council motion on a running dev node, with a real migration.
//!
//! The chain carries traffic first: claims minted and moved, a resting order, stable value
//! issued and moved, an agent's mandate. The claims pallet's holder index is then taken back
//! to what a chain made before storage version 1 had (no index, version 0), through sudo. The
//! council authorizes the hash of the next runtime (`Operations.authorize_upgrade` by a 2-of-3
//! motion), and an ordinary participant applies the code (`System.apply_authorized_upgrade`).
//! The new runtime is this one with the next spec version (`runtime/build.rs` builds it): its
//! first block runs the `ClaimsV1` migration, which rebuilds the index from the ledger.
//!
//! Shown: the spec version moves on; blocks and finality continue; the migration ran (claims
//! storage version 1, the index exactly as before); no balance, claim, order or mandate
//! changed (every stored entry of the ledgers, settlement and mandates is byte for byte the
//! same, and so are the balances of the accounts that signed nothing).

use compute_ledger_e2e::{
	chain::{self, account, runtime_call, submit, sudo},
	finalized_number,
	scenario::{active_cluster_with_solar, event_fields, final_epoch, jurisdiction, tx},
	subxt::{
		dynamic::{At, Value},
		rpcs::{rpc_params, RpcClient},
		OnlineClient,
	},
	subxt_signer::sr25519::{dev, Keypair},
	wait_for_blocks, ChainDir, TestNode,
};
use sp_crypto_hashing::{blake2_256, twox_128};
use std::collections::BTreeMap;

const EURD: u128 = 1_000_000;

/// The next runtime: built next to the node's own by `runtime/build.rs`.
fn rehearsal_code() -> Vec<u8> {
	let bin = compute_ledger_e2e::node_binary();
	let dir = bin.parent().unwrap().join("wbuild/compute-ledger-runtime");
	// A release build leaves a compressed blob, a debug build the plain one.
	["compact.compressed.wasm", "compact.wasm", "wasm"]
		.iter()
		.find_map(|ext| {
			std::fs::read(dir.join(format!("compute_ledger_runtime_rehearsal.{ext}"))).ok()
		})
		.unwrap_or_else(|| panic!("no rehearsal runtime in {}", dir.display()))
}

fn prefix(pallet: &str) -> Vec<u8> {
	twox_128(pallet.as_bytes()).to_vec()
}

fn item(pallet: &str, name: &str) -> Vec<u8> {
	[twox_128(pallet.as_bytes()), twox_128(name.as_bytes())].concat()
}

/// Every stored key and value under `prefix`, at the best block.
async fn storage_under(rpc: &RpcClient, prefix: &[u8]) -> BTreeMap<String, String> {
	let prefix = format!("0x{}", hex::encode(prefix));
	let mut out = BTreeMap::new();
	let mut start: Option<String> = None;
	loop {
		let keys: Vec<String> =
			rpc.request("state_getKeysPaged", rpc_params![&prefix, 1000, &start]).await.unwrap();
		for key in &keys {
			let value: Option<String> =
				rpc.request("state_getStorage", rpc_params![key]).await.unwrap();
			out.insert(key.clone(), value.unwrap_or_default());
		}
		if keys.len() < 1000 {
			return out;
		}
		start = keys.last().cloned();
	}
}

/// The pallet's storage version as stored on chain.
async fn storage_version(rpc: &RpcClient, pallet: &str) -> u16 {
	let key = format!("0x{}", hex::encode(item(pallet, ":__STORAGE_VERSION__:")));
	let raw: Option<String> = rpc.request("state_getStorage", rpc_params![key]).await.unwrap();
	let bytes = hex::decode(raw.unwrap_or_default().trim_start_matches("0x")).unwrap();
	u16::from_le_bytes([bytes.first().copied().unwrap_or(0), bytes.get(1).copied().unwrap_or(0)])
}

async fn spec_version(rpc: &RpcClient) -> u64 {
	let v: serde_json::Value = rpc.request("state_getRuntimeVersion", rpc_params![]).await.unwrap();
	v["specVersion"].as_u64().unwrap()
}

/// What no upgrade may change: the claim, stable-value and native ledgers' entries for the
/// accounts that sign nothing below, every claim, order and mandate record.
async fn holdings(rpc: &RpcClient, api: &chain::Api, quiet: &[&Keypair]) -> Vec<String> {
	let mut all = Vec::new();
	for pallet in ["ClaimLedger", "Claims", "StableLedger", "StableValue", "Settlement", "Mandates"]
	{
		let entries = storage_under(rpc, &prefix(pallet)).await;
		assert!(!entries.is_empty(), "{pallet} holds something");
		all.extend(entries.into_iter().map(|(k, v)| format!("{k}={v}")));
	}
	for who in quiet {
		all.push(chain::free_balance(api, who).await.to_string());
	}
	all
}

#[tokio::test(flavor = "multi_thread")]
async fn the_council_upgrades_the_runtime_and_the_migration_runs_once_moving_nothing() {
	let dir = ChainDir::new();
	let mut node = TestNode::dev(dir.path());
	let rpc = node.rpc().await;
	wait_for_blocks(&rpc, 2, 1, &node).await;
	let api: chain::Api = OnlineClient::from_rpc_client(rpc.clone()).await.unwrap();
	let (alice, bob, charlie, dave, eve, ferdie) =
		(dev::alice(), dev::bob(), dev::charlie(), dev::dave(), dev::eve(), dev::ferdie());
	let agent = chain::keypair("//Agent");
	assert_eq!(spec_version(&rpc).await, 100);

	// Traffic: claims minted and moved, a resting order, stable value, an agent's mandate.
	let epoch = active_cluster_with_solar(&api).await;
	final_epoch(&api, epoch, 9_000_000).await;
	tx(&api, "Claims", "mint", vec![Value::u128(0), Value::u128(epoch), Value::u128(9_000)], &bob)
		.await;
	tx(&api, "Claims", "transfer", vec![Value::u128(0), account(&dave), Value::u128(400)], &bob)
		.await;
	let sell = vec![
		Value::u128(0),
		Value::unnamed_variant("Sell", []),
		Value::u128(EURD / 10),
		Value::u128(1_000),
		Value::unnamed_variant("None", []),
		Value::u128(0),
	];
	tx(&api, "Settlement", "place_order", sell, &bob).await;
	let mint = vec![Value::u128(10_000 * EURD), Value::from_bytes([3u8; 32])];
	tx(&api, "StableValue", "mint", mint, &eve).await;
	tx(&api, "StableValue", "transfer", vec![account(&dave), Value::u128(500 * EURD)], &eve).await;
	let admit = vec![
		account(&agent),
		Value::unnamed_composite([Value::u128(1 << 6)]),
		jurisdiction(b"DE"),
		Value::u128(1_000_000),
	];
	tx(&api, "Participants", "admit", admit, &alice).await;
	let terms = Value::named_composite([
		("per_payment", Value::u128(EURD)),
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

	// The chain as one made before claims storage version 1: no holder index, version 0.
	let index_before = (
		storage_under(&rpc, &item("Claims", "HeldClasses")).await,
		storage_under(&rpc, &item("Claims", "HeldClassCount")).await,
	);
	assert_eq!(index_before.1.len(), 2, "Bob and Dave hold claims");
	assert_eq!(storage_version(&rpc, "Claims").await, 1);
	let version_key = Value::from_bytes(item("Claims", ":__STORAGE_VERSION__:"));
	let rewind = Value::unnamed_variant(
		"Utility",
		[Value::named_variant(
			"batch_all",
			[(
				"calls",
				Value::unnamed_composite([
					runtime_call(
						"System",
						"kill_prefix",
						vec![
							("prefix", Value::from_bytes(item("Claims", "HeldClasses"))),
							("subkeys", Value::u128(100)),
						],
					),
					runtime_call(
						"System",
						"kill_prefix",
						vec![
							("prefix", Value::from_bytes(item("Claims", "HeldClassCount"))),
							("subkeys", Value::u128(100)),
						],
					),
					runtime_call(
						"System",
						"set_storage",
						vec![(
							"items",
							Value::unnamed_composite([Value::unnamed_composite([
								version_key,
								Value::from_bytes(0u16.to_le_bytes()),
							])]),
						)],
					),
				]),
			)],
		)],
	);
	sudo(&api, rewind, &alice).await.expect("the index is taken back");
	assert_eq!(storage_version(&rpc, "Claims").await, 0);
	assert!(storage_under(&rpc, &item("Claims", "HeldClassCount")).await.is_empty());

	// What the upgrade must not change.
	let quiet = [&eve, &ferdie];
	let mut before = holdings(&rpc, &api, &quiet).await;
	// The index and the version are compared on their own.
	let mut index_keys: Vec<String> =
		index_before.0.keys().chain(index_before.1.keys()).cloned().collect();
	index_keys.push(format!("0x{}", hex::encode(item("Claims", ":__STORAGE_VERSION__:"))));
	before.retain(|e| !index_keys.iter().any(|k| e.starts_with(k)));

	// The council authorizes the next runtime by its hash, two of three voting aye.
	let code = rehearsal_code();
	let authorize = runtime_call(
		"Operations",
		"authorize_upgrade",
		vec![("code_hash", Value::from_bytes(blake2_256(&code)))],
	);
	let err = submit(
		&api,
		"Operations",
		"authorize_upgrade",
		vec![Value::from_bytes(blake2_256(&code))],
		&bob,
	)
	.await
	.expect_err("one member alone cannot");
	assert!(err.contains("Bad origin"), "{err}");
	let propose = vec![Value::u128(2), authorize, Value::u128(10_000)];
	let events = submit(&api, "Council", "propose", propose, &bob).await.expect("Bob proposes");
	let proposed = event_fields(&events, "Council", "Proposed").expect("a Proposed event");
	let hash = proposed.at("proposal_hash").cloned().unwrap();
	let index = proposed.at("proposal_index").cloned().unwrap();
	for member in [&bob, &charlie] {
		let vote = vec![hash.clone(), index.clone(), Value::bool(true)];
		submit(&api, "Council", "vote", vote, member).await.expect("a council vote");
	}
	let bound = Value::named_composite([
		("ref_time", Value::u128(500_000_000_000)),
		("proof_size", Value::u128(1_000_000)),
	]);
	let events =
		submit(&api, "Council", "close", vec![hash, index, bound, Value::u128(10_000)], &charlie)
			.await
			.expect("the motion closes");
	assert!(event_fields(&events, "Council", "Executed").is_some());
	assert!(event_fields(&events, "System", "UpgradeAuthorized").is_some());

	// Anyone admitted applies the code; the version check is on.
	let events =
		submit(&api, "System", "apply_authorized_upgrade", vec![Value::from_bytes(&code)], &alice)
			.await
			.expect("the authorized code is applied");
	assert!(event_fields(&events, "System", "CodeUpdated").is_some());
	let upgraded_at = finalized_number(&rpc).await;

	// Blocks and finality continue under the new runtime.
	wait_for_blocks(&rpc, upgraded_at + 4, upgraded_at + 3, &node).await;
	assert_eq!(spec_version(&rpc).await, 101);

	// The migration ran: version 1 and the index exactly as the ledger says.
	assert_eq!(storage_version(&rpc, "Claims").await, 1);
	let index_after = (
		storage_under(&rpc, &item("Claims", "HeldClasses")).await,
		storage_under(&rpc, &item("Claims", "HeldClassCount")).await,
	);
	assert_eq!(index_after, index_before);

	// Nothing else moved.
	let api: chain::Api = OnlineClient::from_rpc_client(rpc.clone()).await.unwrap();
	let mut after = holdings(&rpc, &api, &quiet).await;
	after.retain(|e| !index_keys.iter().any(|k| e.starts_with(k)));
	assert_eq!(after, before);

	// And the chain still works: a claim transfer under the new runtime keeps the index.
	tx(&api, "Claims", "transfer", vec![Value::u128(0), account(&alice), Value::u128(1)], &dave)
		.await;
	assert_eq!(storage_under(&rpc, &item("Claims", "HeldClassCount")).await.len(), 3);
}
