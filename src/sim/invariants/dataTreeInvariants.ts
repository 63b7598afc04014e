// Invariants of one DataTree, checked after events by tests and the fuzzer:
// the tree is a tree, child counts agree, ephemerals belong to live sessions, and the digest
// equals the digest of a tree rebuilt by replaying the committed log.

import { DataTree } from '../../zk/DataTree.ts';
import { ephemeralKind } from '../../zk/EphemeralType.ts';
import type { RecoveredImage } from '../../zk/effects.ts';
import { loadSnapshot } from '../../zk/Snapshot.ts';

export function checkTreeShape(tree: DataTree): string[] {
  const out: string[] = [];
  let childEntries = 0;
  for (const [path, node] of tree.nodes) {
    if (path === '/') continue;
    const i = path.lastIndexOf('/');
    const parentPath = i <= 0 ? '/' : path.slice(0, i);
    const parent = tree.nodes.get(parentPath);
    if (!parent) out.push(`${path}: parent ${parentPath} does not exist`);
    else if (!parent.children?.has(path.slice(i + 1))) out.push(`${path}: not listed among ${parentPath}'s children`);
    if (node.cversion < 0) out.push(`${path}: negative stored cversion ${node.cversion}`);
  }
  for (const [path, node] of tree.nodes) {
    for (const child of node.children?.values() ?? []) {
      childEntries++;
      const cp = path === '/' ? `/${child}` : `${path}/${child}`;
      if (!tree.nodes.has(cp)) out.push(`${path}: lists child ${child} which does not exist`);
    }
    if (node.numChildren !== (node.children?.size ?? 0)) out.push(`${path}: numChildren disagrees with its children`);
  }
  if (childEntries !== tree.nodes.size - 1) out.push(`child entries ${childEntries} != nodes - 1 (${tree.nodes.size - 1})`);
  return out;
}

/** Every ephemeral node's owner is a live session. */
export function checkEphemeralOwners(tree: DataTree, liveSessions: ReadonlySet<bigint>): string[] {
  const out: string[] = [];
  for (const [path, node] of tree.nodes) {
    if (ephemeralKind(node.ephemeralOwner, tree.extendedTypesEnabled) !== 'NORMAL') continue;
    if (!liveSessions.has(node.ephemeralOwner)) out.push(`${path}: ephemeral owned by dead session 0x${BigInt.asUintN(64, node.ephemeralOwner).toString(16)}`);
  }
  return out;
}

/** Rebuild a tree from a recovered image (snapshot + log replay). */
export function replayImage(image: RecoveredImage, extendedTypesEnabled: boolean): DataTree {
  const tree = image.snapshot ? loadSnapshot(image.snapshot, extendedTypesEnabled) : new DataTree({ extendedTypesEnabled });
  const from = tree.lastProcessedZxid;
  for (const t of image.txns) if (t.hdr.zxid > from) tree.processTxn(t.hdr, t.body);
  tree.drainNotifications();
  return tree;
}

/** The live tree and the replayed log agree on every node and on the digest. */
export function checkAgainstReplay(tree: DataTree, replayed: DataTree): string[] {
  const out: string[] = [];
  if (replayed.lastProcessedZxid !== tree.lastProcessedZxid) out.push(`replay ends at zxid 0x${replayed.lastProcessedZxid.toString(16)}, tree at 0x${tree.lastProcessedZxid.toString(16)}`);
  if (replayed.getTreeDigest() !== tree.getTreeDigest()) out.push(`digest ${tree.getTreeDigest()} != replayed digest ${replayed.getTreeDigest()}`);
  for (const [path, n] of tree.nodes) {
    const r = replayed.nodes.get(path);
    if (!r) {
      out.push(`${path}: missing after replay`);
      continue;
    }
    if (r.mzxid !== n.mzxid || r.version !== n.version || r.cversion !== n.cversion || r.pzxid !== n.pzxid || r.aversion !== n.aversion) out.push(`${path}: stat differs after replay`);
  }
  for (const path of replayed.nodes.keys()) if (!tree.nodes.has(path)) out.push(`${path}: only in the replay`);
  return out;
}
