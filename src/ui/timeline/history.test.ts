import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../scenario/run.ts';
import type { Scenario, ScenarioAction } from '../../scenario/types.ts';
import { cutIndex, History, Line, planLine, type LiveRun } from './history.ts';

const FILES = [
  'src/scenario/examples/staggered-start.json',
  'src/scenario/examples/leader-crash.json',
  'src/scenario/examples/sync-diff.json',
  'src/scenario/examples/sync-trunc.json',
  'src/scenario/testdata/every-action.json',
];

const read = (f: string): Scenario => JSON.parse(readFileSync(f, 'utf8')) as Scenario;

function live(s: Scenario): LiveRun {
  const run = new ScenarioRun(s);
  return { run, get now() { return run.now; }, runTo: (t, n) => run.runTo(t, n) };
}

async function whole(s: Scenario, t: number): Promise<ScenarioRun> {
  const run = new ScenarioRun(s);
  await run.runTo(t);
  return run;
}

/** A run of `s` created to stand at `at` and fed the rest of its actions on the way to `t`. */
async function fed(s: Scenario, at: number, t: number): Promise<ScenarioRun> {
  const plan = planLine(s, at);
  const l = new Line(live(plan.scenario), [...plan.pending]);
  await l.advance(at);
  await l.advance(t);
  return l.live.run;
}

const A = (at: number, a: object): ScenarioAction => ({ at, ...a }) as ScenarioAction;

describe('cutIndex', () => {
  it('keeps what is due, staggered starts and starts that may find their server running', () => {
    const actions = [A(0, { do: 'start', server: 1 }), A(100, { do: 'connect', client: 'c', servers: [1] }), A(3000, { do: 'start', server: 2 }), A(5000, { do: 'kill', server: 1 }), A(6000, { do: 'start', server: 1 })];
    // start 2 is server 2's first action: part of every run; start 1 at 6000 follows a kill: fed.
    expect(cutIndex(actions, 0)).toBe(3);
    expect(cutIndex(actions, 5000)).toBe(4);
    const torn = [A(1000, { do: 'torn-record', server: 1 }), A(1000, { do: 'start', server: 1 }), A(2000, { do: 'heal' })];
    // The start finds server 1 running one millisecond before: it cannot be fed.
    expect(cutIndex(torn, 0)).toBe(2);
  });

  it('feeds only a tail in time order', () => {
    const actions = [A(100, { do: 'heal' }), A(900, { do: 'heal' }), A(500, { do: 'heal' }), A(1000, { do: 'heal' })];
    // 500 comes after 900 in the list: 900 must be in the run from the start, 500 can be fed.
    expect(cutIndex(actions, 200)).toBe(2);
    expect(cutIndex(actions, 50)).toBe(2);
  });
});

describe('a run fed its actions', () => {
  for (const file of FILES) {
    it(`${file}: the same trace as a run given them all, from time 0 and from the middle`, async () => {
      const s = read(file);
      const ref = await whole(s, s.until);
      const a = await fed(s, 0, s.until);
      expect(a.world.trace.hash()).toBe(ref.world.trace.hash());
      expect(await a.report()).toEqual(await ref.report());
      const b = await fed(s, Math.floor(s.until / 2), s.until);
      expect(b.world.trace.hash()).toBe(ref.world.trace.hash());
    });
  }

  it('stepping feeds the action when it comes first', async () => {
    const s = read('src/scenario/examples/sync-diff.json');
    const ref = await whole(s, 7000);
    const plan = planLine(s, 6500);
    const l = new Line(live(plan.scenario), [...plan.pending]);
    await l.advance(6500);
    while (l.live.now < 7000 || l.live.run.world.nextEventTime === 7000) await l.step();
    await l.advance(7000);
    expect(l.live.run.world.trace.hash()).toBe(ref.world.trace.hash());
  });
});

describe('History', () => {
  it('acting in the past drops the recorded future; the new recording replays to the same trace', async () => {
    const s = read('src/scenario/examples/sync-diff.json');
    const h = new History();
    const plan = h.plan(s);
    const r = live(plan.scenario);
    h.begin(r, plan, s.until, false);
    await h.advance(6500);
    expect(h.end).toBe(15000);
    expect(h.recording()!.actions!.length).toBe(s.actions!.length);
    const act = h.act({ do: 'kill', server: 2 });
    expect(act).toMatchObject({ ok: true, action: { at: 6501, do: 'kill', server: 2 } });
    const rec = h.recording()!;
    expect(rec.actions!.filter((a) => a.at > 6000)).toEqual([{ at: 6501, do: 'kill', server: 2 }]);
    expect(h.end).toBe(6500);
    await h.advance(9000);
    const again = await whole(h.recording()!, 9000);
    expect(r.run.world.trace.hash()).toBe(again.world.trace.hash());
  });

  it('at the end of the recording an action is simply appended', async () => {
    const s = read('src/scenario/examples/sync-diff.json');
    const h = new History();
    const plan = h.plan(s);
    h.begin(live(plan.scenario), plan, s.until, false);
    await h.advance(16000);
    expect(h.act({ do: 'heal' })).toMatchObject({ ok: true });
    expect(h.recording()!.actions!.length).toBe(s.actions!.length + 1);
  });

  it('actions taken at the present, several within one millisecond, are all kept (no replay)', async () => {
    const s = read('src/scenario/examples/sync-diff.json');
    const h = new History();
    const plan = h.plan(s);
    h.begin(live(plan.scenario), plan, s.until, false);
    await h.advance(16000);
    for (let i = 0; i < 3; i++) expect(h.act({ do: 'heal' })).not.toHaveProperty('replay');
    expect(h.act({ at: 20000, do: 'isolate', server: 1 })).toMatchObject({ ok: true });
    expect(h.recording()!.actions!.filter((a) => a.at > 16000).map((a) => `${a.at} ${a.do}`)).toEqual([...Array(3).fill('16001 heal'), '20000 isolate']);
  });

  it('refuses to name a server before its staggered start', async () => {
    const s = read('src/scenario/examples/staggered-start.json');
    const h = new History();
    const plan = h.plan(s);
    h.begin(live(plan.scenario), plan, s.until, false);
    await h.advance(1000);
    expect(h.act({ do: 'kill', server: 3 })).toMatchObject({ ok: false });
    expect(h.act({ do: 'kill', server: 1 })).toMatchObject({ ok: true });
  });
});
