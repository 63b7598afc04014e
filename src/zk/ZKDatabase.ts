// org.apache.zookeeper.server.ZKDatabase: the in-memory database of one server — the DataTree,
// the sessions with their timeouts, the committed log (the last 500 proposals, used to DIFF a
// learner) — and, since a pure core cannot read its disk, what that disk holds: every txn log file
// (TxnLogFiles) and the snapshot files.
//
// ZooKeeper re-reads its data directory while running: a leader syncing a learner from its txn
// log (getProposalsFromTxnLog, within snapshotSizeFactor), a learner told to TRUNC (the log is cut
// and the database reloaded from the snapshot and what is left of the log), and a server leaving
// an epoch fast-forwarding its tree with every txn in its log. All are computed here from exactly
// what the disk holds (the files the storage effects wrote, or what the restore read at start).

import { DataTree } from './DataTree.ts';
import type { RecoveredImage } from './effects.ts';
import type { ServerMetrics } from './fourletter/ServerMetrics.ts';
import { serializeSnapshot } from './persistence/FileSnap.ts';
import { DEFAULT_PREALLOC_SIZE, TxnLogFiles, type LogFileImage, type TxnLogRead } from './persistence/TxnLogFiles.ts';
import { makeLogName } from './persistence/Util.ts';
import { loadSnapshot, type Snapshot } from './Snapshot.ts';
import type { ProcessTxnResult, Txn } from './txn.ts';

export const COMMIT_LOG_COUNT = 500;

/** PurgeTxnLog's snapRetainCount, as ZooScope's FileTxnSnapLog purges after each snapshot. */
const SNAP_RETAIN_COUNT = 3;

/** A snapshot file: its length (null until needed, then computed), and the snapshot itself for the newest one. */
interface SnapshotFileEntry {
  readonly zxid: number;
  length: number | null;
  snapshot: Snapshot | null;
}

export class ZKDatabase {
  tree: DataTree;
  readonly sessionsWithTimeouts = new Map<bigint, number>();
  /** The last COMMIT_LOG_COUNT committed txns, oldest first (ZKDatabase.committedLog). */
  committedLog: Txn[] = [];
  minCommittedLog = 0;
  maxCommittedLog = 0;
  /**
   * The JVM's metrics registry (ServerMetrics is a singleton in Java, so every DataTree records its
   * writes per namespace in it): given to every tree this database builds. Null: none recorded.
   */
  metrics: ServerMetrics | null = null;
  /** The txn log files on disk. */
  private logs = new TxnLogFiles();
  /** Snapshot files on disk (those passing the tail check), oldest first. */
  private snapshots: SnapshotFileEntry[] = [];
  initialized = false;

  constructor(readonly extendedTypesEnabled: boolean) {
    this.tree = new DataTree({ extendedTypesEnabled });
  }

  get lastProcessedZxid(): number {
    return this.tree.lastProcessedZxid;
  }

  /** The zxid of the last txn in the log (FileTxnSnapLog.getLastLoggedZxid), or the snapshot's. */
  get lastLoggedZxid(): number {
    return this.logs.lastZxid ?? this.snapshot?.zxid ?? 0;
  }

  /** FileTxnSnapLog.restore: the newest snapshot, then every txn logged after it. */
  load(image: RecoveredImage): number {
    this.clear();
    const snap = image.snapshot;
    this.snapshots = (image.snapshots ?? (snap ? [{ zxid: snap.zxid, length: null }] : []))
      .map((s) => ({ zxid: s.zxid, length: s.length, snapshot: snap !== null && s.zxid === snap.zxid ? snap : null }))
      .sort((a, b) => a.zxid - b.zxid);
    if (snap !== null && !this.snapshots.some((s) => s.snapshot !== null)) {
      this.snapshots.push({ zxid: snap.zxid, length: null, snapshot: snap });
      this.snapshots.sort((a, b) => a.zxid - b.zxid);
    }
    const first = image.txns[0];
    const pseudo: LogFileImage[] = first === undefined ? [] : [{ name: makeLogName(first.hdr.zxid), txns: image.txns, readError: false }];
    this.logs = new TxnLogFiles(image.txnLogs ?? pseudo);
    this.rebuild();
    this.initialized = true;
    return this.tree.lastProcessedZxid;
  }

  /** A new, empty tree that records into the registry. */
  private newTree(): DataTree {
    const t = new DataTree({ extendedTypesEnabled: this.extendedTypesEnabled });
    t.metrics = this.metrics;
    return t;
  }

  /** ZKDatabase.loadDataBase: the newest readable snapshot + replay of the logged txns after it, refilling the committed log as ZooKeeper's playback listener does. */
  private rebuild(): void {
    const base = this.snapshot;
    if (base !== null) {
      this.tree = loadSnapshot(base, this.extendedTypesEnabled);
      this.tree.metrics = this.metrics;
    } else this.tree = this.newTree();
    this.sessionsWithTimeouts.clear();
    for (const [id, to] of base?.sessions ?? []) this.sessionsWithTimeouts.set(id, to);
    this.committedLog = [];
    this.minCommittedLog = 0;
    this.maxCommittedLog = 0;
    const from = base?.zxid ?? 0;
    for (const t of this.logs.txns) if (t.hdr.zxid > from) this.replay(t);
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
    this.tree = this.newTree();
    this.sessionsWithTimeouts.clear();
    this.committedLog = [];
    this.minCommittedLog = 0;
    this.maxCommittedLog = 0;
    this.initialized = false;
  }

  /** A txn went to the log (SyncRequestProcessor / Learner.logRequest). */
  noteLogged(t: Txn): void {
    this.logs.append(t);
  }

  /** FileTxnLog.rollLog: the next txn starts a new log file. */
  noteRollLog(): void {
    this.logs.roll();
  }

  /**
   * A snapshot was written: later restores start from it. ZooScope's FileTxnSnapLog then purges
   * (PurgeTxnLog keeping 3 snapshots): older snapshots go, and the log files before the one that
   * holds the oldest snapshot kept.
   */
  noteSnapshot(s: Snapshot): void {
    // Only the newest loadable snapshot is ever read back: older ones keep their length alone.
    for (const e of this.snapshots) if (e.zxid < s.zxid) e.snapshot = null;
    this.snapshots = this.snapshots.filter((e) => e.zxid !== s.zxid);
    this.snapshots.push({ zxid: s.zxid, length: null, snapshot: s });
    this.snapshots.sort((a, b) => a.zxid - b.zxid);
    this.snapshots = this.snapshots.slice(-SNAP_RETAIN_COUNT);
    this.logs.purge(this.snapshots[0]!.zxid);
  }

  /** zxids of the SNAPs this server received: its txn log has no records for what they covered. */
  readonly snapSyncs: number[] = [];

  /** A SNAP from the leader replaces the whole database (ZKDatabase.deserializeSnapshot). */
  loadFromSnapshot(s: Snapshot): void {
    this.snapSyncs.push(s.zxid);
    this.tree = loadSnapshot(s, this.extendedTypesEnabled);
    this.tree.metrics = this.metrics;
    this.sessionsWithTimeouts.clear();
    for (const [id, to] of s.sessions) this.sessionsWithTimeouts.set(id, to);
    this.committedLog = [];
    this.minCommittedLog = 0;
    this.maxCommittedLog = 0;
    this.initialized = true;
  }

  /**
   * ZKDatabase.truncateLog: FileTxnLog.truncate cuts the log after the first record at or above
   * zxid (that record stays, even when zxid itself is not in the log) and deletes the later files;
   * then the database is reloaded from disk: the newest snapshot (3.8.0 leaves snapshots newer
   * than zxid in place) and what is left of the log, the replayed txns recording their writes in
   * the registry. False where ZooKeeper fails to truncate (no record at or above zxid, no log
   * file, a read error): nothing changes then (the learner exits in Java).
   */
  truncateLog(zxid: number): boolean {
    if (!this.logs.truncate(zxid)) return false;
    this.rebuild();
    this.initialized = true;
    return true;
  }

  /** ZKDatabase.fastForwardDataBase: apply every logged txn the tree has not seen yet. */
  fastForward(): number {
    for (const t of this.logs.txns) if (t.hdr.zxid > this.tree.lastProcessedZxid) this.replay(t);
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

  /** Every txn in the log files on disk, oldest file first. */
  get loggedTxns(): readonly Txn[] {
    return this.logs.txns;
  }

  /** The log files on disk, oldest first. */
  get logFileNames(): string[] {
    return this.logs.fileNames;
  }

  /**
   * Where this server's txn log lacks txns its tree went through (for zooscope.fixes=txnlog-gap):
   * the SNAPs it received, and — since that memory does not survive a restart — every snapshot on
   * disk whose zxid is not a record of the log (a SNAP-synced learner snapshots at NEWLEADER a
   * state its log never saw).
   */
  get txnLogHoles(): number[] {
    const logged = new Set(this.logs.txns.map((t) => t.hdr.zxid));
    return [...this.snapSyncs, ...this.snapshots.filter((s) => s.zxid > 0 && !logged.has(s.zxid)).map((s) => s.zxid)];
  }

  /** The newest snapshot this database can load (the one a reload starts from). */
  get snapshot(): Snapshot | null {
    for (let i = this.snapshots.length - 1; i >= 0; i--) {
      const s = this.snapshots[i]!.snapshot;
      if (s !== null) return s;
    }
    return null;
  }

  /** File.length() of the newest snapshot file (FileTxnSnapLog.findMostRecentSnapshot), 0 when there is none. */
  get newestSnapshotLength(): number {
    const e = this.snapshots.at(-1);
    if (e === undefined) return 0;
    e.length ??= e.snapshot !== null ? serializeSnapshot(e.snapshot).length : 0;
    return e.length;
  }

  /** ZKDatabase.calculateTxnLogSizeLimit: (long) (snapshot size * snapshotSizeFactor). */
  calculateTxnLogSizeLimit(snapshotSizeFactor: number): number {
    const limit = Math.trunc(this.newestSnapshotLength * snapshotSizeFactor);
    return Number.isFinite(limit) ? limit : limit > 0 ? Number.MAX_SAFE_INTEGER : 0;
  }

  /**
   * ZKDatabase.getProposalsFromTxnLog(startZxid, sizeLimit): the records from the start of the log
   * file holding startZxid through every later file, or null (its empty iterator) when the log
   * does not reach back to startZxid or those later files are larger than sizeLimit (> 0).
   */
  proposalsFromTxnLog(startZxid: number, sizeLimit: number, preAllocSize = DEFAULT_PREALLOC_SIZE): TxnLogRead | null {
    return this.logs.read(startZxid, sizeLimit, preAllocSize);
  }
}
