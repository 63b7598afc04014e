// The headless scenario runner: build the world, schedule the actions at their times, run to
// `until` (checking invariants after every event), and report what the ensemble looks like.
//
// runScenario(scenario) is the whole thing; ScenarioRun lets a caller stop half-way (runTo) and
// look at the world or the report at that moment (tests, the page's timeline).

import { drainMicrotasks } from '../sim/drive.ts';
import type { ServerHost, World } from '../sim/World.ts';
import { ZkCliShell } from '../sim/ZkCliShell.ts';
import type { SemanticEvent } from '../zk/events.ts';
import type { ClientReport, ElectionReport, ElectionVote, FourLetterReport, Report, Scenario, ScenarioAction, ServerReport, SyncReport } from './types.ts';
import { AppendValidator, mustScenario } from './validate.ts';
import { buildWorld, connectString, DEFAULT_SESSION_TIMEOUT, resolveScenario, type ResolvedScenario } from './world.ts';
import { andThen, type MaybePromise } from '../sim/machine/maybe.ts';
import type { ServerMachine } from '../sim/machine/ServerMachine.ts';
import { ZabInvariants, type Violation } from '../sim/invariants/ZabInvariants.ts';

/** Called after every event; returns the violations it sees now (empty when all is well). */
export type InvariantChecker = (world: World) => readonly string[];

/**
 * A stateful checker (one that follows the semantic log, like the ZAB invariants) needs one
 * instance per world: perWorld(make) creates it on the first call for a world.
 */
export function perWorld(make: (world: World) => (world: World) => readonly string[]): InvariantChecker {
  const instances = new WeakMap<World, (world: World) => readonly string[]>();
  return (world) => {
    let f = instances.get(world);
    if (f === undefined) {
      f = make(world);
      instances.set(world, f);
    }
    return f(world);
  };
}

const describeViolation = (v: Violation): string => `${v.invariant}: ${v.message}`;

/** The checkers runScenario uses when opts.checkers is not given: ZooKeeper's guarantees. */
export const defaultCheckers: InvariantChecker[] = [perWorld((w) => zabInvariantsOf(w).checkAfterEvent)];

const zabByWorld = new WeakMap<World, { inv: ZabInvariants; checkAfterEvent: () => string[] }>();

function zabInvariantsOf(w: World): { inv: ZabInvariants; checkAfterEvent: () => string[] } {
  let z = zabByWorld.get(w);
  if (z === undefined) {
    const inv = new ZabInvariants(w);
    z = { inv, checkAfterEvent: () => inv.check().map(describeViolation) };
    zabByWorld.set(w, z);
  }
  return z;
}

export interface RunOptions {
  /** Invariant checkers called after every event (default: defaultCheckers). */
  readonly checkers?: readonly InvariantChecker[];
  /** Keep every trace line in world.trace.full (tests that diff traces). */
  readonly keepFullTrace?: boolean;
  /** How many trace lines a violation message shows (default 30). */
  readonly traceTail?: number;
  /** Where each server runs (default: in-process on an in-memory disk). */
  readonly machine?: (id: number) => ServerMachine;
  /** Wall clock at virtual time 0 (default: 2026-01-01T00:00:00Z). */
  readonly wallClockBase?: number;
}

export interface ClientState {
  readonly name: string;
  readonly shell: ZkCliShell;
  /** Length of the output when the client crashed: a dead process prints nothing more. */
  outputCut: number | null;
}

const hex = (z: number): string => `0x${z.toString(16)}`;
const hexBig = (z: bigint): string => `0x${BigInt.asUintN(64, z).toString(16)}`;

/** A scenario being run: the world with the actions scheduled on it. */
export class ScenarioRun {
  readonly scenario: Scenario;
  readonly resolved: ResolvedScenario;
  readonly world: World;
  readonly clients = new Map<string, ClientState>();
  readonly violations: string[] = [];
  /** `4lw` actions and their answers. */
  private readonly probes: { -readonly [K in keyof FourLetterReport]: FourLetterReport[K] }[] = [];
  private readonly checkers: readonly InvariantChecker[];
  private readonly traceTail: number;

  constructor(scenario: Scenario, opts: RunOptions = {}) {
    this.scenario = mustScenario(scenario);
    this.resolved = resolveScenario(this.scenario);
    this.world = buildWorld(this.resolved, opts);
    this.checkers = opts.checkers ?? defaultCheckers;
    this.traceTail = opts.traceTail ?? 30;
    if (this.checkers.length > 0) this.world.afterStep.push((w) => this.check(w));
    this.schedule();
  }

  private schedule(): void {
    const w = this.world;
    // A server starts at time 0 (before the actions of time 0) unless the first action that acts on
    // it is a start: then that action starts it. See autoStarted().
    for (const id of autoStarted(this.resolved)) w.action(0, `start s${id}`, () => w.startServer(id));
    for (const { index, action } of this.resolved.actions) w.action(action.at, `actions[${index}] ${describeAction(action)}`, () => this.perform(action));
  }

  /** Actions taken while running (clicks, window.zooscope.act), in the order taken. */
  private readonly live: ScenarioAction[] = [];
  /** Checks each of them as a part of the recording (made at the first). */
  private appender: AppendValidator | null = null;
  private lastLiveAt = 0;
  /** recorded's actions, until the next live action. */
  private recordedActions: ScenarioAction[] | null = null;

  /** The scenario as run so far: replaying it from the start reproduces this run. */
  get recorded(): Scenario {
    // An action taken for a later time (act with `at`) is part of the recording before it runs.
    const until = Math.max(this.lastLiveAt, this.scenario.until, this.world.now);
    // The same array until the next action is taken (views read it every frame).
    if (this.recordedActions === null) this.recordedActions = [...(this.scenario.actions ?? []), ...this.live];
    return { ...this.scenario, actions: this.recordedActions, until };
  }

  /**
   * Take one more action. It happens 1 ms from now (everything due now has run) unless it names a
   * later time, and it is checked as a part of the scenario, so it gets the validator's messages.
   */
  act(input: unknown): { ok: true; action: ScenarioAction } | { ok: false; errors: string[] } {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, errors: ['action: must be an object such as {"do":"kill","server":1}'] };
    const given = (input as { at?: unknown }).at;
    const at = Math.max(this.world.now + 1, typeof given === 'number' && Number.isInteger(given) ? given : 0);
    const index = (this.scenario.actions?.length ?? 0) + this.live.length;
    // A first action "start" on a running server would, replayed, keep it down until then.
    const { do: kind, server } = input as { do?: unknown; server?: unknown };
    const running = typeof server === 'number' ? this.world.servers.get(server) : undefined;
    if (kind === 'start' && running !== undefined && running.status !== 'down') return { ok: false, errors: [`server: ${server} is already running`] };
    this.appender ??= new AppendValidator(this.recorded);
    const v = this.appender.append({ ...input, at }, Math.max(this.lastLiveAt, this.scenario.until, this.world.now, at));
    if (!v.ok) return { ok: false, errors: v.errors.map((e) => e.replace(`actions[${index}].`, '').replace(`actions[${index}]`, 'action')) };
    const a = v.action;
    this.live.push(a);
    this.recordedActions = null;
    this.lastLiveAt = Math.max(this.lastLiveAt, a.at);
    this.world.action(a.at, `actions[${index}] ${describeAction(a)}`, () => this.perform(a));
    return { ok: true, action: a };
  }

  /** Server actions answer with a promise when the servers live in Workers. */
  private perform(a: ScenarioAction): MaybePromise<unknown> {
    const w = this.world;
    switch (a.do) {
      case 'start':
        return w.startServer(a.server);
      case 'kill':
        return w.killServer(a.server);
      case 'restart':
        return andThen(w.killServer(a.server), () => w.startServer(a.server));
      case 'pause':
        w.pauseServer(a.server);
        return;
      case 'resume':
        return w.resumeServer(a.server);
      case 'wipe':
        return w.wipeServer(a.server);
      case '4lw': {
        const probe: (typeof this.probes)[number] = { at: w.now, server: a.server, word: a.word, output: null };
        this.probes.push(probe);
        const address = this.resolved.servers.find((s) => s.id === a.server)!.address;
        void w.fourLetterWord(address, a.word).then((text) => {
          probe.output = text;
        });
        return;
      }
      case 'isolate':
        w.isolate(a.server);
        return;
      case 'partition':
        w.partition(a.groups);
        return;
      case 'cut':
        w.cut(a.from, a.to);
        return;
      case 'heal':
        w.heal();
        return;
      case 'torn-record':
        return w.diskFault(a.server, 'tornRecord');
      case 'corrupt-record':
        return w.diskFault(a.server, 'corruptRecord', typeof a.zxid === 'string' ? Number(BigInt(a.zxid)) : a.zxid);
      case 'lost-snapshot':
        return w.diskFault(a.server, 'lostSnapshot');
      case 'lose-unsynced':
        return w.diskFault(a.server, 'loseUnsynced');
      case 'connect': {
        const server = connectString(this.resolved, a.servers, a.chroot);
        const shell = new ZkCliShell(w, a.client, { server, timeout: a.sessionTimeout ?? DEFAULT_SESSION_TIMEOUT, onUncaught: 'continue' });
        this.clients.set(a.client, { name: a.client, shell, outputCut: null });
        // Not shell.start(): that drives the world itself, and we are inside a world event.
        shell.main.start().catch(() => undefined);
        return;
      }
      case 'cli':
        // Lines of one shell run in order: this one waits for the previous, like typed input.
        this.mustClient(a.client).shell.main.executeLine(a.command).catch(() => undefined);
        return;
      case 'close':
        this.mustClient(a.client).shell.main.executeLine('close').catch(() => undefined);
        return;
      case 'crash-client': {
        const c = this.mustClient(a.client);
        c.outputCut = c.shell.merged.length;
        c.shell.crash();
        return;
      }
    }
  }

  private mustClient(name: string): ClientState {
    const c = this.clients.get(name);
    if (!c) throw new Error(`client ${name} is not connected`); // validation rules this out
    return c;
  }

  private check(w: World): void {
    if (this.violations.length > 0) return;
    const found: string[] = [];
    for (const checker of this.checkers) {
      try {
        found.push(...checker(w));
      } catch (e) {
        found.push(`invariant checker failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (found.length > 0) this.fail(found);
  }

  private fail(messages: readonly string[]): void {
    const w = this.world;
    const where = `(seed ${this.resolved.seed}, t=${w.now})`;
    const tail = w.trace.tail.slice(-this.traceTail);
    messages.forEach((m, i) => {
      let text = `${m} ${where}`;
      if (i === 0) text += `\nlast events:\n${tail.map((l) => `  ${l}`).join('\n')}`;
      this.violations.push(text);
    });
  }

  /** Virtual time. */
  get now(): number {
    return this.world.now;
  }

  get stopped(): boolean {
    return this.violations.length > 0;
  }

  /** Run every event up to time t (or until the first violation, or maxEvents events). */
  async runTo(t: number, maxEvents = Infinity): Promise<void> {
    const w = this.world;
    await drainMicrotasks();
    for (let n = 0; ; n++) {
      if (n >= maxEvents) {
        await drainMicrotasks();
        return;
      }
      if (w.pendingMicrotasks) {
        w.pendingMicrotasks = false;
        await drainMicrotasks();
      }
      if (this.stopped) return;
      const next = w.nextEventTime;
      if (next === undefined || next > t) break;
      try {
        const r = w.step();
        if (r instanceof Promise) await r;
      } catch (e) {
        const stack = e instanceof Error && e.stack ? e.stack.split('\n').slice(1, 6).map((l) => l.trim()) : [];
        this.fail([`simulation crashed: ${e instanceof Error ? e.message : String(e)}${stack.length ? ` [${stack.join(' | ')}]` : ''}`]);
        return;
      }
    }
    if (w.now < t) w.now = t;
  }

  /** Run to the scenario's end. */
  async run(): Promise<Report> {
    await this.runTo(this.resolved.until);
    if (!this.stopped) await this.finalChecks();
    return this.report();
  }

  /**
   * The checks too costly for every event, when the ZAB invariants are on: each replica equals the
   * replay of its disk, and (unless a disk was wiped or damaged, which ZooKeeper does not survive
   * on a majority) every acknowledged write is durable on a quorum.
   */
  private async finalChecks(): Promise<void> {
    const z = zabByWorld.get(this.world);
    if (z === undefined) return;
    const found = (await z.inv.checkReplay()).map(describeViolation);
    const diskLost = [...this.world.servers.values()].some((h) => h.wipes > 0 || h.diskFaults > 0);
    if (!diskLost) found.push(...(await z.inv.checkDurability()).map(describeViolation));
    if (found.length > 0) this.fail(found);
  }

  // ---- the report ----

  async report(): Promise<Report> {
    const servers: ServerReport[] = [];
    for (const s of this.resolved.servers) servers.push(await this.serverReport(this.world.servers.get(s.id)!, s.role));
    return {
      time: this.world.now,
      traceHash: this.world.trace.hash(),
      violations: [...this.violations],
      servers,
      clients: [...this.clients.values()].map((c) => this.clientReport(c)),
      elections: electionsOf(this.world.semanticLog),
      syncs: syncsOf(this.world.semanticLog),
      fourLetterWords: this.probes.map((p) => ({ ...p })),
    };
  }

  private async serverReport(h: ServerHost, role: 'participant' | 'observer'): Promise<ServerReport> {
    const base = { id: h.id, role: this.resolved.standalone ? ('standalone' as const) : role, status: h.status };
    const nulls = { state: null, leader: null, acceptedEpoch: null, currentEpoch: null, lastZxid: null, lastCommitted: null, znodes: null, digest: null };
    const v = h.view;
    if (h.status !== 'down' && v !== null) {
      if (v.startError !== null) return { ...base, ...nulls, fault: `peerStartFailed: ${v.startError}` };
      const standalone = v.state === 'STANDALONE';
      return {
        ...base,
        state: v.state,
        leader: v.leader,
        acceptedEpoch: standalone ? null : v.acceptedEpoch,
        currentEpoch: standalone ? null : v.currentEpoch,
        lastZxid: hex(v.lastZxid),
        lastCommitted: hex(v.lastCommitted),
        znodes: v.znodes,
        digest: v.digest,
        fault: null,
      };
    }
    // Down: what a restart would read from its data directory.
    const d = await h.machine.diskSummary();
    if (d.fault !== null) return { ...base, ...nulls, fault: `${d.fault.code}: ${d.fault.message}` };
    const standalone = this.resolved.standalone;
    return {
      ...base,
      state: null,
      leader: null,
      acceptedEpoch: standalone || d.acceptedEpoch < 0 ? null : d.acceptedEpoch,
      currentEpoch: standalone || d.currentEpoch < 0 ? null : d.currentEpoch,
      lastZxid: hex(d.lastZxid),
      lastCommitted: hex(d.lastCommitted),
      znodes: d.znodes,
      digest: d.digest,
      fault: h.fault ? `${h.fault.code}: ${h.fault.message}` : null,
    };
  }

  private clientReport(c: ClientState): ClientReport {
    const zk = c.shell.main.getZooKeeper();
    const text = c.outputCut === null ? c.shell.merged : c.shell.merged.slice(0, c.outputCut);
    const output = text === '' ? [] : text.split('\n');
    if (output.length > 0 && output[output.length - 1] === '') output.pop();
    return {
      id: c.name,
      state: c.outputCut !== null ? 'CRASHED' : (zk?.getState() ?? 'CLOSED'),
      sessionId: zk ? hexBig(zk.getSessionId()) : '0x0',
      output,
    };
  }
}

/** Run a scenario from start to `until` and report. Throws ScenarioError if it is not valid. */
export async function runScenario(scenario: Scenario, opts: RunOptions = {}): Promise<Report> {
  return new ScenarioRun(scenario, opts).run();
}

/**
 * The servers that start by themselves at time 0: all but those whose first server action (start,
 * kill, restart, pause, resume, wipe or a disk fault, in run order) is a start. So "start 1 at 0,
 * 2 at 3000" staggers the starts, and a recording that begins "kill 2 at 5000, start 2 at 8000"
 * replays with server 2 up until 5000.
 */
export function autoStarted(r: ResolvedScenario): number[] {
  const first = new Map<number, ScenarioAction['do']>();
  for (const { action } of r.actions) {
    if (!('server' in action) || action.do === 'isolate' || action.do === '4lw') continue;
    if (!first.has(action.server)) first.set(action.server, action.do);
  }
  return r.servers.map((s) => s.id).filter((id) => first.get(id) !== 'start');
}

function describeAction(a: ScenarioAction): string {
  switch (a.do) {
    case 'partition':
      return `partition ${a.groups.map((g) => g.join(',')).join(' | ')}`;
    case 'cut':
      return `cut ${a.from}>${a.to}`;
    case 'heal':
      return 'heal';
    case 'connect':
      return `connect ${a.client} ${a.servers.join(',')}`;
    case 'cli':
      return `cli ${a.client} ${a.command}`;
    case 'close':
    case 'crash-client':
      return `${a.do} ${a.client}`;
    case 'corrupt-record':
      return `corrupt-record s${a.server} ${a.zxid}`;
    case '4lw':
      return `4lw s${a.server} ${a.word}`;
    default:
      return `${a.do} s${a.server}`;
  }
}

type LogEntry = { readonly at: number; readonly server: number; readonly event: SemanticEvent };
type Decided = Extract<SemanticEvent, { type: 'electionDecided' }>;

/**
 * One entry per election round that ended with a leader established: electionDecided events
 * grouped by (electionEpoch, leader), kept when that leader went on to reach broadcast before
 * its role ended. The votes are each deciding server's last decision in that round.
 */
export function electionsOf(log: readonly LogEntry[]): ElectionReport[] {
  const groups = new Map<string, { epoch: number; leader: number; decisions: { index: number; at: number; server: number; ev: Decided }[] }>();
  log.forEach((e, index) => {
    if (e.event.type !== 'electionDecided') return;
    const ev = e.event;
    const key = `${ev.electionEpoch}/${ev.leader}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { epoch: ev.electionEpoch, leader: ev.leader, decisions: [] }));
    g.decisions.push({ index, at: e.at, server: e.server, ev });
  });
  const out: ElectionReport[] = [];
  for (const g of groups.values()) {
    const own = g.decisions.find((d) => d.server === g.leader && d.ev.state === 'LEADING');
    if (!own) continue;
    let epoch: number | null = null;
    for (let i = own.index + 1; i < log.length; i++) {
      const e = log[i]!;
      if (e.server !== g.leader) continue;
      const t = e.event.type;
      if (t === 'roleEnded' || t === 'electionDecided' || t === 'recovered') break;
      if (e.event.type === 'zabPhase' && e.event.phase === 'broadcast') {
        epoch = e.event.epoch;
        break;
      }
    }
    if (epoch === null) continue;
    const last = new Map<number, Decided>();
    for (const d of g.decisions) last.set(d.server, d.ev);
    const votes: Record<string, ElectionVote> = {};
    for (const sid of [...last.keys()].sort((a, b) => a - b)) {
      const v = last.get(sid)!;
      votes[String(sid)] = { leader: v.leader, zxid: hex(v.zxid), electionEpoch: v.electionEpoch, peerEpoch: v.peerEpoch };
    }
    out.push({ at: own.at, epoch, leader: g.leader, votes });
  }
  return out.sort((a, b) => a.at - b.at || a.leader - b.leader);
}

/** Every synchronization a leader chose for a learner. */
export function syncsOf(log: readonly LogEntry[]): SyncReport[] {
  const out: SyncReport[] = [];
  for (const e of log) {
    if (e.event.type !== 'syncChosen') continue;
    out.push({ at: e.at, leader: e.server, learner: e.event.learner, mode: e.event.mode, fromZxid: hex(e.event.fromZxid), toZxid: hex(e.event.toZxid) });
  }
  return out;
}
