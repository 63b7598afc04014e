// A standalone ZooKeeper server as one state machine the host feeds (ZooKeeperServerMain): the
// client port, the database, and the ZooKeeperServer serving it.

import type { Effect, RecoveredImage, ServerInput } from './effects.ts';
import type { SemanticEvent } from './events.ts';
import type { ServerConfig } from './ServerConfig.ts';
import { ServerCnxnFactory } from './ServerCnxnFactory.ts';
import { ZKDatabase } from './ZKDatabase.ts';
import { ZooKeeperServer, type ServerContext, type ServerEnvironment } from './ZooKeeperServer.ts';

/** What every server node (standalone or quorum peer) offers its host. */
export interface ServerNode {
  handle(input: ServerInput, now: number): Effect[];
  readonly db: ZKDatabase;
  /** The server object answering clients right now, if any. */
  readonly zks: ZooKeeperServer | null;
}

export class StandaloneServer implements ServerNode, ServerContext {
  readonly db: ZKDatabase;
  readonly factory: ServerCnxnFactory;
  zks: ZooKeeperServer | null = null;
  private out: Effect[] = [];
  private clock = 0;
  private syncTokens = 0;

  constructor(
    readonly cfg: ServerConfig,
    readonly env: ServerEnvironment,
  ) {
    this.db = new ZKDatabase(cfg.extendedTypesEnabled);
    this.factory = new ServerCnxnFactory(this);
    this.factory.onClosed = (c) => this.zks?.connectionGone(c.id);
  }

  emit(e: Effect): void {
    this.out.push(e);
  }

  event(ev: SemanticEvent): void {
    this.out.push({ kind: 'event', event: ev });
  }

  now(): number {
    return this.clock;
  }

  nextSyncToken(): number {
    return ++this.syncTokens;
  }

  private scopes = 0;
  nextServerScope(): string {
    return `zks${++this.scopes}:`;
  }

  handle(input: ServerInput, now: number): Effect[] {
    this.clock = now;
    this.out = [];
    const zks = this.zks;
    switch (input.kind) {
      case 'start':
        this.startup(input.image);
        break;
      case 'accept':
        if (zks === null || !zks.isRunning) this.emit({ kind: 'close', conn: input.conn });
        else this.factory.accept(input.conn, input.remoteIp, input.remotePort, now);
        break;
      case 'packet': {
        const c = this.factory.get(input.conn);
        if (c && zks) zks.onPacket(c, input.packet, input.size);
        break;
      }
      case 'connClosed':
        this.factory.dropped(input.conn);
        break;
      case 'timer':
        if (zks && input.timer.startsWith(zks.timerScope)) zks.onTimer(input.timer.slice(zks.timerScope.length));
        break;
      case 'synced':
        zks?.synced(input.token);
        break;
    }
    if (this.zks) {
      this.zks.deliverNotifications();
      this.zks.scheduleTimers();
    }
    const out = this.out;
    this.out = [];
    return out;
  }

  /** ZooKeeperServerMain: load the database, take a snapshot, serve. */
  private startup(image: RecoveredImage): void {
    const snapZxid = image.snapshot?.zxid ?? 0;
    this.db.load(image);
    const zks = new ZooKeeperServer(this);
    this.zks = zks;
    zks.killDeadSessions();
    const replayed = image.txns.filter((t) => t.hdr.zxid > snapZxid).length;
    this.event({ type: 'recovered', snapshotZxid: snapZxid, replayed, lastZxid: this.db.lastProcessedZxid });
    zks.metrics.summary('startup_snap_load_time').add(0);
    if (replayed > 0) {
      zks.metrics.summary('startup_txns_loaded').add(replayed);
      zks.metrics.summary('startup_txns_load_time').add(0);
    }
    zks.metrics.summary('dbinittime').add(0);
    zks.startup();
    zks.takeSnapshot();
  }
}
