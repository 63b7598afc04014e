// The Election and Txn log views, used as a person would: look at who won and how each server
// voted, kill the leader and find the new round in the history, read a server's log after writes,
// a restart, and an old leader's truncation.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { load, now, report as zooscopeReport, runFor } from './zooscope.ts';

type Report = {
  servers: { id: number; status: string; state: string | null; lastZxid: string | null }[];
  elections: { at: number; epoch: number; leader: number; votes: Record<string, { leader: number; zxid: string; electionEpoch: number; peerEpoch: number }> }[];
};

const SHOTS = join(import.meta.dirname, 'screenshots');
const three = (seed: number) => ({ version: 1, seed, ensemble: { participants: 3 }, actions: [{ at: 100, do: 'connect', client: 'c1', servers: [1, 2, 3] }], until: 100 });

const report = (page: Page) => zooscopeReport<Report>(page);
async function act(page: Page, a: object): Promise<void> {
  const r = await page.evaluate((a) => window.zooscope.act(a), a);
  if (!r.ok) throw new Error(`${JSON.stringify(a)}: ${r.errors.join('; ')}`);
}
const leaderOf = (r: Report) => r.servers.find((s) => s.state === 'LEADING')!.id;

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?blank');
});

test('Election: the winner, each server’s vote and round; killing the leader adds a round with a higher epoch', async ({ page }) => {
  await load(page, three(3));
  await page.evaluate(() => window.zooscope.run(10_000));
  const r1 = await report(page);
  const first = leaderOf(r1);
  const e1 = r1.elections.at(-1)!;
  await page.getByTestId('tab-election').click();
  await expect(page.getByTestId('election-headline')).toContainText(`Leader: server ${first}`);
  for (const id of [1, 2, 3]) {
    await expect(page.getByTestId(`election-vote-${id}`)).toContainText(`s${first} · ${e1.votes[String(id)]!.zxid}`);
    await expect(page.getByTestId(`election-round-${id}`)).toHaveText(String(e1.votes[String(id)]!.electionEpoch));
  }
  // The leader's own notifications and tally, from clicking its row.
  await page.getByTestId(`election-row-${first}`).click();
  await expect(page.getByTestId('election-detail')).toContainText(`Server ${first} · LEADING`);
  await expect(page.getByTestId('election-detail')).toContainText('✓ quorum');
  await expect(page.getByTestId('election-notifications').locator('tbody tr').first()).toBeVisible();

  await page.getByTestId('election-pane-history').click();
  const rounds = page.getByTestId('election-round-item');
  await expect(rounds).toHaveCount(1);
  await expect(rounds.first()).toContainText(`leader s${first}`);
  await expect(rounds.first()).toContainText(`epoch ${e1.epoch}`);
  await expect(rounds.first()).toContainText('current leader');

  // Kill the leader: a new round, a new leader, a higher epoch.
  await act(page, { do: 'kill', server: first });
  await runFor(page, 15_000);
  const r2 = await report(page);
  const second = leaderOf(r2);
  expect(second).not.toBe(first);
  const e2 = r2.elections.at(-1)!;
  expect(e2.epoch).toBeGreaterThan(e1.epoch);
  await expect(page.getByTestId('election-headline')).toContainText(`Leader: server ${second}`);
  await expect(page.getByTestId('election-headline')).toContainText(`epoch ${e2.epoch}`);
  await expect(rounds).toHaveCount(2);
  const newest = rounds.first();
  await expect(newest).toContainText(`leader s${second}`);
  await expect(newest).toContainText(`epoch ${e2.epoch}`);
  await expect(newest).toContainText(`round ${e2.votes[String(second)]!.electionEpoch}`);
  await expect(rounds.nth(1)).toContainText(`leader s${first}`);
  await expect(rounds.nth(1)).toContainText('leader went down');
  await expect(page.getByTestId(`election-vote-${first}`)).toHaveText('–');
  // Its votes and timing.
  await newest.click();
  const detail = page.getByTestId('election-round-detail');
  for (const id of Object.keys(e2.votes)) await expect(detail.locator('tr', { hasText: `s${id}` }).first()).toContainText(`s${second} · ${e2.votes[id]!.zxid}`);
  await expect(detail).toContainText('broadcast (epoch');
  await detail.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'election-1280.png') });

  await page.setViewportSize({ width: 800, height: 900 });
  await page.getByTestId('election-pane-server').click();
  await page.getByTestId(`election-row-${second}`).click();
  await expect(page.getByTestId('election-detail')).toContainText(`Server ${second} · LEADING`);
  await page.screenshot({ path: join(SHOTS, 'election-800.png'), fullPage: true });
});

test('Election, live: a server whose tally reached a quorum shows finalizeWait until the round settles', async ({ page }) => {
  await load(page, three(3));
  await page.evaluate(() => window.zooscope.run(10_000));
  const settled = (await report(page)).elections[0]!.at;
  // The same run again, stopped inside the 200 ms finalizeWait before the first round ended.
  await load(page, three(3));
  await page.evaluate((t) => window.zooscope.run(t), settled - 100);
  await page.getByTestId('tab-election').click();
  const finalizing = page.locator('[data-testid^="election-finalizing-"]');
  await expect(finalizing.first()).toBeVisible();
  const id = (await finalizing.first().getAttribute('data-testid'))!.replace('election-finalizing-', '');
  await page.getByTestId(`election-row-${id}`).click();
  await expect(page.getByTestId('election-detail')).toContainText('✓ quorum');
  await expect(page.getByTestId('election-detail')).toContainText('finalizeWait: a quorum agrees');
  // 200 ms on, it has settled.
  await runFor(page, 200);
  await expect(page.getByTestId(`election-finalizing-${id}`)).toHaveCount(0);
  await expect(page.getByTestId('election-headline')).toContainText('Leader: server');
});

test('Txn log: create /x committed on the leader; a new leader snapshots; a restarted follower rejoins with a DIFF and gets what it missed', async ({ page }) => {
  await load(page, three(5));
  await page.evaluate(() => window.zooscope.run(8000));
  const first = leaderOf(await report(page));
  await act(page, { do: 'cli', client: 'c1', command: 'create /x hello' });
  await runFor(page, 1000);
  const zx = (await report(page)).servers.find((s) => s.id === first)!.lastZxid!;
  await page.getByTestId('tab-txnlog').click();
  // The leader is shown by default.
  await expect(page.getByTestId(`txnlog-pick-${first}`)).toHaveAttribute('aria-checked', 'true');
  const row = page.getByTestId(`txnlog-entry-${zx}`);
  await expect(row).toContainText('create');
  await expect(row).toContainText('/x');
  await expect(row).toContainText('e1');
  await expect(row).toContainText('committed');

  // Kill the leader: the new one snapshots as it starts leading (ZooKeeperServer.loadData).
  await act(page, { do: 'kill', server: first });
  await runFor(page, 15_000);
  const second = leaderOf(await report(page));
  await page.getByTestId(`txnlog-pick-${second}`).click();
  await expect(page.getByTestId('txnlog-marker-snapshot').filter({ hasText: `snapshot at ${zx}` })).toBeVisible();

  // A follower misses writes while down, restarts, recovers from its disk and gets a DIFF.
  const follower = [1, 2, 3].find((i) => i !== first && i !== second)!;
  await act(page, { do: 'kill', server: follower });
  await runFor(page, 100);
  await act(page, { do: 'start', server: first });
  await runFor(page, 5000);
  // (Alone, the leader lost its quorum: the two others may have elected anew.)
  const third = leaderOf(await report(page));
  await act(page, { do: 'cli', client: 'c1', command: 'create /y missed' });
  await runFor(page, 1000);
  const zy = (await report(page)).servers.find((s) => s.id === third)!.lastZxid!;
  await act(page, { do: 'start', server: follower });
  await runFor(page, 6000);
  await page.getByTestId(`txnlog-pick-${follower}`).click();
  await expect(page.getByTestId('txnlog-marker-restart')).toContainText(`up to ${zx}`);
  await expect(page.getByTestId('txnlog-marker-sync').filter({ hasText: `DIFF from s${third}` }).last()).toContainText(`after ${zx}`);
  const missed = page.getByTestId(`txnlog-entry-${zy}`);
  await expect(missed).toContainText('/y');
  await expect(missed).toContainText(`e${Number(BigInt(zy) >> 32n)}`);
  await expect(missed).toContainText('committed');
  await page.screenshot({ path: join(SHOTS, 'txnlog-1280.png') });
});

test('Txn log: the old leader’s unacknowledged proposal is cut by a TRUNC', async ({ page }) => {
  const scenario = JSON.parse(readFileSync(join(import.meta.dirname, '../src/scenario/examples/sync-trunc.json'), 'utf8'));
  await load(page, scenario);
  await page.evaluate(() => window.zooscope.run(32_000));
  await page.getByTestId('tab-txnlog').click();
  await page.getByTestId('txnlog-pick-3').click();
  const trunc = page.getByTestId('txnlog-marker-trunc');
  await expect(trunc).toContainText('TRUNC from s2: log cut after 0x100000003');
  await expect(trunc).toContainText('removed 0x100000004 create /lost');
  await expect(page.getByTestId('txnlog-entry-0x100000004')).toHaveCount(0);
  await expect(page.getByTestId('txnlog-entry-0x100000003')).toContainText('/b');
  await page.setViewportSize({ width: 800, height: 900 });
  await expect(trunc).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'txnlog-800.png'), fullPage: true });
});
