// The IndexedDB layout of one server's data directory, and the pure functions that cut a file into
// entries and put entries back together into the file's exact bytes.
//
//   files      one entry per file (the directory listing): name, kind, durable length, and the
//              bytes that belong to no other store: a log's header and what follows its last
//              whole record (a torn write), the whole content of a file of no known kind
//   txnlog     log records, their exact bytes (checksum, length, txn, 'B'), keyed by [file, offset]
//              so a record is addressable and a file's records are one key range; index zxid.
//              A new record gets an entry of its own (an fsync writes only what it adds); once
//              RUN_RECORDS of them have gathered at the end of a file they are folded into one
//              entry, a run. Reading is then per run: a restart reads a hundred entries, not a
//              hundred thousand (IndexedDB costs about 10 µs per entry read, whatever its size)
//   snapshots  snapshot file bytes keyed by name; index zxid
//   epochs     acceptedEpoch/currentEpoch: the file's bytes (what restore parses) and the value

import type { DBSchema } from 'idb';
import { FILE_HEADER_SIZE, scanRecords } from '../zk/persistence/FileTxnLog.ts';
import { ACCEPTED_EPOCH_FILENAME, CURRENT_EPOCH_FILENAME, LOG_FILE_PREFIX, SNAPSHOT_FILE_PREFIX, getZxidFromName } from '../zk/persistence/Util.ts';
import { IdbStoreError } from './IdbStoreError.ts';

export const SCHEMA_VERSION = 1;
export const STORES = ['files', 'txnlog', 'snapshots', 'epochs'] as const;

/** Single-record entries at the end of a log that are folded into one run once there are this many. */
export const RUN_RECORDS = 1024;

export type FileKind = 'log' | 'snapshot' | 'epoch' | 'other';

export interface FileEntry {
  readonly name: string;
  readonly kind: FileKind;
  /** The file's durable length: the bytes load() rebuilds. */
  readonly length: number;
  /** The in-memory file generation last written, for diagnostics (it means nothing to a new MemoryDataDir). */
  readonly gen: number;
  /** Logs: the file header (shorter only when the file is) ... */
  readonly head?: Uint8Array;
  /** ... where the last whole record ends, how many records there are ... */
  readonly recordsEnd?: number;
  readonly records?: number;
  /**
   * ... where the records stored one per entry (after the last run) begin, and how many they are
   * (absent in stores written before runs: every record has its own entry) ...
   */
  readonly looseFrom?: number;
  readonly loose?: number;
  /** ... and what follows it: a torn record, zero padding, garbage. */
  readonly tail?: Uint8Array;
  /** Files of no known kind: the whole content. */
  readonly bytes?: Uint8Array;
}

/** One log record, or a run of consecutive records (count of them). */
export interface RecordEntry {
  readonly file: string;
  readonly offset: number;
  /** The (first) record's; absent when its txn is too short to hold a header (so it is left out of the index). */
  readonly zxid?: number;
  /** Absent for a single record. */
  readonly count?: number;
  readonly bytes: Uint8Array;
}

export interface SnapshotEntry {
  readonly name: string;
  readonly zxid: number;
  readonly bytes: Uint8Array;
}

export interface EpochEntry {
  readonly name: string;
  /** The parsed value, for views; null when the bytes are not a number (restore will say so). */
  readonly value: number | null;
  readonly bytes: Uint8Array;
}

export interface DataDirSchema extends DBSchema {
  files: { key: string; value: FileEntry };
  txnlog: { key: [string, number]; value: RecordEntry; indexes: { zxid: number } };
  snapshots: { key: string; value: SnapshotEntry; indexes: { zxid: number } };
  epochs: { key: string; value: EpochEntry };
}

/** Creates the object stores (called from upgradeneeded with the raw database). */
export function createSchema(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore('files', { keyPath: 'name' });
    db.createObjectStore('txnlog', { keyPath: ['file', 'offset'] }).createIndex('zxid', 'zxid');
    db.createObjectStore('snapshots', { keyPath: 'name' }).createIndex('zxid', 'zxid');
    db.createObjectStore('epochs', { keyPath: 'name' });
  }
}

export function kindOf(name: string): FileKind {
  if (getZxidFromName(name, LOG_FILE_PREFIX) >= 0) return 'log';
  if (getZxidFromName(name, SNAPSHOT_FILE_PREFIX) >= 0) return 'snapshot';
  if (name === ACCEPTED_EPOCH_FILENAME || name === CURRENT_EPOCH_FILENAME) return 'epoch';
  return 'other';
}

export function epochValue(bytes: Uint8Array): number | null {
  const text = new TextDecoder().decode(bytes).split(/\r\n|\r|\n/)[0]!;
  return /^[+-]?\d{1,16}$/.test(text) ? Number(text) : null;
}

/** The key range of the record entries of one log file from offset `from` on. */
export const fileRecords = (file: string, from = 0): IDBKeyRange => IDBKeyRange.bound([file, from], [file, Infinity]);

/**
 * Records of a log file from `base` on. `bytes` are the file's bytes from `base` (a record boundary)
 * to its durable end, `head` the file header: scanRecords frames the records of head + bytes, which
 * are those of the whole file from `base`, so appends are split without reading the file again.
 * Every stored array is a copy of its own (storing a view would store the whole buffer).
 */
export function splitLog(file: string, head: Uint8Array, base: number, bytes: Uint8Array): { records: RecordEntry[]; recordsEnd: number; tail: Uint8Array } {
  const buf = new Uint8Array(head.length + bytes.length);
  buf.set(head);
  buf.set(bytes, head.length);
  const shift = base - head.length;
  const records = scanRecords(buf).map((r) => ({
    file,
    offset: r.offset + shift,
    ...(r.zxid === null ? {} : { zxid: r.zxid }),
    bytes: buf.slice(r.offset, r.end),
  }));
  const last = records[records.length - 1];
  const recordsEnd = last ? last.offset + last.bytes.length : base;
  return { records, recordsEnd, tail: buf.slice(recordsEnd - shift) };
}

/** Consecutive single-record entries as one run entry. */
export function foldRun(records: readonly RecordEntry[]): RecordEntry {
  const first = records[0]!;
  const last = records[records.length - 1]!;
  const bytes = new Uint8Array(last.offset + last.bytes.length - first.offset);
  for (const r of records) bytes.set(r.bytes, r.offset - first.offset);
  return { file: first.file, offset: first.offset, ...(first.zxid === undefined ? {} : { zxid: first.zxid }), count: records.length, bytes };
}

/**
 * A whole log file's entries: runs of `run` records, then the rest one per entry; or, for a log
 * that is no longer appended to (closed), the rest as one shorter run.
 */
export function logEntries(name: string, gen: number, bytes: Uint8Array, run = RUN_RECORDS, closed = false): { entry: FileEntry; records: RecordEntry[] } {
  const head = bytes.slice(0, Math.min(FILE_HEADER_SIZE, bytes.length));
  const { records, recordsEnd, tail } = splitLog(name, head, head.length, bytes.subarray(head.length));
  const folded = closed ? records.length : records.length - (records.length % run);
  const entries: RecordEntry[] = [];
  for (let i = 0; i < folded; i += run) entries.push(foldRun(records.slice(i, i + run)));
  const loose = records.slice(folded);
  entries.push(...loose);
  const entry: FileEntry = { name, kind: 'log', length: bytes.length, gen, head, recordsEnd, records: records.length, looseFrom: loose[0]?.offset ?? recordsEnd, loose: loose.length, tail };
  return { entry, records: entries };
}

const corrupt = (msg: string): IdbStoreError => new IdbStoreError('corrupt-store', `IndexedDB data directory is inconsistent: ${msg}`);

/** A log file's bytes from its entry and its record entries (sorted by offset); throws 'corrupt-store'. */
export function joinLog(entry: FileEntry, records: readonly RecordEntry[]): Uint8Array {
  const head = entry.head ?? new Uint8Array(0);
  const tail = entry.tail ?? new Uint8Array(0);
  const out = new Uint8Array(entry.length);
  if (head.length > entry.length) throw corrupt(`${entry.name}: header longer than the file`);
  out.set(head);
  let at = head.length;
  let count = 0;
  for (const r of records) {
    if (r.offset !== at || at + r.bytes.length > entry.length) throw corrupt(`${entry.name}: record at ${r.offset} does not follow the one ending at ${at}`);
    out.set(r.bytes, at);
    at += r.bytes.length;
    count += r.count ?? 1;
  }
  if (at !== (entry.recordsEnd ?? head.length) || count !== (entry.records ?? 0)) {
    throw corrupt(`${entry.name}: ${count} records ending at ${at}, the listing says ${entry.records} ending at ${entry.recordsEnd}`);
  }
  if (at + tail.length !== entry.length) throw corrupt(`${entry.name}: ${at + tail.length} bytes, the listing says ${entry.length}`);
  out.set(tail, at);
  return out;
}

/** Checks that a whole-file entry has the length the listing says. */
export function checkLength(entry: FileEntry, bytes: Uint8Array | undefined): Uint8Array {
  if (bytes === undefined) throw corrupt(`${entry.name} is listed but its ${entry.kind} bytes are missing`);
  if (bytes.length !== entry.length) throw corrupt(`${entry.name}: ${bytes.length} bytes, the listing says ${entry.length}`);
  return bytes;
}

export { corrupt as corruptStore };
