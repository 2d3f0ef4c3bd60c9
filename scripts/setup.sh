#!/usr/bin/env bash
# Installs what the build needs and nothing that is already there. Idempotent.
set -euo pipefail

need_apt=()
command -v clang >/dev/null 2>&1 || need_apt+=(clang)
command -v protoc >/dev/null 2>&1 || need_apt+=(protobuf-compiler)
dpkg -s libclang-dev >/dev/null 2>&1 || need_apt+=(libclang-dev)
command -v make >/dev/null 2>&1 || need_apt+=(make)
command -v cmake >/dev/null 2>&1 || need_apt+=(cmake)
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
echo "setup: toolchain ready ($(rustc --version))"
