// org.apache.zookeeper.server.ReferenceCountedACLCache: nodes refer to ACL lists by a long index.

import { OPEN_ACL_UNSAFE, type ACL } from './ZooDefs.ts';

export const OPEN_UNSAFE_ACL_ID = -1;

function aclKey(acls: readonly ACL[]): string {
  return acls.map((a) => `${a.perms}|${a.id.scheme}|${a.id.id}`).join('\n');
}

export class ReferenceCountedACLCache {
  private readonly longKeyMap = new Map<number, readonly ACL[]>();
  private readonly aclKeyMap = new Map<string, number>();
  private readonly referenceCounter = new Map<number, number>();
  private aclIndex = 0;

  convertAcls(acls: readonly ACL[] | null): number {
    if (acls === null) return OPEN_UNSAFE_ACL_ID;
    const key = aclKey(acls);
    let ret = this.aclKeyMap.get(key);
    if (ret === undefined) {
      ret = ++this.aclIndex;
      this.longKeyMap.set(ret, acls);
      this.aclKeyMap.set(key, ret);
    }
    this.addUsage(ret);
    return ret;
  }

  convertLong(v: number): readonly ACL[] {
    if (v === OPEN_UNSAFE_ACL_ID) return OPEN_ACL_UNSAFE;
    const acls = this.longKeyMap.get(v);
    if (acls === undefined) throw new Error(`Failed to fetch acls for ${v}`);
    return acls;
  }

  addUsage(v: number): void {
    if (v === OPEN_UNSAFE_ACL_ID || !this.longKeyMap.has(v)) return;
    this.referenceCounter.set(v, (this.referenceCounter.get(v) ?? 0) + 1);
  }

  removeUsage(v: number): void {
    if (v === OPEN_UNSAFE_ACL_ID || !this.longKeyMap.has(v)) return;
    const n = (this.referenceCounter.get(v) ?? 0) - 1;
    if (n <= 0) {
      this.referenceCounter.delete(v);
      this.aclKeyMap.delete(aclKey(this.longKeyMap.get(v)!));
      this.longKeyMap.delete(v);
    } else {
      this.referenceCounter.set(v, n);
    }
  }

  /** Drop lists no node uses (after loading a snapshot). */
  purgeUnused(): void {
    for (const [v, n] of [...this.referenceCounter]) {
      if (n <= 0) {
        this.referenceCounter.delete(v);
        const acls = this.longKeyMap.get(v);
        if (acls) this.aclKeyMap.delete(aclKey(acls));
        this.longKeyMap.delete(v);
      }
    }
  }

  get size(): number {
    return this.aclKeyMap.size;
  }

  /** The table as a snapshot stores it. */
  entries(): [number, readonly ACL[]][] {
    return [...this.longKeyMap.entries()];
  }

  /** Load a snapshot's table: counts restart at zero and are rebuilt as nodes are added. */
  load(entries: Iterable<readonly [number, readonly ACL[]]>): void {
    this.longKeyMap.clear();
    this.aclKeyMap.clear();
    this.referenceCounter.clear();
    for (const [v, acls] of entries) {
      if (this.aclIndex < v) this.aclIndex = v;
      this.longKeyMap.set(v, acls);
      this.aclKeyMap.set(aclKey(acls), v);
      this.referenceCounter.set(v, 0);
    }
  }
}
