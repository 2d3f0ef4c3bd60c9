//! Output-backed claims end-to-end on a dev node: Bob's GPU cluster is registered, verified
//! and activated; two meter operators (Charlie and a second operator the registrar admits)
//! report the cluster's first epoch with a quorum of two; once the challenge window has passed Bob mints
//! claims against the Final output, sends some to Dave, who redeems part of them. Minting
//! beyond the output fails with the named error, and a wallet follows the backing through
//! `ClaimsApi` at every step.

use compute_ledger_e2e::{
	chain::{self, account, keypair, submit},
	scenario::{
		active_cluster_with_solar, bytes_of, event_fields, meter_report, runtime_api, tx,
		variant_name, wait_for_epoch,
	},
	subxt::{
		dynamic::{At, Value},
		rpcs::rpc_params,
		OnlineClient,
	},
	subxt_signer::sr25519::dev,
	wait_for_blocks, ChainDir, TestNode,
};

async fn claims_api(api: &chain::Api, method: &str, args: Vec<Value>) -> Value {
	runtime_api(api, "ClaimsApi", method, args).await
}

async fn report_status(api: &chain::Api, epoch: u128) -> Option<String> {
	let view =
		runtime_api(api, "MeteringApi", "epoch_report", vec![Value::u128(0), Value::u128(epoch)])
			.await;
	view.at("status").map(variant_name)
}

fn field(v: &Value, name: &str) -> Option<u128> {
	v.at(name).and_then(|v| v.as_u128())
}

#[tokio::test(flavor = "multi_thread")]
async fn mint_transfer_and_redeem_claims_backed_by_final_output() {
	let dir = ChainDir::new();
	let mut node = TestNode::dev(dir.path());
	let rpc = node.rpc().await;
	wait_for_blocks(&rpc, 2, 1, &node).await;
	let api: chain::Api = OnlineClient::from_rpc_client(rpc.clone()).await.unwrap();
	let (alice, bob, charlie, dave) = (dev::alice(), dev::bob(), dev::charlie(), dev::dave());

	let epoch = active_cluster_with_solar(&api).await;

	// The registrar (Alice) admits a second meter operator; it is funded at genesis.
	let second = keypair("//Charlie//stash");
	let admit = vec![
		account(&second),
		Value::unnamed_composite([Value::u128(1 << 3)]),
		Value::unnamed_composite([Value::from_bytes(b"DE")]),
		Value::u128(1_000_000),
	];
	tx(&api, "Participants", "admit", admit, &alice).await;
	let operators = Value::unnamed_composite([account(&charlie), account(&second)]);
	tx(&api, "Metering", "bind_operators", vec![Value::u128(0), operators, Value::u128(2)], &bob)
		.await;

	// Both report the cluster's first epoch once it has ended: 9_000_000 output tokens, 9_000
	// claim units.
	wait_for_epoch(&api, epoch + 1).await;
	let report = || meter_report(9_000_000, 4, 1, 4, [42u8; 32]);
	for op in [&charlie, &second] {
		tx(
			&api,
			"Metering",
			"submit_report",
			vec![Value::u128(0), Value::u128(epoch), report()],
			op,
		)
		.await;
	}
	assert_eq!(report_status(&api, epoch).await.as_deref(), Some("Agreed"));

	// Inside the challenge window the output backs nothing yet.
	let mint = |amount: u128| vec![Value::u128(0), Value::u128(epoch), Value::u128(amount)];
	let early = submit(&api, "Claims", "mint", mint(1), &bob).await.expect_err("not final yet");
	assert!(early.contains("OutputNotFinal"), "{early}");
	let mintable = claims_api(&api, "mintable", vec![Value::u128(0), Value::u128(epoch)]).await;
	assert_eq!(mintable.as_u128(), Some(0), "{mintable}");

	// The dev chain's window is 10 blocks; then the report is Final.
	for _ in 0..60 {
		if report_status(&api, epoch).await.as_deref() == Some("Final") {
			break;
		}
		tokio::time::sleep(std::time::Duration::from_secs(1)).await;
	}
	assert_eq!(report_status(&api, epoch).await.as_deref(), Some("Final"));
	let mintable = claims_api(&api, "mintable", vec![Value::u128(0), Value::u128(epoch)]).await;
	assert_eq!(mintable.as_u128(), Some(9_000), "{mintable}");

	// Bob mints all of it; one more unit is beyond the output.
	tx(&api, "Claims", "mint", mint(9_000), &bob).await;
	let over = submit(&api, "Claims", "mint", mint(1), &bob).await.expect_err("over-mint");
	assert!(over.contains("ExceedsMeteredOutput"), "{over}");
	let class = claims_api(&api, "class_of", vec![Value::u128(0), Value::u128(epoch)]).await;
	let class = class.at(0).and_then(|c| c.as_u128()).expect("class opened");

	// Bob sends 2_000 to Dave (an admitted trader); Dave redeems 500.
	let send = vec![Value::u128(class), account(&dave), Value::u128(2_000)];
	tx(&api, "Claims", "transfer", send, &bob).await;
	let events =
		submit(&api, "Claims", "redeem", vec![Value::u128(class), Value::u128(500)], &dave)
			.await
			.expect("Dave redeems");
	let fields = event_fields(&events, "Claims", "ClaimsRedeemed").expect("a ClaimsRedeemed event");
	assert_eq!(field(&fields, "tokens"), Some(500_000), "{fields}");
	let provider = fields.at("provider").map(bytes_of);
	assert_eq!(provider, Some(bob.public_key().0.to_vec()), "{fields}");

	let balance = |who| vec![Value::u128(class), account(who)];
	let dave_holds = claims_api(&api, "claims_balance", balance(&dave)).await;
	assert_eq!(dave_holds.as_u128(), Some(1_500));
	let bob_holds = claims_api(&api, "claims_balance", balance(&bob)).await;
	assert_eq!(bob_holds.as_u128(), Some(7_000));

	// Provenance and backing as a wallet reads them.
	let view = claims_api(&api, "claim_class", vec![Value::u128(class)]).await;
	let view = view.at(0).expect("the class exists");
	assert_eq!(field(view, "reported_tokens_out"), Some(9_000_000), "{view}");
	assert_eq!(field(view, "tokens_per_kwh"), Some(2_250_000), "{view}");
	assert_eq!(field(view, "minted"), Some(9_000), "{view}");
	assert_eq!(field(view, "redeemed"), Some(500), "{view}");
	assert_eq!(field(view, "outstanding"), Some(8_500), "{view}");
	assert_eq!(field(view, "mintable"), Some(0), "{view}");
	let mix = view.at("energy_mix").and_then(|m| m.at(0)).expect("one source");
	assert_eq!(mix.at(0).map(variant_name).as_deref(), Some("Solar"), "{view}");
	assert_eq!(mix.at(1).and_then(|p| p.at(0)).and_then(|v| v.as_u128()), Some(1_000_000_000));

	// The ledger's own calls are not part of the runtime: nothing bypasses `Claims.transfer`.
	let raw: String = rpc.request("state_getMetadata", rpc_params![]).await.unwrap();
	let bytes = hex::decode(raw.trim_start_matches("0x")).unwrap();
	let metadata = compute_ledger_e2e::subxt::Metadata::decode_from(&bytes).unwrap();
	let ledger = metadata.pallet_by_name("ClaimLedger").expect("the ledger pallet");
	assert!(ledger.call_variants().is_none_or(|c| c.is_empty()), "ClaimLedger has calls");
}
