// npm run --silent zkcli [-- --seed N --tick-time MS --servers N --observers M [zkCli options]]
//
// zkCli against an in-process ZooKeeper standalone server in a simulated world, or, with
// --servers N, against an ensemble of N participants (and M observers) started at time 0; the
// shell connects to all of them once a leader serves. Server i listens on 127.0.0.1:(2180 + i),
// the standalone server on 127.0.0.1:2181. Reads commands
// from standard input, one per line, and prints what zkCli.sh 3.8.0 prints (stdout and stderr
// as zkCli uses them). On a terminal it shows zkCli's prompt and virtual time follows the clock,
// so sessions, containers and TTLs age while you think.

import { createInterface } from 'node:readline';
import { ZooKeeperMain } from '../src/cli/ZooKeeperMain.ts';
import { runTo, runUntil } from '../src/sim/drive.ts';
import { World, standaloneConfig } from '../src/sim/World.ts';
import { ZkCliShell } from '../src/sim/ZkCliShell.ts';
import { LIMITS } from '../src/scenario/validate.ts';
import { buildWorld, resolveScenario } from '../src/scenario/world.ts';
import { QuorumPeer } from '../src/zk/quorum/QuorumPeer.ts';

const ADDRESS = '127.0.0.1:2181';

interface Options {
  seed: number;
  tickTime: number | null;
  /** Participants of an ensemble; null for the standalone server. */
  servers: number | null;
  observers: number;
  zkCliArgs: string[];
}

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run --silent zkcli [-- --seed N] [--tick-time MS] [--servers N [--observers M]] [zkCli options: -server host:port -timeout MS -r] [cmd args...]\n`);
  process.exit(2);
}

function parseOptions(argv: string[]): Options {
  const o: Options = { seed: 1, tickTime: null, servers: null, observers: 0, zkCliArgs: [] };
  let observersGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): number => {
      const v = argv[++i];
      if (v === undefined || !/^-?\d+$/.test(v)) usage(`${a} needs an integer`);
      return Number(v);
    };
    if (a === '--seed') o.seed = value();
    else if (a === '--tick-time') {
      o.tickTime = value();
      if (o.tickTime <= 0) usage('--tick-time must be positive');
    } else if (a === '--servers') {
      o.servers = value();
      if (o.servers < 1 || o.servers > LIMITS.maxParticipants) usage(`--servers must be 1 to ${LIMITS.maxParticipants}`);
    } else if (a === '--observers') {
      o.observers = value();
      observersGiven = true;
      if (o.observers < 0 || o.observers > LIMITS.maxObservers) usage(`--observers must be 0 to ${LIMITS.maxObservers}`);
    } else if (a === '--help' || a === '-h') usage('zkCli against a simulated ZooKeeper 3.8.0 server or ensemble');
    else o.zkCliArgs.push(a);
  }
  if (observersGiven && o.servers === null) usage('--observers needs --servers');
  return o;
}

/** Start the servers and run until the world is ready for a client; returns the address(es) to connect to. */
async function startServers(world: World, opts: Options): Promise<string> {
  if (opts.servers === null) {
    world.startServer(0);
    await runTo(world, world.now + 100);
    return ADDRESS;
  }
  for (const id of world.servers.keys()) world.startServer(id);
  // Wait (in virtual time) until a leader is established and every server serves clients, so
  // the shell's connect event is the first thing it prints; give up after a minute.
  const serving = (): boolean => [...world.servers.values()].every((h) => h.server instanceof QuorumPeer && h.server.view().serving);
  await runUntil(world, serving, world.now + 60_000).catch(() => undefined);
  return [...world.servers.values()].map((h) => h.address).join(',');
}

function makeWorld(opts: Options): World {
  if (opts.servers === null) {
    const world = new World({ seed: opts.seed });
    const cfgLines = ['clientPortAddress=127.0.0.1', '4lw.commands.whitelist=*'];
    if (opts.tickTime !== null) cfgLines.push(`tickTime=${opts.tickTime}`);
    world.addServer(0, ADDRESS, standaloneConfig(cfgLines));
    return world;
  }
  const r = resolveScenario({
    version: 1,
    seed: opts.seed >>> 0,
    ensemble: { participants: opts.servers, observers: opts.observers, ...(opts.tickTime !== null ? { tickTime: opts.tickTime } : {}) },
    until: 0,
  });
  return buildWorld(r);
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const world = makeWorld(opts);
  const address = await startServers(world, opts);

  let exitCode: number | null = null;
  const cliOpts = ZooKeeperMain.parseArgs(['-server', address, ...opts.zkCliArgs], (t) => process.stderr.write(t));
  const shell = new ZkCliShell(world, 'zkCli', { ...cliOpts, onUncaught: 'exit' }, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }, interactive);
  await shell.start();
  // The connect event is printed before the first prompt, as when zkCli waits for input.
  await runUntil(world, () => shell.merged.includes('WatchedEvent state:SyncConnected') || shell.exited, world.now + 60_000).catch(() => undefined);
  if (shell.exited) process.exit(shell.exitCode ?? 0);

  const started = Date.now();
  const rl = createInterface({ input: process.stdin, terminal: interactive, historySize: interactive ? 500 : 0 });
  const lines: AsyncIterableIterator<string> = rl[Symbol.asyncIterator]();
  for (;;) {
    if (interactive) process.stdout.write(shell.main.prompt());
    const next = await lines.next();
    if (next.done) break;
    // On a terminal, virtual time catches up with the time the user spent typing.
    if (interactive) await runTo(world, Math.max(world.now, Date.now() - started));
    await shell.run(next.value);
    if (shell.exited) {
      exitCode = shell.exitCode ?? 0;
      break;
    }
  }
  rl.close();
  if (exitCode === null) {
    shell.main.endOfInput();
    exitCode = shell.exitCode ?? 0;
  }
  process.exit(exitCode);
}

main().catch((e: unknown) => {
  process.stderr.write(`zkcli: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
