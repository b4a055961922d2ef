#!/usr/bin/env bash
# Validates the SARIF the CLI writes for every sample bundle with Microsoft's SARIF multitool:
# the SARIF 2.1.0 schema plus the rules GitHub code scanning applies on upload. Any error fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/posture/target}"
(cd .ci/sarif && npm ci --no-audit --no-fund --silent)
TOOL=.ci/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
cargo build --locked -q -p posture-cli
OUT="$CARGO_TARGET_DIR/sarif"
mkdir -p "$OUT"
status=0
for bundle in regulated-prod legacy-public mixed-launch-templates midsize-cluster bad-inputs; do
  "$CARGO_TARGET_DIR/debug/posture" scan "testdata/$bundle" --format sarif -o "$OUT/$bundle.sarif" 2>/dev/null || true
  log=$("$TOOL" validate --rule-kind "Gh;Sarif" "$OUT/$bundle.sarif" 2>&1 || true)
  errors=$(grep -c ': error ' <<<"$log" || true)
  results=$(grep -c '"ruleId"' "$OUT/$bundle.sarif" || true)
  echo "$bundle: $results results, $errors validation errors"
  if [ "$errors" != 0 ] || ! grep -q 'Analysis completed successfully' <<<"$log"; then
    grep ': error ' <<<"$log" | head -20
    status=1
  fi
done
exit $status
