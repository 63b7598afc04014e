// org.apache.zookeeper.server.ZooKeeperServer: serving clients. The standalone server uses it as
// is (Prep -> Sync -> Final); the quorum roles subclass it with their own processor chains
// (LeaderZooKeeperServer, FollowerZooKeeperServer, ObserverZooKeeperServer), exactly as ZooKeeper
// does. A server object lives for one epoch of serving; the node that owns it (a standalone
// server or a QuorumPeer) owns the client connections and the database.

import { handleAuthentication } from './auth.ts';
import { decodeUtf8, type DataTree } from './DataTree.ts';
import type { Effect } from './effects.ts';
import type { SemanticEvent } from './events.ts';
import { ephemeralKind, ttlOf } from './EphemeralType.ts';
import { FinalRequestProcessor, type FinalHost } from './FinalRequestProcessor.ts';
import { FourLetterWords, type FourLetterHost } from './FourLetterWords.ts';
import { ServerMetrics, type MetricValue } from './fourletter/ServerMetrics.ts';
import { javaRandomBytes } from './JavaRandom.ts';
import { Code } from './KeeperException.ts';
import { PrepRequestProcessor, type PrepHost } from './PrepRequestProcessor.ts';
import type { AuthPacket, ClientPacket, ConnectRequest, RequestRecord, ResponseRecord, ServerPacket } from './proto.ts';
import { Xid } from './proto.ts';
import { isQuorum, isValidType, newRequest, type ConnId, type Request } from './Request.ts';
import { ResponseCache } from './ResponseCache.ts';
import type { Rng } from './Rng.ts';
import type { ServerCnxn } from './ServerCnxn.ts';
import { updateStatsForResponse } from './ServerCnxn.ts';
import type { ServerCnxnFactory } from './ServerCnxnFactory.ts';
import { maxSessionTimeout, minSessionTimeout, type ServerConfig } from './ServerConfig.ts';
import { ServerStats } from './ServerStats.ts';
import { SessionTracker } from './SessionTracker.ts';
import { takeSnapshot } from './Snapshot.ts';
import { SyncRequestProcessor, type RequestProcessor, type SyncHost } from './SyncRequestProcessor.ts';
import { txnKey, type ProcessTxnResult, type Txn } from './txn.ts';
import type { ZKDatabase } from './ZKDatabase.ts';
import { KeeperState, OpCode, opName } from './ZooDefs.ts';

/** ZooKeeperServer.superSecret, mixed into session passwords. */
const SUPER_SECRET = 0xb3415c00n;

export function generatePasswd(sessionId: bigint): Uint8Array {
  return javaRandomBytes(BigInt.asIntN(64, sessionId ^ SUPER_SECRET), 16);
}

export interface ServerEnvironment {
  /** Wall clock at elapsed time 0 (ms since the epoch): txn times and ctime/mtime derive from it. */
  readonly wallClockBase: number;
  /** The monotonic clock's reading at elapsed time 0 (Java's nanoTime origin): session ids derive from it. */
  readonly elapsedBase: number;
  readonly rng: Rng;
}

/** What a server object needs from the node that owns it. */
export interface ServerContext {
  readonly cfg: ServerConfig;
  readonly env: ServerEnvironment;
  readonly db: ZKDatabase;
  readonly factory: ServerCnxnFactory;
  emit(e: Effect): void;
  event(ev: SemanticEvent): void;
  now(): number;
  nextSyncToken(): number;
  /** A name for the next server object's timers, unique within the node. */
  nextServerScope(): string;
}

/** The owner token of sessions whose clients are connected to this very server (ServerCnxn.me). */
export const LOCAL_OWNER: unique symbol = Symbol('ServerCnxn.me');

export type ServerState = 'initial' | 'running' | 'shutdown';

export class ZooKeeperServer implements PrepHost, FinalHost, FourLetterHost, SyncHost {
  readonly cfg: ServerConfig;
  readonly env: ServerEnvironment;
  readonly db: ZKDatabase;
  readonly factory: ServerCnxnFactory;
  sessionTracker!: SessionTracker;
  readonly stats = new ServerStats();
  readonly metrics = new ServerMetrics();
  state: ServerState = 'initial';
  /** Timer names of this object start with it, so a later incarnation ignores them. */
  readonly timerScope: string;
  protected hzxid = 0;
  protected prep!: PrepRequestProcessor;
  protected final!: FinalRequestProcessor;
  protected firstProcessor!: RequestProcessor;
  syncProcessor: SyncRequestProcessor | null = null;
  private readonly fourLetter: FourLetterWords;
  private readonly readResponseCache = new ResponseCache();
  private readonly getChildrenResponseCache = new ResponseCache();
  private expiryTimerAt: number | null = null;
  private containerTimerAt: number | null = null;
  startedAt = 0;

  constructor(protected readonly ctx: ServerContext) {
    this.cfg = ctx.cfg;
    this.env = ctx.env;
    this.db = ctx.db;
    this.factory = ctx.factory;
    this.timerScope = ctx.nextServerScope();
    this.fourLetter = new FourLetterWords(this);
  }

  // ---- accessors used by the processors and the four-letter words ----

  get tree(): DataTree { return this.db.tree; }
  get cnxns(): ReadonlyMap<ConnId, ServerCnxn> { return this.factory.cnxns; }
  get extendedTypesEnabled(): boolean { return this.cfg.extendedTypesEnabled; }
  get enforceQuota(): boolean { return this.cfg.enforceQuota; }
  get digestEnabled(): boolean { return this.cfg.digestEnabled; }
  get closeSessionTxnEnabled(): boolean { return this.cfg.closeSessionTxnEnabled; }
  get reconfigEnabled(): boolean { return this.cfg.reconfigEnabled; }
  get isLeader(): boolean { return false; }
  get snapCount(): number { return Math.max(2, this.cfg.snapCount); }
  get rng(): Rng { return this.env.rng; }
  get elapsedBase(): number { return this.env.elapsedBase; }
  get serverMode(): string { return 'standalone'; }
  getNextZxid(): number { return ++this.hzxid; }
  get zxid(): number { return this.hzxid; }
  setZxid(z: number): void { this.hzxid = z; }
  now(): number { return this.ctx.now(); }
  wallTime(): number { return this.env.wallClockBase + this.ctx.now(); }
  nextSyncToken(): number { return this.ctx.nextSyncToken(); }
  emit(e: Effect): void { this.ctx.emit(e); }
  event(ev: SemanticEvent): void { this.ctx.event(ev); }
  /** Extra mntr lines after zk_server_state (peer state for quorum servers). */
  get extraMonitorValues(): readonly (readonly [string, MetricValue])[] | undefined { return undefined; }
  get isRunning(): boolean { return this.state === 'running'; }

  // ---- lifecycle ----

  /** ZooKeeperServer.startup: session tracker, processors, running. The database is already loaded. */
  startup(): void {
    this.startupWithoutServing();
    this.startServing();
  }

  /**
   * ZooKeeperServer.startupWithoutServing (startupWithServerState(INITIAL)): the session tracker
   * unless there is one already (a learner creates it when its sync begins), the processors; the
   * server does not serve yet.
   */
  startupWithoutServing(): void {
    this.hzxid = Math.max(this.hzxid, this.db.lastProcessedZxid);
    if (this.sessionTracker === undefined) this.createSessionTracker();
    this.prep = new PrepRequestProcessor(this);
    this.final = new FinalRequestProcessor(this);
    this.setupRequestProcessors();
    this.tree.metrics = this.metrics;
    // The processor threads sample their (empty) queues once before the first request arrives.
    this.metrics.summary('prep_processor_queue_size').add(0);
    this.metrics.summary('sync_processor_queue_size').add(0);
    this.startedAt = this.now();
  }

  /** ZooKeeperServer.startServing: state RUNNING. */
  startServing(): void {
    if (this.state === 'shutdown') return;
    this.state = 'running';
    this.scheduleTimers();
  }

  protected createSessionTracker(): void {
    // ZooKeeperServer.createSessionTrackerServerId: a standalone server numbers sessions as server 1
    // whatever its serverId (0 without a myid file), so its session ids start 0x1...
    this.sessionTracker = new SessionTracker(this.cfg.tickTime, 1, this.now(), this.env.elapsedBase + this.now(), this.db.sessionsWithTimeouts);
  }

  /** Standalone: Prep -> Sync -> Final. */
  protected setupRequestProcessors(): void {
    this.syncProcessor = new SyncRequestProcessor(this, { processRequest: (r) => this.finalProcessRequest(r) });
    this.firstProcessor = { processRequest: (r) => this.prepThen(r, (x) => this.syncProcessor!.processRequest(x)) };
  }

  /** PrepRequestProcessor and the throttler in front of it, then the next processor. */
  protected prepThen(si: Request, next: (r: Request) => void): void {
    const m = this.metrics;
    m.summary('request_throttle_queue_time_ms').add(0);
    m.counter('prep_processor_request_queued').add(1);
    m.summary('prep_processor_queue_time_ms').add(0);
    this.prep.pRequest(si, () => this.hzxid);
    m.summary('prep_process_time').add(0);
    m.summary('prep_processor_queue_size').add(0);
    m.summary('proposal_process_time').add(0);
    next(si);
  }

  shutdown(): void {
    if (this.state === 'shutdown') return;
    this.state = 'shutdown';
    if (this.expiryTimerAt !== null) this.emit({ kind: 'cancelTimer', timer: this.timerScope + 'sessionExpiry' });
    if (this.containerTimerAt !== null) this.emit({ kind: 'cancelTimer', timer: this.timerScope + 'containerManager' });
    this.expiryTimerAt = null;
    this.containerTimerAt = null;
    this.prep?.clear();
  }

  takeSnapshot(): void {
    const snap = takeSnapshot(this.tree, this.db.sessionsWithTimeouts);
    this.metrics.summary('snapshottime').add(0);
    this.db.noteSnapshot(snap);
    this.emit({ kind: 'snapshot', snapshot: snap });
    this.event({ type: 'snapshotTaken', zxid: snap.zxid, nodes: snap.nodes.length });
  }

  /** ZooKeeperServer.loadData's clean-up: sessions that own ephemerals but no longer exist die. */
  killDeadSessions(): void {
    for (const sid of this.tree.ephemeralsBySession().keys()) {
      if (!this.db.sessionsWithTimeouts.has(sid)) this.tree.killSession(sid, this.tree.lastProcessedZxid, null);
    }
    this.tree.drainNotifications();
  }

  // ---- connections ----

  isOpen(conn: number): boolean {
    return this.factory.isOpen(conn);
  }

  watcherFor(conn: number): number {
    return conn;
  }

  closeConnection(conn: ConnId): void {
    this.factory.close(conn);
  }

  closeSessionConnections(sessionId: bigint): void {
    this.factory.closeSession(sessionId);
  }

  /** The connection is gone (closed by either side): its watches go with it. */
  connectionGone(conn: ConnId): void {
    this.tree.removeWatcher(conn);
  }

  private send(conn: ConnId, packet: ServerPacket): void {
    if (!this.factory.isOpen(conn)) return;
    this.stats.packetsSent++;
    this.factory.send(conn, packet);
  }

  onPacket(c: ServerCnxn, packet: ClientPacket, size: number): void {
    if (c.closed) return;
    if (c.recvDisabled) {
      c.held.push({ packet, size });
      return;
    }
    if (packet.kind === 'fourLetter') {
      this.fourLetterWord(c, packet.word);
      return;
    }
    // NIOServerCnxn.readLength: a length beyond jute.maxbuffer closes the connection.
    if (size > this.cfg.juteMaxBuffer) {
      this.event({ type: 'connectionRefused', conn: c.id, reason: `Len error ${size}` });
      this.closeConnection(c.id);
      return;
    }
    c.packetsReceived++;
    this.stats.packetsReceived++;
    this.metrics.counter('bytes_received_count').add(4 + size);
    if (packet.kind === 'connect') {
      if (c.initialized) {
        this.closeConnection(c.id);
        return;
      }
      c.initialized = true;
      this.processConnectRequest(c, packet.req);
      return;
    }
    if (!c.initialized) {
      this.closeConnection(c.id);
      return;
    }
    this.processPacket(c, packet.xid, packet.type, packet.req);
  }

  fourLetterWord(c: ServerCnxn, word: string): void {
    if (c.initialized) {
      this.closeConnection(c.id);
      return;
    }
    const r = this.fourLetter.execute(word, c);
    if (r.text !== null) {
      // The answer may span several packets; each counts as sent.
      c.packetsSent += r.packets - 1;
      this.stats.packetsSent += r.packets - 1;
      this.send(c.id, { kind: 'fourLetterReply', text: r.text });
    }
    this.closeConnection(c.id);
  }

  protected processConnectRequest(c: ServerCnxn, req: ConnectRequest): void {
    if (req.lastZxidSeen > this.tree.lastProcessedZxid) {
      // "Refusing session request for client ... as it has seen zxid 0x.. our last zxid is 0x.."
      this.event({ type: 'connectionRefused', conn: c.id, reason: `client has seen zxid 0x${req.lastZxidSeen.toString(16)}, ours is 0x${this.tree.lastProcessedZxid.toString(16)}` });
      this.closeConnection(c.id);
      return;
    }
    let timeout = req.timeOut;
    const min = minSessionTimeout(this.cfg);
    const max = maxSessionTimeout(this.cfg);
    if (timeout < min) timeout = min;
    if (timeout > max) timeout = max;
    c.sessionTimeout = timeout;
    // No more packets from this client until the session is set up (cnxn.disableRecv).
    c.recvDisabled = true;
    this.metrics.summary('connection_token_deficit').add(0);
    this.metrics.counter('connection_request_count').add(1);
    if (req.sessionId === 0n) {
      const id = this.createSessionId(timeout);
      c.sessionId = id;
      this.event({ type: 'sessionCreated', sessionId: id, timeout });
      this.submitRequest(newRequest({ cnxn: c.id, sessionId: id, cxid: 0, type: OpCode.createSession, req: null, authInfo: c.authInfo.list(), owner: LOCAL_OWNER, createTime: this.now(), timeout }));
    } else {
      // The session's other connection here is closed (CLIENT_RECONNECT).
      this.factory.closeSession(req.sessionId, c.id);
      c.sessionId = req.sessionId;
      if (!bytesEqual(req.passwd, generatePasswd(req.sessionId))) {
        this.finishSessionInitFor(c, false);
        return;
      }
      this.metrics.counter('connection_revalidate_count').add(1);
      this.revalidateSession(c, req.sessionId, timeout);
    }
  }

  /** ZooKeeperServer.createSession: a new session id from this server's tracker. */
  protected createSessionId(timeout: number): bigint {
    return this.sessionTracker.createSession(timeout, this.now());
  }

  /** ZooKeeperServer.revalidateSession: standalone and leader touch the session locally. */
  protected revalidateSession(c: ServerCnxn, sessionId: bigint, timeout: number): void {
    const valid = this.sessionTracker.touchSession(sessionId, timeout, this.now());
    if (valid) this.setOwner(sessionId, LOCAL_OWNER);
    this.finishSessionInitFor(c, valid);
  }

  protected setOwner(sessionId: bigint, owner: unknown): void {
    try {
      this.sessionTracker.setOwner(sessionId, owner);
    } catch {
      /* SessionExpiredException: the connect fails later */
    }
  }

  /** FinalRequestProcessor's createSession branch: stats as "SESS", then the ConnectResponse. */
  finishSessionInit(request: Request, valid: boolean): void {
    const c = request.cnxn === null ? undefined : this.factory.get(request.cnxn);
    if (!c) return;
    this.updateLatency(request);
    updateStatsForResponse(c, request.cxid, this.tree.lastProcessedZxid, 'SESS', request.createTime, this.now());
    this.finishSessionInitFor(c, valid);
  }

  finishSessionInitFor(c: ServerCnxn, valid: boolean): void {
    this.send(c.id, {
      kind: 'connected',
      rsp: {
        protocolVersion: 0,
        timeOut: valid ? c.sessionTimeout : 0,
        sessionId: valid ? c.sessionId : 0n,
        passwd: valid ? generatePasswd(c.sessionId) : new Uint8Array(16),
        readOnly: false,
      },
    });
    if (!valid) {
      this.closeConnection(c.id);
      return;
    }
    c.recvDisabled = false;
    const held = c.held.splice(0);
    for (const h of held) this.onPacket(c, h.packet, h.size);
  }

  private processPacket(c: ServerCnxn, xid: number, type: number, req: RequestRecord): void {
    if (type === OpCode.auth) {
      const a = req as AuthPacket;
      const res = handleAuthentication(a.scheme, a.auth, c.remoteIp, { superDigest: this.cfg.superDigest });
      for (const id of res.ids) c.authInfo.add(id);
      this.send(c.id, { kind: 'reply', xid, zxid: 0, err: res.code, rsp: null });
      if (res.code !== Code.OK) this.closeConnection(c.id);
      return;
    }
    c.outstandingRequests++;
    this.submitRequest(newRequest({ cnxn: c.id, sessionId: c.sessionId, cxid: xid, type, req, authInfo: c.authInfo.list(), owner: LOCAL_OWNER, createTime: this.now() }));
  }

  // ---- the request pipeline ----

  /** ZooKeeperServer.submitRequestNow: touch the session, then hand to the first processor. */
  submitRequest(si: Request): void {
    if (this.state !== 'running') return;
    if (si.cnxn !== null) {
      const c = this.factory.get(si.cnxn);
      if (!c) return;
      if (!this.touch(c.sessionId, c.sessionTimeout)) return; // MissingSessionException: dropped
    }
    if (!isValidType(si.type)) {
      // UnimplementedRequestProcessor
      this.replyTo(si, Code.UNIMPLEMENTED, null, this.tree.lastProcessedZxid, 'NA');
      if (si.cnxn !== null) this.closeConnection(si.cnxn);
      return;
    }
    this.firstProcessor.processRequest(si);
  }

  /** ZooKeeperServer.touch: refresh the session's expiry. */
  protected touch(sessionId: bigint, timeout: number): boolean {
    if (!this.sessionTracker.touchSession(sessionId, timeout, this.now())) return false;
    this.noteBucket(sessionId);
    return true;
  }

  protected noteBucket(sessionId: bigint): void {
    const s = this.sessionTracker.sessionsById.get(sessionId);
    const at = s ? this.sessionTracker.expiryQueue.expiryOf(s) : undefined;
    if (at !== undefined) this.event({ type: 'sessionBucket', sessionId, expiresAt: at });
  }

  /** Synced input from the host: the fsync with this token completed. */
  synced(token: number): boolean {
    return this.syncProcessor?.synced(token) ?? false;
  }

  finalProcessRequest(si: Request): void {
    this.final.processRequest(si);
    if (si.cnxn !== null) {
      const c = this.factory.get(si.cnxn);
      if (c && c.outstandingRequests > 0) c.outstandingRequests--;
    }
  }

  /**
   * ZooKeeperServer.processTxn(Request): session bookkeeping, then the database, then the
   * committed log. A learner applying txns during sync uses the (hdr, txn) variant, which does
   * not add them to the committed log (inCommittedLog = false) — as 3.8.0 does.
   */
  processTxn(request: Request, inCommittedLog = true): ProcessTxnResult {
    const hdr = request.hdr;
    if (request.type === OpCode.createSession) {
      if (hdr !== null && request.txn?.kind === 'createSession') this.sessionTracker.commitSession(request.sessionId, request.txn.timeOut);
    } else if (request.type === OpCode.closeSession) {
      this.sessionTracker.removeSession(request.sessionId);
    }
    const empty: ProcessTxnResult = { clientId: 0n, cxid: 0, zxid: 0, err: 0, type: 0, path: null, stat: null, multiResult: null };
    if (hdr === null) return empty;
    const txn: Txn = request.digest === null ? { hdr, body: request.txn! } : { hdr, body: request.txn!, digest: request.digest };
    const rc = this.db.processTxn(txn);
    if (txn.digest !== undefined && this.digestEnabled && txn.digest.treeDigest !== this.tree.getTreeDigest()) {
      // DataTree.compareDigest: "Digests are not matching. Value is Zxid."
      this.metrics.counter('digest_mismatches_count').add(1);
      this.event({ type: 'digestMismatch', zxid: hdr.zxid, expected: txn.digest.treeDigest, actual: this.tree.getTreeDigest() });
    }
    this.metrics.summary('propagation_latency').add(Math.max(0, this.wallTime() - hdr.time));
    this.prep?.txnApplied(hdr.zxid);
    if (inCommittedLog && isQuorum(request.type)) this.db.addCommittedProposal(txn);
    // Watches fire as the txn is applied, before the reply goes out.
    this.deliverNotifications();
    this.event({ type: 'txnApplied', zxid: hdr.zxid, op: opName(hdr.type), path: rc.path, err: rc.err, key: txnKey(txn) });
    if (request.type === OpCode.closeSession) {
      const paths = request.txn?.kind === 'closeSession' ? [...request.txn.paths2Delete] : [];
      this.event({ type: 'sessionClosed', sessionId: request.sessionId, zxid: hdr.zxid, expired: request.cnxn === null, ephemerals: paths });
    }
    if (request.type === OpCode.deleteContainer && rc.err === 0) this.event({ type: 'containerDeleted', path: rc.path ?? '', zxid: hdr.zxid });
    return rc;
  }

  sendReply(request: Request, err: number, rsp: ResponseRecord | null, lastZxid: number, op: string): void {
    this.replyTo(request, err, rsp, lastZxid, op);
  }

  private replyTo(request: Request, err: number, rsp: ResponseRecord | null, lastZxid: number, op: string): void {
    if (request.cnxn === null) return;
    const c = this.factory.get(request.cnxn);
    if (!c) return;
    this.deliverNotifications();
    this.updateLatency(request);
    updateStatsForResponse(c, request.cxid, lastZxid, op, request.createTime, this.now());
    if (rsp !== null) this.countResponseCache(request, rsp);
    if (request.hdr !== null && request.hdr.type !== OpCode.error && err === 0 && request.type !== OpCode.createSession) this.event({ type: 'acknowledged', zxid: request.hdr.zxid, sessionId: request.sessionId });
    this.send(c.id, { kind: 'reply', xid: request.cxid, zxid: lastZxid, err, rsp });
  }

  sendPing(request: Request, lastZxid: number): void {
    if (request.cnxn === null) return;
    const c = this.factory.get(request.cnxn);
    if (!c) return;
    this.updateLatency(request);
    updateStatsForResponse(c, request.cxid, lastZxid, 'PING', request.createTime, this.now());
    this.send(c.id, { kind: 'reply', xid: Xid.PING, zxid: lastZxid, err: 0, rsp: null });
  }

  /** ServerStats.updateLatency: writes feed updatelatency, everything else readlatency. */
  private updateLatency(request: Request): void {
    const latency = this.now() - request.createTime;
    this.stats.updateLatency(latency);
    this.metrics.summary(isQuorum(request.type) ? 'updatelatency' : 'readlatency').add(latency);
  }

  /** NIOServerCnxn serializes getData and getChildren2 answers through the response caches. */
  private countResponseCache(request: Request, rsp: ResponseRecord): void {
    const cache = request.type === OpCode.getData ? this.readResponseCache : request.type === OpCode.getChildren2 ? this.getChildrenResponseCache : null;
    if (cache === null || !('stat' in rsp) || rsp.stat === undefined) return;
    const path = (request.req as { path: string }).path;
    if (path.endsWith('zookeeper_stats')) return;
    const hit = cache.lookup(path, rsp.stat);
    const name = request.type === OpCode.getData ? (hit ? 'response_packet_cache_hits' : 'response_packet_cache_misses') : hit ? 'response_packet_get_children_cache_hits' : 'response_packet_get_children_cache_misses';
    this.metrics.counter(name).add(1);
  }

  /** Send the watch notifications the tree produced, in order. */
  deliverNotifications(): void {
    for (const n of this.tree.drainNotifications()) {
      const c = this.factory.get(n.watcher);
      if (!c) continue;
      this.event({ type: 'watchFired', sessionId: c.sessionId, path: n.path, event: n.type });
      this.send(c.id, { kind: 'notification', event: { type: n.type, state: KeeperState.SyncConnected, path: n.path } });
    }
  }

  // ---- timers: session expiry and the container manager ----

  /** Whether this server expires sessions and deletes containers (standalone and leader). */
  protected get ownsSessions(): boolean {
    return true;
  }

  scheduleTimers(): void {
    if (this.state !== 'running' || !this.ownsSessions) return;
    const due = this.sessionTracker.nextExpiryCheck();
    if (due !== this.expiryTimerAt) {
      if (this.expiryTimerAt !== null) this.emit({ kind: 'cancelTimer', timer: this.timerScope + 'sessionExpiry' });
      this.expiryTimerAt = due;
      if (due !== null) this.emit({ kind: 'setTimer', timer: this.timerScope + 'sessionExpiry', at: due });
    }
    if (this.containerTimerAt === null) {
      this.containerTimerAt = this.startedAt + this.cfg.containerCheckIntervalMs;
      this.emit({ kind: 'setTimer', timer: this.timerScope + 'containerManager', at: this.containerTimerAt });
    }
  }

  /** A timer of this server fired (name without the scope). */
  onTimer(name: string): void {
    if (this.state !== 'running') return;
    if (name === 'sessionExpiry') {
      this.expiryTimerAt = null;
      for (const s of this.sessionTracker.pollExpired(this.now())) {
        this.sessionTracker.setSessionClosing(s.sessionId);
        this.metrics.counter('stale_sessions_expired').add(1);
        this.event({ type: 'sessionExpiring', sessionId: s.sessionId, timeout: s.timeout });
        this.submitRequest(newRequest({ cnxn: null, sessionId: s.sessionId, cxid: 0, type: OpCode.closeSession, req: null, authInfo: [], owner: null, createTime: this.now() }));
      }
    } else if (name === 'containerManager') {
      this.containerTimerAt = this.now() + this.cfg.containerCheckIntervalMs;
      this.emit({ kind: 'setTimer', timer: this.timerScope + 'containerManager', at: this.containerTimerAt });
      for (const path of this.containerCandidates()) {
        this.submitRequest(newRequest({ cnxn: null, sessionId: 0n, cxid: 0, type: OpCode.deleteContainer, req: { path }, authInfo: [], owner: null, createTime: this.now() }));
      }
    }
  }

  /** ContainerManager.getCandidates. */
  private containerCandidates(): string[] {
    const candidates = new Set<string>();
    for (const p of this.tree.getContainers()) {
      const n = this.tree.getNode(p);
      if (!n || n.numChildren !== 0) continue;
      if (n.cversion > 0) candidates.add(p);
      else if (this.cfg.containerMaxNeverUsedIntervalMs !== 0 && this.wallTime() - n.mtime > this.cfg.containerMaxNeverUsedIntervalMs) candidates.add(p);
    }
    for (const p of this.tree.getTtls()) {
      const n = this.tree.getNode(p);
      if (!n || n.numChildren !== 0) continue;
      if (ephemeralKind(n.ephemeralOwner, this.cfg.extendedTypesEnabled) !== 'TTL') continue;
      const ttl = ttlOf(n.ephemeralOwner);
      if (ttl !== 0 && this.wallTime() - n.mtime > ttl) candidates.add(p);
    }
    return [...candidates];
  }

  configText(): string {
    return decodeUtf8(this.tree.getNode('/zookeeper/config')?.data ?? null) ?? '';
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
