// org.apache.zookeeper.server.persistence.FileTxnLog over a DataDir: the writer (append, rollLog,
// commit), the reader (FileTxnIterator, with ZooKeeper's exact policy on what ends a log and what
// is an error), getLogFiles, getLastLoggedZxid and truncate.
//
// A log file is log.<hex zxid of its first txn>: FileHeader(magic "ZKLG", version 2, dbid 0), then
// records: Adler32 of the txn bytes (a long), the bytes (int length + bytes), and 'B'.
// Reading, as FileTxnIterator.next does:
//  - input ending inside a record, a zero length (preallocated zeros), a byte other than 'B' after
//    the record, or txn bytes too short for their header/record: EOF, i.e. the end of this file;
//    the iterator then goes on with the next log file (silently skipping whatever follows in this one);
//  - a checksum mismatch, an unreasonable length, an unknown txn type: IOError, and
//    FileTxnSnapLog.restore fails (the server does not start);
//  - a file too short for its header: EOF thrown while opening it, which nothing catches in 3.8.0
//    (ZOOKEEPER-2332), so an empty log file also stops startup.

import type { Txn } from '../txn.ts';
import { adler32 } from './Adler32.ts';
import type { DataDir } from './DataDir.ts';
import { EOFError, IOError, isEOF } from './errors.ts';
import { BinaryInputArchive, BinaryOutputArchive } from './jute.ts';
import { deserializeTxn, serializeTxn } from './SerializeUtils.ts';
import { LOG_FILE_PREFIX, getZxidFromName, makeLogName, readTxnBytes, sortDataDir, writeTxnBytes } from './Util.ts';

export const TXNLOG_MAGIC = 0x5a4b4c47; // "ZKLG"
export const VERSION = 2;
export const FILE_HEADER_SIZE = 16;

export interface FileHeader {
  readonly magic: number;
  readonly version: number;
  readonly dbid: bigint;
}

export function writeFileHeader(oa: BinaryOutputArchive, h: FileHeader): void {
  oa.writeInt(h.magic);
  oa.writeInt(h.version);
  oa.writeLong(h.dbid);
}

export function readFileHeader(ia: BinaryInputArchive): FileHeader {
  const magic = ia.readInt();
  const version = ia.readInt();
  return { magic, version, dbid: ia.readLong() };
}

/** One framed record: checksum, length, bytes, 'B'. */
export function txnRecordBytes(txn: Txn): Uint8Array {
  const bytes = serializeTxn(txn);
  const oa = new BinaryOutputArchive();
  oa.writeLong(adler32(bytes));
  writeTxnBytes(oa, bytes);
  return oa.toBytes();
}

/** The file header a new log starts with. */
export function logHeaderBytes(dbid = 0n): Uint8Array {
  const oa = new BinaryOutputArchive();
  writeFileHeader(oa, { magic: TXNLOG_MAGIC, version: VERSION, dbid });
  return oa.toBytes();
}

/**
 * FileTxnLog.getLogFiles: the log that starts at or just before snapshotZxid and all later ones,
 * ascending. Names that are not log.<hex> are left out.
 */
export function getLogFiles(names: readonly string[], snapshotZxid: number): string[] {
  const files = sortDataDir(names, LOG_FILE_PREFIX, true);
  let logZxid = 0;
  for (const f of files) {
    const z = getZxidFromName(f, LOG_FILE_PREFIX);
    if (z > snapshotZxid) break;
    if (z > logZxid) logZxid = z;
  }
  return files.filter((f) => getZxidFromName(f, LOG_FILE_PREFIX) >= logZxid);
}

/** How reading a log file ended: cleanly (EOF or zero padding) or on a partial record. */
export interface LogEnding {
  readonly file: string;
  readonly offset: number;
  readonly clean: boolean;
}

/** What reading log files takes from a DataDir. */
export type LogReadable = Pick<DataDir, 'list' | 'read'>;

/** FileTxnLog.FileTxnIterator. init() and next() throw IOError where Java throws IOException. */
/**
 * Records already decoded, by file and offset (with the offset after them), so that a second read
 * of the same bytes (a restore reads the log files on their own, then from the snapshot on) skips
 * the checksum and the decoding. Valid only while the files do not change.
 */
export type LogRecordMemo = Map<string, Map<number, { readonly txn: Txn; readonly end: number }>>;

export class FileTxnIterator {
  hdrTxn: Txn | null = null;
  logFile: string | null = null;
  /** Files opened, in order. */
  readonly filesRead: string[] = [];
  readonly endings: LogEnding[] = [];
  private ia: BinaryInputArchive | null = null;
  private bytes: Uint8Array | null = null;
  private readonly storedFiles: string[] = [];

  constructor(
    private readonly dir: LogReadable,
    private readonly zxid: number,
    private readonly fastForward = true,
    private readonly memo: LogRecordMemo | null = null,
  ) {}

  /**
   * What Java's constructor does: pick the files (those starting at or after zxid, plus the last one
   * starting before it), open the oldest, read the first record and fast-forward to zxid.
   * Throws IOError; logFile then names the file being read.
   */
  init(): this {
    const files = sortDataDir(getLogFiles(this.dir.list(), 0), LOG_FILE_PREFIX, false);
    for (const f of files) {
      const z = getZxidFromName(f, LOG_FILE_PREFIX);
      this.storedFiles.push(f);
      if (z < this.zxid) break; // the last log file that starts before zxid
    }
    this.goToNextLog();
    this.next();
    if (this.fastForward && this.hdrTxn !== null) {
      while (this.hdrTxn.hdr.zxid < this.zxid) if (!this.next()) break;
    }
    return this;
  }

  /**
   * FileTxnIterator.getStorageSize: the total length of the files still to be read after the
   * current one (`length` says how long a file is; Java's File.length()).
   */
  getStorageSize(length: (name: string) => number): number {
    let sum = 0;
    for (const f of this.storedFiles) sum += length(f);
    return sum;
  }

  /** Position after the last record read, in the current file (PositionInputStream). */
  get position(): number | null {
    return this.ia === null ? null : this.ia.position;
  }

  get isOpen(): boolean {
    return this.ia !== null;
  }

  goToNextLog(): boolean {
    const f = this.storedFiles.pop();
    if (f === undefined) return false;
    this.logFile = f;
    if (this.ia === null) this.open(f);
    return true;
  }

  private open(f: string): void {
    const bytes = this.dir.read(f);
    if (bytes === null) throw new IOError('notFound', `File not found: ${f}`);
    this.filesRead.push(f);
    const ia = new BinaryInputArchive(bytes);
    const h = readFileHeader(ia); // EOFError escapes: ZOOKEEPER-2332
    if (h.magic !== TXNLOG_MAGIC) throw new IOError('badMagic', `Transaction log: ${f} has invalid magic number ${h.magic} != ${TXNLOG_MAGIC}`);
    this.ia = ia;
    this.bytes = bytes;
  }

  next(): boolean {
    const ia = this.ia;
    if (ia === null) return false;
    const start = ia.position;
    const known = this.memo?.get(this.logFile!)?.get(start);
    if (known !== undefined) {
      ia.skipTo(known.end);
      this.hdrTxn = known.txn;
      return true;
    }
    try {
      this.hdrTxn = readRecord(ia, this.logFile!, start);
      if (this.memo !== null) {
        let records = this.memo.get(this.logFile!);
        if (records === undefined) this.memo.set(this.logFile!, (records = new Map()));
        records.set(start, { txn: this.hdrTxn, end: ia.position });
      }
    } catch (e) {
      if (!isEOF(e)) throw e;
      this.endings.push({ file: this.logFile!, offset: start, clean: allZero(this.bytes!, start) });
      this.ia = null;
      this.bytes = null;
      this.hdrTxn = null;
      if (!this.goToNextLog()) return false;
      return this.next();
    }
    return true;
  }
}

/** One record at ia's position (start, in file): its checksum checked, its txn decoded. */
function readRecord(ia: BinaryInputArchive, file: string, start: number): Txn {
  const crcValue = ia.readLongNumber();
  const bytes = readTxnBytes(ia);
  if (bytes === null || bytes.length === 0) throw new EOFError(`Failed to read ${file}`);
  if (crcValue !== adler32(bytes)) throw new IOError('crc', `CRC check failed in ${file} at offset ${start}`);
  return deserializeTxn(bytes);
}

function allZero(b: Uint8Array, from: number): boolean {
  for (let i = from; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/**
 * One log file on its own, read as FileTxnIterator reads it: its records up to its end (EOF, a
 * torn record, zero padding) or up to an IOException (bad header, checksum, ...), which is then
 * `readError` rather than thrown.
 */
export function readLogFile(dir: DataDir, name: string, memo: LogRecordMemo | null = null): { txns: Txn[]; readError: boolean } {
  const one: LogReadable = { list: () => [name], read: (n) => dir.read(n) };
  const txns: Txn[] = [];
  try {
    const itr = new FileTxnIterator(one, 0, true, memo).init();
    for (let t = itr.hdrTxn; t !== null; t = itr.hdrTxn) {
      txns.push(t);
      if (!itr.next()) break;
    }
    return { txns, readError: false };
  } catch (e) {
    if (e instanceof IOError || isEOF(e)) return { txns, readError: true };
    throw e;
  }
}

/** FileTxnLog.getLastLoggedZxid: -1 when there is no log file; read errors end the scan. */
export function getLastLoggedZxid(dir: DataDir): number {
  const files = getLogFiles(dir.list(), 0);
  const maxLog = files.length > 0 ? getZxidFromName(files[files.length - 1]!, LOG_FILE_PREFIX) : -1;
  let zxid = maxLog;
  try {
    const itr = new FileTxnIterator(dir, maxLog).init();
    while (itr.next()) zxid = itr.hdrTxn!.hdr.zxid;
  } catch (e) {
    if (e instanceof IOError && e.code === 'runtime') throw e;
  }
  return zxid;
}

/**
 * FileTxnLog.truncate: position after the first record with zxid >= the given one (so that record
 * stays), cut its file there and delete every later log file. Throws IOError when the logs end
 * before (no open file left: "No log files found to truncate!") or cannot be read.
 */
export function truncate(dir: DataDir, zxid: number): void {
  const itr = new FileTxnIterator(dir, zxid).init();
  const pos = itr.position;
  if (pos === null || itr.logFile === null) {
    throw new IOError('eof', 'No log files found to truncate! This could happen if you still have snapshots from an old setup or log files were deleted accidentally or dataLogDir was changed in zoo.cfg.');
  }
  dir.truncate(itr.logFile, pos);
  while (itr.goToNextLog()) dir.delete(itr.logFile);
}

/** Where each record of a log file lies, as far as it is framed well (no checksum check). */
export interface RecordExtent {
  readonly offset: number;
  readonly end: number;
  readonly payloadOffset: number;
  readonly payloadLength: number;
  readonly zxid: number | null;
}

export function scanRecords(bytes: Uint8Array, limit = bytes.length): RecordExtent[] {
  const out: RecordExtent[] = [];
  const ia = new BinaryInputArchive(bytes, 0, limit);
  try {
    if (readFileHeader(ia).magic !== TXNLOG_MAGIC) return out;
    for (;;) {
      const offset = ia.position;
      // The usual end: no bytes left. Reading on would end the same way, through an exception.
      if (ia.remaining === 0) return out;
      ia.readLong();
      const payload = readTxnBytes(ia);
      if (payload === null || payload.length === 0) return out;
      const zxid = payload.length >= 20 ? Number(new DataView(payload.buffer, payload.byteOffset).getBigInt64(12)) : null;
      out.push({ offset, end: ia.position, payloadOffset: offset + 12, payloadLength: payload.length, zxid });
    }
  } catch (e) {
    if (e instanceof IOError) return out;
    throw e;
  }
}

/**
 * The writing side of FileTxnLog: which file is being appended to lives in memory only, so a new
 * FileTxnLog (a restarted server) starts a new log file with its first append, as in Java.
 * Preallocation padding is not written: a reader treats EOF and zero padding alike.
 */
export class FileTxnLog {
  private logFileWrite: string | null = null;
  private lastZxidSeen = 0;

  constructor(
    private readonly dir: DataDir,
    private readonly dbId = 0n,
  ) {}

  get currentLogFile(): string | null {
    return this.logFileWrite;
  }

  /** FileTxnLog.append; returns false only for a zxid not above the last one (Java logs a warning and appends anyway). */
  append(txn: Txn): boolean {
    const zxid = txn.hdr.zxid;
    const inOrder = zxid > this.lastZxidSeen;
    if (inOrder) this.lastZxidSeen = zxid;
    if (this.logFileWrite === null) {
      this.logFileWrite = makeLogName(zxid);
      this.dir.create(this.logFileWrite); // new FileOutputStream: replaces a file of that name
      this.dir.append(this.logFileWrite, logHeaderBytes(this.dbId));
    }
    this.dir.append(this.logFileWrite, txnRecordBytes(txn));
    return inOrder;
  }

  /** The next append starts a new file. */
  rollLog(): void {
    this.logFileWrite = null;
  }
}
