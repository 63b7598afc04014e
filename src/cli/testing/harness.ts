// Test-only: a ZooKeeperMain wired to FakeZooKeeper, capturing what it writes.

import type { Watcher } from '../../client/api.ts';
import { ZooKeeperMain, type CliHost, type ZooKeeperMainOptions } from '../ZooKeeperMain.ts';
import { FakeZooKeeper, newWorld, type FakeWorld } from './FakeZooKeeper.ts';

export interface Harness {
  main: ZooKeeperMain;
  world: FakeWorld;
  /** stdout and stderr interleaved, as `2>&1` shows them */
  all(): string;
  out(): string;
  err(): string;
  /** forget what was written so far */
  clear(): void;
  handles: FakeZooKeeper[];
  exits: number[];
  /** Run lines (after start()); resolves with what they wrote (both streams). */
  run(...lines: string[]): Promise<string>;
}

export async function startHarness(opts: ZooKeeperMainOptions & { interactive?: boolean; world?: FakeWorld; connectThrows?: (cs: string) => Error | undefined } = {}): Promise<Harness> {
  const world = opts.world ?? newWorld();
  let all = '';
  let out = '';
  let err = '';
  const handles: FakeZooKeeper[] = [];
  const exits: number[] = [];
  const host: CliHost = {
    output: {
      out: (t) => {
        all += t;
        out += t;
      },
      err: (t) => {
        all += t;
        err += t;
      },
    },
    connect: (cs: string, timeout: number, watcher: Watcher) => {
      const e = opts.connectThrows?.(cs);
      if (e) throw e;
      const zk = new FakeZooKeeper(world, watcher, cs, timeout);
      handles.push(zk);
      return zk;
    },
    exit: (code) => exits.push(code),
    interactive: opts.interactive ?? false,
  };
  const main = new ZooKeeperMain(host, { server: '127.0.0.1:2181', ...opts });
  await main.start();
  const h: Harness = {
    main,
    world,
    all: () => all,
    out: () => out,
    err: () => err,
    clear: () => {
      all = '';
      out = '';
      err = '';
    },
    handles,
    exits,
    run: async (...lines) => {
      const start = all.length;
      for (const l of lines) await main.executeLine(l);
      return all.slice(start);
    },
  };
  return h;
}

/** The banner a fake-backed shell prints before any command. */
export const BANNER = 'Connecting to 127.0.0.1:2181\n\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null\nWelcome to ZooKeeper!\nJLine support is disabled\n';
