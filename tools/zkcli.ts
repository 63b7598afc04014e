// npm run --silent zkcli [-- --seed N --tick-time MS [zkCli options]]
//
// zkCli against an in-process ZooKeeper standalone server in a simulated world. Reads commands
// from standard input, one per line, and prints what zkCli.sh 3.8.0 prints (stdout and stderr
// as zkCli uses them). On a terminal it shows zkCli's prompt and virtual time follows the clock,
// so sessions, containers and TTLs age while you think.

import { createInterface } from 'node:readline';
import { ZooKeeperMain } from '../src/cli/ZooKeeperMain.ts';
import { runTo, runUntil } from '../src/sim/drive.ts';
import { World, standaloneConfig } from '../src/sim/World.ts';
import { ZkCliShell } from '../src/sim/ZkCliShell.ts';

const ADDRESS = '127.0.0.1:2181';

interface Options {
  seed: number;
  tickTime: number | null;
  zkCliArgs: string[];
}

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run --silent zkcli [-- --seed N] [--tick-time MS] [zkCli options: -server host:port -timeout MS -r] [cmd args...]\n`);
  process.exit(2);
}

function parseOptions(argv: string[]): Options {
  const o: Options = { seed: 1, tickTime: null, zkCliArgs: [] };
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
    } else if (a === '--help' || a === '-h') usage('zkCli against a simulated ZooKeeper 3.8.0 server');
    else o.zkCliArgs.push(a);
  }
  return o;
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const world = new World({ seed: opts.seed });
  const cfgLines = ['clientPortAddress=127.0.0.1', '4lw.commands.whitelist=*'];
  if (opts.tickTime !== null) cfgLines.push(`tickTime=${opts.tickTime}`);
  world.addServer(0, ADDRESS, standaloneConfig(cfgLines));
  world.startServer(0);
  await runTo(world, world.now + 100);

  let exitCode: number | null = null;
  const cliOpts = ZooKeeperMain.parseArgs(['-server', ADDRESS, ...opts.zkCliArgs], (t) => process.stderr.write(t));
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
