// org.apache.zookeeper.server.SyncRequestProcessor: append txns to the log and group them into
// one fsync; requests go on to the next processor once their txn is durable. Reads pass straight
// through when nothing is waiting for a flush (they keep their order otherwise). Every
// snapCount/2 + randRoll txns the log rolls and a (fuzzy) snapshot is taken.

import type { Effect } from './effects.ts';
import type { SemanticEvent } from './events.ts';
import type { ServerMetrics } from './fourletter/ServerMetrics.ts';
import type { Request } from './Request.ts';
import type { Rng } from './Rng.ts';
import type { Txn } from './txn.ts';
import type { ZKDatabase } from './ZKDatabase.ts';
import { opName } from './ZooDefs.ts';

export interface RequestProcessor {
  processRequest(r: Request): void;
}

export interface SyncHost {
  emit(e: Effect): void;
  event(ev: SemanticEvent): void;
  readonly db: ZKDatabase;
  readonly metrics: ServerMetrics;
  readonly snapCount: number;
  readonly rng: Rng;
  /** Write a snapshot of the database as it is now. */
  takeSnapshot(): void;
  /** A token unique within the server node, for the host's 'synced' answer. */
  nextSyncToken(): number;
}

export class SyncRequestProcessor {
  private toFlush: Request[] = [];
  private flushing: { token: number; requests: Request[] } | null = null;
  private txnsInCurrentLog = 0;
  private randRoll = 0;
  private pendingSnapshot = false;

  constructor(
    private readonly host: SyncHost,
    private readonly next: RequestProcessor | null,
  ) {
    this.resetSnapshotStats();
  }

  /** Txns logged but whose fsync has not completed (plus those waiting to be flushed). */
  get pendingCount(): number {
    return this.toFlush.length + (this.flushing?.requests.length ?? 0);
  }

  processRequest(si: Request): void {
    const m = this.host.metrics;
    m.counter('sync_processor_request_queued').add(1);
    m.summary('sync_processor_queue_time_ms').add(0);
    m.summary('sync_processor_queue_size').add(0);
    if (si.hdr !== null) {
      const txn: Txn = si.digest === null ? { hdr: si.hdr, body: si.txn! } : { hdr: si.hdr, body: si.txn!, digest: si.digest };
      this.host.emit({ kind: 'append', txn });
      this.host.db.noteLogged(txn);
      this.host.event({ type: 'txnLogged', zxid: si.hdr.zxid, op: opName(si.hdr.type), path: 'path' in si.txn! ? si.txn.path : null });
      this.txnsInCurrentLog++;
      if (this.txnsInCurrentLog > this.host.snapCount / 2 + this.randRoll) {
        this.resetSnapshotStats();
        this.host.emit({ kind: 'rollLog' });
        this.host.db.noteRollLog();
        this.host.event({ type: 'logRolled', zxid: si.hdr.zxid });
        this.pendingSnapshot = true;
      }
    } else if (this.toFlush.length === 0 && this.flushing === null) {
      this.next?.processRequest(si);
      return;
    }
    this.toFlush.push(si);
    this.maybeFlush();
  }

  private resetSnapshotStats(): void {
    const half = Math.max(1, Math.floor(Math.max(2, this.host.snapCount) / 2));
    this.randRoll = Math.abs(this.host.rng.nextInt()) % half;
    this.txnsInCurrentLog = 0;
  }

  private maybeFlush(): void {
    if (this.flushing !== null || this.toFlush.length === 0) return;
    if (!this.toFlush.some((r) => r.hdr !== null)) {
      // Only reads were waiting behind a flush that has completed.
      const reqs = this.toFlush;
      this.toFlush = [];
      for (const r of reqs) this.next?.processRequest(r);
      return;
    }
    const token = this.host.nextSyncToken();
    this.flushing = { token, requests: this.toFlush };
    this.toFlush = [];
    this.host.emit({ kind: 'sync', token });
  }

  /** True when the token was ours. */
  synced(token: number): boolean {
    if (this.flushing === null || this.flushing.token !== token) return false;
    const reqs = this.flushing.requests;
    this.flushing = null;
    const m = this.host.metrics;
    m.summary('fsynctime').add(0);
    m.summary('sync_processor_batch_size').add(reqs.length);
    m.summary('sync_process_time').add(0);
    m.summary('sync_processor_queue_flush_time_ms').add(0);
    m.summary('sync_processor_queue_and_flush_time_ms').add(0);
    for (const r of reqs) this.next?.processRequest(r);
    if (this.pendingSnapshot) {
      // The snapshot thread serializes the tree as it is at this moment (a fuzzy snapshot).
      this.pendingSnapshot = false;
      this.host.takeSnapshot();
    }
    this.maybeFlush();
    return true;
  }
}
