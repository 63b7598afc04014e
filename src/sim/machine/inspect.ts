// Read-only questions the page asks a running server about its memory, answered out of band:
// nothing here changes the server's state or the world's trace, so looking at a server never
// changes what it does. Answers are plain data (session ids as 0x hex strings), fit for
// postMessage.

import { ephemeralKind } from '../../zk/EphemeralType.ts';
import type { ServerNode } from '../../zk/StandaloneServer.ts';
import type { Stat } from '../../zk/Stat.ts';
import { opName, type ACL } from '../../zk/ZooDefs.ts';
import { WatcherMode } from '../../zk/WatchManager.ts';
import { QuorumPeer } from '../../zk/quorum/QuorumPeer.ts';
import { LearnerSessionTracker } from '../../zk/quorum/QuorumZooKeeperServers.ts';
import { SERVER_STATE_NAMES } from '../../zk/quorum/QuorumPacket.ts';

const hexSid = (sid: bigint): string => `0x${BigInt.asUintN(64, sid).toString(16)}`;

export type ZnodeKind = 'persistent' | 'ephemeral' | 'container' | 'ttl';

/** One child as the tree view lists it. */
export interface ChildInfo {
  readonly name: string;
  readonly kind: ZnodeKind;
  /** Named with a 10-digit sequence suffix. */
  readonly sequential: boolean;
  /** Owner session (ephemerals), hex. */
  readonly owner: string | null;
  readonly numChildren: number;
  readonly czxid: number;
  readonly mzxid: number;
  /** Zxid of the last child created or deleted (changes exactly when cversion does). */
  readonly pzxid: number;
  /** As the client's Stat shows it. */
  readonly cversion: number;
  readonly dataLength: number;
}

export interface NodeDetail {
  readonly path: string;
  readonly kind: ZnodeKind;
  readonly data: Uint8Array | null;
  readonly stat: Stat;
  readonly acl: readonly ACL[];
}

export interface SessionInfo {
  readonly id: string;
  readonly timeout: number;
  /** The bucket (ExpiryQueue time, the server's clock) it will expire in, if this server tracks expiry. */
  readonly expiresAt: number | null;
  readonly closing: boolean;
  readonly ephemerals: readonly string[];
}

export interface SessionsAnswer {
  /** 'leader' and 'standalone' servers expire sessions; learners only forward touches. */
  readonly role: 'standalone' | 'leader' | 'learner' | 'none';
  readonly tickTime: number;
  /** The server's clock when asked (virtual ms). */
  readonly now: number;
  /** When the expiry thread next polls a bucket. */
  readonly nextExpiration: number | null;
  readonly sessions: readonly SessionInfo[];
  /** A learner's touches not yet sent to the leader with a ping. */
  readonly pendingTouches: readonly { readonly id: string; readonly timeout: number }[];
}

export type WatchKind = 'data' | 'child' | 'persistent' | 'persistentRecursive';

export interface WatchesAnswer {
  /** `exists`: the watched znode is in this server's tree (a data watch on a missing node is an exists watch). */
  readonly registrations: readonly { readonly path: string; readonly kind: WatchKind; readonly session: string; readonly conn: number; readonly exists: boolean }[];
  /** What wchs prints: connections, paths, total (data watches only, as DataTree.dumpWatchesSummary). */
  readonly wchs: { readonly connections: number; readonly paths: number; readonly total: number };
}

export interface TxnLogEntry {
  readonly zxid: number;
  readonly op: string;
  readonly path: string | null;
  readonly time: number;
  /** Applied to the tree (committed) on this server. */
  readonly committed: boolean;
}

export interface TxnLogAnswer {
  /** The newest logged txns, oldest first. */
  readonly entries: readonly TxnLogEntry[];
  readonly lastLogged: number;
  readonly lastCommitted: number;
  /** Leader only: proposals waiting for a quorum of ACKs, with the voters that acked. */
  readonly outstanding: readonly { readonly zxid: number; readonly acks: readonly number[] }[];
}

export interface ElectionAnswer {
  readonly state: string;
  readonly active: boolean;
  readonly logicalclock: number;
  readonly finalizing: boolean;
  readonly proposal: { readonly leader: number; readonly zxid: number; readonly peerEpoch: number };
  readonly voters: readonly number[];
  /** Votes of LOOKING peers this round (recvset) and of settled peers (outofelection). */
  readonly recvset: readonly { readonly from: number; readonly leader: number; readonly zxid: number; readonly electionEpoch: number; readonly peerEpoch: number }[];
  readonly outofelection: readonly { readonly from: number; readonly leader: number; readonly zxid: number; readonly electionEpoch: number; readonly peerEpoch: number; readonly state: string }[];
  /** Notifications received this round, oldest first. */
  readonly received: readonly { readonly at: number; readonly from: number; readonly leader: number; readonly zxid: number; readonly electionEpoch: number; readonly peerEpoch: number; readonly state: string }[];
}

export type InspectQuery =
  /** The children of a path, sorted (tab completion). */
  | { readonly kind: 'children'; readonly path: string }
  /** The children of a path with what the tree view shows of each, sorted by name. */
  | { readonly kind: 'childrenDetail'; readonly path: string }
  /** One znode: its data, stat and ACL. */
  | { readonly kind: 'node'; readonly path: string }
  | { readonly kind: 'sessions' }
  | { readonly kind: 'watches' }
  | { readonly kind: 'txnlog'; readonly limit?: number }
  | { readonly kind: 'election' };

export type InspectAnswer<Q extends InspectQuery> = Q extends { kind: 'children' }
  ? string[] | null
  : Q extends { kind: 'childrenDetail' }
    ? ChildInfo[] | null
    : Q extends { kind: 'node' }
      ? NodeDetail | null
      : Q extends { kind: 'sessions' }
        ? SessionsAnswer
        : Q extends { kind: 'watches' }
          ? WatchesAnswer
          : Q extends { kind: 'txnlog' }
            ? TxnLogAnswer
            : Q extends { kind: 'election' }
              ? ElectionAnswer | null
              : never;

const SEQUENTIAL = /\d{10}$/;

function kindOf(owner: bigint, extended: boolean): ZnodeKind {
  switch (ephemeralKind(owner, extended)) {
    case 'NORMAL':
      return 'ephemeral';
    case 'CONTAINER':
      return 'container';
    case 'TTL':
      return 'ttl';
    default:
      return 'persistent';
  }
}

function answer(node: ServerNode, q: InspectQuery): unknown {
  const tree = node.db.tree;
  const ext = tree.extendedTypesEnabled;
  switch (q.kind) {
    case 'children': {
      const n = tree.getNode(q.path);
      return n ? n.childNames().sort() : null;
    }
    case 'childrenDetail': {
      const n = tree.getNode(q.path);
      if (!n) return null;
      const base = q.path === '/' ? '/' : `${q.path}/`;
      return n
        .childNames()
        .sort()
        .map((name): ChildInfo => {
          const c = tree.getNode(base + name)!;
          const kind = kindOf(c.ephemeralOwner, ext);
          return { name, kind, sequential: SEQUENTIAL.test(name), owner: kind === 'ephemeral' ? hexSid(c.ephemeralOwner) : null, numChildren: c.numChildren, czxid: c.czxid, mzxid: c.mzxid, pzxid: c.pzxid, cversion: c.cversion * 2 - c.numChildren, dataLength: c.data?.length ?? 0 };
        });
    }
    case 'node': {
      const n = tree.getNode(q.path);
      if (!n) return null;
      return { path: q.path, kind: kindOf(n.ephemeralOwner, ext), data: n.data === null ? null : n.data.slice(), stat: tree.statOf(n), acl: tree.aclOf(n).map((a) => ({ perms: a.perms, id: { ...a.id } })) } satisfies NodeDetail;
    }
    case 'sessions':
      return sessions(node);
    case 'watches':
      return watches(node);
    case 'txnlog':
      return txnlog(node, q.limit ?? 200);
    case 'election':
      return election(node);
  }
}

function sessions(node: ServerNode): SessionsAnswer {
  const zks = node instanceof QuorumPeer ? node.roleServer : node.zks;
  const tracker = zks?.sessionTracker;
  const db = node.db;
  const ephemerals = (sid: bigint) => db.tree.getEphemerals(sid).javaOrder().sort();
  if (!zks || !tracker) {
    return { role: 'none', tickTime: 0, now: 0, nextExpiration: null, sessions: [...db.sessionsWithTimeouts].map(([id, timeout]) => ({ id: hexSid(id), timeout, expiresAt: null, closing: false, ephemerals: ephemerals(id) })), pendingTouches: [] };
  }
  const now = zks.now();
  if (tracker instanceof LearnerSessionTracker) {
    return {
      role: 'learner',
      tickTime: zks.cfg.tickTime,
      now,
      nextExpiration: null,
      sessions: [...db.sessionsWithTimeouts].map(([id, timeout]) => ({ id: hexSid(id), timeout, expiresAt: null, closing: false, ephemerals: ephemerals(id) })),
      pendingTouches: tracker.pendingTouches().map(([id, timeout]) => ({ id: hexSid(id), timeout })),
    };
  }
  return {
    role: node instanceof QuorumPeer ? 'leader' : 'standalone',
    tickTime: zks.cfg.tickTime,
    now,
    nextExpiration: tracker.expiryQueue.nextExpiration,
    sessions: [...tracker.sessionsById.values()].map((s) => ({ id: hexSid(s.sessionId), timeout: s.timeout, expiresAt: tracker.expiryQueue.expiryOf(s) ?? null, closing: s.isClosing, ephemerals: ephemerals(s.sessionId) })),
    pendingTouches: [],
  };
}

function watches(node: ServerNode): WatchesAnswer {
  const tree = node.db.tree;
  const factory = (node as { factory?: { get(c: number): { sessionId: bigint } | undefined } }).factory;
  const session = (w: number) => {
    const c = factory?.get(w);
    return c ? hexSid(c.sessionId) : `conn ${w}`;
  };
  const regs: { path: string; kind: WatchKind; session: string; conn: number; exists: boolean }[] = [];
  const seenPersistent = new Set<string>();
  for (const [mgr, kind] of [
    [tree.dataWatches, 'data'],
    [tree.childWatches, 'child'],
  ] as const) {
    for (const r of mgr.registrations()) {
      const exists = tree.getNode(r.path) !== undefined;
      if (r.mode === WatcherMode.STANDARD) regs.push({ path: r.path, kind, session: session(r.watcher), conn: r.watcher, exists });
      else {
        // addWatch puts a persistent watch in both managers: list it once.
        const key = `${r.path}\u0000${r.watcher}`;
        if (seenPersistent.has(key)) continue;
        seenPersistent.add(key);
        regs.push({ path: r.path, kind: r.mode === WatcherMode.PERSISTENT ? 'persistent' : 'persistentRecursive', session: session(r.watcher), conn: r.watcher, exists });
      }
    }
  }
  regs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.kind.localeCompare(b.kind) || a.session.localeCompare(b.session)));
  const s = tree.dataWatches.summary();
  return { registrations: regs, wchs: { connections: s.numConnections, paths: s.numPaths, total: s.totalWatches } };
}

function txnlog(node: ServerNode, limit: number): TxnLogAnswer {
  const db = node.db;
  const logged = db.loggedTxns;
  const committedUpTo = db.lastProcessedZxid;
  const entries = logged.slice(Math.max(0, logged.length - limit)).map((t) => {
    const body = t.body as { path?: unknown };
    return { zxid: t.hdr.zxid, op: opName(t.hdr.type), path: typeof body.path === 'string' ? body.path : null, time: t.hdr.time, committed: t.hdr.zxid <= committedUpTo };
  });
  const leader = node instanceof QuorumPeer ? node.leader : null;
  const outstanding = leader ? [...leader.outstandingProposals.entries()].sort((a, b) => a[0] - b[0]).map(([zxid, p]) => ({ zxid, acks: [...p.acks].sort((x, y) => x - y) })) : [];
  return { entries, lastLogged: db.lastLoggedZxid, lastCommitted: committedUpTo, outstanding };
}

function election(node: ServerNode): ElectionAnswer | null {
  if (!(node instanceof QuorumPeer)) return null;
  const f = node.fle;
  const vote = (from: number, v: { id: number; zxid: number; electionEpoch: number; peerEpoch: number }) => ({ from, leader: v.id, zxid: v.zxid, electionEpoch: v.electionEpoch, peerEpoch: v.peerEpoch });
  return {
    state: node.view().state,
    active: f.active,
    logicalclock: f.logicalclock,
    finalizing: f.finalizing,
    proposal: { leader: f.proposedLeader, zxid: f.proposedZxid, peerEpoch: f.proposedEpoch },
    voters: [...node.voters],
    recvset: [...f.recvset].map(([from, v]) => vote(from, v)),
    outofelection: [...f.outofelection].map(([from, v]) => ({ ...vote(from, v), state: SERVER_STATE_NAMES[v.state] ?? String(v.state) })),
    received: f.received.map((r) => ({ at: r.at, from: r.from, leader: r.n.leader, zxid: r.n.zxid, electionEpoch: r.n.electionEpoch, peerEpoch: r.n.peerEpoch, state: SERVER_STATE_NAMES[r.n.state] ?? String(r.n.state) })),
  };
}

export function inspect<Q extends InspectQuery>(node: ServerNode, q: Q): InspectAnswer<Q> {
  return answer(node, q) as InspectAnswer<Q>;
}
