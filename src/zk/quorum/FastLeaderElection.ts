// org.apache.zookeeper.server.quorum.FastLeaderElection, as an event-driven state machine.
// lookForLeader's blocking loop becomes: start() (new round), receive() (a notification off the
// queue), timeout() (recvqueue.poll timed out, or finalizeWait expired).

import { ServerState, type Notification, type ServerStateValue } from './QuorumPacket.ts';

/** org.apache.zookeeper.server.quorum.Vote. */
export interface Vote {
  readonly id: number;
  readonly zxid: number;
  readonly electionEpoch: number;
  readonly peerEpoch: number;
  readonly state: ServerStateValue;
}

/** Vote.equals: LOOKING votes compare everything; votes of settled servers compare leader and epoch. */
export function voteEquals(a: Vote, b: Vote): boolean {
  if (a.state === ServerState.LOOKING || b.state === ServerState.LOOKING) {
    return a.id === b.id && a.zxid === b.zxid && a.electionEpoch === b.electionEpoch && a.peerEpoch === b.peerEpoch;
  }
  return a.id === b.id && a.peerEpoch === b.peerEpoch;
}

/** Long.MIN_VALUE stands for "no id / no zxid / no epoch" (observers' initial vote). */
export const NONE = -Number.MAX_SAFE_INTEGER;

export const FINALIZE_WAIT = 200;
export const MIN_NOTIFICATION_INTERVAL = FINALIZE_WAIT;
export const MAX_NOTIFICATION_INTERVAL = 60000;

export interface FleHost {
  readonly myid: number;
  /** Voting members of the current configuration. */
  readonly voters: readonly number[];
  /** PARTICIPANT (votes) or OBSERVER. */
  readonly isParticipant: boolean;
  getLastLoggedZxid(): number;
  getCurrentEpoch(): number;
  sendNotification(to: number, n: Notification): void;
  /** The election's single timer (poll timeout or finalizeWait); null cancels. */
  setElectionTimer(at: number | null): void;
  now(): number;
  /** lookForLeader returned. */
  decided(vote: Vote, state: ServerStateValue): void;
  /** For views: the round's progress changed. */
  onChange?(): void;
}

export interface ReceivedVote {
  readonly from: number;
  readonly vote: Vote;
}

/** SyncedLearnerTracker.hasAllQuorums for a single majority configuration. */
export function isQuorum(acks: Iterable<number>, voters: readonly number[]): boolean {
  const set = new Set(voters);
  let n = 0;
  for (const a of acks) if (set.has(a)) n++;
  return n > voters.length / 2;
}

export class FastLeaderElection {
  logicalclock = 0;
  proposedLeader = -1;
  proposedZxid = -1;
  proposedEpoch = -1;
  /** Votes of LOOKING peers in this round (recvset). */
  readonly recvset = new Map<number, Vote>();
  /** Votes of peers already FOLLOWING/LEADING (outofelection). */
  readonly outofelection = new Map<number, Vote>();
  private notTimeout = MIN_NOTIFICATION_INTERVAL;
  /** In finalizeWait: a quorum agreed; any better notification restarts the round's loop. */
  finalizing = false;
  active = false;
  /** Notifications received this round, newest last (for views). */
  readonly received: { at: number; from: number; n: Notification }[] = [];

  constructor(private readonly host: FleHost) {}

  private get initId(): number {
    return this.host.voters.includes(this.host.myid) ? this.host.myid : NONE;
  }

  private get initLastLoggedZxid(): number {
    return this.host.isParticipant ? this.host.getLastLoggedZxid() : NONE;
  }

  private get initPeerEpoch(): number {
    return this.host.isParticipant ? this.host.getCurrentEpoch() : NONE;
  }

  getVote(): Vote {
    return { id: this.proposedLeader, zxid: this.proposedZxid, electionEpoch: this.logicalclock, peerEpoch: this.proposedEpoch, state: ServerState.LOOKING };
  }

  private updateProposal(leader: number, zxid: number, epoch: number): void {
    this.proposedLeader = leader;
    this.proposedZxid = zxid;
    this.proposedEpoch = epoch;
  }

  /** totalOrderPredicate: higher epoch, then higher zxid, then higher id wins. Non-voters never win. */
  totalOrderPredicate(newId: number, newZxid: number, newEpoch: number, curId: number, curZxid: number, curEpoch: number): boolean {
    if (!this.host.voters.includes(newId)) return false;
    return newEpoch > curEpoch || (newEpoch === curEpoch && (newZxid > curZxid || (newZxid === curZxid && newId > curId)));
  }

  private sendNotifications(): void {
    for (const sid of this.host.voters) {
      this.host.sendNotification(sid, { state: ServerState.LOOKING, leader: this.proposedLeader, zxid: this.proposedZxid, electionEpoch: this.logicalclock, peerEpoch: this.proposedEpoch });
    }
  }

  /** lookForLeader's start: a new round. */
  start(): void {
    this.recvset.clear();
    this.outofelection.clear();
    this.received.length = 0;
    this.notTimeout = MIN_NOTIFICATION_INTERVAL;
    this.finalizing = false;
    this.active = true;
    this.logicalclock++;
    this.updateProposal(this.initId, this.initLastLoggedZxid, this.initPeerEpoch);
    this.sendNotifications();
    this.host.setElectionTimer(this.host.now() + this.notTimeout);
    this.host.onChange?.();
  }

  /** leaveInstance / shutdown: the round is over. */
  stop(): void {
    this.active = false;
    this.finalizing = false;
    this.host.setElectionTimer(null);
  }

  /** The poll timed out (or finalizeWait expired without a better vote). */
  timeout(): void {
    if (!this.active) return;
    if (this.finalizing) {
      this.finalizing = false;
      this.finish(this.proposedLeader, this.proposedZxid, this.proposedEpoch);
      return;
    }
    // haveDelivered(): our links deliver whatever they are given, so resend.
    this.sendNotifications();
    this.notTimeout = Math.min(this.notTimeout * 2, MAX_NOTIFICATION_INTERVAL);
    this.host.setElectionTimer(this.host.now() + this.notTimeout);
  }

  /** A notification taken off the receive queue while LOOKING. */
  receive(from: number, n: Notification): void {
    if (!this.active) return;
    this.received.push({ at: this.host.now(), from, n });
    if (this.received.length > 200) this.received.shift();
    if (this.finalizing) {
      // recvqueue.poll(finalizeWait): a better vote goes back on the queue and the loop resumes;
      // anything else is taken and dropped.
      if (this.totalOrderPredicate(n.leader, n.zxid, n.peerEpoch, this.proposedLeader, this.proposedZxid, this.proposedEpoch)) {
        this.finalizing = false;
      } else {
        this.host.onChange?.();
        return;
      }
    }
    if (!(this.host.voters.includes(from) && this.host.voters.includes(n.leader))) {
      this.resetPollTimer();
      return;
    }
    switch (n.state) {
      case ServerState.LOOKING:
        this.receiveLooking(from, n);
        break;
      case ServerState.OBSERVING:
        break;
      case ServerState.FOLLOWING:
      case ServerState.LEADING:
        this.receivedFollowingNotification(from, n);
        break;
    }
    if (this.active && !this.finalizing) this.resetPollTimer();
    this.host.onChange?.();
  }

  private resetPollTimer(): void {
    if (this.active && !this.finalizing) this.host.setElectionTimer(this.host.now() + this.notTimeout);
  }

  private receiveLooking(from: number, n: Notification): void {
    if (this.initLastLoggedZxid === -1) return;
    if (n.zxid === -1) return;
    if (n.electionEpoch > this.logicalclock) {
      this.logicalclock = n.electionEpoch;
      this.recvset.clear();
      if (this.totalOrderPredicate(n.leader, n.zxid, n.peerEpoch, this.initId, this.initLastLoggedZxid, this.initPeerEpoch)) this.updateProposal(n.leader, n.zxid, n.peerEpoch);
      else this.updateProposal(this.initId, this.initLastLoggedZxid, this.initPeerEpoch);
      this.sendNotifications();
    } else if (n.electionEpoch < this.logicalclock) {
      return;
    } else if (this.totalOrderPredicate(n.leader, n.zxid, n.peerEpoch, this.proposedLeader, this.proposedZxid, this.proposedEpoch)) {
      this.updateProposal(n.leader, n.zxid, n.peerEpoch);
      this.sendNotifications();
    }
    this.recvset.set(from, { id: n.leader, zxid: n.zxid, electionEpoch: n.electionEpoch, peerEpoch: n.peerEpoch, state: ServerState.LOOKING });
    const mine: Vote = { id: this.proposedLeader, zxid: this.proposedZxid, electionEpoch: this.logicalclock, peerEpoch: this.proposedEpoch, state: ServerState.LOOKING };
    if (isQuorum(this.acksFor(this.recvset, mine), this.host.voters)) {
      // Wait finalizeWait for a better vote before settling.
      this.finalizing = true;
      this.host.setElectionTimer(this.host.now() + FINALIZE_WAIT);
    }
  }

  private acksFor(votes: ReadonlyMap<number, Vote>, vote: Vote): number[] {
    const acks: number[] = [];
    for (const [sid, v] of votes) if (voteEquals(vote, v)) acks.push(sid);
    return acks;
  }

  /** checkLeader: the leader must itself say it is LEADING (or be us, in this very round). */
  private checkLeader(votes: ReadonlyMap<number, Vote>, leader: number, electionEpoch: number): boolean {
    if (leader !== this.host.myid) {
      const v = votes.get(leader);
      return v !== undefined && v.state === ServerState.LEADING;
    }
    return this.logicalclock === electionEpoch;
  }

  private receivedFollowingNotification(from: number, n: Notification): void {
    const v: Vote = { id: n.leader, zxid: n.zxid, electionEpoch: n.electionEpoch, peerEpoch: n.peerEpoch, state: n.state };
    if (n.electionEpoch === this.logicalclock) {
      this.recvset.set(from, v);
      if (isQuorum(this.acksFor(this.recvset, v), this.host.voters) && this.checkLeader(this.recvset, n.leader, n.electionEpoch)) {
        this.finish(n.leader, n.zxid, n.peerEpoch, n.electionEpoch);
        return;
      }
    }
    // Joining an ensemble that already has a leader: a quorum of FOLLOWING/LEADING votes.
    this.outofelection.set(from, v);
    if (isQuorum(this.acksFor(this.outofelection, v), this.host.voters) && this.checkLeader(this.outofelection, n.leader, n.electionEpoch)) {
      this.logicalclock = n.electionEpoch;
      this.finish(n.leader, n.zxid, n.peerEpoch, n.electionEpoch);
    }
  }

  private finish(leader: number, zxid: number, peerEpoch: number, electionEpoch = this.logicalclock): void {
    const state = leader === this.host.myid ? ServerState.LEADING : this.host.isParticipant ? ServerState.FOLLOWING : ServerState.OBSERVING;
    this.stop();
    this.host.decided({ id: leader, zxid, electionEpoch, peerEpoch, state: ServerState.LOOKING }, state);
  }
}
