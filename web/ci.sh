#!/usr/bin/env bash
# Builds the compliance viewer with Trunk and runs its end-to-end tests in headless Chromium.
# Installs what it needs when missing; called by .ci/run, runnable on its own.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/posture/target}"
ARTIFACTS="${POSTURE_E2E_ARTIFACTS:-$CARGO_TARGET_DIR/e2e-artifacts}"

.ci/wasm-toolchain.sh
# 0.21.14 is the newest Trunk that builds with Rust 1.95.
trunk --version 2>/dev/null | grep -q ' 0.21.14' || cargo install trunk --version 0.21.14 --locked
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# The viewer, exactly as users get it (Trunk.toml at the root writes dist/).
trunk build --locked --skip-version-check
raw=$(wc -c < dist/posture-web_bg.wasm)
gz=$(gzip -9 -c dist/posture-web_bg.wasm | wc -c)
echo "viewer wasm: $raw bytes raw, $gz bytes gzipped"

# The CLI whose JSON report the page must agree with.
cargo build --locked -q -p posture-cli
(cd web/e2e && npm ci --no-audit --no-fund --silent)

PORT="${POSTURE_E2E_PORT:-18787}"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$PORT/" >/dev/null && break
  sleep 0.1
done
node web/e2e/e2e.mjs "http://127.0.0.1:$PORT/" "$CARGO_TARGET_DIR/debug/posture" "$ARTIFACTS"
echo "screenshots and the printed report: $ARTIFACTS"
