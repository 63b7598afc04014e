// org.apache.zookeeper.server.DataNode: one znode with its persisted stat (StatPersisted).

import { JavaHashSet } from './JavaHashOrder.ts';
import { ephemeralKind } from './EphemeralType.ts';
import type { Stat } from './Stat.ts';

export class DataNode {
  data: Uint8Array | null;
  /** Index into the ACL cache. */
  acl: number;
  czxid: number;
  mzxid: number;
  pzxid: number;
  ctime: number;
  mtime: number;
  version: number;
  /** The stored cversion: the number of child creations. Clients see 2*cversion - numChildren. */
  cversion: number;
  aversion: number;
  ephemeralOwner: bigint;
  /** Java allocates new HashSet<String>(8) on the first child. */
  children: JavaHashSet | null = null;
  /** Cached node digest, -1 when stale. */
  digest = -1;

  constructor(data: Uint8Array | null, acl: number, czxid: number, time: number, ephemeralOwner: bigint) {
    this.data = data;
    this.acl = acl;
    this.czxid = czxid;
    this.mzxid = czxid;
    this.pzxid = czxid;
    this.ctime = time;
    this.mtime = time;
    this.version = 0;
    this.cversion = 0;
    this.aversion = 0;
    this.ephemeralOwner = ephemeralOwner;
  }

  get numChildren(): number {
    return this.children === null ? 0 : this.children.size;
  }

  addChild(name: string): boolean {
    if (this.children === null) this.children = new JavaHashSet(8);
    return this.children.add(name);
  }

  removeChild(name: string): boolean {
    return this.children !== null && this.children.delete(name);
  }

  /** Children in the order Java's HashSet iterates them. */
  childNames(): string[] {
    return this.children === null ? [] : this.children.javaOrder();
  }

  /** DataNode.copyStat: the client-visible Stat. */
  copyStat(extendedTypesEnabled: boolean): Stat {
    const numChildren = this.numChildren;
    const kind = ephemeralKind(this.ephemeralOwner, extendedTypesEnabled);
    return {
      czxid: this.czxid,
      mzxid: this.mzxid,
      ctime: this.ctime,
      mtime: this.mtime,
      version: this.version,
      // For every create there is a delete, except for the children still present (v3 semantics).
      cversion: this.cversion * 2 - numChildren,
      aversion: this.aversion,
      ephemeralOwner: kind === 'NORMAL' ? this.ephemeralOwner : 0n,
      dataLength: this.data === null ? 0 : this.data.length,
      numChildren,
      pzxid: this.pzxid,
    };
  }
}
