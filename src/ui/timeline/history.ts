// Time travel by deterministic replay. The page runs one line of history: a recording (the
// scenario loaded, plus every action taken since) and the times it has reached. Going back to
// time T replays the recording from the start to T in a fresh ensemble (the same seed and actions
// give the same run); the later part of the recording stays known (the "future"), so going
// forward again replays it. Acting at a time before the end of the recording forks: the actions
// after that time are dropped and the new action is appended.
//
// To make a fork cheap, the live run is not given the whole recording up front: it gets the
// actions up to where it stands (a prefix of the recording, see planLine) and the rest are handed
// to it one by one, each just before its time (feeding). An action given to a run cannot be taken
// back, so one still to come can simply be forgotten. Actions keep their positions in the list,
// so the trace (whose lines name actions by index) is the one a run of the whole recording makes.

import { create } from 'zustand';
import { ScenarioRun } from '../../scenario/run.ts';
import type { Scenario, ScenarioAction } from '../../scenario/types.ts';
import { actionOrder, validateScenario } from '../../scenario/validate.ts';
import { LocalMachine } from '../../sim/machine/LocalMachine.ts';
import type { SemanticLogEntry } from '../../sim/World.ts';

/** A run the page drives (a Session, or a ScenarioRun in tests). */
export interface LiveRun {
  readonly run: ScenarioRun;
  readonly now: number;
  runTo(t: number, maxEvents?: number): Promise<void>;
}

export type ActResult = { ok: true; action: ScenarioAction } | { ok: false; errors: string[] };

/** How to start a run at time t of a recording: the scenario to create it from and what to feed it. */
export interface LinePlan {
  readonly scenario: Scenario;
  readonly pending: readonly ScenarioAction[];
}

/** The server an action starts, stops or damages (null for network, client and probe actions). */
export function serverOf(a: ScenarioAction): number | null {
  if (!('server' in a) || a.do === 'isolate' || a.do === '4lw') return null;
  return a.server;
}

/**
 * Indices of the `start` actions that are the first server action on their server: such a server
 * does not start at time 0 (a staggered start), so the action must be part of the run from its
 * creation whatever time the run is to stop at (see autoStarted in src/scenario/run.ts).
 */
export function firstStarts(actions: readonly ScenarioAction[]): Set<number> {
  const seen = new Set<number>();
  const out = new Set<number>();
  for (const i of actionOrder(actions.map((a) => a.at))) {
    const a = actions[i]!;
    const id = serverOf(a);
    if (id === null || seen.has(id)) continue;
    seen.add(id);
    if (a.do === 'start') out.add(i);
  }
  return out;
}

/**
 * Indices of `start` actions that may find their server running one millisecond before their
 * time (ScenarioRun.act refuses to start a running server): those cannot be fed, they must be part
 * of the run from its creation. Only a kill, a wipe or a disk fault surely leaves a server down.
 */
export function unfeedableStarts(actions: readonly ScenarioAction[]): Set<number> {
  const first = firstStarts(actions);
  const down = new Set<number>();
  for (const i of first) down.add(serverOf(actions[i]!)!);
  const out = new Set<number>();
  const order = actionOrder(actions.map((a) => a.at));
  for (let g = 0; g < order.length; ) {
    const at = actions[order[g]!]!.at;
    let end = g;
    while (end < order.length && actions[order[end]!]!.at === at) end++;
    for (let j = g; j < end; j++) {
      const i = order[j]!;
      const a = actions[i]!;
      if (a.do === 'start' && !first.has(i) && !down.has(a.server)) out.add(i);
    }
    for (let j = g; j < end; j++) {
      const a = actions[order[j]!]!;
      const id = serverOf(a);
      if (id === null) continue;
      if (a.do === 'start' || a.do === 'restart') down.delete(id);
      else if (a.do === 'kill' || a.do === 'wipe' || a.do === 'torn-record' || a.do === 'corrupt-record' || a.do === 'lost-snapshot' || a.do === 'lose-unsynced') down.add(id);
    }
    g = end;
  }
  return out;
}

/**
 * Where to cut a recording's actions for a run that is to stand at time t: actions[0..k) go into
 * the scenario the run is created from, actions[k..] are fed to it later. The prefix holds every
 * action due by t and every action that cannot be fed; the rest must be in time order.
 */
export function cutIndex(actions: readonly ScenarioAction[], t: number): number {
  const first = firstStarts(actions);
  const unfeedable = unfeedableStarts(actions);
  let k = 0;
  actions.forEach((a, i) => {
    if (a.at <= t || first.has(i) || unfeedable.has(i)) k = i + 1;
  });
  for (let i = actions.length - 1; i > k; i--) {
    if (actions[i - 1]!.at > actions[i]!.at) {
      k = i;
      break;
    }
  }
  return k;
}

/** The plan to run a recording up to time t (see cutIndex). */
export function planLine(recording: Scenario, t: number): LinePlan {
  const actions = recording.actions ?? [];
  const cut = (k: number): Scenario => {
    const head = actions.slice(0, k);
    return { ...recording, actions: head, until: head.reduce((m, a) => Math.max(m, a.at), Math.max(0, t)) };
  };
  const k = cutIndex(actions, t);
  const scenario = cut(k);
  // A list out of time order may leave a client's command before its connect in the prefix:
  // then the whole recording goes in (nothing can be dropped without a replay).
  if (!validateScenario(scenario).ok) return { scenario: cut(actions.length), pending: [] };
  return { scenario, pending: actions.slice(k) };
}

type CliAction = Extract<ScenarioAction, { do: 'cli' }>;

/** A run of the line and the actions still to be handed to it, in order. */
export class Line {
  /** Lines typed into consoles (`cli` actions) still to be put back where they were typed. */
  private typed: CliAction[] = [];
  private onTyped: ((a: CliAction) => void) | null = null;

  constructor(
    readonly live: LiveRun,
    public pending: ScenarioAction[],
  ) {}

  /**
   * Put each `cli` line of the recording back into its console 1 ms before it runs, as it was
   * typed (a replay rebuilds the consoles' output, not what was typed into them).
   */
  retype(recording: Scenario, f: (a: CliAction) => void): void {
    this.onTyped = f;
    this.typed = (recording.actions ?? [])
      .map((a, i) => ({ a, i }))
      .filter((x): x is { a: CliAction; i: number } => x.a.do === 'cli' && x.a.at - 1 >= this.live.now)
      .sort((x, y) => x.a.at - y.a.at || x.i - y.i)
      .map((x) => x.a);
  }

  /** After a fork at `now`: forget the future. */
  forget(now: number): void {
    this.pending = [];
    this.typed = this.typed.filter((a) => a.at <= now);
  }

  private retyped(upTo: number): void {
    while (this.typed.length > 0 && this.typed[0]!.at - 1 <= upTo) this.onTyped?.(this.typed.shift()!);
  }

  /** Hand the next pending action to the run (its time is the next millisecond). */
  private feed(a: ScenarioAction): void {
    if (this.pending[0] !== a) return; // dropped meanwhile by a fork
    if (this.live.now >= a.at) throw new Error(`time travel: the recording's action at ${a.at} ms came too late (the run is at ${this.live.now} ms)`);
    this.pending.shift();
    const r = this.live.run.act(a);
    if (!r.ok) throw new Error(`time travel: the recording's action ${JSON.stringify(a)} was refused on replay: ${r.errors.join('; ')}`);
  }

  /** Run to t, feeding the pending actions due by then; reports progress now and then. */
  async advance(t: number, progress?: (now: number) => void): Promise<void> {
    const s = this.live;
    let lastReport = performance.now();
    let chunk = 1000;
    const runTo = async (x: number): Promise<void> => {
      if (!progress) return s.runTo(x);
      // In slices, so that a long replay shows where it is.
      while (s.now < x && !s.run.stopped) {
        const started = performance.now();
        await s.runTo(Math.min(x, s.now + chunk));
        const took = performance.now() - started;
        chunk = Math.max(50, Math.min(60_000, Math.round(took < 30 ? chunk * 2 : took > 80 ? chunk / 2 : chunk)));
        if (performance.now() - lastReport > 100) {
          lastReport = performance.now();
          progress(s.now);
        }
      }
    };
    while (!s.run.stopped) {
      const a = this.pending[0];
      const c = this.typed[0];
      const feedAt = a !== undefined && a.at <= t ? a.at - 1 : Infinity;
      const typeAt = c !== undefined && c.at <= t ? c.at - 1 : Infinity;
      const stop = Math.min(feedAt, typeAt);
      if (stop === Infinity) {
        await runTo(t);
        break;
      }
      if (s.now < stop) await runTo(stop);
      if (s.run.stopped) break;
      if (typeAt === stop) this.retyped(stop);
      if (feedAt === stop && this.pending[0] === a) this.feed(a!);
    }
  }

  /** Process one event: the next pending action if it comes first, else the world's next event. */
  async step(): Promise<void> {
    const s = this.live;
    const next = s.run.world.nextEventTime;
    const a = this.pending[0];
    if (a !== undefined && (next === undefined || a.at <= next)) {
      if (s.now < a.at - 1) await s.runTo(a.at - 1);
      this.retyped(s.now);
      this.feed(a);
      await s.runTo(a.at, 1);
    } else if (next !== undefined) {
      await s.runTo(next, 1);
    }
    this.retyped(s.now);
  }
}

/** What the timeline views show of the line, beyond what the live run knows. */
export interface TimelineState {
  /** The line's end: the recording's `until`, or the furthest time reached. */
  readonly end: number;
  /** False after a reload resumed the ensemble from IndexedDB: earlier times cannot be replayed. */
  readonly replayable: boolean;
  /** A replay in progress (going back in time, or a fork that needs one). */
  readonly replaying: { readonly from: number; readonly to: number; readonly at: number } | null;
  /** The first invariant violation seen on this line (by the live run or the preview). */
  readonly violation: { readonly at: number; readonly text: string } | null;
  /** The future dropped by the last action taken in the past, to put it back. */
  readonly dropped: { readonly recording: Scenario; readonly at: number; readonly actions: number } | null;
  /** Bumped when the line changes (a load, a fork, a preview that learned the future). */
  readonly version: number;
}

export const useTimeline = create<TimelineState>(() => ({ end: 0, replayable: true, replaying: null, violation: null, dropped: null, version: 0 }));

/** The line of history the page runs (the controller owns one). */
export class History {
  line: Line | null = null;
  /** The line's known end: max(the recording's until, the furthest time reached). */
  private until = 0;
  private replayableLine = true;
  /** The semantic log of the furthest run of this line: the live run's log is a prefix of it. */
  private longest: { log: readonly SemanticLogEntry[]; at: number } | null = null;
  private violation: { at: number; text: string } | null = null;
  private dropped: TimelineState['dropped'] = null;
  private version = 0;
  private previewing = 0;
  /** recording()'s actions, kept while the run's actions and the pending ones stay the same. */
  private recordingCache: { line: Line; given: readonly ScenarioAction[]; pending: number; actions: ScenarioAction[]; last: number } | null = null;

  /** The recording with its future: what the live run was given plus what is still to come. */
  recording(): Scenario | null {
    const l = this.line;
    if (l === null) return null;
    const r = l.live.run.recorded;
    const given = r.actions ?? [];
    // Views ask every frame: the same actions give the same array.
    let c = this.recordingCache;
    if (c === null || c.line !== l || c.given !== given || c.pending !== l.pending.length) {
      const actions = [...given, ...l.pending];
      c = this.recordingCache = { line: l, given, pending: l.pending.length, actions, last: actions.reduce((m, a) => Math.max(m, a.at), 0) };
    }
    return { ...r, actions: c.actions, until: Math.max(this.until, l.live.now, c.last) };
  }

  get end(): number {
    return Math.max(this.until, this.line?.live.now ?? 0);
  }

  get replayable(): boolean {
    return this.replayableLine;
  }

  /** The semantic log of the line and how much of it the live run has reached. */
  log(): { readonly entries: readonly SemanticLogEntry[]; readonly reached: number } {
    const live = this.line?.live.run.world.semanticLog ?? [];
    const l = this.longest;
    if (l !== null && l.log !== live && l.log.length > live.length) return { entries: l.log, reached: live.length };
    return { entries: live, reached: live.length };
  }

  /** A new line from a scenario (load): its plan at time 0. */
  plan(scenario: Scenario, t = 0): LinePlan {
    return planLine(scenario, t);
  }

  /** The plan to stand at time t of this line (going back). */
  planAt(t: number): LinePlan {
    return planLine(this.recording()!, t);
  }

  /** Start a new line: a loaded scenario (replayable) or a resumed ensemble (not). */
  begin(live: LiveRun, plan: LinePlan, until: number, replayable: boolean): void {
    this.line = new Line(live, [...plan.pending]);
    this.until = until;
    this.replayableLine = replayable;
    this.longest = null;
    this.violation = null;
    this.dropped = null;
    this.version++;
    this.publish();
    if (replayable) void this.preview();
  }

  /**
   * Another run takes over: the same line replayed to another time (sameLine: what the previous
   * run saw stays known), or a new line (a fork that needed a replay, a restored future).
   */
  switchTo(line: Line, sameLine: boolean): void {
    if (sameLine) this.observe();
    this.line = line;
    this.observe();
    this.publish();
  }

  /** Run the live run to t (feeding it the recording's actions due by then). */
  async advance(t: number, progress?: (now: number) => void): Promise<void> {
    const l = this.line;
    if (l === null) return;
    try {
      await l.advance(t, progress);
    } finally {
      this.observe();
      this.publish();
    }
  }

  /** One event of the live run. */
  async step(): Promise<void> {
    const l = this.line;
    if (l === null) return;
    try {
      await l.step();
    } finally {
      this.observe();
      this.publish();
    }
  }

  /** Note what the live run has reached (after every advance). */
  observe(): void {
    const l = this.line;
    if (l === null) return;
    const s = l.live;
    this.until = Math.max(this.until, s.now);
    if (this.longest === null || s.now >= this.longest.at) this.longest = { log: s.run.world.semanticLog, at: s.now };
    if (s.run.violations.length > 0 && (this.violation === null || this.violation.at > s.now)) {
      this.violation = { at: s.now, text: s.run.violations[0]! };
      this.version++;
    }
  }

  publish(replaying: TimelineState['replaying'] = null): void {
    useTimeline.setState({ end: this.end, replayable: this.replayableLine, replaying, violation: this.violation, dropped: this.dropped, version: this.version });
  }

  /**
   * Take an action at the live run's time. Before the end of the line it forks: the actions after
   * now are dropped and the line ends here. When the live run was given some of those actions
   * already (a scenario loaded with later actions it could not be fed), the answer asks for a
   * replay of the new recording instead (`replay`), which the controller does.
   */
  act(input: unknown): ActResult | { ok: true; action: ScenarioAction; replay: Scenario } {
    const l = this.line!;
    const s = l.live;
    const now = s.now;
    if (this.end <= now && l.pending.length === 0) {
      // Taken at the present, the action belongs to the present: it does not move the line's end,
      // so that the next one (even within the same millisecond) is not taken for acting in the
      // past, which would drop this one and replay. (No recorded action comes later, so no server
      // waits for a later first start.)
      return s.run.act(input);
    }
    const rec = s.run.recorded.actions ?? [];
    const first = firstStarts(rec);
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
      // A server whose first action is a later start is not running yet, and naming it first in
      // another action would, replayed, start it at time 0.
      const a = input as { do?: unknown; server?: unknown };
      const later = [...first].map((i) => rec[i]!).find((x) => x.at > now && 'server' in x && x.server === a.server);
      if (later && a.do !== 'start' && a.do !== 'isolate' && a.do !== '4lw') return { ok: false, errors: [`server: ${a.server} has not started yet (this scenario starts it at ${later.at} ms)`] };
    }
    const before = this.recording()!;
    const scheduled = rec.filter((a, i) => a.at > now && !first.has(i));
    const droppedCount = scheduled.length + l.pending.length;
    if (scheduled.length === 0) {
      const r = s.run.act(input);
      if (!r.ok) return r;
      this.forked(before, now, droppedCount);
      l.forget(now);
      return r;
    }
    // The live run holds actions to drop: validate against the new recording, then replay it.
    const base = { ...s.run.recorded, actions: rec.filter((a, i) => a.at <= now || first.has(i)) };
    const given = (input as { at?: unknown }).at;
    const at = Math.max(now + 1, typeof given === 'number' && Number.isInteger(given) ? given : 0);
    const index = base.actions.length;
    const v = validateScenario({ ...base, actions: [...base.actions, { ...(input as object), at }], until: Math.max(now, at) });
    if (!v.ok) return { ok: false, errors: v.errors.map((e) => e.replace(`actions[${index}].`, '').replace(`actions[${index}]`, 'action')) };
    const action = v.scenario.actions![index]!;
    if (action.do === 'start' && s.run.world.servers.get(action.server)?.status !== 'down') return { ok: false, errors: [`server: ${action.server} is already running`] };
    this.forked(before, now, droppedCount);
    return { ok: true, action, replay: v.scenario };
  }

  private forked(before: Scenario, at: number, actions: number): void {
    this.until = at;
    if (this.longest !== null && this.longest.at > at) this.longest = null;
    if (this.violation !== null && this.violation.at > at) this.violation = null;
    this.dropped = actions > 0 ? { recording: before, at, actions } : null;
    this.version++;
    this.publish();
  }

  /** Put back the future the last fork dropped (the controller replays it). */
  restorePlan(): { plan: LinePlan; at: number; recording: Scenario } | null {
    const d = this.dropped;
    if (d === null) return null;
    return { plan: planLine(d.recording, d.at), at: d.at, recording: d.recording };
  }

  /** After a restore: the line is the old recording again. */
  restored(recording: Scenario): void {
    this.until = Math.max(this.until, recording.until);
    this.dropped = null;
    this.longest = null;
    this.version++;
    this.publish();
    void this.preview();
  }

  /**
   * Learn the line's future before the live run gets there: replay the recording in memory (the
   * servers in this realm, no IndexedDB, about ten times faster than Workers), in slices that
   * leave the page responsive, up to its end (at most ten minutes ahead). Its semantic log and
   * violation feed the event list and the markers; the live run's own log is a prefix of it.
   */
  private async preview(): Promise<void> {
    const id = ++this.previewing;
    const version = this.version;
    const rec = this.recording();
    if (rec === null || this.line === null || rec.until <= this.line.live.now) return;
    const until = Math.min(rec.until, this.line.live.now + 600_000);
    let run: ScenarioRun;
    try {
      run = new ScenarioRun(rec, { machine: (sid) => new LocalMachine(sid), wallClockBase: this.line.live.run.world.wallClockBase });
    } catch {
      return;
    }
    while (run.now < until && !run.stopped) {
      await new Promise((r) => setTimeout(r, 0));
      if (id !== this.previewing || version !== this.version) return;
      const started = performance.now();
      while (run.now < until && !run.stopped && performance.now() - started < 12) await run.runTo(Math.min(until, run.now + 200));
    }
    if (id !== this.previewing || version !== this.version) return;
    if (this.longest === null || run.now > this.longest.at) this.longest = { log: run.world.semanticLog, at: run.now };
    if (run.violations.length > 0 && (this.violation === null || this.violation.at > run.now)) this.violation = { at: run.now, text: run.violations[0]! };
    this.version++;
    this.publish(useTimeline.getState().replaying);
  }
}
