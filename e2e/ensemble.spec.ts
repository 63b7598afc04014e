// The ensemble in the browser: each server a Web Worker, its data in IndexedDB.

import { expect, test, type Page } from '@playwright/test';
import { act, load, now, report as zooscopeReport, run } from './zooscope.ts';

type Report = {
  traceHash: string;
  violations: string[];
  servers: { id: number; status: string; state: string | null; lastZxid: string | null; lastCommitted: string | null; znodes: number | null; digest: number | null; fault: string | null }[];
  clients: { id: string; state: string; output: string[] }[];
  syncs: { at: number; leader: number; learner: number; mode: string; fromZxid: string; toZxid: string }[];
};

const three = (actions: object[] = [], seed = 3) => ({ version: 1, seed, ensemble: { participants: 3 }, actions, until: 1000 });


const report = (page: Page) => zooscopeReport<Report>(page);
const leaderOf = (r: Report) => r.servers.find((s) => s.state === 'LEADING')!.id;

async function cli(page: Page, client: string, command: string, settle = 1000): Promise<void> {
  expect(await act(page, { do: 'cli', client, command })).toMatchObject({ ok: true });
  await run(page, (await now(page)) + settle);
}

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto('/?blank');
});

test('three servers elect a leader; the page shows it', async ({ page }) => {
  await load(page, three());
  await run(page, 10_000);
  const r = await report(page);
  expect(r.violations).toEqual([]);
  expect(r.servers.map((s) => s.state).sort()).toEqual(['FOLLOWING', 'FOLLOWING', 'LEADING']);
  expect(await page.evaluate(() => window.zooscope.workers())).toEqual([1, 2, 3]);
  expect(page.workers()).toHaveLength(3);
  await expect(page.getByTestId(`server-${leaderOf(r)}-role`)).toHaveText('LEADING');
});

test('killing the leader kills its worker; a new leader is elected; the restarted server recovers from IndexedDB and rejoins with a DIFF', async ({ page }) => {
  await load(page, three([{ at: 100, do: 'connect', client: 'c1', servers: [1, 2, 3] }], 5));
  await run(page, 8000);
  await cli(page, 'c1', 'create /a 1');
  await cli(page, 'c1', 'create /b 2');
  const before = await report(page);
  const old = leaderOf(before);
  const oldZxid = before.servers.find((s) => s.id === old)!.lastZxid!;
  const workers = page.workers();
  expect(workers).toHaveLength(3);
  const closed = new Promise<void>((resolve) => workers.forEach((w) => w.on('close', () => resolve())));
  const spareStarted = page.waitForEvent('worker');
  expect(await act(page, { do: 'kill', server: old })).toMatchObject({ ok: true });
  await run(page, (await now(page)) + 100);
  await closed;
  // The killed server's thread is gone; beside the other two runs the spare its kill started.
  const spare = await spareStarted;
  expect(page.workers().filter((w) => workers.includes(w))).toHaveLength(2);
  expect(page.workers()).toEqual(expect.arrayContaining([spare]));
  expect(page.workers()).toHaveLength(3);
  expect(await page.evaluate(() => window.zooscope.workers())).not.toContain(old);
  await run(page, (await now(page)) + 15_000);
  const during = await report(page);
  const next = leaderOf(during);
  expect(next).not.toBe(old);
  await cli(page, 'c1', 'create /c 3', 3000);
  expect(await act(page, { do: 'start', server: old })).toMatchObject({ ok: true });
  await run(page, (await now(page)) + 10_000);
  // It restarted in the spare: no new thread.
  expect(page.workers()).toHaveLength(3);
  expect(page.workers()).toEqual(expect.arrayContaining([spare]));
  const after = await report(page);
  const sync = after.syncs.filter((s) => s.learner === old).pop()!;
  expect(sync).toMatchObject({ leader: next, mode: 'DIFF', fromZxid: oldZxid });
  const digests = new Set(after.servers.map((s) => s.digest));
  expect(digests.size).toBe(1);
  expect(after.servers.find((s) => s.id === old)!.state).toBe('FOLLOWING');
  expect(after.violations).toEqual([]);
});

test('a page reload keeps every committed znode', async ({ page }) => {
  await load(page, three([{ at: 100, do: 'connect', client: 'c1', servers: [1, 2, 3] }], 7));
  await run(page, 8000);
  for (const n of ['x', 'y', 'z']) await cli(page, 'c1', `create /${n} ${n}`);
  const before = await report(page);
  expect(before.clients[0]!.output).toContain('Created /z');
  await page.goto('/');
  // The resumed ensemble recovers from IndexedDB, elects a leader, and a new client sees the data.
  await expect(page.getByTestId('console-c1-output')).toContainText('SyncConnected', { timeout: 30_000 });
  await page.getByTestId('console-c1-input').fill('ls /');
  await page.getByTestId('console-c1-input').press('Enter');
  await expect(page.getByTestId('console-c1-output')).toContainText('[x, y, z, zookeeper]');
  const after = await report(page);
  expect(new Set(after.servers.map((s) => s.digest))).toEqual(new Set([before.servers[0]!.digest]));
});

test('a wiped server rejoins with a SNAP', async ({ page }) => {
  await load(page, three([{ at: 100, do: 'connect', client: 'c1', servers: [1, 2, 3] }], 9));
  await run(page, 8000);
  await cli(page, 'c1', 'create /keep me');
  const leader = leaderOf(await report(page));
  const victim = leader === 1 ? 2 : 1;
  expect(await act(page, { do: 'wipe', server: victim })).toMatchObject({ ok: true });
  await run(page, (await now(page)) + 2000);
  expect(await act(page, { do: 'start', server: victim })).toMatchObject({ ok: true });
  await run(page, (await now(page)) + 10_000);
  const r = await report(page);
  expect(r.syncs.filter((s) => s.learner === victim).pop()).toMatchObject({ mode: 'SNAP', fromZxid: '0x0' });
  expect(new Set(r.servers.map((s) => s.digest)).size).toBe(1);
});

test('a corrupted log record is detected on recovery', async ({ page }) => {
  await load(page, three([{ at: 100, do: 'connect', client: 'c1', servers: [1, 2, 3] }], 11));
  await run(page, 8000);
  await cli(page, 'c1', 'create /one 1');
  await cli(page, 'c1', 'create /two 2');
  const r0 = await report(page);
  const victim = r0.servers.find((s) => s.state === 'FOLLOWING')!;
  const zxid = victim.lastZxid!;
  expect(await act(page, { do: 'corrupt-record', server: victim.id, zxid })).toMatchObject({ ok: true });
  await run(page, (await now(page)) + 1000);
  expect(await act(page, { do: 'start', server: victim.id })).toMatchObject({ ok: true });
  await run(page, (await now(page)) + 1000);
  const r = await report(page);
  const s = r.servers.find((x) => x.id === victim.id)!;
  expect(s.status).toBe('down');
  expect(s.fault).toMatch(/checksum|CRC/i);
  await expect(page.getByTestId(`server-${victim.id}`)).toContainText(/checksum|CRC/i);
});
