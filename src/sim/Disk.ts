// A server's disk as the world sees it: storage effects go in, durability is decided by the
// world's fsync completions, and a restart reads back what survived.

import type { Effect, RecoveredImage } from '../zk/effects.ts';

export type StorageEffect = Extract<Effect, { kind: 'append' | 'rollLog' | 'sync' | 'snapshot' }>;

export interface Disk {
  /** Carry out a storage effect. A 'sync' starts an fsync of everything appended so far. */
  apply(e: StorageEffect): void;
  /** The fsync with this token completed. */
  synced(token: number): void;
  /** The process died: unsynced writes are gone. */
  crash(): void;
  /** What a restarting server reads. */
  restore(): RecoveredImage;
  /** Remove everything (a wiped data directory). */
  wipe(): void;
  /** Summary for views and reports. */
  describe(): { logTxns: number; snapshots: number[]; lastLoggedZxid: number };
}
