import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Adler32, adler32 } from './Adler32.ts';
import { IOError } from './errors.ts';
import { BinaryInputArchive, BinaryOutputArchive, decodeJavaUtf8, javaUtf8 } from './jute.ts';

const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('jute BinaryOutputArchive / BinaryInputArchive', () => {
  it('writes big-endian primitives and reads them back', () => {
    const oa = new BinaryOutputArchive();
    oa.writeInt(-2);
    oa.writeLong(0x100000002n);
    oa.writeLong(-1);
    oa.writeLong(2 ** 53 - 1);
    oa.writeBool(true);
    oa.writeByte(0x42);
    const b = oa.toBytes();
    expect(hexOf(b)).toBe('fffffffe' + '0000000100000002' + 'ffffffffffffffff' + '001fffffffffffff' + '01' + '42');
    const ia = new BinaryInputArchive(b);
    expect(ia.readInt()).toBe(-2);
    expect(ia.readLong()).toBe(0x100000002n);
    expect(ia.readLongNumber()).toBe(-1);
    expect(ia.readLongNumber()).toBe(2 ** 53 - 1);
    expect(ia.readBool()).toBe(true);
    expect(ia.readByte()).toBe(0x42);
    expect(ia.remaining).toBe(0);
  });

  it('keeps null distinct from empty for strings, buffers and vectors', () => {
    const oa = new BinaryOutputArchive();
    oa.writeString(null);
    oa.writeString('');
    oa.writeBuffer(null);
    oa.writeBuffer(new Uint8Array(0));
    oa.startVector(null);
    oa.startVector(0);
    const ia = new BinaryInputArchive(oa.toBytes());
    expect(ia.readString()).toBeNull();
    expect(ia.readString()).toBe('');
    expect(ia.readBuffer()).toBeNull();
    expect(ia.readBuffer()).toEqual(new Uint8Array(0));
    expect(ia.readVector((a) => a.readInt())).toBeNull();
    expect(ia.readVector((a) => a.readInt())).toEqual([]);
  });

  it('encodes strings one UTF-16 unit at a time, as jute does', () => {
    expect(hexOf(javaUtf8('aé✓'))).toBe('61' + 'c3a9' + 'e29c93');
    // A surrogate pair becomes two 3-byte sequences (CESU-8), not the 4-byte UTF-8 form.
    expect(hexOf(javaUtf8('😀'))).toBe('eda0bd' + 'edb880');
    // Decoding is Java's new String(b, UTF_8): those sequences are malformed, a BOM is kept.
    expect(decodeJavaUtf8(javaUtf8('😀'))).toBe('\ufffd'.repeat(6));
    expect(decodeJavaUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('\ufeffa');
  });

  it('reads a negative vector count other than -1 as an empty vector (BinaryIndex)', () => {
    const oa = new BinaryOutputArchive();
    oa.writeInt(-5);
    expect(new BinaryInputArchive(oa.toBytes()).readVector((a) => a.readInt())).toEqual([]);
  });

  it('throws EOFError on truncated input and IOError on unreasonable lengths', () => {
    const oa = new BinaryOutputArchive();
    oa.writeString('hello');
    const b = oa.toBytes();
    for (let cut = 0; cut < b.length; cut++) {
      const ia = new BinaryInputArchive(b.subarray(0, cut));
      expect(() => ia.readString()).toThrow(expect.objectContaining({ code: 'eof' }));
    }
    const big = new BinaryOutputArchive();
    big.writeInt(0xfffff * 2 + 1);
    expect(() => new BinaryInputArchive(big.toBytes()).readBuffer()).toThrow(expect.objectContaining({ code: 'unreasonableLength' }));
    const neg = new BinaryOutputArchive();
    neg.writeInt(-2);
    expect(() => new BinaryInputArchive(neg.toBytes()).readString()).toThrow(IOError);
    // The cap can be lowered like jute.maxbuffer.
    const small = new BinaryOutputArchive();
    small.writeBuffer(new Uint8Array(2000));
    expect(() => new BinaryInputArchive(small.toBytes(), 0, undefined, { maxBuffer: 100, extraMaxBuffer: 0 }).readBuffer()).toThrow(IOError);
    // A vector count of two billion ends in EOF, not in a long loop.
    const vec = new BinaryOutputArchive();
    vec.writeInt(2_000_000_000);
    expect(() => new BinaryInputArchive(vec.toBytes()).readVector((a) => a.readString())).toThrow(expect.objectContaining({ code: 'eof' }));
  });

  it('refuses to write values Java could not hold', () => {
    expect(() => new BinaryOutputArchive().writeInt(2 ** 31)).toThrow(RangeError);
    expect(() => new BinaryOutputArchive().writeLong(2 ** 60)).toThrow(RangeError);
  });
});

describe('jute fast paths read what the general ones do', () => {
  it('readLongNumber is Number(readLong()) for every long, including those past 2^53 and negative ones', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (v) => {
        const oa = new BinaryOutputArchive();
        oa.writeLong(v);
        oa.writeLong(v);
        const ia = new BinaryInputArchive(oa.toBytes());
        expect(ia.readLongNumber()).toBe(Number(ia.readLong()));
      }),
      { numRuns: 2000 },
    );
  });

  it('decodeJavaUtf8 gives what a TextDecoder gives: ASCII, non-ASCII, a BOM, malformed bytes, long strings', () => {
    const td = new TextDecoder('utf-8', { ignoreBOM: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
        expect(decodeJavaUtf8(b)).toBe(td.decode(b));
      }),
      { numRuns: 2000 },
    );
    for (const s of ['/n1', '\ufeff/bom', '/é', 'x'.repeat(65), '/路径']) expect(decodeJavaUtf8(javaUtf8(s))).toBe(td.decode(javaUtf8(s)));
  });
});

describe('Adler32', () => {
  it('matches java.util.zip.Adler32', () => {
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
    expect(adler32(new Uint8Array(0))).toBe(1);
    // Long inputs cross the deferred-modulo boundary; incremental updates agree with one pass.
    const big = new Uint8Array(100_000).map((_, i) => (i * 7919) & 0xff);
    const inc = new Adler32().update(big, 0, 12_345).update(big, 12_345);
    expect(inc.getValue()).toBe(adler32(big));
    let a = 1;
    let b = 0;
    for (const x of big) {
      a = (a + x) % 65521;
      b = (b + a) % 65521;
    }
    expect(adler32(big)).toBe(b * 65536 + a);
  });
});
