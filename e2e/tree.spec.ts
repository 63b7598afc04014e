// The znode tree: what a client created shows with its kinds and counts; a node's data, Stat and
// ACL; the same on a follower; a paused follower marked as lagging; ten thousand children scroll
// without ten thousand rows in the page.

import { expect, test, type Page } from '@playwright/test';
import { act, load, now, report as zooscopeReport, run, type as typeLine } from './zooscope.ts';

type Report = { servers: { id: number; state: string | null }[] };

const report = (page: Page) => zooscopeReport<Report>(page);

/** Type a line into a client's console, and let the world run a while. */
const type = (page: Page, client: string, line: string, settle = 1000) => typeLine(page, client, line, settle);


const row = (page: Page, path: string) => page.locator(`.tree-row[data-path="${path}"]`);

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto('/?blank');
});

const CFG = '{"db":{"host":"db1","port":5432},"replicas":3}';

async function appTree(page: Page): Promise<{ leader: number; followers: number[] }> {
  await load(page, { version: 1, seed: 21, ensemble: { participants: 3, extendedTypesEnabled: true }, actions: [{ at: 100, do: 'connect', client: 'c1', servers: [1, 2, 3] }], until: 100 });
  await run(page, 6000);
  await type(page, 'c1', 'create /app');
  await type(page, 'c1', `create /app/cfg '${CFG}'`);
  await type(page, 'c1', 'create -e /app/lock held');
  await type(page, 'c1', 'create -s /app/job- j');
  await type(page, 'c1', 'create -c /app/box');
  await type(page, 'c1', 'create /app/box/item 1');
  await type(page, 'c1', 'create -t 600000 /app/tmp t');
  const r = await report(page);
  const leader = r.servers.find((s) => s.state === 'LEADING')!.id;
  return { leader, followers: r.servers.filter((s) => s.state === 'FOLLOWING').map((s) => s.id) };
}

test('nodes a client created: kinds, counts, data as JSON, Stat in zkCli order, ACL; the same on a follower', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const { leader, followers } = await appTree(page);
  await page.getByTestId('tab-tree').click();
  await expect(page.getByTestId('tree-lag')).toContainText('the leader');
  await expect(row(page, '/app')).toContainText('app (5)');
  await row(page, '/app').locator('.twisty').click();
  await expect(row(page, '/app/cfg')).toHaveAttribute('data-kind', 'persistent');
  await expect(row(page, '/app/lock')).toHaveAttribute('data-kind', 'ephemeral');
  await expect(row(page, '/app/lock')).toContainText('EPH');
  await expect(row(page, '/app/lock')).toContainText(/0x[0-9a-f]+/);
  await expect(row(page, '/app/job-0000000002')).toContainText('SEQ');
  await expect(row(page, '/app/box')).toHaveAttribute('data-kind', 'container');
  await expect(row(page, '/app/box')).toContainText('box (1)CTR');
  await expect(row(page, '/app/tmp')).toHaveAttribute('data-kind', 'ttl');
  await expect(row(page, '/app/tmp')).toContainText('TTL');
  // Children sorted by name.
  await expect(page.locator('.tree-row[data-path^="/app/"]')).toHaveText([/box/, /cfg/, /job-0000000002/, /lock/, /tmp/]);

  await row(page, '/app/cfg').click();
  await expect(page.getByTestId('tree-path')).toHaveValue('/app/cfg');
  await expect(page.getByTestId('tree-crumbs')).toContainText('app/cfg');
  await expect(page.getByTestId('tree-detail')).toContainText('JSON (formatted) · 46 bytes');
  await expect(page.getByTestId('tree-data-text')).toHaveText(JSON.stringify(JSON.parse(CFG), null, 2));
  await expect(page.getByTestId('tree-data-hex')).toContainText('7b 22 64 62');

  await page.getByTestId('tab-tree-stat').click();
  const names = page.getByTestId('tree-stat').locator('th');
  await expect(names).toHaveText(['cZxid', 'ctime', 'mZxid', 'mtime', 'pZxid', 'cversion', 'dataVersion', 'aclVersion', 'ephemeralOwner', 'dataLength', 'numChildren']);
  const values = page.getByTestId('tree-stat').locator('td');
  await expect(values.nth(0)).toHaveText(/^0x1000000[0-9a-f]{2}$/);
  await expect(values.nth(1)).toHaveText(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d UTC \d{4}$/);
  await expect(values.nth(8)).toHaveText('0x0');
  await expect(values.nth(9)).toHaveText("46");
  const stat = await values.allTextContents();
  await page.getByTestId('tab-tree-acl').click();
  await expect(page.getByTestId('tree-acl').locator('th')).toHaveText(['world:anyone']);
  await expect(page.getByTestId('tree-acl').locator('.acl-perms')).toHaveText(['cdrwa']);
  await page.getByTestId('tab-tree-data').click();
  await page.screenshot({ path: 'e2e/screenshots/tree-1280.png' });

  // A follower's replica: the same node, the same Stat, in sync.
  await page.getByTestId('tree-server').selectOption(String(followers[0]));
  await expect(page.getByTestId('tree-lag')).toContainText('in sync with the leader');
  await expect(page.getByTestId('tree-data-text')).toHaveText(JSON.stringify(JSON.parse(CFG), null, 2));
  await page.getByTestId('tab-tree-stat').click();
  await expect(values).toHaveText(stat);
  await expect(row(page, '/app/lock')).toContainText('EPH');
  await expect(page.locator('.tree-row[data-lag]')).toHaveCount(0);

  // The path bar: type a path, Enter; breadcrumbs go back up.
  await page.getByTestId('tree-path').fill('zookeeper/config');
  await page.getByTestId('tree-path').press('Enter');
  await expect(row(page, '/zookeeper/config')).toHaveClass(/selected/);
  await page.getByTestId('tree-crumbs').getByRole('button', { name: 'zookeeper' }).click();
  await expect(page.getByTestId('tree-path')).toHaveValue('/zookeeper');
  expect(leader).not.toBe(followers[0]);
});

test('a paused follower is marked as lagging the leader, node by node; changes flash as they commit', async ({ page }) => {
  const { leader, followers } = await appTree(page);
  const slow = followers[0]!;
  // A second client on the leader only, so that its writes do not wait for the paused server.
  expect(await act(page, { do: 'connect', client: 'c2', servers: [leader] })).toMatchObject({ ok: true });
  await run(page, (await now(page)) + 2000);
  await page.getByTestId('tab-tree').click();
  await page.getByTestId('tree-server').selectOption(String(slow));
  await row(page, '/app').locator('.twisty').click();
  await expect(row(page, '/app/cfg')).toBeVisible();
  expect(await act(page, { do: 'pause', server: slow })).toMatchObject({ ok: true });
  await run(page, (await now(page)) + 100);
  await page.getByRole('tab', { name: 'c2 · CONNECTED' }).click();
  await type(page, 'c2', 'set /app/cfg {"replicas":5}');
  await type(page, 'c2', 'create /app/new 1');
  await expect(page.getByTestId('tree-lag')).toContainText('2 txns behind the leader');
  await expect(page.getByTestId('tree-lag')).toContainText('(paused)');
  await expect(row(page, '/app/cfg')).toHaveAttribute('data-lag', 'data');
  await expect(row(page, '/app/cfg')).toContainText('stale');
  await expect(row(page, '/app/new')).toHaveAttribute('data-lag', 'missing');
  await expect(row(page, '/app/new')).toContainText('missing');
  await expect(row(page, '/app')).toHaveAttribute('data-lag', 'children');
  await expect(page.getByTestId('tree-foot')).toContainText('3 nodes differ from the leader');
  await row(page, '/app/cfg').click();
  await expect(page.getByTestId('tree-detail-lag')).toContainText('This replica lags the leader. data: the leader has mZxid 0x10000000a (dataVersion 1), this replica 0x100000003 (dataVersion 0)');
  await page.getByTestId('tab-tree-stat').click();
  await expect(page.getByTestId('tree-stat').locator('tr.differs th')).toHaveText(['mZxid', 'mtime', 'dataVersion', 'dataLength']);
  await page.getByTestId('tab-tree-data').click();
  await page.setViewportSize({ width: 800, height: 900 });
  await page.getByTestId('tree-view').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/screenshots/tree-800.png' });

  // Resumed, it catches up: the marks go, and what changed flashes as it commits there.
  expect(await act(page, { do: 'resume', server: slow })).toMatchObject({ ok: true });
  await run(page, (await now(page)) + 300);
  await expect(page.getByTestId('tree-lag')).toContainText('in sync with the leader');
  await expect(page.locator('.tree-row[data-lag]')).toHaveCount(0);
  await expect(row(page, '/app/new')).toHaveClass(/flash/);
  await expect(row(page, '/app/new')).toContainText('new');
  await expect(page.getByTestId('tree-data-text')).toHaveText('{\n  "replicas": 5\n}');
});

test('ten thousand children scroll without ten thousand rows in the page', async ({ page }) => {
  // A connect, /big and 9,998 children (10,003 znodes).
  test.slow(); // 10,000 creates through a worker and IndexedDB
  const N = 9998;
  const actions: object[] = [
    { at: 100, do: 'connect', client: 'c1', servers: [1] },
    { at: 1000, do: 'cli', client: 'c1', command: 'create /big' },
  ];
  for (let i = 0; i < N; i++) actions.push({ at: 1000, do: 'cli', client: 'c1', command: `create /big/n${String(i).padStart(5, '0')} ${i}` });
  await load(page, { version: 1, seed: 5, ensemble: { participants: 1, standalone: true }, actions, until: 1000 });
  await page.getByTestId('tab-tree').click();
  await run(page, 400_000);
  await expect(row(page, '/big')).toContainText(`big (${N})`);
  await row(page, '/big').locator('.twisty').click();
  await expect(row(page, '/big/n00000')).toBeVisible();
  const rendered = async () => page.locator('.tree-row').count();
  expect(await rendered()).toBeLessThan(80);
  // Scroll to the end with the keyboard, as a person does: End (the last row is /zookeeper), then up one.
  await row(page, '/big/n00000').click();
  await page.getByTestId('tree-list').press('End');
  await expect(row(page, '/zookeeper')).toHaveClass(/selected/);
  await page.getByTestId('tree-list').press('ArrowUp');
  await expect(row(page, '/big/n09997')).toHaveClass(/selected/);
  await expect(row(page, '/big/n09997')).toBeVisible();
  expect(await rendered()).toBeLessThan(80);
  await expect(page.getByTestId('tree-data-text')).toHaveText('9997');
  // And with the wheel, half way up.
  await page.getByTestId('tree-list').evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  await expect(row(page, '/big/n04998')).toBeVisible();
  expect(await rendered()).toBeLessThan(80);
  await expect(page.getByTestId('tree-foot')).toContainText(`${N + 3} rows`);
});
