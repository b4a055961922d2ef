// Times the viewer from dropping files to the dashboard, for the README's performance figures.
// Not a test: timings depend on the machine.
//
// usage: node timing.mjs <viewer URL> <folder of evidence> [runs]
// e.g. after web/ci.sh: serve dist/, write a corpus with
// `cargo run --release -p posture-core --example corpus -- /tmp/corpus 10000`, then
// `node web/e2e/timing.mjs http://127.0.0.1:18787/ /tmp/corpus`.

import { chromium } from 'playwright-core';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, folder, runs = '3'] = process.argv.slice(2);
if (!base || !folder) {
  console.error('usage: node timing.mjs <viewer URL> <folder of evidence> [runs]');
  process.exit(2);
}
const files = readdirSync(folder).sort().map((name) => join(folder, name));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const times = [];
for (let i = 0; i < Number(runs); i++) {
  const page = await browser.newPage();
  await page.goto(base);
  await page.waitForSelector('#file-input', { state: 'attached' });
  const start = Date.now();
  await page.setInputFiles('#file-input', files);
  await page.waitForSelector('.headline', { timeout: 120000 });
  times.push(Date.now() - start);
  await page.close();
}
await browser.close();
console.log(`${folder}: ${files.length} files, drop to dashboard ${times.join(', ')} ms (fastest ${Math.min(...times)} ms)`);
