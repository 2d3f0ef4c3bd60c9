#!/usr/bin/env bash
# Sets up the machine, builds the node and starts a development chain on 127.0.0.1:9944.
# Extra arguments go to the node (for example `--tmp` for a throw-away chain).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
echo "start: building the node (first build takes a while; later ones are incremental)"
build_workspace

BASE_PATH="${BASE_PATH:-$HOME/.local/share/compute-ledger/dev}"
RPC_PORT="${RPC_PORT:-9944}"
base_args=(--base-path "$BASE_PATH")
where="data in $BASE_PATH"
for arg in "$@"; do
	if [ "$arg" = "--tmp" ]; then
		base_args=()
		where="throw-away data (--tmp)"
	fi
done
cat <<MSG
start: dev chain, $where
start: JSON-RPC at ws://127.0.0.1:$RPC_PORT (also http://127.0.0.1:$RPC_PORT)
start: polkadot.js: https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A$RPC_PORT
start: stop with Ctrl-C; the chain continues from disk on the next start
MSG
exec "$NODE_BIN" --dev "${base_args[@]}" --rpc-port "$RPC_PORT" --rpc-cors all "$@"
