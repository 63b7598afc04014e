// Runs a corpus script against ZooScope: a standalone server in a simulated world and one zkCli
// shell per client, driven the way oracle/realServer.ts drives the real ones.

import { ZooKeeperMain } from '../src/cli/ZooKeeperMain.ts';
import { runPromise, runTo, runUntil } from '../src/sim/drive.ts';
import { World, standaloneConfig } from '../src/sim/World.ts';
import { ZkCliShell } from '../src/sim/ZkCliShell.ts';
import type { RawRun } from './normalize.ts';
import type { Script } from './script.ts';

export const ZOOSCOPE_ADDRESS = '127.0.0.1:2181';
/** The real driver waits for 150 ms of quiet after every step; time passes here too. */
const QUIET_MS = 150;

export async function runOnZooScope(script: Script, seed = 1, echo?: (client: string, text: string) => void): Promise<RawRun> {
  const world = new World({ seed });
  // The oracle's zoo.cfg: loopback, admin server off, every four-letter word allowed.
  const cfg = standaloneConfig(['tickTime=2000', 'clientPortAddress=127.0.0.1', '4lw.commands.whitelist=*', ...script.header.server], script.header.jvm);
  world.addServer(0, ZOOSCOPE_ADDRESS, cfg);
  world.startServer(0);
  await runTo(world, world.now + 500);
  const shells = new Map<string, ZkCliShell>();
  const fourLetter: RawRun['fourLetter'] = [];
  for (const step of script.steps) {
    switch (step.kind) {
      case 'start': {
        const opts = ZooKeeperMain.parseArgs(['-server', ZOOSCOPE_ADDRESS, ...step.options]);
        const sink = echo ? { out: (t: string) => echo(step.client, t), err: (t: string) => echo(step.client, t) } : undefined;
        const shell = new ZkCliShell(world, step.client, { ...opts, onUncaught: 'exit' }, sink);
        shells.set(step.client, shell);
        await shell.start();
        // The real driver feeds nothing before the SyncConnected event was printed.
        await runUntil(world, () => shell.merged.includes('WatchedEvent state:SyncConnected') || shell.exited, world.now + 60_000).catch(() => undefined);
        break;
      }
      case 'command': {
        const shell = shells.get(step.client);
        if (!shell) throw new Error(`${script.file}:${step.line}: client ${step.client} used before it was started`);
        if (!shell.exited) await shell.run(step.text);
        break;
      }
      case 'sleep':
        await runTo(world, world.now + QUIET_MS + step.ms);
        break;
      case 'crash':
        shells.get(step.client)?.crash();
        break;
      case 'fourLetter':
        await runTo(world, world.now + QUIET_MS);
        fourLetter.push({ word: step.word, answer: await runPromise(world, world.fourLetterWord(ZOOSCOPE_ADDRESS, step.word)) });
        break;
    }
    await runTo(world, world.now + QUIET_MS);
  }
  for (const shell of shells.values()) shell.main.endOfInput();
  return { clients: [...shells.values()].map((s) => ({ name: s.name, raw: s.merged })), fourLetter };
}
