// End-to-end tests of the viewer in headless Chromium: files go in through the real file input,
// and what the page shows must equal what the CLI reports for the same files.
//
// usage: node e2e.mjs <viewer URL> <posture binary> <artifacts dir>

import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, readFileSync, mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const [base, posture, artifacts = 'e2e-artifacts'] = process.argv.slice(2);
if (!base || !posture) {
  console.error('usage: node e2e.mjs <viewer URL> <posture binary> [artifacts dir]');
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const origin = new URL(base).origin;

/** Every JSON/YAML file under a testdata folder, as the CLI would read it. */
function evidence(bundle) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(json|ya?ml)$/i.test(name)) out.push(path);
    }
  };
  walk(join(repo, 'testdata', bundle));
  return out;
}

/** The CLI's JSON report for the same files (exit code 1 only means failing results). */
function cliReport(files) {
  try {
    return JSON.parse(execFileSync(posture, ['scan', '--format', 'json', ...files], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch (e) {
    if (e.stdout && e.stdout.length) return JSON.parse(e.stdout);
    throw e;
  }
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1360, height: 900 } });
const requests = [];
const problems = [];
context.on('request', (r) => requests.push(r.url()));
context.on('page', (page) => {
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
});

async function load(page, files) {
  await page.goto(base);
  await page.waitForSelector('#file-input', { state: 'attached' });
  await page.setInputFiles('#file-input', files);
  await page.waitForSelector('.headline', { timeout: 30000 });
}

async function tileCounts(page) {
  const counts = {};
  for (const a of await page.locator('.tile a').all()) {
    counts[await a.getAttribute('data-status')] = Number(await a.locator('.tile-count').innerText());
  }
  return counts;
}

for (const bundle of ['regulated-prod', 'legacy-public', 'mixed-launch-templates']) {
  test(`dashboard of ${bundle} equals the CLI report`, async (page) => {
    const files = evidence(bundle);
    const cli = cliReport(files);
    await load(page, files);
    const tiles = await tileCounts(page);
    for (const [status, n] of Object.entries(tiles)) {
      assert.equal(n, cli.summary.controls_by_status[status] ?? 0, `controls with status ${status}`);
    }
    const meta = await page.locator('.headline .meta').innerText();
    assert.match(meta, new RegExp(`^${cli.controls.length} controls, ${cli.results.length} results, ${cli.inputs.length} input files`));
    for (const severity of ['critical', 'high', 'medium', 'low', 'info']) {
      const n = cli.controls.filter((c) => c.status === 'fail' && c.severity === severity).length;
      assert.equal(Number(await page.locator(`a[data-severity=${severity}]`).innerText()), n, `failing ${severity}`);
    }
    await page.screenshot({ path: join(artifacts, `dashboard-${bundle}.png`), fullPage: true });
  });
}

test('filters narrow the control list and live in the URL', async (page) => {
  const files = evidence('legacy-public');
  const cli = cliReport(files);
  await load(page, files);
  await page.click('nav a:has-text("Controls")');
  await page.selectOption('#filter-status', 'fail');
  await page.selectOption('#filter-severity', 'critical');
  const expected = cli.controls.filter((c) => c.status === 'fail' && c.severity === 'critical');
  await page.waitForFunction((n) => document.querySelectorAll('tr[data-control]').length === n, expected.length);
  assert.match(page.url(), /#\/controls\?status=fail&severity=critical/);
  const ids = await page.locator('tr[data-control]').evaluateAll((rows) => rows.map((r) => r.dataset.control));
  assert.deepEqual(ids.sort(), expected.map((c) => c.id).sort());
  // The URL alone restores the view (bookmark, shared link, reload keeps state in the hash).
  await page.fill('#search', 'aws-auth');
  await page.waitForFunction(() => location.hash.includes('q=aws-auth'));
  const shared = page.url();
  await page.goto(base);
  await load(page, files);
  await page.goto(shared);
  await page.waitForSelector('tr[data-control="EKS-IAM-2"]');
  assert.equal(await page.inputValue('#search'), 'aws-auth');
  await page.screenshot({ path: join(artifacts, 'controls-filtered.png'), fullPage: true });
});

test('a control page shows findings with evidence and the offending source line', async (page) => {
  const files = evidence('legacy-public');
  const cli = cliReport(files);
  await load(page, files);
  await page.goto(`${base}#/control/EKS-NET-2`);
  await page.waitForSelector('#control-title');
  assert.match(await page.locator('#control-title').innerText(), /EKS-NET-2/);
  const finding = cli.results.find((r) => r.control === 'EKS-NET-2' && r.status === 'fail');
  const ev = finding.evidence[0];
  const first = page.locator('details.finding').first();
  assert.notEqual(await first.getAttribute('open'), null, 'the first finding is open');
  assert.match(await first.locator('.evidence-facts').first().innerText(), new RegExp(`:${ev.line}:${ev.column}`));
  assert.match(await first.locator('.evidence-facts').first().innerText(), new RegExp(ev.pointer.replace(/[/~]/g, '\\$&')));
  const highlighted = await first.locator('.excerpt .highlight').first().innerText();
  const sourceLine = readFileSync(files.find((f) => f.endsWith('cluster.json')), 'utf8').split('\n')[ev.line - 1];
  assert.ok(highlighted.includes(sourceLine.trim()), `highlighted "${highlighted}" is line ${ev.line}`);
  await page.screenshot({ path: join(artifacts, 'control-EKS-NET-2.png'), fullPage: true });
  // And a resource page for the cluster lists every result about it.
  await first.locator('a:has-text("Everything about this resource")').click();
  await page.waitForSelector('#resource-title');
  const rows = await page.locator('.resource-page tbody tr').count();
  const expectedRows = cli.results.filter((r) => r.resource.kind === finding.resource.kind
    && r.resource.name === finding.resource.name && (r.resource.namespace ?? null) === (finding.resource.namespace ?? null)).length;
  assert.equal(rows, expectedRows);
});

test('the exported JSON, SARIF, OSCAL and PolicyReport files match the CLI for the same files', async (page) => {
  const files = evidence('mixed-launch-templates');
  const cli = cliReport(files);
  await load(page, files);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(exported.report_version, cli.report_version);
  assert.deepEqual(exported.summary.controls_by_status, cli.summary.controls_by_status);
  assert.deepEqual(exported.summary.by_status, cli.summary.by_status);
  // Same verdicts, control by control and resource by resource (file paths differ: the browser
  // only knows base names).
  const verdicts = (r) => r.results.map((x) => `${x.control} ${x.status} ${x.resource.kind}/${x.resource.namespace ?? ''}/${x.resource.name}`).sort();
  assert.deepEqual(verdicts(exported), verdicts(cli));
  assert.deepEqual(exported.inputs.map((i) => i.sha256).sort(), cli.inputs.map((i) => i.sha256).sort());
  // SARIF too: one result per failing, warning or waived finding, as the CLI writes it.
  const [sarifDownload] = await Promise.all([page.waitForEvent('download'), page.click('#export-sarif')]);
  const sarif = JSON.parse(readFileSync(await sarifDownload.path(), 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  const findings = cli.results.filter((r) => ['fail', 'warn', 'waived'].includes(r.status));
  assert.equal(sarif.runs[0].results.length, findings.length);
  assert.deepEqual(sarif.runs[0].results.map((r) => r.ruleId).sort(), findings.map((r) => r.control).sort());
  // And OSCAL: one observation per result that applies.
  const [oscalDownload] = await Promise.all([page.waitForEvent('download'), page.click('#export-oscal')]);
  const oscal = JSON.parse(readFileSync(await oscalDownload.path(), 'utf8'));
  const observations = oscal['assessment-results'].results[0].observations;
  assert.equal(observations.length, cli.results.filter((r) => r.status !== 'not_applicable').length);
  // And PolicyReports: every result in exactly one report.
  const [prDownload] = await Promise.all([page.waitForEvent('download'), page.click('#export-policyreport')]);
  const reports = JSON.parse(readFileSync(await prDownload.path(), 'utf8'));
  assert.equal(reports.items.reduce((n, r) => n + r.results.length, 0), cli.results.length);
});

test('bad files show their error with line and column and the rest is still evaluated', async (page) => {
  const files = evidence('bad-inputs');
  const cli = cliReport(files);
  await load(page, files);
  await page.click('nav a:has-text("Inputs")');
  await page.waitForSelector('.inputs');
  const bad = cli.inputs.filter((i) => i.error);
  assert.ok(bad.length >= 4);
  assert.equal(await page.locator('tr.has-error').count(), bad.length);
  const truncated = await page.locator('tr.has-error', { hasText: 'truncated-cluster.json' }).innerText();
  const cliTruncated = bad.find((i) => i.path.endsWith('truncated-cluster.json')).error;
  assert.match(truncated, new RegExp(`line ${cliTruncated.line}, column ${cliTruncated.column}`));
  // The good file next to them was evaluated.
  await page.click('nav a:has-text("Dashboard")');
  const tiles = await tileCounts(page);
  assert.equal(tiles.fail + tiles.pass + tiles.warn, ['fail', 'pass', 'warn'].reduce((n, s) => n + (cli.summary.controls_by_status[s] ?? 0), 0));
  assert.ok(tiles.fail + tiles.pass > 0);
  await page.screenshot({ path: join(artifacts, 'inputs-bad.png'), fullPage: true });
});

test('the sample loads and the auditor report lists inputs with their SHA-256', async (page) => {
  await page.goto(base);
  await page.click('button:has-text("Load sample: regulated cluster")');
  await page.waitForSelector('.headline');
  await page.click('nav a:has-text("Auditor report")');
  await page.waitForSelector('.auditor-report');
  const text = await page.locator('.auditor-report').innerText();
  const cluster = readFileSync(join(repo, 'testdata/regulated-prod/cluster.json'));
  const { createHash } = await import('node:crypto');
  assert.ok(text.includes(createHash('sha256').update(cluster).digest('hex')), 'sha256 of cluster.json');
  assert.match(text, /Catalog\s+\d{4}\.\d+\.\d+ \(SHA-256 [0-9a-f]{64}\)/);
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: join(artifacts, 'auditor-report.pdf') });
  await page.screenshot({ path: join(artifacts, 'auditor-report.png'), fullPage: true });
});

test('keyboard users reach the file picker and the views', async (page) => {
  await page.goto(base);
  await page.waitForSelector('#file-input', { state: 'attached' });
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'file-input');
});

let failed = 0;
for (const { name, fn } of tests) {
  const page = await context.newPage();
  try {
    await fn(page);
    console.log(`ok - ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`not ok - ${name}\n  ${String(e.stack || e).split('\n').join('\n  ')}`);
    await page.screenshot({ path: join(artifacts, `failed-${tests.findIndex((t) => t.name === name)}.png`), fullPage: true }).catch(() => {});
  } finally {
    await page.close();
  }
}

const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
if (foreign.length) {
  failed += 1;
  console.log(`not ok - no request left the page origin\n  ${foreign.join('\n  ')}`);
} else {
  console.log(`ok - no request left the page origin (${requests.length} requests, all to ${origin})`);
}
const real = problems.filter((p) => !p.includes('favicon'));
if (real.length) {
  failed += 1;
  console.log(`not ok - no console errors or CSP violations\n  ${real.join('\n  ')}`);
} else {
  console.log('ok - no console errors or CSP violations');
}
await browser.close();
console.log(`${tests.length + 2 - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
