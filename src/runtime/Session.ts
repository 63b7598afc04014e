// The ensemble the page runs: a scenario run whose servers are Web Workers keeping their data in
// IndexedDB. A session is created fresh (a new ensemble: its databases cleared, from a scenario or
// a share URL) or resumed after a reload (the same databases: the servers recover from them, and
// sessions of clients that did not survive the reload expire as they would).

import { ScenarioRun } from '../scenario/run.ts';
import type { Report, Scenario, ScenarioAction } from '../scenario/types.ts';
import { validateScenario } from '../scenario/validate.ts';
import { andThen } from '../sim/machine/maybe.ts';
import type { ServerMachine } from '../sim/machine/ServerMachine.ts';
import { IdbDataStore } from './IdbDataStore.ts';
import { workerMachine } from './workerHost.ts';
import { CatchUpMachine, handOver } from './CatchUpMachine.ts';

/** What survives a reload (localStorage): enough to build the same ensemble on the same disks. */
export interface SessionMeta {
  readonly ensemble: string;
  /** The ensemble's configuration as a scenario (the actions are not replayed on resume). */
  readonly scenario: Scenario;
  /** How many times this ensemble was resumed: each resume draws from a fresh seed. */
  readonly generation: number;
  /** Wall clock of the world's time 0, and the virtual time last saved. */
  readonly wallClockBase: number;
  readonly savedAt: number;
}

const META_KEY = 'zooscope.session';
const DEFAULT_WALL_CLOCK = Date.UTC(2026, 0, 1, 0, 0, 0);

export interface SessionOptions {
  readonly ensemble?: string;
  /** Where servers run: Web Workers over IndexedDB (default), or in the page in memory. */
  readonly machine?: (ensemble: string, id: number) => ServerMachine;
  /**
   * Workers only (default false): a new ensemble runs in the page until handover(), then in its
   * Workers (CatchUpMachine). True keeps every step in the Workers from the start.
   */
  readonly workersOnly?: boolean;
}

export class Session {
  private constructor(
    readonly run: ScenarioRun,
    private meta: SessionMeta,
  ) {}

  get ensemble(): string {
    return this.meta.ensemble;
  }

  get now(): number {
    return this.run.now;
  }

  /** Resumed after a reload: its servers recovered from the disks of an earlier visit. */
  get resumed(): boolean {
    return this.meta.generation > 0;
  }

  /** A new ensemble: its databases are deleted first. Throws ScenarioError-like errors as a list. */
  static async create(scenario: unknown, opts: SessionOptions = {}): Promise<{ ok: true; session: Session } | { ok: false; errors: string[] }> {
    const v = validateScenario(scenario);
    if (!v.ok) return { ok: false, errors: v.errors };
    const ensemble = opts.ensemble ?? 'default';
    await clearEnsemble(ensemble);
    const meta: SessionMeta = { ensemble, scenario: v.scenario, generation: 0, wallClockBase: DEFAULT_WALL_CLOCK, savedAt: 0 };
    const session = new Session(makeRun(v.scenario, meta, opts, false), meta);
    session.save();
    return { ok: true, session };
  }

  /** The ensemble of the last visit, recovering from its databases; null if there is none. */
  static resume(opts: SessionOptions = {}): Session | null {
    const meta = loadMeta();
    if (meta === null) return null;
    const next: SessionMeta = { ...meta, generation: meta.generation + 1, wallClockBase: meta.wallClockBase + meta.savedAt, savedAt: 0 };
    const scenario: Scenario = { ...meta.scenario, seed: (meta.scenario.seed + next.generation * 0x9e3779b9) >>> 0, actions: [], until: 0 };
    const session = new Session(makeRun(scenario, next, opts, true), next);
    session.save();
    return session;
  }

  /** Remember where this ensemble stands, for a reload. */
  save(): void {
    this.meta = { ...this.meta, savedAt: this.run.now };
    try {
      localStorage.setItem(META_KEY, JSON.stringify(this.meta));
    } catch {
      // No localStorage (private window with storage off): a reload starts a fresh ensemble.
    }
  }

  /**
   * Move every server that still runs in the page into its Worker (see CatchUpMachine); at once
   * when they already are. A server whose Worker could not take over is down with the fault.
   */
  handover(): Promise<void> {
    return handOver(this.run.world);
  }

  /** Run to t; with maxEvents, stop after that many events (stepping). */
  runTo(t: number, maxEvents?: number): Promise<void> {
    return this.run.runTo(t, maxEvents);
  }

  act(action: unknown): { ok: true; action: ScenarioAction } | { ok: false; errors: string[] } {
    const r = this.run.act(action);
    if (r.ok) this.save();
    return r;
  }

  report(): Promise<Report> {
    return this.run.report();
  }

  traceHash(): string {
    return this.run.world.trace.hash();
  }

  /** Stop every server process (the databases stay). */
  async dispose(): Promise<void> {
    for (const h of this.run.world.servers.values()) await andThen(h.machine.kill(), () => undefined);
    for (const h of this.run.world.servers.values()) await (h.machine as { close?: () => Promise<void> }).close?.();
  }
}

function makeRun(scenario: Scenario, meta: SessionMeta, opts: SessionOptions, resumed: boolean): ScenarioRun {
  const machine = opts.machine ?? ((ensemble: string, id: number) => (opts.workersOnly ? workerMachine(ensemble, id) : new CatchUpMachine(id, workerMachine(ensemble, id), resumed)));
  return new ScenarioRun(scenario, { machine: (id) => machine(meta.ensemble, id), wallClockBase: meta.wallClockBase });
}

function loadMeta(): SessionMeta | null {
  try {
    const text = localStorage.getItem(META_KEY);
    if (text === null) return null;
    const m = JSON.parse(text) as SessionMeta;
    const v = validateScenario(m.scenario);
    if (!v.ok || typeof m.ensemble !== 'string' || !Number.isFinite(m.wallClockBase) || !Number.isFinite(m.savedAt) || !Number.isInteger(m.generation)) return null;
    return { ...m, scenario: v.scenario };
  } catch {
    return null;
  }
}

/** Delete every database of an ensemble (a "new ensemble"). */
export async function clearEnsemble(ensemble: string): Promise<void> {
  const prefix = IdbDataStore.dbName(ensemble, 0).replace(/0$/, '');
  const names = new Set<string>();
  for (let id = 1; id <= 255; id++) names.add(IdbDataStore.dbName(ensemble, id));
  // Chromium lists databases; elsewhere the ids 1..255 cover every server a scenario may name.
  const list = (indexedDB as IDBFactory & { databases?: () => Promise<{ name?: string }[]> }).databases;
  if (list) {
    names.clear();
    for (const d of await list.call(indexedDB)) if (d.name?.startsWith(prefix)) names.add(d.name);
  }
  for (const name of names) await IdbDataStore.destroy(name);
}

export function forgetSession(): void {
  try {
    localStorage.removeItem(META_KEY);
  } catch {
    // nothing stored
  }
}
