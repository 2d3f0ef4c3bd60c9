//! Hardening end-to-end: nothing backs a claim that was not really produced. On a dev node:
//! power comes from an Active plant only; an asset owner cannot meter its own cluster; a
//! report claiming more output than its GPU-hours can produce is refused; a Contested epoch
//! is re-opened by the resolver and metered again; an asset activated now cannot report an
//! epoch that ended before; GPU-hours stay within the attested GPUs × the epoch; and a batch of native transfers cannot
//! slip past a holding limit that each transfer alone would respect. Every attack is refused
//! with its named error (or pool code) and moves nothing.

use compute_ledger_e2e::{
	chain::{self, account, keypair, runtime_call, submit, sudo},
	scenario::{
		active_cluster_with_solar, attest_call, batch, bytes, jurisdiction, meter_report,
		report_status, tx, variant, wait_for_epoch,
	},
	subxt::{dynamic::Value, OnlineClient},
	subxt_signer::sr25519::dev,
	wait_for_blocks, ChainDir, TestNode,
};

/// Role bits (`compute_ledger_primitives::Role`).
const ASSET_OWNER: u128 = 1 << 2;
const METER_OPERATOR: u128 = 1 << 3;
const TRADER: u128 = 1 << 5;

#[tokio::test(flavor = "multi_thread")]
async fn output_that_was_not_produced_backs_nothing() {
	let dir = ChainDir::new();
	let mut node = TestNode::dev(dir.path());
	let rpc = node.rpc().await;
	wait_for_blocks(&rpc, 2, 1, &node).await;
	let api: chain::Api = OnlineClient::from_rpc_client(rpc.clone()).await.unwrap();
	let (alice, bob, charlie, dave) = (dev::alice(), dev::bob(), dev::charlie(), dev::dave());

	// Asset 0 is Bob's cluster, 1 his solar plant (Active); 2 a coal plant nobody verified,
	// which cannot power anything.
	active_cluster_with_solar(&api).await;
	let register_power = vec![
		Value::u128(100),
		Value::u128(80),
		variant("Coal"),
		bytes("DE-LU"),
		bytes("nowhere"),
		jurisdiction(b"DE"),
	];
	tx(&api, "ComputeAssets", "register_power", register_power, &bob).await;
	let err = submit(
		&api,
		"ComputeAssets",
		"allocate_power",
		vec![Value::u128(2), Value::u128(0), Value::u128(50)],
		&bob,
	)
	.await
	.expect_err("a Pending plant powers nothing");
	assert!(err.contains("PowerNotActive"), "{err}");

	// The owner may not be one of its own meter operators, even holding the role.
	let roles = runtime_call(
		"Participants",
		"update_roles",
		vec![
			("who", account(&bob)),
			(
				"roles",
				Value::unnamed_composite([Value::u128(ASSET_OWNER | METER_OPERATOR | TRADER)]),
			),
		],
	);
	sudo(&api, roles, &alice).await.expect("governance re-roles Bob");
	let bind = |ops: Vec<Value>, quorum: u128| {
		vec![Value::u128(0), Value::unnamed_composite(ops), Value::u128(quorum)]
	};
	let err = submit(&api, "Metering", "bind_operators", bind(vec![account(&bob)], 1), &bob)
		.await
		.expect_err("an owner metering itself");
	assert!(err.contains("OwnerCannotOperate"), "{err}");

	// A second operator, admitted by the registrar; two of them must agree.
	let second = keypair("//Bob//stash");
	let admit = vec![
		account(&second),
		Value::unnamed_composite([Value::u128(METER_OPERATOR)]),
		jurisdiction(b"DE"),
		Value::u128(1_000_000),
	];
	tx(&api, "Participants", "admit", admit, &alice).await;
	tx(
		&api,
		"Metering",
		"bind_operators",
		bind(vec![account(&charlie), account(&second)], 2),
		&bob,
	)
	.await;
	let epoch = {
		use compute_ledger_e2e::scenario::runtime_api;
		let now = runtime_api(&api, "MeteringApi", "current_epoch", vec![]).await;
		now.as_u128().unwrap()
	};
	wait_for_epoch(&api, epoch + 1).await;
	let submit_report = |tokens: u128, gpu_hours: u128, root: u8| {
		vec![Value::u128(0), Value::u128(epoch), meter_report(tokens, 4, gpu_hours, 4, [root; 32])]
	};

	// 64 GPUs for one minute are at most 2 GPU-hours (rounded up), whatever the cluster declared.
	let err = submit(&api, "Metering", "submit_report", submit_report(9_000_000, 3, 1), &charlie)
		.await
		.expect_err("GPU-hours above the attested GPUs");
	assert!(err.contains("GpuHoursAboveCapacity"), "{err}");

	// 2 GPU-hours cannot produce 400 million tokens (the ceiling is ten million an hour).
	let err = submit(&api, "Metering", "submit_report", submit_report(400_000_000, 2, 1), &charlie)
		.await
		.expect_err("output above the ceiling");
	assert!(err.contains("OutputAboveCeiling"), "{err}");

	// The operators disagree: Contested. The resolver re-opens the epoch, they agree.
	tx(&api, "Metering", "submit_report", submit_report(9_000_000, 1, 2), &charlie).await;
	tx(&api, "Metering", "submit_report", submit_report(8_000_000, 1, 2), &second).await;
	assert_eq!(report_status(&api, 0, epoch).await.as_deref(), Some("Contested"));
	let reopen = runtime_call(
		"Metering",
		"reopen",
		vec![("asset", Value::u128(0)), ("epoch", Value::u128(epoch))],
	);
	sudo(&api, reopen, &alice).await.expect("the resolver re-opens");
	assert_eq!(report_status(&api, 0, epoch).await.as_deref(), Some("Collecting"));
	tx(&api, "Metering", "submit_report", submit_report(9_000_000, 1, 3), &charlie).await;
	tx(&api, "Metering", "submit_report", submit_report(9_000_000, 1, 3), &second).await;
	let status = report_status(&api, 0, epoch).await;
	assert!(matches!(status.as_deref(), Some("Agreed" | "Final")), "{status:?}");

	// Output from before the registry vouched for an asset backs nothing: a cluster (asset 3)
	// registered, attested and activated now cannot report the epoch that has just ended.
	let ferdie = dev::ferdie();
	let register =
		vec![bytes("A100"), Value::u128(64), Value::u128(64), bytes("fra-2"), jurisdiction(b"DE")];
	tx(&api, "ComputeAssets", "register_compute", register, &bob).await;
	batch(&api, vec![attest_call(3, "Capacity"), attest_call(3, "Location")], &ferdie).await;
	let activate = runtime_call("ComputeAssets", "activate", vec![("asset", Value::u128(3))]);
	let bind3 = runtime_call(
		"Metering",
		"bind_operators",
		vec![
			("asset", Value::u128(3)),
			("operators", Value::unnamed_composite([account(&charlie)])),
			("quorum", Value::u128(1)),
		],
	);
	batch(&api, vec![activate, bind3], &bob).await;
	let backdated =
		vec![Value::u128(3), Value::u128(epoch), meter_report(9_000_000, 4, 1, 4, [5; 32])];
	let err = submit(&api, "Metering", "submit_report", backdated, &charlie)
		.await
		.expect_err("an epoch that ended before activation");
	assert!(err.contains("EpochBeforeActivation"), "{err}");
	assert_eq!(
		report_status(&api, 3, epoch).await.as_deref(),
		Some("Collecting"),
		"nothing recorded"
	);

	// A holding limit on native value holds across a batch: two transfers of 1 UNIT to Dave
	// each stay under it, together they do not; the pool refuses the batch (code 115).
	let unit = 1_000_000_000_000u128;
	let dave_before = chain::free_balance(&api, &dave).await;
	let rule = Value::unnamed_variant("MaxHolding", [Value::u128(dave_before + 3 * unit / 2)]);
	let set = |rules: Vec<Value>| {
		runtime_call(
			"Compliance",
			"set_rules",
			vec![("class", variant("Native")), ("rules", Value::unnamed_composite(rules))],
		)
	};
	sudo(&api, set(vec![rule]), &alice).await.expect("the officer limits holdings");
	let transfer = || {
		runtime_call(
			"Balances",
			"transfer_keep_alive",
			vec![
				("dest", Value::unnamed_variant("Id", [account(&dave)])),
				("value", Value::u128(unit)),
			],
		)
	};
	let err = submit(
		&api,
		"Utility",
		"batch_all",
		vec![Value::unnamed_composite([transfer(), transfer()])],
		&alice,
	)
	.await
	.expect_err("the batch exceeds the limit");
	assert!(err.to_lowercase().contains("custom error: 115"), "{err}");
	assert_eq!(chain::free_balance(&api, &dave).await, dave_before);
	submit(&api, "Utility", "batch_all", vec![Value::unnamed_composite([transfer()])], &alice)
		.await
		.expect("one transfer stays under the limit");
	assert_eq!(chain::free_balance(&api, &dave).await, dave_before + unit);
	sudo(&api, set(vec![]), &alice).await.expect("the limit is lifted");
}
