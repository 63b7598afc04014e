// Runs bench/browser/bench.ts in Debian's Chromium (the page's real Workers and IndexedDB).

import { cpus } from 'node:os';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer } from 'vite';
import type { BenchResult } from './dataTree.ts';
import type { BrowserBenches } from './browser/bench.ts';

type Name = keyof BrowserBenches;
type Result<N extends Name> = Awaited<ReturnType<BrowserBenches[N]>>;

function run<N extends Name>(page: Page, name: N): Promise<Result<N>> {
  return page.evaluate((n: Name): Promise<unknown> => window.benches[n](), name) as Promise<Result<N>>;
}

/** Threads that only serve the tracing itself. */
const TRACING = /^(DevToolsPipeHandler|Perfetto)/;

/**
 * A benchmark run under a trace of Chromium's top-level tasks: with it, the milliseconds every
 * thread of the browser and the page (Workers, IndexedDB's backend...) was busy running tasks.
 */
async function traced<N extends Name>(browser: Browser, page: Page, name: N): Promise<{ result: Result<N>; cpuMs: number }> {
  await browser.startTracing(page, { categories: ['toplevel', '__metadata'] });
  const result = await run(page, name);
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: { name: string; ph: string; pid: number; tid: number; dur?: number; args?: { name?: string } }[] };
  const threads = new Map<string, string>();
  for (const e of trace.traceEvents) if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  let us = 0;
  for (const e of trace.traceEvents) {
    if (e.ph !== 'X' || e.dur === undefined || (e.name !== 'ThreadControllerImpl::RunTask' && e.name !== 'ThreadPool_RunTask')) continue;
    if (TRACING.test(threads.get(`${e.pid}:${e.tid}`) ?? '')) continue;
    us += e.dur;
  }
  return { result, cpuMs: us / 1000 };
}

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
    await page.waitForFunction(() => typeof window.benches === 'object');
    const roundTripMs = await run(page, 'roundTrip');
    const { result: pe, cpuMs: peCpu } = await traced(browser, page, 'perEvent');
    const { result: alone, cpuMs: aloneCpu } = await traced(browser, page, 'fsyncAlone');
    const rec = await run(page, 'recovery');
    const round = (x: number, d = 3) => Number(x.toFixed(d));
    const cores = cpus().length;
    const fsyncCpu = aloneCpu / alone.transactions;
    console.log(`  (per-event run: ${pe.events} events in ${pe.ms.toFixed(0)} ms: ${pe.serverCalls} server inputs awaited ${pe.handleMs.toFixed(0)} ms, ${pe.syncs} fsync completions awaited ${pe.syncedMs.toFixed(0)} ms; recovery replayed ${rec.replayed} txns, of its ${rec.ms.toFixed(0)} ms the Worker took ${rec.workerMs.toFixed(0)} ms to start)`);
    console.log(`  (CPU: the per-event run kept Chromium's threads busy ${peCpu.toFixed(0)} ms in ${pe.ms.toFixed(0)} ms of wall time on ${cores} cores; ${alone.transactions} fsync transactions alone took ${aloneCpu.toFixed(0)} ms of CPU; ${(pe.syncs / pe.events).toFixed(3)} fsyncs per event)`);
    return [
      { name: 'Worker round trip (empty comlink call)', value: round(roundTripMs), unit: 'ms', target: Number.NaN, higherIsBetter: false },
      { name: 'Our cost per scheduled event (target 2x round trip)', value: round(pe.msPerEvent), unit: 'ms', target: round(2 * roundTripMs), higherIsBetter: false },
      { name: 'Our cost per server input (Worker call + core)', value: round(pe.msPerServerCall), unit: 'ms', target: round(2 * roundTripMs), higherIsBetter: false },
      // Wall time per event cannot go below CPU per event shared over every core.
      { name: 'CPU of all threads per scheduled event', value: round(peCpu / pe.events), unit: 'ms', target: Number.NaN, higherIsBetter: false },
      { name: `  its floor in wall time on ${cores} cores`, value: round(peCpu / pe.events / cores), unit: 'ms', target: Number.NaN, higherIsBetter: false },
      { name: "One fsync's IndexedDB transaction alone, CPU", value: round(fsyncCpu), unit: 'ms', target: Number.NaN, higherIsBetter: false },
      { name: '  its share per scheduled event', value: round((fsyncCpu * pe.syncs) / pe.events), unit: 'ms', target: Number.NaN, higherIsBetter: false },
      { name: 'Recovery: 10,000-znode snapshot + 100,000 txns', value: round(rec.ms, 0), unit: 'ms', target: 1000, higherIsBetter: false },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
