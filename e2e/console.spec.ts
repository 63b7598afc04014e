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
  expect(errors).toEqual([]);
});
