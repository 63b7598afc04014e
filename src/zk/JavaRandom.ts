// java.util.Random (the 48-bit LCG), used where ZooKeeper derives values from a seed: session
// passwords are new Random(sessionId ^ superSecret).nextBytes(16).

const MULT = 0x5deece66dn;
const MASK = (1n << 48n) - 1n;

export class JavaRandom {
  private seed: bigint;

  constructor(seed: bigint) {
    this.seed = (BigInt.asUintN(64, seed) ^ MULT) & MASK;
  }

  next(bits: number): number {
    this.seed = (this.seed * MULT + 0xbn) & MASK;
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)));
  }

  nextInt(): number {
    return this.next(32);
  }

  nextBytes(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; ) {
      let rnd = this.nextInt();
      for (let n = Math.min(bytes.length - i, 4); n-- > 0; rnd >>= 8) bytes[i++] = rnd & 0xff;
    }
  }
}

export function javaRandomBytes(seed: bigint, n: number): Uint8Array {
  const b = new Uint8Array(n);
  new JavaRandom(seed).nextBytes(b);
  return b;
}
