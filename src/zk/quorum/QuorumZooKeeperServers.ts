// The ZooKeeperServer of each quorum role, with the processor chains ZooKeeper gives them:
//   leader:   Prep -> Proposal(-> Sync -> Ack) -> Commit -> ToBeApplied -> Final
//   follower: FollowerRequest(-> forward to leader) -> Commit -> Final;  PROPOSAL -> Sync -> SendAck
//   observer: ObserverRequest(-> forward to leader) -> Commit -> Final;  INFORM -> Sync, Commit
//
// What they show (QuorumZooKeeperServer and its subclasses, 3.8.0): every role feeds the peer's
// one metrics registry (Java's ServerMetrics is a JVM-wide singleton, so counters and summaries
// survive role changes; the gauges are registered when a role's server starts and unregistered
// when it shuts down); conf adds the quorum settings and the membership; mntr adds zk_peer_state
// (and the observer's zk_observer_master_id); a learner's dump lists the global sessions
// (LearnerSessionTracker) instead of expiry buckets; the leader's stat/srvr add the proposal sizes.

import { registerZooKeeperServerGauges, unregisterZooKeeperServerGauges } from '../FourLetterWords.ts';
import { javaLongToHex } from '../fourletter/JavaFormat.ts';
import { BufferStats, long, ServerMetrics, type MetricValue } from '../fourletter/ServerMetrics.ts';
import type { Request } from '../Request.ts';
import { newRequest } from '../Request.ts';
import type { ServerCnxn } from '../ServerCnxn.ts';
import { SessionTracker } from '../SessionTracker.ts';
import { SyncRequestProcessor } from '../SyncRequestProcessor.ts';
import type { Txn } from '../txn.ts';
import { OpCode } from '../ZooDefs.ts';
import { ZooKeeperServer, type ServerContext } from '../ZooKeeperServer.ts';
import { CommitProcessor, needCommit } from './CommitProcessor.ts';

/**
 * What the quorum role servers need from the QuorumPeer running them (QuorumZooKeeperServer.self).
 * Server objects built from a context without it (none in ZooScope) fall back to standalone-like
 * behaviour with a registry of their own.
 */
export interface QuorumSelf {
  /** ServerMetrics.getMetrics(): one registry per JVM, shared by every role the peer takes. */
  readonly metrics: ServerMetrics;
  /** This server's election and quorum ports (conf's electionPort / quorumPort). */
  readonly electionPort: number;
  readonly quorumPort: number;
  /** LearnerType.ordinal(): 0 participant, 1 observer (conf's peerType). */
  readonly learnerTypeOrdinal: number;
  /** getQuorumSize(): the voting members (zk_quorum_size). */
  readonly quorumSize: number;
  /** QuorumVerifier.toString(): the membership text of conf and /zookeeper/config. */
  quorumVerifierText(): string;
  /** ZKDatabase.initConfigInZKDatabase(self.getQuorumVerifier()). */
  initConfigInZKDatabase(): void;
}

/** A ServerContext that carries the QuorumPeer (QuorumPeer.serverContext()). */
export interface QuorumServerContext extends ServerContext {
  readonly self: QuorumSelf;
}

function selfOf(ctx: ServerContext): QuorumSelf | null {
  return 'self' in ctx ? (ctx as QuorumServerContext).self : null;
}

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
  /** Leader.getProposalStats(): sizes of the serialized proposals. */
  readonly proposalStats: BufferStats;
  /** getLearners().size(): every live LearnerHandler. */
  readonly learnerCount: number;
  /** getForwardingFollowers().size(). */
  readonly forwardingFollowerCount: number;
  /** getNonVotingFollowers().size(). */
  readonly nonVotingFollowerCount: number;
  /** getObservingLearners().size(). */
  readonly observingLearnerCount: number;
  /** getNumPendingSyncs(): zxids with learner syncs waiting for their commit. */
  readonly numPendingSyncs: number;
  /** getUptime(): ms since the leader started its server, 0 before. */
  readonly uptime: number;
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
  /** The leader this learner follows (Observer.getLearnerMasterId). */
  readonly leaderId: number;
  /** syncWithLeader is over: packets now go through Follower/Observer.processPacket. */
  readonly serving: boolean;
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

  /** The touches not yet sent with a ping (for views; does not clear them). */
  pendingTouches(): [bigint, number][] {
    return [...this.touchTable.entries()];
  }

  /** The touches since the last ping, cleared (LearnerSessionTracker.snapshot). */
  snapshot(): [bigint, number][] {
    const t = [...this.touchTable.entries()];
    this.touchTable = new Map();
    return t;
  }

  /** LearnerSessionTracker.dumpSessions (no local session tracker): the global sessions, by id. */
  dumpSessions(): string {
    const ids = [...this.sessionsWithTimeout.keys()].sort((a, b) => (BigInt.asIntN(64, a) < BigInt.asIntN(64, b) ? -1 : BigInt.asIntN(64, a) > BigInt.asIntN(64, b) ? 1 : 0));
    let s = `Global Sessions(${this.sessionsWithTimeout.size}):\n`;
    for (const id of ids) s += `0x${javaLongToHex(id)}\t${this.sessionsWithTimeout.get(id)}ms\n`;
    return s;
  }
}

/**
 * QuorumZooKeeperServer: what every quorum role's server shares — the peer's registry, the gauges
 * it registers while it runs, conf's quorum lines and mntr's peer state.
 */
export abstract class QuorumZooKeeperServer extends ZooKeeperServer {
  /** The QuorumPeer running this server, when it was given one. */
  readonly self: QuorumSelf | null;
  override metrics: ServerMetrics;
  private metricsRegistered = false;

  constructor(ctx: ServerContext) {
    super(ctx);
    this.self = selfOf(ctx);
    this.metrics = this.self?.metrics ?? new ServerMetrics();
  }

  /** ZooKeeperServer.startupWithServerState: ... registerMetrics(), then the state. */
  override startupWithoutServing(): void {
    this.startServer();
    this.registerMetrics();
  }

  /** ZooKeeperServer.startupWithoutServing as ZooScope's base class does it. */
  protected startServer(): void {
    super.startupWithoutServing();
  }

  override shutdown(): void {
    const running = this.state !== 'shutdown';
    super.shutdown();
    if (running && this.metricsRegistered) {
      this.unregisterMetrics();
      this.metricsRegistered = false;
    }
  }

  /** ZooKeeperServer.registerMetrics + QuorumZooKeeperServer's quorum_size. */
  protected registerMetrics(): void {
    this.metricsRegistered = true;
    registerZooKeeperServerGauges(this.metrics, this);
    this.metrics.registerGauge('quorum_size', () => long(this.self?.quorumSize ?? 0));
  }

  protected unregisterMetrics(): void {
    unregisterZooKeeperServerGauges(this.metrics);
    this.metrics.unregisterGauge('quorum_size');
  }

  /** QuorumZooKeeperServer.dumpConf: after serverId=, the quorum settings and the membership. */
  get extraConf(): string | undefined {
    const self = this.self;
    if (self === null) return undefined;
    return (
      `initLimit=${this.cfg.initLimit}\n` +
      `syncLimit=${this.cfg.syncLimit}\n` +
      // electionAlg: 3 (FastLeaderElection), the only one 3.8.0 has.
      `electionAlg=3\n` +
      `electionPort=${self.electionPort}\n` +
      `quorumPort=${self.quorumPort}\n` +
      `peerType=${self.learnerTypeOrdinal}\n` +
      'membership: \n' +
      self.quorumVerifierText()
    );
  }

  /** QuorumZooKeeperServer.dumpMonitorValues: zk_peer_state after zk_server_state. */
  protected abstract get peerStateText(): string;

  override get extraMonitorValues(): readonly (readonly [string, MetricValue])[] {
    return [['peer_state', { type: 'string', value: this.peerStateText }]];
  }
}

export class LeaderZooKeeperServer extends QuorumZooKeeperServer {
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

  protected override get peerStateText(): string {
    return this.leader.peerStateText;
  }

  /** StatCommand prints Leader.getProposalStats() in mode "leader"; srst resets it. */
  get proposalStats(): BufferStats {
    return this.leader.proposalStats;
  }

  /** LeaderZooKeeperServer.registerMetrics. */
  protected override registerMetrics(): void {
    super.registerMetrics();
    const m = this.metrics;
    const l = this.leader;
    m.registerGauge('learners', () => long(l.learnerCount));
    m.registerGauge('synced_followers', () => long(l.forwardingFollowerCount));
    m.registerGauge('synced_non_voting_followers', () => long(l.nonVotingFollowerCount));
    // self::getSynced_observers_metric: the leader's observing learners.
    m.registerGauge('synced_observers', () => long(l.observingLearnerCount));
    m.registerGauge('pending_syncs', () => long(l.numPendingSyncs));
    m.registerGauge('leader_uptime', () => long(l.uptime));
    m.registerGauge('last_proposal_size', () => long(l.proposalStats.last));
    m.registerGauge('max_proposal_size', () => long(l.proposalStats.max));
    m.registerGauge('min_proposal_size', () => long(l.proposalStats.min));
  }

  protected override unregisterMetrics(): void {
    super.unregisterMetrics();
    for (const name of ['learners', 'synced_followers', 'synced_non_voting_followers', 'synced_observers', 'pending_syncs', 'leader_uptime', 'last_proposal_size', 'max_proposal_size', 'min_proposal_size']) {
      this.metrics.unregisterGauge(name);
    }
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
        if (r.hdr !== null) {
          logLatency(this, r, 'proposal_ack_creation_latency');
          this.leader.processAck(this.leader.myid, r.hdr.zxid);
        }
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

  /**
   * LeaderZooKeeperServer.submitLearnerRequest: straight into the PrepRequestProcessor — no
   * touch, no LeaderRequestProcessor and no RequestThrottler (so no request_throttle_queue_time_ms
   * sample, unlike ZooKeeperServer.prepThen for this server's own clients).
   */
  submitLearnerRequest(r: Request): void {
    if (this.state !== 'running') return;
    const m = this.metrics;
    m.counter('prep_processor_request_queued').add(1);
    m.summary('prep_processor_queue_time_ms').add(0);
    this.prep.pRequest(r, () => this.hzxid);
    m.summary('prep_process_time').add(0);
    m.summary('prep_processor_queue_size').add(0);
    m.summary('proposal_process_time').add(0);
    this.proposalProcessRequest(r);
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

/** Request.logLatency: wall time since the txn header's time, when not negative. */
export function logLatency(zks: ZooKeeperServer, r: Request, name: 'proposal_ack_creation_latency' | 'commit_propagation_latency' | 'quorum_ack_latency'): void {
  if (r.hdr === null) return;
  const latency = zks.wallTime() - r.hdr.time;
  if (latency >= 0) zks.metrics.summary(name).add(latency);
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

abstract class LearnerZooKeeperServerBase extends QuorumZooKeeperServer {
  commitProcessor!: CommitProcessor;
  /** Proposals logged and waiting for their COMMIT, oldest first (pendingTxns). */
  readonly pendingTxns: Request[] = [];

  constructor(
    ctx: ServerContext,
    readonly learner: LearnerApi,
  ) {
    super(ctx);
  }

  protected override get peerStateText(): string {
    return this.learner.peerStateText;
  }

  protected override get ownsSessions(): boolean {
    return false;
  }

  get learnerSessionTracker(): LearnerSessionTracker {
    return this.sessionTracker as LearnerSessionTracker;
  }

  /** DumpCommand: LearnerSessionTracker.dumpSessions. */
  get sessionsDump(): string | undefined {
    return this.sessionTracker instanceof LearnerSessionTracker ? this.sessionTracker.dumpSessions() : undefined;
  }

  /**
   * Learner.syncWithLeader creates the session tracker when the sync mode is known (the txns a
   * SNAP or TRUNC sync applies before NEWLEADER commit and close sessions in it), and starts the
   * server without serving at NEWLEADER (startupWithoutServing); it serves after UPTODATE.
   */
  createSessionTrackerForSync(): void {
    this.createSessionTracker();
  }

  /**
   * A learner has no PrepRequestProcessor: its Follower/ObserverRequestProcessor samples its
   * (empty) queue instead.
   */
  protected override startServer(): void {
    const shared = this.metrics;
    shared.summary('learner_request_processor_queue_size').add(0);
    if (this.self !== null) this.tree.metrics = shared;
    // ZooKeeperServer.startup samples the Prep queue, which a learner does not have.
    this.metrics = new ServerMetrics();
    try {
      super.startServer();
    } finally {
      this.metrics = shared;
      this.tree.metrics = shared;
    }
    shared.summary('sync_processor_queue_size').add(0);
  }

  protected override createSessionTracker(): void {
    this.sessionTracker = new LearnerSessionTracker(this.cfg.tickTime, this.learner.myid, this.now(), this.env.elapsedBase + this.now(), this.db.sessionsWithTimeouts);
  }

  protected override revalidateSession(c: ServerCnxn, sessionId: bigint, timeout: number): void {
    this.learner.validateSession(c, sessionId, timeout);
  }

  /** FollowerRequestProcessor / ObserverRequestProcessor: everything to Commit, writes to the leader. */
  protected forward(r: Request): void {
    // ZooKeeperServer.submitRequest -> RequestThrottler -> this processor, whose thread samples its
    // queue each time round its loop.
    this.metrics.summary('request_throttle_queue_time_ms').add(0);
    this.metrics.summary('learner_request_processor_queue_size').add(0);
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
    if (r !== undefined) this.commitToProcessor(r);
  }

  /** CommitProcessor.commit (which counts request_commit_queued). */
  protected commitToProcessor(r: Request): void {
    this.metrics.counter('request_commit_queued').add(1);
    this.commitProcessor.commit(r);
  }

  /** Whether the packet being handled was read by Follower/Observer.processPacket (the learner serves). */
  protected get inBroadcastPacket(): boolean {
    return this.learner.serving;
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
        if (r.type !== OpCode.sync && r.hdr !== null) {
          logLatency(this, r, 'proposal_ack_creation_latency');
          this.learner.ack(r.hdr.zxid);
        }
      },
    });
    this.firstProcessor = { processRequest: (r) => this.forward(r) };
  }

  /** FollowerZooKeeperServer.registerMetrics: synced_observers (null without an ObserverMaster: not printed). */
  protected override registerMetrics(): void {
    super.registerMetrics();
    this.metrics.registerGauge('synced_observers', () => null);
  }

  protected override unregisterMetrics(): void {
    super.unregisterMetrics();
    this.metrics.unregisterGauge('synced_observers');
  }

  /** FollowerZooKeeperServer.logRequest: a proposal goes to the log; its ACK follows the fsync. */
  logRequest(t: Txn): void {
    if (this.inBroadcastPacket) {
      // Follower.processPacket(PROPOSAL)
      this.metrics.counter('learner_proposal_received_count').add(1);
      const latency = this.wallTime() - t.hdr.time;
      this.metrics.summary('proposal_latency').add(latency);
    }
    const r = requestForTxn(t);
    this.pendingTxns.push(r);
    this.syncProcessor!.processRequest(r);
  }

  /** FollowerZooKeeperServer.commit. False when the commit is not for the oldest pending txn. */
  commit(zxid: number): boolean {
    if (this.inBroadcastPacket) this.metrics.counter('learner_commit_received_count').add(1);
    const first = this.pendingTxns[0];
    if (first === undefined || first.zxid !== zxid) return false;
    this.pendingTxns.shift();
    logLatency(this, first, 'commit_propagation_latency');
    this.commitToProcessor(first);
    return true;
  }
}

export class ObserverZooKeeperServer extends LearnerZooKeeperServerBase {
  override get serverMode(): string {
    return 'observer';
  }

  /** ObserverZooKeeperServer.dumpMonitorValues: zk_observer_master_id after zk_peer_state. */
  override get extraMonitorValues(): readonly (readonly [string, MetricValue])[] {
    return [...super.extraMonitorValues, ['observer_master_id', long(this.learner.leaderId)]];
  }

  protected override setupRequestProcessors(): void {
    this.commitProcessor = new CommitProcessor((r) => this.finalProcessRequest(r), true);
    this.syncProcessor = new SyncRequestProcessor(this, null);
    this.firstProcessor = { processRequest: (r) => this.forward(r) };
  }

  /** ObserverZooKeeperServer.commitRequest: log (without waiting) and commit. */
  commitRequest(t: Txn): void {
    const r = requestForTxn(t);
    if (this.inBroadcastPacket) {
      // Observer.processPacket(INFORM)
      this.metrics.counter('learner_commit_received_count').add(1);
      logLatency(this, r, 'commit_propagation_latency');
    }
    this.syncProcessor!.processRequest(r);
    this.commitToProcessor(r);
  }
}

/** The server that answers four-letter words while the peer serves nothing (LOOKING, syncing). */
export class DormantZooKeeperServer extends ZooKeeperServer {
  override metrics: ServerMetrics;

  constructor(ctx: ServerContext) {
    super(ctx);
    this.metrics = selfOf(ctx)?.metrics ?? new ServerMetrics();
  }
}

export { requestForTxn };
