//! Admission end-to-end: the pool rejects an unadmitted signer with the documented code, the
//! same transfer goes through once the account is admitted, and is rejected again once the
//! account is suspended.

use compute_ledger_e2e::{
	best_number,
	chain::{self, account, keypair, runtime_call, submit, sudo},
	subxt::{dynamic::Value, rpcs::rpc_params, OnlineClient},
	subxt_signer::sr25519::dev,
	wait_for_blocks, ChainDir, TestNode,
};

/// `compute_ledger_primitives::admission_codes`, as a wallet sees them
/// ("Invalid transaction with custom error: 100").
const NOT_ADMITTED: &str = "custom error: 100";
const SUSPENDED: &str = "custom error: 101";

fn is_invalid_with(err: &str, code: &str) -> bool {
	let err = err.to_lowercase();
	err.contains("invalid transaction") && err.contains(code)
}

#[tokio::test(flavor = "multi_thread")]
async fn unadmitted_and_suspended_signers_are_rejected_at_the_pool() {
	let dir = ChainDir::new();
	let mut node = TestNode::dev(dir.path());
	let rpc = node.rpc().await;
	wait_for_blocks(&rpc, 2, 1, &node).await;
	let api: chain::Api = OnlineClient::from_rpc_client(rpc.clone()).await.unwrap();

	// Funded at genesis, but never admitted.
	let outsider = keypair("//Alice//stash");
	let (alice, dave) = (dev::alice(), dev::dave());
	let amount = 5_000_000_000_000u128;
	let transfer = || vec![Value::unnamed_variant("Id", [account(&dave)]), Value::u128(amount)];
	let dave_before = chain::free_balance(&api, &dave).await;
	let outsider_before = chain::free_balance(&api, &outsider).await;

	let err = submit(&api, "Balances", "transfer_keep_alive", transfer(), &outsider)
		.await
		.expect_err("an unadmitted signer is rejected");
	assert!(is_invalid_with(&err, NOT_ADMITTED), "{err}");

	// Never in the pool, never in a block, no fee taken.
	let pending: Vec<String> =
		rpc.request("author_pendingExtrinsics", rpc_params![]).await.unwrap();
	assert!(pending.is_empty(), "pool holds {pending:?}");
	let best = best_number(&rpc).await;
	wait_for_blocks(&rpc, best + 2, 0, &node).await;
	assert_eq!(chain::free_balance(&api, &dave).await, dave_before);
	assert_eq!(chain::free_balance(&api, &outsider).await, outsider_before);

	// Governance admits the account as a trader; the same transfer now succeeds.
	let admit = runtime_call(
		"Participants",
		"admit",
		vec![
			("who", account(&outsider)),
			("roles", Value::unnamed_composite([Value::u128(1 << 5)])),
			("jurisdiction", Value::unnamed_composite([Value::from_bytes(b"DE")])),
			("kyc_expiry", Value::u128(1_000_000)),
		],
	);
	sudo(&api, admit, &alice).await.expect("admission succeeds");
	submit(&api, "Balances", "transfer_keep_alive", transfer(), &outsider)
		.await
		.expect("an admitted trader transfers");
	assert_eq!(chain::free_balance(&api, &dave).await, dave_before + amount);

	// Suspended: rejected again, with the suspension code.
	let suspend = runtime_call(
		"Participants",
		"suspend",
		vec![("who", account(&outsider)), ("reason", Value::u128(7))],
	);
	sudo(&api, suspend, &alice).await.expect("suspension succeeds");
	let err = submit(&api, "Balances", "transfer_keep_alive", transfer(), &outsider)
		.await
		.expect_err("a suspended signer is rejected");
	assert!(is_invalid_with(&err, SUSPENDED), "{err}");
	assert_eq!(chain::free_balance(&api, &dave).await, dave_before + amount);
}
