// One server machine as the world drives it: a process that can be booted from its disk, fed
// inputs and killed, and a disk that outlives the process. In Node the process runs in-process
// (LocalMachine); in the browser it runs in a Web Worker and the disk is IndexedDB. The world
// never looks inside: it sees effects and the ServerProbe that comes back with them.

import type { Effect, ServerInput } from '../../zk/effects.ts';
import type { ServerConfig } from '../../zk/ServerConfig.ts';
import type { ServerNode } from '../../zk/StandaloneServer.ts';
import type { DiskFault } from '../Disk.ts';
import type { MaybePromise } from './maybe.ts';
import type { ServerProbe } from './ServerView.ts';
import type { InspectAnswer, InspectQuery } from './inspect.ts';

export interface BootParams {
  readonly cfg: ServerConfig;
  /** Wall clock (ms since the epoch) at virtual time 0. */
  readonly wallClockBase: number;
  /** The JVM's nanoTime origin, drawn by the world. */
  readonly elapsedBase: number;
  /** Seed of the process's random stream. */
  readonly rngSeed: number;
}

export type BootResult = { readonly ok: true; readonly effects: Effect[]; readonly probe: ServerProbe } | { readonly ok: false; readonly fault: DiskFault };

export interface HandleResult {
  readonly effects: Effect[];
  readonly probe: ServerProbe;
  /**
   * The disk failed under the process (an IndexedDB write refused): like ZooKeeper when an fsync
   * throws, the server exits. The effects are then empty.
   */
  readonly crashed?: DiskFault;
}

export type DiskFaultKind = 'tornRecord' | 'corruptRecord' | 'lostSnapshot' | 'loseUnsynced';

/** What a restart would find on the disk, for reports on a server that is down. */
export interface DiskSummary {
  /** Set when the disk cannot be read. */
  readonly fault: DiskFault | null;
  readonly acceptedEpoch: number;
  readonly currentEpoch: number;
  readonly lastZxid: number;
  readonly lastCommitted: number;
  readonly znodes: number;
  readonly digest: number;
}

export interface ServerMachine {
  /** Start a process: read the disk (newest valid snapshot, then the log), then the 'start' input. */
  boot(p: BootParams, now: number): MaybePromise<BootResult>;
  /** Feed one input to the running process. Storage effects are carried out on the machine's disk. */
  handle(input: ServerInput, now: number): MaybePromise<HandleResult>;
  /** The fsync with this token completed: what it covered is durable (or the disk failed). */
  synced(token: number): MaybePromise<DiskFault | null>;
  /**
   * synced(token), then the 'synced' input to the running process; a failed disk comes back as
   * `crashed` (the input is not given then).
   */
  syncedInput(token: number, now: number): MaybePromise<HandleResult>;
  /** The process dies: its memory and unsynced writes are gone. */
  kill(): MaybePromise<void>;
  /** Delete the data directory (the process is down). */
  wipe(): MaybePromise<void>;
  /** Damage what is on disk (the process is down); says what it hit, or null. */
  diskFault(fault: DiskFaultKind, zxid?: number): MaybePromise<string | null>;
  /** The zxids a restart would recover (snapshot zxid and logged txns), null if unreadable. */
  durableZxids(): MaybePromise<{ readonly snap: number; readonly zxids: readonly number[] } | null>;
  /** Differences between the running tree and the replay of the machine's own disk. */
  replayFindings(): MaybePromise<string[]>;
  diskSummary(): MaybePromise<DiskSummary>;
  /** Files on disk, for views. */
  diskFiles(): MaybePromise<{ readonly files: readonly string[]; readonly lastLoggedZxid: number }>;
  /** A read-only question about the running server's memory (null answers when it is down). */
  inspect<Q extends InspectQuery>(q: Q): MaybePromise<InspectAnswer<Q> | null>;
  /** The running core when it lives in this JavaScript realm (views that need its memory), else null. */
  readonly local: ServerNode | null;
}
