// org.apache.zookeeper.Quotas and StatsTrack as the client side uses them. StatsTrack keeps longs
// as bigints and reproduces Java's parsing failures (they surface in zkCli output).

import { javaSplit, JavaRuntimeException, parseInt64, utf8Decode, utf8Encode } from './javaLang.ts';

export const procZookeeper = '/zookeeper';
export const quotaZookeeper = '/zookeeper/quota';
export const limitNode = 'zookeeper_limits';
export const statNode = 'zookeeper_stats';

export function quotaPath(path: string): string {
  return quotaZookeeper + path;
}

export function limitPath(path: string): string {
  return `${quotaZookeeper}${path}/${limitNode}`;
}

export function statPath(path: string): string {
  return `${quotaZookeeper}${path}/${statNode}`;
}

export function trimQuotaPath(path: string): string {
  return path.substring(quotaZookeeper.length);
}

const COUNT = 'count';
const BYTES = 'bytes';
const COUNT_HARD_LIMIT = 'countHardLimit';
const BYTE_HARD_LIMIT = 'byteHardLimit';

/** org.apache.zookeeper.StatsTrack. */
export class StatsTrack {
  private readonly stats = new Map<string, bigint>();

  /**
   * new StatsTrack(String) / new StatsTrack(byte[]). Java throws NullPointerException for null
   * bytes, ArrayIndexOutOfBoundsException for a pair without a value, NumberFormatException for a
   * value that is not a long.
   */
  static from(stat: string | Uint8Array | null): StatsTrack {
    const t = new StatsTrack();
    if (stat === null) {
      throw new JavaRuntimeException('java.lang.NullPointerException', 'Cannot read the array length because "bytes" is null');
    }
    const s = typeof stat === 'string' ? stat : utf8Decode(stat);
    if (s.length === 0) return t;
    for (const pair of javaSplit(s, /[,;]+/)) {
      const kv = javaSplit(pair, '=');
      if (kv.length < 2) {
        // stats.put(kv[0], ... kv[1] ...): kv[0] is evaluated first
        throw new JavaRuntimeException('java.lang.ArrayIndexOutOfBoundsException', `Index ${kv.length} out of bounds for length ${kv.length}`);
      }
      const v = kv[1] as string;
      t.stats.set(kv[0] as string, parseInt64(v.length === 0 ? '-1' : v));
    }
    return t;
  }

  private get(key: string): bigint {
    return this.stats.get(key) ?? -1n;
  }

  getCount(): bigint { return this.get(COUNT); }
  setCount(v: bigint): void { this.stats.set(COUNT, v); }
  getBytes(): bigint { return this.get(BYTES); }
  setBytes(v: bigint): void { this.stats.set(BYTES, v); }
  getCountHardLimit(): bigint { return this.get(COUNT_HARD_LIMIT); }
  setCountHardLimit(v: bigint): void { this.stats.set(COUNT_HARD_LIMIT, v); }
  getByteHardLimit(): bigint { return this.get(BYTE_HARD_LIMIT); }
  setByteHardLimit(v: bigint): void { this.stats.set(BYTE_HARD_LIMIT, v); }

  /** `count=N,bytes=M` then, when other keys exist, `=` and `;key=value` for each key in sorted order. */
  toString(): string {
    const keys = [...this.stats.keys()].filter((k) => k !== COUNT && k !== BYTES).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let s = `${COUNT}=${this.getCount()},${BYTES}=${this.getBytes()}`;
    if (keys.length > 0) {
      s += '=';
      for (const k of keys) s += `;${k}=${this.stats.get(k)}`;
    }
    return s;
  }

  getStatsBytes(): Uint8Array {
    return utf8Encode(this.toString());
  }
}
