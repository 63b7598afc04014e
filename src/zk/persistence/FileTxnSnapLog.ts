// org.apache.zookeeper.server.persistence.FileTxnSnapLog over a DataDir: carries out the server's
// storage effects, restores the database at start (FileTxnSnapLog.restore: newest valid snapshot,
// then the txns after it), truncates the log for a TRUNC sync, and reads/writes the epoch files.

import type { Effect, RecoveredImage } from '../effects.ts';
import type { Snapshot } from '../Snapshot.ts';
import type { Txn } from '../txn.ts';
import type { DataDir, SyncMark } from './DataDir.ts';
import { IOError, isEOF } from './errors.ts';
import { FileTxnIterator, FileTxnLog, getLastLoggedZxid, getLogFiles, readLogFile, truncate, type LogRecordMemo } from './FileTxnLog.ts';
import type { LogFileImage } from './TxnLogFiles.ts';
import { DIGEST_VERSION, deserializeSnapshot, findNRecentSnapshots, findNValidSnapshots, serializeSnapshot, type SnapshotFile, type ZxidDigest } from './FileSnap.ts';
import { DEFAULT_SNAP_RETAIN_COUNT, purge } from './PurgeTxnLog.ts';
import { ACCEPTED_EPOCH_FILENAME, CURRENT_EPOCH_FILENAME, SNAPSHOT_FILE_PREFIX, getZxidFromName, makeSnapshotName } from './Util.ts';

export type EpochFile = typeof ACCEPTED_EPOCH_FILENAME | typeof CURRENT_EPOCH_FILENAME;

/** Storage effects not (yet) in effects.ts that a quorum peer needs; applyEffect handles them too. */
export type StorageEffect =
  | { readonly kind: 'writeEpoch'; readonly file: EpochFile; readonly value: number }
  | { readonly kind: 'truncateLog'; readonly zxid: number };

export type RestoreErrorCode =
  /** Reading the txn log failed: ioError.code 'crc', 'eof' (a log file too short for its header), 'badMagic', 'unreasonableLength', 'unsupportedTxn', 'runtime'. */
  | 'txnLog'
  /** A snapshot hit what is a RuntimeException in Java: startup dies without trying older ones. */
  | 'snapshotFatal'
  /** Snapshots passed the tail check but none could be read ("Not able to find valid snapshots"). */
  | 'noValidSnapshot'
  /** No snapshot at all while log files exist (ZOOKEEPER-2325/3056). */
  | 'noSnapshotButLogs'
  /** acceptedEpoch/currentEpoch holds something Long.parseLong rejects. */
  | 'epochFile';

/** Where ZooKeeper 3.8.0 would refuse to start. Returned, not thrown. */
export class RestoreError extends Error {
  constructor(
    readonly code: RestoreErrorCode,
    message: string,
    readonly file: string | null = null,
    readonly ioError: IOError | null = null,
  ) {
    super(message);
    this.name = 'RestoreError';
  }
}

export type RestoreWarning =
  /** A snapshot that failed its tail check or its reading; an older one was tried (FileSnap logs a warning). */
  | { readonly kind: 'snapshotSkipped'; readonly file: string; readonly reason: string }
  /** A log file ended inside a record (torn write): read as the end of that file. */
  | { readonly kind: 'logEndedEarly'; readonly file: string; readonly offset: number }
  /** Consecutive txns whose zxids skip some: ZooKeeper replays on without a word. */
  | { readonly kind: 'gap'; readonly after: number; readonly next: number }
  /** "{highestZxid}(highestZxid) > {zxid}(next log)": logged as an error by ZooKeeper, replayed anyway. */
  | { readonly kind: 'zxidWentBackwards'; readonly highest: number; readonly next: number }
  /** "Highest txn zxid ... is not covering the snapshot digest zxid". */
  | { readonly kind: 'digestNotCovered'; readonly highestZxid: number; readonly digestZxid: number }
  /** The tree in a snapshot does not hash to the digest stored with it at the same zxid. */
  | { readonly kind: 'snapshotDigestMismatch'; readonly file: string; readonly zxid: number; readonly stored: number; readonly computed: number };

export interface Restored extends RecoveredImage {
  readonly snapshotFile: string | null;
  readonly zxidDigest: ZxidDigest | null;
  /** What restore returns in Java: the highest zxid replayed, else the snapshot's (0 for an empty database). */
  readonly lastZxid: number;
  /** Log files opened while replaying, in order. */
  readonly logFiles: readonly string[];
  readonly warnings: readonly RestoreWarning[];
}

export interface RestoreOptions {
  /** zookeeper.extendedTypesEnabled: a bad TTL owner in a snapshot is then fatal, as in Java. */
  readonly extendedTypesEnabled?: boolean;
  /** zookeeper.snapshot.trust.empty: replay logs even without a snapshot. */
  readonly trustEmptySnapshot?: boolean;
  /** Read acceptedEpoch/currentEpoch (quorum peers); a standalone server does not. Default true. */
  readonly readEpochs?: boolean;
}

const EPOCH_SHIFT = 2 ** 32;
const epochOf = (zxid: number): number => Math.floor(zxid / EPOCH_SHIFT);
const counterOf = (zxid: number): number => zxid % EPOCH_SHIFT;

/** The zxid that should follow prev in a log: prev + 1, or the first of a later epoch. */
function follows(prev: number, next: number): boolean {
  return next === prev + 1 || (epochOf(next) > epochOf(prev) && counterOf(next) === 1);
}

/** QuorumPeer.readLongFromFile: null when absent, a RestoreError for what Long.parseLong rejects. */
export function readEpochFile(dir: DataDir, file: EpochFile): number | null | RestoreError {
  const bytes = dir.read(file);
  if (bytes === null) return null;
  const text = new TextDecoder().decode(bytes);
  const line = text.length === 0 ? null : text.split(/\r\n|\r|\n/)[0]!;
  if (line !== null && /^[+-]?\d{1,19}$/.test(line)) {
    const v = BigInt(line);
    if (v >= -(2n ** 63n) && v < 2n ** 63n) return Number(v);
  }
  return new RestoreError('epochFile', `Found ${line} in ${file}`, file);
}

/** QuorumPeer.writeLongToFile: the decimal value, no newline, written atomically and durably. */
export function writeEpochFile(dir: DataDir, file: EpochFile, value: number): void {
  dir.write(file, new TextEncoder().encode(String(value)), true);
}

/** FileTxnSnapLog.restore, as a pure function of the directory. */
export function restore(dir: DataDir, opts: RestoreOptions = {}): Restored | RestoreError {
  const warnings: RestoreWarning[] = [];
  let acceptedEpoch = -1;
  let currentEpoch = -1;
  if (opts.readEpochs !== false) {
    const a = readEpochFile(dir, ACCEPTED_EPOCH_FILENAME);
    if (a instanceof RestoreError) return a;
    const c = readEpochFile(dir, CURRENT_EPOCH_FILENAME);
    if (c instanceof RestoreError) return c;
    acceptedEpoch = a ?? -1;
    currentEpoch = c ?? -1;
  }

  // FileSnap.deserialize: up to 100 snapshots that pass the tail check, newest first; one session
  // map shared by every attempt.
  const sessions = new Map<bigint, number>();
  const snapList = findNValidSnapshots(dir, 100);
  const tailValid = new Set(snapList);
  let loaded: SnapshotFile | null = null;
  let snapshotFile: string | null = null;
  for (const f of findNRecentSnapshots(dir, Number.MAX_SAFE_INTEGER)) {
    if (loaded !== null) break;
    if (!tailValid.has(f)) {
      warnings.push({ kind: 'snapshotSkipped', file: f, reason: 'not a complete snapshot (tail check)' });
      continue;
    }
    try {
      loaded = deserializeSnapshot(dir.read(f)!, getZxidFromName(f, SNAPSHOT_FILE_PREFIX), { extendedTypesEnabled: opts.extendedTypesEnabled ?? false, sessions });
      snapshotFile = f;
    } catch (e) {
      if (!(e instanceof IOError)) throw e;
      if (e.code === 'runtime') return new RestoreError('snapshotFatal', `Reading ${f}: ${e.message}`, f, e);
      warnings.push({ kind: 'snapshotSkipped', file: f, reason: e.message });
    }
  }
  if (snapList.length > 0 && loaded === null) return new RestoreError('noValidSnapshot', 'Not able to find valid snapshots in the data directory');

  // Both reads of the log (each file on its own, then from the snapshot on) see the same bytes.
  const memo: LogRecordMemo = new Map();
  const base = { acceptedEpoch, currentEpoch, warnings, txnLogs: readLogFiles(dir, memo), snapshots: snapList.map((f) => ({ zxid: getZxidFromName(f, SNAPSHOT_FILE_PREFIX), length: dir.read(f)!.length })) };
  if (loaded === null) {
    let last: number;
    try {
      last = getLastLoggedZxid(dir);
    } catch (e) {
      if (e instanceof IOError) return new RestoreError('txnLog', e.message, null, e);
      throw e;
    }
    if (last === -1) return { ...base, snapshot: null, txns: [], snapshotFile: null, zxidDigest: null, lastZxid: 0, logFiles: [] };
    if (!opts.trustEmptySnapshot) return new RestoreError('noSnapshotButLogs', 'No snapshot found, but there are log entries. Something is broken!');
  }

  const snapZxid = loaded === null ? 0 : loaded.snapshot.zxid;
  const zxidDigest = loaded?.zxidDigest ?? null;
  // DataTree.deserializeZxidDigest + FileSnap's compareSnapshotDigests.
  let pendingDigest = zxidDigest !== null && zxidDigest.zxid > 0 && zxidDigest.zxid >= snapZxid ? zxidDigest : null;
  if (loaded !== null && pendingDigest !== null && pendingDigest.zxid === snapZxid) {
    if (pendingDigest.digestVersion === DIGEST_VERSION && pendingDigest.digest !== loaded.snapshot.digest) {
      warnings.push({ kind: 'snapshotDigestMismatch', file: snapshotFile!, zxid: snapZxid, stored: pendingDigest.digest, computed: loaded.snapshot.digest });
    }
    pendingDigest = null;
  }

  // fastForwardFromEdits
  const txns: Txn[] = [];
  let highest = snapZxid;
  let prev = snapZxid;
  const itr = new FileTxnIterator(dir, snapZxid + 1, true, memo);
  try {
    itr.init();
    for (let t = itr.hdrTxn; t !== null; t = itr.hdrTxn) {
      const z = t.hdr.zxid;
      if (z < highest && highest !== 0) warnings.push({ kind: 'zxidWentBackwards', highest, next: z });
      else highest = z;
      if (z > prev && !follows(prev, z)) warnings.push({ kind: 'gap', after: prev, next: z });
      prev = z;
      if (pendingDigest !== null && z === pendingDigest.zxid) pendingDigest = null;
      txns.push(t);
      if (!itr.next()) break;
    }
  } catch (e) {
    if (e instanceof IOError) return new RestoreError('txnLog', `${itr.logFile ?? 'txn log'}: ${e.message}`, itr.logFile, e);
    throw e;
  }
  for (const end of itr.endings) if (!end.clean) warnings.push({ kind: 'logEndedEarly', file: end.file, offset: end.offset });
  if (pendingDigest !== null) warnings.push({ kind: 'digestNotCovered', highestZxid: highest, digestZxid: pendingDigest.zxid });

  const snapshot: Snapshot | null = loaded === null ? null : { ...loaded.snapshot, sessions: [...sessions.entries()] };
  return { ...base, snapshot, txns, snapshotFile, zxidDigest, lastZxid: highest, logFiles: [...itr.filesRead] };
}

/**
 * ZKDatabase.getProposalsFromTxnLog(startZxid, sizeLimit) read from a directory, as Java reads it:
 * FileTxnIterator(startZxid, fastForward=false) — from the first record of the log file holding
 * startZxid on, across every later file, up to a read error. Null for its empty iterator: nothing
 * to read, a first record after startZxid, a read error before it, or the files after the first
 * one read longer than sizeLimit (> 0; negative: disabled). `length` is File.length() of a file.
 */
export function getProposalsFromTxnLog(
  dir: DataDir,
  startZxid: number,
  sizeLimit: number,
  length: (name: string) => number = (n) => dir.read(n)?.length ?? 0,
): { txns: Txn[]; storageSize: number } | null {
  if (sizeLimit < 0) return null;
  let itr: FileTxnIterator;
  try {
    itr = new FileTxnIterator(dir, startZxid, false).init();
  } catch (e) {
    if (e instanceof IOError || isEOF(e)) return null;
    throw e;
  }
  const first = itr.hdrTxn;
  if (first !== null && first.hdr.zxid > startZxid) return null;
  const storageSize = itr.getStorageSize(length);
  if (sizeLimit > 0 && storageSize > sizeLimit) return null;
  if (first === null) return null;
  const txns: Txn[] = [first];
  try {
    while (itr.next()) txns.push(itr.hdrTxn!);
  } catch (e) {
    // TxnLogProposalIterator: "Unable to read txnlog from disk" ends the iteration.
    if (!(e instanceof IOError || isEOF(e))) throw e;
  }
  return { txns, storageSize };
}

/**
 * Every log file in the directory, oldest first, each read on its own to its end or first read
 * error. A restore replays only the files from the snapshot on, but a running server reads the
 * older ones too (a leader syncing a learner from its txn log, a TRUNC), and never fails on them.
 */
export function readLogFiles(dir: DataDir, memo: LogRecordMemo | null = null): LogFileImage[] {
  return getLogFiles(dir.list(), 0).map((name) => ({ name, ...readLogFile(dir, name, memo), length: dir.read(name)?.length ?? 0 }));
}

/** FileTxnSnapLog.truncateLog: false where Java returns false (nothing to truncate, unreadable log). */
export function truncateLog(dir: DataDir, zxid: number): boolean {
  try {
    truncate(dir, zxid);
    return true;
  } catch (e) {
    if (e instanceof IOError) return false;
    throw e;
  }
}

export interface FileTxnSnapLogOptions {
  /** Purge after each snapshot, keeping this many (PurgeTxnLog, snapRetainCount). Default 3; 0 disables. */
  readonly snapRetainCount?: number;
}

/**
 * One server's storage: the DataDir plus the writer's in-memory state (which log file is open).
 * A restarted server gets a new FileTxnSnapLog over the same DataDir, so its first append starts
 * a new log file, as in ZooKeeper.
 */
export class FileTxnSnapLog {
  private txnLog: FileTxnLog;

  constructor(
    readonly dir: DataDir,
    private readonly opts: FileTxnSnapLogOptions = {},
  ) {
    this.txnLog = new FileTxnLog(dir);
  }

  get currentLogFile(): string | null {
    return this.txnLog.currentLogFile;
  }

  /** Carry out a storage effect; other effects are ignored. A sync is made durable at once. */
  apply(effect: Effect | StorageEffect): void {
    switch (effect.kind) {
      case 'append': this.append(effect.txn); return;
      case 'rollLog': this.rollLog(); return;
      case 'sync': this.commit(); return;
      case 'snapshot': this.save(effect.snapshot, 'sync' in effect && effect.sync === true); return;
      case 'writeEpoch': writeEpochFile(this.dir, effect.file, effect.value); return;
      case 'truncateLog': this.truncateLog(effect.zxid); return;
      default: return;
    }
  }

  append(txn: Txn): void {
    this.txnLog.append(txn);
  }

  rollLog(): void {
    this.txnLog.rollLog();
  }

  /** For a sync with latency: take the mark when the sync is issued, commit(mark) when it completes. */
  beginSync(): SyncMark {
    return this.dir.mark();
  }

  /** FileTxnLog.commit: make what was appended (up to the mark) durable. */
  commit(mark?: SyncMark): void {
    this.dir.sync(mark);
  }

  /**
   * FileTxnSnapLog.save: write snapshot.<hex zxid>. ZooKeeper's SyncRequestProcessor does not fsync
   * it (syncSnap false), so it becomes durable with the next sync unless syncSnap. Then purge.
   */
  save(snapshot: Snapshot, syncSnap = false): string {
    const name = makeSnapshotName(snapshot.zxid);
    this.dir.write(name, serializeSnapshot(snapshot), syncSnap);
    const retain = this.opts.snapRetainCount ?? DEFAULT_SNAP_RETAIN_COUNT;
    if (retain > 0) purge(this.dir, retain);
    return name;
  }

  /** FileTxnSnapLog.truncateLog: the writer is reopened, so the next append starts a new file. */
  truncateLog(zxid: number): boolean {
    this.txnLog = new FileTxnLog(this.dir);
    return truncateLog(this.dir, zxid);
  }

  restore(opts: RestoreOptions = {}): Restored | RestoreError {
    return restore(this.dir, opts);
  }

  lastLoggedZxid(): number {
    return getLastLoggedZxid(this.dir);
  }
}

/** The host's entry point for the server's storage effects. */
export function applyEffect(log: FileTxnSnapLog, effect: Effect | StorageEffect): void {
  log.apply(effect);
}
