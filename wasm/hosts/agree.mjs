// Run last (node --test wasm/hosts/agree.mjs) with POSTURE_VERDICTS_DIR set: every host must
// have recorded its verdicts on the shared fixture suite, and they must be identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.POSTURE_VERDICTS_DIR;

function load(host) {
  assert.ok(dir, 'set POSTURE_VERDICTS_DIR to where the host tests recorded their verdicts');
  const file = join(dir, `${host}.json`);
  assert.ok(existsSync(file), `${host} recorded no verdicts (${file})`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

test('native, JavaScript API, npm OPA SDK and opa-py-wasm give identical verdicts', () => {
  const native = load('native');
  assert.ok(Object.keys(native).length >= 12, 'fixture suite is missing cases');
  for (const host of ['js-api', 'opa-node', 'opa-python']) {
    assert.deepEqual(load(host), native, `${host} differs from native`);
  }
});

// waPC answers with Kubewarden's ValidationResponse: accepted, and the deny messages joined.
test('the Kubewarden waPC policy gives the same decisions', () => {
  const native = load('native');
  const expected = Object.fromEntries(
    Object.entries(native).map(([name, v]) => [
      name,
      { allowed: v.allowed, message: v.deny.length ? v.deny.join('; ') : null },
    ]),
  );
  assert.deepEqual(load('kubewarden-wapc'), expected);
});
