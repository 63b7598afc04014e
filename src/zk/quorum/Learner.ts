// org.apache.zookeeper.server.quorum.Learner (Follower, Observer) as an event-driven state
// machine: connect to the leader (5 tries, a second apart, within initLimit), register
// (FOLLOWERINFO -> LEADERINFO -> ACKEPOCH), syncWithLeader (DIFF / TRUNC / SNAP, proposals and
// commits before NEWLEADER, then UPTODATE), then follow: log PROPOSALs and ACK them once durable,
// apply COMMITs, answer PINGs with session touches. Any error or read timeout ends the role.

import type { Request } from '../Request.ts';
import type { ServerCnxn } from '../ServerCnxn.ts';
import type { Txn } from '../txn.ts';
import type { PeerContext } from './PeerContext.ts';
import { epochOf, makeZxid, PacketType, type QuorumPacket } from './QuorumPacket.ts';
import { FollowerZooKeeperServer, ObserverZooKeeperServer, requestForTxn, type LearnerApi } from './QuorumZooKeeperServers.ts';

type LearnerPhase = 'connecting' | 'registering' | 'syncing' | 'serving' | 'shutdown';

const CONNECT_TRIES = 5;
/** zookeeper.leaderConnectDelayDuringRetryMs: 100 ms in 3.8 (3.5 slept a second). */
const CONNECT_RETRY_DELAY = 100;

export class Learner implements LearnerApi {
  phase: LearnerPhase = 'connecting';
  readonly zk: FollowerZooKeeperServer | ObserverZooKeeperServer;
  private link: number | null = null;
  private tries = 0;
  private connectStarted = 0;
  private newEpoch = -1;
  private newLeaderZxid = 0;
  /** syncWithLeader's state. */
  private syncMode: 'DIFF' | 'TRUNC' | 'SNAP' | null = null;
  private snapshotNeeded = true;
  private syncSnapshot = false;
  private writeToTxnLog = false;
  private newLeaderSeen = false;
  private readonly packetsNotCommitted: Txn[] = [];
  private readonly packetsCommitted: number[] = [];
  private readonly pendingRevalidations = new Map<bigint, ServerCnxn>();
  /** The sync stage the learner reached, for views. */
  syncedWith: string | null = null;

  constructor(
    private readonly peer: PeerContext,
    readonly leaderId: number,
    readonly observer: boolean,
  ) {
    this.zk = observer ? new ObserverZooKeeperServer(peer.serverContext(), this) : new FollowerZooKeeperServer(peer.serverContext(), this);
  }

  get myid(): number {
    return this.peer.myid;
  }

  /** syncWithLeader is over: packets go through Follower/Observer.processPacket. */
  get serving(): boolean {
    return this.phase === 'serving';
  }

  get peerStateText(): string {
    const role = this.observer ? 'observing' : 'following';
    const phase = this.phase === 'serving' ? 'broadcast' : this.phase === 'syncing' ? 'synchronization' : 'discovery';
    return `${role} - ${phase}`;
  }

  private get initWait(): number {
    return this.peer.cfg.initLimit * this.peer.cfg.tickTime;
  }

  private get syncWait(): number {
    return this.peer.cfg.syncLimit * this.peer.cfg.tickTime;
  }

  // ---- connecting ----

  start(): void {
    this.connectStarted = this.peer.now();
    this.tryConnect();
  }

  private tryConnect(): void {
    this.tries++;
    this.link = this.peer.quorumConnect(this.leaderId);
  }

  connected(link: number): void {
    if (link !== this.link || this.phase !== 'connecting') return;
    this.phase = 'registering';
    // registerWithLeader: our accepted epoch and who we are.
    this.peer.quorumSend(link, {
      type: this.observer ? PacketType.OBSERVERINFO : PacketType.FOLLOWERINFO,
      zxid: makeZxid(this.peer.acceptedEpoch, 0),
      data: { kind: 'learnerInfo', sid: this.peer.myid, protocolVersion: 0x10000, configVersion: 0 },
    });
    this.resetReadTimeout(this.initWait);
  }

  closed(link: number): void {
    if (link !== this.link) return;
    if (this.phase === 'connecting') {
      // LeaderConnector: retry after leaderConnectDelayDuringRetryMs while tries and initLimit last.
      this.link = null;
      const remaining = this.initWait - (this.peer.now() - this.connectStarted);
      if (this.tries < CONNECT_TRIES && remaining > CONNECT_RETRY_DELAY) {
        this.peer.setTimer('retry', this.peer.now() + CONNECT_RETRY_DELAY);
        return;
      }
      this.shutdown(`Failed connect to leader ${this.leaderId}`);
      return;
    }
    this.link = null;
    this.shutdown('Connection to leader closed');
  }

  timer(name: string): void {
    if (this.phase === 'shutdown') return;
    if (name === 'retry') {
      if (this.phase === 'connecting') this.tryConnect();
      return;
    }
    if (name === 'read') this.shutdown('Read timed out talking to the leader');
  }

  private resetReadTimeout(ms: number): void {
    this.peer.setTimer('read', this.peer.now() + ms);
  }

  private send(p: QuorumPacket): void {
    if (this.link !== null) this.peer.quorumSend(this.link, p);
  }

  // ---- packets from the leader ----

  packet(link: number, qp: QuorumPacket): void {
    if (link !== this.link || this.phase === 'shutdown' || this.phase === 'connecting') return;
    this.resetReadTimeout(this.phase === 'serving' || this.newLeaderSeen ? this.syncWait : this.initWait);
    try {
      if (this.phase === 'registering') this.onRegisterReply(qp);
      else if (this.phase === 'syncing') this.onSyncPacket(qp);
      else this.processPacket(qp);
    } catch (e) {
      if (e instanceof LearnerError) this.shutdown(e.message);
      else throw e;
    }
  }

  /** registerWithLeader's reply: LEADERINFO; answer ACKEPOCH. */
  private onRegisterReply(qp: QuorumPacket): void {
    if (qp.type !== PacketType.LEADERINFO) throw new LearnerError('First packet should have been NEWLEADER');
    const newEpoch = epochOf(qp.zxid);
    let epochBytes: number;
    if (newEpoch > this.peer.acceptedEpoch) {
      epochBytes = this.peer.currentEpoch;
      this.peer.setAcceptedEpoch(newEpoch);
    } else if (newEpoch === this.peer.acceptedEpoch) {
      // Already acked an epoch equal to the leader's: send our last zxid, but not as an ack.
      epochBytes = -1;
    } else {
      throw new LearnerError(`Leaders epoch, ${newEpoch} is less than accepted epoch, ${this.peer.acceptedEpoch}`);
    }
    this.send({ type: PacketType.ACKEPOCH, zxid: this.peer.db.lastProcessedZxid, data: { kind: 'int', value: epochBytes } });
    this.newEpoch = newEpoch;
    this.newLeaderZxid = makeZxid(newEpoch, 0);
    if (newEpoch < this.peer.acceptedEpoch) throw new LearnerError('Error: Epoch of leader is lower');
    this.phase = 'syncing';
  }

  /** syncWithLeader. */
  private onSyncPacket(qp: QuorumPacket): void {
    const db = this.peer.db;
    if (this.syncMode === null) {
      if (qp.type === PacketType.DIFF) {
        this.syncMode = 'DIFF';
        this.snapshotNeeded = false;
      } else if (qp.type === PacketType.SNAP) {
        this.syncMode = 'SNAP';
        if (qp.data?.kind !== 'snapshot') throw new LearnerError('Missing signature');
        db.loadFromSnapshot(qp.data.snapshot);
        // ZOOKEEPER-2819: the config node comes from the local config, not the leader's snapshot.
        if (!this.peer.cfg.reconfigEnabled) this.peer.initConfigInZKDatabase();
        db.tree.lastProcessedZxid = qp.zxid;
        this.syncSnapshot = true;
      } else if (qp.type === PacketType.TRUNC) {
        this.syncMode = 'TRUNC';
        // ZKDatabase.truncateLog; when it fails 3.8.0 exits the process ("Not able to truncate the
        // log"): here the role ends, the disk untouched.
        if (!db.truncateLog(qp.zxid)) throw new LearnerError(`Not able to truncate the log 0x${qp.zxid.toString(16)}`);
        this.peer.emit({ kind: 'truncateLog', zxid: qp.zxid });
        db.tree.lastProcessedZxid = qp.zxid;
      } else {
        throw new LearnerError(`Got unexpected packet from leader: ${qp.type}, exiting ... `);
      }
      this.peer.event({ type: 'learnerSyncMode', mode: this.syncMode, zxid: qp.zxid });
      this.peer.initConfigInZKDatabase();
      // The session tracker exists from here on (the txns applied before NEWLEADER use it); the
      // server starts at NEWLEADER and serves after UPTODATE.
      this.zk.createSessionTrackerForSync();
      this.writeToTxnLog = !this.snapshotNeeded;
      return;
    }
    switch (qp.type) {
      case PacketType.PROPOSAL:
        if (qp.data?.kind !== 'txn') throw new LearnerError('PROPOSAL without a txn');
        this.packetsNotCommitted.push(qp.data.txn);
        return;
      case PacketType.COMMIT: {
        const pif = this.packetsNotCommitted[0];
        if (!this.writeToTxnLog) {
          if (pif !== undefined && pif.hdr.zxid === qp.zxid) {
            this.applyDirect(pif);
            this.packetsNotCommitted.shift();
          }
        } else {
          this.packetsCommitted.push(qp.zxid);
        }
        return;
      }
      case PacketType.INFORM: {
        if (qp.data?.kind !== 'txn') throw new LearnerError('INFORM without a txn');
        if (!this.writeToTxnLog) this.applyDirect(qp.data.txn);
        else {
          this.packetsNotCommitted.push(qp.data.txn);
          this.packetsCommitted.push(qp.zxid);
        }
        return;
      }
      case PacketType.NEWLEADER: {
        if (this.snapshotNeeded) this.zk.takeSnapshot();
        this.peer.setCurrentEpoch(this.newEpoch);
        this.writeToTxnLog = true;
        this.newLeaderSeen = true;
        this.resetReadTimeout(this.syncWait);
        this.peer.setSyncMode('NONE');
        this.zk.startupWithoutServing();
        // 3.8.0 hands the txns to the log and ACKs NEWLEADER at once, before they are durable
        // (the ZOOKEEPER-3911 family of bugs).
        if (this.zk instanceof FollowerZooKeeperServer) {
          for (const t of this.packetsNotCommitted) this.zk.logRequest(t);
          this.packetsNotCommitted.length = 0;
        }
        this.send({ type: PacketType.ACK, zxid: this.newLeaderZxid });
        return;
      }
      case PacketType.UPTODATE: {
        if (!this.newLeaderSeen) {
          // Pre-ZAB1.0 leaders; not produced by our leaders but handled as Java does (which
          // then serves without having started the server: not modelled).
          this.zk.takeSnapshot();
          this.peer.setCurrentEpoch(this.newEpoch);
          this.zk.startupWithoutServing();
        }
        // After UPTODATE: ACK, zk.startServing(), updateElectionVote, then the proposals that came
        // between NEWLEADER and UPTODATE are logged and the commits applied — all still inside
        // syncWithLeader (not Follower.processPacket); Follower.followLeader then reaches
        // BROADCAST and its processPacket loop.
        this.send({ type: PacketType.ACK, zxid: makeZxid(this.newEpoch, 0) });
        this.zk.startServing();
        this.peer.updateElectionVote(this.newEpoch);
        const zk = this.zk;
        if (zk instanceof FollowerZooKeeperServer) {
          for (const t of this.packetsNotCommitted) zk.logRequest(t);
          this.packetsNotCommitted.length = 0;
          for (const z of this.packetsCommitted) zk.commit(z);
        } else {
          for (const t of this.packetsNotCommitted) {
            const z = this.packetsCommitted[0];
            if (z !== t.hdr.zxid) continue;
            this.packetsCommitted.shift();
            zk.commitRequest(t);
          }
        }
        this.packetsNotCommitted.length = 0;
        this.packetsCommitted.length = 0;
        this.phase = 'serving';
        this.syncedWith = this.syncMode;
        this.peer.event({ type: 'learnerServing', leader: this.leaderId, mode: this.syncMode ?? 'DIFF' });
        return;
      }
      case PacketType.PING:
        // Pings during sync are ignored (the read itself resets the timeout).
        return;
      default:
        return;
    }
  }

  /** zk.processTxn during sync (before NEWLEADER in SNAP/TRUNC mode): applied, not logged. */
  private applyDirect(t: Txn): void {
    const r = requestForTxn(t);
    this.zk.processTxn(r, false);
  }

  /** Follower.processPacket / Observer.processPacket. */
  private processPacket(qp: QuorumPacket): void {
    const zk = this.zk;
    switch (qp.type) {
      case PacketType.PING: {
        const touches = zk.learnerSessionTracker.snapshot();
        this.send({ type: PacketType.PING, zxid: qp.zxid, data: { kind: 'touches', touches } });
        return;
      }
      case PacketType.PROPOSAL:
        if (qp.data?.kind !== 'txn' || !(zk instanceof FollowerZooKeeperServer)) return;
        zk.logRequest(qp.data.txn);
        return;
      case PacketType.COMMIT:
        if (zk instanceof FollowerZooKeeperServer && !zk.commit(qp.zxid)) {
          // "Committing zxid 0x.. but next pending txn 0x..": ZooKeeper exits the process.
          throw new LearnerError(`Committing zxid 0x${qp.zxid.toString(16)} but next pending txn is not it`);
        }
        return;
      case PacketType.INFORM:
        if (qp.data?.kind !== 'txn' || !(zk instanceof ObserverZooKeeperServer)) return;
        zk.commitRequest(qp.data.txn);
        return;
      case PacketType.UPTODATE:
        return;
      case PacketType.REVALIDATE: {
        if (qp.data?.kind !== 'revalidateReply') return;
        const c = this.pendingRevalidations.get(qp.data.sessionId);
        this.pendingRevalidations.delete(qp.data.sessionId);
        if (c) zk.finishSessionInitFor(c, qp.data.valid);
        return;
      }
      case PacketType.SYNC:
        zk.sync();
        return;
      default:
        return;
    }
  }

  // ---- LearnerApi ----

  /** Learner.request: forward to the leader. */
  request(r: Request): void {
    this.send({
      type: PacketType.REQUEST,
      zxid: -1,
      data: { kind: 'request', request: { sessionId: r.sessionId, cxid: r.cxid, type: r.type, req: r.req, authInfo: r.authInfo, ...(r.timeout !== undefined ? { timeout: r.timeout } : {}) } },
    });
  }

  validateSession(c: ServerCnxn, sessionId: bigint, timeout: number): void {
    this.pendingRevalidations.set(sessionId, c);
    this.send({ type: PacketType.REVALIDATE, zxid: -1, data: { kind: 'revalidate', sessionId, timeout } });
  }

  ack(zxid: number): void {
    this.send({ type: PacketType.ACK, zxid });
  }

  /** Learner.shutdown: close the leader connection, stop serving, back to LOOKING. */
  shutdown(reason: string): void {
    if (this.phase === 'shutdown') return;
    this.phase = 'shutdown';
    this.peer.cancelTimer('read');
    this.peer.cancelTimer('retry');
    if (this.link !== null) this.peer.quorumClose(this.link);
    this.link = null;
    this.zk.shutdown();
    this.peer.roleEnded(reason);
  }
}

class LearnerError extends Error {}
