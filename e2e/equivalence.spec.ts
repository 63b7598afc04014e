// The same scenario gives the same trace in Chromium (servers in Web Workers, data in IndexedDB)
// as `npm run scenario` gives in Node (servers in-process, data in memory): with every step in
// the Workers, and fast-forwarded in the page to halfway, then handed over to the Workers.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const FILES = [
  'src/scenario/examples/staggered-start.json',
  'src/scenario/examples/leader-crash.json',
  'src/scenario/examples/observer.json',
  'src/scenario/testdata/every-action.json',
  'src/scenario/examples/sync-snap.json',
  'src/scenario/examples/sync-trunc.json',
];

for (const file of FILES) {
  test(`${file}: the trace hash in Chromium is the one npm run scenario prints`, async ({ page }) => {
    const scenario = JSON.parse(readFileSync(file, 'utf8')) as { until: number };
    const node = JSON.parse(execFileSync('npx', ['tsx', 'tools/scenario.ts', file], { encoding: 'utf8' })) as { traceHash: string };
    await page.goto('/?blank');
    expect(await page.evaluate((s) => window.zooscope.load(s, { workersOnly: true }), scenario)).toEqual({ ok: true });
    await page.evaluate((t) => window.zooscope.run(t), scenario.until);
    const browser = await page.evaluate(() => window.zooscope.report());
    expect(browser.traceHash).toBe(node.traceHash);
    expect(browser).toEqual(node);
  });
}

for (const file of FILES.slice(1, 5)) {
  test(`${file}: fast-forwarded in the page to halfway, then in the Workers, the same trace`, async ({ page }) => {
    const scenario = JSON.parse(readFileSync(file, 'utf8')) as { until: number };
    const node = JSON.parse(execFileSync('npx', ['tsx', 'tools/scenario.ts', file], { encoding: 'utf8' })) as { traceHash: string };
    await page.goto('/?blank');
    expect(await page.evaluate((s) => window.zooscope.load(s), scenario)).toEqual({ ok: true });
    await page.evaluate((t) => window.zooscope.run(t), Math.round(scenario.until / 2));
    // Handed over: the servers that run are Workers now.
    const running = (await page.evaluate(() => window.zooscope.report())).servers.filter((x) => x.status !== 'down').map((x) => x.id);
    expect(await page.evaluate(() => window.zooscope.workers())).toEqual(running);
    await page.evaluate((t) => window.zooscope.run(t), scenario.until);
    const browser = await page.evaluate(() => window.zooscope.report());
    expect(browser.traceHash).toBe(node.traceHash);
    expect(browser).toEqual(node);
  });
}
