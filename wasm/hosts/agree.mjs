// Run last (node --test wasm/hosts/agree.mjs) with POSTURE_VERDICTS_DIR set: every host must
// have recorded its verdicts on the shared fixture suite, and they must be identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const HOSTS = ['native', 'js-api', 'opa-node', 'opa-python'];

test('native, JavaScript API, npm OPA SDK and opa-py-wasm give identical verdicts', () => {
  const dir = process.env.POSTURE_VERDICTS_DIR;
  assert.ok(dir, 'set POSTURE_VERDICTS_DIR to where the host tests recorded their verdicts');
  const verdicts = HOSTS.map((host) => {
    const file = join(dir, `${host}.json`);
    assert.ok(existsSync(file), `${host} recorded no verdicts (${file})`);
    return JSON.parse(readFileSync(file, 'utf8'));
  });
  const [native, ...others] = verdicts;
  assert.ok(Object.keys(native).length >= 12, 'fixture suite is missing cases');
  others.forEach((v, i) => assert.deepEqual(v, native, `${HOSTS[i + 1]} differs from native`));
});
