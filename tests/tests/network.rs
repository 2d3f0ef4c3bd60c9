//! The permissioned network under faults: real node processes on loopback, the `local` chain
//! (four validators, Ferdie's full node, five admitted nodes, a council, no sudo).
//!
//! 1. The four validators author and finalise; the full node follows.
//! 2. `kill -9` one validator: the other three keep finalising (GRANDPA needs > 2/3).
//! 3. Restarted on its base path, it catches up to the finalised head and authors again.
//! 4. Stop every node and start them again: no finalised block and no balance is lost.
//! 5. A node that is not admitted gets no blocks while the admitted ones follow; a node the
//!    council admits syncs.
//! 6. The council adds a fifth validator (keys from `author_rotateKeysWithOwner`, registered
//!    with `Session.set_keys`); after the session change it authors blocks.
//!
//! Each test bounds its own run time; every process it started is killed when it ends,
//! also on failure (the nodes are killed when dropped).

use std::time::Duration;

use compute_ledger_e2e::{
	chain::{self, account, submit},
	network::{
		author_of, block_hash, council_motion, heights, peer_id_bytes, wait_for_author, wait_until,
		LocalNetwork, PEER_IDS,
	},
	scenario::event_fields,
	subxt::{dynamic::Value, rpcs::rpc_params, OnlineClient},
	subxt_signer::sr25519::{dev, Keypair},
};

/// Runs a test body with a time limit, so that a hung network fails instead of stalling CI.
async fn bounded<F: std::future::Future<Output = ()>>(secs: u64, body: F) {
	tokio::time::timeout(Duration::from_secs(secs), body)
		.await
		.unwrap_or_else(|_| panic!("the test did not finish within {secs} s"));
}

fn aura_key(who: &Keypair) -> [u8; 32] {
	// The dev validators' Aura keys are their sr25519 account keys (`--alice` and friends).
	who.public_key().0
}

#[tokio::test(flavor = "multi_thread")]
async fn validators_finalise_through_a_crash_and_the_crashed_one_catches_up() {
	bounded(840, async {
		let mut net = LocalNetwork::start();
		let alice = net.rpc(0).await;
		let ferdie = net.rpc(4).await;

		// 1. Four validators author and finalise; the full node follows.
		wait_until(&alice, "the validators finalise", 180, |_, f| f >= 3).await;
		wait_until(&ferdie, "the full node follows", 60, |_, f| f >= 3).await;
		let validators = [dev::alice(), dev::bob(), dev::charlie(), dev::dave()];
		let (best, _) = heights(&alice).await;
		let mut authors = std::collections::BTreeSet::new();
		for n in 1..=best {
			authors.insert(author_of(&alice, n).await);
		}
		assert!(authors.len() >= 2, "blocks come from several validators: {authors:?}");
		assert!(authors.iter().all(|a| validators.iter().any(|v| aura_key(v) == *a)));

		// 2. kill -9 Dave: Alice, Bob and Charlie (3 of 4 > 2/3) keep finalising.
		net.nodes[3].kill();
		let (_, finalized) = heights(&alice).await;
		// Three voters must all vote each round: on a busy machine a starved one holds a
		// round up for minutes before it catches up (seen once at the end of a full run).
		wait_until(&alice, "finality without Dave", 300, |_, f| f >= finalized + 4).await;
		wait_until(&ferdie, "the full node follows without Dave", 60, |_, f| f >= finalized + 4)
			.await;

		// 3. Dave restarts on its base path: catches up to the finalised head, authors again.
		net.nodes[3].restart();
		let dave = net.rpc(3).await;
		let (_, head) = heights(&alice).await;
		wait_until(&dave, "Dave catches up", 120, |_, f| f >= head).await;
		let (restarted_at, _) = heights(&alice).await;
		wait_for_author(&alice, aura_key(&dev::dave()), restarted_at, 120).await;
		let (_, finalized) = heights(&alice).await;
		wait_until(&alice, "finality with Dave back", 60, |_, f| f >= finalized + 2).await;
	})
	.await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_restart_loses_no_finalised_block_and_no_balance() {
	bounded(600, async {
		let mut net = LocalNetwork::start();
		let alice = net.rpc(0).await;
		wait_until(&alice, "the validators finalise", 180, |_, f| f >= 2).await;

		// A transfer, so that the state holds more than genesis.
		let api: chain::Api = OnlineClient::from_rpc_client(alice.clone()).await.unwrap();
		let transfer = vec![Value::unnamed_variant("Id", [account(&dev::bob())]), Value::u128(7)];
		submit(&api, "Balances", "transfer_keep_alive", transfer, &dev::alice())
			.await
			.expect("a native transfer");
		let (_, number) = heights(&alice).await;
		let hash = block_hash(&alice, number).await;
		let cast =
			[dev::alice(), dev::bob(), dev::charlie(), dev::dave(), dev::eve(), dev::ferdie()];
		let mut before = Vec::new();
		for who in &cast {
			before.push(chain::free_balance_at(&api, who, Some(&hash)).await);
		}
		drop(api);

		// Stop every node cleanly, then start every node again on its base path.
		for node in net.nodes.iter_mut() {
			assert!(node.stop().success(), "a clean exit");
		}
		for node in net.nodes.iter_mut() {
			node.restart();
		}
		let mut clients = Vec::new();
		for i in 0..net.nodes.len() {
			clients.push(net.rpc(i).await);
		}
		for rpc in &clients {
			// The finalised block is still there, at the same height, and the chain goes on.
			assert_eq!(block_hash(rpc, number).await, hash, "finalised block {number} kept");
			wait_until(rpc, "finality after the restart", 180, |_, f| f >= number + 2).await;
		}
		let api: chain::Api = OnlineClient::from_rpc_client(clients[0].clone()).await.unwrap();
		let (_, now) = heights(&clients[0]).await;
		let head = block_hash(&clients[0], now).await;
		for (who, was) in cast.iter().zip(&before) {
			assert_eq!(
				chain::free_balance_at(&api, who, Some(&hash)).await,
				*was,
				"the balance at the finalised block"
			);
			assert_eq!(
				chain::free_balance_at(&api, who, Some(&head)).await,
				*was,
				"nothing lost since"
			);
		}
	})
	.await;
}

#[tokio::test(flavor = "multi_thread")]
async fn only_admitted_nodes_take_part_and_the_council_adds_a_validator() {
	bounded(720, async {
		let mut net = LocalNetwork::start();
		let alice = net.rpc(0).await;
		let ferdie = net.rpc(4).await;
		wait_until(&alice, "the validators finalise", 180, |_, f| f >= 2).await;

		// 5. A node whose peer id (node key 7) is not admitted: the validators refuse it and
		// it gets no blocks, while the admitted full node keeps following.
		let intruder = net.add_node("intruder", 7, vec!["--name".into(), "intruder".into()]);
		let intruder_rpc = net.rpc(intruder).await;
		tokio::time::sleep(Duration::from_secs(30)).await;
		let (alice_best, _) = heights(&alice).await;
		wait_until(&ferdie, "the admitted full node follows", 60, |b, _| b >= alice_best).await;
		assert!(alice_best > 5, "the chain went on meanwhile");
		assert_eq!(heights(&intruder_rpc).await.0, 0, "a node that is not admitted gets no blocks");
		net.nodes[intruder].kill();

		// The council admits Eve's node (node key 6); started now, it syncs.
		let api: chain::Api = OnlineClient::from_rpc_client(alice.clone()).await.unwrap();
		let admit = chain::runtime_call(
			"NodeAuthorization",
			"add_well_known_node",
			vec![
				("node", Value::unnamed_composite([Value::from_bytes(peer_id_bytes(PEER_IDS[5]))])),
				("owner", Value::unnamed_variant("Id", [account(&dev::eve())])),
			],
		);
		let events = council_motion(&api, admit, &dev::alice(), &dev::bob()).await.expect("admit");
		assert!(event_fields(&events, "NodeAuthorization", "NodeAdded").is_some());
		let eve_node =
			net.add_node("eve", 6, vec!["--validator".into(), "--name".into(), "eve".into()]);
		let eve = net.rpc(eve_node).await;
		let (best, _) = heights(&alice).await;
		wait_until(&eve, "the admitted node syncs", 180, |b, _| b >= best).await;

		// 6. Eve's operator flow: new session keys on her node, proven for her account,
		// registered on chain; then the council adds her as a validator.
		let generated: serde_json::Value = eve
			.request(
				"author_rotateKeysWithOwner",
				rpc_params![format!("0x{}", hex::encode(dev::eve().public_key().0))],
			)
			.await
			.expect("author_rotateKeysWithOwner");
		let keys =
			hex::decode(generated["keys"].as_str().unwrap().trim_start_matches("0x")).unwrap();
		let proof =
			hex::decode(generated["proof"].as_str().unwrap().trim_start_matches("0x")).unwrap();
		let eve_aura: [u8; 32] = keys[..32].try_into().unwrap();
		let session_keys = Value::named_composite([
			("aura", Value::unnamed_composite([Value::from_bytes(&keys[..32])])),
			("grandpa", Value::unnamed_composite([Value::from_bytes(&keys[32..64])])),
		]);
		submit(
			&api,
			"Session",
			"set_keys",
			vec![session_keys, Value::from_bytes(proof)],
			&dev::eve(),
		)
		.await
		.expect("Eve registers her session keys");
		// Without the council, no one can add a validator (there is no sudo on this chain).
		let err =
			submit(&api, "Validators", "add_validator", vec![account(&dev::eve())], &dev::alice())
				.await
				.expect_err("a single account is not governance");
		assert!(err.contains("Bad origin") || err.contains("BadOrigin"), "{err}");
		let add =
			chain::runtime_call("Validators", "add_validator", vec![("who", account(&dev::eve()))]);
		let events = council_motion(&api, add, &dev::alice(), &dev::bob()).await.expect("add Eve");
		assert!(event_fields(&events, "Validators", "ValidatorAdded").is_some());
		let (from, _) = heights(&alice).await;
		// Two session boundaries (10 blocks each) later, Eve authors.
		let block = wait_for_author(&alice, eve_aura, from, 240).await;
		// And the chain still finalises with five validators (four must agree).
		wait_until(&alice, "finality with five validators", 120, |_, f| f >= block).await;
	})
	.await;
}
