#!/usr/bin/env bash
# Installs what the build needs and nothing that is already there. Idempotent.
set -euo pipefail

need_apt=()
command -v clang >/dev/null 2>&1 || need_apt+=(clang)
command -v protoc >/dev/null 2>&1 || need_apt+=(protobuf-compiler)
dpkg -s libclang-dev >/dev/null 2>&1 || need_apt+=(libclang-dev)
command -v make >/dev/null 2>&1 || need_apt+=(make)
command -v cmake >/dev/null 2>&1 || need_apt+=(cmake)
# The JavaScript client test (tests/js, @polkadot/api) needs Node.js 18 or newer and npm.
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# The sandbox's report test renders report.html in headless Chromium.
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ "${#need_apt[@]}" -gt 0 ]; then
	echo "setup: installing Debian packages: ${need_apt[*]}"
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

command -v rustup >/dev/null 2>&1 || {
	echo "setup: rustup is required (https://rustup.rs)" >&2
	exit 1
}
installed_targets="$(rustup target list --installed)"
for t in wasm32v1-none wasm32-unknown-unknown; do
	if ! grep -qx "$t" <<<"$installed_targets"; then
		echo "setup: adding rust target $t"
		rustup target add "$t"
	fi
done
installed_components="$(rustup component list --installed)"
for c in rust-src rustfmt clippy; do
	if ! grep -q "^$c" <<<"$installed_components"; then
		echo "setup: adding rust component $c"
		rustup component add "$c"
	fi
done
# The JavaScript client's packages, exactly as locked; skipped when already installed.
js="$(cd "$(dirname "$0")/../tests/js" && pwd)"
if ! cmp -s "$js/package-lock.json" "$js/node_modules/.installed-from-lock" 2>/dev/null; then
	echo "setup: installing the JavaScript client's packages (npm ci)"
	(cd "$js" && npm ci --no-audit --no-fund --loglevel=error)
	cp "$js/package-lock.json" "$js/node_modules/.installed-from-lock"
fi

echo "setup: toolchain ready ($(rustc --version))"
