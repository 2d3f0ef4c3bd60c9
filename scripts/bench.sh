#!/usr/bin/env bash
# Measures the weights of our pallets on this machine and regenerates their weights.rs.
# Builds the node with `--features runtime-benchmarks` (a separate, one-off build).
#   scripts/bench.sh                 all our pallets
#   scripts/bench.sh pallet_compliance
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
PALLETS=("${@:-pallet_participants pallet_compliance pallet_compute_assets}")
# shellcheck disable=SC2206
PALLETS=(${PALLETS[*]})

# A target directory of its own: the benchmark build has other features and must never
# replace the node binary the tests use.
export CARGO_TARGET_DIR="${BENCH_TARGET_DIR:-$CARGO_TARGET_DIR-bench}"
BENCH_NODE="$CARGO_TARGET_DIR/debug/compute-ledger-node"
echo "bench: building the node with runtime benchmarks in $CARGO_TARGET_DIR"
cargo build --locked -p compute-ledger-node --features runtime-benchmarks

for pallet in "${PALLETS[@]}"; do
	dir="pallets/$(echo "${pallet#pallet_}" | tr _ -)"
	echo "bench: $pallet -> $dir/src/weights.rs (steps $STEPS, repeat $REPEAT)"
	"$BENCH_NODE" benchmark pallet \
		--chain dev \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template .maintain/frame-weight-template.hbs \
		--output "$dir/src/weights.rs"
done
