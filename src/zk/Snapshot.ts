// A fuzzy snapshot of the DataTree plus the session table (FileSnap / DataTree.serialize), as
// plain data. The storage layer turns it into bytes with a checksum; this module only knows
// what goes in and how to rebuild a tree from it.

import { DataNode } from './DataNode.ts';
import { DataTree } from './DataTree.ts';
import type { ACL } from './ZooDefs.ts';

export interface SnapNode {
  readonly path: string;
  readonly data: Uint8Array | null;
  readonly acl: number;
  readonly czxid: number;
  readonly mzxid: number;
  readonly pzxid: number;
  readonly ctime: number;
  readonly mtime: number;
  readonly version: number;
  readonly cversion: number;
  readonly aversion: number;
  readonly ephemeralOwner: bigint;
}

export interface Snapshot {
  /** dataTree.lastProcessedZxid when the snapshot began: the file is snapshot.<hex of this>. */
  readonly zxid: number;
  readonly sessions: readonly (readonly [bigint, number])[];
  readonly acls: readonly (readonly [number, readonly ACL[]])[];
  /** Pre-order from the root, children in Java iteration order. */
  readonly nodes: readonly SnapNode[];
  /** The tree digest at zxid (DataTree.serializeZxidDigest). */
  readonly digest: number;
}

export function takeSnapshot(tree: DataTree, sessionsWithTimeout: ReadonlyMap<bigint, number>): Snapshot {
  const nodes: SnapNode[] = [];
  for (const [path, n] of tree.walk()) {
    nodes.push({
      path,
      data: n.data,
      acl: n.acl,
      czxid: n.czxid,
      mzxid: n.mzxid,
      pzxid: n.pzxid,
      ctime: n.ctime,
      mtime: n.mtime,
      version: n.version,
      cversion: n.cversion,
      aversion: n.aversion,
      ephemeralOwner: n.ephemeralOwner,
    });
  }
  return {
    zxid: tree.lastProcessedZxid,
    sessions: [...sessionsWithTimeout.entries()],
    acls: tree.aclCache.entries(),
    nodes,
    digest: tree.getTreeDigest(),
  };
}

/** DataTree.deserialize: rebuild the tree, the ephemeral/container/ttl tables and quotas. */
export function loadSnapshot(snap: Snapshot, extendedTypesEnabled: boolean): DataTree {
  const tree = new DataTree({ extendedTypesEnabled });
  tree.restoreFrom(
    snap.acls,
    snap.nodes.map((s) => {
      const n = new DataNode(s.data, s.acl, s.czxid, s.ctime, s.ephemeralOwner);
      n.mzxid = s.mzxid;
      n.pzxid = s.pzxid;
      n.mtime = s.mtime;
      n.version = s.version;
      n.cversion = s.cversion;
      n.aversion = s.aversion;
      return [s.path, n] as const;
    }),
    snap.zxid,
  );
  return tree;
}
