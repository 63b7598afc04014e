// QuorumCnxManager as elections see it. A notification for a peer that cannot be reached waits in
// that peer's send queue (capacity one: the newest replaces it). Once the two servers connect (the
// next time either sends to the other and both are up and reachable), each side's SendWorker
// first sends what waits in its queue or, with nothing queued, the last message it sent that peer.
// This is how a server started after another learns its vote at once, instead of at the other's
// next notification timeout (which backs off to a minute). Connections are per pair of processes:
// a restart or a network fault between them ends one.

import type { Notification } from '../zk/quorum/QuorumPacket.ts';

export interface ElectionDelivery {
  readonly from: number;
  readonly to: number;
  readonly n: Notification;
  /** 1: sent on the connection; 2: sent once the receiver of the first message connected back. */
  readonly hops: 1 | 2;
}

export interface ElectionLink {
  /** The receiving process is running. */
  readonly up: boolean;
  /** Packets pass both ways (a TCP connection needs both). */
  readonly reachable: boolean;
  readonly fromIncarnation: number;
  readonly toIncarnation: number;
}

export class ElectionChannels {
  /** "a-b" with a < b: the incarnations of a and b when they connected. */
  private readonly connected = new Map<string, string>();
  /** "from>to": queueSendMap, at most the newest message. */
  private readonly queued = new Map<string, Notification>();
  /** "from>to": lastMessageSent. */
  private readonly lastSent = new Map<string, Notification>();

  /** A server process started: its QuorumCnxManager starts with empty queues and no last messages. */
  restarted(id: number): void {
    for (const m of [this.queued, this.lastSent]) for (const k of [...m.keys()]) if (k.startsWith(`${id}>`)) m.delete(k);
  }

  /** toSend(to, n): the messages that go on the wire now, in order. */
  send(from: number, to: number, n: Notification, link: ElectionLink): ElectionDelivery[] {
    const pair = from < to ? `${from}-${to}` : `${to}-${from}`;
    const incarnations = from < to ? `${link.fromIncarnation}:${link.toIncarnation}` : `${link.toIncarnation}:${link.fromIncarnation}`;
    if (!link.up || !link.reachable) {
      this.connected.delete(pair);
      this.queued.set(`${from}>${to}`, n);
      return [];
    }
    const out: ElectionDelivery[] = [this.sent(from, to, n, 1)];
    if (this.connected.get(pair) === incarnations) return out;
    this.connected.set(pair, incarnations);
    const back = this.queued.get(`${to}>${from}`) ?? this.lastSent.get(`${to}>${from}`);
    if (back !== undefined) out.push(this.sent(to, from, back, 2));
    return out;
  }

  private sent(from: number, to: number, n: Notification, hops: 1 | 2): ElectionDelivery {
    this.queued.delete(`${from}>${to}`);
    this.lastSent.set(`${from}>${to}`, n);
    return { from, to, n, hops };
  }
}
