// Checks and summaries computed from a recovered disk image, wherever the disk lives.

import type { RecoveredImage } from '../../zk/effects.ts';
import type { ServerNode } from '../../zk/StandaloneServer.ts';
import { ZKDatabase } from '../../zk/ZKDatabase.ts';
import { isDiskFault, type DiskFault } from '../Disk.ts';
import { checkAgainstReplay, replayImage } from '../invariants/dataTreeInvariants.ts';
import type { DiskSummary } from './ServerMachine.ts';

export function durableZxidsOf(img: RecoveredImage | DiskFault): { snap: number; zxids: number[] } | null {
  if (isDiskFault(img)) return null;
  return { snap: img.snapshot?.zxid ?? 0, zxids: img.txns.map((t) => t.hdr.zxid) };
}

export function replayFindingsOf(node: ServerNode, img: RecoveredImage | DiskFault, extendedTypesEnabled: boolean): string[] {
  if (isDiskFault(img)) return [];
  // Nothing durable yet (an empty data directory whose initial snapshot is still being written):
  // a restart would build the tree from the configuration alone, as this one was.
  if (img.snapshot === null && img.txns.length === 0) return [];
  const replayed = replayImage(img, extendedTypesEnabled);
  // Only committed state is comparable: a learner may have logged proposals not applied yet.
  if (replayed.lastProcessedZxid !== node.db.lastProcessedZxid) return [];
  return checkAgainstReplay(node.db.tree, replayed);
}

export function summarizeImage(img: RecoveredImage | DiskFault, extendedTypesEnabled: boolean): DiskSummary {
  if (isDiskFault(img)) return { fault: img, acceptedEpoch: -1, currentEpoch: -1, lastZxid: -1, lastCommitted: -1, znodes: -1, digest: 0 };
  const db = new ZKDatabase(extendedTypesEnabled);
  db.load(img);
  return {
    fault: null,
    acceptedEpoch: img.acceptedEpoch,
    currentEpoch: img.currentEpoch,
    lastZxid: db.lastLoggedZxid,
    lastCommitted: db.lastProcessedZxid,
    znodes: db.tree.nodeCount,
    digest: db.tree.getTreeDigest(),
  };
}
