// The CRC32 under every node digest, folded four bytes at a time, against zlib's CRC32 (the same
// polynomial as java.util.zip.CRC32) on every length and alignment, and the path bytes against
// UTF-8 for ASCII and non-ASCII paths.

import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32Update, nodeDigest, type DigestStat } from './DigestCalculator.ts';

const stat: DigestStat = { czxid: 0x100000002, mzxid: 0x100000003, pzxid: 0x100000002, ctime: 1767225600000, mtime: 1767225601000, version: 1, cversion: 0, aversion: 0, ephemeralOwner: 0x1000001n };

/** The digest from its definition: CRC32 of path, data and the stat fields, all in one buffer. */
function reference(path: string, data: Uint8Array | null, s: DigestStat): number {
  const st = new DataView(new ArrayBuffer(60));
  const long = (off: number, v: number) => st.setBigInt64(off, BigInt(v));
  long(0, s.czxid);
  long(8, s.mzxid);
  long(16, s.pzxid);
  long(24, s.ctime);
  long(32, s.mtime);
  st.setInt32(40, s.version);
  st.setInt32(44, s.cversion);
  st.setInt32(48, s.aversion);
  st.setBigInt64(52, s.ephemeralOwner);
  const p = new TextEncoder().encode(path === '/' ? '' : path);
  return crc32(Buffer.concat([p, data ?? new Uint8Array(0), new Uint8Array(st.buffer)])) >>> 0;
}

describe('DigestCalculator', () => {
  it('crc32Update equals zlib on every length, offset and chaining', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(7), fc.nat(300), (bytes, off, cut) => {
        const view = bytes.subarray(Math.min(off, bytes.length));
        expect(crc32Update(0, view)).toBe(crc32(view) >>> 0);
        const k = Math.min(cut, view.length);
        expect(crc32Update(crc32Update(0, view.subarray(0, k)), view.subarray(k))).toBe(crc32(view) >>> 0);
      }),
    );
  });

  it('nodeDigest of ASCII, non-ASCII and long paths equals the digest of their UTF-8 bytes', () => {
    const long = `/${'x'.repeat(400)}`;
    for (const path of ['/', '/a', '/services/dubbo/providers', '/配置/数据库', '/é', long]) {
      for (const data of [null, new Uint8Array(0), new TextEncoder().encode('value')]) {
        expect(nodeDigest(path, data, stat), path).toBe(reference(path, data, stat));
      }
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (name) => {
        expect(nodeDigest(`/${name}`, null, stat)).toBe(reference(`/${name}`, null, stat));
      }),
    );
  });
});
