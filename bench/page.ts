// The playground's own numbers, measured on a production build in Debian's Chromium: first load
// to an elected leader on screen, a share link holding ten minutes of activity, CPU while paused
// and while the tab is hidden, and frame times under load (5 servers, 200 sessions, 10,000
// znodes, 100 writes/s at 1x).

import type { Browser, Page } from 'playwright-core';
import lz from 'lz-string';
import type { Scenario, ScenarioAction } from '../src/scenario/types.ts';
import type { BenchResult } from './dataTree.ts';
import { CHROMIUM_ARGS, withServedBuild } from './servedBuild.ts';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d = 0): number => Number(x.toFixed(d));

/** Ten minutes of a three-server ensemble: a write a second, reads, a paused follower and a partition every minute. */
export function tenMinutes(): Scenario {
  const actions: ScenarioAction[] = [{ at: 100, do: 'connect', client: 'c1', servers: [1, 2, 3] }];
  for (let i = 1; i < 600; i++) actions.push({ at: i * 1000, do: 'cli', client: 'c1', command: i % 10 === 0 ? 'ls /' : `create /n${i} v${i}` });
  for (let m = 1; m < 10; m++) {
    actions.push({ at: m * 60_000 + 500, do: 'pause', server: (m % 3) + 1 });
    actions.push({ at: m * 60_000 + 20_500, do: 'resume', server: (m % 3) + 1 });
    actions.push({ at: m * 60_000 + 40_500, do: 'partition', groups: [[1], [2, 3]] });
    actions.push({ at: m * 60_000 + 50_500, do: 'heal' });
  }
  actions.sort((a, b) => a.at - b.at);
  return { version: 1, seed: 11, ensemble: { participants: 3 }, actions, until: 600_000 };
}

/** 5 servers, 200 sessions spread over them, and their znodes (10,000 once frames() adds 196). */
export function loaded(): Scenario {
  const actions: ScenarioAction[] = [];
  const servers = [1, 2, 3, 4, 5];
  for (let c = 0; c < 200; c++) actions.push({ at: 100 + c, do: 'connect', client: `c${c}`, servers: [servers[c % 5]!] });
  // Each session creates its own subtree, all at once: the ensemble batches them as it would.
  // 4 system znodes + 200 parents + 9,600 children = 9,804 znodes from 10,000 actions at most.
  const children = 9600;
  for (let c = 0; c < 200; c++) actions.push({ at: 2000, do: 'cli', client: `c${c}`, command: `create /s${c} parent` });
  for (let i = 0; i < children; i++) {
    const c = i % 200;
    actions.push({ at: 3000 + Math.floor(i / 200) * 100, do: 'cli', client: `c${c}`, command: `create /s${c}/n${i} ${i}` });
  }
  // The last 196 children come as the first writes of the measured period (see frames()).
  return { version: 1, seed: 5, ensemble: { participants: 5 }, actions, until: 3000 + Math.ceil(children / 200) * 100 + 5000 };
}

async function firstLoad(browser: Browser, url: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await ctx.newPage();
    await page.goto(url);
    await page.waitForSelector('[data-role="LEADING"]', { timeout: 60_000 });
    times.push(await page.evaluate(() => performance.now()));
    await ctx.close();
  }
  return median(times);
}

async function shareLink(browser: Browser, url: string): Promise<number> {
  const s = tenMinutes();
  // What the page's Share puts in the hash (shareCodec.ts; lz-string is CommonJS for Node).
  const payload = lz.compressToEncodedURIComponent(JSON.stringify(s));
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await ctx.newPage();
  await page.goto(`${url}#s=${payload}`);
  // At its end, and its three servers in their Workers (a replay runs in the page, then hands over).
  await page.waitForFunction((until) => window.zooscope !== undefined && window.zooscope.now >= until && window.zooscope.workers().length === 3, s.until, { timeout: 600_000, polling: 20 });
  const ms = await page.evaluate(() => performance.now());
  await ctx.close();
  return ms;
}

/** Share of one core the page's main thread used over `ms` of wall time (CDP TaskDuration). */
async function cpuShare(page: Page, ms: number): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const task = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) as number;
  const t0 = await task();
  const w0 = Date.now();
  await new Promise((r) => setTimeout(r, ms));
  const share = ((await task()) - t0) / ((Date.now() - w0) / 1000);
  await cdp.detach();
  return share;
}

async function idle(browser: Browser, url: string): Promise<{ playing: number; paused: number; hidden: number }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForSelector('[data-role="LEADING"]', { timeout: 60_000 });
  const playing = await cpuShare(page, 5000);
  await page.evaluate(() => window.zooscope.pause());
  const paused = await cpuShare(page, 5000);
  await page.evaluate(() => window.zooscope.play());
  // Hidden while playing. Headless Chromium never hides a page (no tab switch, minimizing does
  // nothing), so the page is told it is hidden as a tab switch would tell it. What the browser
  // itself does for hidden tabs (no animation frames, throttled timers) comes on top of this.
  // (A string: tsx would wrap the getters' functions in a helper the page does not have.)
  await page.evaluate(`
    Object.defineProperty(document, 'hidden', { configurable: true, value: true });
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  `);
  const hidden = await cpuShare(page, 5000);
  await ctx.close();
  return { playing, paused, hidden };
}

/**
 * Page code (a statement list) that collects, for `ms`, the intervals between animation frames into
 * a sorted array `gaps` and how late each frame's callbacks started into `late`, calling `each`
 * (code) at every frame. An interval is taken between the frames' own timestamps (the time each
 * frame began, as the browser scheduled it): a frame the page made the browser drop shows as a
 * 33 ms interval. When the callback ran after its frame began is the lateness; the intervals
 * between those start times (`starts`) mix the two.
 */
function frameGaps(ms: number, each = ''): string {
  return `const gaps = [], late = [], starts = [];
    await new Promise((done) => {
      let last = null, lastStart = null, first = null;
      function frame(t) {
        const now = performance.now();
        late.push(now - t);
        if (last !== null) {
          gaps.push(t - last);
          starts.push(now - lastStart);
        }
        last = t;
        lastStart = now;
        first ??= t;
        ${each}
        if (t - first < ${ms}) requestAnimationFrame(frame);
        else done();
      }
      requestAnimationFrame(frame);
    });
    for (const a of [gaps, late, starts]) a.sort((x, y) => x - y);
    const p95 = (a) => a[Math.floor(a.length * 0.95)];`;
}

interface FrameStats {
  /** p95 of the intervals between frames. */
  readonly p95: number;
  /** p95 of how late a frame's callbacks started, and of the intervals between those starts. */
  readonly lateP95: number;
  readonly startsP95: number;
  readonly frames: number;
}
const FRAME_STATS = '{ p95: p95(gaps), lateP95: p95(late), startsP95: p95(starts), frames: gaps.length }';

/**
 * Frame intervals of a page doing nothing of its own (what the browser gives at best), and of a
 * page that stalls its main thread for 40 ms every fifth frame: the measure must see the frames
 * that stall drops.
 */
async function framesFloor(page: Page, ms: number): Promise<{ idle: FrameStats; stalled: FrameStats }> {
  const run = (each: string): Promise<FrameStats> =>
    page.evaluate(`(async () => {
      let n = 0;
      ${frameGaps(ms, each)}
      return ${FRAME_STATS};
    })()`) as Promise<FrameStats>;
  return { idle: await run(''), stalled: await run('if (++n % 5 === 0) { const end = performance.now() + 40; while (performance.now() < end); }') };
}

async function frames(browser: Browser, url: string): Promise<FrameStats & { floor: FrameStats; stalled: FrameStats; speed: number; writes: number; refused: string | null; znodes: number }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await ctx.newPage();
  // The floor and the control: another page in the same browser, nothing else running.
  const empty = await ctx.newPage();
  await empty.goto(`${url}favicon.svg`); // served as the app is (isolated), and nothing runs in it
  const { idle: floor, stalled } = await framesFloor(empty, 5000);
  await empty.close();
  await page.goto(`${url}?blank`);
  await page.waitForFunction(() => window.zooscope !== undefined);
  if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error('the page is not cross-origin isolated: its clock is too coarse to time frames');
  const s = loaded();
  const r = await page.evaluate((s) => window.zooscope.load(s), s);
  if (!r.ok) throw new Error(r.errors.join('; '));
  const t0 = Date.now();
  await page.evaluate((t) => window.zooscope.run(t), s.until);
  console.log(`  (loading 10,000 znodes into 5 servers took ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  // 30 s at 1x, 100 writes a second from the 200 sessions, frame intervals from requestAnimationFrame.
  // (A string: tsx would wrap the named arrow functions in a helper the page does not have.)
  const out = (await page.evaluate(`(async () => {
    const z = window.zooscope;
    const t0 = z.now;
    let writes = 0;
    let refused = null;
    z.play();
    // 100 writes per second of virtual time, taken as the world reaches their time (act() puts
    // each 1 ms ahead), so a world slower than 1x is not buried under writes from the wall clock.
    const write = () => {
      const due = Math.floor((z.now - t0) / 10);
      while (writes < due) {
        const c = writes % 200;
        // The first 200 bring the tree to 10,000 znodes; then each session sets its own node.
        const cmd = writes < 196 ? 'create /s' + c + '/m x' : 'set /s' + c + ' v' + writes;
        const r = z.act({ do: 'cli', client: 'c' + c, command: cmd });
        if (!r.ok) refused ??= r.errors.join('; ');
        writes++;
      }
    };
    ${frameGaps(30000, 'write();')}
    z.pause();
    return { ...${FRAME_STATS}, speed: (z.now - t0) / 30000, writes, refused };
  })()`)) as FrameStats & { speed: number; writes: number; refused: string | null };
  if (out.refused !== null) throw new Error(`a write was refused: ${out.refused}`);
  const report = await page.evaluate(() => window.zooscope.report());
  await ctx.close();
  return { ...out, floor, stalled, znodes: Math.min(...report.servers.map((x) => (x as { znodes: number }).znodes)) };
}

function frameResults(f: Awaited<ReturnType<typeof frames>>): BenchResult[] {
  const ms = (x: number): string => `${x.toFixed(1)} ms`;
  console.log(`  (frames: ${f.frames} frames in 30 s, ${f.writes} writes, ${f.znodes} znodes at the end)`);
  console.log(`  (callbacks began p95 ${ms(f.lateP95)} after their frame, so the intervals between callback starts are p95 ${ms(f.startsP95)}; on the empty page ${ms(f.floor.lateP95)} and ${ms(f.floor.startsP95)})`);
  console.log(`  (control: a page stalling 40 ms every fifth frame shows p95 ${ms(f.stalled.p95)} over ${f.stalled.frames} frames)`);
  if (f.stalled.p95 < 30) throw new Error(`the frame measure did not see a page dropping frames (p95 ${f.stalled.p95} ms)`);
  return [
    { name: 'Frame time p95 (5 servers, 200 sessions, 10k znodes, 100 writes/s)', value: round(f.p95, 2), unit: 'ms', target: 16.7, higherIsBetter: false },
    { name: 'Frame time p95 of the empty page (the floor here)', value: round(f.floor.p95, 2), unit: 'ms', target: Number.NaN, higherIsBetter: false },
    { name: 'Virtual time speed under that load (1x asked)', value: round(f.speed, 2), unit: 'x', target: 1, higherIsBetter: true },
  ];
}

export function benchPage(): Promise<BenchResult[]> {
  return withServedBuild(async (browser, url) => {
    const load = await firstLoad(browser, url);
    const share = await shareLink(browser, url);
    const cpu = await idle(browser, url);
    const f = await frames(browser, url);
    console.log(`  (CPU while playing the default ensemble: ${(cpu.playing * 100).toFixed(1)}% of a core)`);
    return [
      { name: 'First load to an elected leader on screen', value: round(load), unit: 'ms', target: 2000, higherIsBetter: false },
      { name: 'Share link with 10 minutes of activity, to its end', value: round(share), unit: 'ms', target: 3000, higherIsBetter: false },
      ...frameResults(f),
      { name: 'CPU while paused (share of a core)', value: round(cpu.paused * 100, 1), unit: '%', target: 2, higherIsBetter: false },
      { name: 'CPU while the tab is hidden, playing (emulated)', value: round(cpu.hidden * 100, 1), unit: '%', target: 2, higherIsBetter: false },
    ];
  });
}

/** Only the frame-time run (`npm run bench frames`). */
export function benchFrames(): Promise<BenchResult[]> {
  return withServedBuild(async (browser, url) => frameResults(await frames(browser, url)));
}
