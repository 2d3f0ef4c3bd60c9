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

# The runtime's build script watches its sources by absolute path, so in a clone elsewhere
# (CI) it would watch the files of whichever checkout built it last and could keep a wasm
# built from other sources. The digest of the sources the wasm is built from, and of where
# they are, makes it run again whenever either differs (wasm-builder reruns when this
# variable changes, and only then).
wasm_sources_digest() {
	(cd "$ROOT" && {
		echo "$ROOT"
		git ls-files -z --cached --others --exclude-standard -- runtime/src runtime/build.rs \
			runtime/Cargo.toml 'pallets/*/src' 'pallets/*/Cargo.toml' primitives Cargo.toml \
			Cargo.lock | sort -z | xargs -0 -r sha1sum
	} | sha1sum | cut -c1-40)
}
export FORCE_WASM_BUILD="${FORCE_WASM_BUILD:-$(wasm_sources_digest)}"

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
	local hashes
	hashes="$(source_hashes)"
	reuse_unchanged_sources "$hashes"
	cargo build --locked --workspace --all-targets "$@"
	printf '%s\n' "$hashes" >"$CARGO_TARGET_DIR/built-sources"
}

# Cargo decides what to rebuild by modification times, and a fresh clone's files are all new:
# CI's clone of main rebuilt every crate of the workspace (eight minutes) although the target
# directory held them built from the very same sources. `built-sources` lists the content
# hash of every file the last `build_workspace` compiled; a file with the same content now is
# dated back, so cargo rebuilds only what really changed. The list is trusted only while no
# compile has happened since it was written (nothing under .fingerprint is newer): any other
# cargo command in this target directory may have built different sources.
source_hashes() {
	(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | sort -z \
		| xargs -0 -r sha1sum 2>/dev/null) || true
}

reuse_unchanged_sources() {
	local built="$CARGO_TARGET_DIR/built-sources"
	[ -s "$built" ] || return 0
	[ -d "$CARGO_TARGET_DIR/debug/.fingerprint" ] || return 0
	if [ -n "$(find "$CARGO_TARGET_DIR/debug/.fingerprint" -newer "$built" -print -quit)" ]; then
		return 0
	fi
	# Lines present in both lists are files whose content is what was built.
	comm -12 <(sort "$built") <(printf '%s\n' "$1" | sort) | cut -c43- \
		| (cd "$ROOT" && xargs -r -d '\n' touch -c -d '2000-01-01 00:00:00')
}

# After other compiles of the same sources (clippy, the benchmark tests), the list still
# describes what build_workspace built: mark it current again.
restamp_built_sources() {
	local built="$CARGO_TARGET_DIR/built-sources"
	[ -s "$built" ] && [ "$(source_hashes)" = "$(cat "$built")" ] && touch "$built"
	return 0
}
