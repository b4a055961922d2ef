#!/usr/bin/env bash
# Validates the OSCAL assessment-results the CLI writes for every sample bundle with NIST OSCAL
# models from compliance-trestle (pinned in requirements.txt, installed into a cached venv).
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/posture/target}"
VENV="${POSTURE_VENV:-$HOME/.cache/posture/venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q -r .ci/oscal/requirements.txt
cargo build --locked -q -p posture-cli
OUT="$CARGO_TARGET_DIR/oscal"
mkdir -p "$OUT"
files=()
for bundle in regulated-prod legacy-public mixed-launch-templates midsize-cluster bad-inputs; do
  "$CARGO_TARGET_DIR/debug/posture" scan "testdata/$bundle" --format oscal -o "$OUT/$bundle.json" 2>/dev/null || true
  files+=("$OUT/$bundle.json")
done
"$VENV/bin/python" .ci/oscal/validate.py "${files[@]}"
