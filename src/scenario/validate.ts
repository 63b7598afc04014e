// Validation of scenario documents (files, share-URL payloads, recordings). Pure: no Node, no
// DOM, no world. Every problem is reported as "<field path>: <what is wrong>", e.g.
// `actions[3].server: no server 7 in the ensemble`; all problems found are returned, in document
// order (cross-field problems after the field-level ones).

import { validatePath } from '../zk/PathUtils.ts';
import { parseJson } from './json.ts';
import { ACTION_KINDS, SCENARIO_VERSION, type ActionKind, type Scenario, type ScenarioAction } from './types.ts';

export type ValidationResult = { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly errors: string[] };

/** Limits of the format (documented in src/scenario/README.md). */
export const LIMITS = {
  maxParticipants: 9,
  maxObservers: 3,
  maxServerId: 255,
  /** Virtual time: action times and `until` are at most 24 hours. */
  maxTime: 86_400_000,
  // A recorded session of an hour at 20 clicks and commands a second; such a file stays within MAX_FILE (src/store/share.ts).
  maxActions: 100_000,
  maxSeed: 0xffffffff,
  maxLatency: 60_000,
  maxSessionTimeout: 0x7fffffff,
  maxClientName: 64,
  maxCommandLength: 100_000,
} as const;

const SERVER_ACTIONS: ReadonlySet<ActionKind> = new Set(['start', 'kill', 'restart', 'pause', 'resume', 'wipe', 'isolate', 'torn-record', 'lost-snapshot', 'lose-unsynced', 'corrupt-record', '4lw']);
const CLIENT_USE_ACTIONS: ReadonlySet<ActionKind> = new Set(['cli', 'close', 'crash-client']);

/** The fields each action may carry besides `at` and `do`; the second list is the optional ones. */
const ACTION_FIELDS: Record<ActionKind, readonly [required: readonly string[], optional: readonly string[]]> = {
  start: [['server'], []],
  kill: [['server'], []],
  restart: [['server'], []],
  pause: [['server'], []],
  resume: [['server'], []],
  wipe: [['server'], []],
  isolate: [['server'], []],
  'torn-record': [['server'], []],
  'lost-snapshot': [['server'], []],
  'lose-unsynced': [['server'], []],
  'corrupt-record': [['server', 'zxid'], []],
  partition: [['groups'], []],
  cut: [['from', 'to'], []],
  heal: [[], []],
  connect: [['client', 'servers'], ['sessionTimeout', 'chroot']],
  cli: [['client', 'command'], []],
  close: [['client'], []],
  'crash-client': [['client'], []],
  '4lw': [['server', 'word'], []],
};

type Obj = { readonly [k: string]: unknown };

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'string':
      return `a string (${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)})`;
    case 'number':
      return `a number (${v})`;
    case 'boolean':
      return `a boolean (${v})`;
    case 'object':
      return 'an object';
    default:
      return typeof v;
  }
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

class Checker {
  readonly errors: string[] = [];

  err(path: string, message: string): void {
    this.errors.push(`${path === '' ? 'scenario' : path}: ${message}`);
  }

  /** An object with only the given keys; reports missing required ones. Returns null if not an object. */
  object(v: unknown, path: string, required: readonly string[], optional: readonly string[]): Obj | null {
    if (!isObj(v)) {
      this.err(path, `expected an object, got ${typeName(v)}`);
      return null;
    }
    const known = new Set([...required, ...optional]);
    for (const k of Object.keys(v)) {
      if (known.has(k)) continue;
      const close = [...known].find((x) => x.toLowerCase() === k.toLowerCase());
      this.err(join(path, k), `unknown field${close ? ` (did you mean "${close}"?)` : ''}`);
    }
    for (const k of required) if (!has(v, k)) this.err(join(path, k), 'missing (required)');
    return v;
  }

  int(v: unknown, path: string, min: number, max: number): number | null {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.err(path, `expected an integer, got ${typeName(v)}`);
      return null;
    }
    if (!Number.isInteger(v)) {
      this.err(path, `must be an integer, got ${v}`);
      return null;
    }
    if (v < min) {
      this.err(path, min === 0 ? `must not be negative, got ${v}` : `must be at least ${min}, got ${v}`);
      return null;
    }
    if (v > max) {
      this.err(path, `must be at most ${max}, got ${v}`);
      return null;
    }
    return v;
  }

  bool(v: unknown, path: string): boolean | null {
    if (typeof v !== 'boolean') {
      this.err(path, `expected true or false, got ${typeName(v)}`);
      return null;
    }
    return v;
  }

  string(v: unknown, path: string, maxLength: number): string | null {
    if (typeof v !== 'string') {
      this.err(path, `expected a string, got ${typeName(v)}`);
      return null;
    }
    if (v.length > maxLength) {
      this.err(path, `is longer than ${maxLength} characters`);
      return null;
    }
    return v;
  }

  array(v: unknown, path: string, minItems: number, maxItems: number): readonly unknown[] | null {
    if (!Array.isArray(v)) {
      this.err(path, `expected an array, got ${typeName(v)}`);
      return null;
    }
    if (v.length < minItems) {
      this.err(path, minItems === 1 ? 'must not be empty' : `needs at least ${minItems} entries`);
      return null;
    }
    if (v.length > maxItems) {
      this.err(path, `has ${v.length} entries; at most ${maxItems} allowed`);
      return null;
    }
    return v;
  }
}

function has(o: Obj, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined;
}

interface EnsembleFacts {
  /** Server ids, or null when the ensemble section is too broken to tell. */
  readonly ids: ReadonlySet<number> | null;
}

function checkEnsemble(c: Checker, v: unknown): EnsembleFacts {
  const path = 'ensemble';
  const e = c.object(v, path, [], ['servers', 'participants', 'observers', 'standalone', 'tickTime', 'initLimit', 'syncLimit', 'snapCount', 'minSessionTimeout', 'maxSessionTimeout', 'extendedTypesEnabled']);
  if (e === null) return { ids: null };
  let ids: Set<number> | null = null;
  let participants = 0;
  let observers = 0;
  if (has(e, 'servers')) {
    if (has(e, 'participants') || has(e, 'observers')) c.err(join(path, has(e, 'participants') ? 'participants' : 'observers'), 'give either servers or participants/observers, not both');
    const list = c.array(e.servers, 'ensemble.servers', 1, LIMITS.maxParticipants + LIMITS.maxObservers);
    if (list !== null) {
      ids = new Set();
      const firstAt = new Map<number, number>();
      let broken = false;
      list.forEach((s, i) => {
        const p = `ensemble.servers[${i}]`;
        const o = c.object(s, p, ['id'], ['role']);
        if (o === null) {
          broken = true;
          return;
        }
        const id = has(o, 'id') ? c.int(o.id, `${p}.id`, 1, LIMITS.maxServerId) : null;
        let role: 'participant' | 'observer' = 'participant';
        if (has(o, 'role')) {
          if (o.role === 'participant' || o.role === 'observer') role = o.role;
          else c.err(`${p}.role`, `expected "participant" or "observer", got ${typeName(o.role)}`);
        }
        if (role === 'observer') observers++;
        else participants++;
        if (id === null) {
          broken = true;
          return;
        }
        const prev = firstAt.get(id);
        if (prev !== undefined) c.err(`${p}.id`, `duplicate server id ${id} (also ensemble.servers[${prev}])`);
        else firstAt.set(id, i);
        ids!.add(id);
      });
      if (!broken) {
        if (participants < 1) c.err('ensemble.servers', 'needs at least one participant');
        if (participants > LIMITS.maxParticipants) c.err('ensemble.servers', `has ${participants} participants; an ensemble has 1 to ${LIMITS.maxParticipants}`);
        if (observers > LIMITS.maxObservers) c.err('ensemble.servers', `has ${observers} observers; at most ${LIMITS.maxObservers} allowed`);
      } else ids = null;
    }
  } else if (has(e, 'participants')) {
    const p = c.int(e.participants, 'ensemble.participants', 1, LIMITS.maxParticipants);
    const o = has(e, 'observers') ? c.int(e.observers, 'ensemble.observers', 0, LIMITS.maxObservers) : 0;
    if (p !== null && o !== null) {
      participants = p;
      observers = o;
      ids = new Set();
      for (let i = 1; i <= p + o; i++) ids.add(i);
    }
  } else if (has(e, 'observers')) {
    c.err('ensemble.participants', 'missing (required with observers)');
  } else {
    c.err('ensemble', 'needs servers, or participants (and optionally observers)');
  }
  if (has(e, 'standalone')) {
    const st = c.bool(e.standalone, 'ensemble.standalone');
    if (st === true && ids !== null && (participants !== 1 || observers !== 0)) c.err('ensemble.standalone', 'a standalone server needs exactly one participant and no observers');
  }
  const tick = has(e, 'tickTime') ? c.int(e.tickTime, 'ensemble.tickTime', 1, 600_000) : 2000;
  if (has(e, 'initLimit')) c.int(e.initLimit, 'ensemble.initLimit', 1, 10_000);
  if (has(e, 'syncLimit')) c.int(e.syncLimit, 'ensemble.syncLimit', 1, 10_000);
  if (has(e, 'snapCount')) c.int(e.snapCount, 'ensemble.snapCount', 2, 1_000_000_000);
  const sessionTimeout = (k: 'minSessionTimeout' | 'maxSessionTimeout'): number | null => {
    if (!has(e, k)) return -1;
    const v = e[k];
    if (v === -1) return -1;
    return c.int(v, `ensemble.${k}`, 1, LIMITS.maxSessionTimeout);
  };
  const min = sessionTimeout('minSessionTimeout');
  const max = sessionTimeout('maxSessionTimeout');
  if (has(e, 'extendedTypesEnabled')) c.bool(e.extendedTypesEnabled, 'ensemble.extendedTypesEnabled');
  if (tick !== null && min !== null && max !== null) {
    const effMin = min === -1 ? 2 * tick : min;
    const effMax = max === -1 ? 20 * tick : max;
    if (effMin > effMax) {
      const which = has(e, 'minSessionTimeout') ? 'minSessionTimeout' : 'maxSessionTimeout';
      c.err(`ensemble.${which}`, `minSessionTimeout (${effMin}${min === -1 ? ', 2 * tickTime' : ''}) must not be larger than maxSessionTimeout (${effMax}${max === -1 ? ', 20 * tickTime' : ''})`);
    }
  }
  return { ids };
}

function checkLatency(c: Checker, v: unknown, path: string): void {
  const o = c.object(v, path, ['min', 'max'], []);
  if (o === null) return;
  const min = has(o, 'min') ? c.int(o.min, `${path}.min`, 0, LIMITS.maxLatency) : null;
  const max = has(o, 'max') ? c.int(o.max, `${path}.max`, 0, LIMITS.maxLatency) : null;
  if (min !== null && max !== null && max < min) c.err(`${path}.max`, `must not be less than min (${min}), got ${max}`);
}

const CLIENT_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

function checkServerId(c: Checker, v: unknown, path: string, ids: ReadonlySet<number> | null): number | null {
  const id = c.int(v, path, 1, LIMITS.maxServerId);
  if (id === null) return null;
  if (ids !== null && !ids.has(id)) {
    c.err(path, `no server ${id} in the ensemble`);
    return null;
  }
  return id;
}

interface ActionFacts {
  readonly index: number;
  readonly at: number | null;
  readonly kind: ActionKind | null;
  readonly client: string | null;
}

function checkAction(c: Checker, v: unknown, index: number, ids: ReadonlySet<number> | null): ActionFacts {
  const path = `actions[${index}]`;
  const none: ActionFacts = { index, at: null, kind: null, client: null };
  if (!isObj(v)) {
    c.err(path, `expected an object, got ${typeName(v)}`);
    return none;
  }
  let kind: ActionKind | null = null;
  if (!has(v, 'do')) c.err(`${path}.do`, 'missing (required)');
  else if (typeof v.do !== 'string') c.err(`${path}.do`, `expected a string, got ${typeName(v.do)}`);
  else if (!(ACTION_KINDS as readonly string[]).includes(v.do)) c.err(`${path}.do`, `unknown action ${JSON.stringify(v.do)} (one of ${ACTION_KINDS.join(', ')})`);
  else kind = v.do as ActionKind;
  const [required, optional] = kind === null ? [[], Object.keys(v)] : ACTION_FIELDS[kind];
  c.object(v, path, ['at', ...required], ['do', ...optional]);
  const at = has(v, 'at') ? c.int(v.at, `${path}.at`, 0, LIMITS.maxTime) : null;
  if (kind === null) return { index, at, kind, client: null };

  let client: string | null = null;
  if (SERVER_ACTIONS.has(kind) && has(v, 'server')) checkServerId(c, v.server, `${path}.server`, ids);
  if (kind === 'corrupt-record' && has(v, 'zxid')) checkZxid(c, v.zxid, `${path}.zxid`);
  if (kind === 'partition' && has(v, 'groups')) {
    const groups = c.array(v.groups, `${path}.groups`, 1, LIMITS.maxParticipants + LIMITS.maxObservers);
    const seen = new Map<number, number>();
    groups?.forEach((g, gi) => {
      const gp = `${path}.groups[${gi}]`;
      const members = c.array(g, gp, 1, LIMITS.maxParticipants + LIMITS.maxObservers);
      members?.forEach((m, mi) => {
        const id = checkServerId(c, m, `${gp}[${mi}]`, ids);
        if (id === null) return;
        const prev = seen.get(id);
        if (prev !== undefined) c.err(`${gp}[${mi}]`, `server ${id} is already in groups[${prev}]`);
        else seen.set(id, gi);
      });
    });
  }
  if (kind === 'cut') {
    const from = has(v, 'from') ? checkServerId(c, v.from, `${path}.from`, ids) : null;
    const to = has(v, 'to') ? checkServerId(c, v.to, `${path}.to`, ids) : null;
    if (from !== null && to !== null && from === to) c.err(`${path}.to`, `cannot cut server ${from} from itself`);
  }
  if (has(v, 'client') && (kind === 'connect' || CLIENT_USE_ACTIONS.has(kind))) {
    const name = c.string(v.client, `${path}.client`, LIMITS.maxClientName);
    if (name !== null) {
      if (!CLIENT_NAME.test(name)) c.err(`${path}.client`, `${JSON.stringify(name)} is not a client name (letters, digits, _ . -; not starting with . or -)`);
      else client = name;
    }
  }
  if (kind === 'connect') {
    if (has(v, 'servers')) {
      const list = c.array(v.servers, `${path}.servers`, 1, LIMITS.maxParticipants + LIMITS.maxObservers);
      const seen = new Set<number>();
      list?.forEach((s, i) => {
        const id = checkServerId(c, s, `${path}.servers[${i}]`, ids);
        if (id === null) return;
        if (seen.has(id)) c.err(`${path}.servers[${i}]`, `server ${id} is listed twice`);
        seen.add(id);
      });
    }
    if (has(v, 'sessionTimeout')) c.int(v.sessionTimeout, `${path}.sessionTimeout`, 1, LIMITS.maxSessionTimeout);
    if (has(v, 'chroot')) {
      const chroot = c.string(v.chroot, `${path}.chroot`, 1000);
      if (chroot !== null) {
        try {
          validatePath(chroot);
        } catch (e) {
          c.err(`${path}.chroot`, `not a valid chroot path: ${(e as Error).message}`);
        }
      }
    }
  }
  if (kind === '4lw' && has(v, 'word')) {
    // nc sends whatever it is given; ZooKeeper reads the first four bytes of a fresh connection.
    const word = c.string(v.word, `${path}.word`, 4);
    if (word !== null && !/^[\x20-\x7e]{4}$/.test(word)) c.err(`${path}.word`, `must be four printable ASCII characters such as "mntr", got ${JSON.stringify(word)}`);
  }
  if (kind === 'cli' && has(v, 'command')) {
    const cmd = c.string(v.command, `${path}.command`, LIMITS.maxCommandLength);
    if (cmd !== null) {
      if (cmd.trim() === '') c.err(`${path}.command`, 'must not be empty');
      else if (/[\r\n]/.test(cmd)) c.err(`${path}.command`, 'must be one zkCli line (no line breaks)');
    }
  }
  return { index, at, kind, client };
}

function checkZxid(c: Checker, v: unknown, path: string): void {
  if (typeof v === 'string') {
    if (!/^0x[0-9a-fA-F]{1,16}$/.test(v)) {
      c.err(path, `expected an integer or a hex string like "0x100000003", got ${typeName(v)}`);
      return;
    }
    const n = Number(BigInt(v));
    if (n < 1 || n > Number.MAX_SAFE_INTEGER) c.err(path, `must be between 0x1 and 0x${Number.MAX_SAFE_INTEGER.toString(16)}, got ${v}`);
    return;
  }
  if (typeof v === 'number') {
    c.int(v, path, 1, Number.MAX_SAFE_INTEGER);
    return;
  }
  c.err(path, `expected an integer or a hex string like "0x100000003", got ${typeName(v)}`);
}

/** The order actions run in: by time, then as listed. */
export function actionOrder(times: readonly number[]): number[] {
  return times.map((_, i) => i).sort((a, b) => times[a]! - times[b]! || a - b);
}

function checkClientLifecycle(c: Checker, facts: readonly ActionFacts[]): void {
  const usable = facts.filter((f) => f.at !== null && f.kind !== null && f.client !== null);
  const order = actionOrder(usable.map((f) => f.at!)).map((i) => usable[i]!);
  const connects = new Map<string, ActionFacts[]>();
  for (const f of usable) if (f.kind === 'connect') connects.set(f.client!, [...(connects.get(f.client!) ?? []), f]);
  const state: ClientsState = { connected: new Map(), crashed: new Map() };
  for (const f of order) clientStep(c, f, state, connects.get(f.client!)?.[0]);
}

/** Which clients the actions so far connected and crashed (each name to the action that did it). */
interface ClientsState {
  readonly connected: Map<string, ActionFacts>;
  readonly crashed: Map<string, ActionFacts>;
}

/** One client action, in time order: is its client usable then? `firstConnect`: its first connect anywhere. */
function clientStep(c: Checker, f: ActionFacts, st: ClientsState, firstConnect: ActionFacts | undefined): void {
  const name = f.client!;
  const path = `actions[${f.index}].client`;
  if (f.kind === 'connect') {
    const prev = st.connected.get(name);
    if (prev !== undefined) c.err(path, `client ${name} already connected (actions[${prev.index}]); each client connects once (use a cli "connect host:port" to reconnect)`);
    else st.connected.set(name, f);
    return;
  }
  if (!st.connected.has(name)) {
    if (firstConnect !== undefined) c.err(path, `client ${name} is used at ${f.at} before it connects (actions[${firstConnect.index}] at ${firstConnect.at})`);
    else c.err(path, `client ${name} is never connected (no connect action for it)`);
    return;
  }
  const dead = st.crashed.get(name);
  if (dead !== undefined) {
    c.err(path, `client ${name} crashed earlier (actions[${dead.index}] at ${dead.at})`);
    return;
  }
  if (f.kind === 'crash-client') st.crashed.set(name, f);
}

/** Check a parsed document; on success returns it as a Scenario (a copy, without undefined fields). */
export function validateScenario(input: unknown): ValidationResult {
  const c = new Checker();
  const top = c.object(input, '', ['version', 'seed', 'ensemble', 'until'], ['title', 'description', 'network', 'actions']);
  if (top === null) return { ok: false, errors: c.errors };
  if (has(top, 'version')) {
    if (top.version !== SCENARIO_VERSION) {
      if (typeof top.version === 'number') c.err('version', `unsupported version ${top.version} (this ZooScope reads version ${SCENARIO_VERSION})`);
      else c.err('version', `expected the number ${SCENARIO_VERSION}, got ${typeName(top.version)}`);
    }
  }
  if (has(top, 'title')) c.string(top.title, 'title', 200);
  if (has(top, 'description')) c.string(top.description, 'description', 10_000);
  if (has(top, 'seed')) c.int(top.seed, 'seed', 0, LIMITS.maxSeed);
  const facts = has(top, 'ensemble') ? checkEnsemble(c, top.ensemble) : { ids: null };
  if (has(top, 'network')) {
    const n = c.object(top.network, 'network', [], ['latency', 'fsyncLatency']);
    if (n !== null) {
      if (has(n, 'latency')) checkLatency(c, n.latency, 'network.latency');
      if (has(n, 'fsyncLatency')) checkLatency(c, n.fsyncLatency, 'network.fsyncLatency');
    }
  }
  const actionFacts: ActionFacts[] = [];
  if (has(top, 'actions')) {
    const list = c.array(top.actions, 'actions', 0, LIMITS.maxActions);
    list?.forEach((a, i) => actionFacts.push(checkAction(c, a, i, facts.ids)));
  }
  const until = has(top, 'until') ? c.int(top.until, 'until', 0, LIMITS.maxTime) : null;
  if (until !== null) {
    let last: ActionFacts | null = null;
    for (const f of actionFacts) if (f.at !== null && (last === null || f.at >= last.at!)) last = f;
    if (last !== null && last.at! > until) c.err('until', `${until} is before the last action (actions[${last.index}] at ${last.at})`);
  }
  checkClientLifecycle(c, actionFacts);
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  return { ok: true, scenario: JSON.parse(JSON.stringify(input)) as Scenario };
}

/**
 * Validation of a valid scenario that grows one action at a time (a live run's recording). An
 * action that comes last in time is checked on its own against what the scenario's actions left
 * (which clients are connected, which crashed): the same answer as validating the whole scenario
 * again, without going over thousands of earlier actions for every click. Any other action is
 * checked with the whole scenario.
 */
export class AppendValidator {
  private readonly ids: ReadonlySet<number> | null;
  private state: ClientsState = { connected: new Map(), crashed: new Map() };
  private lastAt = 0;
  /** The scenario's actions, grown in place (copying them for every click would be quadratic). */
  private actions: ScenarioAction[];

  /** `scenario` must be valid. */
  constructor(private scenario: Scenario) {
    this.ids = checkEnsemble(new Checker(), scenario.ensemble).ids;
    this.actions = [...(scenario.actions ?? [])];
    this.sync();
  }

  /** Append `input` (its `at` set by the caller) and stretch `until`; or the errors the whole scenario would get. */
  append(input: unknown, until: number): { ok: true; action: ScenarioAction } | { ok: false; errors: string[] } {
    const index = this.actions.length;
    const at = isObj(input) && typeof input.at === 'number' && Number.isInteger(input.at) ? input.at : null;
    if (at === null || at < this.lastAt || index + 1 > LIMITS.maxActions) {
      const v = validateScenario({ ...this.scenario, actions: [...this.actions, input], until });
      if (!v.ok) return v;
      this.scenario = v.scenario;
      this.actions = [...(v.scenario.actions ?? [])];
      this.sync();
      return { ok: true, action: this.actions[index]! };
    }
    const c = new Checker();
    const f = checkAction(c, input, index, this.ids);
    c.int(until, 'until', 0, LIMITS.maxTime);
    // Last in time: no connect of its client can come after it.
    const st: ClientsState = { connected: new Map(this.state.connected), crashed: new Map(this.state.crashed) };
    if (f.at !== null && f.kind !== null && f.client !== null) clientStep(c, f, st, undefined);
    if (c.errors.length > 0) return { ok: false, errors: c.errors };
    const action = JSON.parse(JSON.stringify(input)) as ScenarioAction;
    this.actions.push(action);
    this.scenario = { ...this.scenario, until: Math.max(this.scenario.until, until) };
    this.state = st;
    this.lastAt = at;
    return { ok: true, action };
  }

  /** Client states and the last time after the scenario's actions. */
  private sync(): void {
    const facts = this.actions.map((a, index): ActionFacts => ({ index, at: a.at, kind: a.do, client: 'client' in a ? a.client : null }));
    this.state = { connected: new Map(), crashed: new Map() };
    // The scenario is valid: no step can complain.
    const quiet = new Checker();
    for (const i of actionOrder(facts.map((f) => f.at!))) if (facts[i]!.client !== null) clientStep(quiet, facts[i]!, this.state, undefined);
    this.lastAt = this.actions.reduce((m, a) => Math.max(m, a.at), 0);
  }
}

/** Parse and validate scenario text (a file, a decoded share-URL payload). */
export function parseScenario(text: string): ValidationResult {
  const r = parseJson(text);
  if (!r.ok) return { ok: false, errors: [r.error] };
  return validateScenario(r.value);
}

/** Throwing convenience for code and tests that hold a known-good scenario. */
export function mustScenario(input: unknown): Scenario {
  const r = validateScenario(input);
  if (!r.ok) throw new ScenarioError(r.errors);
  return r.scenario;
}

export class ScenarioError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`invalid scenario:\n  ${errors.join('\n  ')}`);
    this.name = 'ScenarioError';
  }
}

/** For type narrowing in callers that switch on action kinds. */
export type { ScenarioAction };
