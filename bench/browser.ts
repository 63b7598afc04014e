// Runs bench/browser/bench.ts in Debian's Chromium (the page's real Workers and IndexedDB).

import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import type { BenchResult } from './dataTree.ts';
import type { BrowserBench } from './browser/bench.ts';

export async function benchBrowser(): Promise<BenchResult[]> {
  // No HMR: a file saved meanwhile must not reload the page under the benchmark.
  const server = await createServer({ server: { host: '127.0.0.1', port: 5290, strictPort: false, hmr: false, watch: null }, logLevel: 'error' });
  await server.listen();
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5290/';
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${url}bench/browser/index.html`);
    await page.waitForFunction(() => typeof window.runBench === 'function');
    const r = (await page.evaluate(() => window.runBench())) as BrowserBench;
    const round = (x: number, d = 3) => Number(x.toFixed(d));
    const pe = r.perEvent;
    console.log(`  (per-event run: ${pe.events} events in ${pe.ms.toFixed(0)} ms: ${pe.serverCalls} server inputs awaited ${pe.handleMs.toFixed(0)} ms, ${pe.syncs} fsync completions awaited ${pe.syncedMs.toFixed(0)} ms; recovery replayed ${r.recovery.replayed} txns, of its ${r.recovery.ms.toFixed(0)} ms the Worker took ${r.recovery.workerMs.toFixed(0)} ms to start)`);
    return [
      { name: 'Worker round trip (empty comlink call)', value: round(r.roundTripMs), unit: 'ms', target: Number.NaN, higherIsBetter: false },
      { name: 'Our cost per scheduled event (target 2x round trip)', value: round(r.perEvent.msPerEvent), unit: 'ms', target: round(2 * r.roundTripMs), higherIsBetter: false },
      { name: 'Our cost per server input (Worker call + core)', value: round(r.perEvent.msPerServerCall), unit: 'ms', target: round(2 * r.roundTripMs), higherIsBetter: false },
      { name: 'Recovery: 10,000-znode snapshot + 100,000 txns', value: round(r.recovery.ms, 0), unit: 'ms', target: 1000, higherIsBetter: false },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
