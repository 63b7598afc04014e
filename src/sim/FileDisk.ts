// A disk holding a real ZooKeeper data directory (log.<zxid> and snapshot.<zxid> files, byte
// for byte as 3.8.0 writes them) in memory. An fsync takes effect when the world says it finished.

import { FileTxnSnapLog, MemoryDataDir, RestoreError, restore, type SyncMark } from '../zk/persistence/index.ts';
import type { RecoveredImage } from '../zk/effects.ts';
import type { Disk, DiskFault, StorageEffect } from './Disk.ts';

export class FileDisk implements Disk {
  private storage: FileTxnSnapLog;
  private readonly marks = new Map<number, SyncMark>();

  /** dir: what is on the disk already (e.g. loaded from IndexedDB), all of it durable. */
  constructor(readonly dir: MemoryDataDir = new MemoryDataDir()) {
    this.storage = new FileTxnSnapLog(dir);
  }

  apply(e: StorageEffect): void {
    if (e.kind === 'sync') {
      this.marks.set(e.token, this.storage.beginSync());
      return;
    }
    this.storage.apply(e);
  }

  /** The files' lengths an fsync in progress will make durable (null once it completed). */
  markOf(token: number): SyncMark | null {
    return this.marks.get(token) ?? null;
  }

  synced(token: number): void {
    const m = this.marks.get(token);
    if (m === undefined) return;
    this.marks.delete(token);
    this.storage.commit(m);
  }

  crash(): void {
    this.marks.clear();
    this.dir.crash();
    // The writer's notion of the current log file dies with the process.
    this.storage = new FileTxnSnapLog(this.dir);
  }

  restore(extendedTypesEnabled: boolean): RecoveredImage | DiskFault {
    this.storage = new FileTxnSnapLog(this.dir);
    const r = this.storage.restore({ extendedTypesEnabled });
    if (r instanceof RestoreError) return { code: r.code, message: r.message };
    return r;
  }

  /** What a restart would read right now, without disturbing the running server's writer. */
  peek(extendedTypesEnabled: boolean): RecoveredImage | DiskFault {
    const copy = this.dir.clone();
    copy.crash();
    const r = restore(copy, { extendedTypesEnabled });
    if (r instanceof RestoreError) return { code: r.code, message: r.message };
    return r;
  }

  wipe(): void {
    this.marks.clear();
    this.dir.wipe();
    this.storage = new FileTxnSnapLog(this.dir);
  }

  tearLastRecord(): string | null {
    const z = this.dir.tearLastRecord();
    return z === null ? null : `tore the record of zxid 0x${z.toString(16)}`;
  }

  corruptRecord(zxid: number): string | null {
    return this.dir.corruptRecord(zxid) ? `corrupted the record of zxid 0x${zxid.toString(16)}` : null;
  }

  loseNewestSnapshot(): string | null {
    const name = this.dir.loseNewestSnapshot();
    return name === null ? null : `lost ${name}`;
  }

  describe(): { files: string[]; lastLoggedZxid: number } {
    return { files: this.dir.list(), lastLoggedZxid: this.storage.lastLoggedZxid() };
  }
}
