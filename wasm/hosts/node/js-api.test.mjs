// The wasm-bindgen JavaScript API (wasm/dist/node), as Node and bundlers load it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dist, loadCases, requestUid, kubewardenResponse, recordVerdicts } from './cases.mjs';

const api = createRequire(import.meta.url)(join(dist, 'node', 'posture_wasm.js'));
const cases = loadCases();

function result(reply) {
  assert.equal(reply.ok, true, reply.error);
  return JSON.parse(reply.result);
}

test('every fixture gives the shared verdict', () => {
  const verdicts = {};
  for (const c of cases) {
    const deny = result(api.evaluate('posture/deny', c.input, c.data));
    const report = result(api.evaluate('posture/report', c.input, c.data));
    const v = { allowed: deny.length === 0, deny, summary: report.summary ?? null };
    assert.deepEqual(v, c.expect, `${c.name}: verdict differs from the shared expectation`);
    const kw = result(api.evaluate('posture/kubewarden', c.input, c.data));
    assert.deepEqual(kw, kubewardenResponse(requestUid(c.input), deny), `${c.name}: kubewarden`);
    verdicts[c.name] = v;
  }
  recordVerdicts('js-api', verdicts);
});

test('scan of named files gives the report the policy entrypoint gives', () => {
  const encoder = new TextEncoder();
  for (const c of cases.filter((x) => x.input.files && x.name !== 'settings-unknown-profile')) {
    // A JSON object's keys reach the module sorted, so the bundle's files are scanned in name order.
    const files = Object.entries(c.input.files)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, text]) => ({ name, bytes: encoder.encode(text) }));
    const reply = api.scan(files, c.data);
    assert.equal(reply.ok, true, reply.error);
    assert.ok(reply.report.endsWith('}\n'), 'pretty JSON with a final newline, as the CLI writes');
    assert.deepEqual(JSON.parse(reply.report), result(api.evaluate('posture/report', c.input, c.data)), c.name);
  }
});

test('the same inputs and timestamp give the same bytes', () => {
  const files = [{ name: 'cluster.json', bytes: '{"cluster": {"name": "a", "version": "1.34"}}' }];
  const a = api.scan(files, { timestamp: '2026-11-24T00:00:00Z' });
  const b = api.scan(files, { timestamp: '2026-11-24T00:00:00Z' });
  assert.equal(a.report, b.report);
});

test('errors are values, never exceptions', () => {
  assert.deepEqual(api.scan('not an array'), { ok: false, error: 'files must be an array of {name, bytes}' });
  assert.equal(api.scan([{ name: 'a.json' }]).ok, false);
  assert.equal(api.scan([{ name: 1, bytes: '' }]).ok, false);
  assert.match(api.scan([], { profile: 'pci' }).error, /unknown profile `pci`/);
  assert.match(api.scan([], { profil: 'fsi' }).error, /unknown field `profil`/);
  assert.match(api.scan([], { timestamp: 'yesterday' }).error, /RFC 3339/);
  assert.match(api.scan([], { parameters: { no_such: 1 } }).error, /no_such/);
  assert.match(api.evaluate('posture/nope', {}).error, /unknown entrypoint/);
  const unreadable = api.scan([{ name: 'bad.yaml', bytes: 'a:\n\tb: 1\n' }]);
  assert.equal(unreadable.ok, true, 'an unreadable file is reported, not an error');
  assert.ok(JSON.parse(unreadable.report).inputs[0].error);
});

test('lists the catalog, the entrypoints and the version', () => {
  const reply = api.catalog();
  assert.equal(reply.ok, true);
  const catalog = JSON.parse(reply.catalog);
  assert.ok(catalog.controls.length >= 50);
  assert.ok(catalog.controls.some((c) => c.id === 'EKS-NET-1' && c.severity === 'high'));
  assert.deepEqual(catalog.profiles.map((p) => p.name).sort(), ['cis-eks', 'fsi']);
  assert.match(catalog.sha256, /^[0-9a-f]{64}$/);
  assert.deepEqual(api.entrypoints(), ['posture/kubewarden', 'posture/deny', 'posture/report']);
  assert.match(api.version(), /^\d+\.\d+\.\d+/);
});

test('the browser build (ES module, --target web) gives the same report', async () => {
  const web = await import(pathToFileURL(join(dist, 'web', 'posture_wasm.js')).href);
  web.initSync({ module: readFileSync(join(dist, 'web', 'posture_wasm_bg.wasm')) });
  const c = cases.find((x) => x.name === 'bundle-private-endpoint');
  const files = Object.entries(c.input.files).map(([name, bytes]) => ({ name, bytes }));
  assert.equal(web.scan(files, c.data).report, api.scan(files, c.data).report);
});

test('renders a report as SARIF, OSCAL and PolicyReports, as the CLI does', () => {
  const c = cases.find((x) => x.name === 'bundle-legacy-public');
  const files = Object.entries(c.input.files).map(([name, bytes]) => ({ name, bytes }));
  const scan = api.scan(files, c.data);
  assert.equal(scan.ok, true, scan.error);
  const report = JSON.parse(scan.report);
  const sarif = api.render(scan.report, 'sarif');
  assert.equal(sarif.ok, true, sarif.error);
  const parsed = JSON.parse(sarif.output);
  assert.equal(parsed.version, '2.1.0');
  const findings = report.results.filter((r) => ['fail', 'warn', 'waived'].includes(r.status));
  assert.ok(findings.length > 0);
  assert.equal(parsed.runs[0].results.length, findings.length);
  assert.equal(api.render(scan.report, 'json').output, scan.report);
  const oscal = JSON.parse(api.render(scan.report, 'oscal').output);
  assert.ok(oscal['assessment-results'].results[0].findings.length > 0);
  const reports = JSON.parse(api.render(scan.report, 'policyreport').output);
  assert.equal(reports.items.reduce((n, r) => n + r.results.length, 0), report.results.length);
  assert.equal(api.render(scan.report, 'xml').ok, false);
  assert.equal(api.render('{"not": "a report"}', 'sarif').ok, false);
});
