// Stat as the client sees it (org.apache.zookeeper.data.Stat).

export interface Stat {
  czxid: number;
  mzxid: number;
  ctime: number;
  mtime: number;
  version: number;
  cversion: number;
  aversion: number;
  ephemeralOwner: bigint;
  dataLength: number;
  numChildren: number;
  pzxid: number;
}

export function emptyStat(): Stat {
  return { czxid: 0, mzxid: 0, ctime: 0, mtime: 0, version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0n, dataLength: 0, numChildren: 0, pzxid: 0 };
}

/** Long.toHexString for a zxid or session id: lowercase, unpadded, two's complement for negatives. */
export function hex(v: number | bigint): string {
  if (typeof v === 'number') {
    if (v >= 0) return v.toString(16);
    return BigInt.asUintN(64, BigInt(v)).toString(16);
  }
  return BigInt.asUintN(64, v).toString(16);
}

export function hex0x(v: number | bigint): string {
  return '0x' + hex(v);
}
