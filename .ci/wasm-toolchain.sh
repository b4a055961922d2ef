#!/usr/bin/env bash
# Installs, when missing, what every WebAssembly build here needs: the wasm32 target and the
# wasm-bindgen CLI matching the wasm-bindgen crate in Cargo.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
WB_VER=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WB_VER" ]; then
  # Not --locked: the registry here lacks a dependency version the CLI's lockfile pins.
  cargo install wasm-bindgen-cli --version "$WB_VER"
fi
