#!/usr/bin/env bash
# Measures the weights of every pallet in the runtime on this machine and regenerates them:
# our pallets' `pallets/*/src/weights.rs`, the FRAME pallets' `runtime/src/weights/*.rs`, and
# the block and extrinsic overhead (`runtime/src/weights/{block,extrinsic}_weights.rs`).
#   scripts/bench-weights.sh                      everything
#   scripts/bench-weights.sh pallet_compliance    one pallet (no overhead)
# Release build with the `benchmark` subcommand, in a target directory of its own that
# scripts/bench.sh shares.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
OURS=(pallet_participants pallet_compliance pallet_compute_assets pallet_metering pallet_claims
	pallet_stable_value pallet_settlement pallet_mandates pallet_channels pallet_validators
	pallet_operations pallet_pricing pallet_energy)
FRAME=(frame_system pallet_balances pallet_transaction_payment pallet_timestamp pallet_utility
	pallet_sudo pallet_tx_pause pallet_collective pallet_proxy pallet_multisig pallet_safe_mode)
if [ "$#" -gt 0 ]; then
	PALLETS=("$@")
	OVERHEAD=0
else
	PALLETS=("${OURS[@]}" "${FRAME[@]}")
	OVERHEAD=1
fi

MAIN_TARGET="$CARGO_TARGET_DIR"
export CARGO_TARGET_DIR="${BENCH_TARGET_DIR:-$HOME/.cache/compute-ledger/target-release}"
# frame-benchmarking-cli's own test runtime cannot build its wasm outside polkadot-sdk, and
# nothing here runs it.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1
NODE="$CARGO_TARGET_DIR/release/compute-ledger-node"

echo "bench-weights: building the node (release, runtime benchmarks) in $CARGO_TARGET_DIR"
cargo build --locked --release -p compute-ledger-node --features runtime-benchmarks
WASM="$(wasm_of "$CARGO_TARGET_DIR/release/wbuild/compute-ledger-runtime/compute_ledger_runtime")"

for pallet in "${PALLETS[@]}"; do
	if [[ " ${OURS[*]} " == *" $pallet "* ]]; then
		output="pallets/$(echo "${pallet#pallet_}" | tr _ -)/src/weights.rs"
		template=(--template .maintain/frame-weight-template.hbs)
	else
		output="runtime/src/weights/$pallet.rs"
		template=()
	fi
	echo "bench-weights: $pallet -> $output (steps $STEPS, repeat $REPEAT)"
	"$NODE" benchmark pallet \
		--runtime "$WASM" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		"${template[@]}" \
		--header .maintain/weights-header.txt \
		--output "$output"
done

if [ "$OVERHEAD" = 1 ]; then
	# An empty block, and a block filled with signed `System::remark`s (Alice's, from the
	# development preset): the fixed costs every block and every extrinsic pay.
	echo "bench-weights: block and extrinsic overhead -> runtime/src/weights/"
	"$NODE" benchmark overhead \
		--runtime "$WASM" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--wasm-execution compiled \
		--header .maintain/weights-header.txt \
		--weight-path runtime/src/weights/

	# Database reads and writes (`DbWeight`), measured on the state of the throughput
	# benchmark's largest chain (16x: some hundred thousand accounts) in ParityDB.
	echo "bench-weights: database reads and writes -> runtime/src/weights/paritydb_weights.rs"
	# The chain runs the production wasm: the node has no benchmarking host functions.
	CARGO_TARGET_DIR="$MAIN_TARGET" build_workspace
	production="$(wasm_of "$MAIN_TARGET/debug/wbuild/compute-ledger-runtime/compute_ledger_runtime")"
	cargo build --locked --release -p compute-ledger-bench
	state="$(mktemp -d)"
	trap 'rm -rf "$state"' EXIT
	"$CARGO_TARGET_DIR/release/throughput" --node "$NODE" --wasm "$production" --scales 16 \
		--spec-only "$state/spec.json"
	"$NODE" benchmark storage \
		--chain "$state/spec.json" \
		--base-path "$state/db" \
		--database paritydb \
		--state-version 1 \
		--header .maintain/weights-header.txt \
		--weight-path runtime/src/weights/
fi
cargo fmt --all
