// org.apache.zookeeper.server.EphemeralType: what ephemeralOwner encodes.

export const CONTAINER_EPHEMERAL_OWNER = -(2n ** 63n); // Long.MIN_VALUE
const EXTENDED_MASK = 0xff00000000000000n;
const RESERVED_BITS_MASK = 0x00ffff0000000000n;
export const TTL_MAX = 0x000000ffffffffffn; // about 34 years of milliseconds

export type EphemeralKind = 'VOID' | 'NORMAL' | 'CONTAINER' | 'TTL';

/** EphemeralType.get; TTL is only recognised when extended types are enabled, as in Java. */
export function ephemeralKind(owner: bigint, extendedTypesEnabled: boolean): EphemeralKind {
  if (extendedTypesEnabled) {
    const u = BigInt.asUintN(64, owner);
    if ((u & EXTENDED_MASK) === EXTENDED_MASK) {
      // Only the TTL feature bit (0) exists; anything else is an invalid owner.
      if ((u & RESERVED_BITS_MASK) >> 40n !== 0n) throw new Error(`Invalid ephemeralOwner. [${u.toString(16)}]`);
      return 'TTL';
    }
  }
  if (owner === CONTAINER_EPHEMERAL_OWNER) return 'CONTAINER';
  return owner === 0n ? 'VOID' : 'NORMAL';
}

export function ttlToEphemeralOwner(ttl: number | bigint): bigint {
  const t = BigInt(ttl);
  if (t > TTL_MAX || t <= 0n) throw new RangeError(`ttl must be positive and cannot be larger than: ${TTL_MAX}`);
  return BigInt.asIntN(64, EXTENDED_MASK | t);
}

export function ttlOf(owner: bigint): number {
  return Number(BigInt.asUintN(64, owner) & TTL_MAX);
}
