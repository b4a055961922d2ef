// The shared fixture suite (wasm/fixtures/cases) and where the built artifacts live.
import { readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const wasmDir = join(here, '..', '..');
export const dist = process.env.POSTURE_WASM_DIST ?? join(wasmDir, 'dist');

export function loadCases() {
  const dir = join(wasmDir, 'fixtures', 'cases');
  const cases = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ''), ...JSON.parse(readFileSync(join(dir, f), 'utf8')) }));
  if (cases.length < 12) throw new Error(`fixture suite is missing cases (${cases.length})`);
  return cases;
}

// The admission uid Kubewarden must echo: the request's, or empty for anything else.
export function requestUid(input) {
  return input?.request?.uid ?? (typeof input?.uid === 'string' && input?.operation ? input.uid : '');
}

// The response Kubewarden's OPA mode expects for these deny messages.
export function kubewardenResponse(uid, deny) {
  return deny.length === 0
    ? { response: { uid, allowed: true } }
    : { response: { uid, allowed: false, status: { message: deny.join('; ') } } };
}

// Records a host's verdicts for the cross-host comparison (wasm/hosts/agree.mjs).
export function recordVerdicts(host, verdicts) {
  const dir = process.env.POSTURE_VERDICTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${host}.json`), JSON.stringify(verdicts, null, 2));
}
