#!/usr/bin/env bash
# A local permissioned network on loopback: four validators (Alice, Bob, Charlie, Dave) and
# one full node (Ferdie's), on the `local` chain (four validators, a council, five admitted
# nodes, no sudo). Node keys are fixed (node n has node key n), so peer ids are stable and
# match the nodes admitted at genesis.
#
#   scripts/network.sh start    build if needed, start all five, print the RPC endpoints
#   scripts/network.sh status   best and finalised block of every node
#   scripts/network.sh stop     stop all five cleanly (SIGTERM), keeping their data
#   scripts/network.sh purge    stop and delete the network's data
#
# NET_DIR (default ~/.local/share/compute-ledger/network) holds each node's base path, log
# and pid. Ports: p2p 30401-30405, JSON-RPC 9951-9955.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

NET_DIR="${NET_DIR:-$HOME/.local/share/compute-ledger/network}"
NAMES=(alice bob charlie dave ferdie)
P2P_BASE=30400
RPC_BASE=9950

node_key() { printf '%064x' "$1"; }
pid_of() { cat "$NET_DIR/$1/pid" 2>/dev/null || true; }
running() { local pid; pid="$(pid_of "$1")"; [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

peer_id() {
	local keyfile="$NET_DIR/$1/node-key"
	"$NODE_BIN" key inspect-node-key --file "$keyfile" 2>/dev/null | tail -1
}

start() {
	"$ROOT/scripts/setup.sh"
	[ -x "$NODE_BIN" ] || build_workspace
	mkdir -p "$NET_DIR"
	for i in 1 2 3 4 5; do
		local name="${NAMES[$((i - 1))]}"
		mkdir -p "$NET_DIR/$name"
		node_key "$i" >"$NET_DIR/$name/node-key"
	done
	local boot="/ip4/127.0.0.1/tcp/$((P2P_BASE + 1))/p2p/$(peer_id alice)"
	for i in 1 2 3 4 5; do
		local name="${NAMES[$((i - 1))]}"
		if running "$name"; then
			echo "network: $name already running (pid $(pid_of "$name"))"
			continue
		fi
		local role=(--validator "--$name")
		# The full node enforces node admission too (validators run the offchain worker that
		# applies the admitted set by default; a full node must be told to).
		[ "$name" = ferdie ] && role=(--name ferdie --offchain-worker always)
		"$NODE_BIN" --chain local-loopback --base-path "$NET_DIR/$name" \
			--node-key-file "$NET_DIR/$name/node-key" \
			--listen-addr "/ip4/127.0.0.1/tcp/$((P2P_BASE + i))" \
			--rpc-port "$((RPC_BASE + i))" --rpc-cors all \
			--bootnodes "$boot" --no-mdns --no-prometheus --no-telemetry \
			"${role[@]}" >"$NET_DIR/$name/node.log" 2>&1 &
		echo $! >"$NET_DIR/$name/pid"
	done
	sleep 2
	for i in 1 2 3 4 5; do
		local name="${NAMES[$((i - 1))]}"
		if running "$name"; then
			printf 'network: %-8s ws://127.0.0.1:%s  peer %s  log %s\n' "$name" \
				"$((RPC_BASE + i))" "$(peer_id "$name")" "$NET_DIR/$name/node.log"
		else
			echo "network: $name failed to start; last log lines:" >&2
			tail -20 "$NET_DIR/$name/node.log" >&2
			exit 1
		fi
	done
	echo "network: stop with scripts/network.sh stop"
}

status() {
	for i in 1 2 3 4 5; do
		local name="${NAMES[$((i - 1))]}" port=$((RPC_BASE + i))
		if ! running "$name"; then
			printf 'network: %-8s stopped\n' "$name"
			continue
		fi
		local best fin
		best="$(curl -s -H 'Content-Type: application/json' "http://127.0.0.1:$port" \
			-d '{"jsonrpc":"2.0","id":1,"method":"chain_getHeader","params":[]}' |
			python3 -c 'import json,sys; print(int(json.load(sys.stdin)["result"]["number"],16))' 2>/dev/null || echo '?')"
		fin="$(curl -s -H 'Content-Type: application/json' "http://127.0.0.1:$port" \
			-d '{"jsonrpc":"2.0","id":1,"method":"chain_getFinalizedHead","params":[]}' |
			python3 -c 'import json,sys; print(json.load(sys.stdin)["result"])' 2>/dev/null || echo '?')"
		printf 'network: %-8s ws://127.0.0.1:%s best #%s finalised %s\n' "$name" "$port" "$best" "$fin"
	done
}

stop() {
	for name in "${NAMES[@]}"; do
		if running "$name"; then
			kill -TERM "$(pid_of "$name")"
		fi
	done
	for name in "${NAMES[@]}"; do
		for _ in $(seq 1 100); do
			running "$name" || break
			sleep 0.2
		done
		if running "$name"; then
			echo "network: $name ignored SIGTERM; killing it" >&2
			kill -KILL "$(pid_of "$name")"
		fi
		rm -f "$NET_DIR/$name/pid"
	done
	echo "network: stopped (data kept in $NET_DIR)"
}

case "${1:-}" in
start) start ;;
status) status ;;
stop) stop ;;
purge)
	stop
	rm -rf "$NET_DIR"
	echo "network: data removed"
	;;
*)
	echo "usage: $0 start|status|stop|purge" >&2
	exit 2
	;;
esac
