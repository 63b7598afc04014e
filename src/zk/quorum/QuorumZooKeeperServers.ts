// The ZooKeeperServer of each quorum role, with the processor chains ZooKeeper gives them:
//   leader:   Prep -> Proposal(-> Sync -> Ack) -> Commit -> ToBeApplied -> Final
//   follower: FollowerRequest(-> forward to leader) -> Commit -> Final;  PROPOSAL -> Sync -> SendAck
//   observer: ObserverRequest(-> forward to leader) -> Commit -> Final;  INFORM -> Sync, Commit

import type { Request } from '../Request.ts';
import type { ServerCnxn } from '../ServerCnxn.ts';
import { SessionTracker } from '../SessionTracker.ts';
import { SyncRequestProcessor } from '../SyncRequestProcessor.ts';
import type { Txn } from '../txn.ts';
import { newRequest } from '../Request.ts';
import { OpCode } from '../ZooDefs.ts';
import { ZooKeeperServer, type ServerContext } from '../ZooKeeperServer.ts';
import { CommitProcessor, needCommit } from './CommitProcessor.ts';
import type { MetricValue } from '../fourletter/ServerMetrics.ts';

/** What the leader's server needs from Leader. */
export interface LeaderApi {
  propose(r: Request): void;
  processAck(sid: number, zxid: number): void;
  /** A learner's sync: answered once every proposal before it is committed. */
  processSync(r: Request, learner: unknown): void;
  /** ToBeAppliedRequestProcessor: the proposal reached FinalRequestProcessor. */
  applied(zxid: number): void;
  readonly myid: number;
  readonly peerStateText: string;
  readonly monitorValues: readonly (readonly [string, MetricValue])[];
}

/** What a learner's server needs from Learner. */
export interface LearnerApi {
  /** Forward a request to the leader (Learner.request). */
  request(r: Request): void;
  /** Ask the leader whether a reconnecting session is still valid (REVALIDATE). */
  validateSession(c: ServerCnxn, sessionId: bigint, timeout: number): void;
  /** ACK a logged proposal (SendAckRequestProcessor). */
  ack(zxid: number): void;
  readonly myid: number;
  readonly peerStateText: string;
}

/** LearnerSessionTracker (local sessions disabled): ids from this server, touches reported to the leader. */
export class LearnerSessionTracker extends SessionTracker {
  private touchTable = new Map<bigint, number>();

  override touchSession(id: bigint, timeout: number): boolean {
    this.touchTable.set(id, timeout);
    return true;
  }

  override createSession(timeout: number, now: number): bigint {
    // nextSessionId.getAndIncrement(): the id only; the leader tracks it once createSession commits.
    void timeout;
    void now;
    return this.takeNextId();
  }

  override commitSession(id: bigint, timeout: number): boolean {
    const had = this.sessionsWithTimeout.has(id);
    this.sessionsWithTimeout.set(id, timeout);
    return !had;
  }

  override removeSession(id: bigint): void {
    this.sessionsWithTimeout.delete(id);
  }

  /** The touches since the last ping, cleared (LearnerSessionTracker.snapshot). */
  snapshot(): [bigint, number][] {
    const t = [...this.touchTable.entries()];
    this.touchTable = new Map();
    return t;
  }
}

export class LeaderZooKeeperServer extends ZooKeeperServer {
  commitProcessor!: CommitProcessor;

  constructor(
    ctx: ServerContext,
    readonly leader: LeaderApi,
  ) {
    super(ctx);
  }

  override get isLeader(): boolean {
    return true;
  }

  override get serverMode(): string {
    return 'leader';
  }

  override get extraMonitorValues(): readonly (readonly [string, MetricValue])[] {
    return [['peer_state', { type: 'string', value: this.leader.peerStateText }], ...this.leader.monitorValues];
  }

  protected override createSessionTracker(): void {
    this.sessionTracker = new SessionTracker(this.cfg.tickTime, this.leader.myid, this.now(), this.env.elapsedBase + this.now(), this.db.sessionsWithTimeouts);
  }

  protected override setupRequestProcessors(): void {
    this.commitProcessor = new CommitProcessor((r) => {
      this.finalProcessRequest(r);
      // ToBeAppliedRequestProcessor
      if (r.hdr !== null) this.leader.applied(r.hdr.zxid);
    }, false);
    this.syncProcessor = new SyncRequestProcessor(this, {
      // AckRequestProcessor: the leader acks its own proposals once logged.
      processRequest: (r) => {
        if (r.hdr !== null) this.leader.processAck(this.leader.myid, r.hdr.zxid);
      },
    });
    this.firstProcessor = { processRequest: (r) => this.prepThen(r, (x) => this.proposalProcessRequest(x)) };
  }

  /** ProposalRequestProcessor. */
  private proposalProcessRequest(r: Request): void {
    const learner = learnerOf(r);
    if (learner !== undefined) {
      this.leader.processSync(r, learner);
      return;
    }
    this.commitProcessor.processRequest(r);
    if (r.hdr !== null) {
      this.leader.propose(r);
      this.syncProcessor!.processRequest(r);
    }
  }

  /** ZooKeeperServer.submitLearnerRequest: straight to Prep, no touch. */
  submitLearnerRequest(r: Request): void {
    if (this.state !== 'running') return;
    this.firstProcessor.processRequest(r);
  }

  /** Leader.revalidateSession: touch the global session; the learner's handler becomes its owner. */
  revalidateForLearner(sessionId: bigint, timeout: number, learner: unknown): boolean {
    const valid = this.sessionTracker.touchSession(sessionId, timeout, this.now());
    if (valid) this.setOwner(sessionId, learner);
    return valid;
  }

  /** A learner's ping reported touches. */
  touchFromLearner(sessionId: bigint, timeout: number): void {
    if (this.sessionTracker.touchSession(sessionId, timeout, this.now())) this.noteBucket(sessionId);
  }

  override shutdown(): void {
    super.shutdown();
    this.commitProcessor?.clear();
  }
}

const LEARNER_SYNC = Symbol('LearnerSyncRequest');
type Tagged = Request & { [LEARNER_SYNC]?: unknown };

/** LearnerSyncRequest: a sync a learner forwarded, tagged with the handler to answer. */
export function learnerSyncRequest(r: Request, learner: unknown): Request {
  (r as Tagged)[LEARNER_SYNC] = learner;
  return r;
}

function learnerOf(r: Request): unknown {
  return (r as Tagged)[LEARNER_SYNC];
}

abstract class LearnerZooKeeperServerBase extends ZooKeeperServer {
  commitProcessor!: CommitProcessor;
  /** Proposals logged and waiting for their COMMIT, oldest first (pendingTxns). */
  readonly pendingTxns: Request[] = [];

  constructor(
    ctx: ServerContext,
    readonly learner: LearnerApi,
  ) {
    super(ctx);
  }

  override get extraMonitorValues(): readonly (readonly [string, MetricValue])[] {
    return [['peer_state', { type: 'string', value: this.learner.peerStateText }]];
  }

  protected override get ownsSessions(): boolean {
    return false;
  }

  get learnerSessionTracker(): LearnerSessionTracker {
    return this.sessionTracker as LearnerSessionTracker;
  }

  protected override createSessionTracker(): void {
    this.sessionTracker = new LearnerSessionTracker(this.cfg.tickTime, this.learner.myid, this.now(), this.env.elapsedBase + this.now(), this.db.sessionsWithTimeouts);
  }

  protected override revalidateSession(c: ServerCnxn, sessionId: bigint, timeout: number): void {
    this.learner.validateSession(c, sessionId, timeout);
  }

  /** FollowerRequestProcessor / ObserverRequestProcessor: everything to Commit, writes to the leader. */
  protected forward(r: Request): void {
    this.commitProcessor.processRequest(r);
    if (r.type === OpCode.sync) {
      this.pendingSyncs.push(r);
      this.learner.request(r);
    } else if (needCommit(r.type, false)) {
      this.learner.request(r);
    }
  }

  readonly pendingSyncs: Request[] = [];

  /** The leader answered a sync: everything before it has been committed here. */
  sync(): void {
    const r = this.pendingSyncs.shift();
    if (r !== undefined) this.commitProcessor.commit(r);
  }

  override shutdown(): void {
    super.shutdown();
    this.commitProcessor?.clear();
  }
}

function requestForTxn(t: Txn): Request {
  const r = newRequest({ cnxn: null, sessionId: t.hdr.clientId, cxid: t.hdr.cxid, type: t.hdr.type, req: null, authInfo: [], owner: null, createTime: 0 });
  r.hdr = t.hdr;
  r.txn = t.body;
  r.digest = t.digest ?? null;
  r.zxid = t.hdr.zxid;
  return r;
}

export class FollowerZooKeeperServer extends LearnerZooKeeperServerBase {
  override get serverMode(): string {
    return 'follower';
  }

  protected override setupRequestProcessors(): void {
    this.commitProcessor = new CommitProcessor((r) => this.finalProcessRequest(r), true);
    // SyncRequestProcessor -> SendAckRequestProcessor
    this.syncProcessor = new SyncRequestProcessor(this, {
      processRequest: (r) => {
        if (r.type !== OpCode.sync && r.hdr !== null) this.learner.ack(r.hdr.zxid);
      },
    });
    this.firstProcessor = { processRequest: (r) => this.forward(r) };
  }

  /** FollowerZooKeeperServer.logRequest: a proposal goes to the log; its ACK follows the fsync. */
  logRequest(t: Txn): void {
    const r = requestForTxn(t);
    this.pendingTxns.push(r);
    this.syncProcessor!.processRequest(r);
  }

  /** FollowerZooKeeperServer.commit. False when the commit is not for the oldest pending txn. */
  commit(zxid: number): boolean {
    const first = this.pendingTxns[0];
    if (first === undefined || first.zxid !== zxid) return false;
    this.pendingTxns.shift();
    this.commitProcessor.commit(first);
    return true;
  }
}

export class ObserverZooKeeperServer extends LearnerZooKeeperServerBase {
  override get serverMode(): string {
    return 'observer';
  }

  protected override setupRequestProcessors(): void {
    this.commitProcessor = new CommitProcessor((r) => this.finalProcessRequest(r), true);
    this.syncProcessor = new SyncRequestProcessor(this, null);
    this.firstProcessor = { processRequest: (r) => this.forward(r) };
  }

  /** ObserverZooKeeperServer.commitRequest: log (without waiting) and commit. */
  commitRequest(t: Txn): void {
    const r = requestForTxn(t);
    this.syncProcessor!.processRequest(r);
    this.commitProcessor.commit(r);
  }
}

export { requestForTxn };
