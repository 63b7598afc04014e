// The ensemble view as a person uses it: roles on the servers, a server's menu (kill, start,
// pause and resume, restart, wipe, four-letter words), cutting a link by dragging one server onto another and healing it, and
// messages moving on the links while the world runs.

import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { load, now } from './zooscope.ts';

const SHOTS = join(import.meta.dirname, 'screenshots');

const three = (seed: number, actions: object[] = []) => ({
  version: 1,
  seed,
  ensemble: { participants: 3 },
  actions: [{ at: 100, do: 'connect', client: 'c1', servers: [1, 2, 3] }, ...actions],
  until: 100,
});

/** Let virtual time pass (as if the person pressed Play and waited). */
async function advance(page: Page, ms: number): Promise<void> {
  const t = await now(page);
  await page.evaluate((t) => window.zooscope.run(t), t + ms);
}

/** The server the view shows as LEADING (exactly one). */
async function leader(page: Page): Promise<number> {
  const lead = page.locator('.ens-node[data-role="LEADING"]');
  await expect(lead).toHaveCount(1);
  return Number((await lead.getAttribute('data-testid'))!.replace('server-', ''));
}

async function menuOf(page: Page, id: number) {
  await page.getByTestId(`server-${id}`).click();
  const menu = page.getByTestId('server-menu');
  await expect(menu).toBeVisible();
  return menu;
}

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto('/?blank');
});

test('the leader shows LEADING, the others FOLLOWING; kill makes a new leader, start brings the old one back FOLLOWING', async ({ page }) => {
  await load(page, three(5));
  await advance(page, 6000);
  const old = await leader(page);
  await expect(page.locator('.ens-node[data-role="FOLLOWING"]')).toHaveCount(2);
  for (const id of [1, 2, 3]) await expect(page.getByTestId(`server-${id}-role`)).toHaveText(id === old ? 'LEADING' : 'FOLLOWING');
  await expect(page.getByTestId(`server-${old}`)).toContainText(/epoch 1 · acc 1/);

  // Kill the leader from its menu.
  let menu = await menuOf(page, old);
  await expect(menu.getByTestId('menu-kill')).toBeEnabled();
  await menu.getByTestId('menu-kill').click();
  await expect(menu).toBeHidden();
  await advance(page, 100);
  await expect(page.getByTestId(`server-${old}-role`)).toHaveText('DOWN');

  // The menu of a down server: kill and pause would do nothing, four-letter words get no answer.
  menu = await menuOf(page, old);
  await expect(menu.getByTestId('menu-kill')).toBeDisabled();
  await expect(menu.getByTestId('menu-pause')).toBeDisabled();
  await expect(menu.getByTestId('menu-4lw-ruok')).toBeDisabled();
  await expect(menu.getByTestId('menu-restart')).toHaveText('Start');
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();

  // The followers notice, elect a new leader among themselves.
  await advance(page, 15_000);
  const next = await leader(page);
  expect(next).not.toBe(old);

  // Start the old leader again (by keyboard: focus, Enter, arrow to the entry).
  await page.getByTestId(`server-${old}`).focus();
  await page.keyboard.press('Enter');
  menu = page.getByTestId('server-menu');
  await expect(menu).toBeVisible();
  await menu.getByTestId('menu-restart').click();
  await advance(page, 10_000);
  await expect(page.getByTestId(`server-${old}-role`)).toHaveText('FOLLOWING');
  await expect(page.getByTestId(`server-${next}-role`)).toHaveText('LEADING');
  const recorded = await page.evaluate(() => window.zooscope.scenario().actions);
  expect(recorded).toEqual(expect.arrayContaining([expect.objectContaining({ do: 'kill', server: old }), expect.objectContaining({ do: 'start', server: old })]));
});

test('pause and resume, restart, and wipe disk from a server’s menu', async ({ page }) => {
  await load(page, three(13));
  await advance(page, 6000);
  const lead = await leader(page);
  const f = [1, 2, 3].find((id) => id !== lead)!;
  const syncsOf = async (): Promise<{ learner: number; mode: string; at: number }[]> =>
    ((await page.evaluate(() => window.zooscope.report())) as unknown as { syncs: { learner: number; mode: string; at: number }[] }).syncs.filter((x) => x.learner === f);

  // Pause a follower: it shows PAUSED, and its menu offers Resume.
  let menu = await menuOf(page, f);
  await menu.getByTestId('menu-pause').click();
  await advance(page, 1000);
  await expect(page.getByTestId(`server-${f}-role`)).toHaveText('PAUSED');
  menu = await menuOf(page, f);
  await expect(menu.getByTestId('menu-pause')).toHaveText('Resume');
  await menu.getByTestId('menu-pause').click();
  await advance(page, 10_000);
  await expect(page.getByTestId(`server-${f}-role`)).toHaveText('FOLLOWING');

  // Restart a running follower: it goes down and comes back, and syncs with the leader again.
  const before = (await syncsOf()).length;
  menu = await menuOf(page, f);
  await expect(menu.getByTestId('menu-restart')).toHaveText('Restart');
  await menu.getByTestId('menu-restart').click();
  await advance(page, 10_000);
  await expect(page.getByTestId(`server-${f}-role`)).toHaveText('FOLLOWING');
  await expect(page.getByTestId(`server-${lead}-role`)).toHaveText('LEADING');
  expect((await syncsOf()).length).toBeGreaterThan(before);

  // Wipe its disk (the running server is killed first); started again, it gets a SNAP.
  menu = await menuOf(page, f);
  await menu.getByTestId('menu-wipe').click();
  await advance(page, 100);
  await expect(page.getByTestId(`server-${f}-role`)).toHaveText('DOWN');
  menu = await menuOf(page, f);
  await menu.getByTestId('menu-restart').click();
  await advance(page, 10_000);
  await expect(page.getByTestId(`server-${f}-role`)).toHaveText('FOLLOWING');
  expect((await syncsOf()).at(-1)!.mode).toBe('SNAP');

  const recorded = (await page.evaluate(() => window.zooscope.scenario().actions!)).filter((a) => 'server' in a && a.server === f).map((a) => a.do);
  expect(recorded).toEqual(['pause', 'resume', 'restart', 'wipe', 'start']);
});

test('Corrupt record… from the menu: a zxid that is not one is refused in words; the server’s last record corrupted, its next start fails its checksum', async ({ page }) => {
  await load(page, three(17));
  await advance(page, 6000);
  const lead = await leader(page);
  const f = [1, 2, 3].find((id) => id !== lead)!;
  const last = ((await page.evaluate(() => window.zooscope.report())) as unknown as { servers: { id: number; lastZxid: string }[] }).servers.find((x) => x.id === f)!.lastZxid;

  const menu = await menuOf(page, f);
  await menu.getByTestId('menu-corrupt-record').click();
  const zxid = menu.getByTestId('corrupt-zxid');
  await expect(zxid).toHaveValue(last); // the server's last record, by default
  await zxid.fill('0xnope');
  await menu.getByTestId('corrupt-go').click();
  await expect(menu).toContainText('a zxid is hex (0x100000003) or a decimal integer');
  await zxid.fill(last);
  await menu.getByTestId('corrupt-go').click();
  await expect(menu).toBeHidden();
  await advance(page, 100);
  await expect(page.getByTestId(`server-${f}-role`)).toHaveText('DOWN');

  await (await menuOf(page, f)).getByTestId('menu-restart').click();
  await advance(page, 2000);
  await expect(page.getByTestId(`server-${f}-role`)).toHaveText('DOWN');
  await expect(page.getByTestId(`server-${f}`)).toContainText(/checksum|CRC/i);
  const recorded = (await page.evaluate(() => window.zooscope.scenario().actions!)).filter((a) => 'server' in a && a.server === f);
  expect(recorded).toEqual([expect.objectContaining({ do: 'corrupt-record', zxid: last }), expect.objectContaining({ do: 'start' })]);
});

test('dragging one server onto another cuts that link one way; the link menu cuts it both ways; heal removes the cuts', async ({ page }) => {
  await load(page, three(7));
  await advance(page, 6000);
  const link = page.getByTestId('link-1-2');
  await expect(link).toHaveAttribute('data-cut', 'open');
  await expect(page.getByTestId('cut-1-2')).toHaveCount(0);

  await page.getByTestId('server-1').dragTo(page.getByTestId('server-2'));
  const lm = page.getByTestId('link-menu');
  await expect(lm).toBeVisible();
  await lm.getByTestId('menu-cut-1-2').click();
  // Paused: the action runs 1 ms from now, and the view says it waits.
  await expect(page.getByTestId('actions-waiting')).toContainText('1 action waits');
  await advance(page, 10);
  await expect(page.getByTestId('actions-waiting')).toHaveCount(0);
  await expect(link).toHaveAttribute('data-cut', '1>2');
  await expect(page.getByTestId('cut-1-2').locator('text')).toHaveText('✂ 1→2');
  await expect(link.locator('.ens-lane.cut')).toHaveCount(1);

  // Click the cut marker on the link: its menu knows it is cut one way.
  await page.getByTestId('cut-1-2').click();
  await expect(lm).toBeVisible();
  await expect(lm.getByTestId('link-state')).toContainText('packets from s1 to s2 are lost');
  await expect(lm.getByTestId('menu-cut-1-2')).toBeDisabled();
  await lm.getByTestId('menu-cut-both').click();
  await advance(page, 10);
  await expect(link).toHaveAttribute('data-cut', 'both');
  await expect(page.getByTestId('cut-1-2').locator('text')).toHaveText('✂ 1↔2');
  await expect(link.locator('.ens-lane.cut')).toHaveCount(2);

  // Click another link (an open one): cut it one way from its menu.
  await page.getByTestId('link-1-3').click();
  await expect(lm).toBeVisible();
  await expect(lm.getByTestId('link-state')).toHaveText('open both ways');
  await lm.getByTestId('menu-cut-3-1').click();
  await advance(page, 10);
  await expect(page.getByTestId('link-1-3')).toHaveAttribute('data-cut', '3>1');
  await expect(page.getByTestId('cut-1-3').locator('text')).toHaveText('✂ 3→1');

  // Heal (global, as in ZooKeeper scenarios; the tooltip says so).
  const heal = page.getByTestId('heal-all');
  await expect(heal).toHaveAttribute('title', /only a global heal/);
  await heal.click();
  await advance(page, 10);
  await expect(link).toHaveAttribute('data-cut', 'open');
  await expect(page.getByTestId('link-1-3')).toHaveAttribute('data-cut', 'open');
  await expect(page.locator('.ens-badge')).toHaveCount(0);
  await expect(heal).toBeDisabled();

  // Isolate cuts the server's client links too.
  const menu = await menuOf(page, 3);
  await menu.getByTestId('menu-isolate').click();
  await advance(page, 10);
  await expect(page.getByTestId('link-1-3')).toHaveAttribute('data-cut', 'both');
  await expect(page.getByTestId('link-2-3')).toHaveAttribute('data-cut', 'both');
  await expect(page.getByTestId('link-1-2')).toHaveAttribute('data-cut', 'open');

  const recorded = await page.evaluate(() => window.zooscope.scenario().actions!.map((a) => a.do));
  expect(recorded).toEqual(['connect', 'cut', 'cut', 'cut', 'heal', 'isolate']);
});

test('four-letter words from the menu: ruok answers imok, srvr on the leader says Mode: leader', async ({ page }) => {
  await load(page, three(9));
  await advance(page, 6000);
  const lead = await leader(page);

  let menu = await menuOf(page, lead);
  await menu.getByTestId('menu-4lw-ruok').click();
  const panel = page.getByTestId('fourletter-panel');
  await expect(panel).toBeVisible();
  // The world is paused: the answer has not travelled yet.
  await expect(panel.getByTestId('fourletter-wait')).toContainText('paused');
  await advance(page, 500);
  await expect(panel.getByTestId('fourletter-output')).toHaveText('imok');

  menu = await menuOf(page, lead);
  await menu.getByTestId('menu-4lw-srvr').click();
  await advance(page, 500);
  await expect(panel.getByTestId('fourletter-output')).toContainText('Mode: leader');
  await expect(panel.getByTestId('fourletter-output')).toContainText('Zookeeper version: 3.8.0');
  const words = await page.evaluate(() => window.zooscope.scenario().actions!.filter((a) => a.do === '4lw'));
  expect(words).toEqual([expect.objectContaining({ server: lead, word: 'ruok' }), expect.objectContaining({ server: lead, word: 'srvr' })]);
  await page.getByTestId('fourletter-close').click();
  await expect(panel).toBeHidden();
});

test('messages in flight move along the links, labelled by kind, while the world runs', async ({ page }) => {
  await load(page, three(11));
  // Slow virtual time down so that a message stays on the wire long enough to be seen.
  await page.getByTestId('speed').selectOption('0.01');
  await page.getByTestId('play').click();
  // A notification: labelled "vote <proposed leader>", its full description in the tooltip.
  const vote = page.locator('[data-testid="msg"][data-kind="vote"][data-label^="vote "][aria-label$=" 0x0 round 1"]').first();
  await expect(vote).toBeVisible();
  // It moves while playing (or arrives and goes away).
  const at1 = await vote.getAttribute('transform', { timeout: 1000 }).catch(() => null);
  await expect.poll(async () => (await vote.count()) === 0 || (await vote.getAttribute('transform')) !== at1).toBe(true);
  await page.getByTestId('pause').click();

  // After the election a write from the console: the request, then the ZAB round.
  await advance(page, 6000);
  await page.getByTestId('play').click();
  await page.getByTestId('console-c1-input').fill('create /x 1');
  await page.getByTestId('console-c1-input').press('Enter');
  await expect(page.locator('[data-testid="msg"][data-kind="request"]').first()).toBeVisible();
  await expect(page.locator('[data-testid="msg"][data-kind="proposal"][data-label="PROPOSAL"]').first()).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('pause').click();
});

test('screenshots: a one-way cut, a LOOKING server, messages in flight', async ({ page }) => {
  // s3 is cut from s1 one way; c2 sits on s2; the screenshot is taken mid-election after s1 restarts.
  await load(page, {
    ...three(13, [
      { at: 100, do: 'connect', client: 'c2', servers: [2] },
      { at: 5000, do: 'cut', from: 3, to: 1 },
      { at: 5200, do: 'cli', client: 'c1', command: 'create /app hello' },
    ]),
    until: 5200,
  });
  await advance(page, 6000);
  await page.getByTestId('speed').selectOption('0.01');
  await page.getByTestId('server-1').click();
  await page.getByTestId('server-menu').getByTestId('menu-restart').click();
  await page.getByTestId('play').click();
  await expect(page.locator('[data-testid="msg"]').first()).toBeVisible();
  await expect(page.locator('.ens-node[data-role="LOOKING"]').first()).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('cut-1-3').locator('text')).toHaveText('✂ 3→1');
  await page.screenshot({ path: join(SHOTS, 'ensemble-1280.png') });
  await page.setViewportSize({ width: 800, height: 900 });
  await expect(page.getByTestId('server-1')).toBeVisible();
  await page.getByTestId('server-1').click();
  await expect(page.getByTestId('server-menu')).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'ensemble-800.png') });
});
