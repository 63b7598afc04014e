// org.apache.jute.BinaryOutputArchive / BinaryInputArchive: big-endian ints and longs, booleans as
// one byte, strings and buffers with an int length (-1 for null), vectors with an int count.
// Strings are encoded the way jute does it, one UTF-16 unit at a time (so a surrogate pair becomes
// two 3-byte sequences, as in Java), and decoded as Java's new String(bytes, UTF_8) would.
// The input side never throws anything but IOError: EOFError when bytes run out, 'unreasonableLength'
// for a length outside [0, maxBuffer + extraMaxBuffer] (jute.maxbuffer and its extra size).

import { EOFError, IOError } from './errors.ts';

/** jute.maxbuffer default (0xfffff) and zookeeper.jute.maxbuffer.extrasize (defaults to the same). */
export const DEFAULT_MAX_BUFFER = 0xfffff;
export const DEFAULT_EXTRA_MAX_BUFFER = 0xfffff;

const INT_MIN = -0x80000000;
const INT_MAX = 0x7fffffff;

export function javaUtf8(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 3);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) out[n++] = c;
    else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return out.subarray(0, n);
}

// ignoreBOM: Java keeps a leading U+FEFF; malformed input becomes U+FFFD as in Java.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
export function decodeJavaUtf8(bytes: Uint8Array): string {
  // Paths are short and mostly ASCII: building those directly decodes to the same string and, in
  // code not yet optimised (a restarted Worker decoding its log), costs a third of a TextDecoder call.
  if (bytes.length > 64) return decoder.decode(bytes);
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return decoder.decode(bytes);
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

export class BinaryOutputArchive {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private len = 0;

  get size(): number {
    return this.len;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.len));
    this.buf = nb;
    this.view = new DataView(nb.buffer);
  }

  writeByte(b: number): void {
    this.ensure(1);
    this.view.setInt8(this.len, b);
    this.len += 1;
  }

  writeBool(b: boolean): void {
    this.writeByte(b ? 1 : 0);
  }

  writeInt(i: number): void {
    if (!Number.isInteger(i) || i < INT_MIN || i > INT_MAX) throw new RangeError(`not a Java int: ${i}`);
    this.ensure(4);
    this.view.setInt32(this.len, i);
    this.len += 4;
  }

  writeLong(v: number | bigint): void {
    if (typeof v === 'number' && !Number.isSafeInteger(v)) throw new RangeError(`not a safe integer for a Java long: ${v}`);
    this.ensure(8);
    this.view.setBigInt64(this.len, BigInt.asIntN(64, BigInt(v)));
    this.len += 8;
  }

  writeRaw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  writeString(s: string | null): void {
    if (s === null) {
      this.writeInt(-1);
      return;
    }
    const b = javaUtf8(s);
    this.writeInt(b.length);
    this.writeRaw(b);
  }

  writeBuffer(b: Uint8Array | null): void {
    if (b === null) {
      this.writeInt(-1);
      return;
    }
    this.writeInt(b.length);
    this.writeRaw(b);
  }

  /** startVector: the count, or -1 for a null list. */
  startVector(count: number | null): void {
    this.writeInt(count ?? -1);
  }

  toBytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export interface ArchiveLimits {
  readonly maxBuffer?: number;
  readonly extraMaxBuffer?: number;
}

export class BinaryInputArchive {
  private readonly view: DataView;
  private p: number;
  private readonly end: number;
  private readonly maxLength: number;

  constructor(
    private readonly bytes: Uint8Array,
    offset = 0,
    end = bytes.length,
    limits: ArchiveLimits = {},
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.p = offset;
    this.end = end;
    // As in BinaryInputArchive: the extra size is never below 1024.
    this.maxLength = (limits.maxBuffer ?? DEFAULT_MAX_BUFFER) + Math.max(1024, limits.extraMaxBuffer ?? DEFAULT_EXTRA_MAX_BUFFER);
  }

  /** Bytes consumed from the start of the underlying array. */
  get position(): number {
    return this.p;
  }

  get remaining(): number {
    return this.end - this.p;
  }

  /** Move to a position already known to hold the next item (a record read before). */
  skipTo(position: number): void {
    this.p = position;
  }

  private need(n: number, what: string): void {
    if (this.end - this.p < n) throw new EOFError(`EOF reading ${what} at offset ${this.p}`);
  }

  readByte(): number {
    this.need(1, 'byte');
    return this.view.getInt8(this.p++);
  }

  readBool(): boolean {
    return this.readByte() !== 0;
  }

  readInt(): number {
    this.need(4, 'int');
    const v = this.view.getInt32(this.p);
    this.p += 4;
    return v;
  }

  readLong(): bigint {
    this.need(8, 'long');
    const v = this.view.getBigInt64(this.p);
    this.p += 8;
    return v;
  }

  /**
   * A long that our types keep as a JS number (zxids, times, versions of ttl, acl indexes): the
   * same value as Number(readLong()) (hi * 2^32 is exact, so the sum rounds once, as Number does),
   * without allocating a BigInt for each of the three longs of every log record a restart reads.
   */
  readLongNumber(): number {
    this.need(8, 'long');
    const v = this.view.getInt32(this.p) * 4294967296 + this.view.getUint32(this.p + 4);
    this.p += 8;
    return v;
  }

  private checkLength(len: number): void {
    if (len < 0 || len > this.maxLength) throw new IOError('unreasonableLength', `Unreasonable length = ${len}`);
  }

  private readBytes(len: number, what: string): Uint8Array {
    this.need(len, what);
    const b = this.bytes.slice(this.p, this.p + len);
    this.p += len;
    return b;
  }

  readString(): string | null {
    const len = this.readInt();
    if (len === -1) return null;
    this.checkLength(len);
    return decodeJavaUtf8(this.readBytes(len, 'string'));
  }

  readBuffer(): Uint8Array | null {
    const len = this.readInt();
    if (len === -1) return null;
    this.checkLength(len);
    return this.readBytes(len, 'buffer');
  }

  /** readBuffer, as a view into the archive's bytes rather than a copy: only while those do not change. */
  readBufferView(): Uint8Array | null {
    const len = this.readInt();
    if (len === -1) return null;
    this.checkLength(len);
    this.need(len, 'buffer');
    this.p += len;
    return this.bytes.subarray(this.p - len, this.p);
  }

  /**
   * startVector: null for -1; any other count is taken as is, and a negative one reads as an
   * empty vector (BinaryIndex.done() is nelems <= 0).
   */
  startVector(): number | null {
    const n = this.readInt();
    if (n === -1) return null;
    return n < 0 ? 0 : n;
  }

  /** Reads count elements; each read consumes input, so a garbage count ends in EOFError. */
  readVector<T>(read: (ia: BinaryInputArchive) => T): T[] | null {
    const n = this.startVector();
    if (n === null) return null;
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(read(this));
    return out;
  }
}
