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
//   liveness             once the network is whole, nothing is paused and a quorum of voters is
//                        up, a leader serves with every running server within livenessBound()
//   durability (on demand)     every acknowledged write is on a quorum's durable disks
//   replay (on demand)         each replica's tree equals the replay of its own disk
//   convergence (on demand)    after healing, a leader is established and all digests agree

import type { SemanticEvent } from '../../zk/events.ts';
import { isQuorum, MAX_NOTIFICATION_INTERVAL } from '../../zk/quorum/FastLeaderElection.ts';
import { sequence, andThen, type MaybePromise } from '../machine/maybe.ts';
import type { ServerView } from '../machine/ServerView.ts';
import type { SemanticLogEntry, World } from '../World.ts';

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
  /** Highest epochs seen per server and data directory (a wiped one starts over). */
  private readonly maxEpochs = new Map<string, { accepted: number; current: number }>();
  /** Acknowledged writes: zxid -> the first time it was acknowledged. */
  readonly acknowledged = new Map<number, number>();

  /** Since when the world has been healthy (null: it is not), and whether that period was flagged. */
  private healthySince: number | null = null;
  private livenessFlagged = false;

  constructor(private readonly world: World) {}

  /**
   * How long a healthy ensemble may take to serve again: a LOOKING server's notification interval
   * backs off to 60 s, then discovery and sync may each use initLimit ticks, and a follower needs
   * syncLimit ticks to notice a dead leader.
   */
  livenessBound(): number {
    let bound = 0;
    for (const h of this.world.servers.values()) {
      const c = h.cfg;
      bound = Math.max(bound, MAX_NOTIFICATION_INTERVAL + 2 * c.initLimit * c.tickTime + c.syncLimit * c.tickTime);
    }
    return bound;
  }

  /** No partition or cut, nothing paused, and a quorum of voters up (standalone worlds: never). */
  private healthy(): boolean {
    const w = this.world;
    if (w.blocked.size > 0 || w.isolatedClients.size > 0) return false;
    const voters: number[] = [];
    const up: number[] = [];
    for (const h of w.servers.values()) {
      if (h.status === 'paused') return false;
      if (!h.cfg.peers.some((p) => p.id === h.id && p.role === 'participant')) continue;
      voters.push(h.id);
      if (h.status === 'up' && h.view !== null && h.view.startError === null) up.push(h.id);
    }
    return voters.length > 0 && isQuorum(up, voters);
  }

  private checkLiveness(): void {
    if (!this.healthy()) {
      this.healthySince = null;
      this.livenessFlagged = false;
      return;
    }
    const now = this.world.now;
    this.healthySince ??= now;
    if (this.livenessFlagged || now - this.healthySince <= this.livenessBound()) return;
    const views = [...this.world.servers.values()].filter((h) => h.status === 'up' && h.view !== null && h.view.startError === null).map((h) => h.view!);
    const leaders = views.filter((v) => v.state === 'LEADING' && v.serving);
    const idle = views.filter((v) => !v.serving).map((v) => `s${v.id} ${v.state}`);
    if (leaders.length === 1 && idle.length === 0) return;
    this.livenessFlagged = true;
    this.fail('liveness', `healthy since ${this.healthySince} ms, yet ${leaders.length} serving leader(s)${idle.length ? `, not serving: ${idle.join(', ')}` : ''}`);
  }

  private fail(invariant: string, message: string): void {
    this.violations.push({ invariant, at: this.world.now, message });
  }

  /** Run after every event. Returns the new violations. */
  check(): Violation[] {
    const before = this.violations.length;
    const log = this.world.semanticLog;
    for (; this.seen < log.length; this.seen++) this.onEvent(log[this.seen]!);
    for (const h of this.world.servers.values()) {
      const p = h.probe;
      if (!p || h.status === 'down') continue;
      if (p.view.state !== 'STANDALONE') this.checkEpochs(`${h.id}@${h.wipes}`, p.view);
      for (const [path, sid] of p.orphanEphemerals) this.fail('ephemerals', `s${h.id} still has ${path} of closed session 0x${sid}`);
    }
    this.checkLiveness();
    return this.violations.slice(before);
  }

  private onEvent(entry: SemanticLogEntry): void {
    const { server, event: e } = entry;
    const incarnation = `${server}@${this.world.servers.get(server)?.incarnation ?? 0}`;
    switch (e.type) {
      case 'zabPhase':
        if (e.phase === 'broadcast') this.onLeaderEstablished(server, e.epoch, entry.established ?? []);
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
  private onLeaderEstablished(server: number, epoch: number, history: readonly (readonly [number, string])[]): void {
    const other = this.leaderOfEpoch.get(epoch);
    if (other !== undefined && other !== server) this.fail('leaderUniqueness', `s${server} established epoch ${epoch}, which s${other} already leads`);
    this.leaderOfEpoch.set(epoch, server);
    for (const [zxid, key] of history) this.recordCommitted(server, zxid, key);
  }

  /** key: server id and how many times its disk was wiped. */
  private checkEpochs(key: string, v: ServerView): void {
    if (!v.started) return;
    const id = v.id;
    const a = v.acceptedEpoch;
    const c = v.currentEpoch;
    if (c > a) this.fail('epochs', `s${id} currentEpoch ${c} > acceptedEpoch ${a}`);
    const m = this.maxEpochs.get(key);
    if (m !== undefined && (a < m.accepted || c < m.current)) this.fail('epochs', `s${id} epochs went back: accepted ${m.accepted}->${a}, current ${m.current}->${c}`);
    this.maxEpochs.set(key, { accepted: Math.max(a, m?.accepted ?? -1), current: Math.max(c, m?.current ?? -1) });
  }

  /** Every acknowledged write is on the durable disks of a quorum of voters. */
  checkDurability(): MaybePromise<Violation[]> {
    const before = this.violations.length;
    const voters: number[] = [];
    const images = new Map<number, { snap: number; zxids: Set<number> }>();
    const reads = [...this.world.servers.values()].map((h) => () => {
      if (h.cfg.peers.length > 0 && !h.cfg.peers.some((p) => p.id === h.id && p.role === 'participant')) return;
      voters.push(h.id);
      return andThen(h.machine.durableZxids(), (img) => {
        if (img !== null) images.set(h.id, { snap: img.snap, zxids: new Set(img.zxids) });
      });
    });
    return andThen(sequence(reads), () => {
      for (const zxid of this.acknowledged.keys()) {
        const holders = voters.filter((v) => {
          const i = images.get(v);
          return i !== undefined && (i.snap >= zxid || i.zxids.has(zxid));
        });
        if (voters.length > 0 && !isQuorum(holders, voters)) this.fail('durability', `acknowledged write ${hex(zxid)} is durable only on [${holders.join(',')}]`);
      }
      return this.violations.slice(before);
    });
  }

  /** Each running replica's tree equals the replay of its own disk. */
  checkReplay(): MaybePromise<Violation[]> {
    const before = this.violations.length;
    const checks = [...this.world.servers.values()].map((h) => () => {
      if (h.status === 'down') return;
      return andThen(h.machine.replayFindings(), (found) => {
        for (const v of found) this.fail('replay', `s${h.id}: ${v}`);
      });
    });
    return andThen(sequence(checks), () => this.violations.slice(before));
  }

  /** A leader is serving with a quorum, and every serving replica has the leader's digest. */
  checkConvergence(): Violation[] {
    const before = this.violations.length;
    const views = [...this.world.servers.values()].filter((h) => h.status === 'up' && h.view !== null && h.view.state !== 'STANDALONE').map((h) => h.view!);
    if (views.length === 0) return [];
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
