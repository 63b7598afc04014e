// org.apache.zookeeper.server.quorum.Leader and LearnerHandler as event-driven state machines.
// lead(): discovery (a quorum of FOLLOWERINFOs fixes the new epoch; a quorum of ACKEPOCHs
// confirms it), synchronization (DIFF / TRUNC / SNAP per learner, NEWLEADER acked by a quorum),
// then broadcast (PROPOSAL, quorum ACK, COMMIT in zxid order, INFORM to observers) with a
// heartbeat every tickTime/2 that drops the leadership without a synced quorum.
// Every blocking wait of the Java threads is a phase with a deadline here.

import type { Request } from '../Request.ts';
import { newRequest } from '../Request.ts';
import { takeSnapshot } from '../Snapshot.ts';
import { txnKey, type Txn } from '../txn.ts';
import { OpCode } from '../ZooDefs.ts';
import { isQuorum } from './FastLeaderElection.ts';
import type { PeerContext } from './PeerContext.ts';
import { epochOf, makeZxid, PacketType, type QuorumPacket } from './QuorumPacket.ts';
import { LeaderZooKeeperServer, learnerSyncRequest, logLatency, type LeaderApi } from './QuorumZooKeeperServers.ts';
import { BufferStats } from '../fourletter/ServerMetrics.ts';
import { serializeTxn } from '../persistence/SerializeUtils.ts';

/** StateSummary: a peer's (currentEpoch, lastZxid). */
interface StateSummary {
  readonly currentEpoch: number;
  readonly lastZxid: number;
}

/** LearnerHandler.markerPacketInterval. */
const MARKER_PACKET_INTERVAL = 1000;
/** zookeeper.leader.ackLoggingFrequency's default. */
const ACK_LOGGING_FREQUENCY = 1000;

function moreRecent(a: StateSummary, b: StateSummary): boolean {
  return a.currentEpoch > b.currentEpoch || (a.currentEpoch === b.currentEpoch && a.lastZxid > b.lastZxid);
}

interface Proposal {
  readonly zxid: number;
  readonly request: Request;
  readonly txn: Txn;
  readonly acks: Set<number>;
}

type HandlerPhase = 'info' | 'waitEpoch' | 'waitAckEpoch' | 'waitEpochAcks' | 'waitNewLeaderAck' | 'waitNewLeaderQuorum' | 'waitRunning' | 'broadcast' | 'dead';

/** One learner's connection, seen from the leader (LearnerHandler). */
export class LearnerHandler {
  sid = -1;
  isObserver = false;
  phase: HandlerPhase = 'info';
  tickOfNextAckDeadline = 0;
  /** The learner's lastZxid from ACKEPOCH. */
  peerLastZxid = -1;
  /** Sync mode chosen for this learner. */
  syncMode: 'DIFF' | 'TRUNC' | 'SNAP' | 'TRUNC+DIFF' | null = null;
  /** Proposals sent to this learner not yet acked, oldest first (SyncLimitCheck). */
  readonly unacked: { zxid: number; sentAt: number }[] = [];
  /** Forwarding: new proposals are sent to this learner. */
  forwarding = false;
  /** The sync throttler this handler's sync counts against until its NEWLEADER ACK (mntr's inflight counts). */
  syncThrottle: 'diff' | 'snap' | null = null;
  /** LearnerHandler.packetCounter: queuePacket calls, for the marker packet every 1000. */
  packetCounter = 0;

  constructor(readonly link: number) {}

  get timerName(): string {
    return `lh${this.link}`;
  }
}

export class Leader implements LeaderApi {
  readonly zk: LeaderZooKeeperServer;
  readonly handlers = new Map<number, LearnerHandler>();
  /** The epoch being established; -1 until decided. */
  epoch = -1;
  private waitingForNewEpoch = true;
  private readonly connectingFollowers = new Set<number>();
  private electionFinished = false;
  private readonly electingFollowers = new Set<number>();
  private quorumFormed = false;
  private readonly newLeaderAcks = new Set<number>();
  private leaderStateSummary!: StateSummary;
  newLeaderZxid = 0;
  phase: 'epoch' | 'ackEpoch' | 'newLeaderAck' | 'broadcast' | 'shutdown' = 'epoch';
  tick = 0;
  private tickSkip = true;
  readonly outstandingProposals = new Map<number, Proposal>();
  readonly toBeApplied: Proposal[] = [];
  lastCommitted = 0;
  lastProposed = 0;
  private readonly pendingSyncs = new Map<number, { request: Request; handler: LearnerHandler }[]>();
  /** Leader's own deadline for its current wait. */
  private waitDeadline = 0;
  proposalCount = 0;
  /** Leader.getProposalStats(): serialized sizes of the proposals (stat's "Proposal sizes"). */
  readonly proposalStats = new BufferStats();
  /** Elapsed time the leader started its server (leaderStartTime), 0 before. */
  private leaderStartTime: number | null = null;
  /** LearnerSyncThrottler.getSyncInProgress of the diff and snap throttlers. */
  private readonly syncsInProgress = { diff: 0, snap: 0 };

  constructor(private readonly peer: PeerContext) {
    this.zk = new LeaderZooKeeperServer(peer.serverContext(), this);
  }

  get myid(): number {
    return this.peer.myid;
  }

  get peerStateText(): string {
    return `leading - ${this.phase === 'broadcast' ? 'broadcast' : this.phase === 'newLeaderAck' ? 'synchronization' : 'discovery'}`;
  }

  // ---- what the leader's gauges read (LeaderZooKeeperServer.registerMetrics) ----

  /** getLearners(): every LearnerHandler whose thread runs, identified or not. */
  get learnerCount(): number {
    return [...this.handlers.values()].filter((h) => h.phase !== 'dead').length;
  }

  /** getForwardingFollowers(): followers (not observers) whose sync started forwarding. */
  get forwardingFollowerCount(): number {
    return [...this.handlers.values()].filter((h) => h.forwarding && !h.isObserver).length;
  }

  /** getNonVotingFollowers(): forwarding followers that are not voting members. */
  get nonVotingFollowerCount(): number {
    return [...this.handlers.values()].filter((h) => h.forwarding && !h.isObserver && !this.peer.voters.includes(h.sid)).length;
  }

  /** getObservingLearners(). */
  get observingLearnerCount(): number {
    return [...this.handlers.values()].filter((h) => h.forwarding && h.isObserver).length;
  }

  /** getNumPendingSyncs(): pendingSyncs.size(), the zxids with syncs waiting. */
  get numPendingSyncs(): number {
    return this.pendingSyncs.size;
  }

  get uptime(): number {
    return this.leaderStartTime !== null ? this.peer.now() - this.leaderStartTime : 0;
  }

  private get initWait(): number {
    return this.peer.cfg.initLimit * this.peer.cfg.tickTime;
  }

  private get syncWait(): number {
    return this.peer.cfg.syncLimit * this.peer.cfg.tickTime;
  }

  // ---- lead() ----

  lead(): void {
    const db = this.peer.db;
    // zk.loadData(): the database is loaded; clean dead sessions, take a snapshot.
    this.zk.setZxid(db.lastProcessedZxid);
    this.zk.killDeadSessions();
    this.zk.takeSnapshot();
    this.leaderStateSummary = { currentEpoch: this.peer.currentEpoch, lastZxid: db.lastProcessedZxid };
    this.peer.event({ type: 'zabPhase', phase: 'discovery', epoch: -1 });
    this.getEpochToPropose(this.peer.myid, this.peer.acceptedEpoch, null);
    this.waitDeadline = this.peer.now() + this.initWait;
    this.peer.setTimer('wait', this.waitDeadline);
    this.advance();
  }

  /** Move the leader's own flow as far as its waits allow. */
  private advance(): void {
    if (this.phase === 'epoch') {
      if (this.waitingForNewEpoch) return;
      this.zk.setZxid(makeZxid(this.epoch, 0));
      this.lastProposed = this.zk.zxid;
      this.newLeaderZxid = this.zk.zxid;
      this.phase = 'ackEpoch';
      this.waitForEpochAck(this.peer.myid, this.leaderStateSummary);
      this.waitDeadline = this.peer.now() + this.initWait;
      this.peer.setTimer('wait', this.waitDeadline);
    }
    if (this.phase === 'ackEpoch') {
      if (!this.electionFinished) return;
      this.peer.setCurrentEpoch(this.epoch);
      this.phase = 'newLeaderAck';
      this.peer.event({ type: 'zabPhase', phase: 'synchronization', epoch: this.epoch });
      this.waitForNewLeaderAck(this.peer.myid, this.newLeaderZxid);
      this.waitDeadline = this.peer.now() + this.initWait;
      this.peer.setTimer('wait', this.waitDeadline);
    }
    if (this.phase === 'newLeaderAck') {
      if (!this.quorumFormed) return;
      this.peer.cancelTimer('wait');
      this.startZkServer();
      this.phase = 'broadcast';
      this.peer.event({ type: 'zabPhase', phase: 'broadcast', epoch: this.epoch });
      for (const h of this.handlers.values()) if (h.phase === 'waitRunning' || h.phase === 'waitNewLeaderQuorum') this.sendUpToDate(h);
      this.peer.setTimer('tick', this.peer.now() + Math.floor(this.peer.cfg.tickTime / 2));
    }
  }

  /** Leader.startZkServer. */
  private startZkServer(): void {
    this.lastCommitted = this.zk.zxid;
    this.leaderStartTime = this.peer.now();
    this.zk.startup();
    this.peer.updateElectionVote(this.epoch);
    // zk.getZKDatabase().setlastProcessedZxid(zk.getZxid()): the new epoch starts at counter 0.
    this.peer.db.tree.lastProcessedZxid = this.zk.zxid;
  }

  /** Leader.getEpochToPropose. Returns true when the epoch is decided. */
  private getEpochToPropose(sid: number, lastAcceptedEpoch: number, h: LearnerHandler | null): boolean {
    if (!this.waitingForNewEpoch) return true;
    if (lastAcceptedEpoch >= this.epoch) this.epoch = lastAcceptedEpoch + 1;
    if (this.peer.voters.includes(sid)) this.connectingFollowers.add(sid);
    if (this.connectingFollowers.has(this.peer.myid) && isQuorum(this.connectingFollowers, this.peer.voters)) {
      this.waitingForNewEpoch = false;
      this.peer.setAcceptedEpoch(this.epoch);
      this.peer.event({ type: 'epochProposed', epoch: this.epoch, connected: [...this.connectingFollowers] });
      // Everyone waiting in getEpochToPropose wakes up.
      for (const other of this.handlers.values()) if (other.phase === 'waitEpoch' && other !== h) this.sendLeaderInfo(other);
      return true;
    }
    return false;
  }

  /** Leader.waitForEpochAck. Throws the learner out if it is ahead of us. */
  private waitForEpochAck(sid: number, ss: StateSummary): 'ok' | 'wait' | 'ahead' {
    if (this.electionFinished) return 'ok';
    if (ss.currentEpoch !== -1) {
      if (moreRecent(ss, this.leaderStateSummary)) return 'ahead';
      if (ss.lastZxid !== -1 && this.peer.voters.includes(sid)) this.electingFollowers.add(sid);
    }
    if (this.electingFollowers.has(this.peer.myid) && isQuorum(this.electingFollowers, this.peer.voters)) {
      this.electionFinished = true;
      // Every handler blocked in waitForEpochAck goes on to sync its learner.
      for (const h of [...this.handlers.values()]) if (h.phase === 'waitEpochAcks') this.syncLearner(h);
      return 'ok';
    }
    return 'wait';
  }

  /** Leader.waitForNewLeaderAck. */
  private waitForNewLeaderAck(sid: number, zxid: number): boolean {
    if (this.quorumFormed) return true;
    if (zxid !== this.newLeaderZxid) return false; // "NEWLEADER ACK from sid is from a different epoch"
    this.newLeaderAcks.add(sid);
    if (isQuorum(this.newLeaderAcks, this.peer.voters)) {
      this.quorumFormed = true;
      // Handlers blocked in waitForNewLeaderAck now wait for the server to run.
      for (const h of this.handlers.values()) if (h.phase === 'waitNewLeaderQuorum') h.phase = 'waitRunning';
      return true;
    }
    return false;
  }

  // ---- learner connections ----

  accept(link: number): void {
    if (this.phase === 'shutdown') {
      this.peer.quorumClose(link);
      return;
    }
    const h = new LearnerHandler(link);
    this.handlers.set(link, h);
    // Until FOLLOWERINFO arrives the handler waits like any socket read (initLimit).
    this.peer.setTimer(h.timerName, this.peer.now() + this.initWait);
  }

  closed(link: number): void {
    const h = this.handlers.get(link);
    if (h) this.handlerShutdown(h, false);
  }

  packet(link: number, qp: QuorumPacket): void {
    const h = this.handlers.get(link);
    if (!h || h.phase === 'dead') return;
    switch (h.phase) {
      case 'info':
        this.onLearnerInfo(h, qp);
        return;
      case 'waitAckEpoch':
        this.onAckEpoch(h, qp);
        return;
      case 'waitNewLeaderAck':
        this.onNewLeaderAck(h, qp);
        return;
      case 'waitEpoch':
      case 'waitEpochAcks':
      case 'waitNewLeaderQuorum':
      case 'waitRunning':
        // The handler thread is blocked; the packet waits in the socket. In practice learners
        // send nothing here; treat anything else as a protocol error.
        this.handlerShutdown(h, true);
        return;
      case 'broadcast':
        this.onBroadcastPacket(h, qp);
        return;
    }
  }

  private onLearnerInfo(h: LearnerHandler, qp: QuorumPacket): void {
    if (qp.type !== PacketType.FOLLOWERINFO && qp.type !== PacketType.OBSERVERINFO) {
      this.handlerShutdown(h, true);
      return;
    }
    const info = qp.data?.kind === 'learnerInfo' ? qp.data : null;
    if (info === null) {
      this.handlerShutdown(h, true);
      return;
    }
    h.sid = info.sid;
    h.isObserver = qp.type === PacketType.OBSERVERINFO;
    h.tickOfNextAckDeadline = this.tick + this.peer.cfg.initLimit + this.peer.cfg.syncLimit;
    this.peer.event({ type: 'learnerConnected', sid: h.sid, observer: h.isObserver, acceptedEpoch: epochOf(qp.zxid) });
    const lastAcceptedEpoch = epochOf(qp.zxid);
    if (this.getEpochToPropose(h.sid, lastAcceptedEpoch, h)) {
      this.sendLeaderInfo(h);
      this.advance();
    } else {
      h.phase = 'waitEpoch';
      this.peer.setTimer(h.timerName, this.peer.now() + this.initWait);
    }
  }

  private sendLeaderInfo(h: LearnerHandler): void {
    h.phase = 'waitAckEpoch';
    this.peer.quorumSend(h.link, { type: PacketType.LEADERINFO, zxid: makeZxid(this.epoch, 0), data: { kind: 'int', value: 0x10000 } });
    this.peer.setTimer(h.timerName, this.peer.now() + this.initWait);
  }

  private onAckEpoch(h: LearnerHandler, qp: QuorumPacket): void {
    if (qp.type !== PacketType.ACKEPOCH) {
      this.handlerShutdown(h, true);
      return;
    }
    const learnerEpoch = qp.data?.kind === 'int' ? qp.data.value : -1;
    const ss: StateSummary = { currentEpoch: learnerEpoch, lastZxid: qp.zxid };
    h.peerLastZxid = qp.zxid;
    const r = this.waitForEpochAck(h.sid, ss);
    if (r === 'ahead') {
      // "Follower is ahead of the leader, leader summary: ..."
      this.peer.event({ type: 'learnerRejected', sid: h.sid, reason: 'follower is ahead of the leader' });
      this.handlerShutdown(h, true);
      return;
    }
    if (r === 'ok') {
      if (h.phase === 'waitAckEpoch') this.syncLearner(h);
    } else {
      h.phase = 'waitEpochAcks';
      this.peer.setTimer(h.timerName, this.peer.now() + this.initWait);
    }
    this.advance();
  }

  /** LearnerHandler.syncFollower and what follows it: sync packets, NEWLEADER. */
  private syncLearner(h: LearnerHandler): void {
    if (h.phase === 'dead') return;
    const db = this.peer.db;
    const peerLastZxid = h.peerLastZxid;
    const packets: QuorumPacket[] = [];
    const isPeerNewEpochZxid = peerLastZxid % 0x100000000 === 0;
    let currentZxid = peerLastZxid;
    let needSnap = true;
    let needOpPacket = true;
    let maxCommittedLog = db.maxCommittedLog;
    let minCommittedLog = db.minCommittedLog;
    const lastProcessedZxid = db.lastProcessedZxid;
    if (db.committedLog.length === 0) {
      minCommittedLog = lastProcessedZxid;
      maxCommittedLog = lastProcessedZxid;
    }
    const queueCommitted = (txns: readonly Txn[], from: number, maxZxid: number | null, lastCommittedZxid: number): number => {
      let queuedZxid = from;
      let prevProposalZxid = -1;
      for (const t of txns) {
        const packetZxid = t.hdr.zxid;
        if (maxZxid !== null && packetZxid > maxZxid) break;
        if (packetZxid < from) {
          prevProposalZxid = packetZxid;
          continue;
        }
        if (needOpPacket) {
          if (packetZxid === from) {
            packets.push({ type: PacketType.DIFF, zxid: lastCommittedZxid });
            h.syncMode = 'DIFF';
            needOpPacket = false;
            continue;
          }
          if (isPeerNewEpochZxid) {
            packets.push({ type: PacketType.DIFF, zxid: lastCommittedZxid });
            h.syncMode = 'DIFF';
            needOpPacket = false;
          } else if (packetZxid > from) {
            if (epochOf(packetZxid) !== epochOf(from)) return queuedZxid; // "Cannot send TRUNC to peer: different epoch"
            packets.push({ type: PacketType.TRUNC, zxid: prevProposalZxid });
            h.syncMode = 'TRUNC+DIFF';
            needOpPacket = false;
          }
        }
        if (packetZxid <= queuedZxid) continue;
        packets.push({ type: PacketType.PROPOSAL, zxid: packetZxid, data: { kind: 'txn', txn: t } });
        packets.push({ type: PacketType.COMMIT, zxid: packetZxid });
        queuedZxid = packetZxid;
      }
      return queuedZxid;
    };
    if (lastProcessedZxid === peerLastZxid) {
      packets.push({ type: PacketType.DIFF, zxid: peerLastZxid });
      h.syncMode = 'DIFF';
      needOpPacket = false;
      needSnap = false;
    } else if (peerLastZxid > maxCommittedLog && !isPeerNewEpochZxid) {
      packets.push({ type: PacketType.TRUNC, zxid: maxCommittedLog });
      h.syncMode = 'TRUNC';
      currentZxid = maxCommittedLog;
      needOpPacket = false;
      needSnap = false;
    } else if (maxCommittedLog >= peerLastZxid && minCommittedLog <= peerLastZxid) {
      currentZxid = queueCommitted(db.committedLog, peerLastZxid, null, maxCommittedLog);
      needSnap = false;
    } else if (peerLastZxid < minCommittedLog && this.peer.cfg.snapshotSizeFactor >= 0) {
      // txnLogSyncEnabled: the txn log files on disk, from the one holding the learner's zxid,
      // then the committed log; given up (SNAP) when the files after that one are larger than
      // snapshotSizeFactor times the newest snapshot, or the log does not reach back that far.
      const sizeLimit = db.calculateTxnLogSizeLimit(this.peer.cfg.snapshotSizeFactor);
      const fromLog = db.proposalsFromTxnLog(peerLastZxid, sizeLimit, this.peer.cfg.preAllocSize);
      // With the txnlog-gap fix, a log with a hole at or after the learner's zxid (this server
      // was itself brought up to date by a SNAP since, or to exactly that zxid: the snapshot's
      // own zxid is not in the log either) is not used.
      const gap = this.peer.cfg.fixes.includes('txnlog-gap') && db.txnLogHoles.some((z) => z >= peerLastZxid);
      if (fromLog !== null && fromLog.txns.length > 0 && !gap) {
        currentZxid = queueCommitted(fromLog.txns, peerLastZxid, minCommittedLog, maxCommittedLog);
        if (currentZxid < minCommittedLog) {
          // "Detected gap between end of txnlog and start of committedLog": SNAP.
          currentZxid = peerLastZxid;
          packets.length = 0;
          needOpPacket = true;
        } else {
          currentZxid = queueCommitted(db.committedLog, currentZxid, null, maxCommittedLog);
          needSnap = false;
        }
      }
    }
    if (needSnap) currentZxid = db.lastProcessedZxid;
    if (needOpPacket && !needSnap) needSnap = true;
    // startForwarding: committed-but-unapplied and outstanding proposals, then new ones as they come.
    const forwarded: QuorumPacket[] = [];
    if (this.lastProposed > currentZxid) {
      for (const p of this.toBeApplied) {
        if (p.zxid <= currentZxid) continue;
        forwarded.push({ type: PacketType.PROPOSAL, zxid: p.zxid, data: { kind: 'txn', txn: p.txn } });
        forwarded.push({ type: PacketType.COMMIT, zxid: p.zxid });
      }
      if (!h.isObserver) {
        for (const z of [...this.outstandingProposals.keys()].sort((a, b) => a - b)) {
          if (z <= currentZxid) continue;
          forwarded.push({ type: PacketType.PROPOSAL, zxid: z, data: { kind: 'txn', txn: this.outstandingProposals.get(z)!.txn } });
        }
      }
    }
    h.forwarding = true;
    const m = this.zk.metrics;
    if (needSnap) {
      h.syncMode = 'SNAP';
      this.beginSync(h, 'snap');
      const snap = takeSnapshot(db.tree, db.sessionsWithTimeouts);
      this.peer.quorumSend(h.link, { type: PacketType.SNAP, zxid: db.lastProcessedZxid, data: { kind: 'snapshot', snapshot: snap } });
      packets.length = 0;
      m.counter('snap_count').add(1);
    } else {
      this.beginSync(h, 'diff');
      m.counter('diff_count').add(1);
    }
    // toZxid: where the sync leaves the learner — the snapshot's zxid (SNAP), the zxid it is
    // truncated to (TRUNC: currentZxid is maxCommittedLog), the last proposal sent (DIFF,
    // TRUNC+DIFF; the learner's own zxid for an empty DIFF).
    this.peer.event({ type: 'syncChosen', learner: h.sid, mode: h.syncMode ?? 'DIFF', fromZxid: peerLastZxid, toZxid: needSnap ? db.lastProcessedZxid : currentZxid });
    // What waits in the handler's queue when its sending thread starts: the sync packets and the
    // forwarded proposals (queuePacket, the first one followed by a marker), then NEWLEADER.
    let queued = 0;
    const markers: number[] = [];
    for (const p of [...packets, ...forwarded]) {
      this.peer.quorumSend(h.link, p);
      if (p.type === PacketType.PROPOSAL && forwarded.includes(p)) h.unacked.push({ zxid: p.zxid, sentAt: this.peer.now() });
      queued++;
      if (h.packetCounter++ % MARKER_PACKET_INTERVAL === 0) markers.push(++queued);
    }
    this.peer.quorumSend(h.link, { type: PacketType.NEWLEADER, zxid: this.newLeaderZxid, data: { kind: 'config', text: '' } });
    queued++;
    const sid = String(h.sid);
    for (let i = 1; i <= queued; i++) {
      m.summarySet('learner_handler_qp_size').add(sid, queued - i);
      if (markers.includes(i)) m.summarySet('learner_handler_qp_time_ms').add(sid, 0);
    }
    h.phase = 'waitNewLeaderAck';
    this.peer.setTimer(h.timerName, this.peer.now() + this.initWait);
  }

  private onNewLeaderAck(h: LearnerHandler, qp: QuorumPacket): void {
    if (qp.type !== PacketType.ACK) {
      // "Next packet was supposed to be an ACK, but received packet: ..."
      this.handlerShutdown(h, true);
      return;
    }
    this.endSync(h, true);
    h.tickOfNextAckDeadline = this.tick + this.peer.cfg.syncLimit;
    // Observers' acks are recorded too, but only voters make the quorum.
    if (this.waitForNewLeaderAck(h.sid, qp.zxid)) {
      if (this.phase === 'broadcast') this.sendUpToDate(h);
      else h.phase = 'waitRunning';
    } else {
      h.phase = 'waitNewLeaderQuorum';
    }
    this.peer.setTimer(h.timerName, this.peer.now() + (h.phase === 'waitNewLeaderQuorum' ? this.initWait : this.syncWait));
    this.advance();
  }

  /** LearnerSyncThrottler.beginSync, with the in-flight count mntr samples. */
  private beginSync(h: LearnerHandler, kind: 'diff' | 'snap'): void {
    h.syncThrottle = kind;
    this.syncsInProgress[kind]++;
    this.zk.metrics.summary(kind === 'diff' ? 'inflight_diff_count' : 'inflight_snap_count').add(this.syncsInProgress[kind]);
  }

  /** LearnerSyncThrottler.endSync: at the NEWLEADER ACK (sampled), or when the handler dies. */
  private endSync(h: LearnerHandler, sample: boolean): void {
    const kind = h.syncThrottle;
    if (kind === null) return;
    h.syncThrottle = null;
    this.syncsInProgress[kind]--;
    if (sample) this.zk.metrics.summary(kind === 'diff' ? 'inflight_diff_count' : 'inflight_snap_count').add(this.syncsInProgress[kind]);
  }

  /**
   * A packet through the handler's queue (LearnerHandler.queuePacket when `counted`, else a
   * direct queuedPackets.add): its sending thread samples the queue for each one it takes.
   */
  private queuePacket(h: LearnerHandler, p: QuorumPacket, counted = true): void {
    this.peer.quorumSend(h.link, p);
    const m = this.zk.metrics;
    const sid = String(h.sid);
    m.summarySet('learner_handler_qp_size').add(sid, 0);
    if (counted && h.packetCounter++ % MARKER_PACKET_INTERVAL === 0) {
      m.summarySet('learner_handler_qp_size').add(sid, 0);
      m.summarySet('learner_handler_qp_time_ms').add(sid, 0);
    }
  }

  private sendUpToDate(h: LearnerHandler): void {
    h.phase = 'broadcast';
    this.queuePacket(h, { type: PacketType.UPTODATE, zxid: -1 }, false);
    this.peer.event({ type: 'learnerSynced', sid: h.sid, mode: h.syncMode ?? 'DIFF' });
    this.peer.setTimer(h.timerName, this.peer.now() + this.syncWait);
  }

  private onBroadcastPacket(h: LearnerHandler, qp: QuorumPacket): void {
    // Any packet from the learner keeps it synced.
    h.tickOfNextAckDeadline = this.tick + this.peer.cfg.syncLimit;
    this.peer.setTimer(h.timerName, this.peer.now() + this.syncWait);
    switch (qp.type) {
      case PacketType.ACK:
        if (h.isObserver) return;
        while (h.unacked.length > 0 && h.unacked[0]!.zxid <= qp.zxid) h.unacked.shift();
        this.processAck(h.sid, qp.zxid);
        return;
      case PacketType.PING:
        if (qp.data?.kind === 'touches') for (const [sid, to] of qp.data.touches) this.zk.touchFromLearner(sid, to);
        return;
      case PacketType.REVALIDATE: {
        if (qp.data?.kind !== 'revalidate') return;
        const valid = this.zk.revalidateForLearner(qp.data.sessionId, qp.data.timeout, h);
        this.zk.metrics.counter('revalidate_count').add(1);
        this.queuePacket(h, { type: PacketType.REVALIDATE, zxid: -1, data: { kind: 'revalidateReply', sessionId: qp.data.sessionId, valid } });
        return;
      }
      case PacketType.REQUEST: {
        if (qp.data?.kind !== 'request') return;
        const f = qp.data.request;
        let si = newRequest({ cnxn: null, sessionId: f.sessionId, cxid: f.cxid, type: f.type, req: f.req, authInfo: f.authInfo, owner: h, createTime: this.peer.now(), ...(f.timeout !== undefined ? { timeout: f.timeout } : {}) });
        if (f.type === OpCode.sync) si = learnerSyncRequest(si, h);
        this.zk.submitLearnerRequest(si);
        return;
      }
      default:
        return;
    }
  }

  /** A handler's thread ends: its socket closes. */
  private handlerShutdown(h: LearnerHandler, closeLink: boolean): void {
    if (h.phase === 'dead') return;
    h.phase = 'dead';
    h.forwarding = false;
    this.endSync(h, false);
    this.peer.cancelTimer(h.timerName);
    this.handlers.delete(h.link);
    if (closeLink) this.peer.quorumClose(h.link);
    if (h.sid >= 0) this.peer.event({ type: 'learnerDisconnected', sid: h.sid });
  }

  // ---- broadcast ----

  /** Leader.propose. */
  propose(r: Request): void {
    const zxid = r.hdr!.zxid;
    if (zxid % 0x100000000 === 0xffffffff) {
      // "zxid lower 32 bits have rolled over, forcing re-election, and therefore new epoch start"
      this.shutdown('zxid lower 32 bits have rolled over, forcing re-election, and therefore new epoch start');
      return;
    }
    const txn: Txn = r.digest === null ? { hdr: r.hdr!, body: r.txn! } : { hdr: r.hdr!, body: r.txn!, digest: r.digest };
    const p: Proposal = { zxid, request: r, txn, acks: new Set() };
    this.lastProposed = zxid;
    this.outstandingProposals.set(zxid, p);
    this.proposalCount++;
    // SerializeUtils.serializeRequest: header, txn and digest, as the PROPOSAL carries them.
    this.proposalStats.setLastBufferSize(serializeTxn(txn).length);
    this.zk.metrics.counter('proposal_count').add(1);
    this.peer.event({ type: 'proposed', zxid, op: r.hdr!.type, key: txnKey(txn) });
    for (const h of this.handlers.values()) {
      if (!h.forwarding || h.isObserver) continue;
      this.queuePacket(h, { type: PacketType.PROPOSAL, zxid, data: { kind: 'txn', txn } });
      h.unacked.push({ zxid, sentAt: this.peer.now() });
    }
  }

  /** Leader.processAck. */
  processAck(sid: number, zxid: number): void {
    if (zxid % 0x100000000 === 0) return; // the NEWLEADER ack of a learner joining late
    if (this.outstandingProposals.size === 0) return;
    if (this.lastCommitted >= zxid) return;
    const p = this.outstandingProposals.get(zxid);
    if (!p) return;
    // zookeeper.leader.ackLoggingFrequency (1000): the ack latency of every 1000th zxid.
    if (zxid % ACK_LOGGING_FREQUENCY === 0 && p.request.hdr !== null) {
      const latency = this.zk.wallTime() - p.request.hdr.time;
      if (latency >= 0) this.zk.metrics.summarySet('ack_latency').add(String(sid), latency);
    }
    p.acks.add(sid);
    this.peer.event({ type: 'acked', zxid, sid });
    this.tryToCommit(p);
  }

  /** Leader.tryToCommit: only in zxid order, only with a quorum of acks. */
  private tryToCommit(p: Proposal): boolean {
    if (this.outstandingProposals.has(p.zxid - 1)) return false;
    if (!isQuorum(p.acks, this.peer.voters)) return false;
    this.outstandingProposals.delete(p.zxid);
    logLatency(this.zk, p.request, 'quorum_ack_latency');
    this.toBeApplied.push(p);
    this.lastCommitted = p.zxid;
    // Leader.commit, then inform.
    this.zk.metrics.counter('commit_count').add(1);
    for (const h of this.handlers.values()) {
      if (!h.forwarding) continue;
      if (h.isObserver) this.queuePacket(h, { type: PacketType.INFORM, zxid: p.zxid, data: { kind: 'txn', txn: p.txn } });
      else this.queuePacket(h, { type: PacketType.COMMIT, zxid: p.zxid });
    }
    this.peer.event({ type: 'committed', zxid: p.zxid, key: txnKey(p.txn) });
    this.zk.metrics.counter('request_commit_queued').add(1);
    this.zk.commitProcessor.commit(p.request);
    const syncs = this.pendingSyncs.get(p.zxid);
    if (syncs) {
      this.pendingSyncs.delete(p.zxid);
      for (const s of syncs) this.sendSync(s.request, s.handler);
    }
    // The next proposal may already have its quorum.
    const next = this.outstandingProposals.get(p.zxid + 1);
    if (next) this.tryToCommit(next);
    return true;
  }

  /** ToBeAppliedRequestProcessor. */
  applied(zxid: number): void {
    if (this.toBeApplied.length > 0 && this.toBeApplied[0]!.zxid === zxid) this.toBeApplied.shift();
  }

  /** Leader.processSync: answer once the last proposal is committed. */
  processSync(r: Request, learner: unknown): void {
    const h = learner as LearnerHandler;
    if (this.outstandingProposals.size === 0) {
      this.sendSync(r, h);
      return;
    }
    let list = this.pendingSyncs.get(this.lastProposed);
    if (!list) this.pendingSyncs.set(this.lastProposed, (list = []));
    list.push({ request: r, handler: h });
  }

  private sendSync(r: Request, h: LearnerHandler): void {
    void r;
    if (h.phase !== 'dead') this.queuePacket(h, { type: PacketType.SYNC, zxid: -1 });
  }

  private synced(h: LearnerHandler): boolean {
    return h.phase === 'broadcast' && this.tick <= h.tickOfNextAckDeadline;
  }

  // ---- timers ----

  timer(name: string): void {
    if (this.phase === 'shutdown') return;
    if (name === 'wait') {
      if (this.phase === 'epoch') this.shutdown('Timeout while waiting for epoch from quorum');
      else if (this.phase === 'ackEpoch') this.shutdown('Timeout while waiting for epoch to be acked by quorum');
      else if (this.phase === 'newLeaderAck') this.shutdown(`Waiting for a quorum of followers, only synced with sids: [ ${[...this.newLeaderAcks].join(',')} ]`);
      return;
    }
    if (name === 'tick') {
      this.heartbeat();
      return;
    }
    for (const h of this.handlers.values()) {
      if (h.timerName !== name) continue;
      // The handler's blocking wait or socket read timed out.
      this.handlerShutdown(h, true);
      return;
    }
  }

  /** The leader's main loop, every tickTime/2. */
  private heartbeat(): void {
    if (!this.tickSkip) this.tick++;
    const synced = new Set<number>([this.peer.myid]);
    for (const h of this.handlers.values()) if (this.synced(h) && !h.isObserver) synced.add(h.sid);
    if (!this.tickSkip && !isQuorum(synced, this.peer.voters)) {
      this.shutdown(`Not sufficient followers synced, only synced with sids: [ ${[...synced].join(',')} ]`);
      return;
    }
    this.tickSkip = !this.tickSkip;
    for (const h of [...this.handlers.values()]) this.ping(h);
    this.peer.setTimer('tick', this.peer.now() + Math.floor(this.peer.cfg.tickTime / 2));
  }

  /** LearnerHandler.ping with its SyncLimitCheck. */
  private ping(h: LearnerHandler): void {
    if (h.phase !== 'broadcast') return;
    const oldest = h.unacked[0];
    if (oldest !== undefined && this.peer.now() - oldest.sentAt > this.syncWait) {
      this.handlerShutdown(h, true);
      return;
    }
    this.queuePacket(h, { type: PacketType.PING, zxid: this.lastProposed });
  }

  /** Leader.shutdown: stop serving, close every learner, back to LOOKING. */
  shutdown(reason: string): void {
    if (this.phase === 'shutdown') return;
    this.phase = 'shutdown';
    this.peer.cancelTimer('wait');
    this.peer.cancelTimer('tick');
    for (const h of [...this.handlers.values()]) this.handlerShutdown(h, true);
    this.zk.shutdown();
    this.peer.roleEnded(reason);
  }
}
