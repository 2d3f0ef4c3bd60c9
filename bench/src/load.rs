//! The load generator: transactions are signed before the clock starts, then submitted as
//! fast as the node takes them while every new block is counted; finality lag is sampled as
//! blocks arrive.

use compute_ledger_e2e::{
	chain::Api,
	network::{block_hash, heights},
};
use futures::{stream, StreamExt};
use std::{
	collections::HashSet,
	time::{Duration, Instant},
};
use subxt::{
	config::DefaultExtrinsicParamsBuilder,
	dynamic::{self, Value},
	rpcs::{rpc_params, RpcClient},
	SubstrateConfig,
};
use subxt_signer::sr25519::Keypair;

/// One call to sign: who signs it, with which account nonce.
pub struct Unsigned {
	pub signer: usize,
	pub nonce: u64,
	pub pallet: &'static str,
	pub call: &'static str,
	pub args: Vec<Value>,
}

/// Signs every call offline (immortal, explicit nonces).
pub async fn sign_all(api: &Api, signers: &[Keypair], calls: Vec<Unsigned>) -> Vec<Vec<u8>> {
	let at = api.at_current_block().await.expect("a best block");
	let txs = at.transactions();
	calls
		.into_iter()
		.map(|u| {
			let payload = dynamic::transaction(u.pallet, u.call, u.args);
			let params =
				DefaultExtrinsicParamsBuilder::<SubstrateConfig>::new().nonce(u.nonce).build();
			txs.create_signable_offline(&payload, params)
				.unwrap_or_else(|e| panic!("{}.{}: {e}", u.pallet, u.call))
				.sign(&signers[u.signer])
				.unwrap_or_else(|e| panic!("{}.{}: {e}", u.pallet, u.call))
				.into_encoded()
		})
		.collect()
}

/// Current account nonce of each signer (`system_accountNextIndex`, pool included).
pub async fn nonces(rpc: &RpcClient, signers: &[Keypair]) -> Vec<u64> {
	let mut out = Vec::with_capacity(signers.len());
	for s in signers {
		let id = subxt::utils::AccountId32(s.public_key().0).to_string();
		out.push(rpc.request::<u64>("system_accountNextIndex", rpc_params![id]).await.unwrap());
	}
	out
}

/// What the blocks of one run held.
#[derive(Default, Clone, Debug)]
pub struct Observed {
	/// (block number, successful workload extrinsics, failed ones, domain events counted)
	pub blocks: Vec<(u64, usize, usize, usize)>,
	/// Best minus finalized block number, once per new best block.
	pub lags: Vec<u64>,
	pub submit_errors: usize,
	pub first_error: Option<String>,
}

/// Which extrinsics and events a run counts.
pub struct Counted {
	pub pallet: &'static str,
	pub call: &'static str,
	pub event: Option<(&'static str, &'static str)>,
}

/// Counts the workload's successful extrinsics and its events in block `n`.
async fn count_block(api: &Api, rpc: &RpcClient, n: u64, what: &Counted) -> (usize, usize, usize) {
	let hash = block_hash(rpc, n).await;
	let raw: [u8; 32] = hex::decode(hash.trim_start_matches("0x")).unwrap().try_into().unwrap();
	let at = api.at_block(subxt::utils::H256(raw)).await.unwrap();
	let events = at.events().fetch().await.unwrap();
	let mut succeeded = HashSet::new();
	let mut domain = 0;
	for ev in events.iter().filter_map(Result::ok) {
		if ev.pallet_name() == "System" && ev.event_name() == "ExtrinsicSuccess" {
			if let subxt::events::Phase::ApplyExtrinsic(i) = ev.phase() {
				succeeded.insert(i as usize);
			}
		}
		if what.event.is_some_and(|(p, e)| ev.pallet_name() == p && ev.event_name() == e) {
			domain += 1;
		}
	}
	let exts = at.extrinsics().fetch().await.unwrap();
	let (mut ok, mut failed) = (0, 0);
	for ext in exts.iter().filter_map(Result::ok) {
		if ext.pallet_name() == what.pallet && ext.call_name() == what.call {
			if succeeded.contains(&ext.index()) {
				ok += 1;
			} else {
				failed += 1;
			}
		}
	}
	(ok, failed, domain)
}

/// Submits `txs` over `connections` (concurrently, in order within each connection) and
/// follows the chain until every accepted one is in a block, or until ten blocks after the
/// last submission brought none.
pub async fn run(
	api: &Api,
	rpc: &RpcClient,
	connections: &[RpcClient],
	txs: Vec<Vec<u8>>,
	what: &Counted,
) -> Observed {
	use std::sync::{
		atomic::{AtomicBool, AtomicUsize, Ordering},
		Mutex,
	};
	let total = txs.len();
	let start = heights(rpc).await.0;
	let hexes: Vec<String> = txs.iter().map(|t| format!("0x{}", hex::encode(t))).collect();
	let per_conn = hexes.len().div_ceil(connections.len()).max(1);
	let (done, refused, first_error) =
		(AtomicBool::new(false), AtomicUsize::new(0), Mutex::new(None::<String>));
	let submitter = async {
		let chunks: Vec<Vec<String>> = hexes.chunks(per_conn).map(|c| c.to_vec()).collect();
		futures::future::join_all(chunks.into_iter().zip(connections).map(|(chunk, conn)| {
			let (refused, first_error) = (&refused, &first_error);
			async move {
				stream::iter(chunk)
					.map(|tx| async move {
						conn.request::<serde_json::Value>("author_submitExtrinsic", rpc_params![tx])
							.await
					})
					.buffered(128)
					.for_each(|result| async move {
						if let Err(e) = result {
							refused.fetch_add(1, Ordering::Relaxed);
							first_error.lock().unwrap().get_or_insert_with(|| e.to_string());
						}
					})
					.await
			}
		}))
		.await;
		done.store(true, Ordering::Relaxed);
	};
	let follower = async {
		let mut observed = Observed::default();
		let (mut next, mut included, mut idle) = (start + 1, 0usize, 0u32);
		let mut last_best = start;
		let deadline = Instant::now() + Duration::from_secs(900);
		while Instant::now() < deadline {
			let finished = done.load(Ordering::Relaxed);
			if finished && included + refused.load(Ordering::Relaxed) >= total || idle >= 10 {
				break;
			}
			let (best, fin) = heights(rpc).await;
			if best > last_best {
				observed.lags.push(best - fin);
				last_best = best;
			}
			while next <= best {
				let (ok, failed, domain) = count_block(api, rpc, next, what).await;
				observed.blocks.push((next, ok, failed, domain));
				included += ok + failed;
				idle = if ok + failed == 0 && finished { idle + 1 } else { 0 };
				next += 1;
			}
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
		observed
	};
	let ((), mut observed) = tokio::join!(submitter, follower);
	observed.submit_errors = refused.load(Ordering::Relaxed);
	observed.first_error = first_error.into_inner().unwrap();
	if let Some(e) = &observed.first_error {
		eprintln!("  {} of {total} refused by the pool, the first: {e}", observed.submit_errors);
	}
	observed
}

/// Weight (ref time, ps) of one signed transaction, as `payment_queryInfo` reports it.
pub async fn weight_ps(rpc: &RpcClient, tx: &[u8]) -> u64 {
	let info: serde_json::Value = rpc
		.request("payment_queryInfo", rpc_params![format!("0x{}", hex::encode(tx))])
		.await
		.expect("payment_queryInfo");
	let weight = &info["weight"];
	weight["refTime"]
		.as_u64()
		.or_else(|| weight["ref_time"].as_u64())
		.unwrap_or_else(|| panic!("no ref time in {info}"))
}
