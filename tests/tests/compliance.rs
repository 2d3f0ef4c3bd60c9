//! Compliance end-to-end: the "why would this transfer fail" runtime API answers a wallet
//! over JSON-RPC, and a regulator freeze stops an account's value movements at the pool.

use compute_ledger_e2e::{
	chain::{self, account, keypair, runtime_call, submit, sudo},
	subxt::{
		self,
		dynamic::{self, At, Value},
		OnlineClient,
	},
	subxt_signer::sr25519::dev,
	wait_for_blocks, ChainDir, TestNode,
};

async fn report(api: &chain::Api, from: &[u8; 32], to: &[u8; 32], amount: u128) -> Value {
	let call = dynamic::runtime_api_call::<_, Value>(
		"ComplianceApi",
		"transfer_report",
		(Value::unnamed_variant("StableValue", []), *from, *to, amount),
	);
	api.at_current_block().await.unwrap().runtime_apis().call(call).await.unwrap()
}

fn failures(report: &Value) -> Vec<String> {
	let checks = report.at("checks").expect("a report lists its checks");
	let mut out = Vec::new();
	let mut i = 0;
	while let Some(check) = checks.at(i) {
		if let Some(f) = check.at("failure") {
			if let subxt::ext::scale_value::ValueDef::Variant(v) = &f.value {
				if v.name == "Some" {
					out.push(format!("{}", v.values.values().next().unwrap()));
				}
			}
		}
		i += 1;
	}
	out
}

#[tokio::test(flavor = "multi_thread")]
async fn transfer_report_explains_and_freeze_stops_value() {
	let dir = ChainDir::new();
	let mut node = TestNode::dev(dir.path());
	let rpc = node.rpc().await;
	wait_for_blocks(&rpc, 2, 1, &node).await;
	let api: chain::Api = OnlineClient::from_rpc_client(rpc.clone()).await.unwrap();
	let (alice, dave) = (dev::alice(), dev::dave());
	let outsider = keypair("//Bob//stash");

	// Between two active participants every check passes.
	let ok = report(&api, &alice.public_key().0, &dave.public_key().0, 10).await;
	assert_eq!(ok.at("passed").and_then(|v| v.as_bool()), Some(true), "{ok}");
	assert!(ok.at("checks").and_then(|c| c.at(3)).is_some(), "four base checks: {ok}");

	// To an unadmitted account: the report names the failing check.
	let bad = report(&api, &alice.public_key().0, &outsider.public_key().0, 10).await;
	assert_eq!(bad.at("passed").and_then(|v| v.as_bool()), Some(false), "{bad}");
	let why = failures(&bad);
	assert_eq!(why.len(), 1, "{why:?}");
	assert!(why[0].contains("NotAdmitted") && why[0].contains("Receiver"), "{why:?}");

	// Native transfers pass the same check at the pool, directly and inside a batch.
	let to_outsider = vec![Value::unnamed_variant("Id", [account(&outsider)]), Value::u128(1_000)];
	let err = submit(&api, "Balances", "transfer_keep_alive", to_outsider.clone(), &alice)
		.await
		.expect_err("no native transfer to an unadmitted account");
	assert!(err.to_lowercase().contains("custom error: 111"), "{err}");
	let batched = Value::unnamed_composite([runtime_call(
		"Balances",
		"transfer_keep_alive",
		vec![("dest", to_outsider[0].clone()), ("value", Value::u128(1_000))],
	)]);
	let err = submit(&api, "Utility", "batch_all", vec![batched], &alice)
		.await
		.expect_err("no batched native transfer to an unadmitted account");
	assert!(err.to_lowercase().contains("custom error: 111"), "{err}");

	// The regulator freezes Dave: his native balance cannot move, not even for fees.
	let freeze = runtime_call(
		"Participants",
		"freeze",
		vec![("who", account(&dave)), ("reason", Value::u128(3))],
	);
	sudo(&api, freeze, &alice).await.expect("the regulator freezes Dave");
	let frozen = report(&api, &dave.public_key().0, &alice.public_key().0, 10).await;
	assert!(failures(&frozen).iter().any(|f| f.contains("Frozen")), "{frozen}");
	let transfer = vec![Value::unnamed_variant("Id", [account(&alice)]), Value::u128(1_000)];
	let err = submit(&api, "Balances", "transfer_keep_alive", transfer.clone(), &dave)
		.await
		.expect_err("a frozen account cannot move value");
	assert!(err.to_lowercase().contains("invalid"), "{err}");

	// Unfrozen, he can again.
	let unfreeze = runtime_call("Participants", "unfreeze", vec![("who", account(&dave))]);
	sudo(&api, unfreeze, &alice).await.expect("the regulator unfreezes Dave");
	submit(&api, "Balances", "transfer_keep_alive", transfer.clone(), &dave)
		.await
		.expect("an unfrozen trader transfers");

	// Emergency pause of one call, on every path, and its release.
	let name = || {
		Value::unnamed_composite([
			Value::from_bytes(b"Balances"),
			Value::from_bytes(b"transfer_keep_alive"),
		])
	};
	let pause = runtime_call("TxPause", "pause", vec![("full_name", name())]);
	sudo(&api, pause, &alice).await.expect("the regulator pauses transfers");
	let err = submit(&api, "Balances", "transfer_keep_alive", transfer.clone(), &dave)
		.await
		.expect_err("a paused call fails");
	assert!(err.contains("CallFiltered"), "{err}");
	let unpause = runtime_call("TxPause", "unpause", vec![("ident", name())]);
	sudo(&api, unpause, &alice).await.expect("the regulator lifts the pause");
	submit(&api, "Balances", "transfer_keep_alive", transfer, &dave)
		.await
		.expect("transfers work again");
}
