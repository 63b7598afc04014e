// The page's window.zooscope as the e2e tests drive it (see src/store/controller.ts).

import { expect, type Page } from '@playwright/test';

export async function load(page: Page, scenario: object): Promise<void> {
  expect(await page.evaluate((s) => window.zooscope.load(s), scenario)).toEqual({ ok: true });
}

export const run = (page: Page, t: number): Promise<void> => page.evaluate((t) => window.zooscope.run(t), t);
export const now = (page: Page): Promise<number> => page.evaluate(() => window.zooscope.now);
export const act = (page: Page, a: object) => page.evaluate((a) => window.zooscope.act(a), a);

/** Let virtual time run on for ms. */
export const runFor = async (page: Page, ms: number): Promise<void> => run(page, (await now(page)) + ms);

/** The report, typed as much of it as a test reads. */
export const report = <R>(page: Page): Promise<R> => page.evaluate(() => window.zooscope.report()) as Promise<R>;

/** Type a line into a client's console, as a person does (opening its tab first), and let the world run a while. */
export async function type(page: Page, client: string, line: string, settle: number, opts: { openTab?: boolean } = {}): Promise<void> {
  if (opts.openTab) await page.getByTestId(`tab-console-${client}`).click();
  const input = page.getByTestId(`console-${client}-input`);
  await input.fill(line);
  await input.press('Enter');
  await runFor(page, settle);
}
