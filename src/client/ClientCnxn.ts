// org.apache.zookeeper.ClientCnxn as a deterministic state machine: the SendThread's loop
// (connect, prime the connection, ping, time out, reconnect), the pending/outgoing queues and the
// EventThread's delivery order. Time comes in with every input; the host carries out effects.

import { Code } from '../zk/KeeperException.ts';
import type { ClientPacket, ConnectResponse, RequestRecord, ResponseRecord, ServerPacket } from '../zk/proto.ts';
import { Xid, requestPacketLength } from '../zk/proto.ts';
import { EventType, KeeperState, OpCode } from '../zk/ZooDefs.ts';
import type { Rng } from '../zk/Rng.ts';
import type { States, WatchedEvent, Watcher } from './api.ts';
import { StaticHostProvider } from './StaticHostProvider.ts';
import { ZKWatchManager } from './ZKWatchManager.ts';
import { responseSize } from './responseSize.ts';

/** What the client asks of its host. `attempt` names one TCP connection attempt. */
export type ClientEffect =
  | { readonly kind: 'connect'; readonly attempt: number; readonly server: string }
  | { readonly kind: 'send'; readonly attempt: number; readonly packet: ClientPacket; readonly size: number }
  | { readonly kind: 'disconnect'; readonly attempt: number }
  | { readonly kind: 'setTimer'; readonly at: number }
  | { readonly kind: 'cancelTimer' };

export type ClientInput =
  | { readonly kind: 'tcpConnected'; readonly attempt: number }
  | { readonly kind: 'tcpFailed'; readonly attempt: number }
  | { readonly kind: 'tcpClosed'; readonly attempt: number }
  | { readonly kind: 'packet'; readonly attempt: number; readonly packet: ServerPacket; readonly size: number }
  | { readonly kind: 'timer' };

export interface Reply {
  readonly err: number;
  readonly zxid: number;
  readonly rsp: ResponseRecord | null;
}

/** Where a successful (or NONODE) reply registers a watch, per WatchRegistration subclass. */
export interface WatchRegistration {
  readonly kind: 'exists' | 'data' | 'child' | 'persistent' | 'persistentRecursive';
  readonly watcher: Watcher;
  readonly clientPath: string;
}

export interface WatchDeregistration {
  readonly clientPath: string;
  readonly watcher: Watcher | null;
  readonly type: number;
  readonly local: boolean;
}

interface Packet {
  readonly xid: number;
  readonly type: number;
  readonly req: RequestRecord | null;
  readonly watchRegistration: WatchRegistration | null;
  readonly watchDeregistration: WatchDeregistration | null;
  readonly done: ((r: Reply) => void) | null;
  err: number;
  /** Handshake packets carry their wire form. */
  readonly wire?: ClientPacket;
  readonly size?: number;
}

const MAX_SEND_PING_INTERVAL = 10000;
const SET_WATCHES_MAX_LENGTH = 128 * 1024;

export interface ClientOptions {
  readonly connectString: string;
  readonly sessionTimeout: number;
  readonly defaultWatcher: Watcher | null;
  readonly rng: Rng;
  readonly canBeReadOnly?: boolean;
  /** jute.maxbuffer on the client: longer incoming packets break the connection. */
  readonly maxPacketLength?: number;
}

/** A parsed connect string: host:port[,host:port...][/chroot]. */
export function parseConnectString(s: string): { servers: string[]; chroot: string | null } {
  const slash = s.indexOf('/');
  const hosts = slash >= 0 ? s.slice(0, slash) : s;
  let chroot: string | null = slash >= 0 ? s.slice(slash) : null;
  if (chroot !== null && chroot.length === 1) chroot = null;
  const servers = hosts
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '')
    .map((h) => (h.includes(':') ? h : `${h}:2181`));
  return { servers, chroot };
}

export class ClientCnxn {
  state: States = 'NOT_CONNECTED';
  sessionId = 0n;
  sessionPasswd: Uint8Array = new Uint8Array(16);
  negotiatedSessionTimeout = 0;
  lastZxid = 0;
  readonly sessionTimeout: number;
  readonly chrootPath: string | null;
  readonly watchManager: ZKWatchManager;
  private readonly hostProvider: StaticHostProvider;
  private readonly rng: Rng;
  private readonly maxPacketLength: number;
  private readTimeout: number;
  private connectTimeout: number;
  private xid = 1;
  private readonly outgoing: Packet[] = [];
  private readonly pending: Packet[] = [];
  private readonly authInfo: { scheme: string; data: Uint8Array | null }[] = [];
  private attempt = 0;
  /** The live attempt: 'waiting' = sleeping before connecting, 'tcp' = connecting, 'open' = TCP up. */
  private socket: { attempt: number; phase: 'waiting' | 'tcp' | 'open'; server: string; wakeAt: number } | null = null;
  private lastSend = 0;
  private lastHeard = 0;
  private isFirstConnect = true;
  private seenRwServerBefore = false;
  private closing = false;
  private eventSessionState: number = KeeperState.Disconnected;
  private timerAt: number | null = null;
  private now = 0;
  private effects: ClientEffect[] = [];
  private readonly deliveries: (() => void)[] = [];
  private started = false;
  currentServer: string | null = null;

  constructor(opts: ClientOptions) {
    const { servers, chroot } = parseConnectString(opts.connectString);
    this.chrootPath = chroot;
    this.sessionTimeout = opts.sessionTimeout;
    this.rng = opts.rng;
    this.hostProvider = new StaticHostProvider(servers, opts.rng.split('hostProvider'));
    this.connectTimeout = Math.trunc(opts.sessionTimeout / Math.max(1, servers.length));
    this.readTimeout = Math.trunc((opts.sessionTimeout * 2) / 3);
    this.watchManager = new ZKWatchManager(opts.defaultWatcher);
    this.maxPacketLength = opts.maxPacketLength ?? 0xfffff;
  }

  // ---- host interface ----

  /** Start the send thread. */
  start(now: number): ClientEffect[] {
    this.now = now;
    this.started = true;
    this.state = 'CONNECTING';
    this.lastSend = now;
    this.lastHeard = now;
    this.loop();
    return this.flush();
  }

  handle(input: ClientInput, now: number): ClientEffect[] {
    this.now = now;
    if (input.kind === 'timer') {
      this.timerAt = null;
      this.loop();
      return this.flush();
    }
    const s = this.socket;
    if (s === null || input.attempt !== s.attempt) return this.flush(); // a stale connection
    switch (input.kind) {
      case 'tcpConnected':
        if (s.phase !== 'tcp') break;
        s.phase = 'open';
        this.lastHeard = now;
        this.lastSend = now;
        this.primeConnection();
        break;
      case 'tcpFailed':
      case 'tcpClosed':
        this.connectionBroken();
        break;
      case 'packet':
        if (s.phase !== 'open') break;
        this.lastHeard = now;
        if (input.size > this.maxPacketLength) {
          // ClientCnxnSocket.readLength: "Packet len N is out of range!"
          this.connectionBroken();
          break;
        }
        this.readPacket(input.packet);
        break;
    }
    if (this.state !== 'CLOSED' && this.state !== 'AUTH_FAILED') this.loop();
    return this.flush();
  }

  /** An API call is about to queue a packet: what it writes is sent now (updateLastSend). */
  setTime(now: number): void {
    this.now = now;
  }

  /** Effects produced outside handle() (API calls), with callbacks delivered. */
  drain(now: number): ClientEffect[] {
    this.now = now;
    return this.flush();
  }

  private flush(): ClientEffect[] {
    while (this.deliveries.length > 0) this.deliveries.shift()!();
    const out = this.effects;
    this.effects = [];
    return out;
  }

  private emit(e: ClientEffect): void {
    this.effects.push(e);
  }

  // ---- the send thread loop ----

  private loop(): void {
    if (!this.started) return;
    if (this.state === 'CLOSED' || this.state === 'AUTH_FAILED') {
      this.setTimer(null);
      return;
    }
    if (this.socket === null) {
      if (this.closing) return;
      this.beginConnect();
    }
    const s = this.socket!;
    if (s.phase === 'waiting') {
      if (this.now < s.wakeAt) {
        this.setTimer(s.wakeAt);
        return;
      }
      s.phase = 'tcp';
      this.state = 'CONNECTING';
      this.lastSend = this.now;
      this.lastHeard = this.now;
      this.emit({ kind: 'connect', attempt: s.attempt, server: s.server });
    }
    const connected = this.state === 'CONNECTED' || this.state === 'CONNECTEDREADONLY';
    const idleRecv = this.now - this.lastHeard;
    let to = (connected ? this.readTimeout : this.connectTimeout) - idleRecv;
    if (to <= 0) {
      // "Client session timed out, have not heard from server in Nms"
      this.connectionBroken();
      this.loop();
      return;
    }
    if (connected) {
      const idleSend = this.now - this.lastSend;
      const timeToNextPing = Math.trunc(this.readTimeout / 2) - idleSend - (idleSend > 1000 ? 1000 : 0);
      if (timeToNextPing <= 0 || idleSend > MAX_SEND_PING_INTERVAL) {
        this.sendPing();
      } else if (timeToNextPing < to) {
        to = timeToNextPing;
      }
    }
    this.setTimer(this.now + to);
  }

  private setTimer(at: number | null): void {
    if (at === this.timerAt) return;
    if (this.timerAt !== null) this.emit({ kind: 'cancelTimer' });
    this.timerAt = at;
    if (at !== null) this.emit({ kind: 'setTimer', at });
  }

  /** hostProvider.next(1000), then startConnect's random back-off on reconnects. */
  private beginConnect(): void {
    const { server, spin } = this.hostProvider.next(1000);
    let delay = spin ? 1000 : 0;
    if (!this.isFirstConnect) delay += Math.floor(this.rng.next() * 1000);
    this.currentServer = server;
    this.socket = { attempt: ++this.attempt, phase: 'waiting', server, wakeAt: this.now + delay };
  }

  /**
   * primeConnection: the ConnectRequest, then the auth packets, then SetWatches go to the front
   * of the outgoing queue (each with addFirst, hence the reversed orders), ahead of requests
   * queued while disconnected. Without SASL everything is written at once; the server holds the
   * rest until the session is set up.
   */
  private primeConnection(): void {
    this.isFirstConnect = false;
    const sessId = this.seenRwServerBefore ? this.sessionId : 0n;
    const front: Packet[] = [];
    front.push(this.wirePacket({ kind: 'connect', req: { protocolVersion: 0, lastZxidSeen: this.lastZxid, timeOut: this.sessionTimeout, sessionId: sessId, passwd: this.sessionPasswd, readOnly: false } }, 0, 45));
    for (let i = this.authInfo.length - 1; i >= 0; i--) {
      const a = this.authInfo[i]!;
      front.push(this.authPacket(a.scheme, a.data));
    }
    for (const sw of this.setWatchesBatches()) front.push(sw);
    this.outgoing.unshift(...front);
    this.sendQueued();
  }

  private wirePacket(packet: ClientPacket, xid: number, size: number): Packet {
    return { xid, type: packet.kind === 'request' ? packet.type : 0, req: packet.kind === 'request' ? packet.req : null, watchRegistration: null, watchDeregistration: null, done: null, err: 0, wire: packet, size };
  }

  private authPacket(scheme: string, data: Uint8Array | null): Packet {
    const req: RequestRecord = { type: 0, scheme, auth: data };
    return this.wirePacket({ kind: 'request', xid: Xid.AUTH, type: OpCode.auth, req }, Xid.AUTH, requestPacketLength(OpCode.auth, req));
  }

  private setWatchesBatches(): Packet[] {
    const l = this.watchManager.lists();
    const prep = (ps: string[]): string[] => ps.map((p) => this.prependChroot(p));
    const queues = [prep(l.data), prep(l.exist), prep(l.child), prep(l.persistent), prep(l.persistentRecursive)];
    if (queues.every((q) => q.length === 0)) return [];
    const out: Packet[] = [];
    const idx = [0, 0, 0, 0, 0];
    const more = (): boolean => queues.some((q, i) => idx[i]! < q.length);
    while (more()) {
      const batch: string[][] = [[], [], [], [], []];
      let len = 0;
      while (len < SET_WATCHES_MAX_LENGTH) {
        const k = queues.findIndex((q, i) => idx[i]! < q.length);
        if (k < 0) break;
        const w = queues[k]![idx[k]!++]!;
        batch[k]!.push(w);
        len += w.length;
      }
      const persistent = batch[3]!.length > 0 || batch[4]!.length > 0;
      const type = persistent ? OpCode.setWatches2 : OpCode.setWatches;
      const req: RequestRecord = persistent
        ? { relativeZxid: this.lastZxid, dataWatches: batch[0]!, existWatches: batch[1]!, childWatches: batch[2]!, persistentWatches: batch[3]!, persistentRecursiveWatches: batch[4]! }
        : { relativeZxid: this.lastZxid, dataWatches: batch[0]!, existWatches: batch[1]!, childWatches: batch[2]! };
      // primeConnection adds each batch with addFirst: they go out in reverse order.
      out.unshift(this.wirePacket({ kind: 'request', xid: Xid.SET_WATCHES, type, req }, Xid.SET_WATCHES, requestPacketLength(type, req)));
    }
    return out;
  }

  private write(packet: ClientPacket, size: number): void {
    // Sending resets the ping clock (updateLastSend).
    const s = this.socket;
    if (s === null || s.phase !== 'open') return;
    this.lastSend = this.now;
    this.emit({ kind: 'send', attempt: s.attempt, packet, size });
  }

  /** Write everything queued while the socket is open (ClientCnxnSocketNIO.doIO). */
  private sendQueued(): void {
    const s = this.socket;
    if (s === null || s.phase !== 'open') return;
    while (this.outgoing.length > 0) {
      const p = this.outgoing.shift()!;
      const wire: ClientPacket = p.wire ?? { kind: 'request', xid: p.xid, type: p.type, req: p.req ?? {} };
      // Requests with a reply header wait in the pending queue; pings and auth do not.
      if (wire.kind === 'request' && p.type !== OpCode.ping && p.type !== OpCode.auth) this.pending.push(p);
      this.write(wire, p.size ?? requestPacketLength(p.type, p.req ?? {}));
    }
  }

  private sendPing(): void {
    this.outgoing.push({ xid: Xid.PING, type: OpCode.ping, req: null, watchRegistration: null, watchDeregistration: null, done: null, err: 0 });
    this.lastSend = this.now;
    this.sendQueued();
  }

  // ---- reading ----

  private readPacket(p: ServerPacket): void {
    if (p.kind === 'connected') {
      this.onConnected(p.rsp);
      return;
    }
    if (p.kind === 'fourLetterReply') return;
    if (p.kind === 'notification') {
      let path = p.event.path;
      if (this.chrootPath !== null) {
        if (path === this.chrootPath) path = '/';
        else if (path.length > this.chrootPath.length) path = path.slice(this.chrootPath.length);
      }
      this.queueEvent({ type: p.event.type, state: p.event.state, path });
      return;
    }
    if (p.xid === Xid.PING) return;
    if (p.xid === Xid.AUTH) {
      if (p.err === Code.AUTHFAILED) {
        this.state = 'AUTH_FAILED';
        this.queueEvent({ type: EventType.None, state: KeeperState.AuthFailed, path: null });
      }
      return;
    }
    if (p.xid === Xid.SET_WATCHES) return;
    const packet = this.pending.shift();
    if (packet === undefined) {
      // "Nothing in the queue, but got <xid>"
      this.connectionBroken();
      return;
    }
    if (packet.xid !== p.xid) {
      packet.err = Code.CONNECTIONLOSS;
      this.finishPacket(packet, { err: Code.CONNECTIONLOSS, zxid: -1, rsp: null });
      this.connectionBroken();
      return;
    }
    if (p.zxid > 0) this.lastZxid = p.zxid;
    this.finishPacket(packet, { err: p.err, zxid: p.zxid, rsp: p.err === 0 ? p.rsp : null });
  }

  private onConnected(rsp: ConnectResponse): void {
    this.negotiatedSessionTimeout = rsp.timeOut;
    if (rsp.timeOut <= 0) {
      this.state = 'CLOSED';
      this.queueEvent({ type: EventType.None, state: KeeperState.Expired, path: null });
      // SessionExpiredException: the loop ends; the connection is torn down.
      this.teardown(true);
      return;
    }
    this.readTimeout = Math.trunc((rsp.timeOut * 2) / 3);
    this.connectTimeout = Math.trunc(rsp.timeOut / this.hostProvider.size);
    this.hostProvider.onConnected();
    this.sessionId = rsp.sessionId;
    this.sessionPasswd = rsp.passwd;
    this.state = rsp.readOnly ? 'CONNECTEDREADONLY' : 'CONNECTED';
    this.seenRwServerBefore = this.seenRwServerBefore || !rsp.readOnly;
    this.queueEvent({ type: EventType.None, state: rsp.readOnly ? KeeperState.ConnectedReadOnly : KeeperState.SyncConnected, path: null });
  }

  private finishPacket(p: Packet, reply: Reply): void {
    let err = reply.err;
    if (p.watchRegistration !== null) this.registerWatch(p.watchRegistration, err);
    if (p.watchDeregistration !== null) {
      const d = p.watchDeregistration;
      try {
        const removed = this.watchManager.removeWatcher(d.clientPath, d.watcher, d.type, d.local, err);
        for (const [type, ws] of removed) {
          if (ws.size === 0) continue;
          const state = err === Code.SESSIONEXPIRED || err === Code.CONNECTIONLOSS ? KeeperState.Disconnected : KeeperState.SyncConnected;
          this.queueEventTo({ type, state, path: d.clientPath }, ws);
          err = Code.OK;
        }
      } catch (e) {
        const code = (e as { code?: number }).code;
        if (typeof code === 'number') err = code;
        else throw e;
      }
    }
    const done = p.done;
    if (done !== null) {
      const final: Reply = { err, zxid: reply.zxid, rsp: err === 0 ? reply.rsp : null };
      this.deliveries.push(() => done(final));
    }
  }

  private registerWatch(w: WatchRegistration, rc: number): void {
    const wm = this.watchManager;
    switch (w.kind) {
      case 'exists':
        if (rc === Code.OK) ZKWatchManager.register(wm.dataWatches, w.clientPath, w.watcher);
        else if (rc === Code.NONODE) ZKWatchManager.register(wm.existWatches, w.clientPath, w.watcher);
        return;
      case 'data':
        if (rc === Code.OK) ZKWatchManager.register(wm.dataWatches, w.clientPath, w.watcher);
        return;
      case 'child':
        if (rc === Code.OK) ZKWatchManager.register(wm.childWatches, w.clientPath, w.watcher);
        return;
      case 'persistent':
        if (rc === Code.OK || rc === Code.NONODE) ZKWatchManager.register(wm.persistentWatches, w.clientPath, w.watcher);
        return;
      case 'persistentRecursive':
        if (rc === Code.OK || rc === Code.NONODE) ZKWatchManager.register(wm.persistentRecursiveWatches, w.clientPath, w.watcher);
        return;
    }
  }

  /** EventThread.queueEvent: connection-state events are dropped when the state did not change. */
  private queueEvent(event: WatchedEvent): void {
    if (event.type === EventType.None && this.eventSessionState === event.state) return;
    this.eventSessionState = event.state;
    const watchers = this.watchManager.materialize(event.state, event.type, event.path);
    this.deliverTo(event, watchers);
  }

  private queueEventTo(event: WatchedEvent, watchers: Set<Watcher>): void {
    if (event.type === EventType.None && this.eventSessionState === event.state) return;
    this.eventSessionState = event.state;
    this.deliverTo(event, new Set(watchers));
  }

  private deliverTo(event: WatchedEvent, watchers: Set<Watcher>): void {
    for (const w of watchers) this.deliveries.push(() => w(event));
  }

  // ---- losing the connection ----

  /** An I/O error or timeout: cleanup, tell watchers Disconnected, reconnect (cleanAndNotifyState). */
  private connectionBroken(): void {
    const s = this.socket;
    if (s !== null && s.phase !== 'waiting') this.emit({ kind: 'disconnect', attempt: s.attempt });
    this.socket = null;
    this.cleanup();
    if (this.state !== 'CLOSED' && this.state !== 'AUTH_FAILED') {
      this.queueEvent({ type: EventType.None, state: KeeperState.Disconnected, path: null });
      this.state = 'CONNECTING';
    }
    this.lastSend = this.now;
    this.lastHeard = this.now;
  }

  private cleanup(): void {
    const failed = [...this.pending, ...this.outgoing];
    this.pending.length = 0;
    this.outgoing.length = 0;
    for (const p of failed) this.conLossPacket(p);
  }

  private conLossPacket(p: Packet): void {
    if (p.done === null && p.watchRegistration === null) return;
    const err = this.state === 'AUTH_FAILED' ? Code.AUTHFAILED : this.state === 'CLOSED' ? Code.SESSIONEXPIRED : Code.CONNECTIONLOSS;
    this.finishPacket(p, { err, zxid: -1, rsp: null });
  }

  /** The send thread exits (closed, expired, auth failed). */
  private teardown(expired: boolean): void {
    const s = this.socket;
    if (s !== null && s.phase !== 'waiting') this.emit({ kind: 'disconnect', attempt: s.attempt });
    this.socket = null;
    this.cleanup();
    if (!expired && this.state !== 'CLOSED' && this.state !== 'AUTH_FAILED') this.queueEvent({ type: EventType.None, state: KeeperState.Disconnected, path: null });
    this.queueEvent({ type: EventType.None, state: KeeperState.Closed, path: null });
    this.setTimer(null);
  }

  // ---- API side ----

  prependChroot(clientPath: string): string {
    if (this.chrootPath === null) return clientPath;
    return clientPath.length === 1 ? this.chrootPath : this.chrootPath + clientPath;
  }

  stripChroot(serverPath: string): string {
    if (this.chrootPath === null) return serverPath;
    return serverPath.slice(this.chrootPath.length);
  }

  isAliveState(): boolean {
    return this.state !== 'CLOSED' && this.state !== 'AUTH_FAILED';
  }

  /** ClientCnxn.queuePacket. done is called (synchronously inside a later step) with the reply. */
  submit(type: number, req: RequestRecord | null, done: (r: Reply) => void, watchRegistration: WatchRegistration | null = null, watchDeregistration: WatchDeregistration | null = null): void {
    const p: Packet = { xid: type === OpCode.closeSession ? this.xid++ : this.xid++, type, req, watchRegistration, watchDeregistration, done, err: 0 };
    if (!this.isAliveState() || (this.closing && type !== OpCode.closeSession)) {
      this.conLossPacket(p);
      return;
    }
    if (type === OpCode.closeSession) this.closing = true;
    this.outgoing.push(p);
    this.sendQueued();
  }

  addAuthInfo(scheme: string, data: Uint8Array | null): void {
    if (!this.isAliveState()) return;
    this.authInfo.push({ scheme, data });
    // Queued like any packet: it goes out now if connected, else with the connection handshake
    // (primeConnection re-sends all auth info, and cleanup drops this copy).
    this.outgoing.push(this.authPacket(scheme, data));
    this.sendQueued();
  }

  /** ZooKeeper.close(): closeSession, then the send thread stops (disconnect). */
  close(done: () => void): void {
    if (!this.isAliveState()) {
      this.deliveries.push(done);
      return;
    }
    this.submit(OpCode.closeSession, null, () => {
      this.disconnect();
      done();
    });
  }

  /** ClientCnxn.disconnect: state CLOSED, socket closed, Closed event. */
  disconnect(): void {
    if (this.state === 'CLOSED' && this.socket === null) return;
    this.state = 'CLOSED';
    this.teardown(true);
  }

  /** The process dies: no closeSession, no events (crash-client). */
  crash(): ClientEffect[] {
    const s = this.socket;
    if (s !== null && s.phase !== 'waiting') this.emit({ kind: 'disconnect', attempt: s.attempt });
    this.socket = null;
    this.state = 'CLOSED';
    this.pending.length = 0;
    this.outgoing.length = 0;
    this.deliveries.length = 0;
    this.setTimer(null);
    return this.effects.splice(0);
  }
}

export { responseSize };
