// org.apache.zookeeper.server.persistence.Util: file names and the framing of a log record.

import { hex } from '../Stat.ts';
import { IOError, isEOF } from './errors.ts';
import type { BinaryInputArchive, BinaryOutputArchive } from './jute.ts';

export const LOG_FILE_PREFIX = 'log';
export const SNAPSHOT_FILE_PREFIX = 'snapshot';
export const ACCEPTED_EPOCH_FILENAME = 'acceptedEpoch';
export const CURRENT_EPOCH_FILENAME = 'currentEpoch';

/** End-of-record marker after each log record ('B'). */
export const EOR = 0x42;

export function makeLogName(zxid: number): string {
  return `${LOG_FILE_PREFIX}.${hex(zxid)}`;
}

/** Uncompressed snapshots only (SnapStream CHECKED mode: no file extension). */
export function makeSnapshotName(zxid: number): string {
  return `${SNAPSHOT_FILE_PREFIX}.${hex(zxid)}`;
}

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);

/** Long.parseLong(s, 16): optional sign, hex digits, within a long; null where Java throws. */
function parseHexLong(s: string): bigint | null {
  if (!/^[+-]?[0-9a-fA-F]+$/.test(s)) return null;
  const neg = s.startsWith('-');
  const digits = s.replace(/^[+-]/, '');
  let v = BigInt('0x' + digits);
  if (neg) v = -v;
  return v > LONG_MAX || v < LONG_MIN ? null : v;
}

/** Util.getZxidFromName: the hex after "<prefix>.", -1 when the name is not of that kind. */
export function getZxidFromName(name: string, prefix: string): number {
  const parts = name.split('.');
  if (parts.length >= 2 && parts[0] === prefix) {
    const v = parseHexLong(parts[1]!);
    if (v !== null) return Number(v);
  }
  return -1;
}

/** Util.sortDataDir: a stable sort by the zxid in the name. */
export function sortDataDir(names: readonly string[], prefix: string, ascending: boolean): string[] {
  const keyed = names.map((n, i) => ({ n, z: getZxidFromName(n, prefix), i }));
  keyed.sort((a, b) => (ascending ? a.z - b.z : b.z - a.z) || a.i - b.i);
  return keyed.map((k) => k.n);
}

export function isLogFileName(name: string): boolean {
  return name.startsWith(LOG_FILE_PREFIX + '.');
}

export function isSnapshotFileName(name: string): boolean {
  return name.startsWith(SNAPSHOT_FILE_PREFIX + '.');
}

/**
 * Util.readTxnBytes: the record bytes, an empty array for a zero length (preallocated zeros: the end
 * of the log), or null when the record is partial (input ended, or the byte after it is not 'B').
 * A -1 length makes Java dereference null: that is the 'runtime' IOError here.
 */
export function readTxnBytes(ia: BinaryInputArchive): Uint8Array | null {
  try {
    // A view: the record is checksummed and decoded straight away, and decoding copies what it keeps.
    const bytes = ia.readBufferView();
    if (bytes === null) throw new IOError('runtime', 'NullPointerException: txn entry length -1');
    if (bytes.length === 0) return bytes;
    if (ia.readByte() !== EOR) return null; // "Last transaction was partial."
    return bytes;
  } catch (e) {
    if (isEOF(e)) return null;
    throw e;
  }
}

/** Util.writeTxnBytes: the record as a buffer, then the end-of-record byte. */
export function writeTxnBytes(oa: BinaryOutputArchive, bytes: Uint8Array): void {
  oa.writeBuffer(bytes);
  oa.writeByte(EOR);
}
