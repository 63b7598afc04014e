// What the views show, mirrored from the page's ensemble (controller.ts) after every frame: the
// servers as the world sees them, the clients with their console transcripts, virtual time.
// Views read narrow slices of this store; anything inside a server is asked for with inspect().

import { create } from 'zustand';
import type { Session } from '../runtime/Session.ts';
import type { InspectAnswer, InspectQuery } from '../sim/machine/inspect.ts';
import type { ServerView } from '../sim/machine/ServerView.ts';
import type { ServerStatus } from '../sim/World.ts';
import { controller, type ActResult } from './controller.ts';

export interface ServerInfo {
  readonly id: number;
  readonly address: string;
  readonly role: 'participant' | 'observer' | 'standalone';
  readonly status: ServerStatus;
  readonly view: ServerView | null;
  /** Why the server is down against its will (a disk it cannot start from), or null. */
  readonly fault: string | null;
}

export interface ConsoleInput {
  /** Where in the output the line was typed. */
  readonly offset: number;
  readonly text: string;
}

export interface ClientInfo {
  readonly name: string;
  readonly state: string;
  readonly sessionId: string;
  /** zkCli's merged stdout/stderr. */
  readonly output: string;
  readonly inputs: readonly ConsoleInput[];
  readonly prompt: string;
}

interface PlaygroundState {
  readonly loaded: boolean;
  readonly playing: boolean;
  readonly speed: number;
  readonly now: number;
  readonly error: string | null;
  readonly servers: readonly ServerInfo[];
  readonly clients: readonly ClientInfo[];
  readonly violations: readonly string[];
  /** The event the last Step processed (its trace line, and how many events the trace holds), until anything else happens. */
  readonly stepped: { readonly line: string; readonly count: number } | null;
  /** Bumped on every refresh, for views that pull more from the servers. */
  readonly frame: number;
}

const inputs = new Map<string, ConsoleInput[]>();
/** The ensemble the typed lines belong to: a new one (load, link, settings) starts with none. */
let inputsOf: unknown = null;

function snapshot(prev: PlaygroundState): PlaygroundState {
  const s = controller.session;
  if (s === null) return { ...prev, loaded: false, playing: false, error: controller.error, stepped: null, frame: prev.frame + 1 };
  const run = s.run;
  if (inputsOf !== s) {
    inputs.clear();
    inputsOf = s;
  }
  const roles = new Map(run.resolved.servers.map((x) => [x.id, x.role] as const));
  const servers: ServerInfo[] = [...run.world.servers.values()].map((h) => ({
    id: h.id,
    address: h.address,
    role: run.resolved.standalone ? 'standalone' : (roles.get(h.id) ?? 'participant'),
    status: h.status,
    view: h.view,
    fault: h.fault ? `${h.fault.code}: ${h.fault.message}` : null,
  }));
  const before = new Map(prev.clients.map((c) => [c.name, c]));
  const clients: ClientInfo[] = [...run.clients.values()].map((c) => {
    const zk = c.shell.main.getZooKeeper();
    const old = before.get(c.name);
    const output = c.outputCut === null ? c.shell.merged : c.shell.merged.slice(0, c.outputCut);
    const state = c.outputCut !== null ? 'CRASHED' : (zk?.getState() ?? 'CLOSED');
    const prompt = c.shell.main.prompt();
    const ins = inputs.get(c.name) ?? [];
    if (old && old.output === output && old.state === state && old.prompt === prompt && old.inputs === ins) return old;
    return { name: c.name, state, sessionId: zk ? `0x${BigInt.asUintN(64, zk.getSessionId()).toString(16)}` : '0x0', output, inputs: ins, prompt };
  });
  return {
    loaded: true,
    playing: controller.playing,
    speed: controller.speed,
    now: run.now,
    error: controller.error,
    servers,
    clients,
    // The run appends to its list in place: a new array when it grew, so that views re-render.
    violations: prev.violations.length === run.violations.length && (run.violations.length === 0 || prev.violations[0] === run.violations[0]) ? prev.violations : [...run.violations],
    stepped: stepLine(s),
    frame: prev.frame + 1,
  };
}

function stepLine(s: Session): PlaygroundState['stepped'] {
  const step = controller.lastStep;
  return step !== null && step.session === s && step.count === s.run.world.trace.count && !controller.playing ? step : null;
}

const initial: PlaygroundState = { loaded: false, playing: false, speed: 1, now: 0, error: null, servers: [], clients: [], violations: [], stepped: null, frame: 0 };

export const usePlayground = create<PlaygroundState>(() => initial);

controller.subscribe(() => usePlayground.setState((prev) => snapshot(prev)));

/** Type a line into a client's console: it runs as a recorded `cli` action. */
export function submit(client: string, line: string): ActResult | null {
  const c = controller.session?.run.clients.get(client);
  if (!c) return null;
  const list = [...(inputs.get(client) ?? []), { offset: c.shell.merged.length, text: `${c.shell.main.prompt()}${line}` }];
  inputs.set(client, list);
  const r = line.trim() === '' ? null : controller.act({ do: 'cli', client, command: line });
  controller.notify();
  return r;
}

/** Put a typed line back into a console (a replayed scenario's `cli` lines, where they were typed). */
export function restoreInput(client: string, input: ConsoleInput): void {
  if (inputsOf !== controller.session) {
    inputs.clear();
    inputsOf = controller.session;
  }
  inputs.set(client, [...(inputs.get(client) ?? []), input]);
}

/** Open a new client (a `connect` action) to the given servers; returns its name. */
export function openClient(servers: readonly number[], sessionTimeout?: number): ActResult & { name?: string } {
  const s = controller.session;
  if (!s) return { ok: false, errors: ['no ensemble'] };
  let i = 1;
  while (s.run.clients.has(`c${i}`) || (s.run.recorded.actions ?? []).some((a) => 'client' in a && a.client === `c${i}`)) i++;
  const name = `c${i}`;
  const r = controller.act({ do: 'connect', client: name, servers: [...servers], ...(sessionTimeout ? { sessionTimeout } : {}) });
  return r.ok ? { ...r, name } : r;
}

export function consoleCommands(client: string): string[] {
  return controller.session?.run.clients.get(client)?.shell.main.getCommands() ?? [];
}

/** Ask a running server about its memory (null when it is down or gone). */
export function inspectServer<Q extends InspectQuery>(id: number, q: Q): Promise<InspectAnswer<Q> | null> {
  return controller.inspect(id, q);
}

/** Paths for tab completion, from the tree of the server the client is connected to. */
export async function completePaths(client: string, prefix: string): Promise<string[]> {
  const s = controller.session;
  const id = s?.run.clients.get(client)?.shell.server() ?? null;
  if (id === null || !prefix.startsWith('/')) return [];
  const i = prefix.lastIndexOf('/');
  const parent = i <= 0 ? '/' : prefix.slice(0, i);
  const kids = await inspectServer(id, { kind: 'children', path: parent });
  if (!kids) return [];
  const base = parent === '/' ? '/' : `${parent}/`;
  return kids.map((c) => base + c).filter((p) => p.startsWith(prefix));
}
