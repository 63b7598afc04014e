// ZooKeeper's guarantees, checked as the world runs (from the ZAB TLA+ specification and the
// ZooKeeper documentation). The checker reads the servers' semantic events and views after every
// event; the expensive checks (durability on a quorum, replay equality) run on demand.
//
//   leaderUniqueness     at most one leader establishes each epoch
//   committedAgreement   a zxid is committed with one txn only, and every server applies that txn
//   committedProposed    every committed txn was proposed (or inherited by an established leader)
//   appliedIncreasing    each server applies zxids in strictly increasing order
//   digests              after each txn, a replica's tree digest equals the one the leader computed
//   epochs               currentEpoch <= acceptedEpoch, and neither ever decreases across restarts
//   ephemerals           no ephemeral node belongs to a session the replica no longer has
//   durability (on demand)     every acknowledged write is on a quorum's durable disks
//   replay (on demand)         each replica's tree equals the replay of its own disk
//   convergence (on demand)    after healing, a leader is established and all digests agree

import type { SemanticEvent } from '../../zk/events.ts';
import { QuorumPeer } from '../../zk/quorum/QuorumPeer.ts';
import { isQuorum } from '../../zk/quorum/FastLeaderElection.ts';
import { txnKey } from '../../zk/txn.ts';
import { isDiskFault } from '../Disk.ts';
import { FileDisk } from '../FileDisk.ts';
import type { World } from '../World.ts';
import { checkAgainstReplay, replayImage } from './dataTreeInvariants.ts';

export interface Violation {
  readonly invariant: string;
  readonly at: number;
  readonly message: string;
}

function hex(z: number): string {
  return `0x${z.toString(16)}`;
}

export class ZabInvariants {
  readonly violations: Violation[] = [];
  private seen = 0;
  private readonly leaderOfEpoch = new Map<number, number>();
  /** zxid -> txn key, for every committed (or inherited-by-a-leader) txn. */
  private readonly committed = new Map<number, string>();
  private readonly proposed = new Map<number, string>();
  private readonly lastApplied = new Map<string, number>();
  private readonly maxEpochs = new Map<number, { accepted: number; current: number }>();
  /** Acknowledged writes: zxid -> the first time it was acknowledged. */
  readonly acknowledged = new Map<number, number>();

  constructor(private readonly world: World) {}

  private fail(invariant: string, message: string): void {
    this.violations.push({ invariant, at: this.world.now, message });
  }

  /** Run after every event. Returns the new violations. */
  check(): Violation[] {
    const before = this.violations.length;
    const log = this.world.semanticLog;
    for (; this.seen < log.length; this.seen++) {
      const { server, event } = log[this.seen]!;
      this.onEvent(server, event);
    }
    for (const h of this.world.servers.values()) {
      const node = h.server;
      if (!node || h.status === 'down') continue;
      if (node instanceof QuorumPeer) this.checkEpochs(h.id, node);
      this.checkEphemerals(h.id, node.db);
    }
    return this.violations.slice(before);
  }

  private onEvent(server: number, e: SemanticEvent): void {
    const incarnation = `${server}@${this.world.servers.get(server)?.incarnation ?? 0}`;
    switch (e.type) {
      case 'zabPhase':
        if (e.phase === 'broadcast') this.onLeaderEstablished(server, e.epoch);
        return;
      case 'proposed':
        this.proposed.set(e.zxid, e.key);
        return;
      case 'committed': {
        if (!this.proposed.has(e.zxid) && !this.committed.has(e.zxid)) this.fail('committedProposed', `s${server} committed ${hex(e.zxid)} which was never proposed`);
        this.recordCommitted(server, e.zxid, e.key);
        return;
      }
      case 'txnApplied': {
        const prev = this.lastApplied.get(incarnation);
        if (prev !== undefined && e.zxid <= prev) this.fail('appliedIncreasing', `s${server} applied ${hex(e.zxid)} after ${hex(prev)}`);
        this.lastApplied.set(incarnation, e.zxid);
        const k = this.committed.get(e.zxid);
        if (k !== undefined && k !== e.key) this.fail('committedAgreement', `s${server} applied ${hex(e.zxid)} as ${e.key}, but ${k} was committed there`);
        return;
      }
      case 'learnerSyncMode':
      case 'recovered':
        // A reloaded database starts a new applied sequence.
        this.lastApplied.delete(incarnation);
        return;
      case 'digestMismatch':
        this.fail('digests', `s${server} digest after ${hex(e.zxid)} is ${e.actual}, the leader computed ${e.expected}`);
        return;
      case 'acknowledged':
        if (!this.acknowledged.has(e.zxid)) this.acknowledged.set(e.zxid, this.world.now);
        return;
      default:
        return;
    }
  }

  private recordCommitted(server: number, zxid: number, key: string): void {
    const k = this.committed.get(zxid);
    if (k !== undefined && k !== key) this.fail('committedAgreement', `s${server} committed ${hex(zxid)} as ${key}, but ${k} was committed there before`);
    else this.committed.set(zxid, key);
  }

  /** A leader reached broadcast: its whole history is now committed. */
  private onLeaderEstablished(server: number, epoch: number): void {
    const other = this.leaderOfEpoch.get(epoch);
    if (other !== undefined && other !== server) this.fail('leaderUniqueness', `s${server} established epoch ${epoch}, which s${other} already leads`);
    this.leaderOfEpoch.set(epoch, server);
    const node = this.world.servers.get(server)?.server;
    if (!node) return;
    for (const t of node.db.committedLog) this.recordCommitted(server, t.hdr.zxid, txnKey(t));
    for (const t of node.db.loggedTxns) if (t.hdr.zxid <= node.db.lastProcessedZxid) this.recordCommitted(server, t.hdr.zxid, txnKey(t));
  }

  private checkEpochs(id: number, p: QuorumPeer): void {
    if (!p.started) return;
    const a = p.acceptedEpoch;
    const c = p.currentEpoch;
    if (c > a) this.fail('epochs', `s${id} currentEpoch ${c} > acceptedEpoch ${a}`);
    const m = this.maxEpochs.get(id);
    if (m !== undefined && (a < m.accepted || c < m.current)) this.fail('epochs', `s${id} epochs went back: accepted ${m.accepted}->${a}, current ${m.current}->${c}`);
    this.maxEpochs.set(id, { accepted: Math.max(a, m?.accepted ?? -1), current: Math.max(c, m?.current ?? -1) });
  }

  private checkEphemerals(id: number, db: { tree: { ephemeralsBySession(): Map<bigint, string[]> }; sessionsWithTimeouts: Map<bigint, number> }): void {
    for (const [sid, paths] of db.tree.ephemeralsBySession()) {
      if (paths.length > 0 && !db.sessionsWithTimeouts.has(sid)) this.fail('ephemerals', `s${id} still has ${paths[0]} of closed session 0x${BigInt.asUintN(64, sid).toString(16)}`);
    }
  }

  /** Every acknowledged write is on the durable disks of a quorum of voters. */
  checkDurability(): Violation[] {
    const before = this.violations.length;
    const voters: number[] = [];
    const images = new Map<number, { snap: number; zxids: Set<number> }>();
    for (const h of this.world.servers.values()) {
      if (h.cfg.peers.length > 0 && !h.cfg.peers.some((p) => p.id === h.id && p.role === 'participant')) continue;
      voters.push(h.id);
      if (!(h.disk instanceof FileDisk)) continue;
      const img = h.disk.peek(h.cfg.extendedTypesEnabled);
      if (isDiskFault(img)) continue;
      images.set(h.id, { snap: img.snapshot?.zxid ?? 0, zxids: new Set(img.txns.map((t) => t.hdr.zxid)) });
    }
    for (const zxid of this.acknowledged.keys()) {
      const holders = voters.filter((v) => {
        const i = images.get(v);
        return i !== undefined && (i.snap >= zxid || i.zxids.has(zxid));
      });
      if (voters.length > 0 && !isQuorum(holders, voters)) this.fail('durability', `acknowledged write ${hex(zxid)} is durable only on [${holders.join(',')}]`);
    }
    return this.violations.slice(before);
  }

  /** Each running replica's tree equals the replay of its own disk. */
  checkReplay(): Violation[] {
    const before = this.violations.length;
    for (const h of this.world.servers.values()) {
      const node = h.server;
      if (!node || h.status === 'down' || !(h.disk instanceof FileDisk)) continue;
      const img = h.disk.peek(h.cfg.extendedTypesEnabled);
      if (isDiskFault(img)) continue;
      const replayed = replayImage(img, h.cfg.extendedTypesEnabled);
      // Only committed state is comparable: a learner may have logged proposals not applied yet.
      if (replayed.lastProcessedZxid !== node.db.lastProcessedZxid) continue;
      for (const v of checkAgainstReplay(node.db.tree, replayed)) this.fail('replay', `s${h.id}: ${v}`);
    }
    return this.violations.slice(before);
  }

  /** A leader is serving with a quorum, and every serving replica has the leader's digest. */
  checkConvergence(): Violation[] {
    const before = this.violations.length;
    const peers = [...this.world.servers.values()].filter((h) => h.server instanceof QuorumPeer && h.status === 'up');
    if (peers.length === 0) return [];
    const views = peers.map((h) => (h.server as QuorumPeer).view());
    const leaders = views.filter((v) => v.state === 'LEADING' && v.serving);
    if (leaders.length !== 1) {
      this.fail('convergence', `expected one serving leader, found ${leaders.length}`);
      return this.violations.slice(before);
    }
    const leader = leaders[0]!;
    for (const v of views) {
      if (!v.serving) this.fail('convergence', `s${v.id} is ${v.state} and not serving`);
      // A new leader's lastProcessedZxid is the epoch's first zxid until it commits; compare trees.
      else if (v.digest !== leader.digest) this.fail('convergence', `s${v.id} at ${hex(v.lastCommitted)} digest ${v.digest}, leader s${leader.id} at ${hex(leader.lastCommitted)} digest ${leader.digest}`);
    }
    return this.violations.slice(before);
  }
}
