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

/// A path inside the repository. Resolved when the test runs (cargo and nextest set
/// `CARGO_MANIFEST_DIR`), not when it was compiled: the cargo target directory is shared by
/// every clone on the machine, so a test binary may have been built from another checkout.
pub fn repo_path(relative: &str) -> PathBuf {
	let manifest =
		std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
	Path::new(&manifest).join("..").join(relative)
}

/// The node binary under test: `$NODE_BIN`, or the debug build in the cargo target directory.
pub fn node_binary() -> PathBuf {
	if let Ok(p) = std::env::var("NODE_BIN") {
		return PathBuf::from(p);
	}
	let target = std::env::var("CARGO_TARGET_DIR")
		.map(PathBuf::from)
		.unwrap_or_else(|_| repo_path("target"));
	target.join("debug/compute-ledger-node")
}

/// Where the tests keep what every node of one node binary can share: the raw chain specs
/// (a named chain's genesis is built by running the runtime, seconds of CPU per node) and
/// wasmtime's cache of the compiled runtime. Next to the binary, so a rebuild starts afresh.
fn shared_cache() -> PathBuf {
	let bin = node_binary();
	let dir = bin.parent().map(|d| d.join("e2e-cache")).unwrap_or_else(std::env::temp_dir);
	std::fs::create_dir_all(&dir).expect("a cache directory next to the node binary");
	dir
}

/// The raw chain spec of the named chain (`dev`, `local-loopback`), as
/// `export-chain-spec --raw` writes it, exported once per node binary and shared by every
/// test: the same genesis state as `--chain <name>`, without building it again.
pub fn raw_chain_spec(chain: &str) -> PathBuf {
	let bin = node_binary();
	let meta = std::fs::metadata(&bin).expect("node binary exists: build the workspace first");
	let stamp = meta
		.modified()
		.ok()
		.and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
		.map_or(0, |d| d.as_nanos());
	let path = shared_cache().join(format!("{chain}-{stamp}-{}.json", meta.len()));
	if path.exists() {
		return path;
	}
	let out = Command::new(&bin)
		.args(["export-chain-spec", "--chain", chain, "--raw"])
		.stderr(Stdio::inherit())
		.output()
		.expect("the node exports its chain spec");
	assert!(out.status.success(), "export-chain-spec --chain {chain} failed");
	// Several tests may export at once: each writes its own file and renames it into place.
	let partial = path.with_extension(format!("{}.partial", std::process::id()));
	std::fs::write(&partial, &out.stdout).unwrap();
	std::fs::rename(&partial, &path).unwrap();
	path
}

/// What `--dev` stands for (the development chain, Alice authoring and finalising, any CORS,
/// no transaction bans), on the shared raw spec of the development chain.
pub fn dev_args() -> Vec<String> {
	let spec = raw_chain_spec("dev").display().to_string();
	[
		"--chain",
		&spec,
		"--alice",
		"--validator",
		"--force-authoring",
		"--rpc-cors",
		"all",
		"--tx-ban-seconds",
		"0",
		"--unsafe-force-node-key-generation",
	]
	.iter()
	.map(|a| a.to_string())
	.collect()
}

/// A port nobody listens on right now.
///
/// Tests run in parallel processes whose nodes take seconds to bind: a port the OS hands out
/// (`bind(0)`) and we release may be handed out again, to another test or to a node's own
/// outgoing connection, before our node binds it. So ports come from below the OS's
/// ephemeral range (20000–32767) and are reserved across processes by creating a file named
/// after the port (reservations lapse after three hours; a test never runs that long).
pub fn free_port() -> u16 {
	use std::time::SystemTime;
	let dir = std::env::temp_dir().join("compute-ledger-ports");
	std::fs::create_dir_all(&dir).expect("the port reservation directory");
	let lapse = Duration::from_secs(3 * 3600);
	let seed = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap().subsec_nanos()
		as u64 ^ ((std::process::id() as u64) << 20);
	let mut state = seed | 1;
	for _ in 0..10_000 {
		// xorshift: good enough to spread the tests' picks.
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		let port = 20_000 + (state % 12_768) as u16;
		let file = dir.join(port.to_string());
		let stale = std::fs::metadata(&file)
			.and_then(|m| m.modified())
			.is_ok_and(|t| t.elapsed().unwrap_or_default() > lapse);
		if stale {
			let _ = std::fs::remove_file(&file);
		}
		if std::fs::OpenOptions::new().write(true).create_new(true).open(&file).is_err() {
			continue;
		}
		if TcpListener::bind(("127.0.0.1", port)).is_ok() {
			return port;
		}
	}
	panic!("no free port between 20000 and 32767");
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
	base: PathBuf,
	args: Vec<String>,
	log: PathBuf,
}

impl TestNode {
	/// Starts `node <chain_args> --base-path <base>` on free ports with extra arguments.
	pub fn start(chain_args: &[&str], base: &Path, extra: &[&str]) -> Self {
		let args: Vec<String> = chain_args.iter().chain(extra).map(|a| a.to_string()).collect();
		Self::start_on(args, base, free_port(), free_port())
	}

	/// Starts the node with `args` on the given ports; the p2p port is also where it listens
	/// (loopback only).
	pub fn start_on(args: Vec<String>, base: &Path, rpc_port: u16, p2p_port: u16) -> Self {
		let log = base.join(format!("node-{rpc_port}.log"));
		let mut node =
			Self { child: None, rpc_port, p2p_port, base: base.to_path_buf(), args, log };
		node.spawn();
		node
	}

	fn spawn(&mut self) {
		assert!(self.child.is_none(), "the node is running already");
		let log_file =
			std::fs::OpenOptions::new().create(true).append(true).open(&self.log).unwrap();
		let bin = node_binary();
		assert!(bin.exists(), "node binary {} missing: build the workspace first", bin.display());
		let listen = format!("/ip4/127.0.0.1/tcp/{}", self.p2p_port);
		let mut command = Command::new(&bin);
		// The node gets every core, whatever CPU pinning its starter has (the throughput
		// benchmark pins its load generator to one).
		unsafe {
			use std::os::unix::process::CommandExt;
			command.pre_exec(|| {
				let mut all: libc::cpu_set_t = std::mem::zeroed();
				for cpu in 0..libc::CPU_SETSIZE as usize {
					libc::CPU_SET(cpu, &mut all);
				}
				libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &all);
				Ok(())
			});
		}
		if std::env::var_os("COMPUTE_LEDGER_WASM_CACHE").is_none() {
			command.env("COMPUTE_LEDGER_WASM_CACHE", shared_cache().join("wasmtime"));
		}
		let child = command
			.args(&self.args)
			.arg("--base-path")
			.arg(&self.base)
			.args(["--rpc-port", &self.rpc_port.to_string(), "--listen-addr", &listen])
			.args(["--no-prometheus", "--no-telemetry", "--no-mdns"])
			.stdout(Stdio::null())
			.stderr(log_file)
			.spawn()
			.expect("node starts");
		self.child = Some(child);
	}

	/// The process id of the running node.
	pub fn pid(&self) -> Option<u32> {
		self.child.as_ref().map(Child::id)
	}

	/// Starts a stopped or killed node again, on its base path and ports.
	pub fn restart(&mut self) {
		self.spawn();
	}

	/// `kill -9`: the process dies at once, mid-write if it was writing.
	pub fn kill(&mut self) {
		let mut child = self.child.take().expect("node is running");
		unsafe {
			libc::kill(child.id() as i32, libc::SIGKILL);
		}
		let _ = child.wait();
	}

	/// Starts a single-authority development node (what `--dev` starts: Alice authors and
	/// finalises), on the shared raw spec of the development chain.
	pub fn dev(base: &Path) -> Self {
		Self::start_on(dev_args(), base, free_port(), free_port())
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

	/// Waits until the JSON-RPC server answers and returns a raw client. A debug node compiles
	/// the runtime before it answers: when the whole suite starts thirty nodes at once on two
	/// cores that alone takes minutes, hence the long deadline.
	pub async fn rpc(&mut self) -> RpcClient {
		let deadline = Instant::now() + Duration::from_secs(420);
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
	let deadline = Instant::now() + Duration::from_secs(300);
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
					_ => {
						let name = module_error_name(api, result).await.unwrap_or_default();
						Err(format!("sudo call failed: {result}{name}"))
					}
				};
			}
		}
		Err("no Sudo.Sudid event".into())
	}

	/// ` (Pallet::Error)` for an `Err(Module { index, error })` dispatch result, named from the
	/// node's metadata, so that a test can assert the error by its name.
	async fn module_error_name(api: &Api, result: &Value) -> Option<String> {
		let module = result.at(0)?.at(0)?;
		let index = module.at("index")?.as_u128()? as u8;
		let error = module.at("error")?.at(0)?.as_u128()? as u8;
		let at = api.at_current_block().await.ok()?;
		let metadata = at.metadata();
		let pallet = metadata.pallet_by_error_index(index)?;
		let variant = pallet.error_variant_by_index(error)?;
		Some(format!(" ({}::{})", pallet.name(), variant.name))
	}

	/// `RuntimeCall::<pallet>(<call> { fields })` as a dynamic value.
	pub fn runtime_call(pallet: &str, call: &str, fields: Vec<(&str, Value)>) -> Value {
		Value::unnamed_variant(pallet, [Value::named_variant(call, fields)])
	}

	/// An account id argument.
	pub fn account(who: &Keypair) -> Value {
		Value::from_bytes(who.public_key().0)
	}

	/// An account's SS58 address (prefix 42), as the `rwa_*` methods show it.
	pub fn ss58(who: &Keypair) -> String {
		subxt::utils::AccountId32(who.public_key().0).to_string()
	}

	/// Free native balance at the latest finalised block.
	pub async fn free_balance(api: &Api, who: &Keypair) -> u128 {
		free_balance_at(api, who, None).await
	}

	/// Free native balance at block `at` (a `0x`-hex hash), or the latest finalised one.
	pub async fn free_balance_at(api: &Api, who: &Keypair, at: Option<&str>) -> u128 {
		let at = match at {
			Some(hash) => {
				let raw: [u8; 32] =
					hex::decode(hash.trim_start_matches("0x")).unwrap().try_into().unwrap();
				api.at_block(subxt::utils::H256(raw)).await.unwrap()
			}
			None => api.at_current_block().await.unwrap(),
		};
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

/// Steps of the domain scenarios shared by several end-to-end tests, and the dynamic values
/// they are made of.
pub mod scenario {
	use super::chain::{self, account, runtime_call, submit, sudo};
	use subxt::dynamic::{self, At, Value};
	use subxt_signer::sr25519::{dev, Keypair};

	pub fn bytes(s: &str) -> Value {
		Value::from_bytes(s.as_bytes())
	}

	pub fn jurisdiction(code: &[u8]) -> Value {
		Value::unnamed_composite([Value::from_bytes(code)])
	}

	/// A field-less enum variant, such as a role or an energy source.
	pub fn variant(name: &str) -> Value {
		Value::unnamed_variant(name, [])
	}

	/// The variant name of an enum value (a status, an energy source).
	pub fn variant_name(v: &Value) -> String {
		match &v.value {
			subxt::ext::scale_value::ValueDef::Variant(v) => v.name.clone(),
			other => format!("{other:?}"),
		}
	}

	/// Calls a runtime API method at the latest block.
	pub async fn runtime_api(
		api: &chain::Api,
		trait_name: &str,
		method: &str,
		args: Vec<Value>,
	) -> Value {
		let call = dynamic::runtime_api_call::<_, Value>(trait_name, method, args);
		api.at_current_block().await.unwrap().runtime_apis().call(call).await.unwrap()
	}

	/// Submits and panics with the dispatch error if the call fails.
	pub async fn tx(api: &chain::Api, pallet: &str, call: &str, args: Vec<Value>, who: &Keypair) {
		submit(api, pallet, call, args, who)
			.await
			.unwrap_or_else(|e| panic!("{pallet}.{call}: {e}"));
	}

	/// Waits until the chain is in `epoch` or later (read through `MeteringApi_current_epoch`).
	pub async fn wait_for_epoch(api: &chain::Api, epoch: u128) {
		for _ in 0..180 {
			let now = runtime_api(api, "MeteringApi", "current_epoch", vec![]).await;
			if now.as_u128().is_some_and(|e| e >= epoch) {
				return;
			}
			tokio::time::sleep(std::time::Duration::from_secs(1)).await;
		}
		panic!("epoch {epoch} never came");
	}

	/// The status of a registered asset, as `ComputeAssetsApi_asset` shows it.
	pub async fn asset_status(api: &chain::Api, asset: u128) -> Option<String> {
		let record = runtime_api(api, "ComputeAssetsApi", "asset", vec![Value::u128(asset)]).await;
		record.at(0).and_then(|a| a.at("status")).map(variant_name)
	}

	/// On the dev chain: the compliance officer (sudo) trusts Ferdie for compute and power
	/// assets; Bob registers a GPU cluster (id 0: 64 GPUs, 46_080 GPU-hours per epoch declared,
	/// of which a one-minute dev epoch allows two: 64 GPUs × 1/60 h, rounded up) and a
	/// solar plant (id 1: 500 kW); Ferdie attests what each kind requires, Bob activates both
	/// and allocates 300 kW of the plant to the cluster.
	/// Returns the epoch the cluster became Active in: the first it may report.
	pub async fn active_cluster_with_solar(api: &chain::Api) -> u128 {
		active_cluster(api, None).await
	}

	/// As [`active_cluster_with_solar`], and the plant's tariff: Bob proposes `price_per_kwh`
	/// (EURD units) in his registration batch and Ferdie attests it in hers, in force from
	/// before the cluster is Active (no extra transaction, so no extra blocks).
	pub async fn active_cluster_with_solar_tariff(api: &chain::Api, price_per_kwh: u128) -> u128 {
		active_cluster(api, Some(price_per_kwh)).await
	}

	async fn active_cluster(api: &chain::Api, tariff: Option<u128>) -> u128 {
		let (alice, bob, ferdie) = (dev::alice(), dev::bob(), dev::ferdie());
		// Batched as a wallet would (`Utility.batch_all`: all or nothing); admission,
		// compliance and every call's own checks apply to each call inside.
		let trust: Vec<Value> = ["ComputeCapacity", "PowerCapacity"]
			.into_iter()
			.map(|class| {
				runtime_call(
					"Compliance",
					"add_trusted_auditor",
					vec![("class", variant(class)), ("auditor", account(&ferdie))],
				)
			})
			.collect();
		let register = vec![
			runtime_call(
				"ComputeAssets",
				"register_compute",
				vec![
					("gpu_model", bytes("H100-SXM")),
					("gpu_count", Value::u128(64)),
					("gpu_hours_per_epoch", Value::u128(46_080)),
					("site", bytes("fra-1")),
					("jurisdiction", jurisdiction(b"DE")),
				],
			),
			runtime_call(
				"ComputeAssets",
				"register_power",
				vec![
					("capacity_kw", Value::u128(500)),
					("expected_kwh_per_epoch", Value::u128(400)),
					("source", variant("Solar")),
					("grid_region", bytes("DE-LU")),
					("site", bytes("brandenburg-3")),
					("jurisdiction", jurisdiction(b"DE")),
				],
			),
		];
		let mut register = register;
		if let Some(price) = tariff {
			register.push(runtime_call(
				"Energy",
				"propose_tariff",
				vec![
					("power", Value::u128(1)),
					("currency", bytes("EURD")),
					("price_per_kwh", Value::u128(price)),
					("valid_from", Value::unnamed_variant("None", [])),
				],
			));
		}
		// Trust and registration do not depend on each other: submitted side by side, as two
		// wallets would, they take the blocks of one. Tests that meter epoch 0 need the
		// cluster Active within its twenty blocks also on a busy machine.
		let (trusted, ()) =
			tokio::join!(sudo(api, batch_call(trust), &alice), batch(api, register, &bob));
		trusted.expect("trust Ferdie");

		let attestations: [(u128, &[&str]); 2] =
			[(0, &["Capacity", "Location"]), (1, &["Capacity", "Location", "EnergySource"])];
		let mut attest: Vec<Value> = attestations
			.into_iter()
			.flat_map(|(asset, attributes)| attributes.iter().map(move |a| attest_call(asset, a)))
			.collect();
		if tariff.is_some() {
			attest.push(runtime_call(
				"Energy",
				"attest_tariff",
				vec![("power", Value::u128(1)), ("index", Value::u128(0))],
			));
		}
		batch(api, attest, &ferdie).await;
		for asset in [0u128, 1] {
			assert_eq!(asset_status(api, asset).await.as_deref(), Some("Verified"));
		}
		// Power comes from an Active plant only; Bob owns both, so no acceptance is needed.
		let activate = vec![
			runtime_call("ComputeAssets", "activate", vec![("asset", Value::u128(0))]),
			runtime_call("ComputeAssets", "activate", vec![("asset", Value::u128(1))]),
			runtime_call(
				"ComputeAssets",
				"allocate_power",
				vec![
					("power", Value::u128(1)),
					("compute", Value::u128(0)),
					("kw", Value::u128(300)),
				],
			),
		];
		batch(api, activate, &bob).await;
		for asset in [0u128, 1] {
			assert_eq!(asset_status(api, asset).await.as_deref(), Some("Active"));
		}
		// Metering refuses epochs that ended before activation: the first epoch a test may
		// meter is this one (usually 0; later when the machine is busy).
		runtime_api(api, "MeteringApi", "current_epoch", vec![]).await.as_u128().unwrap()
	}

	/// `ComputeAssets.attest(asset, attribute)` as a call value: the auditor's statement, valid
	/// until block 1 000 000.
	pub fn attest_call(asset: u128, attribute: &str) -> Value {
		runtime_call(
			"ComputeAssets",
			"attest",
			vec![
				("asset", Value::u128(asset)),
				("attribute", variant(attribute)),
				("value", Value::from_bytes([7u8; 32])),
				("expires_at", Value::u128(1_000_000)),
			],
		)
	}

	/// `Utility.batch_all(calls)` as a call value.
	pub fn batch_call(calls: Vec<Value>) -> Value {
		runtime_call("Utility", "batch_all", vec![("calls", Value::unnamed_composite(calls))])
	}

	/// Submits `Utility.batch_all(calls)` signed by `who`; panics if any call fails.
	pub async fn batch(api: &chain::Api, calls: Vec<Value>, who: &Keypair) {
		tx(api, "Utility", "batch_all", vec![Value::unnamed_composite(calls)], who).await;
	}

	/// A meter report value.
	pub fn meter_report(
		tokens_out: u128,
		energy_kwh: u128,
		gpu_hours: u128,
		records: u128,
		root: [u8; 32],
	) -> Value {
		Value::named_composite([
			("tokens_in", Value::u128(2_000)),
			("tokens_out", Value::u128(tokens_out)),
			("energy_kwh", Value::u128(energy_kwh)),
			("gpu_hours", Value::u128(gpu_hours)),
			("records", Value::u128(records)),
			("records_root", Value::from_bytes(root)),
		])
	}

	/// The status of the meter report of (asset, epoch), as `MeteringApi_epoch_report` shows it.
	pub async fn report_status(api: &chain::Api, asset: u128, epoch: u128) -> Option<String> {
		let args = vec![Value::u128(asset), Value::u128(epoch)];
		let view = runtime_api(api, "MeteringApi", "epoch_report", args).await;
		view.at("status").map(variant_name)
	}

	/// Waits until the report of (asset, epoch) is Final (the dev chain's window is 10 blocks).
	pub async fn wait_for_final(api: &chain::Api, asset: u128, epoch: u128) {
		for _ in 0..90 {
			if report_status(api, asset, epoch).await.as_deref() == Some("Final") {
				return;
			}
			tokio::time::sleep(std::time::Duration::from_secs(1)).await;
		}
		panic!("the report of asset {asset} epoch {epoch} never became Final");
	}

	/// Charlie alone (quorum one) meters `epoch` of the cluster (asset 0) with `tokens_out`
	/// output tokens; returns once the report is Final.
	pub async fn final_epoch(api: &chain::Api, epoch: u128, tokens_out: u128) {
		let (bob, charlie) = (dev::bob(), dev::charlie());
		let bind =
			vec![Value::u128(0), Value::unnamed_composite([account(&charlie)]), Value::u128(1)];
		tx(api, "Metering", "bind_operators", bind, &bob).await;
		wait_for_epoch(api, epoch + 1).await;
		let report = meter_report(tokens_out, 4, 1, 4, [9u8; 32]);
		tx(
			api,
			"Metering",
			"submit_report",
			vec![Value::u128(0), Value::u128(epoch), report],
			&charlie,
		)
		.await;
		wait_for_final(api, 0, epoch).await;
	}

	/// The fields of the first `pallet.event` among a transaction's events.
	pub fn event_fields(
		events: &subxt::extrinsics::ExtrinsicEvents<subxt::SubstrateConfig>,
		pallet: &str,
		event: &str,
	) -> Option<Value> {
		events
			.iter()
			.filter_map(Result::ok)
			.find(|e| e.pallet_name() == pallet && e.event_name() == event)
			.and_then(|e| e.decode_fields_unchecked_as().ok())
	}

	/// The bytes of a decoded account id (or any value made of bytes), however it is nested.
	pub fn bytes_of(v: &Value) -> Vec<u8> {
		use subxt::ext::scale_value::{Composite, Primitive, ValueDef};
		match &v.value {
			ValueDef::Primitive(Primitive::U128(b)) => vec![*b as u8],
			ValueDef::Composite(Composite::Unnamed(vs)) => vs.iter().flat_map(bytes_of).collect(),
			ValueDef::Composite(Composite::Named(vs)) => {
				vs.iter().flat_map(|(_, v)| bytes_of(v)).collect()
			}
			_ => Vec::new(),
		}
	}

	/// The name (`Pallet.Error`) of a decoded `DispatchError::Module`, read from the node's
	/// metadata the way a wallet explains a failure.
	pub async fn module_error_name(rpc: &super::RpcClient, error: &Value) -> Option<String> {
		use subxt::rpcs::rpc_params;
		let module = error.at(0)?;
		let index = module.at("index")?.as_u128()? as u8;
		let variant = module.at("error")?.at(0)?.as_u128()? as u8;
		let raw: String = rpc.request("state_getMetadata", rpc_params![]).await.ok()?;
		let bytes = hex::decode(raw.trim_start_matches("0x")).ok()?;
		let metadata = subxt::Metadata::decode_from(&bytes[..]).ok()?;
		let pallet = metadata.pallet_by_error_index(index)?;
		let name = pallet.error_variant_by_index(variant)?.name.clone();
		Some(format!("{}.{}", pallet.name(), name))
	}
}

/// The `rwa_*` JSON-RPC methods as a wallet calls them: plain JSON in, plain JSON out.
pub mod rwa {
	use super::RpcClient;
	use serde_json::Value as Json;
	use subxt::rpcs::{client::RpcParams, Error};

	/// Calls `method` with positional `params` (a JSON array); `Err` is the JSON-RPC error's
	/// code and message.
	pub async fn call(rpc: &RpcClient, method: &str, params: Json) -> Result<Json, (i32, String)> {
		let mut list = RpcParams::new();
		for p in params.as_array().cloned().unwrap_or_default() {
			list.push(p).expect("JSON serialises");
		}
		match rpc.request::<Json>(method, list).await {
			Ok(result) => Ok(result),
			Err(Error::User(e)) => Err((e.code, e.message)),
			Err(e) => Err((0, e.to_string())),
		}
	}

	/// Calls `method` and panics with the error if it fails.
	pub async fn get(rpc: &RpcClient, method: &str, params: Json) -> Json {
		call(rpc, method, params.clone())
			.await
			.unwrap_or_else(|e| panic!("{method}({params}) failed: {e:?}"))
	}

	/// Whether `actual` is what the documentation shows: equal, except that the string "…"
	/// in the documented value stands for any value (block numbers, hashes that vary).
	pub fn matches(documented: &Json, actual: &Json) -> bool {
		match (documented, actual) {
			(Json::String(s), _) if s == "…" => true,
			(Json::Object(d), Json::Object(a)) => {
				d.len() == a.len()
					&& d.iter().all(|(k, v)| a.get(k).is_some_and(|av| matches(v, av)))
			}
			(Json::Array(d), Json::Array(a)) => {
				d.len() == a.len() && d.iter().zip(a).all(|(dv, av)| matches(dv, av))
			}
			(d, a) => d == a,
		}
	}

	/// The (request, response) examples of a Markdown document: every ```json block holding
	/// a request (it has a "method") paired with the ```json block after it.
	pub fn examples(markdown: &str) -> Vec<(Json, Json)> {
		let blocks: Vec<Json> = markdown
			.split("```json")
			.skip(1)
			.filter_map(|rest| rest.split("```").next())
			.map(|body| {
				serde_json::from_str(body)
					.unwrap_or_else(|e| panic!("a ```json block does not parse ({e}):\n{body}"))
			})
			.collect();
		let mut pairs = Vec::new();
		let mut iter = blocks.into_iter();
		while let Some(block) = iter.next() {
			if block.get("method").is_some() {
				let response = iter.next().expect("every request is followed by its response");
				pairs.push((block, response));
			}
		}
		pairs
	}
}

/// The permissioned network of `scripts/network.sh` as real processes on loopback: the
/// `local` chain's four validators (Alice, Bob, Charlie, Dave) and Ferdie's full node, with
/// fixed node keys (node `n` has node key `n`), so that their peer ids are the ones admitted
/// at genesis.
pub mod network {
	use super::{free_port, ChainDir, RpcClient, TestNode};
	use serde_json::Value as Json;
	use std::time::{Duration, Instant};
	use subxt::rpcs::rpc_params;

	/// Peer ids of node keys 1..=7 (`compute-ledger-node key inspect-node-key`).
	pub const PEER_IDS: [&str; 7] = [
		"12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp",
		"12D3KooWHdiAxVd8uMQR1hGWXccidmfCwLqcMpGwR6QcTP6QRMuD",
		"12D3KooWSCufgHzV4fCwRijfH2k3abrpAJxTKxEvN1FDuRXA2U9x",
		"12D3KooWSsChzF81YDUKpe9Uk5AHV5oqAaXAcWNSPYgoLauUk4st",
		"12D3KooWSuTq6MG9gPt7qZqLFKkYrfxMewTZhj9nmRHJkPwzWDG2",
		"12D3KooWMz5U7fR8mF5DNhZSSyFN8c19kU63xYopzDSNCzoFigYk",
		"12D3KooWE3quQCP6Xu7eXpcmmpwVS1KofWnPCBWYNHCswgaqwCso",
	];

	/// The bytes of a base58 peer id (its multihash), as node authorization stores it.
	pub fn peer_id_bytes(peer: &str) -> Vec<u8> {
		bs58::decode(peer).into_vec().expect("a base58 peer id")
	}

	/// The nodes are declared first so that they are stopped before their directory goes.
	pub struct LocalNetwork {
		pub nodes: Vec<TestNode>,
		root: std::path::PathBuf,
		_dir: ChainDir,
	}

	/// Validators 0..=3 and the full node 4.
	pub const NAMES: [&str; 5] = ["alice", "bob", "charlie", "dave", "ferdie"];

	impl LocalNetwork {
		/// Starts the four validators and the full node, all bootstrapping from Alice.
		pub fn start() -> Self {
			let dir = ChainDir::new();
			let root = dir.path().to_path_buf();
			let mut net = Self { nodes: Vec::new(), root, _dir: dir };
			for (i, name) in NAMES.iter().enumerate() {
				let role: Vec<String> = if i < 4 {
					vec!["--validator".into(), format!("--{name}")]
				} else {
					vec![
						"--name".into(),
						(*name).into(),
						"--offchain-worker".into(),
						"always".into(),
					]
				};
				net.add_node(name, i as u32 + 1, role);
			}
			net
		}

		fn bootnode(&self) -> Option<String> {
			self.nodes
				.first()
				.map(|n| format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", n.p2p_port, PEER_IDS[0]))
		}

		/// Starts one more node on the `local-loopback` chain with node key `key`, bootstrapping from
		/// Alice's node; returns its index.
		pub fn add_node(&mut self, name: &str, key: u32, role: Vec<String>) -> usize {
			let base = self.root.join(name);
			std::fs::create_dir_all(&base).unwrap();
			let mut args: Vec<String> = vec![
				"--chain".into(),
				super::raw_chain_spec("local-loopback").display().to_string(),
				"--node-key".into(),
				format!("{key:064x}"),
			];
			if let Some(boot) = self.bootnode() {
				args.extend(["--bootnodes".into(), boot]);
			}
			args.extend(role);
			self.nodes.push(TestNode::start_on(args, &base, free_port(), free_port()));
			self.nodes.len() - 1
		}

		pub async fn rpc(&mut self, i: usize) -> RpcClient {
			self.nodes[i].rpc().await
		}
	}

	/// (best, finalised) block numbers of a node.
	pub async fn heights(rpc: &RpcClient) -> (u64, u64) {
		(super::best_number(rpc).await, super::finalized_number(rpc).await)
	}

	/// Waits until `check` holds for the node's (best, finalised), or panics after `secs`.
	pub async fn wait_until(
		rpc: &RpcClient,
		what: &str,
		secs: u64,
		check: impl Fn(u64, u64) -> bool,
	) -> (u64, u64) {
		let deadline = Instant::now() + Duration::from_secs(secs);
		loop {
			let (best, finalized) = heights(rpc).await;
			if check(best, finalized) {
				return (best, finalized);
			}
			assert!(
				Instant::now() < deadline,
				"{what}: not within {secs} s (best {best}, finalised {finalized})"
			);
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	}

	fn hex_bytes(s: &str) -> Vec<u8> {
		hex::decode(s.trim_start_matches("0x")).expect("0x-hex")
	}

	pub async fn block_hash(rpc: &RpcClient, number: u64) -> String {
		rpc.request::<String>("chain_getBlockHash", rpc_params![number]).await.unwrap()
	}

	/// The Aura key of the validator that authored block `number`: the slot in the block's
	/// pre-runtime digest picks `authorities[slot % len]` from the parent's state.
	pub async fn author_of(rpc: &RpcClient, number: u64) -> [u8; 32] {
		let hash = block_hash(rpc, number).await;
		let header: Json = rpc.request("chain_getHeader", rpc_params![hash]).await.unwrap();
		let slot = header["digest"]["logs"]
			.as_array()
			.unwrap()
			.iter()
			.map(|l| hex_bytes(l.as_str().unwrap()))
			// DigestItem::PreRuntime (6), engine b"aura", compact length 32 (8 bytes), slot.
			.find(|b| b.len() == 14 && b[0] == 6 && &b[1..5] == b"aura")
			.map(|b| u64::from_le_bytes(b[6..14].try_into().unwrap()))
			.expect("an Aura pre-runtime digest");
		let parent = header["parentHash"].as_str().unwrap().to_string();
		let raw: String = rpc
			.request("state_call", rpc_params!["AuraApi_authorities", "0x", parent])
			.await
			.unwrap();
		let raw = hex_bytes(&raw);
		// A compact length (one byte for fewer than 64 authorities), then 32-byte keys.
		let count = (raw[0] >> 2) as usize;
		let index = (slot % count as u64) as usize;
		raw[1 + 32 * index..1 + 32 * (index + 1)].try_into().unwrap()
	}

	/// Waits until a block after `from` on `rpc` is authored by `key`; returns its number.
	pub async fn wait_for_author(rpc: &RpcClient, key: [u8; 32], from: u64, secs: u64) -> u64 {
		let deadline = Instant::now() + Duration::from_secs(secs);
		let mut next = from + 1;
		loop {
			let best = super::best_number(rpc).await;
			while next <= best {
				if author_of(rpc, next).await == key {
					return next;
				}
				next += 1;
			}
			assert!(
				Instant::now() < deadline,
				"no block authored by 0x{} within {secs} s",
				hex::encode(key)
			);
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	}

	/// Passes `call` through the council: `proposer` proposes it with a threshold of two,
	/// `proposer` and `seconder` vote aye (proposing is not voting), `proposer` closes the
	/// motion, which executes the call with the council's origin. Returns the close's events.
	pub async fn council_motion(
		api: &crate::chain::Api,
		call: subxt::dynamic::Value,
		proposer: &subxt_signer::sr25519::Keypair,
		seconder: &subxt_signer::sr25519::Keypair,
	) -> Result<subxt::extrinsics::ExtrinsicEvents<subxt::SubstrateConfig>, String> {
		use crate::{chain::submit, scenario::event_fields};
		use subxt::dynamic::{At, Value};
		const LENGTH_BOUND: u128 = 10_000;
		let propose = vec![Value::u128(2), call, Value::u128(LENGTH_BOUND)];
		let events = submit(api, "Council", "propose", propose, proposer).await?;
		let proposed = event_fields(&events, "Council", "Proposed").ok_or("no Council.Proposed")?;
		let hash = proposed.at("proposal_hash").ok_or("no proposal hash")?.clone();
		let index = proposed.at("proposal_index").ok_or("no proposal index")?.clone();
		for member in [proposer, seconder] {
			let vote = vec![hash.clone(), index.clone(), Value::bool(true)];
			submit(api, "Council", "vote", vote, member).await?;
		}
		let bound = Value::named_composite([
			("ref_time", Value::u128(500_000_000_000)),
			("proof_size", Value::u128(1_000_000)),
		]);
		let close = vec![hash, index, bound, Value::u128(LENGTH_BOUND)];
		let events = submit(api, "Council", "close", close, proposer).await?;
		let executed =
			event_fields(&events, "Council", "Executed").ok_or("the motion did not execute")?;
		match executed.at("result").map(|r| &r.value) {
			Some(subxt::ext::scale_value::ValueDef::Variant(v)) if v.name == "Ok" => Ok(events),
			_ => Err(format!("the council's call failed: {executed}")),
		}
	}
}
