// java.util.zip.Adler32, the checksum of txn log records and snapshot seals.

const MOD = 65521;
/** Largest n such that 255n(n+1)/2 + (n+1)(MOD-1) fits in 2^32 - 1: sums may be deferred that long. */
const NMAX = 5552;

export class Adler32 {
  private a = 1;
  private b = 0;

  update(bytes: Uint8Array, off = 0, len = bytes.length - off): this {
    let a = this.a;
    let b = this.b;
    let i = off;
    const end = off + len;
    while (i < end) {
      const stop = Math.min(end, i + NMAX);
      for (; i < stop; i++) {
        a += bytes[i]!;
        b += a;
      }
      a %= MOD;
      b %= MOD;
    }
    this.a = a;
    this.b = b;
    return this;
  }

  /** The value as Java's getValue() returns it: an unsigned 32-bit number in a long. */
  getValue(): number {
    return this.b * 65536 + this.a;
  }
}

export function adler32(bytes: Uint8Array, off = 0, len = bytes.length - off): number {
  return new Adler32().update(bytes, off, len).getValue();
}
