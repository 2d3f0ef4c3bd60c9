//! Value never strands: the regulator's forced recovery of a lost account on a dev node. Bob
//! (an asset owner with claims, stable value, a resting order on each side and an affirmed
//! instruction) loses his key. Nobody but governance may recover or force-transfer; while the
//! instruction holds Bob's stable value the recovery is refused with a named error and nothing
//! moves; once it is cancelled, one call closes Bob's orders (escrow and deposits back) and
//! moves his claims, both assets, his native and his stable value to the heir. The regulator's
//! forced transfer of claims (T-REX's `forcedTransfer`) then moves claims without a signature.

use compute_ledger_e2e::{
	chain::{self, account, keypair, runtime_call, submit, sudo},
	scenario::{
		active_cluster_with_solar, bytes_of, final_epoch, jurisdiction, runtime_api, tx, variant,
	},
	subxt::{
		self,
		dynamic::{At, Value},
		OnlineClient,
	},
	subxt_signer::sr25519::{dev, Keypair},
	wait_for_blocks, ChainDir, TestNode,
};

const EURD: u128 = 1_000_000;
/// `RoleSet` bits: AssetOwner (1 << 2) and Trader (1 << 5).
const ASSET_OWNER_AND_TRADER: u128 = (1 << 2) | (1 << 5);

async fn stable_total(api: &chain::Api, who: &Keypair) -> u128 {
	let b = runtime_api(api, "StableValueApi", "balance", vec![account(who)]).await;
	b.at("total").and_then(|v| v.as_u128()).unwrap()
}

async fn claims(api: &chain::Api, who: &Keypair) -> u128 {
	let args = vec![Value::u128(0), account(who)];
	runtime_api(api, "ClaimsApi", "claims_balance", args).await.as_u128().unwrap()
}

async fn open_orders(api: &chain::Api, who: &Keypair) -> usize {
	let args = vec![account(who), Value::u128(0), Value::u128(10)];
	let open = runtime_api(api, "SettlementApi", "open_orders", args).await;
	(0..).take_while(|i| open.at(*i).is_some()).count()
}

/// Native balance held from `who` (order deposits among it), at the latest block.
async fn native_held(api: &chain::Api, who: &Keypair) -> u128 {
	let at = api.at_current_block().await.unwrap();
	let addr = subxt::dynamic::storage::<([u8; 32],), Value>("System", "Account");
	let info = at.storage().fetch(addr, (who.public_key().0,)).await.unwrap().decode().unwrap();
	info.at("data").and_then(|d| d.at("reserved")).and_then(|v| v.as_u128()).unwrap()
}

async fn owner_of(api: &chain::Api, asset: u128) -> Vec<u8> {
	let record = runtime_api(api, "ComputeAssetsApi", "asset", vec![Value::u128(asset)]).await;
	bytes_of(record.at(0).and_then(|a| a.at("owner")).expect("the asset exists"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_account_is_recovered_whole_or_not_at_all() {
	let dir = ChainDir::new();
	let mut node = TestNode::dev(dir.path());
	let rpc = node.rpc().await;
	wait_for_blocks(&rpc, 2, 1, &node).await;
	let api: chain::Api = OnlineClient::from_rpc_client(rpc.clone()).await.unwrap();
	let (alice, bob, dave, eve) = (dev::alice(), dev::bob(), dev::dave(), dev::eve());
	let heir = keypair("//Bob//heir");

	// Bob's holdings: 9_000 claims of class 0, two assets, 1_000 EURD.
	let epoch = active_cluster_with_solar(&api).await;
	final_epoch(&api, epoch, 9_000_000).await;
	tx(&api, "Claims", "mint", vec![Value::u128(0), Value::u128(epoch), Value::u128(9_000)], &bob)
		.await;
	let mint = vec![Value::u128(10_000 * EURD), Value::from_bytes([3u8; 32])];
	tx(&api, "StableValue", "mint", mint, &eve).await;
	tx(&api, "StableValue", "transfer", vec![account(&bob), Value::u128(1_000 * EURD)], &eve).await;
	let admit = vec![
		account(&heir),
		Value::unnamed_composite([Value::u128(ASSET_OWNER_AND_TRADER)]),
		jurisdiction(b"DE"),
		Value::u128(1_000_000),
	];
	tx(&api, "Participants", "admit", admit, &alice).await;
	// The heir pays its own fees in the refusals below.
	let fund = vec![Value::unnamed_variant("Id", [account(&heir)]), Value::u128(1_000_000_000_000)];
	tx(&api, "Balances", "transfer_keep_alive", fund, &alice).await;

	// A resting order on each side and an affirmed instruction leg of 7 EURD to Dave.
	let order = |side: &str, price: u128, amount: u128| {
		vec![
			Value::u128(0),
			variant(side),
			Value::u128(price),
			Value::u128(amount),
			Value::unnamed_variant("None", []),
			Value::u128(0),
		]
	};
	tx(&api, "Settlement", "place_order", order("Sell", EURD / 10, 1_000), &bob).await;
	tx(&api, "Settlement", "place_order", order("Buy", EURD / 100, 500), &bob).await;
	let leg = Value::named_composite([
		("from", account(&bob)),
		("to", account(&dave)),
		("asset", variant("StableValue")),
		("amount", Value::u128(7 * EURD)),
	]);
	let create = vec![Value::unnamed_composite([leg]), variant("Manual"), Value::u128(1_000_000)];
	tx(&api, "Settlement", "create_instruction", create, &bob).await;
	tx(&api, "Settlement", "affirm_instruction", vec![Value::u128(0), Value::u128(1)], &bob).await;
	assert_eq!(open_orders(&api, &bob).await, 2);
	let (bob_claims, bob_stable) = (claims(&api, &bob).await, stable_total(&api, &bob).await);
	assert_eq!(bob_claims, 9_000);

	let recover = runtime_call(
		"Participants",
		"recover_account",
		vec![("lost", account(&bob)), ("new", account(&heir)), ("reason", Value::u128(9))],
	);
	let force = |from: &Keypair, to: &Keypair, amount: u128| {
		runtime_call(
			"Claims",
			"force_transfer",
			vec![
				("class", Value::u128(0)),
				("from", account(from)),
				("to", account(to)),
				("amount", Value::u128(amount)),
				("reason", Value::u128(4)),
			],
		)
	};

	// Nobody but governance recovers or forces: a registrar, a trader, the heir itself.
	for who in [&alice, &dave, &heir] {
		let args = vec![account(&bob), account(&heir), Value::u128(9)];
		let err = submit(&api, "Participants", "recover_account", args, who)
			.await
			.expect_err("only governance recovers");
		assert!(err.contains("Bad origin"), "{err}");
		let args =
			vec![Value::u128(0), account(&bob), account(who), Value::u128(1), Value::u128(4)];
		let err = submit(&api, "Claims", "force_transfer", args, who)
			.await
			.expect_err("only governance forces a transfer");
		assert!(err.contains("Bad origin"), "{err}");
	}

	// The affirmed instruction holds Bob's stable value: refused by name, nothing moved.
	let err = sudo(&api, recover.clone(), &alice).await.expect_err("escrow refuses it");
	assert!(err.contains("ValueStillHeld"), "{err}");
	assert_eq!(open_orders(&api, &bob).await, 2);
	assert_eq!(claims(&api, &bob).await, bob_claims);
	assert_eq!(stable_total(&api, &bob).await, bob_stable);
	assert_eq!(owner_of(&api, 0).await, bob.public_key().0.to_vec());

	// The instruction ends; the recovery moves everything in one call.
	tx(&api, "Settlement", "cancel_instruction", vec![Value::u128(0), Value::u128(1)], &bob).await;
	// Free and held: the recovery closes Bob's orders first, so their deposits move too.
	let bob_native = chain::free_balance(&api, &bob).await + native_held(&api, &bob).await;
	assert!(native_held(&api, &bob).await > 0, "Bob's orders hold deposits");
	let heir_native = chain::free_balance(&api, &heir).await;
	sudo(&api, recover, &alice).await.expect("the recovery succeeds");
	assert_eq!(open_orders(&api, &bob).await, 0);
	assert_eq!((claims(&api, &bob).await, claims(&api, &heir).await), (0, bob_claims));
	assert_eq!(stable_total(&api, &bob).await, 0);
	assert_eq!(stable_total(&api, &heir).await, bob_stable);
	assert_eq!(chain::free_balance(&api, &bob).await + native_held(&api, &bob).await, 0);
	assert_eq!(chain::free_balance(&api, &heir).await, heir_native + bob_native);
	for asset in [0, 1] {
		assert_eq!(owner_of(&api, asset).await, heir.public_key().0.to_vec());
	}
	// Bob is revoked: his key signs nothing any more.
	let err = submit(
		&api,
		"Claims",
		"transfer",
		vec![Value::u128(0), account(&dave), Value::u128(1)],
		&bob,
	)
	.await
	.expect_err("a revoked account");
	// Refused at the pool: code 103, the signer was revoked.
	assert!(err.contains("custom error: 103"), "{err}");

	// The regulator's forced transfer: only free claims, to an allowed recipient.
	let err = sudo(&api, force(&heir, &dave, 10_000), &alice).await.expect_err("more than held");
	assert!(err.contains("InsufficientClaims"), "{err}");
	let err = sudo(&api, force(&heir, &bob, 10), &alice).await.expect_err("a revoked recipient");
	assert!(err.contains("RecipientNotAllowed"), "{err}");
	sudo(&api, force(&heir, &dave, 10), &alice).await.expect("a forced transfer");
	assert_eq!(claims(&api, &dave).await, 10);
	assert_eq!(claims(&api, &heir).await, bob_claims - 10);
}
