// The playground's state: one simulated world with a standalone ZooKeeper server, driven by the
// wall clock, and zkCli consoles attached to it. Views read narrow slices of this store.

import { create } from 'zustand';
import { RealtimeDriver } from '../runtime/RealtimeDriver.ts';
import { World, standaloneConfig } from '../sim/World.ts';
import { ZkCliShell } from '../sim/ZkCliShell.ts';

export const SERVER_ADDRESS = '127.0.0.1:2181';

export interface ConsoleLine {
  readonly stream: 'out' | 'err' | 'in';
  readonly text: string;
}

export interface ConsoleState {
  readonly name: string;
  readonly lines: readonly ConsoleLine[];
  readonly prompt: string;
  readonly busy: boolean;
}

export interface ServerSummary {
  readonly mode: string;
  readonly zxid: string;
  readonly znodes: number;
  readonly sessions: number;
  readonly watches: number;
  readonly virtualTime: number;
}

interface PlaygroundState {
  consoles: Record<string, ConsoleState>;
  server: ServerSummary;
  submit(name: string, line: string): void;
}

const MAX_LINES = 2000;

function createWorld(): { world: World; driver: RealtimeDriver } {
  const world = new World({ seed: 1 });
  world.addServer(0, SERVER_ADDRESS, standaloneConfig(['clientPortAddress=127.0.0.1', '4lw.commands.whitelist=*']));
  world.startServer(0);
  return { world, driver: new RealtimeDriver(world) };
}

const { world, driver } = createWorld();
const shells = new Map<string, ZkCliShell>();

function summary(): ServerSummary {
  const node = world.servers.get(0)?.server;
  const s = node?.zks;
  return {
    mode: s ? s.serverMode : 'down',
    zxid: node ? `0x${node.db.lastProcessedZxid.toString(16)}` : '-',
    znodes: node ? node.db.tree.nodeCount : 0,
    sessions: node ? node.db.sessionsWithTimeouts.size : 0,
    watches: node ? node.db.tree.watchCount : 0,
    virtualTime: world.now,
  };
}

export const usePlayground = create<PlaygroundState>((set, get) => {
  const append = (name: string, line: ConsoleLine): void => {
    const c = get().consoles[name];
    if (!c) return;
    // Output arrives in fragments ending with or without a newline; keep lines whole.
    const lines = [...c.lines];
    const last = lines[lines.length - 1];
    if (last && last.stream === line.stream && !last.text.endsWith('\n') && line.stream !== 'in') lines[lines.length - 1] = { stream: last.stream, text: last.text + line.text };
    else lines.push(line);
    set({ consoles: { ...get().consoles, [name]: { ...c, lines: lines.slice(-MAX_LINES) } } });
  };

  const openConsole = (name: string): void => {
    const shell = new ZkCliShell(world, name, { server: SERVER_ADDRESS, onUncaught: 'continue' }, { out: (t) => append(name, { stream: 'out', text: t }), err: (t) => append(name, { stream: 'err', text: t }) }, true);
    shells.set(name, shell);
    set({ consoles: { ...get().consoles, [name]: { name, lines: [], prompt: '', busy: true } } });
    void shell.main.start().then(() => refreshPrompt(name, false));
    world.pendingMicrotasks = true;
  };

  const refreshPrompt = (name: string, busy: boolean): void => {
    const c = get().consoles[name];
    const shell = shells.get(name);
    if (!c || !shell) return;
    set({ consoles: { ...get().consoles, [name]: { ...c, prompt: shell.main.prompt(), busy } } });
  };

  driver.onAdvance = () => {
    set({ server: summary() });
    for (const name of shells.keys()) refreshPrompt(name, get().consoles[name]?.busy ?? false);
  };

  queueMicrotask(() => {
    openConsole('c1');
    driver.start();
  });

  return {
    consoles: {},
    server: summary(),
    submit(name: string, line: string) {
      const shell = shells.get(name);
      if (!shell) return;
      append(name, { stream: 'in', text: `${shell.main.prompt()}${line}\n` });
      refreshPrompt(name, true);
      void shell.main.executeLine(line).then(() => refreshPrompt(name, false));
      world.pendingMicrotasks = true;
    },
  };
});

export function consoleCommands(name: string): string[] {
  return shells.get(name)?.main.getCommands() ?? [];
}

/** Paths for tab completion: the children of the deepest existing prefix, from the server's tree. */
export function completePath(prefix: string): string[] {
  const s = world.servers.get(0)?.server?.db;
  if (!s || !prefix.startsWith('/')) return [];
  const i = prefix.lastIndexOf('/');
  const parent = i <= 0 ? '/' : prefix.slice(0, i);
  const node = s.tree.getNode(parent);
  if (!node) return [];
  const base = parent === '/' ? '/' : `${parent}/`;
  return node
    .childNames()
    .sort()
    .map((c) => base + c)
    .filter((p) => p.startsWith(prefix));
}
