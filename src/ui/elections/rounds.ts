// Past election rounds, read from the world's semantic log: every electionDecided grouped by the
// round it settled (electionEpoch) and the leader it chose, as the report's electionsOf groups them,
// with each server's final vote, how long it was LOOKING, how it synced, and the leader's ZAB
// phases (discovery, synchronization, broadcast) until its leadership ended. The log only grows, so
// the index catches up from where it stopped: per frame it reads only the new entries.

import type { SemanticLogEntry } from '../../sim/World.ts';

export interface RoundDecision {
  readonly server: number;
  /** Virtual time of the decision. */
  readonly at: number;
  /** When this server last went LOOKING before deciding (null: not seen, e.g. before the log). */
  readonly lookingSince: number | null;
  readonly state: string;
  /** The vote it settled on. */
  readonly leader: number;
  readonly zxid: number;
  readonly peerEpoch: number;
  /** How the learner synced with the leader afterwards (DIFF, SNAP, TRUNC), if it did. */
  sync: string | null;
  /** When it started serving as a learner (learnerServing). */
  servingAt: number | null;
}

export interface RoundPhase {
  readonly phase: 'discovery' | 'synchronization' | 'broadcast';
  readonly epoch: number;
  readonly at: number;
}

export interface Round {
  /** `${electionEpoch}/${leader}` */
  readonly key: string;
  /** The round (logical clock) in which the vote settled. */
  readonly electionEpoch: number;
  readonly leader: number;
  readonly decisions: RoundDecision[];
  /** The leader's ZAB phases after it decided to lead in this round. */
  readonly phases: RoundPhase[];
  /** The epoch the leader established (its synchronization/broadcast epoch), once known. */
  epoch: number | null;
  /** When the leader reached broadcast (the ensemble can serve writes). */
  establishedAt: number | null;
  /** When and why the leader's role ended (roleEnded), if it did while the log was read. */
  ended: { readonly at: number; readonly reason: string } | null;
  /** Earliest time a deciding server went LOOKING. */
  startedAt: number;
  /** Latest decision. */
  lastAt: number;
}

export class RoundIndex {
  private cursor = 0;
  /** Bumped whenever a round changes (for memoizing views). */
  version = 0;
  readonly rounds: Round[] = [];
  private readonly byKey = new Map<string, Round>();
  private readonly lookingSince = new Map<number, number>();
  /** The round whose leader a server is (until its role ends). */
  private readonly leading = new Map<number, Round>();
  /** The round a learner last decided in (for its sync mode). */
  private readonly learning = new Map<number, RoundDecision>();

  constructor(private readonly log: readonly SemanticLogEntry[]) {}

  /** Read the entries added since the last call. */
  update(): this {
    const log = this.log;
    if (this.cursor >= log.length) return this;
    for (let i = this.cursor; i < log.length; i++) this.take(log[i]!);
    this.cursor = log.length;
    return this;
  }

  private take(e: SemanticLogEntry): void {
    const ev = e.event;
    const s = e.server;
    switch (ev.type) {
      case 'peerState':
        if (ev.state === 'LOOKING') {
          this.lookingSince.set(s, e.at);
          this.endLeading(s, e.at, 'went LOOKING');
          this.learning.delete(s);
        }
        return;
      case 'recovered':
        // A (re)start: the previous incarnation's role is over.
        this.endLeading(s, e.at, 'restarted');
        this.learning.delete(s);
        return;
      case 'roleEnded':
        this.endLeading(s, e.at, ev.reason);
        this.learning.delete(s);
        return;
      case 'electionDecided': {
        const key = `${ev.electionEpoch}/${ev.leader}`;
        let r = this.byKey.get(key);
        const since = this.lookingSince.get(s) ?? null;
        if (!r) {
          r = { key, electionEpoch: ev.electionEpoch, leader: ev.leader, decisions: [], phases: [], epoch: null, establishedAt: null, ended: null, startedAt: since ?? e.at, lastAt: e.at };
          this.byKey.set(key, r);
          this.rounds.push(r);
        }
        const d: RoundDecision = { server: s, at: e.at, lookingSince: since, state: ev.state, leader: ev.leader, zxid: ev.zxid, peerEpoch: ev.peerEpoch, sync: null, servingAt: null };
        // A server deciding twice in the same round (after a restart) keeps its latest decision.
        const old = r.decisions.findIndex((x) => x.server === s);
        if (old >= 0) r.decisions.splice(old, 1);
        r.decisions.push(d);
        r.decisions.sort((a, b) => a.server - b.server);
        if (since !== null && since < r.startedAt) r.startedAt = since;
        r.lastAt = Math.max(r.lastAt, e.at);
        if (ev.state === 'LEADING') {
          this.leading.set(s, r);
          r.ended = null;
        } else this.learning.set(s, d);
        this.version++;
        return;
      }
      case 'zabPhase': {
        const r = this.leading.get(s);
        if (!r) return;
        r.phases.push({ phase: ev.phase, epoch: ev.epoch, at: e.at });
        if (ev.epoch >= 0) r.epoch = ev.epoch;
        if (ev.phase === 'broadcast') r.establishedAt = e.at;
        this.version++;
        return;
      }
      case 'learnerSyncMode': {
        const d = this.learning.get(s);
        if (!d) return;
        d.sync = ev.mode;
        this.version++;
        return;
      }
      case 'learnerServing': {
        const d = this.learning.get(s);
        if (!d) return;
        d.servingAt = e.at;
        this.version++;
        return;
      }
      default:
        return;
    }
  }

  private endLeading(s: number, at: number, reason: string): void {
    const r = this.leading.get(s);
    if (!r) return;
    this.leading.delete(s);
    if (r.ended === null) r.ended = { at, reason };
    this.version++;
  }

  /** The round server `s` is currently leading, if any. */
  leadingRound(s: number): Round | null {
    return this.leading.get(s) ?? null;
  }
}

const indexes = new WeakMap<readonly SemanticLogEntry[], RoundIndex>();

/** The index of a world's semantic log, caught up. */
export function roundsOf(log: readonly SemanticLogEntry[]): RoundIndex {
  let ix = indexes.get(log);
  if (!ix) indexes.set(log, (ix = new RoundIndex(log)));
  return ix.update();
}

export function statusOf(r: Round): 'established' | 'establishing' | 'failed' {
  if (r.establishedAt !== null) return 'established';
  return r.ended === null ? 'establishing' : 'failed';
}
