//! Hardening end-to-end: no single insider can take the chain. On a dev node, a registrar
//! (Alice, signing as a participant, not through sudo) tries to lock out every kind of
//! protected account and to hand out the Issuer role; governance's own business stays
//! reachable for a suspended council member; the council's calls and the regulator's
//! unfreeze cannot be paused; a revoked account keeps no roles and only governance admits it
//! again. Every attack is refused with its named error and changes nothing.

use compute_ledger_e2e::{
	chain::{self, account, keypair, runtime_call, submit, sudo},
	rwa::get,
	scenario::{event_fields, variant},
	subxt::{
		dynamic::{At, Value},
		OnlineClient,
	},
	subxt_signer::sr25519::{dev, Keypair},
	wait_for_blocks, ChainDir, TestNode,
};
use serde_json::json;

/// Role bits (`compute_ledger_primitives::Role`).
const AUDITOR: u128 = 1 << 1;
const ISSUER: u128 = 1 << 4;
const TRADER: u128 = 1 << 5;

fn roles(bits: u128) -> Value {
	Value::unnamed_composite([Value::u128(bits)])
}

fn ss58(who: &Keypair) -> String {
	use subxt::utils::AccountId32;
	AccountId32(who.public_key().0).to_string()
}

/// The participant as a wallet sees it: (effective status, roles).
async fn standing(
	rpc: &subxt::rpcs::RpcClient,
	who: &Keypair,
) -> (serde_json::Value, serde_json::Value) {
	let p = get(rpc, "rwa_participant", json!([ss58(who)])).await;
	(p["effectiveStatus"].clone(), p["roles"].clone())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_registrar_cannot_lock_out_governance_and_governance_stays_reachable() {
	let dir = ChainDir::new();
	let mut node = TestNode::dev(dir.path());
	let rpc = node.rpc().await;
	wait_for_blocks(&rpc, 2, 1, &node).await;
	let api: chain::Api = OnlineClient::from_rpc_client(rpc.clone()).await.unwrap();
	let (alice, bob, charlie, dave, eve, ferdie) =
		(dev::alice(), dev::bob(), dev::charlie(), dev::dave(), dev::eve(), dev::ferdie());

	// Ferdie becomes an auditor trusted for compute assets: a protected account.
	let trust = runtime_call(
		"Compliance",
		"add_trusted_auditor",
		vec![("class", variant("ComputeCapacity")), ("auditor", account(&ferdie))],
	);
	sudo(&api, trust, &alice).await.expect("governance trusts Ferdie");

	let before: Vec<_> = {
		let mut v = Vec::new();
		for who in [&alice, &bob, &charlie, &eve, &ferdie] {
			v.push(standing(&rpc, who).await);
		}
		v
	};

	// Alice signs as a registrar participant. Each attack is included and fails by name:
	// Eve (issuer), Bob (council), Alice's own sudo-and-validator peer Charlie (council),
	// Ferdie (trusted auditor).
	let who_reason = |who: &Keypair| vec![account(who), Value::u128(9)];
	let attacks: Vec<(&str, Vec<Value>, &str)> = vec![
		("suspend", who_reason(&eve), "ProtectedAccount"),
		("revoke", who_reason(&bob), "ProtectedAccount"),
		("suspend", who_reason(&charlie), "ProtectedAccount"),
		("update_roles", vec![account(&ferdie), roles(TRADER)], "ProtectedAccount"),
		("renew_kyc", vec![account(&charlie), Value::u128(100)], "ProtectedAccount"),
		("update_roles", vec![account(&dave), roles(ISSUER | TRADER)], "IssuerRoleNeedsGovernance"),
	];
	for (call, args, error) in attacks {
		let err = submit(&api, "Participants", call, args, &alice)
			.await
			.expect_err("a registrar may not change a protected account's standing");
		assert!(err.contains(error), "Participants.{call}: {err}");
	}
	for (who, was) in [&alice, &bob, &charlie, &eve, &ferdie].into_iter().zip(&before) {
		assert_eq!(&standing(&rpc, who).await, was, "{} changed", ss58(who));
	}
	assert_eq!(standing(&rpc, &dave).await.1, json!(["Trader"]));

	// Neither the council's motions nor the regulator's unfreeze can be paused.
	for (pallet, call) in [("Council", "close"), ("Council", "vote"), ("Participants", "unfreeze")]
	{
		let pause = runtime_call(
			"TxPause",
			"pause",
			vec![(
				"full_name",
				Value::unnamed_composite([Value::from_bytes(pallet), Value::from_bytes(call)]),
			)],
		);
		let err = sudo(&api, pause, &alice).await.expect_err("governance is never paused");
		// TxPause (pallet index 8) error 2: `Unpausable`.
		assert!(err.contains("index: 8, error: (2, 0, 0, 0)"), "{pallet}.{call}: {err}");
	}

	// Governance suspends Charlie; as a council member he still votes and closes a motion
	// (the admission check lets the council's business through), but nothing else.
	let suspend = runtime_call(
		"Participants",
		"suspend",
		vec![("who", account(&charlie)), ("reason", Value::u128(5))],
	);
	sudo(&api, suspend, &alice).await.expect("governance may suspend a council member");
	assert_eq!(standing(&rpc, &charlie).await.0, json!({"Suspended": {"reason": 5}}));
	let transfer = vec![Value::unnamed_variant("Id", [account(&dave)]), Value::u128(1_000)];
	let err = submit(&api, "Balances", "transfer_keep_alive", transfer, &charlie)
		.await
		.expect_err("a suspended account is refused at the pool");
	assert!(err.to_lowercase().contains("custom error: 101"), "{err}");

	let remark =
		runtime_call("System", "remark_with_event", vec![("remark", Value::from_bytes(b"motion"))]);
	let propose = vec![Value::u128(2), remark, Value::u128(10_000)];
	let events = submit(&api, "Council", "propose", propose, &bob).await.expect("Bob proposes");
	let proposed = event_fields(&events, "Council", "Proposed").expect("a Proposed event");
	let hash = proposed.at("proposal_hash").cloned().expect("a proposal hash");
	let index = proposed.at("proposal_index").cloned().expect("an index");
	for member in [&bob, &charlie] {
		submit(
			&api,
			"Council",
			"vote",
			vec![hash.clone(), index.clone(), Value::bool(true)],
			member,
		)
		.await
		.expect("council members vote, the suspended one too");
	}
	let bound = Value::named_composite([
		("ref_time", Value::u128(500_000_000_000)),
		("proof_size", Value::u128(1_000_000)),
	]);
	let close = vec![hash, index, bound, Value::u128(10_000)];
	let events = submit(&api, "Council", "close", close, &charlie)
		.await
		.expect("the suspended member closes the motion");
	assert!(event_fields(&events, "Council", "Executed").is_some(), "the motion was executed");

	// A revoked record keeps no roles; the registrar cannot bring it back, governance can.
	let newcomer = keypair("//Alice//stash");
	let admit = |who: &Keypair| {
		vec![
			account(who),
			roles(TRADER | AUDITOR),
			Value::unnamed_composite([Value::from_bytes(b"DE")]),
			Value::u128(1_000_000),
		]
	};
	submit(&api, "Participants", "admit", admit(&newcomer), &alice).await.expect("admitted");
	submit(&api, "Participants", "revoke", who_reason(&newcomer), &alice).await.expect("revoked");
	assert_eq!(standing(&rpc, &newcomer).await, (json!("Revoked"), json!([])));
	let err = submit(&api, "Participants", "admit", admit(&newcomer), &alice)
		.await
		.expect_err("re-admission is governance's");
	assert!(err.contains("ReadmissionNeedsGovernance"), "{err}");
	assert_eq!(standing(&rpc, &newcomer).await.0, json!("Revoked"));
	let readmit = runtime_call(
		"Participants",
		"admit",
		vec![
			("who", account(&newcomer)),
			("roles", roles(TRADER)),
			("jurisdiction", Value::unnamed_composite([Value::from_bytes(b"DE")])),
			("kyc_expiry", Value::u128(1_000_000)),
		],
	);
	sudo(&api, readmit, &alice).await.expect("governance re-admits");
	assert_eq!(standing(&rpc, &newcomer).await, (json!("Active"), json!(["Trader"])));
}
