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

step "build (node, runtime wasm, tests): the same build as start.sh"
build_workspace

step "compile the runtime once into the test nodes' wasmtime cache"
# Every test node loads its runtime from the cache next to the binary (tests/src/lib.rs,
# `shared_cache`). Compiled once here, sixteen nodes starting together find it there instead
# of each compiling it at once on two cores, which takes them minutes.
warm="$(mktemp -d)"
"$NODE_BIN" --dev --base-path "$warm" --wasm-cache "$(dirname "$NODE_BIN")/e2e-cache/wasmtime" \
	--rpc-port 0 --listen-addr /ip4/127.0.0.1/tcp/0 --no-prometheus --no-telemetry --no-mdns \
	2>"$warm/node.log" &
warm_pid=$!
for _ in $(seq 600); do
	grep -q "Imported #1 " "$warm/node.log" 2>/dev/null && break
	kill -0 "$warm_pid" 2>/dev/null || break
	sleep 1
done
kill "$warm_pid" 2>/dev/null || true
wait "$warm_pid" 2>/dev/null || true
grep -q "Imported #1 " "$warm/node.log" || { echo "the warm-up node made no block:"; tail -20 "$warm/node.log"; }
rm -rf "$warm"

step "unit, runtime, end-to-end and sandbox tests (real nodes, several at once)"
# One run over the whole workspace, so that it selects exactly what the build above built
# (a narrower selection would compile shared crates with other features). Unit tests run
# beside the end-to-end tests, which start their own nodes (free ports, own base path, no
# mDNS) and mostly wait for blocks; NODE_BIN points at the binary built above. The
# sandbox's tests run its scenarios against their own dev nodes and render the report in
# headless Chromium (installed by setup.sh).
if cargo nextest --version >/dev/null 2>&1; then
	cargo nextest run --locked --workspace \
		--test-threads "${E2E_THREADS:-16}" --no-fail-fast --failure-output final
else
	cargo test --locked --workspace -- --test-threads 1
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
# Same sources throughout: the next build_workspace may trust what this one built.
restamp_built_sources

step done
