import { expect, test } from '@playwright/test';

test('the console runs zkCli against the ensemble', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/');
  const out = page.getByTestId('console-c1-output');
  await expect(out).toContainText('WatchedEvent state:SyncConnected type:None path:null');
  const input = page.getByTestId('console-c1-input');
  const run = async (cmd: string) => {
    await input.fill(cmd);
    await input.press('Enter');
  };
  await run('create /app hello');
  await expect(out).toContainText('Created /app');
  await run('get -w /app');
  await expect(out).toContainText('hello');
  await run('set /app world');
  await expect(out).toContainText('WatchedEvent state:SyncConnected type:NodeDataChanged path:/app');
  await run('ls /');
  await expect(out).toContainText('[app, zookeeper]');
  await run('bogus');
  await expect(out).toContainText('Command not found: Command not found bogus');
  // History on the arrow keys and tab completion of paths.
  await input.press('ArrowUp');
  await expect(input).toHaveValue('bogus');
  await input.fill('stat /ap');
  await input.press('Tab');
  await expect(input).toHaveValue('stat /app ');
  await expect(page.getByTestId('server-1')).toContainText(/\d+ znodes/);
  // connect with a server's name: the session moves to that server, the prompt names it.
  await run('connect s2');
  await expect(page.getByTestId('console-c1').locator('.prompt')).toContainText('[zk: s2(CONNECTED)');
  await expect(page.getByTestId('client-c1')).toHaveAttribute('aria-label', /connected, on server 2,/);
  await run('get /app');
  await expect(out).toContainText('world');
  await run('connect server.3:2181');
  await expect(page.getByTestId('client-c1')).toHaveAttribute('aria-label', /connected, on server 3,/);
  expect(errors).toEqual([]);
});

test('several clients, each its own session and tab', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('console-c1-output')).toContainText('state:SyncConnected');
  await page.getByTestId('new-client').click();
  await page.getByRole('checkbox', { name: 'server 1' }).uncheck();
  await page.getByRole('checkbox', { name: 'server 2' }).uncheck();
  await page.getByTestId('new-client-connect').click();
  const out = page.getByTestId('console-c2-output');
  await expect(out).toContainText('state:SyncConnected');
  await expect(page.getByTestId('client-c2')).toHaveAttribute('aria-label', /connected, on server 3,/);
  const input = page.getByTestId('console-c2-input');
  await input.fill('create -e /mine x');
  await input.press('Enter');
  await expect(out).toContainText('Created /mine');
  await input.fill('stat /mine');
  await input.press('Enter');
  const report = await page.evaluate(() => window.zooscope.report());
  const c2 = report.clients.find((c) => c.id === 'c2')!;
  const c1 = report.clients.find((c) => c.id === 'c1')!;
  expect(c2.sessionId).not.toBe(c1.sessionId);
  await expect(out).toContainText(`ephemeralOwner = ${c2.sessionId}`);
  // c1's tab still holds c1's console.
  await page.getByRole('tab', { name: /^c1/ }).click();
  await expect(page.getByTestId('console-c1-output')).not.toContainText('Created /mine');
});
