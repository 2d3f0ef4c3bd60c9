# Shared settings for every script; sourced, not run.
# The cargo target directory lives outside the clone so that a fresh clone on the same
# machine (CI) reuses the warm build.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/compute-ledger/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# Two cores: let cargo use both, and keep incremental artifacts small.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
export NODE_BIN="$CARGO_TARGET_DIR/debug/compute-ledger-node"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# The runtime wasm a build left at <prefix>: the compressed blob where the wasm builder made
# one, else the plain one.
wasm_of() {
	for f in "$1".compact.compressed.wasm "$1".compact.wasm "$1".wasm; do
		if [ -f "$f" ]; then echo "$f"; return; fi
	done
}

# The one build every script shares: the whole workspace with every target (tests, benches,
# the sandbox). Cargo unifies features over what a command selects, so a narrower build
# (`-p`, or without `--all-targets`) compiles shared crates with other features and each
# command would undo the other's work; with one selection, start.sh after test.sh (or the
# other way round) compiles nothing.
build_workspace() {
	cargo build --locked --workspace --all-targets "$@"
}
