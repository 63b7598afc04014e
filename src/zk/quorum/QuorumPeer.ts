// org.apache.zookeeper.server.quorum.QuorumPeer: one member of an ensemble. It loads its
// database and epochs, runs Fast Leader Election while LOOKING, then leads, follows or observes
// until that role ends, and goes back to LOOKING. Client connections, the database and the
// election survive role changes; the ZooKeeperServer object does not.

import { encodeUtf8 } from '../DataTree.ts';
import type { Effect, RecoveredImage, ServerInput } from '../effects.ts';
import type { SemanticEvent } from '../events.ts';
import { ServerMetrics } from '../fourletter/ServerMetrics.ts';
import { JavaConcurrentHashMap } from '../fourletter/JavaConcurrentHashMap.ts';
import { javaLongHash, javaStringHash, orderForCapacity, tableSizeFor } from '../JavaHashOrder.ts';
import type { ServerConfig } from '../ServerConfig.ts';
import { ServerCnxnFactory } from '../ServerCnxnFactory.ts';
import { takeSnapshot } from '../Snapshot.ts';
import type { ServerNode } from '../StandaloneServer.ts';
import { ZKDatabase } from '../ZKDatabase.ts';
import { CONFIG_NODE } from '../ZooDefs.ts';
import type { ZooKeeperServer, ServerEnvironment } from '../ZooKeeperServer.ts';
import { FastLeaderElection, type FleHost, type Vote } from './FastLeaderElection.ts';
import { Leader } from './Leader.ts';
import { Learner } from './Learner.ts';
import type { PeerContext } from './PeerContext.ts';
import { DormantZooKeeperServer, type QuorumSelf, type QuorumServerContext } from './QuorumZooKeeperServers.ts';
import { epochOf, ServerState, SERVER_STATE_NAMES, type Notification, type QuorumPacket, type ServerStateValue } from './QuorumPacket.ts';

export interface PeerView {
  readonly id: number;
  readonly state: 'LOOKING' | 'FOLLOWING' | 'LEADING' | 'OBSERVING';
  readonly leader: number | null;
  readonly acceptedEpoch: number;
  readonly currentEpoch: number;
  readonly lastZxid: number;
  readonly lastCommitted: number;
  readonly znodes: number;
  readonly digest: number;
  readonly serving: boolean;
  readonly vote: Vote;
  readonly round: number;
}

export class QuorumPeer implements ServerNode, FleHost, PeerContext, QuorumSelf {
  readonly db: ZKDatabase;
  readonly factory: ServerCnxnFactory;
  readonly fle: FastLeaderElection;
  readonly myid: number;
  readonly voters: number[];
  readonly isParticipant: boolean;
  state: ServerStateValue = ServerState.LOOKING;
  currentVote!: Vote;
  acceptedEpoch = -1;
  currentEpoch = -1;
  leader: Leader | null = null;
  learner: Learner | null = null;
  /** Answers four-letter words while nothing is being served. */
  private readonly dormant: ZooKeeperServer;
  private roleGen = 0;
  private linkSeq = 0;
  /** Links we opened (to a leader) or accepted (from learners), and the role generation they belong to. */
  private readonly links = new Map<number, { role: number; outbound: boolean }>();
  private out: Effect[] = [];
  private clock = 0;
  private syncTokens = 0;
  private scopes = 0;
  started = false;
  /** Why the peer refused to start (corrupt epoch files), if it did. */
  startError: string | null = null;
  /** ServerMetrics.getMetrics(): the JVM's one registry, fed by every role this peer takes. */
  readonly metrics = new ServerMetrics();
  /** QuorumPeer.getSyncMode: how the current learner role is being synced. */
  syncMode: 'NONE' | 'DIFF' | 'SNAP' | 'TRUNC' = 'NONE';
  /** QuorumPeer.start_fle and unavailableStartTime (elapsed; null when not running). */
  private electionStartedAt: number | null = null;
  private unavailableSince: number | null = null;
  private syncStartedAt = 0;

  constructor(
    readonly cfg: ServerConfig,
    readonly env: ServerEnvironment,
  ) {
    this.myid = cfg.serverId;
    this.voters = cfg.peers.filter((p) => p.role === 'participant').map((p) => p.id);
    this.isParticipant = this.voters.includes(this.myid);
    this.db = new ZKDatabase(cfg.extendedTypesEnabled);
    this.factory = new ServerCnxnFactory(this);
    // NIOServerCnxn.close -> its ZooKeeperServer's removeCnxn: the connection's watches leave the
    // tree even when the close comes from a role ending (the role's server is no longer `zks`).
    this.factory.onClosed = (c) => (this.zks ?? this.roleServer ?? this.dormant).connectionGone(c.id);
    this.fle = new FastLeaderElection(this);
    this.dormant = new DormantZooKeeperServer(this.serverContext());
  }

  // ---- what the role servers and four-letter words read (QuorumSelf) ----

  private get me(): ServerConfig['peers'][number] | undefined {
    return this.cfg.peers.find((p) => p.id === this.myid);
  }

  get electionPort(): number {
    return this.me?.electionPort ?? -1;
  }

  get quorumPort(): number {
    return this.me?.quorumPort ?? -1;
  }

  /** The servers list decides (QuorumPeerConfig.setupPeerType): PARTICIPANT 0, OBSERVER 1. */
  get learnerTypeOrdinal(): number {
    return this.isParticipant ? 0 : 1;
  }

  get quorumSize(): number {
    return this.voters.length;
  }

  /**
   * QuorumMaj.toString: "server.<id>=<QuorumServer>" per member, then "version=<hex>" (0 for a
   * static configuration), no final newline. QuorumServer.toString:
   * host:quorumPort:electionPort:participant|observer (3.8.0 adds ";clientAddress" only for a
   * client address given in the server line, which ZooScope's configuration does not keep).
   *
   * The members are in the order of QuorumMaj's HashMap<Long, QuorumServer>, filled while
   * iterating the zoo.cfg Properties (a ConcurrentHashMap of the keys): ids sharing a HashMap
   * bucket (e.g. 1, 17, 33) keep that iteration's order. Only the server.N keys are known here,
   * so that order is the one a Properties holding just them would give.
   */
  quorumVerifierText(): string {
    const peers = this.cfg.peers;
    const byKey = new Map(peers.map((p) => [`server.${p.id}`, p] as const));
    const props = JavaConcurrentHashMap.of(byKey.keys(), javaStringHash, 8).keys();
    const filled = props.map((k) => byKey.get(k)!);
    let cap = 16;
    while (filled.length > cap * 0.75) cap *= 2;
    let s = '';
    for (const p of orderForCapacity(filled, tableSizeFor(cap), (x) => javaLongHash(BigInt(x.id)))) {
      const host = p.host.includes(':') ? `[${p.host}]` : p.host;
      s += `server.${p.id}=${host}:${p.quorumPort}:${p.electionPort}:${p.role}\n`;
    }
    return `${s}version=0`;
  }

  /**
   * ZKDatabase.initConfigInZKDatabase: /zookeeper/config gets the membership text, with
   * dataVersion -1, mZxid = the config's version (0) and mtime = now (DataTree.setData).
   */
  initConfigInZKDatabase(): void {
    this.db.tree.setData(CONFIG_NODE, encodeUtf8(this.quorumVerifierText()), -1, 0, this.env.wallClockBase + this.clock);
  }

  // ---- contexts ----

  emit(e: Effect): void {
    this.out.push(e);
  }

  event(ev: SemanticEvent): void {
    this.noteEvent(ev);
    this.out.push({ kind: 'event', event: ev });
  }

  now(): number {
    return this.clock;
  }

  serverContext(): QuorumServerContext {
    return {
      self: this,
      cfg: this.cfg,
      env: this.env,
      db: this.db,
      factory: this.factory,
      emit: (e) => this.emit(e),
      event: (ev) => this.event(ev),
      now: () => this.clock,
      nextSyncToken: () => ++this.syncTokens,
      nextServerScope: () => `zks${++this.scopes}:`,
    };
  }

  /** The server object of the current role, whether or not it serves clients yet. */
  get roleServer(): ZooKeeperServer | null {
    return this.leader?.zk ?? this.learner?.zk ?? null;
  }

  /** The leader's LearnerCnxAcceptor is listening on the quorum port. */
  get acceptsLearners(): boolean {
    return this.leader !== null && this.leader.phase !== 'shutdown';
  }

  /** The server answering clients (QuorumPeer.setZooKeeperServer), if any. */
  get zks(): ZooKeeperServer | null {
    if (this.leader && this.leader.phase === 'broadcast') return this.leader.zk;
    if (this.learner && this.learner.phase === 'serving') return this.learner.zk;
    return null;
  }

  getLastLoggedZxid(): number {
    return this.db.lastProcessedZxid;
  }

  getCurrentEpoch(): number {
    return this.currentEpoch;
  }

  setAcceptedEpoch(e: number): void {
    this.acceptedEpoch = e;
    this.emit({ kind: 'writeEpoch', file: 'acceptedEpoch', value: e });
  }

  setCurrentEpoch(e: number): void {
    this.currentEpoch = e;
    this.emit({ kind: 'writeEpoch', file: 'currentEpoch', value: e });
  }

  sendNotification(to: number, n: Notification): void {
    if (to === this.myid) {
      // A peer's own notification goes straight to its receive queue (QuorumCnxManager).
      this.pendingSelf.push(n);
      return;
    }
    this.emit({ kind: 'election', to, n });
  }

  private pendingSelf: Notification[] = [];

  setElectionTimer(at: number | null): void {
    if (at === null) this.emit({ kind: 'cancelTimer', timer: 'fle' });
    else this.emit({ kind: 'setTimer', timer: 'fle', at });
  }

  setTimer(name: string, at: number): void {
    this.emit({ kind: 'setTimer', timer: `role${this.roleGen}:${name}`, at });
  }

  cancelTimer(name: string): void {
    this.emit({ kind: 'cancelTimer', timer: `role${this.roleGen}:${name}` });
  }

  quorumConnect(to: number): number {
    const link = ++this.linkSeq;
    this.links.set(link, { role: this.roleGen, outbound: true });
    this.emit({ kind: 'quorumConnect', to, link });
    return link;
  }

  quorumSend(link: number, packet: QuorumPacket): void {
    if (this.links.has(link)) this.emit({ kind: 'quorumSend', link, packet });
  }

  quorumClose(link: number): void {
    if (!this.links.delete(link)) return;
    this.emit({ kind: 'quorumClose', link });
  }

  setSyncMode(mode: 'NONE' | 'DIFF' | 'SNAP' | 'TRUNC'): void {
    this.syncMode = mode;
  }

  updateElectionVote(epoch: number): void {
    this.currentVote = { ...this.currentVote, peerEpoch: epoch };
  }

  // ---- the host's entry point ----

  handle(input: ServerInput, now: number): Effect[] {
    this.clock = now;
    this.out = [];
    if (input.kind === 'start') this.startup(input.image);
    else if (this.started) this.dispatch(input);
    this.drainSelf();
    const zks = this.roleServer;
    if (zks && zks.isRunning) {
      zks.deliverNotifications();
      zks.scheduleTimers();
    }
    const out = this.out;
    this.out = [];
    return out;
  }

  private drainSelf(): void {
    while (this.pendingSelf.length > 0) {
      const n = this.pendingSelf.shift()!;
      this.onElection(this.myid, n);
    }
  }

  private dispatch(input: ServerInput): void {
    switch (input.kind) {
      case 'accept':
        this.factory.accept(input.conn, input.remoteIp, input.remotePort, this.clock);
        return;
      case 'packet': {
        const c = this.factory.get(input.conn);
        if (!c) return;
        const zks = this.zks;
        if (zks) zks.onPacket(c, input.packet, input.size);
        else if (input.packet.kind === 'fourLetter') this.dormant.fourLetterWord(c, input.packet.word);
        // "ZooKeeperServer not running": the connection is dropped.
        else this.factory.close(c.id);
        return;
      }
      case 'connClosed':
        this.factory.dropped(input.conn);
        return;
      case 'timer':
        this.onTimer(input.timer);
        return;
      case 'synced':
        this.roleServer?.synced(input.token);
        return;
      case 'election':
        this.onElection(input.from, input.n);
        return;
      case 'quorumAccept':
        this.links.set(input.link, { role: this.roleGen, outbound: false });
        if (this.leader && this.leader.phase !== 'shutdown') this.leader.accept(input.link);
        else this.quorumClose(input.link);
        return;
      case 'quorumConnected': {
        const l = this.links.get(input.link);
        if (l && l.role === this.roleGen && this.learner) this.learner.connected(input.link);
        return;
      }
      case 'quorumPacket': {
        const l = this.links.get(input.link);
        if (!l || l.role !== this.roleGen) return;
        if (l.outbound) this.learner?.packet(input.link, input.packet);
        else this.leader?.packet(input.link, input.packet);
        return;
      }
      case 'quorumClosed': {
        const l = this.links.get(input.link);
        this.links.delete(input.link);
        if (!l || l.role !== this.roleGen) return;
        if (l.outbound) this.learner?.closed(input.link);
        else this.leader?.closed(input.link);
        return;
      }
      case 'start':
        return;
    }
  }

  private onTimer(timer: string): void {
    if (timer === 'fle') {
      if (this.state === ServerState.LOOKING) this.fle.timeout();
      return;
    }
    const m = /^role(\d+):(.*)$/.exec(timer);
    if (m) {
      if (Number(m[1]) !== this.roleGen) return;
      if (this.leader) this.leader.timer(m[2]!);
      else if (this.learner) this.learner.timer(m[2]!);
      return;
    }
    const zks = this.roleServer;
    if (zks && timer.startsWith(zks.timerScope)) zks.onTimer(timer.slice(zks.timerScope.length));
  }

  // ---- startup and election ----

  /** QuorumPeer.start: loadDataBase (with the epoch files), then the first election. */
  private startup(image: RecoveredImage): void {
    // QuorumPeerMain.runFromConfig: the config node is set before the database is loaded; a
    // snapshot, when there is one, replaces the whole tree (and brings its own config node).
    this.db.metrics = this.metrics;
    this.db.tree.metrics = this.metrics;
    this.initConfigInZKDatabase();
    const empty = image.snapshot === null && image.txns.length === 0;
    // The txns FileTxnSnapLog.restore replays go through DataTree, which records
    // write_per_namespace in the JVM's registry (the database's trees record into it).
    this.db.load(image);
    if (empty) {
      // FileTxnSnapLog.restore on an empty data directory keeps the tree as it was and saves an
      // initial snapshot of it. (ZKDatabase.load started a new tree: the config node set above,
      // and recorded once, is put back without recording it again.)
      this.db.tree.metrics = null;
      this.initConfigInZKDatabase();
      this.db.tree.metrics = this.metrics;
      const snap = takeSnapshot(this.db.tree, this.db.sessionsWithTimeouts);
      this.db.noteSnapshot(snap);
      this.emit({ kind: 'snapshot', snapshot: snap });
      this.event({ type: 'snapshotTaken', zxid: snap.zxid, nodes: snap.nodes.length });
    }
    const replayed = image.snapshot !== null ? image.txns.filter((t) => t.hdr.zxid > image.snapshot!.zxid) : [];
    this.loadedDatabase(replayed.length);
    const lastZxid = this.db.lastProcessedZxid;
    const epochOfZxid = epochOf(lastZxid);
    if (image.currentEpoch < 0) this.setCurrentEpoch(epochOfZxid);
    else this.currentEpoch = image.currentEpoch;
    if (epochOfZxid > this.currentEpoch) {
      this.startError = `The current epoch, ${this.currentEpoch}, is older than the last zxid, ${lastZxid}`;
      this.event({ type: 'peerStartFailed', reason: this.startError });
      return;
    }
    if (image.acceptedEpoch < 0) this.setAcceptedEpoch(epochOfZxid);
    else this.acceptedEpoch = image.acceptedEpoch;
    if (this.acceptedEpoch < this.currentEpoch) {
      this.startError = `The current epoch, ${this.currentEpoch}, is after the accepted epoch, ${this.acceptedEpoch}`;
      this.event({ type: 'peerStartFailed', reason: this.startError });
      return;
    }
    this.started = true;
    this.currentVote = { id: this.myid, zxid: lastZxid, electionEpoch: 0, peerEpoch: this.currentEpoch, state: ServerState.LOOKING };
    this.event({ type: 'recovered', snapshotZxid: image.snapshot?.zxid ?? 0, replayed: image.txns.length, lastZxid });
    this.lookForLeader();
  }

  /** ZKDatabase.loadDataBase / FileTxnSnapLog.restore: what they record (load times are 0 here). */
  private loadedDatabase(txnsReplayed: number): void {
    const m = this.metrics;
    m.summary('startup_snap_load_time').add(0);
    // fastForwardFromEdits records only when the log had something after the snapshot.
    if (txnsReplayed > 0) {
      m.summary('startup_txns_loaded').add(txnsReplayed);
      m.summary('startup_txns_load_time').add(0);
    }
    m.summary('dbinittime').add(0);
  }

  private lookForLeader(): void {
    this.state = ServerState.LOOKING;
    this.syncMode = 'NONE';
    // QuorumPeer.run: the main loop notes when the peer became unavailable, then LOOKING.
    if (this.unavailableSince === null) this.unavailableSince = this.clock;
    this.metrics.counter('looking_count').add(1);
    this.electionStartedAt = this.clock;
    this.event({ type: 'peerState', state: 'LOOKING', leader: null });
    this.fle.start();
  }

  /** QuorumPeer.setZabState(BROADCAST): how long the peer could not serve. */
  private reachedBroadcast(): void {
    if (this.unavailableSince === null) return;
    const t = this.clock - this.unavailableSince;
    this.metrics.summary('unavailable_time').add(t);
    if (this.state === ServerState.LEADING) this.metrics.summary('leader_unavailable_time').add(t);
    this.unavailableSince = null;
  }

  /** What the roles report that Java's QuorumPeer and Follower/Observer record in metrics. */
  private noteEvent(ev: SemanticEvent): void {
    switch (ev.type) {
      case 'zabPhase':
        if (ev.phase === 'broadcast' && this.state === ServerState.LEADING) this.reachedBroadcast();
        return;
      case 'learnerSyncMode':
        this.syncMode = ev.mode;
        this.syncStartedAt = this.clock;
        // ZKDatabase.truncateLog reloads the database from disk.
        if (ev.mode === 'TRUNC') this.loadedDatabase(0);
        return;
      case 'learnerServing':
        this.reachedBroadcast();
        this.metrics.summary(this.state === ServerState.OBSERVING ? 'observer_sync_time' : 'follower_sync_time').add(this.clock - this.syncStartedAt);
        return;
      default:
        return;
    }
  }

  /** WorkerReceiver: every notification, whatever our state. */
  private onElection(from: number, n: Notification): void {
    if (!this.voters.includes(from)) {
      // From a non-voter (an observer): tell it our current view, do not count it.
      this.replyVote(from, this.state === ServerState.LOOKING ? this.fle.getVote() : this.currentVote, this.state === ServerState.LOOKING ? this.fle.logicalclock : this.currentVote.electionEpoch);
      return;
    }
    if (this.state === ServerState.LOOKING) {
      this.fle.receive(from, n);
      if (n.state === ServerState.LOOKING && n.electionEpoch < this.fle.logicalclock && this.state === ServerState.LOOKING) {
        const v = this.fle.getVote();
        this.replyVote(from, v, this.fle.logicalclock);
      }
      return;
    }
    if (n.state === ServerState.LOOKING) this.replyVote(from, this.currentVote, this.currentVote.electionEpoch);
  }

  private replyVote(to: number, v: Vote, electionEpoch: number): void {
    this.sendNotification(to, { state: this.state, leader: v.id, zxid: v.zxid, electionEpoch, peerEpoch: v.peerEpoch });
  }

  /** lookForLeader returned. */
  decided(vote: Vote, state: ServerStateValue): void {
    this.currentVote = vote;
    this.state = state;
    this.roleGen++;
    this.event({ type: 'electionDecided', leader: vote.id, zxid: vote.zxid, electionEpoch: vote.electionEpoch, peerEpoch: vote.peerEpoch, state: SERVER_STATE_NAMES[state] });
    // Leader.lead / Follower.followLeader record how long the election took (an Observer does not).
    if (state !== ServerState.OBSERVING && this.electionStartedAt !== null) this.metrics.summary('election_time').add(this.clock - this.electionStartedAt);
    this.electionStartedAt = null;
    this.event({ type: 'peerState', state: SERVER_STATE_NAMES[state], leader: vote.id });
    if (state === ServerState.LEADING) {
      this.leader = new Leader(this);
      this.leader.lead();
    } else {
      this.learner = new Learner(this, vote.id, state === ServerState.OBSERVING);
      this.learner.start();
    }
  }

  /** The role ended: stop serving, close clients, fast-forward the database, elect again. */
  roleEnded(reason: string): void {
    this.event({ type: 'roleEnded', state: SERVER_STATE_NAMES[this.state], reason });
    for (const [link, l] of [...this.links]) if (l.role === this.roleGen) this.quorumClose(link);
    this.leader = null;
    this.learner = null;
    this.roleGen++;
    this.factory.closeAll();
    // ZooKeeperServer.shutdown(false): the tree catches up with everything in the txn log.
    this.db.fastForward();
    this.lookForLeader();
  }

  view(): PeerView {
    return {
      id: this.myid,
      state: SERVER_STATE_NAMES[this.state],
      leader: this.state === ServerState.LOOKING ? null : this.currentVote.id,
      acceptedEpoch: this.acceptedEpoch,
      currentEpoch: this.currentEpoch,
      lastZxid: this.db.lastLoggedZxid,
      lastCommitted: this.db.lastProcessedZxid,
      znodes: this.db.tree.nodeCount,
      digest: this.db.tree.getTreeDigest(),
      serving: this.zks !== null,
      vote: this.state === ServerState.LOOKING ? this.fle.getVote() : this.currentVote,
      round: this.fle.logicalclock,
    };
  }
}
