// org.apache.zookeeper.StatsTrack: the text stored in zookeeper_limits / zookeeper_stats nodes.

import { javaSplit } from './PathUtils.ts';

const COUNT = 'count';
const BYTES = 'bytes';
export const COUNT_HARD_LIMIT = 'countHardLimit';
export const BYTE_HARD_LIMIT = 'byteHardLimit';

export class StatsTrack {
  // Java keeps a HashMap; toString sorts the extra keys, so insertion order does not matter.
  private readonly stats = new Map<string, number>();

  /** Parses "count=1,bytes=2" and the 3.8 form "count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=5". */
  static parse(text: string | null): StatsTrack {
    const st = new StatsTrack();
    if (text === null || text.length === 0) return st;
    const pairs = text.split(/[,;]+/);
    while (pairs.length > 1 && pairs[pairs.length - 1] === '') pairs.pop();
    for (const pair of pairs) {
      const kv = javaSplit(pair, '=');
      const key = kv[0] ?? '';
      const raw = kv[1];
      // Java: kv[1] throws ArrayIndexOutOfBounds when there is no '='; Long.parseLong throws on junk.
      if (raw === undefined) throw new StatsTrackFormatError(text);
      const value = raw === '' ? -1 : parseJavaLong(raw);
      if (value === undefined) throw new StatsTrackFormatError(text);
      st.stats.set(key, value);
    }
    return st;
  }

  get count(): number { return this.get(COUNT); }
  set count(v: number) { this.stats.set(COUNT, v); }
  get bytes(): number { return this.get(BYTES); }
  set bytes(v: number) { this.stats.set(BYTES, v); }
  get countHardLimit(): number { return this.get(COUNT_HARD_LIMIT); }
  set countHardLimit(v: number) { this.stats.set(COUNT_HARD_LIMIT, v); }
  get byteHardLimit(): number { return this.get(BYTE_HARD_LIMIT); }
  set byteHardLimit(v: number) { this.stats.set(BYTE_HARD_LIMIT, v); }

  private get(key: string): number {
    return this.stats.get(key) ?? -1;
  }

  toString(): string {
    const keys = [...this.stats.keys()].filter((k) => k !== COUNT && k !== BYTES).sort(javaStringCompare);
    let s = `${COUNT}=${this.count},${BYTES}=${this.bytes}`;
    if (keys.length > 0) {
      s += '=';
      for (const k of keys) s += `;${k}=${this.stats.get(k)}`;
    }
    return s;
  }
}

export class StatsTrackFormatError extends Error {
  constructor(text: string) {
    super(`malformed quota stats: ${text}`);
  }
}

/** String.compareTo: UTF-16 code unit order, which is also JS's default sort order. */
export function javaStringCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Long.parseLong (decimal, optional sign); undefined where Java throws NumberFormatException. */
export function parseJavaLong(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const v = BigInt(s);
  if (v > 9223372036854775807n || v < -9223372036854775808n) return undefined;
  return Number(v);
}
