// org.apache.zookeeper.server.ResponseCache: serialized getData / getChildren2 responses by path,
// valid while the node's Stat is unchanged (LRU, 400 entries by default). Only its hit and miss
// counters are visible (mntr), so the entries hold the Stat alone.

import type { Stat } from './Stat.ts';

function statKey(s: Stat): string {
  return `${s.czxid},${s.mzxid},${s.ctime},${s.mtime},${s.version},${s.cversion},${s.aversion},${s.ephemeralOwner},${s.dataLength},${s.numChildren},${s.pzxid}`;
}

export class ResponseCache {
  private readonly entries = new Map<string, string>();

  constructor(private readonly size = 400) {}

  /** true on a hit; on a miss the entry is (re)stored. */
  lookup(path: string, stat: Stat): boolean {
    const key = statKey(stat);
    const found = this.entries.get(path);
    if (found !== undefined) {
      this.entries.delete(path);
      if (found === key) {
        this.entries.set(path, key); // access order
        return true;
      }
    }
    this.entries.set(path, key);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string);
    return false;
  }
}
