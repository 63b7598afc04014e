// org.apache.zookeeper.server.ZKDatabase: the in-memory database of one server — the DataTree,
// the sessions with their timeouts, the committed log (the last 500 proposals, used to DIFF a
// learner), and what this server has written to its txn log since its newest snapshot.
//
// ZooKeeper re-reads its data directory for two things a pure core cannot do with I/O: a learner
// told to TRUNC reloads its database, and a server leaving an epoch fast-forwards its tree with
// every txn in its log. We keep the newest snapshot and the txns logged after it in memory, so
// both are computed here from exactly what the disk holds.

import { DataTree } from './DataTree.ts';
import type { RecoveredImage } from './effects.ts';
import { loadSnapshot, type Snapshot } from './Snapshot.ts';
import type { ProcessTxnResult, Txn } from './txn.ts';

export const COMMIT_LOG_COUNT = 500;

export class ZKDatabase {
  tree: DataTree;
  readonly sessionsWithTimeouts = new Map<bigint, number>();
  /** The last COMMIT_LOG_COUNT committed txns, oldest first (ZKDatabase.committedLog). */
  committedLog: Txn[] = [];
  minCommittedLog = 0;
  maxCommittedLog = 0;
  /** The newest snapshot written (or read at start), and every txn in the retained log files. */
  private baseSnapshot: Snapshot | null = null;
  private logged: Txn[] = [];
  /** zxids of the retained snapshots, oldest first (PurgeTxnLog keeps 3). */
  private snapshotZxids: number[] = [];
  initialized = false;

  constructor(readonly extendedTypesEnabled: boolean) {
    this.tree = new DataTree({ extendedTypesEnabled });
  }

  get lastProcessedZxid(): number {
    return this.tree.lastProcessedZxid;
  }

  /** The zxid of the last txn in the log (FileTxnSnapLog.getLastLoggedZxid), or the snapshot's. */
  get lastLoggedZxid(): number {
    const last = this.logged[this.logged.length - 1];
    if (last !== undefined) return last.hdr.zxid;
    return this.baseSnapshot?.zxid ?? 0;
  }

  /** FileTxnSnapLog.restore: the newest snapshot, then every txn logged after it. */
  load(image: RecoveredImage): number {
    this.clear();
    this.baseSnapshot = image.snapshot;
    this.snapshotZxids = image.snapshot ? [image.snapshot.zxid] : [];
    this.logged = image.txns.filter((t) => t.hdr.zxid > (image.snapshot?.zxid ?? 0)).slice();
    this.rebuild(Number.MAX_SAFE_INTEGER);
    this.initialized = true;
    return this.tree.lastProcessedZxid;
  }

  /** Snapshot + replay of logged txns up to maxZxid, refilling the committed log as ZooKeeper's playback listener does. */
  private rebuild(maxZxid: number): void {
    this.tree = this.baseSnapshot ? loadSnapshot(this.baseSnapshot, this.extendedTypesEnabled) : new DataTree({ extendedTypesEnabled: this.extendedTypesEnabled });
    this.sessionsWithTimeouts.clear();
    for (const [id, to] of this.baseSnapshot?.sessions ?? []) this.sessionsWithTimeouts.set(id, to);
    this.committedLog = [];
    this.minCommittedLog = 0;
    this.maxCommittedLog = 0;
    const from = this.baseSnapshot?.zxid ?? 0;
    for (const t of this.logged) {
      if (t.hdr.zxid > maxZxid) break;
      if (t.hdr.zxid > from) this.replay(t);
    }
    this.tree.drainNotifications();
  }

  /** FileTxnSnapLog.processTransaction: sessions first, then the tree. */
  private replay(t: Txn): void {
    if (t.hdr.zxid <= this.tree.lastProcessedZxid) return;
    if (t.body.kind === 'createSession') this.sessionsWithTimeouts.set(t.hdr.clientId, t.body.timeOut);
    else if (t.body.kind === 'closeSession') this.sessionsWithTimeouts.delete(t.hdr.clientId);
    this.tree.processTxn(t.hdr, t.body);
    this.addCommittedProposal(t);
  }

  clear(): void {
    this.tree = new DataTree({ extendedTypesEnabled: this.extendedTypesEnabled });
    this.sessionsWithTimeouts.clear();
    this.committedLog = [];
    this.minCommittedLog = 0;
    this.maxCommittedLog = 0;
    this.initialized = false;
  }

  /** A txn went to the log (SyncRequestProcessor / Learner.logRequest). */
  noteLogged(t: Txn): void {
    this.logged.push(t);
  }

  /**
   * A snapshot was written: later restores start from it. The log files older than the oldest
   * of the 3 retained snapshots are purged (PurgeTxnLog, at file granularity in ZooKeeper).
   */
  noteSnapshot(s: Snapshot): void {
    this.baseSnapshot = s;
    this.snapshotZxids.push(s.zxid);
    if (this.snapshotZxids.length > 3) this.snapshotZxids.shift();
    const oldest = this.snapshotZxids[0]!;
    this.logged = this.logged.filter((t) => t.hdr.zxid > oldest);
  }

  /** zxids of the SNAPs this server received: its txn log has no records for what they covered. */
  readonly snapSyncs: number[] = [];

  /** A SNAP from the leader replaces the whole database (ZKDatabase.deserializeSnapshot). */
  loadFromSnapshot(s: Snapshot): void {
    this.snapSyncs.push(s.zxid);
    this.tree = loadSnapshot(s, this.extendedTypesEnabled);
    this.sessionsWithTimeouts.clear();
    for (const [id, to] of s.sessions) this.sessionsWithTimeouts.set(id, to);
    this.committedLog = [];
    this.minCommittedLog = 0;
    this.maxCommittedLog = 0;
    this.initialized = true;
  }

  /**
   * ZKDatabase.truncateLog: cut the log after zxid and reload from disk. 3.8.0 leaves snapshots
   * newer than zxid in place, so a reload still starts from such a snapshot; we do the same.
   */
  truncateLog(zxid: number): void {
    this.logged = this.logged.filter((t) => t.hdr.zxid <= zxid);
    this.rebuild(Number.MAX_SAFE_INTEGER);
    this.initialized = true;
  }

  /** ZKDatabase.fastForwardDataBase: apply every logged txn the tree has not seen yet. */
  fastForward(): number {
    for (const t of this.logged) if (t.hdr.zxid > this.tree.lastProcessedZxid) this.replay(t);
    this.tree.drainNotifications();
    this.initialized = true;
    return this.tree.lastProcessedZxid;
  }

  /** Apply a committed txn (ZKDatabase.processTxn) and remember it in the committed log. */
  processTxn(t: Txn): ProcessTxnResult {
    const rc = this.tree.processTxn(t.hdr, t.body);
    return rc;
  }

  addCommittedProposal(t: Txn): void {
    if (this.committedLog.length > COMMIT_LOG_COUNT) {
      this.committedLog.shift();
      this.minCommittedLog = this.committedLog[0]!.hdr.zxid;
    }
    if (this.committedLog.length === 0) {
      this.minCommittedLog = t.hdr.zxid;
      this.maxCommittedLog = t.hdr.zxid;
    }
    this.committedLog.push(t);
    this.maxCommittedLog = t.hdr.zxid;
  }

  /** Logged txns after zxid, oldest first. */
  loggedAfter(zxid: number): Txn[] {
    return this.logged.filter((t) => t.hdr.zxid > zxid);
  }

  get loggedTxns(): readonly Txn[] {
    return this.logged;
  }

  get snapshot(): Snapshot | null {
    return this.baseSnapshot;
  }
}
