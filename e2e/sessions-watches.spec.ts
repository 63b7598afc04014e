// Sessions and watches as a person sees them: a crashed client's session counts down in its
// expiry bucket at the leader, expires, and its closeSession removes its ephemeral; a learner's
// pending touches; a one-shot data watch fires and goes away, a persistent recursive one fires and
// stays, totals as wchs prints them.

import { expect, test, type Page } from '@playwright/test';
import { act, load, now, report as zooscopeReport, run, type as typeLine } from './zooscope.ts';

type Report = {
  servers: { id: number; state: string | null; lastZxid: string | null }[];
  clients: { id: string; sessionId: string }[];
  fourLetterWords: { server: number; word: string; output: string | null }[];
};

const report = (page: Page) => zooscopeReport<Report>(page);

/** Type a line into a client's console (its tab opened first), and let the world run a while. */
const type = (page: Page, client: string, line: string, settle = 800) => typeLine(page, client, line, settle, { openTab: true });


const SCENARIO = {
  version: 1,
  seed: 11,
  ensemble: { participants: 3 },
  actions: [
    { at: 100, do: 'connect', client: 'c1', servers: [1, 2, 3], sessionTimeout: 4000 },
    { at: 100, do: 'connect', client: 'c2', servers: [1, 2, 3] },
    { at: 100, do: 'connect', client: 'c3', servers: [1, 2, 3], sessionTimeout: 12000 },
  ],
  until: 100,
};

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?blank');
  await load(page, SCENARIO);
  await run(page, 4000);
});

test('a crashed client: its bucket and countdown at the leader, then expiry, closeSession and its ephemeral gone', async ({ page }) => {
  await type(page, 'c1', 'create -e /lock held');
  await expect(page.getByTestId('console-c1-output')).toContainText('Created /lock');
  await type(page, 'c3', 'create -e /c3-member x');

  await page.getByTestId('tab-sessions').click();
  const r0 = await report(page);
  const leader = r0.servers.find((s) => s.state === 'LEADING')!.id;
  const sid = r0.clients.find((c) => c.id === 'c1')!.sessionId;
  await expect(page.getByTestId('sessions-readout')).toContainText(`leader s${leader} SessionTracker`);
  await expect(page.getByTestId('sessions-readout')).toContainText('tickTime 2000 ms');
  const row = page.getByTestId(`session-row-${sid}`);
  await expect(row).toContainText('c1');
  await expect(row).toContainText('4000 ms');
  await expect(row).toContainText('/lock');
  await expect(page.getByTestId(`session-countdown-${sid}`)).toHaveText(/^\d+\.\d s$/);
  // Its chip sits in its bucket on the axis.
  const chip = page.locator(`[data-testid=sessions-chart] g.ss-chip[data-session="${sid}"]`);
  await expect(chip).toContainText('c1');
  await expect(chip.locator('title')).toContainText(/bucket \d+\.000 s/);
  // Alive, its pings touch it: it moves on to later buckets as virtual time passes, chip too.
  // The bucket as the leader's SessionTracker has it now; the view, which asks at most every 250
  // ms of real time, catches up with it.
  const bucketCell = row.locator('td').nth(2);
  const leaderBucket = async (): Promise<number> => {
    const a = await page.evaluate((id) => window.zooscope.inspect(id, { kind: 'sessions' }), leader);
    return a!.sessions.find((x) => x.id === sid)!.expiresAt!;
  };
  const shows = async (bucket: number) => {
    await expect(bucketCell).toHaveText(`${(bucket / 1000).toFixed(3)} s`);
    await expect(chip.locator('title')).toContainText(`bucket ${(bucket / 1000).toFixed(3)} s`);
  };
  const firstBucket = await leaderBucket();
  await shows(firstBucket);
  await run(page, (await now(page)) + 4000);
  const laterBucket = await leaderBucket();
  expect(laterBucket).toBeGreaterThan(firstBucket);
  await shows(laterBucket);

  // A follower picked: the touches it will forward to the leader.
  const follower = r0.servers.find((s) => s.state === 'FOLLOWING')!.id;
  await page.getByTestId(`sessions-server-s${follower}`).click();
  await expect(page.getByTestId('session-pending-touches')).toContainText(`s${follower} FOLLOWING does not expire sessions`);
  await page.getByTestId(`sessions-server-s${leader}`).click();
  await expect(page.getByTestId('session-pending-touches')).toHaveCount(0);

  // The client process dies: nothing touches its session any more.
  await row.getByRole('button', { name: 'crash' }).click();
  await run(page, (await now(page)) + 10);
  await expect(row).toContainText('CRASHED');
  const crashedAt = await now(page);
  // Packets already on the wire land, and the follower forwards its last touches to the leader in
  // its reply to the next PING (every tickTime / 2); after that nothing touches the session: its
  // bucket stays and its countdown runs down with virtual time.
  await run(page, crashedAt + 1200);
  await run(page, crashedAt + 1300);
  const bucket = await leaderBucket();
  const left = (t: number) => `${((bucket - t) / 1000).toFixed(1)} s`;
  expect(bucket - crashedAt).toBeLessThanOrEqual(7000);
  await shows(bucket);
  await expect(page.getByTestId(`session-countdown-${sid}`)).toHaveText(left(crashedAt + 1300));
  await run(page, crashedAt + 2100);
  expect(await leaderBucket()).toBe(bucket);
  await expect(page.getByTestId(`session-countdown-${sid}`)).toHaveText(left(crashedAt + 2100));
  await shows(bucket);

  // Watch it expire in real time.
  await page.evaluate(() => window.zooscope.play());
  const events = page.getByTestId('session-events');
  await expect(events.locator('li.ev-expiring')).toContainText(`${sid} (c1)`, { timeout: 15_000 });
  await expect(events.locator('li.ev-expiring')).toContainText('no touch for 4000 ms');
  const closed = events.locator('li.ev-closed.expired');
  await expect(closed).toContainText('closeSession (expiry)', { timeout: 10_000 });
  await expect(closed).toContainText('deleted ephemeral /lock');
  await expect(row).toHaveCount(0);
  await page.evaluate(() => window.zooscope.pause());
  // The closeSession zxid is a txn of the leader's log.
  const zxid = (await closed.locator('.mono').nth(1).textContent())!;
  expect(zxid).toMatch(/^0x[0-9a-f]+$/);
  const r1 = await report(page);
  expect(BigInt(r1.servers.find((s) => s.id === leader)!.lastZxid!)).toBeGreaterThanOrEqual(BigInt(zxid));
  await type(page, 'c2', 'ls /');
  await expect(page.getByTestId('console-c2-output')).toContainText('[c3-member, zookeeper]');
  // The other sessions stay, in their buckets.
  await expect(page.locator('[data-testid=sessions-chart] g.ss-chip:not(.gone)')).toHaveCount(2);
  await page.getByTestId('sessions-view').evaluate((e) => e.scrollIntoView());
  await page.screenshot({ path: 'e2e/screenshots/sessions-1280.png' });
  await page.setViewportSize({ width: 800, height: 900 });
  await page.getByTestId('tab-sessions').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/screenshots/sessions-800.png' });
});

test('watches: a one-shot data watch fires and goes, a persistent recursive one fires and stays; totals as wchs prints them', async ({ page }) => {
  await page.getByTestId('tab-console-c2').click();
  await type(page, 'c2', 'create /a x');
  await type(page, 'c2', 'create /b x');
  await type(page, 'c2', 'get -w /a');
  await type(page, 'c2', 'stat -w /nope');
  await type(page, 'c2', 'ls -w /b');
  await expect(page.getByTestId('console-c2-output')).toContainText('Node does not exist: /nope');
  const sid = (await report(page)).clients.find((c) => c.id === 'c2')!.sessionId;

  await page.getByTestId('tab-watches').click();
  // The view opens on the server c2 is connected to.
  const picked = page.locator('[data-testid=watches-server] button[aria-pressed=true]');
  await expect(picked).toContainText('c2');
  const server = Number((await picked.getAttribute('data-testid'))!.replace('watches-server-s', ''));
  const graph = page.getByTestId('watches-graph');
  const reg = (path: string, kind: string) => graph.locator(`g.wt-row[data-path="${path}"][data-kind="${kind}"][data-state=registered]`);
  await expect(reg('/a', 'data')).toHaveAttribute('data-session', sid);
  await expect(reg('/nope', 'exist')).toHaveCount(1);
  await expect(reg('/b', 'child')).toHaveCount(1);
  await expect(graph.locator(`g.wt-sess[data-session="${sid}"]`)).toContainText('c2');

  // The totals are what wchs prints on that server.
  expect(await act(page, { do: '4lw', server, word: 'wchs' })).toMatchObject({ ok: true });
  await run(page, (await now(page)) + 300);
  const wchs = (await report(page)).fourLetterWords.at(-1)!.output!;
  expect(wchs).toContain('1 connections watching 2 paths');
  expect(wchs).toContain('Total watches:2');
  await expect(page.getByTestId('watches-totals')).toContainText('1 connections watching 2 paths · Total watches:2');
  await expect(page.getByTestId('watches-totals')).toContainText('3 registrations: data 1 · exist 1 · child 1');

  // A change fires the data watch: the event reaches the client, the one-shot watch is gone.
  await page.evaluate(() => window.zooscope.play());
  await page.getByTestId('console-c2-input').fill('set /a y');
  await page.getByTestId('console-c2-input').press('Enter');
  const fired = page.getByTestId('watch-fired-log');
  await expect(fired.locator('li').first()).toContainText('NodeDataChanged /a → c2');
  await expect(fired.locator('li').first()).toContainText('data watch: one-shot, removed');
  await expect(page.getByTestId('console-c2-output')).toContainText('WatchedEvent state:SyncConnected type:NodeDataChanged path:/a');
  await expect(reg('/a', 'data')).toHaveCount(0);
  await expect(page.getByTestId('watches-totals')).toContainText('Total watches:1');

  // A persistent recursive watch fires for a child created below it, and stays.
  await page.getByTestId('console-c2-input').fill('addWatch -m PERSISTENT_RECURSIVE /app');
  await page.getByTestId('console-c2-input').press('Enter');
  await expect(reg('/app', 'recursive')).toHaveCount(1);
  await page.getByTestId('console-c2-input').fill('create /app 1');
  await page.getByTestId('console-c2-input').press('Enter');
  await expect(fired.locator('li').first()).toContainText('NodeCreated /app → c2');
  await page.getByTestId('console-c2-input').fill('create /app/job 2');
  await page.getByTestId('console-c2-input').press('Enter');
  await expect(fired.locator('li').first()).toContainText('NodeCreated /app/job → c2');
  await expect(fired.locator('li').first()).toContainText('persistent recursive watch on /app: stays');
  await expect(reg('/app', 'recursive')).toHaveCount(1);
  await expect(page.getByTestId('console-c2-output')).toContainText('WatchedEvent state:SyncConnected type:NodeCreated path:/app/job');
  await page.evaluate(() => window.zooscope.pause());
  await run(page, (await now(page)) + 2000);
  await expect(reg('/app', 'recursive')).toHaveCount(1);
  await expect(page.getByTestId('watches-totals')).toContainText('1 connections watching 2 paths · Total watches:2');

  await page.screenshot({ path: 'e2e/screenshots/watches-1280.png' });
  await page.setViewportSize({ width: 800, height: 900 });
  await page.getByTestId('tab-watches').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/screenshots/watches-800.png' });
});
