// A server's disk as the world sees it: storage effects go in, durability is decided by the
// world's fsync completions, and a restart reads back what survived.

import type { Effect, RecoveredImage } from '../zk/effects.ts';

export type StorageEffect = Extract<Effect, { kind: 'append' | 'rollLog' | 'sync' | 'snapshot' | 'writeEpoch' | 'truncateLog' }>;

/** Why a server refused to start from its disk (ZooKeeper exits with a log message). */
export interface DiskFault {
  readonly code: string;
  readonly message: string;
}

export interface Disk {
  /** Carry out a storage effect. A 'sync' starts an fsync of everything appended so far. */
  apply(e: StorageEffect): void;
  /** The fsync with this token completed. */
  synced(token: number): void;
  /** The process died: unsynced writes are gone. */
  crash(): void;
  /** What a restarting server reads, or why it cannot start. */
  restore(extendedTypesEnabled: boolean): RecoveredImage | DiskFault;
  /** Remove everything (a wiped data directory). */
  wipe(): void;
  /** Faults on what is on disk. Each returns a description of what it hit, or null if nothing. */
  tearLastRecord(): string | null;
  corruptRecord(zxid: number): string | null;
  loseNewestSnapshot(): string | null;
  /** Summary for views and reports. */
  describe(): { files: string[]; lastLoggedZxid: number };
}

export function isDiskFault(x: RecoveredImage | DiskFault): x is DiskFault {
  return 'code' in x && typeof (x as DiskFault).code === 'string' && !('txns' in x);
}
