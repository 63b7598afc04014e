// Read-only questions the page asks a running server about its memory (its znode tree and more),
// answered out of band: nothing here touches the server's state or the world's trace, so looking
// at a server never changes what it does. The answers are plain data, fit for postMessage.

import type { ACL } from '../../zk/ZooDefs.ts';
import type { ServerNode } from '../../zk/StandaloneServer.ts';
import type { Stat } from '../../zk/Stat.ts';

export type InspectQuery =
  /** The children of a path, sorted (tab completion, the tree view). */
  | { readonly kind: 'children'; readonly path: string }
  /** One znode: its data, stat and ACL. */
  | { readonly kind: 'node'; readonly path: string };

export interface NodeDetail {
  readonly path: string;
  readonly data: Uint8Array | null;
  readonly stat: Stat;
  readonly acl: readonly ACL[];
}

export type InspectAnswer<Q extends InspectQuery> = Q extends { kind: 'children' } ? string[] | null : Q extends { kind: 'node' } ? NodeDetail | null : never;

export function inspect<Q extends InspectQuery>(node: ServerNode, q: Q): InspectAnswer<Q> {
  const tree = node.db.tree;
  switch (q.kind) {
    case 'children': {
      const n = tree.getNode(q.path);
      return (n ? n.childNames().sort() : null) as InspectAnswer<Q>;
    }
    case 'node': {
      const n = tree.getNode(q.path);
      if (!n) return null as InspectAnswer<Q>;
      const detail: NodeDetail = { path: q.path, data: n.data === null ? null : n.data.slice(), stat: tree.statOf(n), acl: tree.aclOf(n).map((a) => ({ perms: a.perms, id: { ...a.id } })) };
      return detail as unknown as InspectAnswer<Q>;
    }
  }
  return null as InspectAnswer<Q>;
}
