//! Foundation end-to-end test: a real `--dev` node produces and finalises blocks, serves
//! metadata, accepts a signed transfer from a real client, and keeps its chain across a
//! SIGTERM restart on the same base path.

use compute_ledger_e2e::{
	best_number, finalized_number,
	subxt::{
		self,
		dynamic::{self, At, Value},
		rpcs::rpc_params,
		OnlineClient, SubstrateConfig,
	},
	subxt_signer::sr25519::dev,
	wait_for_blocks, ChainDir, TestNode,
};

/// `GET <path>` on `port`, HTTP/1.1: the status line and the body.
async fn http_get(port: u16, path: &str) -> (String, String) {
	use tokio::io::{AsyncReadExt, AsyncWriteExt};
	let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
	let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
	stream.write_all(request.as_bytes()).await.unwrap();
	let mut response = String::new();
	stream.read_to_string(&mut response).await.unwrap();
	let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
	(head.lines().next().unwrap_or_default().to_string(), body.to_string())
}

async fn free_balance(api: &OnlineClient<SubstrateConfig>, who: [u8; 32]) -> u128 {
	let at = api.at_current_block().await.unwrap();
	let addr = dynamic::storage::<([u8; 32],), Value>("System", "Account");
	let info = at.storage().fetch(addr, (who,)).await.unwrap().decode().unwrap();
	let free = info.at("data").and_then(|d| d.at("free")).and_then(|v| v.as_u128());
	free.expect("AccountInfo.data.free is a number")
}

#[tokio::test(flavor = "multi_thread")]
async fn dev_node_produces_finalises_transfers_and_survives_restart() {
	let chain = ChainDir::new();
	let mut node = TestNode::dev(chain.path());
	let rpc = node.rpc().await;

	// Health and block production, read the way any client does.
	let health: serde_json::Value = rpc.request("system_health", rpc_params![]).await.unwrap();
	assert_eq!(health["isSyncing"], serde_json::Value::Bool(false), "{health}");
	// And the way a load balancer or an orchestrator probes it: plain HTTP on the RPC port.
	let (status, body) = http_get(node.rpc_port, "/health").await;
	assert!(status.contains(" 200 "), "{status}");
	assert!(body.contains("\"isSyncing\":false"), "{body}");
	let (status, _) = http_get(node.rpc_port, "/health/readiness").await;
	assert!(status.contains(" 200 "), "a dev node that needs no peers is ready: {status}");
	wait_for_blocks(&rpc, 3, 1, &node).await;

	// Metadata: fetch, decode, and check the runtime offers v15 or newer.
	let raw: String = rpc.request("state_getMetadata", rpc_params![]).await.unwrap();
	let bytes = hex::decode(raw.trim_start_matches("0x")).unwrap();
	let metadata = subxt::Metadata::decode_from(&bytes).expect("metadata decodes");
	assert!(metadata.pallet_by_name("Balances").is_some());
	assert!(metadata.pallet_by_name("Sudo").is_some());

	let api = OnlineClient::<SubstrateConfig>::from_rpc_client(rpc.clone()).await.unwrap();
	let versions = api
		.at_current_block()
		.await
		.unwrap()
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Vec<u32>>("Metadata", "metadata_versions", ()))
		.await
		.unwrap();
	assert!(versions.iter().any(|v| *v >= 15), "metadata versions {versions:?}");

	// A signed balance transfer from Alice to Dave lands in a finalised block.
	let (alice, dave) = (dev::alice(), dev::dave());
	let dave_id: [u8; 32] = dave.public_key().0;
	let before = free_balance(&api, dave_id).await;
	let amount: u128 = 1_234_000_000_000;
	let tx = dynamic::transaction(
		"Balances",
		"transfer_keep_alive",
		(dave.public_key().to_address::<()>(), amount),
	);
	let in_block = api
		.at_current_block()
		.await
		.unwrap()
		.transactions()
		.sign_and_submit_then_watch_default(&tx, &alice)
		.await
		.unwrap()
		.wait_for_finalized()
		.await
		.unwrap();
	let events = in_block.wait_for_success().await.expect("transfer succeeds");
	let transferred = events
		.iter()
		.filter_map(Result::ok)
		.any(|e| e.pallet_name() == "Balances" && e.event_name() == "Transfer");
	assert!(transferred, "a Balances.Transfer event was emitted");
	assert_eq!(free_balance(&api, dave_id).await, before + amount);

	// SIGTERM, then a restart on the same base path: nothing finalised is lost.
	let finalized_before = finalized_number(&rpc).await;
	let best_before = best_number(&rpc).await;
	drop(api);
	drop(rpc);
	let status = node.stop();
	assert!(status.success() || status.code().is_none(), "node exit status {status}");

	let mut node = TestNode::dev(chain.path());
	let rpc = node.rpc().await;
	assert!(finalized_number(&rpc).await >= finalized_before, "finalized head went back");
	wait_for_blocks(&rpc, best_before + 2, finalized_before + 1, &node).await;
	let api = OnlineClient::<SubstrateConfig>::from_rpc_client(rpc.clone()).await.unwrap();
	assert_eq!(free_balance(&api, dave_id).await, before + amount, "the transfer survived");
}
