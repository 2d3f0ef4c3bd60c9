#!/usr/bin/env bash
# Sets up the machine and runs every check: formatting, clippy (warnings denied), unit,
# runtime and end-to-end tests. `.ci/run` calls exactly this.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

step() { echo; echo "== $* ($(date +%T))"; }

step setup
"$ROOT/scripts/setup.sh"

step "cargo fmt --check"
cargo fmt --all -- --check

step "build (node, runtime wasm, tests)"
cargo build --locked --workspace --all-targets

step "unit and runtime tests"
cargo test --locked --workspace --exclude compute-ledger-e2e --exclude compute-ledger-sandbox

step "end-to-end tests and sandbox scenarios (real nodes, several at once)"
# Each end-to-end test starts its own node (free ports, own base path, no mDNS) and mostly
# waits for blocks, so several run side by side; NODE_BIN points at the binary built above.
# The sandbox's tests run its scenarios against their own dev nodes and render the report in
# headless Chromium (installed by setup.sh).
if cargo nextest --version >/dev/null 2>&1; then
	cargo nextest run --locked -p compute-ledger-e2e -p compute-ledger-sandbox \
		--test-threads "${E2E_THREADS:-8}" --no-fail-fast --failure-output final
else
	cargo test --locked -p compute-ledger-e2e -p compute-ledger-sandbox -- --test-threads 1
fi

step "benchmarks run in every pallet's mock runtime"
bench_pkgs=()
for dir in "$ROOT"/pallets/*/; do
	bench_pkgs+=(-p "pallet-$(basename "$dir")")
done
cargo test --locked "${bench_pkgs[@]}" --features runtime-benchmarks --lib benchmarking

step "clippy (warnings denied)"
# The wasm runtime is already built and checked above; clippy checks the native code.
SKIP_WASM_BUILD=1 cargo clippy --locked --workspace --all-targets -- -D warnings

step done
