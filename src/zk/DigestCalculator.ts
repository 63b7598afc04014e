// org.apache.zookeeper.server.DigestCalculator: CRC32 of (path, data, persisted stat), summed
// over the tree (AdHash). Nodes under /zookeeper/ are excluded, as in ZooKeeper.

// Slicing-by-4 tables: T[0] is the classic byte table, T[k][n] the CRC of byte n followed by k
// zero bytes, so four bytes are folded in per step (a digest is computed for every change).
const CRC_TABLES = (() => {
  const t = new Int32Array(4 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let k = 1; k < 4; k++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
})();

export function crc32Update(crc: number, bytes: Uint8Array): number {
  const t = CRC_TABLES;
  let c = ~crc;
  let i = 0;
  const end4 = bytes.length & ~3;
  for (; i < end4; i += 4) {
    c ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    c = t[768 + (c & 0xff)]! ^ t[512 + ((c >>> 8) & 0xff)]! ^ t[256 + ((c >>> 16) & 0xff)]! ^ t[c >>> 24]!;
  }
  for (; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

const encoder = new TextEncoder();
const asciiBuf = new Uint8Array(256);

/** The UTF-8 bytes of a path; paths are nearly always short ASCII, copied without an encoder. */
function pathBytes(p: string): Uint8Array {
  if (p.length > asciiBuf.length) return encoder.encode(p);
  for (let i = 0; i < p.length; i++) {
    const ch = p.charCodeAt(i);
    if (ch >= 0x80) return encoder.encode(p);
    asciiBuf[i] = ch;
  }
  return asciiBuf.subarray(0, p.length);
}
const statBuf = new Uint8Array(60);
const statView = new DataView(statBuf.buffer);

function putLong(off: number, v: number): void {
  statView.setUint32(off, Math.floor(v / 0x100000000) >>> 0);
  statView.setUint32(off + 4, v >>> 0);
}

export interface DigestStat {
  czxid: number;
  mzxid: number;
  pzxid: number;
  ctime: number;
  mtime: number;
  version: number;
  cversion: number;
  aversion: number;
  ephemeralOwner: bigint;
}

export const ZOOKEEPER_NODE_SUBTREE = '/zookeeper/';

/** The digest of one node; 0 for the /zookeeper/ subtree. "/" is hashed as "" (its alias). */
export function nodeDigest(path: string, data: Uint8Array | null, s: DigestStat): number {
  if (path.startsWith(ZOOKEEPER_NODE_SUBTREE)) return 0;
  const p = path === '/' ? '' : path;
  putLong(0, s.czxid);
  putLong(8, s.mzxid);
  putLong(16, s.pzxid);
  putLong(24, s.ctime);
  putLong(32, s.mtime);
  statView.setInt32(40, s.version);
  statView.setInt32(44, s.cversion);
  statView.setInt32(48, s.aversion);
  statView.setBigInt64(52, s.ephemeralOwner);
  let crc = crc32Update(0, pathBytes(p));
  if (data !== null) crc = crc32Update(crc, data);
  return crc32Update(crc, statBuf);
}
