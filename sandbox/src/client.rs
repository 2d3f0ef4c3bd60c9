//! The sandbox's wallet: signs and submits as any wallet would (subxt, dynamic calls from the
//! node's metadata), keeps each signer's nonce so that many transactions go out per block, and
//! turns a failure into the error's name and its documentation from the metadata.

use compute_ledger_e2e::{
	chain::{runtime_call, Api},
	rwa,
};
use serde_json::{json, Value as Json};
use std::{
	collections::HashMap,
	sync::{Arc, Mutex},
	time::Instant,
};
use subxt::{
	config::DefaultExtrinsicParamsBuilder,
	dynamic::{self, Value},
	rpcs::{rpc_params, RpcClient},
	transactions::TransactionStatus,
	SubstrateConfig,
};
use subxt_signer::sr25519::Keypair;

/// What a submission waits for: settlement is measured to finality; setting the stage only
/// needs each step in a block before the next.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Wait {
	InBlock,
	Finalized,
}

/// How a submitted transaction ended.
#[derive(Clone, Debug)]
pub struct Outcome {
	/// The block it was included in (none if the pool refused it).
	pub block: Option<u64>,
	/// Milliseconds from submission to finality (or inclusion, for setup steps).
	pub latency_ms: Option<u64>,
	/// `Pallet.Error: what the documentation says`, or the pool's refusal.
	pub error: Option<String>,
	/// The events the transaction emitted (pallet, event, fields).
	pub events: Vec<(String, String, Json)>,
}

impl Outcome {
	pub fn ok(&self) -> bool {
		self.error.is_none()
	}

	pub fn event(&self, pallet: &str, name: &str) -> Option<&Json> {
		self.events.iter().find(|(p, e, _)| p == pallet && e == name).map(|(_, _, f)| f)
	}
}

/// A connection to the node plus the signers' nonces.
#[derive(Clone)]
pub struct Wallet {
	pub api: Api,
	pub rpc: RpcClient,
	nonces: Arc<Mutex<HashMap<[u8; 32], u64>>>,
}

impl Wallet {
	pub async fn connect(url: &str) -> Result<Self, String> {
		let rpc = RpcClient::from_insecure_url(url)
			.await
			.map_err(|e| format!("cannot reach the node at {url}: {e}"))?;
		let api = Api::from_rpc_client(rpc.clone())
			.await
			.map_err(|e| format!("cannot read the node's metadata at {url}: {e}"))?;
		Ok(Self { api, rpc, nonces: Default::default() })
	}

	/// The next nonce of `who`: the node's count the first time, then counted here.
	async fn next_nonce(&self, who: &Keypair) -> Result<u64, String> {
		let key = who.public_key().0;
		if let Some(n) = self.nonces.lock().unwrap().get_mut(&key) {
			*n += 1;
			return Ok(*n - 1);
		}
		let id = subxt::utils::AccountId32(key).to_string();
		let n: u64 = self
			.rpc
			.request("system_accountNextIndex", rpc_params![id])
			.await
			.map_err(|e| e.to_string())?;
		let mut nonces = self.nonces.lock().unwrap();
		let slot = nonces.entry(key).or_insert(n);
		*slot += 1;
		Ok(*slot - 1)
	}

	/// Forgets `who`'s nonce (after a refusal the node's count is right again).
	fn reset_nonce(&self, who: &Keypair) {
		self.nonces.lock().unwrap().remove(&who.public_key().0);
	}

	/// Signs `pallet.call(args)` with `who`, submits it and waits for finality.
	pub async fn submit(
		&self,
		pallet: &str,
		call: &str,
		args: Vec<Value>,
		who: &Keypair,
	) -> Outcome {
		self.submit_wait(pallet, call, args, who, Wait::Finalized).await
	}

	/// Signs and submits, and waits until the transaction is in a best block or finalized.
	pub async fn submit_wait(
		&self,
		pallet: &str,
		call: &str,
		args: Vec<Value>,
		who: &Keypair,
		wait: Wait,
	) -> Outcome {
		let started = Instant::now();
		let refused = |e: String| Outcome {
			block: None,
			latency_ms: None,
			error: Some(format!("refused by the node: {e}")),
			events: Vec::new(),
		};
		let nonce = match self.next_nonce(who).await {
			Ok(n) => n,
			Err(e) => return refused(e),
		};
		let payload = dynamic::transaction(pallet, call, args);
		let params = DefaultExtrinsicParamsBuilder::<SubstrateConfig>::new().nonce(nonce).build();
		let signed = async {
			// The best block can be replaced between learning of it and asking for it.
			let mut tries = 0;
			let at = loop {
				match self.api.at_current_block().await {
					Ok(at) => break at,
					Err(e) if tries >= 5 => return Err(e.to_string()),
					Err(_) => tries += 1,
				}
				tokio::time::sleep(std::time::Duration::from_millis(300)).await;
			};
			let tx = at
				.transactions()
				.create_signable_offline(&payload, params)
				.map_err(|e| e.to_string())?
				.sign(who)
				.map_err(|e| e.to_string())?;
			let mut progress = tx.submit_and_watch().await.map_err(|e| e.to_string())?;
			while let Some(status) = progress.next().await {
				let (b, last_chance) = match status.map_err(|e| e.to_string())? {
					TransactionStatus::InFinalizedBlock(b) => (b, true),
					TransactionStatus::InBestBlock(b) if wait == Wait::InBlock => (b, false),
					TransactionStatus::Error { message }
					| TransactionStatus::Invalid { message }
					| TransactionStatus::Dropped { message } => return Err(message),
					_ => continue,
				};
				// A best block can be replaced by a sibling before its events are read (a slow
				// debug node under load): then wait for the next status. A finalized one stays.
				for attempt in 0..5 {
					match b.fetch_events().await {
						Ok(events) => return Ok((b.block_hash(), events)),
						Err(_) if !last_chance => break,
						Err(e) if attempt == 4 => return Err(format!("events unreadable: {e}")),
						Err(_) => tokio::time::sleep(std::time::Duration::from_millis(300)).await,
					}
				}
			}
			Err("the node stopped reporting on the transaction".to_string())
		};
		let (hash, events) = match signed.await {
			Ok(b) => b,
			Err(e) => {
				self.reset_nonce(who);
				return refused(e);
			}
		};
		let latency_ms = Some(started.elapsed().as_millis() as u64);
		let block = self.block_number(&format!("{hash:?}")).await;
		let mut outcome = Outcome { block, latency_ms, error: None, events: Vec::new() };
		for ev in events.iter().filter_map(Result::ok) {
			let (pallet, event, fields) = event_json(&ev);
			if pallet == "System" && event == "ExtrinsicFailed" {
				outcome.error = Some(self.explain_json(&fields["dispatch_error"]).await);
			}
			outcome.events.push((pallet, event, fields));
		}
		outcome
	}

	/// A privileged call (registrar, compliance officer, regulator): `Sudo.sudo` where the
	/// chain has sudo (dev chains), else a council motion that `authority.0` proposes and
	/// closes and `authority.1` seconds. A failed inner call is the outcome's error.
	pub async fn govern(&self, call: Value, authority: &(Keypair, Keypair), wait: Wait) -> Outcome {
		if !self.is_sudo(&authority.0).await {
			return self.council(call, authority).await;
		}
		let mut outcome = self.submit_wait("Sudo", "sudo", vec![call], &authority.0, wait).await;
		if let Some(result) = outcome.event("Sudo", "Sudid").map(|f| f["sudo_result"].clone()) {
			if result.get("Err").is_some() {
				outcome.error = Some(self.explain_json(&result["Err"]).await);
			}
		}
		outcome
	}

	/// Whether `who` holds the chain's sudo key (a chain may have the pallet but no key).
	async fn is_sudo(&self, who: &Keypair) -> bool {
		let Ok(at) = self.api.at_current_block().await else { return false };
		if at.metadata().pallet_by_name("Sudo").is_none() {
			return false;
		}
		let key = dynamic::storage::<(), Value>("Sudo", "Key");
		match at.storage().try_fetch(key, ()).await {
			Ok(Some(v)) => v.decode().is_ok_and(|k| {
				compute_ledger_e2e::scenario::bytes_of(&k) == who.public_key().0.to_vec()
			}),
			_ => false,
		}
	}

	/// Many privileged calls at once: `govern(Utility.batch_all(calls))`, waiting for the best
	/// block only (setting the stage).
	pub async fn govern_batch(&self, calls: Vec<Value>, authority: &(Keypair, Keypair)) -> Outcome {
		let batch =
			runtime_call("Utility", "batch_all", vec![("calls", Value::unnamed_composite(calls))]);
		self.govern(batch, authority, Wait::InBlock).await
	}

	/// Passes `call` through the council (threshold two): propose, two ayes, close.
	async fn council(&self, call: Value, (proposer, seconder): &(Keypair, Keypair)) -> Outcome {
		const LENGTH_BOUND: u128 = 100_000;
		let started = Instant::now();
		let propose = vec![Value::u128(2), call, Value::u128(LENGTH_BOUND)];
		let proposed = self.submit("Council", "propose", propose, proposer).await;
		let Some(fields) = proposed.event("Council", "Proposed").cloned() else {
			return proposed;
		};
		let hash = fields["proposal_hash"].as_str().unwrap_or_default();
		let hash =
			Value::from_bytes(hex::decode(hash.trim_start_matches("0x")).unwrap_or_default());
		let index = Value::u128(amount(&fields["proposal_index"]));
		let vote = |who: &Keypair| {
			let args = vec![hash.clone(), index.clone(), Value::bool(true)];
			let who = who.clone();
			async move { self.submit("Council", "vote", args, &who).await }
		};
		let (a, b) = tokio::join!(vote(proposer), vote(seconder));
		for v in [a, b] {
			if !v.ok() {
				return v;
			}
		}
		let bound = Value::named_composite([
			("ref_time", Value::u128(500_000_000_000)),
			("proof_size", Value::u128(1_000_000)),
		]);
		let close = vec![hash, index, bound, Value::u128(LENGTH_BOUND)];
		let mut outcome = self.submit("Council", "close", close, proposer).await;
		outcome.latency_ms = Some(started.elapsed().as_millis() as u64);
		match outcome.event("Council", "Executed").map(|f| f["result"].clone()) {
			Some(result) if result.get("Err").is_some() => {
				outcome.error = Some(self.explain_json(&result["Err"]).await)
			}
			Some(_) => {}
			None if outcome.ok() => {
				outcome.error = Some("the council motion did not execute".into())
			}
			None => {}
		}
		outcome
	}

	/// `Utility.batch_all(calls)` signed by `who`, for setting the stage (best block only).
	pub async fn batch(&self, calls: Vec<Value>, who: &Keypair) -> Outcome {
		let calls = vec![Value::unnamed_composite(calls)];
		self.submit_wait("Utility", "batch_all", calls, who, Wait::InBlock).await
	}

	/// Names a dispatch error that arrived as decoded JSON (a sudo result, an event field).
	pub async fn explain_json(&self, error: &Json) -> String {
		let Some(module) = error.get("Module") else { return error.to_string() };
		// The error's four bytes arrive as `0x`-hex (or as numbers); the first names the variant.
		let variant = match &module["error"] {
			Json::String(h) => hex::decode(h.trim_start_matches("0x"))
				.ok()
				.and_then(|b| b.first().map(|b| *b as u64)),
			other => other.get(0).and_then(Json::as_u64),
		};
		let (Some(index), Some(variant)) = (module["index"].as_u64(), variant) else {
			return error.to_string();
		};
		let Ok(at) = self.api.at_current_block().await else { return error.to_string() };
		let metadata = at.metadata();
		let Some(pallet) = metadata.pallet_by_error_index(index as u8) else {
			return error.to_string();
		};
		match pallet.error_variant_by_index(variant as u8) {
			Some(v) => format!("{}.{}: {}", pallet.name(), v.name, v.docs.join(" ").trim()),
			None => error.to_string(),
		}
	}

	pub async fn block_number(&self, hash: &str) -> Option<u64> {
		let header: Json = self.rpc.request("chain_getHeader", rpc_params![hash]).await.ok()?;
		u64::from_str_radix(header["number"].as_str()?.trim_start_matches("0x"), 16).ok()
	}

	/// Best and finalized block numbers.
	pub async fn heights(&self) -> (u64, u64) {
		compute_ledger_e2e::network::heights(&self.rpc).await
	}

	/// A `rwa_*` read; `None` when the node answers with an error (not found, ...).
	pub async fn read(&self, method: &str, params: Json) -> Option<Json> {
		rwa::call(&self.rpc, method, params).await.ok()
	}

	/// Events and timestamp (ms) of block `number`.
	pub async fn block_events(
		&self,
		number: u64,
	) -> Result<(u64, Vec<(u32, String, String, Json)>), String> {
		let hash: String = self
			.rpc
			.request("chain_getBlockHash", rpc_params![number])
			.await
			.map_err(|e| e.to_string())?;
		let raw: [u8; 32] = hex::decode(hash.trim_start_matches("0x"))
			.map_err(|e| e.to_string())?
			.try_into()
			.map_err(|_| "a block hash of 32 bytes".to_string())?;
		let at = self.api.at_block(subxt::utils::H256(raw)).await.map_err(|e| e.to_string())?;
		let now = dynamic::storage::<(), Value>("Timestamp", "Now");
		let time = match at.storage().fetch(now, ()).await {
			Ok(v) => v.decode().ok().and_then(|v| v.as_u128()).unwrap_or(0) as u64,
			Err(_) => 0,
		};
		let events = at.events().fetch().await.map_err(|e| e.to_string())?;
		let out = events
			.iter()
			.filter_map(Result::ok)
			.map(|ev| {
				let (pallet, event, fields) = event_json(&ev);
				(ev.index(), pallet, event, fields)
			})
			.collect();
		Ok((time, out))
	}
}

/// An event as (pallet, event, fields as JSON).
fn event_json(ev: &subxt::events::Event<'_, SubstrateConfig>) -> (String, String, Json) {
	let fields =
		ev.decode_fields_unchecked_as::<Value>().map(|v| to_json(&v)).unwrap_or(Json::Null);
	(ev.pallet_name().to_string(), ev.event_name().to_string(), fields)
}

/// A decoded SCALE value as plain JSON: 32-byte arrays become SS58 addresses, other byte
/// strings text or `0x`-hex, 128-bit numbers beyond JavaScript's safe range strings, variants
/// `"Name"` or `{"Name": fields}`.
pub fn to_json(v: &Value) -> Json {
	use subxt::ext::scale_value::{Composite, Primitive, ValueDef};
	fn bytes(values: &[Value]) -> Option<Vec<u8>> {
		values
			.iter()
			.map(|v| match &v.value {
				ValueDef::Primitive(Primitive::U128(b)) if *b < 256 => Some(*b as u8),
				_ => None,
			})
			.collect()
	}
	fn composite(c: &Composite<()>) -> Json {
		match c {
			Composite::Named(fields) => Json::Object(
				fields
					.iter()
					.map(|(k, v)| {
						// Hashes and proofs are 32 bytes too, but not accounts.
						let hash = ["root", "hash", "proof", "evidence", "report_id", "value"]
							.iter()
							.any(|h| k.ends_with(h));
						let raw = match &v.value {
							ValueDef::Composite(Composite::Unnamed(vs)) if hash => match &vs[..] {
								[inner] => match &inner.value {
									ValueDef::Composite(Composite::Unnamed(b)) => bytes(b),
									_ => None,
								},
								vs => bytes(vs),
							},
							_ => None,
						};
						let json = match raw {
							Some(b) => json!(format!("0x{}", hex::encode(b))),
							None => to_json(v),
						};
						(k.clone(), json)
					})
					.collect(),
			),
			Composite::Unnamed(values) => {
				if values.len() == 1 {
					return to_json(&values[0]);
				}
				if values.len() > 1 {
					if let Some(b) = bytes(values) {
						if b.len() == 32 {
							return json!(
								subxt::utils::AccountId32(b.try_into().unwrap()).to_string()
							);
						}
						if let Ok(s) = std::str::from_utf8(&b) {
							if s.chars().all(|c| !c.is_control()) {
								return json!(s);
							}
						}
						return json!(format!("0x{}", hex::encode(b)));
					}
				}
				Json::Array(values.iter().map(to_json).collect())
			}
		}
	}
	match &v.value {
		ValueDef::Composite(c) => composite(c),
		ValueDef::Variant(var) => {
			if var.values.is_empty() {
				json!(var.name)
			} else {
				json!({ var.name.clone(): composite(&var.values) })
			}
		}
		ValueDef::Primitive(p) => match p {
			Primitive::Bool(b) => json!(b),
			Primitive::Char(c) => json!(c.to_string()),
			Primitive::String(s) => json!(s),
			Primitive::U128(n) if *n < (1u128 << 53) => json!(*n as u64),
			Primitive::U128(n) => json!(n.to_string()),
			Primitive::I128(n) => json!(n.to_string()),
			other => json!(format!("{other:?}")),
		},
		ValueDef::BitSequence(_) => json!("bits"),
	}
}

/// A JSON amount (number or decimal string) as an integer.
pub fn amount(v: &Json) -> u128 {
	match v {
		Json::Number(n) => n.as_u64().unwrap_or(0) as u128,
		Json::String(s) => s.parse().unwrap_or(0),
		_ => 0,
	}
}
