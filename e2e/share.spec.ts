// Scenarios as links and files, settings, and the first visit, as a person uses them: Share and
// open the link elsewhere (same moment, same trace as `npm run scenario`), Export then Import,
// bad links (a message in words, a fresh default ensemble, nothing of them rendered as HTML),
// Settings for a bigger ensemble, the hint that goes away for good.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import lz from 'lz-string';

// Elections and replays take longer on a busy machine than Playwright's 5 s default.
const expect = baseExpect.configure({ timeout: 20_000 });

const HOSTILE = '<img src=x onerror=alert(1)>';

/** What a person sees of the moment, and the report. */
async function moment(page: Page, servers: number) {
  const roles: string[] = [];
  for (let i = 1; i <= servers; i++) roles.push(await page.getByTestId(`server-${i}-role`).innerText());
  return {
    clock: await page.getByTestId('clock').innerText(),
    roles,
    console: await page.getByTestId('console-c1-output').innerText(),
    report: await page.evaluate(() => window.zooscope.report()),
  };
}

function watchDialogs(page: Page): string[] {
  const fired: string[] = [];
  page.on('dialog', (d) => {
    fired.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return fired;
}

async function freshPage(browser: Browser, width = 1280, height = 720): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height } });
  return ctx.newPage();
}

function nodeReport(scenario: unknown): { traceHash: string } {
  const dir = mkdtempSync(join(tmpdir(), 'zooscope-share-'));
  const file = join(dir, 'shared.json');
  writeFileSync(file, JSON.stringify(scenario));
  return JSON.parse(execFileSync('npx', ['tsx', 'tools/scenario.ts', file], { encoding: 'utf8' })) as { traceHash: string };
}

test('Share: the link opens on the same moment, with the trace npm run scenario gives', async ({ page, browser, context }) => {
  test.slow(); // several ensembles one after the other
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const dialogs = watchDialogs(page);
  await page.goto('/');
  const out = page.getByTestId('console-c1-output');
  await expect(out).toContainText('SyncConnected');
  await page.getByTestId('console-c1-input').fill('create /app hello');
  await page.getByTestId('console-c1-input').press('Enter');
  await expect(out).toContainText('Created /app');
  // Kill the leader (an action recorded like a click), and let the election play out.
  const leader = (await page.evaluate(() => window.zooscope.report())).servers.find((s) => s.state === 'LEADING')!.id;
  await expect(page.evaluate((id) => window.zooscope.act({ do: 'kill', server: id }), leader)).resolves.toMatchObject({ ok: true });
  await expect(page.getByTestId(`server-${leader}-role`)).toContainText('DOWN');
  await expect
    .poll(
      async () => {
        const r = await page.evaluate(() => window.zooscope.report());
        return r.servers.filter((s) => s.state === 'LEADING').length === 1 && r.clients[0]?.state === 'CONNECTED';
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  await page.getByTestId('console-c1-input').fill('get /app');
  await page.getByTestId('console-c1-input').press('Enter');
  // Usually "hello"; with bad luck the session is still moving to a new server (ZooKeeper's answer).
  await expect(out).toContainText(/get \/app\n(hello|KeeperErrorCode = ConnectionLoss)/);

  await page.getByTestId('share').click();
  const dialog = page.getByTestId('share-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('play')).toBeVisible(); // sharing paused the ensemble
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(/\/#s=[A-Za-z0-9+$-]+$/);
  expect(page.url()).toBe(url); // the address bar holds the link too
  await page.getByTestId('share-copy').click();
  await expect(page.getByTestId('share-copied')).toHaveText('✓ Copied to the clipboard');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await page.screenshot({ path: 'e2e/screenshots/share-1280.png' });
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  const before = await moment(page, 3);

  // Someone else opens the link.
  const other = await freshPage(browser);
  const otherDialogs = watchDialogs(other);
  await other.goto(url);
  await expect(other.getByTestId('share-notice')).toContainText('Opened a shared scenario at t = ');
  await expect(other.getByTestId('play')).toBeVisible(); // paused there
  const after = await moment(other, 3);
  expect(after.clock).toBe(before.clock);
  expect(after.roles).toEqual(before.roles);
  expect(after.console).toBe(before.console);
  expect(after.console).toContain('create /app hello');
  expect(after.report).toEqual(before.report);

  // The decoded scenario, run headless, has the same trace.
  const scenario = JSON.parse(lz.decompressFromEncodedURIComponent(url.split('#s=')[1]!)) as { until: number; seed: number };
  expect(scenario.until).toBe(before.report.time);
  const node = nodeReport(scenario);
  expect(node.traceHash).toBe(before.report.traceHash);
  expect(node).toEqual(before.report);
  expect(dialogs).toEqual([]);
  expect(otherDialogs).toEqual([]);
  await other.context().close();
});

test('Export then Import: the file replays to the moment it was exported; a bad file lists its errors', async ({ page, browser }) => {
  await page.goto('/');
  const out = page.getByTestId('console-c1-output');
  await expect(out).toContainText('SyncConnected');
  await page.getByTestId('console-c1-input').fill('create -e /lock me');
  await page.getByTestId('console-c1-input').press('Enter');
  await expect(out).toContainText('Created /lock');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  expect(download.suggestedFilename()).toMatch(/^zooscope-scenario-t\d+ms\.json$/);
  const text = readFileSync(await download.path(), 'utf8');
  await expect(page.getByTestId('share-notice')).toContainText(`Exported ${download.suggestedFilename()}`);
  const before = await moment(page, 3);
  expect(JSON.parse(text).until).toBe(before.report.time);

  const other = await freshPage(browser);
  await other.goto('/');
  await expect(other.getByTestId('console-c1-output')).toContainText('SyncConnected');
  // A file that is not a scenario: its problems by field, and nothing replaced.
  await other.getByTestId('import').click();
  await other.getByTestId('import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ version: 1, seed: -1, ensemble: { participants: 12 }, until: 10 })) });
  const errors = other.getByTestId('import-errors');
  await expect(errors).toContainText('bad.json is not a valid scenario (2 problems)');
  await expect(errors).toContainText('seed: must not be negative, got -1');
  await expect(errors).toContainText('ensemble.participants: must be at most 9, got 12');
  await expect(other.getByTestId('import-open')).toBeDisabled();
  await other.getByTestId('import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1,\n  "seed": 3\n  "until": 5}') });
  await expect(errors).toContainText('not valid JSON: line 3, column 3');
  // The exported file.
  await other.getByTestId('import-file').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(other.getByTestId('import-summary')).toContainText('3 participants, seed');
  await other.getByTestId('import-open').click();
  await expect(other.getByTestId('share-notice')).toContainText('Opened zooscope-');
  const after = await moment(other, 3);
  expect(after.clock).toBe(before.clock);
  expect(after.roles).toEqual(before.roles);
  expect(after.console).toBe(before.console);
  expect(after.report).toEqual(before.report);
  await other.context().close();
});

test('bad links: a message in words, a fresh default ensemble, nothing rendered from them', async ({ page }) => {
  test.slow(); // several ensembles one after the other
  const dialogs = watchDialogs(page);
  const good = JSON.parse(readFileSync('src/scenario/examples/observer.json', 'utf8')) as Record<string, unknown>;
  const enc = (v: unknown) => lz.compressToEncodedURIComponent(typeof v === 'string' ? v : JSON.stringify(v));
  const full = enc(good);
  const cases: [string, string, RegExp, string[]][] = [
    ['garbage', 'garbage', /cut short|damaged/, []],
    ['truncated', full.slice(0, Math.floor(full.length * 0.6)), /cut short|damaged/, []],
    ['over 64 KB compressed', 'A'.repeat(1_000_000), /too large: 977 KB compressed, more than the 64 KB a link may hold/, []],
    ['over 64 KB decompressed', enc({ ...good, title: 'x'.repeat(200_000) }), /too large once decompressed/, []],
    ['not JSON', enc('{"version": 1, "seed": '), /not valid JSON/, ['not valid JSON: line 1']],
    ['version 2', enc({ ...good, version: 2 }), /format version 2; this ZooScope reads version 1/, ['version: unsupported version 2']],
    [
      'hostile',
      enc({ ...good, seed: HOSTILE, actions: [{ at: 0, do: HOSTILE, server: 1 }, { at: 0, do: 'connect', client: HOSTILE, servers: [1] }] }),
      /not a valid scenario \(3 problems\)/,
      ['seed: expected an integer, got a string ("<img src=x onerror=alert(1)>")', 'actions[0].do: unknown action "<img src=x onerror=alert(1)>"', 'actions[1].client: '],
    ],
    ['script in the hash', `<script>alert(1)</script>`, /contains the character “<” at position 1/, []],
  ];
  let first = true;
  for (const [what, payload, problem, fieldErrors] of cases) {
    await test.step(what, async () => {
      // The first through a page load, the others pasted into the address bar of the open page.
      if (first) await page.goto(`/#s=${payload}`);
      else await page.evaluate((p) => (location.hash = `s=${p}`), payload);
      first = false;
      const notice = page.getByTestId('share-notice');
      await expect(notice).toHaveAttribute('role', 'alert');
      await expect(notice).toContainText('This link could not be opened.');
      await expect(notice).toContainText(problem);
      await expect(notice).toContainText('A fresh default ensemble was started instead.');
      for (const e of fieldErrors) await expect(page.getByTestId('share-notice-errors')).toContainText(e);
      // The default ensemble: three servers and client c1, from the start.
      await expect(page.getByTestId('console-c1-output')).toContainText('Connecting to 127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183');
      // The console may still show the previous ensemble's c1 for a moment: ask the new one.
      await expect
        .poll(async () => {
          const r = await page.evaluate(() => window.zooscope.report());
          return { servers: r.servers.map((s) => s.id), clients: r.clients.map((c) => c.id) };
        })
        .toEqual({ servers: [1, 2, 3], clients: ['c1'] });
      expect(new URL(page.url()).hash).toBe('');
      expect(await page.locator('img, script:not([src]):not([type])').count()).toBe(0);
      await notice.getByRole('button', { name: 'Dismiss' }).click();
      await expect(notice).toBeHidden();
    });
  }
  // A valid scenario with markup in its text opens, the markup shown as text.
  await page.evaluate((p) => (location.hash = `s=${p}`), enc({ ...good, title: HOSTILE, description: `<b>bold?</b> ${HOSTILE}` }));
  const notice = page.getByTestId('share-notice');
  await expect(notice).toContainText(`“${HOSTILE}”`, { timeout: 30_000 });
  await expect(notice).toContainText(`<b>bold?</b> ${HOSTILE}`);
  expect(await page.locator('img, b').count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test('Settings: 5 participants + 1 observer at tickTime 1000, after a confirmation; New too', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 900 });
  await page.goto('/');
  await expect(page.getByTestId('console-c1-output')).toContainText('SyncConnected');
  // Keyboard: focus Settings and press Enter; Escape closes the dialog.
  await page.getByTestId('settings').focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('settings-dialog');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.getByTestId('settings').click();
  await page.getByTestId('settings-participants').fill('12');
  await expect(dialog).toContainText('must be at most 9, got 12');
  await expect(page.getByTestId('settings-apply')).toBeDisabled();
  await page.getByTestId('settings-participants').fill('5');
  await page.getByTestId('settings-observers').fill('1');
  await page.getByTestId('settings-tickTime').fill('1000');
  await page.getByTestId('settings-latencyMin').fill('2');
  await page.getByTestId('settings-latencyMax').fill('8');
  await page.getByTestId('settings-seed').fill('4242');
  await expect(dialog).toContainText('session timeouts 2 s to 20 s');
  await page.screenshot({ path: 'e2e/screenshots/share-800.png' });
  await page.getByTestId('settings-apply').click();
  const confirm = page.getByTestId('settings-confirm');
  await expect(confirm).toContainText('5 participants + 1 observer, tickTime 1000 ms, initLimit 10, syncLimit 5, latency 2–8 ms, seed 4242');
  await expect(confirm).toContainText('This discards the current ensemble');
  await page.getByTestId('settings-confirm-start').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('server-6-role')).toContainText('OBSERVING', { timeout: 20_000 });
  for (const i of [1, 2, 3, 4, 5]) await expect(page.getByTestId(`server-${i}-role`)).toContainText(/LEADING|FOLLOWING/);
  await expect(page.getByTestId('server-7')).toHaveCount(0);
  const s = await page.evaluate(() => window.zooscope.scenario());
  expect(s.seed).toBe(4242);
  expect(s.ensemble).toMatchObject({ participants: 5, observers: 1, tickTime: 1000 });
  expect(s.network).toMatchObject({ latency: { min: 2, max: 8 } });
  await expect(page.getByTestId('console-c1-output')).toContainText('Connecting to 127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183,127.0.0.1:2184,127.0.0.1:2185,127.0.0.1:2186');

  // New: the same settings, another seed, after a confirmation.
  await page.getByTestId('new').click();
  await expect(page.getByTestId('new-dialog')).toContainText('5 participants + 1 observer, tickTime 1000 ms');
  await page.getByTestId('new-confirm').click();
  await expect(page.getByTestId('new-dialog')).toBeHidden();
  await expect(page.getByTestId('server-6')).toBeVisible();
  const fresh = await page.evaluate(() => window.zooscope.scenario());
  expect(fresh.seed).not.toBe(4242);
  expect(fresh.ensemble).toMatchObject({ participants: 5, observers: 1, tickTime: 1000 });
});

test('first visit: one hint of what to try, gone for good once dismissed', async ({ page }) => {
  await page.goto('/');
  const hint = page.getByTestId('first-hint');
  await expect(hint).toContainText('click the leader (★ LEADING), choose kill and watch the election');
  await expect(hint).toContainText('create /app hello');
  await page.getByTestId('first-hint-dismiss').click();
  await expect(hint).toBeHidden();
  await page.reload();
  await expect(page.getByTestId('console-c1-output')).toContainText('Connecting to');
  await expect(hint).toHaveCount(0);
});
