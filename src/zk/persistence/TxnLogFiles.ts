// The txn log files of a data directory as a running server sees them, kept in memory by the pure
// core (ZKDatabase) so that what ZooKeeper 3.8.0 reads back from its disk while running can be
// computed without I/O: the proposals a leader takes from its txn log for a learner
// (ZKDatabase.getProposalsFromTxnLog), the cut of a TRUNC (FileTxnLog.truncate), and what the
// purge after a snapshot deletes (PurgeTxnLog). Each operation walks the files exactly as
// FileTxnLog.FileTxnIterator walks the directory, so the result is what the persistence code in
// this folder leaves on (and reads from) a DataDir after the same storage effects.
//
// File lengths are Java's: a log file 3.8.0 writes is preallocated in blocks of preAllocSize
// (zookeeper.preAllocSize, 64 MB by default; FilePadding), so File.length() is 16 + n blocks
// rather than what the records take, except for a file FileTxnLog.truncate cut (setLength: its
// exact length). ZooScope writes no padding, so the length is computed: from the records, padded
// as FilePadding pads (to within a record, as Java pads at the position of the last flush). A
// file truncated by an earlier incarnation of the server is taken to be padded (the data directory
// does not record the truncation).

import type { Txn } from '../txn.ts';
import { FILE_HEADER_SIZE, txnRecordBytes } from './FileTxnLog.ts';
import { LOG_FILE_PREFIX, getZxidFromName, makeLogName } from './Util.ts';

/** One log file as a restore found it (FileTxnSnapLog.restore's `logFiles`). */
export interface LogFileImage {
  /** log.<hex zxid of its first txn> */
  readonly name: string;
  /** The records FileTxnIterator reads from it, in order (to its end or to a read error). */
  readonly txns: readonly Txn[];
  /** Bytes in the file as ZooScope stores it (no preallocation); absent: computed from the records. */
  readonly length?: number;
  /**
   * Reading it ends with an IOException (a bad header, a checksum mismatch, ...) after `txns`
   * rather than at its end (EOF, a torn record or zero padding, after which a reader goes on with
   * the next file).
   */
  readonly readError: boolean;
}

/** FilePadding's default preAllocSize: 64 MB. */
export const DEFAULT_PREALLOC_SIZE = 65536 * 1024;

/**
 * File.length() of a log file FileTxnLog wrote up to contentLength bytes: FilePadding grows the
 * file by preAllocSize whenever a write position comes within 4 KB of its end (the header alone,
 * 16 bytes, is padded to 16 + preAllocSize at the first append).
 */
export function paddedLogLength(contentLength: number, preAllocSize = DEFAULT_PREALLOC_SIZE): number {
  if (preAllocSize <= 0) return contentLength;
  // FilePadding.calculateFileSizeWithPadding at each append, the position growing a record at a
  // time (records much smaller than a block): one more block each time it comes within 4 KB.
  let size = FILE_HEADER_SIZE + preAllocSize;
  while (contentLength + 4096 >= size) size += preAllocSize;
  return size;
}

interface LogFile {
  readonly name: string;
  readonly start: number;
  txns: Txn[];
  /** Bytes of the file's content; null until needed (then computed from the records). */
  contentLength: number | null;
  /** Cut by FileTxnLog.truncate in this incarnation: File.length() is exactly contentLength. */
  exact: boolean;
  readError: boolean;
}

/** What getProposalsFromTxnLog's iterator yields, when it yields anything. */
export interface TxnLogRead {
  /** From the first record of the first file read, through every later file (to a read error). */
  readonly txns: readonly Txn[];
  /** FileTxnIterator.getStorageSize(): File.length() of the files after the one being read. */
  readonly storageSize: number;
}

/** FileTxnLog.getLastLoggedZxid's read, from the newest file's name on. */
interface LastZxidScan {
  readonly maxLog: number;
  zxid: number;
  found: boolean;
  /** A read error ended the read: later records are never reached. */
  stopped: boolean;
}

function readOn(scan: LastZxidScan, t: Txn): void {
  if (scan.found) scan.zxid = t.hdr.zxid;
  else if (t.hdr.zxid >= scan.maxLog) scan.found = true;
}

export class TxnLogFiles {
  /** Ascending by the zxid in the name (names are unique). */
  private files: LogFile[] = [];
  /** The file being appended to (FileTxnLog.logStream); null: the next append starts a file. */
  private current: LogFile | null = null;
  /**
   * Where lastZxid's read of the files ended, kept because it is asked after every input: an
   * append to the newest file carries it on; any other change drops it.
   */
  private lastZxidScan: LastZxidScan | null | undefined = undefined;

  constructor(images: readonly LogFileImage[] = []) {
    for (const f of images) {
      const start = getZxidFromName(f.name, LOG_FILE_PREFIX);
      if (start < 0) continue;
      this.files.push({ name: f.name, start, txns: [...f.txns], contentLength: f.length ?? null, exact: false, readError: f.readError });
    }
    this.files.sort((a, b) => a.start - b.start);
  }

  /** Every txn readable from the files, oldest file first (each to its end or read error). */
  get txns(): Txn[] {
    return this.files.flatMap((f) => f.txns);
  }

  get fileNames(): string[] {
    return this.files.map((f) => f.name);
  }

  /**
   * FileTxnLog.getLastLoggedZxid: null when there is no log file. Java reads on from the first
   * record at or after the newest file's name (a file before it included), starting from that
   * name: the zxid of the last record read before the end or a read error.
   */
  get lastZxid(): number | null {
    if (this.lastZxidScan === undefined) this.lastZxidScan = this.scanLastZxid();
    return this.lastZxidScan?.zxid ?? null;
  }

  private scanLastZxid(): LastZxidScan | null {
    const newest = this.files.at(-1);
    if (newest === undefined) return null;
    const scan: LastZxidScan = { maxLog: newest.start, zxid: newest.start, found: false, stopped: false };
    for (const f of this.storedFiles(scan.maxLog)) {
      for (const t of f.txns) readOn(scan, t);
      if (f.readError) {
        scan.stopped = true;
        break;
      }
    }
    return scan;
  }

  /** FileTxnLog.append: the first append of a writer creates log.<zxid> (replacing a file of that name). */
  append(txn: Txn): void {
    if (this.current === null) {
      this.lastZxidScan = undefined;
      const name = makeLogName(txn.hdr.zxid);
      this.files = this.files.filter((f) => f.name !== name);
      this.current = { name, start: txn.hdr.zxid, txns: [], contentLength: FILE_HEADER_SIZE, exact: false, readError: false };
      this.files.push(this.current);
      this.files.sort((a, b) => a.start - b.start);
    }
    this.current.txns.push(txn);
    this.current.contentLength = null;
    const scan = this.lastZxidScan;
    if (scan && !scan.stopped && this.files.at(-1) === this.current) readOn(scan, txn);
    else this.lastZxidScan = undefined;
  }

  /** FileTxnLog.rollLog, or a new writer (a restart, FileTxnSnapLog.truncateLog). */
  roll(): void {
    this.current = null;
  }

  /** File.length() as Java sees it. */
  private javaLength(f: LogFile, preAllocSize: number): number {
    f.contentLength ??= this.contentLengthOf(f.txns.length, f);
    return f.exact ? f.contentLength : paddedLogLength(f.contentLength, preAllocSize);
  }

  /** Header plus the first n records of f. */
  private contentLengthOf(n: number, f: LogFile): number {
    let len = FILE_HEADER_SIZE;
    for (let i = 0; i < n; i++) len += txnRecordBytes(f.txns[i]!).length;
    return len;
  }

  /**
   * FileTxnIterator.init's file choice: the files that start at or after zxid and the last one
   * that starts before it, in the order they are read (oldest first).
   */
  private storedFiles(zxid: number): LogFile[] {
    const out: LogFile[] = [];
    for (let i = this.files.length - 1; i >= 0; i--) {
      const f = this.files[i]!;
      out.push(f);
      if (f.start < zxid) break;
    }
    return out.reverse();
  }

  /**
   * FileTxnLog.truncate(zxid): read on to the first record with zxid >= the given one, cut its
   * file after that record (so it stays, even when its zxid is above the given one) and delete
   * every later file of the iterator's. False where Java fails ("No log files found to truncate!"
   * when the records end first, or a read error on the way): nothing changes then.
   */
  truncate(zxid: number): boolean {
    this.lastZxidScan = undefined;
    const stored = this.storedFiles(zxid);
    for (let i = 0; i < stored.length; i++) {
      const f = stored[i]!;
      const at = f.txns.findIndex((t) => t.hdr.zxid >= zxid);
      if (at < 0) {
        if (f.readError) return false;
        continue;
      }
      f.contentLength = this.contentLengthOf(at + 1, f);
      f.txns = f.txns.slice(0, at + 1);
      f.exact = true;
      f.readError = false;
      const doomed = new Set(stored.slice(i + 1));
      this.files = this.files.filter((x) => !doomed.has(x));
      this.current = null;
      return true;
    }
    return false;
  }

  /**
   * ZKDatabase.getProposalsFromTxnLog(startZxid, sizeLimit) over FileTxnIterator(startZxid,
   * fastForward=false): null for its empty iterator — no record at all, a first record after
   * startZxid ("Unable to find proposals from txnlog"), storage beyond a positive sizeLimit, or a
   * read error before the first record; a negative sizeLimit disables it, 0 means no limit.
   */
  read(startZxid: number, sizeLimit: number, preAllocSize = DEFAULT_PREALLOC_SIZE): TxnLogRead | null {
    if (sizeLimit < 0) return null;
    const stored = this.storedFiles(startZxid);
    let first = -1;
    for (let i = 0; i < stored.length; i++) {
      if (stored[i]!.txns.length > 0) {
        first = i;
        break;
      }
      if (stored[i]!.readError) return null;
    }
    if (first < 0) return null;
    if (stored[first]!.txns[0]!.hdr.zxid > startZxid) return null;
    // getStorageSize: the files left in storedFiles once the first record was read.
    let storageSize = 0;
    if (sizeLimit > 0) {
      for (const f of stored.slice(first + 1)) storageSize += this.javaLength(f, preAllocSize);
      if (storageSize > sizeLimit) return null;
    }
    const txns: Txn[] = [];
    for (const f of stored.slice(first)) {
      txns.push(...f.txns);
      if (f.readError) break;
    }
    return { txns, storageSize };
  }

  /**
   * PurgeTxnLog with leastZxidToBeRetain (the oldest snapshot kept): the log that starts at or
   * just before it and every later log stay; older ones go.
   */
  purge(leastZxidToBeRetain: number): void {
    this.lastZxidScan = undefined;
    let keepFrom = 0;
    for (const f of this.files) {
      if (f.start > leastZxidToBeRetain) break;
      if (f.start > keepFrom) keepFrom = f.start;
    }
    this.files = this.files.filter((f) => f.start >= keepFrom || f.start >= leastZxidToBeRetain);
  }
}
