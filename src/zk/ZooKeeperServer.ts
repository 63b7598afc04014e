// org.apache.zookeeper.server.ZooKeeperServer in standalone mode, as a pure state machine:
// Prep -> Sync -> Final request processors, the session tracker, the container manager, the
// snapshot policy and the client connections. handle(input, now) returns the effects.

import { handleAuthentication, hasProvider } from './auth.ts';
import { decodeUtf8, type DataTree } from './DataTree.ts';
import type { Effect, RecoveredImage, ServerInput, TimerId } from './effects.ts';
import type { SemanticEvent } from './events.ts';
import { ephemeralKind, ttlOf } from './EphemeralType.ts';
import { FinalRequestProcessor, type FinalHost } from './FinalRequestProcessor.ts';
import { FourLetterWords, type FourLetterHost } from './FourLetterWords.ts';
import { javaRandomBytes } from './JavaRandom.ts';
import { Code } from './KeeperException.ts';
import { PrepRequestProcessor, type PrepHost } from './PrepRequestProcessor.ts';
import type { AuthPacket, ClientPacket, ConnectRequest, ResponseRecord } from './proto.ts';
import { Xid, requestPacketLength } from './proto.ts';
import { isQuorum, isValidType, newRequest, type ConnId, type Request } from './Request.ts';
import { newServerCnxn, updateStatsForResponse, type ServerCnxn } from './ServerCnxn.ts';
import { maxSessionTimeout, minSessionTimeout, type ServerConfig } from './ServerConfig.ts';
import { SessionTracker } from './SessionTracker.ts';
import { loadSnapshot, takeSnapshot, type Snapshot } from './Snapshot.ts';
import { ServerStats } from './ServerStats.ts';
import { ServerMetrics } from './fourletter/ServerMetrics.ts';
import { ResponseCache } from './ResponseCache.ts';
import type { ProcessTxnResult, Txn } from './txn.ts';
import { DataTree as DataTreeClass } from './DataTree.ts';
import { EventType, KeeperState, OpCode, opName } from './ZooDefs.ts';
import type { Rng } from './Rng.ts';

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

const EXPIRY_TIMER: TimerId = 'sessionExpiry';
const CONTAINER_TIMER: TimerId = 'containerManager';
const SUPPRESSED = Symbol('local');

/** The owner token of sessions whose clients connect to this server (ServerCnxn.me). */
export const LOCAL_OWNER = SUPPRESSED;

export type ServerState = 'initial' | 'running' | 'shutdown';

export class ZooKeeperServer implements PrepHost, FinalHost, FourLetterHost {
  readonly cfg: ServerConfig;
  readonly env: ServerEnvironment;
  tree: DataTree;
  sessionTracker!: SessionTracker;
  readonly cnxns = new Map<ConnId, ServerCnxn>();
  readonly stats = new ServerStats();
  readonly metrics = new ServerMetrics();
  private readonly readResponseCache = new ResponseCache();
  private readonly getChildrenResponseCache = new ResponseCache();
  state: ServerState = 'initial';
  private hzxid = 0;
  private prep!: PrepRequestProcessor;
  private final!: FinalRequestProcessor;
  private readonly fourLetter: FourLetterWords;
  private out: Effect[] = [];
  private clock = 0;

  // SyncRequestProcessor
  private toFlush: Request[] = [];
  private flushing: { token: number; requests: Request[] } | null = null;
  private nextToken = 1;
  private txnsInCurrentLog = 0;
  private randRoll = 0;
  private logStarted = false;

  // timers
  private expiryTimerAt: number | null = null;
  private containerTimerAt: number | null = null;
  startedAt = 0;

  constructor(cfg: ServerConfig, env: ServerEnvironment) {
    this.cfg = cfg;
    this.env = env;
    this.tree = new DataTreeClass({ extendedTypesEnabled: cfg.extendedTypesEnabled });
    this.fourLetter = new FourLetterWords(this);
  }

  // ---- PrepHost / FinalHost plumbing ----

  get extendedTypesEnabled(): boolean { return this.cfg.extendedTypesEnabled; }
  get enforceQuota(): boolean { return this.cfg.enforceQuota; }
  get digestEnabled(): boolean { return this.cfg.digestEnabled; }
  get closeSessionTxnEnabled(): boolean { return this.cfg.closeSessionTxnEnabled; }
  get reconfigEnabled(): boolean { return this.cfg.reconfigEnabled; }
  get isLeader(): boolean { return false; }
  getNextZxid(): number { return ++this.hzxid; }
  get zxid(): number { return this.hzxid; }
  now(): number { return this.clock; }
  wallTime(): number { return this.env.wallClockBase + this.clock; }
  get serverMode(): string { return 'standalone'; }
  get elapsedBase(): number { return this.env.elapsedBase; }

  /** Feed one input; returns the effects, in order. */
  handle(input: ServerInput, now: number): Effect[] {
    this.clock = now;
    this.out = [];
    switch (input.kind) {
      case 'start': this.startup(input.image); break;
      case 'accept': this.accept(input.conn, input.remoteIp, input.remotePort); break;
      case 'packet': this.onPacket(input.conn, input.packet, input.size); break;
      case 'connClosed': this.onConnClosed(input.conn); break;
      case 'timer': this.onTimer(input.timer); break;
      case 'synced': this.onSynced(input.token); break;
    }
    this.flushWatchNotifications();
    this.scheduleTimers();
    const out = this.out;
    this.out = [];
    return out;
  }

  private emit(e: Effect): void {
    this.out.push(e);
  }

  event(ev: SemanticEvent): void {
    this.out.push({ kind: 'event', event: ev });
  }

  // ---- startup and recovery (ZKDatabase.loadDataBase, ZooKeeperServer.loadData) ----

  private startup(image: RecoveredImage): void {
    const sessions = new Map<bigint, number>();
    let replayed = 0;
    if (image.snapshot !== null) {
      this.tree = loadSnapshot(image.snapshot, this.cfg.extendedTypesEnabled);
      for (const [id, to] of image.snapshot.sessions) sessions.set(id, to);
    }
    const snapZxid = this.tree.lastProcessedZxid;
    for (const txn of image.txns) {
      if (txn.hdr.zxid <= snapZxid) continue;
      this.replay(txn, sessions);
      replayed++;
    }
    this.hzxid = this.tree.lastProcessedZxid;
    this.sessionTracker = new SessionTracker(this.cfg.tickTime, this.cfg.serverId, this.clock, this.env.elapsedBase + this.clock, sessions);
    this.prep = new PrepRequestProcessor(this);
    this.final = new FinalRequestProcessor(this);
    // Sessions with ephemerals but no timeout entry are dead: kill them (ZooKeeperServer.loadData).
    for (const sid of this.tree.ephemeralsBySession().keys()) {
      if (!sessions.has(sid)) this.tree.killSession(sid, this.tree.lastProcessedZxid, null);
    }
    this.tree.drainNotifications();
    this.event({ type: 'recovered', snapshotZxid: snapZxid, replayed, lastZxid: this.tree.lastProcessedZxid });
    // Loading takes no virtual time; the counts are what mntr shows.
    this.metrics.summary('startup_snap_load_time').add(0);
    if (replayed > 0) {
      this.metrics.summary('startup_txns_loaded').add(replayed);
      this.metrics.summary('startup_txns_load_time').add(0);
    }
    this.metrics.summary('dbinittime').add(0);
    this.tree.metrics = this.metrics;
    // The processor threads sample their (empty) queues once before the first request arrives.
    this.metrics.summary('prep_processor_queue_size').add(0);
    this.metrics.summary('sync_processor_queue_size').add(0);
    this.takeSnapshot();
    this.resetSnapshotStats();
    this.state = 'running';
    this.startedAt = this.clock;
  }

  /** FileTxnSnapLog.processTransaction during restore. */
  private replay(txn: Txn, sessions: Map<bigint, number>): void {
    const { hdr, body } = txn;
    if (body.kind === 'createSession') sessions.set(hdr.clientId, body.timeOut);
    else if (body.kind === 'closeSession') sessions.delete(hdr.clientId);
    this.tree.processTxn(hdr, body);
    this.tree.drainNotifications();
  }

  private takeSnapshot(): void {
    const snap: Snapshot = takeSnapshot(this.tree, this.sessionTracker.sessionsWithTimeout);
    this.metrics.summary('snapshottime').add(0);
    this.emit({ kind: 'snapshot', snapshot: snap });
    this.event({ type: 'snapshotTaken', zxid: snap.zxid, nodes: snap.nodes.length });
  }

  // ---- connections ----

  private accept(conn: ConnId, ip: string, port: number): void {
    if (this.state !== 'running') {
      this.emit({ kind: 'close', conn });
      return;
    }
    this.cnxns.set(conn, newServerCnxn(conn, ip, port, this.clock));
  }

  isOpen(conn: number): boolean {
    const c = this.cnxns.get(conn);
    return c !== undefined && !c.closed;
  }

  watcherFor(conn: number): number {
    return conn;
  }

  closeConnection(conn: ConnId): void {
    const c = this.cnxns.get(conn);
    if (!c || c.closed) return;
    c.closed = true;
    this.cnxns.delete(conn);
    this.tree.removeWatcher(conn);
    this.emit({ kind: 'close', conn });
  }

  closeSessionConnections(sessionId: bigint): void {
    for (const c of [...this.cnxns.values()]) if (c.sessionId === sessionId) this.closeConnection(c.id);
  }

  private onConnClosed(conn: ConnId): void {
    const c = this.cnxns.get(conn);
    if (!c) return;
    c.closed = true;
    this.cnxns.delete(conn);
    this.tree.removeWatcher(conn);
  }

  private send(conn: ConnId, packet: import('./proto.ts').ServerPacket): void {
    const c = this.cnxns.get(conn);
    if (!c || c.closed) return;
    c.packetsSent++;
    this.stats.packetsSent++;
    this.emit({ kind: 'send', conn, packet });
  }

  private onPacket(conn: ConnId, packet: ClientPacket, size: number): void {
    const c = this.cnxns.get(conn);
    if (!c || c.closed) return;
    if (c.recvDisabled) {
      c.held.push({ packet, size });
      return;
    }
    if (packet.kind === 'fourLetter') {
      if (c.initialized) {
        this.closeConnection(conn);
        return;
      }
      const r = this.fourLetter.execute(packet.word, c);
      if (r.text !== null) {
        // The answer may span several packets; each counts as sent.
        c.packetsSent += r.packets - 1;
        this.stats.packetsSent += r.packets - 1;
        this.send(conn, { kind: 'fourLetterReply', text: r.text });
      }
      this.closeConnection(conn);
      return;
    }
    // NIOServerCnxn.readLength: a length beyond jute.maxbuffer closes the connection.
    if (size > this.cfg.juteMaxBuffer) {
      this.event({ type: 'connectionRefused', conn, reason: `Len error ${size}` });
      this.closeConnection(conn);
      return;
    }
    c.packetsReceived++;
    this.stats.packetsReceived++;
    this.metrics.counter('bytes_received_count').add(4 + size);
    if (packet.kind === 'connect') {
      if (c.initialized) {
        this.closeConnection(conn);
        return;
      }
      c.initialized = true;
      this.processConnectRequest(c, packet.req);
      return;
    }
    if (!c.initialized) {
      this.closeConnection(conn);
      return;
    }
    this.processPacket(c, packet.xid, packet.type, packet.req);
  }

  private processConnectRequest(c: ServerCnxn, req: ConnectRequest): void {
    if (req.lastZxidSeen > this.tree.lastProcessedZxid) {
      // "Refusing session request for client ... as it has seen zxid 0x.. our last zxid is 0x.."
      this.event({ type: 'connectionRefused', conn: c.id, reason: 'client has seen a newer zxid' });
      this.closeConnection(c.id);
      return;
    }
    let timeout = req.timeOut;
    const min = minSessionTimeout(this.cfg);
    const max = maxSessionTimeout(this.cfg);
    if (timeout < min) timeout = min;
    if (timeout > max) timeout = max;
    c.sessionTimeout = timeout;
    this.metrics.summary('connection_token_deficit').add(0);
    this.metrics.counter('connection_request_count').add(1);
    if (req.sessionId === 0n) {
      const id = this.sessionTracker.createSession(timeout, this.clock);
      c.sessionId = id;
      c.recvDisabled = true;
      this.event({ type: 'sessionCreated', sessionId: id, timeout });
      this.submitRequest(newRequest({ cnxn: c.id, sessionId: id, cxid: 0, type: OpCode.createSession, req: null, authInfo: c.authInfo.list(), owner: LOCAL_OWNER, createTime: this.clock, timeout }));
    } else {
      // Another connection of the same session is closed (CLIENT_RECONNECT).
      for (const other of [...this.cnxns.values()]) if (other !== c && other.sessionId === req.sessionId) this.closeConnection(other.id);
      c.sessionId = req.sessionId;
      const valid = bytesEqual(req.passwd, generatePasswd(req.sessionId)) && req.sessionId !== 0n && this.sessionTracker.touchSession(req.sessionId, timeout, this.clock);
      this.finishSessionInitFor(c, valid);
    }
  }

  /** FinalRequestProcessor's createSession branch: stats as "SESS", then the ConnectResponse. */
  finishSessionInit(request: Request, valid: boolean): void {
    const c = request.cnxn === null ? undefined : this.cnxns.get(request.cnxn);
    if (!c) return;
    this.updateLatency(request);
    updateStatsForResponse(c, request.cxid, this.tree.lastProcessedZxid, 'SESS', request.createTime, this.clock);
    this.finishSessionInitFor(c, valid);
  }

  private finishSessionInitFor(c: ServerCnxn, valid: boolean): void {
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
    for (const h of held) this.onPacket(c.id, h.packet, h.size);
  }

  private processPacket(c: ServerCnxn, xid: number, type: number, req: import('./proto.ts').RequestRecord): void {
    if (type === OpCode.auth) {
      const a = req as AuthPacket;
      const res = handleAuthentication(a.scheme, a.auth, c.remoteIp, { superDigest: this.cfg.superDigest });
      for (const id of res.ids) c.authInfo.add(id);
      this.send(c.id, { kind: 'reply', xid, zxid: 0, err: res.code, rsp: null });
      if (res.code !== Code.OK) {
        void hasProvider;
        this.closeConnection(c.id);
      }
      return;
    }
    c.outstandingRequests++;
    this.submitRequest(newRequest({ cnxn: c.id, sessionId: c.sessionId, cxid: xid, type, req, authInfo: c.authInfo.list(), owner: LOCAL_OWNER, createTime: this.clock }));
  }

  // ---- the request pipeline ----

  /** ZooKeeperServer.submitRequestNow: touch the session, then hand to the first processor. */
  submitRequest(si: Request): void {
    if (si.cnxn !== null) {
      const c = this.cnxns.get(si.cnxn);
      if (!c) return;
      if (!this.sessionTracker.touchSession(c.sessionId, c.sessionTimeout, this.clock)) return; // MissingSessionException: dropped
      this.noteBucket(c.sessionId);
    }
    if (!isValidType(si.type)) {
      // UnimplementedRequestProcessor
      this.replyTo(si, Code.UNIMPLEMENTED, null, this.tree.lastProcessedZxid, 'NA');
      this.closeConnectionOf(si);
      return;
    }
    this.metrics.summary('request_throttle_queue_time_ms').add(0);
    this.metrics.counter('prep_processor_request_queued').add(1);
    this.metrics.summary('prep_processor_queue_time_ms').add(0);
    this.prep.pRequest(si, () => this.hzxid);
    this.metrics.summary('prep_process_time').add(0);
    this.metrics.summary('prep_processor_queue_size').add(0);
    this.metrics.summary('proposal_process_time').add(0);
    this.metrics.counter('sync_processor_request_queued').add(1);
    this.metrics.summary('sync_processor_queue_time_ms').add(0);
    this.metrics.summary('sync_processor_queue_size').add(0);
    this.syncProcessRequest(si);
  }

  private closeConnectionOf(si: Request): void {
    if (si.cnxn !== null) this.closeConnection(si.cnxn);
  }

  private noteBucket(sessionId: bigint): void {
    const s = this.sessionTracker.sessionsById.get(sessionId);
    const at = s ? this.sessionTracker.expiryQueue.expiryOf(s) : undefined;
    if (at !== undefined) this.event({ type: 'sessionBucket', sessionId, expiresAt: at });
  }

  /** SyncRequestProcessor: log txns, group them into one fsync, pass reads through when idle. */
  private syncProcessRequest(si: Request): void {
    if (si.hdr !== null) {
      const txn: Txn = si.digest === null ? { hdr: si.hdr, body: si.txn! } : { hdr: si.hdr, body: si.txn!, digest: si.digest };
      if (!this.logStarted) this.logStarted = true;
      this.emit({ kind: 'append', txn });
      this.event({ type: 'txnLogged', zxid: si.hdr.zxid, op: opName(si.hdr.type), path: txnPath(si) });
      this.txnsInCurrentLog++;
      if (this.shouldSnapshot()) {
        this.resetSnapshotStats();
        this.emit({ kind: 'rollLog' });
        this.event({ type: 'logRolled', zxid: si.hdr.zxid });
        this.pendingSnapshot = true;
      }
    } else if (this.toFlush.length === 0 && this.flushing === null) {
      this.finalProcessRequest(si);
      return;
    }
    this.toFlush.push(si);
    this.maybeFlush();
  }

  private pendingSnapshot = false;

  private maybeFlush(): void {
    if (this.flushing !== null || this.toFlush.length === 0) return;
    if (!this.toFlush.some((r) => r.hdr !== null)) {
      // Only reads were waiting behind a flush that has completed: no disk work needed.
      const reqs = this.toFlush;
      this.toFlush = [];
      for (const r of reqs) this.finalProcessRequest(r);
      return;
    }
    const token = this.nextToken++;
    this.flushing = { token, requests: this.toFlush };
    this.toFlush = [];
    this.emit({ kind: 'sync', token });
  }

  private onSynced(token: number): void {
    if (this.flushing === null || this.flushing.token !== token) return;
    const reqs = this.flushing.requests;
    this.flushing = null;
    this.metrics.summary('fsynctime').add(0);
    this.metrics.summary('sync_processor_batch_size').add(reqs.length);
    this.metrics.summary('sync_process_time').add(0);
    this.metrics.summary('sync_processor_queue_flush_time_ms').add(0);
    this.metrics.summary('sync_processor_queue_and_flush_time_ms').add(0);
    for (const r of reqs) this.finalProcessRequest(r);
    if (this.pendingSnapshot) {
      // The snapshot thread serializes the tree as it is now (a fuzzy snapshot).
      this.pendingSnapshot = false;
      this.takeSnapshot();
    }
    this.maybeFlush();
  }

  private shouldSnapshot(): boolean {
    return this.txnsInCurrentLog > this.cfg.snapCount / 2 + this.randRoll;
  }

  private resetSnapshotStats(): void {
    const half = Math.max(1, Math.floor(Math.max(2, this.cfg.snapCount) / 2));
    this.randRoll = Math.abs(this.env.rng.nextInt()) % half;
    this.txnsInCurrentLog = 0;
  }

  private finalProcessRequest(si: Request): void {
    this.final.processRequest(si);
    if (si.cnxn !== null) {
      const c = this.cnxns.get(si.cnxn);
      if (c && c.outstandingRequests > 0) c.outstandingRequests--;
    }
  }

  /** ZooKeeperServer.processTxn(Request). */
  processTxn(request: Request): ProcessTxnResult {
    const hdr = request.hdr;
    if (request.type === OpCode.createSession) {
      if (hdr !== null && request.txn?.kind === 'createSession') this.sessionTracker.commitSession(request.sessionId, request.txn.timeOut);
    } else if (request.type === OpCode.closeSession) {
      this.sessionTracker.removeSession(request.sessionId);
    }
    const empty: ProcessTxnResult = { clientId: 0n, cxid: 0, zxid: 0, err: 0, type: 0, path: null, stat: null, multiResult: null };
    if (hdr === null) return empty;
    let ephemerals: string[] = [];
    if (request.txn?.kind === 'closeSession') ephemerals = [...request.txn.paths2Delete];
    const rc = this.tree.processTxn(hdr, request.txn!);
    this.metrics.summary('propagation_latency').add(this.wallTime() - hdr.time);
    this.prep.txnApplied(hdr.zxid);
    // Watches fire as the txn is applied, before the reply goes out.
    this.deliverNotifications();
    this.event({ type: 'txnApplied', zxid: hdr.zxid, op: opName(hdr.type), path: rc.path, err: rc.err });
    if (request.type === OpCode.closeSession) {
      this.event({ type: 'sessionClosed', sessionId: request.sessionId, zxid: hdr.zxid, expired: request.cnxn === null, ephemerals });
    }
    if (request.type === OpCode.deleteContainer && rc.err === 0) this.event({ type: 'containerDeleted', path: rc.path ?? '', zxid: hdr.zxid });
    return rc;
  }

  sendReply(request: Request, err: number, rsp: ResponseRecord | null, lastZxid: number, op: string): void {
    this.replyTo(request, err, rsp, lastZxid, op);
  }

  private replyTo(request: Request, err: number, rsp: ResponseRecord | null, lastZxid: number, op: string): void {
    if (request.cnxn === null) return;
    const c = this.cnxns.get(request.cnxn);
    if (!c) return;
    this.deliverNotifications();
    this.updateLatency(request);
    updateStatsForResponse(c, request.cxid, lastZxid, op, request.createTime, this.clock);
    if (rsp !== null) this.countResponseCache(request, rsp);
    this.send(c.id, { kind: 'reply', xid: request.cxid, zxid: lastZxid, err, rsp });
  }

  sendPing(request: Request, lastZxid: number): void {
    if (request.cnxn === null) return;
    const c = this.cnxns.get(request.cnxn);
    if (!c) return;
    this.updateLatency(request);
    updateStatsForResponse(c, request.cxid, lastZxid, 'PING', request.createTime, this.clock);
    this.send(c.id, { kind: 'reply', xid: Xid.PING, zxid: lastZxid, err: 0, rsp: null });
  }

  /** ServerStats.updateLatency: writes feed updatelatency, everything else readlatency. */
  private updateLatency(request: Request): void {
    const latency = this.clock - request.createTime;
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

  /** Watch notifications the tree produced go out before anything else this step sends. */
  private flushWatchNotifications(): void {
    // Notifications are flushed right after each apply (see below); this catches stragglers.
    this.deliverNotifications();
  }

  deliverNotifications(): void {
    for (const n of this.tree.drainNotifications()) {
      const c = this.cnxns.get(n.watcher);
      if (!c) continue;
      this.event({ type: 'watchFired', sessionId: c.sessionId, path: n.path, event: n.type });
      this.send(c.id, { kind: 'notification', event: { type: n.type, state: KeeperState.SyncConnected, path: n.path } });
    }
  }

  // ---- timers: session expiry and the container manager ----

  private scheduleTimers(): void {
    if (this.state !== 'running') return;
    const due = this.sessionTracker.nextExpiryCheck();
    if (due !== this.expiryTimerAt) {
      if (this.expiryTimerAt !== null) this.emit({ kind: 'cancelTimer', timer: EXPIRY_TIMER });
      this.expiryTimerAt = due;
      if (due !== null) this.emit({ kind: 'setTimer', timer: EXPIRY_TIMER, at: due });
    }
    if (this.containerTimerAt === null) {
      this.containerTimerAt = this.startedAt + this.cfg.containerCheckIntervalMs;
      this.emit({ kind: 'setTimer', timer: CONTAINER_TIMER, at: this.containerTimerAt });
    }
  }

  private onTimer(timer: TimerId): void {
    if (this.state !== 'running') return;
    if (timer === EXPIRY_TIMER) {
      this.expiryTimerAt = null;
      for (const s of this.sessionTracker.pollExpired(this.clock)) {
        this.sessionTracker.setSessionClosing(s.sessionId);
        this.event({ type: 'sessionExpiring', sessionId: s.sessionId, timeout: s.timeout });
        this.submitRequest(newRequest({ cnxn: null, sessionId: s.sessionId, cxid: 0, type: OpCode.closeSession, req: null, authInfo: [], owner: null, createTime: this.clock }));
      }
    } else if (timer === CONTAINER_TIMER) {
      this.containerTimerAt = this.clock + this.cfg.containerCheckIntervalMs;
      this.emit({ kind: 'setTimer', timer: CONTAINER_TIMER, at: this.containerTimerAt });
      this.checkContainers();
    }
  }

  /** ContainerManager.checkContainers: post a deleteContainer for each candidate. */
  private checkContainers(): void {
    for (const path of this.containerCandidates()) {
      const enc = new TextEncoder();
      void enc;
      this.submitRequest(newRequest({ cnxn: null, sessionId: 0n, cxid: 0, type: OpCode.deleteContainer, req: { path }, authInfo: [], owner: null, createTime: this.clock }));
    }
  }

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

  // ---- views ----

  dataTree(): DataTree {
    return this.tree;
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

function txnPath(si: Request): string | null {
  const t = si.txn;
  if (t === null) return null;
  return 'path' in t ? t.path : null;
}

export { requestPacketLength, isQuorum, EventType };
