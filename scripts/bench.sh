#!/usr/bin/env bash
# Measures the weights of our pallets on this machine and regenerates their weights.rs.
#   scripts/bench.sh                      all our pallets
#   scripts/bench.sh pallet_compliance    one pallet
# One-off builds in a target directory of their own (other features than the tests use):
# the node with the `benchmark` subcommand, and the runtime wasm with its benchmarks.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
if [ "$#" -gt 0 ]; then
	PALLETS=("$@")
else
	PALLETS=(pallet_participants pallet_compliance pallet_compute_assets pallet_metering pallet_claims pallet_stable_value pallet_settlement pallet_mandates pallet_channels pallet_validators)
fi

export CARGO_TARGET_DIR="${BENCH_TARGET_DIR:-$HOME/.cache/compute-ledger/target-bench}"
BENCH_NODE="$CARGO_TARGET_DIR/debug/compute-ledger-node"
WASM="$CARGO_TARGET_DIR/debug/wbuild/compute-ledger-runtime/compute_ledger_runtime.wasm"

# The node needs no wasm of its own here (frame-benchmarking-cli's test runtime cannot be
# built as a wasm from outside polkadot-sdk); the benchmarks run in our runtime's wasm.
echo "bench: building the node with the benchmark subcommand in $CARGO_TARGET_DIR"
SKIP_WASM_BUILD=1 cargo build --locked -p compute-ledger-node --features runtime-benchmarks
echo "bench: building the runtime wasm with its benchmarks"
cargo build --locked -p compute-ledger-runtime --features runtime-benchmarks

for pallet in "${PALLETS[@]}"; do
	dir="pallets/$(echo "${pallet#pallet_}" | tr _ -)"
	echo "bench: $pallet -> $dir/src/weights.rs (steps $STEPS, repeat $REPEAT)"
	"$BENCH_NODE" benchmark pallet \
		--runtime "$WASM" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template .maintain/frame-weight-template.hbs \
		--output "$dir/src/weights.rs"
done
