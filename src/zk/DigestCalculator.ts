// org.apache.zookeeper.server.DigestCalculator: CRC32 of (path, data, persisted stat), summed
// over the tree (AdHash). Nodes under /zookeeper/ are excluded, as in ZooKeeper.

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

export function crc32Update(crc: number, bytes: Uint8Array): number {
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

const encoder = new TextEncoder();
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
  let crc = crc32Update(0, encoder.encode(p));
  if (data !== null) crc = crc32Update(crc, data);
  return crc32Update(crc, statBuf);
}
