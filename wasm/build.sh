#!/usr/bin/env bash
# Builds the WebAssembly artifacts into wasm/dist:
#   policy.wasm          OPA Wasm ABI 1.3 module (feature `opa`, finished by wasm/postlink)
#   kubewarden.wasm      Kubewarden waPC policy for admission requests (feature `kubewarden`)
#   kubewarden-raw.wasm  the same for raw requests (EKS exports), differing only in its metadata
#   node/, web/          the JavaScript API (feature `js`) for Node (CommonJS) and the browser (ES module)
# Needs the wasm32-unknown-unknown target and wasm-bindgen-cli matching the crate's version.
# Runs wasm-opt -Oz when available: npm binaryen from wasm/hosts/node (`npm ci` there), or
# $WASM_OPT (Debian's binaryen 108 is too old to read these modules).
set -euo pipefail
cd "$(dirname "$0")/.."
TD="${CARGO_TARGET_DIR:-$PWD/target}"
OUT=wasm/dist
WASM="$TD/wasm32-unknown-unknown/wasm/posture_wasm.wasm"
WASM_OPT="${WASM_OPT:-wasm/hosts/node/node_modules/.bin/wasm-opt}"
rm -rf "$OUT" && mkdir -p "$OUT"

optimise() {
  for f in "$@"; do
    if [ -x "$WASM_OPT" ]; then "$WASM_OPT" -Oz "$f" -o "$f"; fi
  done
}

cargo build --locked -q -p posture-wasm-postlink
cargo build --locked -p posture-wasm --target wasm32-unknown-unknown --profile wasm --features opa
"$TD/debug/posture-wasm-postlink" opa "$WASM" "$OUT/policy.wasm"
optimise "$OUT/policy.wasm"

cargo build --locked -p posture-wasm --target wasm32-unknown-unknown --profile wasm --features kubewarden
"$TD/debug/posture-wasm-postlink" kubewarden "$WASM" "$OUT/kubewarden.wasm" wasm/kubewarden/metadata.json
optimise "$OUT/kubewarden.wasm"
# The raw variant is the same code with other metadata.
"$TD/debug/posture-wasm-postlink" kubewarden "$OUT/kubewarden.wasm" "$OUT/kubewarden-raw.wasm" wasm/kubewarden/metadata.json --raw

cargo build --locked -p posture-wasm --target wasm32-unknown-unknown --profile wasm --features js
wasm-bindgen --target nodejs --out-dir "$OUT/node" "$WASM"
wasm-bindgen --target web --out-dir "$OUT/web" "$WASM"

# Both JavaScript targets share one module; optimise it once when they do.
if cmp -s "$OUT/node/posture_wasm_bg.wasm" "$OUT/web/posture_wasm_bg.wasm"; then
  optimise "$OUT/node/posture_wasm_bg.wasm"
  cp "$OUT/node/posture_wasm_bg.wasm" "$OUT/web/posture_wasm_bg.wasm"
else
  optimise "$OUT/node/posture_wasm_bg.wasm" "$OUT/web/posture_wasm_bg.wasm"
fi

for f in "$OUT/policy.wasm" "$OUT/kubewarden.wasm" "$OUT/kubewarden-raw.wasm" "$OUT/node/posture_wasm_bg.wasm" "$OUT/web/posture_wasm_bg.wasm"; do
  printf '%-34s %9d bytes, %9d gzipped\n' "$f" "$(wc -c <"$f")" "$(gzip -9 -c "$f" | wc -c)"
done
