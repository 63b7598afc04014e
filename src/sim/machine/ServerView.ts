// What the world, its checkers and the page may know of a running server without reaching into
// its memory: computed inside the server's host after every input (in a Worker, it is what comes
// back with the effects).

import { txnKey } from '../../zk/txn.ts';
import type { Effect } from '../../zk/effects.ts';
import type { ServerNode } from '../../zk/StandaloneServer.ts';
import { QuorumPeer } from '../../zk/quorum/QuorumPeer.ts';
import type { Vote } from '../../zk/quorum/FastLeaderElection.ts';

export interface ServerView {
  readonly id: number;
  readonly state: 'STANDALONE' | 'LOOKING' | 'FOLLOWING' | 'LEADING' | 'OBSERVING';
  /** Why a quorum peer refused to start (it then does nothing), or null. */
  readonly startError: string | null;
  readonly started: boolean;
  readonly leader: number | null;
  /** -1 for a standalone server, which has no epoch files. */
  readonly acceptedEpoch: number;
  readonly currentEpoch: number;
  readonly lastZxid: number;
  readonly lastCommitted: number;
  readonly znodes: number;
  readonly digest: number;
  readonly serving: boolean;
  readonly vote: Vote | null;
  readonly round: number;
  /** A leader listening for learners on its quorum port. */
  readonly acceptsLearners: boolean;
}

/** Findings of the per-server invariants that need the server's memory. */
export interface ServerProbe {
  readonly view: ServerView;
  /** Ephemeral nodes whose owner session the replica no longer has (path, session hex). */
  readonly orphanEphemerals: readonly (readonly [string, string])[];
  /** When this input established a leader: its whole history (zxid, txn key), now committed. */
  readonly established: readonly (readonly [number, string])[] | null;
}

export function viewOf(id: number, node: ServerNode): ServerView {
  const db = node.db;
  if (node instanceof QuorumPeer) {
    const v = node.view();
    return { ...v, startError: node.startError, started: node.started, acceptsLearners: node.acceptsLearners };
  }
  return {
    id,
    state: 'STANDALONE',
    startError: null,
    started: true,
    leader: null,
    acceptedEpoch: -1,
    currentEpoch: -1,
    lastZxid: db.lastLoggedZxid,
    lastCommitted: db.lastProcessedZxid,
    znodes: db.tree.nodeCount,
    digest: db.tree.getTreeDigest(),
    serving: node.zks !== null,
    vote: null,
    round: 0,
    acceptsLearners: false,
  };
}

export function probe(id: number, node: ServerNode, effects: readonly Effect[]): ServerProbe {
  const db = node.db;
  const orphanEphemerals: [string, string][] = [];
  for (const sid of db.tree.ephemeralOwners()) {
    if (!db.sessionsWithTimeouts.has(sid)) orphanEphemerals.push([db.tree.getEphemerals(sid).javaOrder()[0] ?? '?', BigInt.asUintN(64, sid).toString(16)]);
  }
  let established: [number, string][] | null = null;
  if (effects.some((e) => e.kind === 'event' && e.event.type === 'zabPhase' && e.event.phase === 'broadcast')) {
    established = [];
    for (const t of db.committedLog) established.push([t.hdr.zxid, txnKey(t)]);
    for (const t of db.loggedTxns) if (t.hdr.zxid <= db.lastProcessedZxid) established.push([t.hdr.zxid, txnKey(t)]);
  }
  return { view: viewOf(id, node), orphanEphemerals, established };
}
