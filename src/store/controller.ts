// The page's ensemble and its clock: one Session at a time (fresh, resumed or loaded), driven by a
// RealtimeDriver, plus window.zooscope for people (and tests) in the browser console. The
// zustand store (playground.ts) mirrors what views need after every frame.

import type { Report, Scenario, ScenarioAction } from '../scenario/types.ts';
import { RealtimeDriver } from '../runtime/RealtimeDriver.ts';
import { Session, type SessionOptions } from '../runtime/Session.ts';
import { liveWorkers } from '../runtime/workerHost.ts';

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
  /** Serializes session changes and runs so that nothing advances a world being replaced. */
  private chain: Promise<unknown> = Promise.resolve();
  options: SessionOptions = {};

  subscribe(f: Listener): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  notify(): void {
    for (const f of this.listeners) f();
  }

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const p = this.chain.then(f, f);
    this.chain = p.catch(() => undefined);
    return p;
  }

  /** Replace the ensemble with a fresh one from a scenario; its databases are cleared first. */
  load(scenario: unknown, opts: { play?: boolean } = {}): Promise<{ ok: true } | { ok: false; errors: string[] }> {
    return this.serial(async () => {
      await this.drop();
      const r = await Session.create(scenario, this.options);
      if (!r.ok) return r;
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
      this.adopt(s, opts.play ?? true);
      return true;
    });
  }

  private adopt(s: Session, play: boolean): void {
    this.session = s;
    this.error = null;
    const d = new RealtimeDriver(s);
    d.speed = this.speed;
    d.onAdvance = () => {
      s.save();
      this.notify();
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
    this.driver?.start();
    this.notify();
  }

  pause(): void {
    this.driver?.stop();
    this.notify();
  }

  setSpeed(x: number): void {
    this.speed = x;
    if (this.driver) this.driver.speed = x;
    this.notify();
  }

  get playing(): boolean {
    return this.driver?.isRunning ?? false;
  }

  /** Run as fast as possible to virtual time t (the realtime clock is paused meanwhile). */
  run(t: number): Promise<void> {
    return this.serial(async () => {
      const s = this.mustSession();
      const d = this.driver;
      const was = d?.isRunning ?? false;
      d?.stop();
      await d?.idle();
      try {
        await s.runTo(t);
      } finally {
        s.save();
        this.notify();
        if (was) d?.start();
      }
    });
  }

  /** Process exactly one event (the realtime clock is paused first). */
  step(): Promise<void> {
    return this.serial(async () => {
      const s = this.mustSession();
      this.driver?.stop();
      await this.driver?.idle();
      const next = s.run.world.nextEventTime;
      if (next !== undefined) await s.runTo(next, 1);
      s.save();
      this.notify();
    });
  }

  act(action: unknown): ActResult {
    const r = this.mustSession().act(action);
    this.notify();
    return r;
  }

  private mustSession(): Session {
    if (this.session === null) throw new Error('no ensemble is loaded');
    return this.session;
  }
}

export const controller = new Controller();

/** window.zooscope: the page's ensemble from the browser console. */
export interface ZooScopeApi {
  load(scenario: unknown): Promise<{ ok: true } | { ok: false; errors: string[] }>;
  run(untilMs: number): Promise<void>;
  report(): Promise<Report>;
  act(action: unknown): ActResult;
  traceHash(): string;
  /** The scenario recorded so far (replaying it reproduces this run). */
  scenario(): Scenario;
  readonly now: number;
  /** Ids of servers whose Web Worker is alive. */
  workers(): number[];
  play(): void;
  pause(): void;
}

export function installWindowApi(): ZooScopeApi {
  const api: ZooScopeApi = {
    load: (s) => controller.load(s),
    run: (t) => controller.run(t),
    report: () => controller.session!.report(),
    act: (a) => controller.act(a),
    traceHash: () => controller.session!.traceHash(),
    scenario: () => controller.session!.run.recorded,
    get now() {
      return controller.session?.now ?? 0;
    },
    workers: () => [...liveWorkers.keys()].sort((a, b) => a - b),
    play: () => controller.play(),
    pause: () => controller.pause(),
  };
  (globalThis as { zooscope?: ZooScopeApi }).zooscope = api;
  return api;
}
