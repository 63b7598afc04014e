// The simulated world: virtual time, one event queue, seeded randomness, the network between
// clients and servers, disks with fsync latency, and the trace. Everything that happens is an
// event taken from the queue in (time, sequence) order, so a run replays exactly from its seed.

import { ElectionChannels } from './ElectionChannels.ts';
import { resolveServer } from './hosts.ts';
import { ZooKeeper, type ClientHost } from '../client/ZooKeeper.ts';
import type { ClientEffect, ClientInput } from '../client/ClientCnxn.ts';
import type { Watcher } from '../client/api.ts';
import { responseSize } from '../client/responseSize.ts';
import type { Effect, ServerInput } from '../zk/effects.ts';
import type { SemanticEvent } from '../zk/events.ts';
import type { ClientPacket, ServerPacket } from '../zk/proto.ts';
import { seededRng, type Rng } from '../zk/Rng.ts';
import { applyConfigLines, DEFAULT_CONFIG, type ServerConfig } from '../zk/ServerConfig.ts';
import type { ServerNode } from '../zk/StandaloneServer.ts';
import type { Notification, QuorumPacket } from '../zk/quorum/QuorumPacket.ts';
import type { DiskFault } from './Disk.ts';
import { EventQueue, type Scheduled } from './EventQueue.ts';
import { describeClientInput, describeClientPacket, describeServerInput, describeServerPacket } from './describe.ts';
import { packetTypeName } from '../zk/quorum/QuorumPacket.ts';
import { LocalMachine } from './machine/LocalMachine.ts';
import { sequence, andThen, type MaybePromise } from './machine/maybe.ts';
import type { DiskFaultKind, HandleResult, ServerMachine } from './machine/ServerMachine.ts';
import type { ServerProbe, ServerView } from './machine/ServerView.ts';
import { TraceRecorder } from './TraceRecorder.ts';

export interface LatencyRange {
  readonly min: number;
  readonly max: number;
}

export interface WorldOptions {
  readonly seed: number;
  /** Client <-> server one-way latency. */
  readonly latency?: LatencyRange;
  readonly fsyncLatency?: LatencyRange;
  /** Wall clock (ms since the epoch) at virtual time 0. */
  readonly wallClockBase?: number;
  readonly keepFullTrace?: boolean;
  /** Where each server runs (default: in this realm, on an in-memory disk). */
  readonly machine?: (id: number) => ServerMachine;
}

/** A message on its way and when it arrives. */
export interface InFlight {
  readonly message: WireMessage;
  readonly arriveAt: number;
}

/** A message on a wire, as views draw it: who sent it to whom, what it is, since when. */
export interface WireMessage {
  /** 's3' for server 3, 'c:name' for a client. */
  readonly from: string;
  readonly to: string;
  readonly kind: 'election' | 'quorum' | 'client';
  /** PROPOSAL 0x100000003, notification, req create /a, reply... */
  readonly label: string;
  readonly sentAt: number;
}

export interface DeliveredMessage extends WireMessage {
  readonly arrivedAt: number;
}

type WorldEvent =
  | { readonly kind: 'server'; readonly server: number; readonly input: ServerInput; readonly incarnation: number; readonly wire?: WireMessage }
  | { readonly kind: 'serverTimer'; readonly server: number; readonly timer: string; readonly gen: number; readonly incarnation: number }
  | { readonly kind: 'client'; readonly client: string; readonly input: ClientInput; readonly wire?: WireMessage }
  | { readonly kind: 'clientTimer'; readonly client: string; readonly gen: number }
  | { readonly kind: 'syncDone'; readonly server: number; readonly token: number; readonly incarnation: number }
  | { readonly kind: 'election'; readonly from: number; readonly to: number; readonly n: Notification; readonly incarnation: number; readonly wire: WireMessage }
  | { readonly kind: 'call'; readonly label: string; readonly fn: () => MaybePromise<unknown> };

interface Connection {
  readonly id: number;
  readonly client: string;
  readonly attempt: number;
  readonly server: number;
  readonly incarnation: number;
  /** Last delivery time in each direction: TCP keeps order. */
  lastToServer: number;
  lastToClient: number;
  open: boolean;
}

export type ServerStatus = 'up' | 'down' | 'paused';

interface QuorumConnection {
  readonly id: number;
  /** The connecting side (learner) and its link name. */
  readonly a: number;
  readonly aLink: number;
  readonly aInc: number;
  /** The accepting side (leader) and its link name. */
  readonly b: number;
  readonly bLink: number;
  readonly bInc: number;
  lastToA: number;
  lastToB: number;
  open: boolean;
}

export interface ServerHost {
  readonly id: number;
  readonly address: string;
  readonly cfg: ServerConfig;
  /** The process and its disk. */
  readonly machine: ServerMachine;
  readonly rng: Rng;
  /** The running core, when it lives in this realm (in a Worker it does not). */
  server: ServerNode | null;
  /** What the running server looked like after its last input; null while down. */
  view: ServerView | null;
  /** The per-server invariant findings that came back with the last input. */
  probe: ServerProbe | null;
  /** Times its data directory was wiped (a wiped server legitimately starts over at epoch 0). */
  wipes: number;
  /** Disk faults injected (torn or corrupt records, lost snapshots, lost unsynced writes). */
  diskFaults: number;
  status: ServerStatus;
  /** Bumped on every start, so events for a dead incarnation are dropped. */
  incarnation: number;
  readonly timers: Map<string, number>;
  /** Inputs that arrived while paused, replayed on resume. */
  readonly pausedInbox: ServerInput[];
  readonly events: SemanticEvent[];
  /** Why the last start failed, if it did. */
  fault: DiskFault | null;
}

export interface SemanticLogEntry {
  readonly at: number;
  readonly server: number;
  readonly event: SemanticEvent;
  /** On a leader's move to broadcast: its whole history (zxid, txn key), committed from now on. */
  readonly established?: readonly (readonly [number, string])[];
}

/** Anything that talks to servers as a client: a ZooKeeper handle, or a four-letter-word probe. */
export interface Endpoint {
  handle(input: ClientInput): void;
}

export interface ClientHandle {
  readonly name: string;
  readonly endpoint: Endpoint;
  /** Set for ZooKeeper session handles. */
  readonly zk: ZooKeeper | null;
  timerGen: number;
  crashed: boolean;
}

export class World implements ClientHost {
  now = 0;
  readonly rng: Rng;
  private readonly netRng: Rng;
  private readonly diskRng: Rng;
  private readonly queue = new EventQueue<WorldEvent>();
  readonly trace: TraceRecorder;
  readonly servers = new Map<number, ServerHost>();
  readonly clients = new Map<string, ClientHandle>();
  private readonly byEndpoint = new Map<object, ClientHandle>();
  private readonly conns = new Map<number, Connection>();
  private readonly connByAttempt = new Map<string, Connection>();
  private nextConn = 1;
  readonly latency: LatencyRange;
  readonly fsyncLatency: LatencyRange;
  readonly wallClockBase: number;
  /** Semantic events from every server, for views. */
  readonly semanticLog: SemanticLogEntry[] = [];
  /** Set while a client callback may have resolved promises: the driver must let them settle. */
  pendingMicrotasks = false;

  constructor(opts: WorldOptions) {
    this.rng = seededRng(opts.seed);
    this.netRng = this.rng.split('net');
    this.diskRng = this.rng.split('disk');
    this.latency = opts.latency ?? { min: 5, max: 20 };
    this.fsyncLatency = opts.fsyncLatency ?? { min: 1, max: 5 };
    this.wallClockBase = opts.wallClockBase ?? Date.UTC(2026, 0, 1, 0, 0, 0);
    this.trace = new TraceRecorder({ keepAll: opts.keepFullTrace ?? false });
    this.makeMachine = opts.machine ?? ((id) => new LocalMachine(id));
  }

  // ---- servers ----

  private readonly makeMachine: (id: number) => ServerMachine;

  addServer(id: number, address: string, cfg: ServerConfig): ServerHost {
    const host: ServerHost = {
      id,
      address,
      cfg,
      machine: this.makeMachine(id),
      rng: this.rng.split(`server${id}`),
      server: null,
      view: null,
      probe: null,
      wipes: 0,
      diskFaults: 0,
      status: 'down',
      incarnation: 0,
      timers: new Map(),
      pausedInbox: [],
      events: [],
      fault: null,
    };
    this.servers.set(id, host);
    return host;
  }

  /** Start a server process from its disk. In a Worker host the result is a promise. */
  startServer(id: number): MaybePromise<void> {
    const h = this.mustServer(id);
    if (h.status !== 'down') return;
    h.incarnation++;
    h.timers.clear();
    this.electionChannels.restarted(id);
    h.status = 'up';
    // Java's nanoTime origin is arbitrary; draw a plausible uptime so session ids look real.
    const elapsedBase = 86_400_000 + Math.floor(h.rng.next() * 20 * 86_400_000);
    const rngSeed = h.rng.split(`run${h.incarnation}`).seed;
    const boot = h.machine.boot({ cfg: h.cfg, wallClockBase: this.wallClockBase, elapsedBase, rngSeed }, this.now);
    return andThen(boot, (r) => {
      if (!r.ok) {
        // ZooKeeper logs the error and exits: the server stays down, the fault is visible.
        h.status = 'down';
        h.fault = r.fault;
        this.trace.record(`${this.now} s${id} refuses-start ${r.fault.code}`);
        return;
      }
      h.fault = null;
      h.server = h.machine.local;
      this.trace.record(`${this.now} s${id} start`);
      this.applyServerResult(h, r);
    });
  }

  killServer(id: number): MaybePromise<void> {
    const h = this.mustServer(id);
    if (h.status === 'down') return;
    h.status = 'down';
    h.server = null;
    h.view = null;
    h.probe = null;
    h.timers.clear();
    h.pausedInbox.length = 0;
    this.trace.record(`${this.now} s${id} kill`);
    for (const c of [...this.conns.values()]) if (c.server === id) this.resetConnection(c, 'server');
    for (const q of [...this.qconns.values()]) if (q.a === id || q.b === id) this.resetQuorum(q);
    return h.machine.kill();
  }

  /** SIGSTOP: the process keeps its memory and sockets but does nothing until resumed. */
  pauseServer(id: number): void {
    const h = this.mustServer(id);
    if (h.status !== 'up') return;
    h.status = 'paused';
    this.trace.record(`${this.now} s${id} pause`);
  }

  resumeServer(id: number): MaybePromise<void> {
    const h = this.mustServer(id);
    if (h.status !== 'paused') return;
    h.status = 'up';
    this.trace.record(`${this.now} s${id} resume`);
    const inbox = h.pausedInbox.splice(0);
    return sequence(inbox.map((input) => () => this.serverInput(h, input)));
  }

  /** Delete the server's data directory (a running server is killed first). */
  wipeServer(id: number): MaybePromise<void> {
    const h = this.mustServer(id);
    return andThen(h.status !== 'down' ? this.killServer(id) : undefined, () =>
      andThen(h.machine.wipe(), () => {
        h.wipes++;
        this.trace.record(`${this.now} s${id} wipe`);
      }),
    );
  }

  /** A fault on the server's disk contents; returns what it did (null: nothing to hit). */
  diskFault(id: number, fault: DiskFaultKind, zxid?: number): MaybePromise<string | null> {
    const h = this.mustServer(id);
    // A damaged disk is found at the next start: the fault comes with a crash.
    return andThen(h.status !== 'down' ? this.killServer(id) : undefined, () =>
      andThen(h.machine.diskFault(fault, zxid), (what) => {
        h.diskFaults++;
        this.trace.record(`${this.now} s${id} disk ${fault} ${what ?? '-'}`);
        return what;
      }),
    );
  }

  private mustServer(id: number): ServerHost {
    const h = this.servers.get(id);
    if (!h) throw new Error(`no server ${id}`);
    return h;
  }

  /** The server a client reaches at host:port (see hosts.ts), or null. */
  serverIdAt(address: string | null): number | null {
    return address === null ? null : (this.serverByAddress(address)?.id ?? null);
  }

  private serverByAddress(address: string): ServerHost | undefined {
    return resolveServer(address, this.servers.values());
  }

  private serverInput(h: ServerHost, input: ServerInput): MaybePromise<void> {
    if (h.status === 'paused') {
      h.pausedInbox.push(input);
      return;
    }
    if (h.status !== 'up') return;
    return this.handled(h, h.machine.handle(input, this.now));
  }

  /** What the running process answered to the input just given to it. */
  private handled(h: ServerHost, answer: MaybePromise<HandleResult>): MaybePromise<void> {
    const inc = h.incarnation;
    return andThen(answer, (r) => {
      if (h.incarnation !== inc || h.status === 'down') return;
      if (r.crashed) return this.diskFailed(h, r.crashed);
      this.applyServerResult(h, r);
    });
  }

  /** A host could not keep the server running (its Worker could not take over): down with the fault. */
  failServer(id: number, fault: DiskFault): MaybePromise<void> {
    return this.diskFailed(this.mustServer(id), fault);
  }

  /** After servers moved between hosts: which ones run in this realm. */
  refreshServers(): void {
    for (const h of this.servers.values()) h.server = h.status === 'down' ? null : h.machine.local;
  }

  /** The disk failed under a running server: it exits, and the fault shows until a restart works. */
  private diskFailed(h: ServerHost, fault: DiskFault): MaybePromise<void> {
    this.trace.record(`${this.now} s${h.id} disk-failed ${fault.code}`);
    return andThen(this.killServer(h.id), () => {
      h.fault = fault;
    });
  }

  private applyServerResult(h: ServerHost, r: HandleResult): void {
    h.probe = r.probe;
    h.view = r.probe.view;
    this.applyServerEffects(h, r.effects);
  }

  private applyServerEffects(h: ServerHost, effects: readonly Effect[]): void {
    for (const e of effects) {
      switch (e.kind) {
        case 'send': {
          const c = this.conns.get(e.conn);
          if (!c || !c.open) break;
          this.deliverToClient(c, e.packet);
          break;
        }
        case 'close': {
          const c = this.conns.get(e.conn);
          if (c && c.open) this.closeFromServer(c);
          break;
        }
        case 'setTimer': {
          const gen = (h.timers.get(e.timer) ?? 0) + 1;
          h.timers.set(e.timer, gen);
          this.queue.push(Math.max(e.at, this.now), { kind: 'serverTimer', server: h.id, timer: e.timer, gen, incarnation: h.incarnation });
          break;
        }
        case 'cancelTimer':
          h.timers.set(e.timer, (h.timers.get(e.timer) ?? 0) + 1);
          break;
        case 'append':
        case 'rollLog':
        case 'snapshot':
        case 'writeEpoch':
        case 'truncateLog':
          // The machine carried these out on its disk.
          break;
        case 'election':
          this.sendElection(h.id, e.to, e.n);
          break;
        case 'quorumConnect':
          this.quorumConnect(h.id, e.to, e.link);
          break;
        case 'quorumSend':
          this.quorumSend(h.id, e.link, e.packet);
          break;
        case 'quorumClose':
          this.quorumClose(h.id, e.link);
          break;
        case 'sync': {
          const token = e.token;
          const at = this.now + this.draw(this.diskRng, this.fsyncLatency);
          this.queue.push(at, { kind: 'syncDone', server: h.id, token, incarnation: h.incarnation });
          break;
        }
        case 'event': {
          h.events.push(e.event);
          const established = e.event.type === 'zabPhase' && e.event.phase === 'broadcast' ? h.probe?.established : null;
          this.semanticLog.push(established ? { at: this.now, server: h.id, event: e.event, established } : { at: this.now, server: h.id, event: e.event });
          break;
        }
      }
    }
  }

  // ---- clients ----

  currentTime(): number {
    return this.now;
  }

  /** Open a client session handle (new ZooKeeper(connectString, timeout, watcher)). */
  connectClient(name: string, connectString: string, sessionTimeout: number, watcher: Watcher | null): ZooKeeper {
    this.trace.record(`${this.now} c:${name} new ${connectString} ${sessionTimeout}`);
    const zk = new ZooKeeper(connectString, sessionTimeout, watcher, this, this.rng.split(`client:${name}:${this.nextClientSeed++}`));
    this.register(name, zk, zk);
    return zk.start();
  }

  /** Register an endpoint under a client name (replacing an older one of that name). */
  register(name: string, endpoint: Endpoint, zk: ZooKeeper | null): ClientHandle {
    const old = this.clients.get(name);
    if (old) this.byEndpoint.delete(old.endpoint);
    const handle: ClientHandle = { name, endpoint, zk, timerGen: 0, crashed: false };
    this.clients.set(name, handle);
    this.byEndpoint.set(endpoint, handle);
    return handle;
  }

  /** Ask a server a four-letter word on a fresh connection; resolves with its answer ('' if none). */
  fourLetterWord(address: string, word: string): Promise<string> {
    return new Promise((resolve) => {
      const name = `4lw#${this.nextClientSeed++}`;
      const probe = new FourLetterProbe(this, address, word, (text) => {
        this.clients.delete(name);
        this.byEndpoint.delete(probe);
        resolve(text);
      });
      this.register(name, probe, null);
      this.trace.record(`${this.now} c:${name} 4lw ${word}`);
      probe.start();
    });
  }

  private nextClientSeed = 1;

  crashClient(name: string): void {
    const h = this.clients.get(name);
    if (!h || h.crashed) return;
    h.crashed = true;
    this.trace.record(`${this.now} c:${name} crash`);
    h.zk?.crash();
  }

  /** ClientHost.apply: effects a client produced. */
  apply(endpoint: object, effects: readonly ClientEffect[]): void {
    const h = this.byEndpoint.get(endpoint);
    if (!h) return;
    for (const e of effects) {
      switch (e.kind) {
        case 'connect': {
          const server = this.serverByAddress(e.server);
          const lat = this.draw(this.netRng, this.latency);
          if (server && this.isolatedClients.has(server.id)) break; // the SYN is lost; the client times out
          if (!server || server.status === 'down') {
            // Connection refused: the client hears of it after a round trip.
            this.queue.push(this.now + 2 * lat, { kind: 'client', client: h.name, input: { kind: 'tcpFailed', attempt: e.attempt } });
            break;
          }
          const conn: Connection = { id: this.nextConn++, client: h.name, attempt: e.attempt, server: server.id, incarnation: server.incarnation, lastToServer: this.now, lastToClient: this.now, open: true };
          this.conns.set(conn.id, conn);
          this.connByAttempt.set(`${h.name}#${e.attempt}`, conn);
          conn.lastToServer = this.now + lat;
          this.queue.push(conn.lastToServer, { kind: 'server', server: server.id, input: { kind: 'accept', conn: conn.id, remoteIp: '127.0.0.1', remotePort: 40000 + conn.id }, incarnation: server.incarnation });
          conn.lastToClient = this.now + 2 * lat;
          this.queue.push(conn.lastToClient, { kind: 'client', client: h.name, input: { kind: 'tcpConnected', attempt: e.attempt } });
          break;
        }
        case 'send': {
          const c = this.connByAttempt.get(`${h.name}#${e.attempt}`);
          if (!c || !c.open) break;
          this.deliverToServer(c, e.packet, e.size);
          break;
        }
        case 'disconnect': {
          const c = this.connByAttempt.get(`${h.name}#${e.attempt}`);
          if (!c || !c.open) break;
          c.open = false;
          const at = Math.max(this.now + this.draw(this.netRng, this.latency), c.lastToServer);
          this.queue.push(at, { kind: 'server', server: c.server, input: { kind: 'connClosed', conn: c.id }, incarnation: c.incarnation });
          this.forget(c);
          break;
        }
        case 'setTimer':
          h.timerGen++;
          this.queue.push(Math.max(e.at, this.now), { kind: 'clientTimer', client: h.name, gen: h.timerGen });
          break;
        case 'cancelTimer':
          h.timerGen++;
          break;
      }
    }
  }

  private forget(c: Connection): void {
    this.conns.delete(c.id);
    this.connByAttempt.delete(`${c.client}#${c.attempt}`);
  }

  private deliverToServer(c: Connection, packet: ClientPacket, size: number): void {
    if (this.isolatedClients.has(c.server)) {
      this.stall(() => !this.isolatedClients.has(c.server), () => c.open && this.deliverToServer(c, packet, size));
      return;
    }
    const at = Math.max(this.now + this.draw(this.netRng, this.latency), c.lastToServer);
    c.lastToServer = at;
    const wire: WireMessage = { from: `c:${c.client}`, to: `s${c.server}`, kind: 'client', label: describeClientPacket(packet), sentAt: this.now };
    this.sendOnWire(at, { kind: 'server', server: c.server, input: { kind: 'packet', conn: c.id, packet, size }, incarnation: c.incarnation, wire });
  }

  private deliverToClient(c: Connection, packet: ServerPacket): void {
    if (this.isolatedClients.has(c.server)) {
      this.stall(() => !this.isolatedClients.has(c.server), () => c.open && this.deliverToClient(c, packet));
      return;
    }
    const at = Math.max(this.now + this.draw(this.netRng, this.latency), c.lastToClient);
    c.lastToClient = at;
    const wire: WireMessage = { from: `s${c.server}`, to: `c:${c.client}`, kind: 'client', label: describeServerPacket(packet), sentAt: this.now };
    this.sendOnWire(at, { kind: 'client', client: c.client, input: { kind: 'packet', attempt: c.attempt, packet, size: responseSize(packet) }, wire });
  }

  private closeFromServer(c: Connection): void {
    c.open = false;
    const at = Math.max(this.now + this.draw(this.netRng, this.latency), c.lastToClient);
    this.queue.push(at, { kind: 'client', client: c.client, input: { kind: 'tcpClosed', attempt: c.attempt } });
    this.forget(c);
  }

  /** A connection reset both ends see (server death, network fault). */
  private resetConnection(c: Connection, cause: 'server' | 'network'): void {
    c.open = false;
    const lat = this.draw(this.netRng, this.latency);
    this.queue.push(Math.max(this.now + lat, c.lastToClient), { kind: 'client', client: c.client, input: { kind: 'tcpClosed', attempt: c.attempt } });
    if (cause === 'network') this.queue.push(Math.max(this.now + lat, c.lastToServer), { kind: 'server', server: c.server, input: { kind: 'connClosed', conn: c.id }, incarnation: c.incarnation });
    this.forget(c);
  }

  // ---- the peer network: election messages and quorum connections ----

  /** Directed links that drop everything ("a>b"): partitions, isolation and one-way cuts. */
  readonly blocked = new Set<string>();
  /** Servers whose client links are cut too (isolate). */
  readonly isolatedClients = new Set<number>();
  private readonly qconns = new Map<number, QuorumConnection>();
  private readonly qByLink = new Map<string, QuorumConnection>();
  private readonly electionChannels = new ElectionChannels();

  /** Can a packet go from server a to server b right now? */
  reachable(a: number, b: number): boolean {
    return !this.blocked.has(`${a}>${b}`);
  }

  private sendElection(from: number, to: number, n: Notification): void {
    const target = this.servers.get(to);
    const up = target !== undefined && target.status !== 'down';
    const link = { up, reachable: this.reachable(from, to) && this.reachable(to, from), fromIncarnation: this.mustServer(from).incarnation, toIncarnation: target?.incarnation ?? 0 };
    let at = this.now;
    for (const d of this.electionChannels.send(from, to, n, link)) {
      at += this.draw(this.netRng, this.latency);
      const dst = this.mustServer(d.to);
      const wire: WireMessage = { from: `s${d.from}`, to: `s${d.to}`, kind: 'election', label: `vote ${d.n.leader} 0x${d.n.zxid.toString(16)} round ${d.n.electionEpoch}`, sentAt: this.now };
      this.sendOnWire(at, { kind: 'election', from: d.from, to: d.to, n: d.n, incarnation: dst.incarnation, wire });
    }
  }

  private quorumConnect(from: number, to: number, link: number): void {
    const src = this.mustServer(from);
    const srcInc = src.incarnation;
    const lat = this.draw(this.netRng, this.latency);
    const refuse = (at: number): void => {
      this.queue.push(at, { kind: 'server', server: from, input: { kind: 'quorumClosed', link }, incarnation: srcInc });
    };
    if (!this.reachable(from, to)) {
      // The SYN is lost: the connect attempt times out (Learner's connect timeout is initLimit).
      refuse(this.now + this.mustServer(from).cfg.initLimit * this.mustServer(from).cfg.tickTime);
      return;
    }
    // Whether the leader is listening is decided when the SYN arrives.
    this.at(this.now + lat, `syn s${from}>s${to}`, () => {
      const dst = this.servers.get(to);
      const listening = dst !== undefined && dst.status !== 'down' && dst.view !== null && dst.view.acceptsLearners;
      if (!listening || !this.reachable(to, from)) {
        refuse(this.now + lat);
        return;
      }
      const q: QuorumConnection = { id: this.nextConn++, a: from, aLink: link, aInc: srcInc, b: to, bLink: 100000 + this.nextConn, bInc: dst.incarnation, lastToA: this.now, lastToB: this.now, open: true };
      this.qconns.set(q.id, q);
      this.qByLink.set(`${from}:${q.aLink}`, q);
      this.qByLink.set(`${to}:${q.bLink}`, q);
      this.queue.push(this.now, { kind: 'server', server: to, input: { kind: 'quorumAccept', link: q.bLink, from }, incarnation: dst.incarnation });
      q.lastToA = this.now + lat;
      this.queue.push(q.lastToA, { kind: 'server', server: from, input: { kind: 'quorumConnected', link }, incarnation: srcInc });
    });
  }

  private quorumSend(from: number, link: number, packet: QuorumPacket): void {
    const q = this.qByLink.get(`${from}:${link}`);
    if (!q || !q.open) return;
    const toA = q.b === from;
    const to = toA ? q.a : q.b;
    if (!this.reachable(from, to)) {
      // TCP keeps retransmitting: the packet arrives after the partition heals, if the
      // connection is still open then.
      this.stall(() => this.reachable(from, to), () => q.open && this.quorumSend(from, link, packet));
      return;
    }
    const at = Math.max(this.now + this.draw(this.netRng, this.latency), toA ? q.lastToA : q.lastToB);
    if (toA) q.lastToA = at;
    else q.lastToB = at;
    const wire: WireMessage = { from: `s${from}`, to: `s${to}`, kind: 'quorum', label: `${packetTypeName(packet.type)} 0x${packet.zxid.toString(16)}`, sentAt: this.now };
    this.sendOnWire(at, { kind: 'server', server: to, input: { kind: 'quorumPacket', link: toA ? q.aLink : q.bLink, packet }, incarnation: toA ? q.aInc : q.bInc, wire });
  }

  private quorumClose(from: number, link: number): void {
    const q = this.qByLink.get(`${from}:${link}`);
    if (!q || !q.open) return;
    q.open = false;
    this.forgetQuorum(q);
    const toA = q.b === from;
    const to = toA ? q.a : q.b;
    const deliverFin = (): void => {
      const at = Math.max(this.now + this.draw(this.netRng, this.latency), toA ? q.lastToA : q.lastToB);
      this.queue.push(at, { kind: 'server', server: to, input: { kind: 'quorumClosed', link: toA ? q.aLink : q.bLink }, incarnation: toA ? q.aInc : q.bInc });
    };
    if (!this.reachable(from, to)) {
      // The FIN waits for the partition to heal like any segment.
      this.stall(() => this.reachable(from, to), deliverFin);
      return;
    }
    deliverFin();
  }

  /** A reset both ends see (a peer died, or a link was reset). */
  private resetQuorum(q: QuorumConnection): void {
    if (!q.open) return;
    q.open = false;
    this.forgetQuorum(q);
    const lat = this.draw(this.netRng, this.latency);
    this.queue.push(Math.max(this.now + lat, q.lastToA), { kind: 'server', server: q.a, input: { kind: 'quorumClosed', link: q.aLink }, incarnation: q.aInc });
    this.queue.push(Math.max(this.now + lat, q.lastToB), { kind: 'server', server: q.b, input: { kind: 'quorumClosed', link: q.bLink }, incarnation: q.bInc });
  }

  private forgetQuorum(q: QuorumConnection): void {
    this.qconns.delete(q.id);
    this.qByLink.delete(`${q.a}:${q.aLink}`);
    this.qByLink.delete(`${q.b}:${q.bLink}`);
  }

  /** Segments waiting for a partition to heal, in the order they were sent. */
  private stalled: { ok: () => boolean; deliver: () => void }[] = [];

  private stall(ok: () => boolean, deliver: () => void): void {
    this.stalled.push({ ok, deliver });
  }

  /** After a change of the network: deliver what can now get through, in order. */
  private releaseStalled(): void {
    const pending = this.stalled;
    this.stalled = [];
    for (const s of pending) {
      if (s.ok()) s.deliver();
      else this.stalled.push(s);
    }
  }

  /** Symmetric partition into groups (servers not named form one more group). */
  partition(groups: readonly (readonly number[])[]): void {
    const all = [...this.servers.keys()];
    const named = new Set(groups.flat());
    const gs = [...groups.map((g) => [...g]), all.filter((s) => !named.has(s))].filter((g) => g.length > 0);
    const groupOf = new Map<number, number>();
    gs.forEach((g, i) => g.forEach((s) => groupOf.set(s, i)));
    this.blocked.clear();
    for (const a of all) for (const b of all) if (a !== b && groupOf.get(a) !== groupOf.get(b)) this.blocked.add(`${a}>${b}`);
    this.trace.record(`${this.now} partition ${gs.map((g) => g.join(',')).join(' | ')}`);
    this.releaseStalled();
  }

  isolate(id: number): void {
    for (const b of this.servers.keys()) {
      if (b === id) continue;
      this.blocked.add(`${id}>${b}`);
      this.blocked.add(`${b}>${id}`);
    }
    this.isolatedClients.add(id);
    this.trace.record(`${this.now} isolate s${id}`);
  }

  cut(from: number, to: number): void {
    this.blocked.add(`${from}>${to}`);
    this.trace.record(`${this.now} cut s${from}>s${to}`);
  }

  heal(): void {
    this.blocked.clear();
    this.isolatedClients.clear();
    this.trace.record(`${this.now} heal`);
    this.releaseStalled();
  }

  // ---- running ----

  private draw(rng: Rng, r: LatencyRange): number {
    return r.min >= r.max ? r.min : rng.between(r.min, r.max);
  }

  /** Run a function at a virtual time, after what is already due then. */
  at(time: number, label: string, fn: () => MaybePromise<unknown>): void {
    this.queue.push(Math.max(time, this.now), { kind: 'call', label, fn });
  }

  /** An action from outside (scenario, click): runs before anything else due at that time. */
  action(time: number, label: string, fn: () => MaybePromise<unknown>): void {
    this.queue.push(Math.max(time, this.now), { kind: 'call', label, fn }, 0);
  }

  get nextEventTime(): number | undefined {
    return this.queue.peek()?.at;
  }

  /** Called after every processed event (invariant checkers, recorders). */
  readonly afterStep: ((world: World) => void)[] = [];

  /**
   * Process the next event. Returns false when the queue is empty. With servers in Workers the
   * answer is a promise, and the next step must wait for it.
   */
  step(): MaybePromise<boolean> {
    return andThen(this.stepOne(), (done) => {
      if (done) for (const f of this.afterStep) f(this);
      return done;
    });
  }

  /** Queued deliveries of messages, in the order they were sent (views draw them every frame). */
  private readonly onWire = new Set<Scheduled<WorldEvent>>();
  private inFlightCache: readonly InFlight[] | null = null;

  private sendOnWire(at: number, ev: WorldEvent & { readonly wire: WireMessage }): void {
    this.onWire.add(this.queue.push(at, ev));
    this.inFlightCache = null;
  }

  /** Messages on the wires right now (sent, not yet delivered), by when they were sent, then arrive. */
  inFlight(): readonly InFlight[] {
    if (this.inFlightCache !== null) return this.inFlightCache;
    const list: InFlight[] = [];
    for (const item of this.onWire) list.push({ message: (item.event as { readonly wire: WireMessage }).wire, arriveAt: item.at });
    list.sort((a, b) => a.message.sentAt - b.message.sentAt || a.arriveAt - b.arriveAt);
    this.inFlightCache = list;
    return list;
  }

  /** The last messages delivered, oldest first (for the space-time diagram). */
  readonly delivered: DeliveredMessage[] = [];
  static readonly DELIVERED_KEPT = 20_000;

  private stepOne(): MaybePromise<boolean> {
    const item = this.queue.pop();
    if (!item) return false;
    this.now = item.at;
    const ev = item.event;
    const wire = 'wire' in ev ? ev.wire : undefined;
    if (wire) {
      this.onWire.delete(item);
      this.inFlightCache = null;
      this.delivered.push({ ...wire, arrivedAt: item.at });
      if (this.delivered.length > World.DELIVERED_KEPT * 1.5) this.delivered.splice(0, this.delivered.length - World.DELIVERED_KEPT);
    }
    switch (ev.kind) {
      case 'server': {
        const h = this.servers.get(ev.server);
        if (!h || h.incarnation !== ev.incarnation || h.status === 'down') return true;
        this.trace.record(`${this.now} s${ev.server} ${describeServerInput(ev.input)}`);
        return andThen(this.serverInput(h, ev.input), () => true);
      }
      case 'syncDone': {
        const h = this.servers.get(ev.server);
        if (!h || h.incarnation !== ev.incarnation || h.status === 'down') return true;
        // The fsync finished: what it covered is durable even if the process is paused.
        this.trace.record(`${this.now} s${ev.server} synced ${ev.token}`);
        // A running process hears of it at once: one call does both (one Worker round trip).
        if (h.status === 'up') return andThen(this.handled(h, h.machine.syncedInput(ev.token, this.now)), () => true);
        return andThen(h.machine.synced(ev.token), (fault) => {
          if (fault) return andThen(this.diskFailed(h, fault), () => true);
          return andThen(this.serverInput(h, { kind: 'synced', token: ev.token }), () => true);
        });
      }
      case 'election': {
        const h = this.servers.get(ev.to);
        if (!h || h.incarnation !== ev.incarnation || h.status === 'down') return true;
        this.trace.record(`${this.now} s${ev.to} ${describeServerInput({ kind: 'election', from: ev.from, n: ev.n })}`);
        return andThen(this.serverInput(h, { kind: 'election', from: ev.from, n: ev.n }), () => true);
      }
      case 'serverTimer': {
        const h = this.servers.get(ev.server);
        if (!h || h.incarnation !== ev.incarnation || h.timers.get(ev.timer) !== ev.gen) return true;
        this.trace.record(`${this.now} s${ev.server} timer ${ev.timer}`);
        return andThen(this.serverInput(h, { kind: 'timer', timer: ev.timer }), () => true);
      }
      case 'client': {
        const h = this.clients.get(ev.client);
        if (!h || h.crashed) return true;
        this.trace.record(`${this.now} c:${ev.client} ${describeClientInput(ev.input)}`);
        h.endpoint.handle(ev.input);
        this.pendingMicrotasks = true;
        return true;
      }
      case 'clientTimer': {
        const h = this.clients.get(ev.client);
        if (!h || h.crashed || h.timerGen !== ev.gen) return true;
        this.trace.record(`${this.now} c:${ev.client} timer`);
        h.endpoint.handle({ kind: 'timer' });
        this.pendingMicrotasks = true;
        return true;
      }
      case 'call':
        this.trace.record(`${this.now} do ${ev.label}`);
        this.pendingMicrotasks = true;
        return andThen(ev.fn(), () => true);
    }
  }
}

/** Build a standalone server's config from zoo.cfg lines and JVM options. */
export function standaloneConfig(cfgLines: readonly string[] = [], jvm: readonly string[] = []): ServerConfig {
  return applyConfigLines({ ...DEFAULT_CONFIG, fourLetterWhitelist: ['*'] }, cfgLines, jvm);
}

/** A one-shot connection that sends a four-letter word and collects the answer until close. */
class FourLetterProbe implements Endpoint {
  private text = '';
  private done = false;

  constructor(
    private readonly world: World,
    private readonly address: string,
    private readonly word: string,
    private readonly finish: (text: string) => void,
  ) {}

  start(): void {
    this.world.apply(this, [{ kind: 'connect', attempt: 1, server: this.address }]);
  }

  handle(input: ClientInput): void {
    if (this.done) return;
    switch (input.kind) {
      case 'tcpConnected':
        this.world.apply(this, [{ kind: 'send', attempt: 1, packet: { kind: 'fourLetter', word: this.word }, size: 4 }]);
        return;
      case 'packet':
        if (input.packet.kind === 'fourLetterReply') this.text += input.packet.text;
        return;
      case 'tcpFailed':
      case 'tcpClosed':
        this.done = true;
        this.finish(this.text);
        return;
      case 'timer':
        return;
    }
  }
}
