// The timeline: time travel with the scrubber (back by deterministic replay, forward again through
// the recorded future, a fork when acting in the past), the event list's filter, the space-time
// diagram's arrows, and the marker of an invariant violation.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { load, now, report as zooscopeReport, run } from './zooscope.ts';

type Report = {
  traceHash: string;
  violations: string[];
  servers: { id: number; status: string; state: string | null; lastZxid: string | null }[];
};

const STORY = {
  version: 1,
  seed: 7,
  ensemble: { participants: 3 },
  actions: [
    { at: 100, do: 'connect', client: 'c1', servers: [1, 2, 3] },
    { at: 3000, do: 'cli', client: 'c1', command: 'create /a 1' },
    { at: 6000, do: 'kill', server: 3 },
    { at: 9000, do: 'cli', client: 'c1', command: 'set /a 2' },
  ],
  until: 12000,
};

// src/scenario/examples/sync-trunc-diff.json: 3.8.0 loses acknowledged writes, and the digest
// check catches it at 0:41.316.
const DATA_LOSS = {
  version: 1,
  seed: 7,
  ensemble: { participants: 5 },
  actions: [
    { at: 2000, do: 'connect', client: 'c1', servers: [2] },
    { at: 3000, do: 'cli', client: 'c1', command: 'create /a 1' },
    { at: 3000, do: 'cli', client: 'c1', command: 'create /b 2' },
    { at: 4000, do: 'cut', from: 5, to: 1 },
    { at: 4000, do: 'cut', from: 5, to: 2 },
    { at: 4000, do: 'cut', from: 5, to: 3 },
    { at: 4000, do: 'cut', from: 5, to: 4 },
    { at: 4000, do: 'cli', client: 'c1', command: 'create /lost x' },
    { at: 5000, do: 'partition', groups: [[5], [1, 2, 3, 4]] },
    { at: 20000, do: 'cli', client: 'c1', command: 'create /e2a 1' },
    { at: 20000, do: 'cli', client: 'c1', command: 'create /e2b 2' },
    { at: 21000, do: 'kill', server: 1 },
    { at: 21500, do: 'cli', client: 'c1', command: 'create /e2c 3' },
    { at: 22000, do: 'heal' },
    { at: 40000, do: 'cli', client: 'c1', command: 'create /e2d 4' },
    { at: 40000, do: 'cli', client: 'c1', command: 'create /e2e 5' },
    { at: 41000, do: 'kill', server: 4 },
    { at: 41000, do: 'start', server: 1 },
    { at: 50000, do: 'connect', client: 'c2', servers: [1] },
  ],
  until: 52000,
};

const report = (page: Page) => zooscopeReport<Report>(page);


const clock = (ms: number): string => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
};

/** Click the time strip where time t is (as a person aiming at it would). */
async function clickStrip(page: Page, t: number): Promise<void> {
  const strip = page.getByTestId('scrubber');
  const box = (await strip.boundingBox())!;
  const span = Number(await strip.getAttribute('aria-valuemax'));
  await page.mouse.click(box.x + 8 + ((box.width - 16) * t) / span, box.y + box.height / 2);
}

async function settled(page: Page): Promise<void> {
  await expect(page.getByTestId('scrubber-status')).not.toContainText('Replaying', { timeout: 20_000 });
  await expect(page.getByTestId('scrubber').locator('.tl-ghost')).toHaveCount(0, { timeout: 20_000 });
}

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto('/?blank');
});

test('scrub back to an earlier moment, forward through the recorded future, then act in the past: a new future', async ({ page }) => {
  await load(page, STORY);
  await run(page, 4500);
  const then = await report(page);
  await run(page, 12_000);
  const end = await report(page);
  expect(end.servers.find((s) => s.id === 3)!.status).toBe('down');
  await page.getByTestId('tab-timeline').click();

  // Back to about 0:04.5 with the mouse: the clock and the servers are those of then.
  await clickStrip(page, 4500);
  await settled(page);
  const t = await now(page);
  expect(Math.abs(t - 4500)).toBeLessThan(100);
  await expect(page.getByTestId('clock')).toContainText(clock(t));
  const back = await report(page);
  for (const s of then.servers) {
    const b = back.servers.find((x) => x.id === s.id)!;
    expect({ id: b.id, status: b.status, state: b.state, lastZxid: b.lastZxid }).toEqual({ id: s.id, status: s.status, state: s.state, lastZxid: s.lastZxid });
    await expect(page.getByTestId(`server-${s.id}`)).toContainText(s.state!);
    await expect(page.getByTestId(`server-${s.id}`)).toContainText(s.lastZxid!);
  }
  // The future is still recorded.
  await expect(page.getByTestId('scrubber-status')).toContainText('2 recorded actions ahead');
  expect((await page.evaluate(() => window.zooscope.scenario())).actions).toHaveLength(4);

  // Forward to the end with the keyboard: the later state, the very same run.
  await page.getByTestId('scrubber').focus();
  await page.keyboard.press('End');
  await settled(page);
  await expect(page.getByTestId('clock')).toContainText(clock(12_000));
  await expect(page.getByTestId('server-3')).toContainText('DOWN');
  expect((await report(page)).traceHash).toBe(end.traceHash);

  // Back to 0:07.500 with the keys (after the kill, before the second write), then act there.
  await page.keyboard.press('Home');
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < 5; i++) await page.keyboard.press('Alt+ArrowRight');
  await page.keyboard.press('Enter');
  await settled(page);
  await expect(page.getByTestId('clock')).toContainText(clock(7500));
  expect(await page.evaluate(() => window.zooscope.act({ do: 'kill', server: 1 }))).toMatchObject({ ok: true, action: { at: 7501 } });
  await expect(page.getByTestId('fork-notice')).toContainText('1 recorded action after it was dropped');
  const forked = await page.evaluate(() => window.zooscope.scenario());
  expect(forked.actions!.filter((a) => a.at > 7500)).toEqual([{ at: 7501, do: 'kill', server: 1 }]);
  expect(forked.actions!.some((a) => a.do === 'cli' && a.command === 'set /a 2')).toBe(false);

  // The new future runs on; its trace is the one `npm run scenario` makes of the new recording.
  await run(page, 10_500);
  const live = await report(page);
  const recording = await page.evaluate(() => window.zooscope.scenario());
  expect(recording.until).toBe(10_500);
  const file = join(mkdtempSync(join(tmpdir(), 'zooscope-timeline-')), 'fork.json');
  writeFileSync(file, JSON.stringify(recording));
  const node = JSON.parse(execFileSync('npx', ['tsx', 'tools/scenario.ts', file], { encoding: 'utf8' })) as Report;
  expect(live.traceHash).toBe(node.traceHash);
  expect(live.traceHash).not.toBe(end.traceHash);
});

test('Step processes one event at a time and shows it, a recorded action included; the speed menu runs from 1/1000x to 100x', async ({ page }) => {
  await load(page, STORY);
  await run(page, 2990);
  const before = (await page.evaluate(() => window.zooscope.trace(1)))[0]!;
  const stepped = page.getByTestId('stepped');
  const shown: string[] = [];
  // Step into the recorded `create /a 1` (at 0:03.000) and on until a server has its request.
  for (let i = 0; i < 40 && !shown.some((l) => / req \d+ create \/a$/.test(l)); i++) {
    const count = i === 0 ? null : Number(await stepped.getAttribute('data-count'));
    await page.getByTestId('step').click();
    if (count === null) await expect(stepped).toBeVisible();
    else await expect(stepped).toHaveAttribute('data-count', String(count + 1)); // one event per click
    const line = (await page.evaluate(() => window.zooscope.trace(1)))[0]!;
    const at = Number(line.split(' ')[0]);
    await expect(stepped).toHaveText(`Stepped: ${clock(at)} ${line.slice(line.indexOf(' ') + 1)}`);
    await expect(page.getByTestId('clock')).toContainText(clock(at));
    shown.push(line);
  }
  expect(shown.some((l) => / do actions\[1\] cli c1 create \/a 1$/.test(l))).toBe(true);
  expect(shown.some((l) => / req \d+ create \/a$/.test(l))).toBe(true);
  // Nothing else ran in between: the trace holds exactly the lines the steps showed.
  expect(await page.evaluate((n) => window.zooscope.trace(n), shown.length + 1)).toEqual([before, ...shown]);

  const speeds = page.getByTestId('speed').locator('option');
  await expect(speeds.first()).toHaveText('1/1000×');
  await expect(speeds.last()).toHaveText('100×');
  await page.getByTestId('speed').selectOption('0.001');
  await page.getByTestId('play').click();
  await expect(stepped).toHaveCount(0); // playing: no single step to show
  await page.getByTestId('pause').click();
});

test('the event list filters by kind; the space-time diagram draws a write as PROPOSAL, ACK and COMMIT arrows', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await load(page, { version: 1, seed: 7, ensemble: { participants: 3 }, actions: [{ at: 100, do: 'connect', client: 'c1', servers: [1, 2, 3] }], until: 100 });
  await run(page, 5000);
  await page.getByTestId('tab-timeline').click();
  const list = page.getByTestId('event-list');
  await expect(list.locator('[data-kind="proposal"]').first()).toBeVisible();

  await page.getByTestId('timeline-kind').selectOption({ label: 'Election' });
  await expect(list.locator('.tl-row').first()).toBeVisible();
  await expect(list.locator('.tl-row:not([data-kind="election"])')).toHaveCount(0);
  await expect(list).toContainText('election decided');
  await page.getByTestId('timeline-kind').selectOption('all');

  // A write, seen just after: the client's request, the leader's PROPOSAL, the ACKs, the COMMIT.
  expect(await page.evaluate(() => window.zooscope.act({ do: 'cli', client: 'c1', command: 'create /x 1' }))).toMatchObject({ ok: true });
  await run(page, (await now(page)) + 90);
  const diagram = page.getByTestId('spacetime');
  for (const label of ['PROPOSAL', 'ACK', 'COMMIT', 'create /x']) await expect(diagram.locator('text.tl-msg-label', { hasText: label }).first()).toBeVisible();
  await expect(diagram.locator('g.tl-msg[data-label="PROPOSAL"]')).toHaveCount(2);
  await expect(page.getByTestId('event-list')).toContainText('PROPOSAL 0x100000002 create /x');
  await page.screenshot({ path: 'e2e/screenshots/timeline-1280.png' });

  // Only proposals and commits in the diagram, too.
  await page.getByTestId('timeline-kind').selectOption({ label: 'Proposal & commit' });
  await expect(diagram.locator('g.tl-msg:not(.k-proposal)')).toHaveCount(0);
  await page.getByTestId('timeline-kind').selectOption('all');

  await page.setViewportSize({ width: 800, height: 900 });
  await page.getByTestId('scrubber-strip').scrollIntoViewIfNeeded();
  await page.locator('.tl-panel').scrollIntoViewIfNeeded();
  await expect(diagram.locator('text.tl-msg-label', { hasText: 'COMMIT' }).first()).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/timeline-800.png' });
});

test('an invariant violation ahead is marked on the strip; the marker jumps to it', async ({ page }) => {
  await load(page, DATA_LOSS);
  // Nothing has run yet: the in-memory preview of the recording found the violation.
  const jump = page.getByTestId('jump-violation');
  await expect(jump).toContainText('violation at 0:41.316', { timeout: 20_000 });
  await expect(page.getByTestId('scrubber-violation')).toBeVisible();
  await jump.click();
  await settled(page);
  await expect(page.getByTestId('clock')).toContainText('0:41.316');
  await expect(page.getByRole('alert').filter({ hasText: 'Invariant violated' })).toContainText('digests');
  // Back before it: the marker stays, the banner goes.
  await clickStrip(page, 30_000);
  await settled(page);
  await expect(page.getByRole('alert').filter({ hasText: 'Invariant violated' })).toHaveCount(0);
  await expect(page.getByTestId('scrubber-violation')).toBeVisible();
});
