#!/usr/bin/env bash
# Throughput on this machine: transactions per block of each workload against balance
# transfers measured in the same run and against the runtime's own weight limits, finality
# lag, the node's peak memory, at 1x, 4x and 16x the state (see docs/benchmarks.md).
#   scripts/bench.sh                     the whole table (about half an hour)
#   scripts/bench.sh --scales 1          one scale; any other flag goes to the generator
# Release builds in the target directory scripts/bench-weights.sh uses. The node runs the
# production runtime wasm (built without benchmarks) in a chain spec of its own.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"

MAIN_TARGET="$CARGO_TARGET_DIR"
echo "bench: the production runtime wasm (in $MAIN_TARGET)"
build_workspace
WASM="$(wasm_of "$MAIN_TARGET/debug/wbuild/compute-ledger-runtime/compute_ledger_runtime")"

export CARGO_TARGET_DIR="${BENCH_TARGET_DIR:-$HOME/.cache/compute-ledger/target-release}"
# frame-benchmarking-cli's own test runtime cannot build its wasm outside polkadot-sdk, and
# nothing here runs it.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1
echo "bench: release node and load generator (in $CARGO_TARGET_DIR)"
cargo build --locked --release -p compute-ledger-node --features runtime-benchmarks
cargo build --locked --release -p compute-ledger-bench

# The load generator pins itself to the last core; the node it starts may use them all.
CORE=$(($(nproc) - 1))
"$CARGO_TARGET_DIR/release/throughput" \
	--node "$CARGO_TARGET_DIR/release/compute-ledger-node" \
	--wasm "$WASM" \
	--core "$CORE" \
	--out "$ROOT/target/throughput.json" \
	"$@" | tee "$ROOT/target/throughput.md"
