//! No well-known keys outside `--dev`: the node refuses an empty or unknown `--chain` instead
//! of falling back to a preset, runs the loopback test network on loopback addresses only,
//! and `scripts/new-network.sh` makes a real network whose raw chain spec names no
//! development account or node key, and whose validator produces and finalises blocks with
//! the keys the ceremony put in its keystore.

use compute_ledger_e2e::{
	free_port,
	network::PEER_IDS,
	node_binary,
	rwa::{call, get},
	wait_for_blocks, ChainDir, TestNode,
};
use serde_json::json;
use std::{path::Path, process::Command};

/// Runs the node with `args` and returns (success, everything it printed).
fn run_node(args: &[&str], base: &Path) -> (bool, String) {
	let out = Command::new(node_binary())
		.args(args)
		.arg("--base-path")
		.arg(base)
		.args(["--no-prometheus", "--no-telemetry", "--no-mdns"])
		.output()
		.expect("the node binary runs");
	let text =
		format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
	(out.status.success(), text)
}

#[test]
fn the_node_refuses_missing_unknown_and_non_loopback_chains() {
	let dir = ChainDir::new();
	let (ok, text) = run_node(&[], dir.path());
	assert!(!ok && text.contains("no chain given"), "{text}");
	let (ok, text) = run_node(&["--chain", "local"], dir.path());
	assert!(!ok && text.contains("unknown chain \"local\""), "{text}");
	let (ok, text) = run_node(&["--chain", "polkadot"], dir.path());
	assert!(!ok && text.contains("unknown chain"), "{text}");
	let listen = format!("/ip4/0.0.0.0/tcp/{}", free_port());
	let (ok, text) = run_node(
		&["--chain", "local-loopback", "--listen-addr", &listen, "--rpc-port", "0"],
		dir.path(),
	);
	assert!(!ok && text.contains("listens on loopback only"), "{text}");
}

/// The public key (hex, no prefix) of a development secret URI in a scheme.
fn dev_public(scheme: &str, uri: &str) -> String {
	let out = Command::new(node_binary())
		.args(["key", "inspect", "--scheme", scheme, "--output-type", "json", uri])
		.output()
		.expect("key inspect runs");
	let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
	json["publicKey"].as_str().unwrap().trim_start_matches("0x").to_lowercase()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_key_ceremony_makes_a_network_without_well_known_keys() {
	let dir = ChainDir::new();
	let out = dir.path().join("net");
	let script = compute_ledger_e2e::repo_path("scripts/new-network.sh");
	let status = Command::new("bash")
		.arg(&script)
		.arg(&out)
		.args(["--validators", "1", "--council", "3", "--registrars", "1"])
		.env("NODE_BIN", node_binary())
		.status()
		.expect("the ceremony runs");
	assert!(status.success(), "new-network.sh failed");
	let spec: serde_json::Value =
		serde_json::from_str(&std::fs::read_to_string(out.join("chain-spec.json")).unwrap())
			.unwrap();
	assert_eq!(spec["chainType"], "Live", "a live chain");
	// Every key and value of the genesis state, but the runtime code (`:code`): the wasm
	// carries the development presets, which this chain's state does not use.
	let mut top = spec["genesis"]["raw"]["top"].as_object().expect("a raw chain spec").clone();
	assert!(top.remove("0x3a636f6465").is_some(), "the runtime code is in the spec");
	assert!(top.len() > 50, "the genesis state is in the spec");
	let raw = serde_json::to_string(&top).unwrap().to_lowercase();

	// No development account (sr25519 or ed25519, stash or not) and no dev node key.
	let names = ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"];
	for name in names {
		for uri in [format!("//{name}"), format!("//{name}//stash")] {
			for scheme in ["sr25519", "ed25519"] {
				let key = dev_public(scheme, &uri);
				assert!(!raw.contains(&key), "{uri} ({scheme}) is in the chain spec");
			}
		}
	}
	for peer in PEER_IDS {
		let bytes = compute_ledger_e2e::network::peer_id_bytes(peer);
		let ed25519 = hex::encode(&bytes[6..]);
		assert!(!raw.contains(&ed25519), "dev node key {peer} is in the chain spec");
	}

	// The secrets are readable by their owner only.
	use std::os::unix::fs::PermissionsExt;
	let mode = std::fs::metadata(out.join("secrets")).unwrap().permissions().mode();
	assert_eq!(mode & 0o077, 0, "secrets/ is private");

	// The one validator authors and finalises with the keys in its keystore; the registrar
	// is admitted, no development account is.
	let base = out.join("validator-1");
	let spec = out.join("chain-spec.json");
	let args = vec![
		"--chain".to_string(),
		spec.display().to_string(),
		"--node-key-file".to_string(),
		base.join("node-key").display().to_string(),
		"--validator".to_string(),
	];
	let mut node = TestNode::start_on(args, &base, free_port(), free_port());
	let rpc = node.rpc().await;
	wait_for_blocks(&rpc, 3, 2, &node).await;
	let public: serde_json::Value =
		serde_json::from_str(&std::fs::read_to_string(out.join("public.json")).unwrap()).unwrap();
	let registrar = public["registrars"][0].as_str().unwrap();
	let p = get(&rpc, "rwa_participant", json!([registrar])).await;
	assert_eq!(p["roles"], json!(["Registrar"]), "{p}");
	assert_eq!(p["effectiveStatus"], "Active", "{p}");
	let alice =
		call(&rpc, "rwa_participant", json!(["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"]))
			.await
			.expect_err("Alice is not admitted");
	assert!(alice.1.contains("not found"), "{alice:?}");
}
