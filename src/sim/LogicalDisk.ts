// A disk that keeps the server's storage effects as values (no byte encoding). Durability follows
// the world's fsync completions: a crash drops what was appended after the last completed sync.

import type { RecoveredImage } from '../zk/effects.ts';
import type { Snapshot } from '../zk/Snapshot.ts';
import type { Txn } from '../zk/txn.ts';
import type { Disk, StorageEffect } from './Disk.ts';

export class LogicalDisk implements Disk {
  private log: Txn[] = [];
  private durable = 0;
  private readonly inflight = new Map<number, number>();
  private snapshots: Snapshot[] = [];
  acceptedEpoch = -1;
  currentEpoch = -1;

  apply(e: StorageEffect): void {
    switch (e.kind) {
      case 'append':
        this.log.push(e.txn);
        break;
      case 'rollLog':
        break;
      case 'sync':
        this.inflight.set(e.token, this.log.length);
        break;
      case 'snapshot':
        // ZooKeeper writes the snapshot file and fsyncs it before it counts.
        this.snapshots.push(e.snapshot);
        if (this.snapshots.length > 3) this.snapshots.shift();
        break;
    }
  }

  synced(token: number): void {
    const upto = this.inflight.get(token);
    if (upto === undefined) return;
    this.inflight.delete(token);
    if (upto > this.durable) this.durable = upto;
  }

  crash(): void {
    this.log.length = this.durable;
    this.inflight.clear();
  }

  restore(): RecoveredImage {
    const snapshot = this.snapshots.length > 0 ? this.snapshots[this.snapshots.length - 1]! : null;
    const after = snapshot === null ? 0 : snapshot.zxid;
    return { snapshot, txns: this.log.slice(0, this.durable).filter((t) => t.hdr.zxid > after), acceptedEpoch: this.acceptedEpoch, currentEpoch: this.currentEpoch };
  }

  wipe(): void {
    this.log = [];
    this.durable = 0;
    this.inflight.clear();
    this.snapshots = [];
    this.acceptedEpoch = -1;
    this.currentEpoch = -1;
  }

  describe(): { logTxns: number; snapshots: number[]; lastLoggedZxid: number } {
    return { logTxns: this.log.length, snapshots: this.snapshots.map((s) => s.zxid), lastLoggedZxid: this.log.length > 0 ? this.log[this.log.length - 1]!.hdr.zxid : 0 };
  }
}
