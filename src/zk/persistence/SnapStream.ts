// org.apache.zookeeper.server.persistence.SnapStream, for uncompressed ("CHECKED") snapshots: the
// Adler32 of everything written so far, sealed in as a long followed by the string "/".

import { adler32 } from './Adler32.ts';
import { IOError } from './errors.ts';
import type { BinaryInputArchive, BinaryOutputArchive } from './jute.ts';
import { SNAPSHOT_FILE_PREFIX, getZxidFromName } from './Util.ts';

/** SnapStream.sealStream: the checksum of every byte before the seal, then "/". */
export function sealStream(oa: BinaryOutputArchive, bytesSoFar: () => Uint8Array): void {
  oa.writeLong(adler32(bytesSoFar()));
  oa.writeString('/');
}

/** SnapStream.checkSealIntegrity over the bytes consumed so far. */
export function checkSealIntegrity(bytes: Uint8Array, ia: BinaryInputArchive): void {
  const checkSum = adler32(bytes, 0, ia.position);
  const val = ia.readLong();
  ia.readString();
  if (val !== BigInt(checkSum)) throw new IOError('snapshotCrc', 'CRC corruption');
}

export type StreamMode = 'CHECKED' | 'GZIP' | 'SNAPPY';

/** SnapStream.getStreamMode: by the last extension ("gz", "snappy"), anything else is CHECKED. */
export function getStreamMode(name: string): StreamMode {
  const parts = name.split('.');
  if (parts.length > 1) {
    const ext = parts[parts.length - 1]!.toLowerCase();
    if (ext === 'gz') return 'GZIP';
    if (ext === 'snappy') return 'SNAPPY';
  }
  return 'CHECKED';
}

/**
 * SnapStream.isValidSnapshot for a CHECKED file: a snapshot.<hex> name, at least 10 bytes, ending
 * with the int 1 and '/'. Compressed snapshots are never written here and are not read (invalid).
 */
export function isValidSnapshot(name: string, bytes: Uint8Array | null): boolean {
  if (bytes === null || getZxidFromName(name, SNAPSHOT_FILE_PREFIX) === -1) return false;
  if (getStreamMode(name) !== 'CHECKED') return false;
  if (bytes.length < 10) return false;
  const v = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 5, 5);
  return v.getInt32(0) === 1 && v.getUint8(4) === 0x2f;
}
