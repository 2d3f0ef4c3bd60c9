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

step "unit, runtime and end-to-end tests"
# End-to-end tests start real node processes; NODE_BIN points at the binary built above.
cargo test --locked --workspace -- --test-threads 1

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
