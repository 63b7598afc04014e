// org.apache.zookeeper.server.ServerCnxnFactory: the client port's connections. It outlives the
// ZooKeeperServer objects of a quorum peer (one per epoch it serves in); when a peer stops serving
// it closes them all.

import type { Effect } from './effects.ts';
import type { ServerPacket } from './proto.ts';
import type { ConnId } from './Request.ts';
import { newServerCnxn, type ServerCnxn } from './ServerCnxn.ts';

export interface Emitter {
  emit(e: Effect): void;
}

export class ServerCnxnFactory {
  readonly cnxns = new Map<ConnId, ServerCnxn>();
  /** Bytes/packets sent on connections already closed still count in the server's stats. */
  onSent: ((c: ServerCnxn) => void) | null = null;
  onClosed: ((c: ServerCnxn) => void) | null = null;

  constructor(private readonly out: Emitter) {}

  accept(conn: ConnId, ip: string, port: number, now: number): ServerCnxn {
    const c = newServerCnxn(conn, ip, port, now);
    this.cnxns.set(conn, c);
    return c;
  }

  get(conn: ConnId): ServerCnxn | undefined {
    return this.cnxns.get(conn);
  }

  isOpen(conn: ConnId): boolean {
    const c = this.cnxns.get(conn);
    return c !== undefined && !c.closed;
  }

  send(conn: ConnId, packet: ServerPacket): void {
    const c = this.cnxns.get(conn);
    if (!c || c.closed) return;
    c.packetsSent++;
    this.onSent?.(c);
    this.out.emit({ kind: 'send', conn, packet });
  }

  /** The server closes the connection. */
  close(conn: ConnId): void {
    const c = this.cnxns.get(conn);
    if (!c || c.closed) return;
    c.closed = true;
    this.cnxns.delete(conn);
    this.onClosed?.(c);
    this.out.emit({ kind: 'close', conn });
  }

  /** The client went away. */
  dropped(conn: ConnId): void {
    const c = this.cnxns.get(conn);
    if (!c) return;
    c.closed = true;
    this.cnxns.delete(conn);
    this.onClosed?.(c);
  }

  closeSession(sessionId: bigint, except?: ConnId): void {
    for (const c of [...this.cnxns.values()]) if (c.sessionId === sessionId && c.id !== except) this.close(c.id);
  }

  closeAll(): void {
    for (const c of [...this.cnxns.values()]) this.close(c.id);
  }
}
