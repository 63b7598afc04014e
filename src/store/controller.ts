// The page's ensemble and its clock: one Session at a time (fresh, resumed or loaded), driven by a
// RealtimeDriver, plus window.zooscope for people (and tests) in the browser console. The
// zustand store (playground.ts) mirrors what views need after every frame.

import type { Report, Scenario, ScenarioAction } from '../scenario/types.ts';
import { validateScenario } from '../scenario/validate.ts';
import { RealtimeDriver } from '../runtime/RealtimeDriver.ts';
import { Session, type SessionOptions } from '../runtime/Session.ts';
import { liveWorkers } from '../runtime/workerHost.ts';
import type { InspectAnswer, InspectQuery } from '../sim/machine/inspect.ts';
import { History, Line, type LinePlan } from '../ui/timeline/history.ts';
import type { ConsoleInput } from './playground.ts';

export type ActResult = { ok: true; action: ScenarioAction } | { ok: false; errors: string[] };

/** What the page starts with on a first visit: three servers and a client connected to them. */
export function defaultScenario(seed: number): Scenario {
  return {
    version: 1,
    seed,
    ensemble: { participants: 3 },
    actions: [{ at: 100, do: 'connect', client: 'c1', servers: [1, 2, 3] }],
    until: 100,
  };
}

export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}

type Listener = () => void;

class Controller {
  session: Session | null = null;
  driver: RealtimeDriver | null = null;
  speed = 1;
  error: string | null = null;
  private readonly listeners = new Set<Listener>();
  private soon = false;
  /** Serializes session changes and runs so that nothing advances a world being replaced. */
  private chain: Promise<unknown> = Promise.resolve();
  options: SessionOptions = {};
  /** The line of history: the recording with its future, and time travel (src/ui/timeline/history.ts). */
  readonly history = new History();
  /** Going back in time (or forking) replays in a second ensemble while the page shows the first. */
  private replaying = false;
  private playAfterReplay = false;
  /** What the last Step processed, as the trace records it: shown until anything else happens. */
  lastStep: { readonly session: Session; readonly count: number; readonly line: string } | null = null;
  /** Puts a replayed `cli` line back into its console, where it was typed (set by the timeline). */
  retype: ((client: string, input: ConsoleInput) => void) | null = null;

  subscribe(f: Listener): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  notify(): void {
    this.soon = false;
    for (const f of this.listeners) f();
  }

  /** A notify at the next frame at the latest: many actions in one frame redraw the page once. */
  private notifySoon(): void {
    // While playing, the driver redraws after every frame it runs anyway.
    if (this.driver?.isRunning) return;
    this.redrawAtFrame();
  }

  /**
   * Redraw at the start of the next frame: the page's DOM changes then come with that frame's
   * layout and paint, rather than in the middle of the Workers' replies.
   */
  private redrawAtFrame(): void {
    if (this.soon) return;
    this.soon = true;
    requestAnimationFrame(() => {
      if (this.soon) this.notify();
    });
  }

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const p = this.chain.then(f, f);
    this.chain = p.catch(() => undefined);
    return p;
  }

  /**
   * Replace the ensemble with a fresh one from a scenario; its databases are cleared first. It
   * runs in the page while it fast-forwards, and moves into its Workers once it stands (see
   * CatchUpMachine); with workersOnly, every step runs in the Workers.
   */
  load(scenario: unknown, opts: { play?: boolean; workersOnly?: boolean } = {}): Promise<{ ok: true } | { ok: false; errors: string[] }> {
    return this.serial(async () => {
      const v = validateScenario(scenario);
      if (!v.ok) return { ok: false, errors: v.errors } as const;
      this.options = { ...this.options, workersOnly: opts.workersOnly ?? false };
      await this.drop();
      const plan = this.history.plan(v.scenario);
      const r = await Session.create(plan.scenario, this.options);
      if (!r.ok) return r;
      this.history.begin(r.session, plan, v.scenario.until, true);
      this.adopt(r.session, opts.play ?? false);
      return { ok: true } as const;
    });
  }

  /** The ensemble of the last visit, if any. */
  resume(opts: { play?: boolean } = {}): Promise<boolean> {
    return this.serial(async () => {
      await this.drop();
      const s = Session.resume(this.options);
      if (s === null) return false;
      this.history.begin(s, { scenario: s.run.recorded, pending: [] }, s.now, false);
      this.adopt(s, opts.play ?? true);
      return true;
    });
  }

  private adopt(s: Session, play: boolean): void {
    this.session = s;
    this.error = null;
    // Real time runs in the Workers: the first frame moves the servers there if they are not yet.
    const d = new RealtimeDriver({
      get now() {
        return s.now;
      },
      runTo: async (t) => {
        await s.handover();
        await this.history.advance(t);
      },
    });
    d.speed = this.speed;
    d.onAdvance = () => {
      s.save();
      this.redrawAtFrame();
    };
    d.onError = (e) => {
      this.error = `The simulation stopped: ${e instanceof Error ? e.message : String(e)}`;
      this.notify();
    };
    this.driver = d;
    if (play) d.start();
    this.notify();
  }

  private async drop(): Promise<void> {
    const d = this.driver;
    d?.stop();
    await d?.idle();
    await this.session?.dispose();
    this.session = null;
    this.driver = null;
  }

  /** Show a problem to the person at the page. */
  fail(message: string): void {
    this.error = message;
    this.notify();
  }

  play(): void {
    if (this.replaying) this.playAfterReplay = true;
    else this.driver?.start();
    this.notify();
  }

  pause(): void {
    this.playAfterReplay = false;
    this.driver?.stop();
    this.notify();
  }

  setSpeed(x: number): void {
    this.speed = x;
    if (this.driver) this.driver.speed = x;
    this.notify();
  }

  get playing(): boolean {
    return this.playAfterReplay || (this.driver?.isRunning ?? false);
  }

  /**
   * Run as fast as possible to virtual time t (the realtime clock is paused meanwhile), then move
   * the servers into their Workers; with inPage, they stay in the page (more runs follow).
   */
  run(t: number, opts: { inPage?: boolean } = {}): Promise<void> {
    return this.serial(async () => {
      const s = this.mustSession();
      const d = this.driver;
      const was = d?.isRunning ?? false;
      d?.stop();
      await d?.idle();
      try {
        await this.history.advance(t);
        if (!opts.inPage) await s.handover();
      } finally {
        s.save();
        this.notify();
        if (was) d?.start();
      }
    });
  }

  /** Move the servers into their Workers (after runs that kept them in the page). */
  settle(): Promise<void> {
    return this.serial(async () => {
      await this.session?.handover();
      this.notify();
    });
  }

  /** Process exactly one event (the realtime clock is paused first). */
  step(): Promise<void> {
    return this.serial(async () => {
      const s = this.mustSession();
      this.driver?.stop();
      await this.driver?.idle();
      await s.handover();
      const trace = s.run.world.trace;
      const before = trace.count;
      await this.history.step();
      this.lastStep = trace.count > before ? { session: s, count: trace.count, line: trace.tail.at(-1)! } : null;
      s.save();
      this.notify();
    });
  }

  /**
   * Take an action now. Before the end of the recording (after going back in time) it forks: the
   * recorded actions after now are dropped, and this one is appended.
   */
  act(action: unknown): ActResult {
    const s = this.mustSession();
    if (this.replaying) return { ok: false, errors: ['time travel: the ensemble is being replayed; act once it is done'] };
    const r = this.history.act(action);
    if ('replay' in r) {
      // The run already holds some of the dropped actions: replay the new recording up to now.
      const was = this.playing;
      this.replaying = true;
      this.driver?.stop();
      const line = r.replay;
      const now = s.now;
      void this.serial(() => this.replay(this.history.plan(line, now), now, line, false, was));
      this.notify();
      return { ok: true, action: r.action };
    }
    s.save();
    this.notifySoon();
    return r;
  }

  /**
   * Time travel: stand at virtual time t of the recording, paused. Going forward runs on (the
   * recorded actions come at their times); going back replays the recording from the start in a
   * fresh ensemble, up to t.
   */
  seek(t: number): Promise<void> {
    return this.serial(async () => {
      const s = this.mustSession();
      this.playAfterReplay = false;
      this.driver?.stop();
      await this.driver?.idle();
      const h = this.history;
      const target = Math.max(0, Math.min(Math.round(t), h.end));
      if (target >= s.now) {
        const from = s.now;
        await h.advance(target, (at) => {
          h.publish({ from, to: target, at });
          this.notify();
        });
      } else if (h.replayable) {
        const rec = h.recording()!;
        await this.replay(h.planAt(target), target, rec, true, false);
      }
      await this.session?.handover();
      this.session?.save();
      this.notify();
    });
  }

  /** Put back the recorded future that the last action in the past dropped (at the time of that action). */
  restoreFuture(): Promise<void> {
    return this.serial(async () => {
      const p = this.history.restorePlan();
      if (p === null) return;
      await this.replay(p.plan, p.at, p.recording, false, false);
      this.history.restored(p.recording);
      this.notify();
    });
  }

  /** Replay a recording up to t in a second ensemble, then show it instead of the current one. */
  private async replay(plan: LinePlan, t: number, recording: Scenario, sameLine: boolean, play: boolean): Promise<void> {
    const old = this.session;
    const from = old?.now ?? 0;
    this.replaying = true;
    this.playAfterReplay = play;
    this.driver?.stop();
    await this.driver?.idle();
    let fresh: Session | null = null;
    try {
      const base = this.options.ensemble ?? 'default';
      const ensemble = old?.ensemble === base ? `${base}.b` : base;
      const r = await Session.create(plan.scenario, { ...this.options, ensemble });
      if (!r.ok) throw new Error(r.errors.join('; '));
      fresh = r.session;
      const line = new Line(fresh, [...plan.pending]);
      const typed: [string, ConsoleInput][] = [];
      let adopted = false;
      const run = fresh.run;
      line.retype(recording, (a) => {
        const c = run.clients.get(a.client);
        if (!c || c.outputCut !== null) return;
        const input = { offset: c.shell.merged.length, text: `${c.shell.main.prompt()}${a.command}` };
        if (adopted) this.retype?.(a.client, input);
        else typed.push([a.client, input]);
      });
      this.history.publish({ from, to: t, at: 0 });
      await line.advance(t, (at) => this.history.publish({ from, to: t, at }));
      await fresh.handover();
      await this.drop();
      this.history.switchTo(line, sameLine);
      fresh.save();
      const playNow = this.playAfterReplay;
      this.replaying = false;
      this.playAfterReplay = false;
      this.adopt(fresh, playNow);
      adopted = true;
      for (const [client, input] of typed) this.retype?.(client, input);
      if (typed.length > 0) this.notify();
    } catch (e) {
      if (fresh !== null && this.session !== fresh) await fresh.dispose();
      this.fail(`Time travel failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.replaying = false;
      this.playAfterReplay = false;
      this.history.publish();
    }
  }

  /** The report of the ensemble, once any load or run under way is over. */
  report(): Promise<Report> {
    return this.serial(() => this.mustSession().report());
  }

  /** Ask a running server about its memory (null when it is down or gone); read-only, so not queued behind runs. */
  async inspect<Q extends InspectQuery>(id: number, q: Q): Promise<InspectAnswer<Q> | null> {
    const h = this.session?.run.world.servers.get(id);
    if (!h || h.status === 'down') return null;
    return h.machine.inspect(q);
  }

  private mustSession(): Session {
    if (this.session === null) throw new Error('no ensemble is loaded');
    return this.session;
  }
}

export const controller = new Controller();

/** window.zooscope: the page's ensemble from the browser console. */
export interface ZooScopeApi {
  /** workersOnly: every step in the Workers, none fast-forwarded in the page first. */
  load(scenario: unknown, opts?: { workersOnly?: boolean }): Promise<{ ok: true } | { ok: false; errors: string[] }>;
  run(untilMs: number): Promise<void>;
  report(): Promise<Report>;
  act(action: unknown): ActResult;
  traceHash(): string;
  /** The last `lines` lines of the trace (one per event processed, the newest last; at most 200). */
  trace(lines?: number): string[];
  /** The scenario recorded so far, with the recorded future after going back in time (replaying it reproduces this run). */
  scenario(): Scenario;
  /** Time travel: stand at virtual time t, paused (see Controller.seek). */
  seek(t: number): Promise<void>;
  readonly now: number;
  /** Ids of servers whose Web Worker is alive. */
  workers(): number[];
  /** Ask server id about its memory, as the views do (null when it is down): e.g. inspect(1, { kind: 'sessions' }). */
  inspect<Q extends InspectQuery>(id: number, query: Q): Promise<InspectAnswer<Q> | null>;
  play(): void;
  pause(): void;
}

export function installWindowApi(): ZooScopeApi {
  const api: ZooScopeApi = {
    load: (s, o) => controller.load(s, { workersOnly: o?.workersOnly === true }),
    run: (t) => controller.run(t),
    report: () => controller.report(),
    act: (a) => controller.act(a),
    traceHash: () => controller.session!.traceHash(),
    trace: (lines = 200) => (lines > 0 ? controller.session!.run.world.trace.tail.slice(-lines) : []),
    scenario: () => controller.history.recording() ?? controller.session!.run.recorded,
    seek: (t) => controller.seek(t),
    get now() {
      return controller.session?.now ?? 0;
    },
    workers: () => [...liveWorkers.keys()].sort((a, b) => a - b),
    inspect: (id, q) => controller.inspect(id, q),
    play: () => controller.play(),
    pause: () => controller.pause(),
  };
  (globalThis as { zooscope?: ZooScopeApi }).zooscope = api;
  return api;
}
