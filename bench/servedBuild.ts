// A production build (vite build) served locally (vite preview) and Debian's Chromium: the bundle a
// deployed playground serves. The dev server would load every module of a Worker on its own, which
// adds some 200 ms to each server restart that nobody using a built page pays.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build, preview } from 'vite';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** input: an HTML entry other than the playground's index.html (a benchmark page). */
export async function withServedBuild<T>(body: (browser: Browser, url: string) => Promise<T>, input?: string): Promise<T> {
  const outDir = mkdtempSync(join(tmpdir(), 'zooscope-bench-'));
  await build({ logLevel: 'error', build: { outDir, emptyOutDir: true, ...(input === undefined ? {} : { rollupOptions: { input } }) } });
  // Cross-origin isolated, so that the page's clocks tick in microseconds, not in 0.1 ms steps
  // (a 16.67 ms frame interval would read 16.6, 16.7 or 16.8 ms by rounding alone).
  const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  const server = await preview({ preview: { host: '127.0.0.1', port: 5291, strictPort: false, headers }, build: { outDir }, logLevel: 'error' });
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5291/';
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    return await body(browser, url);
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
    rmSync(outDir, { recursive: true, force: true });
  }
}
