//! Helpers for end-to-end tests: start the real node binary on free ports with its own base
//! path, talk to it over JSON-RPC, stop it with SIGTERM. Every process is killed and every
//! temporary directory removed when the helper is dropped, also when a test fails.

use std::{
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

pub use subxt;
pub use subxt_signer;

use subxt::rpcs::{rpc_params, RpcClient};
use tempfile::TempDir;

/// The node binary under test: `$NODE_BIN`, or the debug build in the cargo target directory.
pub fn node_binary() -> PathBuf {
	if let Ok(p) = std::env::var("NODE_BIN") {
		return PathBuf::from(p);
	}
	let target = std::env::var("CARGO_TARGET_DIR")
		.map(PathBuf::from)
		.unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
	target.join("debug/compute-ledger-node")
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|l| l.local_addr())
		.map(|a| a.port())
		.expect("the OS hands out a free port")
}

/// A chain's data directory that outlives node restarts and is removed at the end.
pub struct ChainDir {
	dir: TempDir,
}

impl ChainDir {
	pub fn new() -> Self {
		Self { dir: tempfile::Builder::new().prefix("compute-ledger-e2e").tempdir().unwrap() }
	}

	pub fn path(&self) -> &Path {
		self.dir.path()
	}
}

impl Default for ChainDir {
	fn default() -> Self {
		Self::new()
	}
}

/// A running node process.
pub struct TestNode {
	child: Option<Child>,
	pub rpc_port: u16,
	pub p2p_port: u16,
	log: PathBuf,
}

impl TestNode {
	/// Starts `node <chain_args> --base-path <base>` on free ports with extra arguments.
	pub fn start(chain_args: &[&str], base: &Path, extra: &[&str]) -> Self {
		let rpc_port = free_port();
		let p2p_port = free_port();
		let log = base.join(format!("node-{rpc_port}.log"));
		let log_file = std::fs::File::create(&log).unwrap();
		let bin = node_binary();
		assert!(bin.exists(), "node binary {} missing: build the workspace first", bin.display());
		let child = Command::new(&bin)
			.args(chain_args)
			.arg("--base-path")
			.arg(base)
			.args(["--rpc-port", &rpc_port.to_string(), "--port", &p2p_port.to_string()])
			.args(["--no-prometheus", "--no-telemetry", "--no-mdns"])
			.args(extra)
			.stdout(Stdio::null())
			.stderr(log_file)
			.spawn()
			.expect("node starts");
		Self { child: Some(child), rpc_port, p2p_port, log }
	}

	/// Starts a single-authority development node (`--dev`: Alice authors and finalises).
	pub fn dev(base: &Path) -> Self {
		Self::start(&["--dev"], base, &[])
	}

	pub fn url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// The last lines the node logged, for failure messages.
	pub fn log_tail(&self) -> String {
		let text = std::fs::read_to_string(&self.log).unwrap_or_default();
		let lines: Vec<&str> = text.lines().collect();
		lines[lines.len().saturating_sub(40)..].join("\n")
	}

	/// Waits until the JSON-RPC server answers and returns a raw client.
	pub async fn rpc(&mut self) -> RpcClient {
		let deadline = Instant::now() + Duration::from_secs(120);
		loop {
			if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().unwrap()) {
				panic!("node exited early ({status}):\n{}", self.log_tail());
			}
			if let Ok(client) = RpcClient::from_insecure_url(self.url()).await {
				if client.request::<serde_json::Value>("system_health", rpc_params![]).await.is_ok()
				{
					return client;
				}
			}
			assert!(Instant::now() < deadline, "RPC never came up:\n{}", self.log_tail());
			tokio::time::sleep(Duration::from_millis(250)).await;
		}
	}

	/// Sends SIGTERM and waits for a clean exit; returns the exit status.
	pub fn stop(&mut self) -> std::process::ExitStatus {
		let mut child = self.child.take().expect("node is running");
		unsafe {
			libc::kill(child.id() as i32, libc::SIGTERM);
		}
		let deadline = Instant::now() + Duration::from_secs(60);
		loop {
			if let Some(status) = child.try_wait().unwrap() {
				return status;
			}
			if Instant::now() > deadline {
				let _ = child.kill();
				panic!("node ignored SIGTERM for 60 s:\n{}", self.log_tail());
			}
			std::thread::sleep(Duration::from_millis(100));
		}
	}
}

impl Drop for TestNode {
	fn drop(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}
}

/// Block number of a header returned by `chain_getHeader`.
fn header_number(header: &serde_json::Value) -> u64 {
	let hex = header["number"].as_str().expect("header has a number");
	u64::from_str_radix(hex.trim_start_matches("0x"), 16).unwrap()
}

/// Best block number, read with `chain_getHeader`.
pub async fn best_number(rpc: &RpcClient) -> u64 {
	let header: serde_json::Value = rpc.request("chain_getHeader", rpc_params![]).await.unwrap();
	header_number(&header)
}

/// Finalized block number, read with `chain_getFinalizedHead` and `chain_getHeader`.
pub async fn finalized_number(rpc: &RpcClient) -> u64 {
	let hash: String = rpc.request("chain_getFinalizedHead", rpc_params![]).await.unwrap();
	let header: serde_json::Value =
		rpc.request("chain_getHeader", rpc_params![hash]).await.unwrap();
	header_number(&header)
}

/// Waits until the best block is at least `best` and the finalized one at least `finalized`.
pub async fn wait_for_blocks(rpc: &RpcClient, best: u64, finalized: u64, node: &TestNode) {
	let deadline = Instant::now() + Duration::from_secs(180);
	loop {
		let (b, f) = (best_number(rpc).await, finalized_number(rpc).await);
		if b >= best && f >= finalized {
			return;
		}
		assert!(
			Instant::now() < deadline,
			"chain stuck at best {b}, finalized {f}:\n{}",
			node.log_tail()
		);
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// Client-side helpers shared by the scenario tests: submit as a wallet would, and read state.
pub mod chain {
	use subxt::{
		dynamic::{self, At, Value},
		extrinsics::ExtrinsicEvents,
		OnlineClient, SubstrateConfig,
	};
	use subxt_signer::sr25519::Keypair;

	pub type Api = OnlineClient<SubstrateConfig>;

	/// Signs, submits and waits for finality. `Err` carries the node's rejection or the
	/// dispatch error as text, the way a wallet would show it.
	pub async fn submit(
		api: &Api,
		pallet: &str,
		call: &str,
		args: Vec<Value>,
		signer: &Keypair,
	) -> Result<ExtrinsicEvents<SubstrateConfig>, String> {
		let tx = dynamic::transaction(pallet, call, args);
		let at = api.at_current_block().await.map_err(|e| e.to_string())?;
		let progress = at
			.transactions()
			.sign_and_submit_then_watch_default(&tx, signer)
			.await
			.map_err(|e| format!("rejected at submission: {e}"))?;
		let in_block = progress.wait_for_finalized().await.map_err(|e| e.to_string())?;
		in_block.wait_for_success().await.map_err(|e| format!("dispatch failed: {e}"))
	}

	/// Submits `Sudo.sudo(call)` from `root` and checks the inner call succeeded too.
	pub async fn sudo(api: &Api, call: Value, root: &Keypair) -> Result<(), String> {
		let events = submit(api, "Sudo", "sudo", vec![call], root).await?;
		for ev in events.iter().filter_map(Result::ok) {
			if ev.pallet_name() == "Sudo" && ev.event_name() == "Sudid" {
				let fields: Value = ev.decode_fields_unchecked_as().map_err(|e| e.to_string())?;
				let result = fields.at("sudo_result").ok_or("Sudid without a result")?;
				return match &result.value {
					subxt::ext::scale_value::ValueDef::Variant(v) if v.name == "Ok" => Ok(()),
					_ => Err(format!("sudo call failed: {result}")),
				};
			}
		}
		Err("no Sudo.Sudid event".into())
	}

	/// `RuntimeCall::<pallet>(<call> { fields })` as a dynamic value.
	pub fn runtime_call(pallet: &str, call: &str, fields: Vec<(&str, Value)>) -> Value {
		Value::unnamed_variant(pallet, [Value::named_variant(call, fields)])
	}

	/// An account id argument.
	pub fn account(who: &Keypair) -> Value {
		Value::from_bytes(who.public_key().0)
	}

	/// Free native balance at the latest finalised block.
	pub async fn free_balance(api: &Api, who: &Keypair) -> u128 {
		let at = api.at_current_block().await.unwrap();
		let addr = dynamic::storage::<([u8; 32],), Value>("System", "Account");
		let info = at.storage().fetch(addr, (who.public_key().0,)).await.unwrap().decode().unwrap();
		info.at("data")
			.and_then(|d| d.at("free"))
			.and_then(|v| v.as_u128())
			.expect("AccountInfo.data.free is a number")
	}

	/// A keypair from a secret URI such as `//Alice//stash`.
	pub fn keypair(uri: &str) -> Keypair {
		use std::str::FromStr;
		Keypair::from_uri(&subxt_signer::SecretUri::from_str(uri).unwrap()).unwrap()
	}
}
