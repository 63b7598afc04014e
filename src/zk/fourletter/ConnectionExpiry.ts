// The NIO connection factory's ExpiryQueue<NIOServerCnxn> (cnxnExpiryQueue), as far as `dump`
// shows it ("Connections Sets (N)/(M):").
//
// In 3.8.0 every connection is touched on each I/O: its bucket becomes
// roundToNextInterval(now + cnxn.getSessionTimeout()) with an interval of sessionlessCnxnTimeout
// (10 s) on the monotonic clock; before the ConnectRequest the timeout is that same 10 s. A bucket
// emptied by a move or a close stays in the map until the expirer thread polls it at its time.
// ZooScope's host does not report every I/O, so this model touches each connection at its last
// known activity (accept, last response; the four-letter connection itself "now") whenever a
// four-letter word runs, and remembers the buckets it saw emptied. Within a bucket Java iterates
// in identity-hash order; here connections are listed in connection order.

import type { ConnId } from '../Request.ts';
import type { ServerCnxn } from '../ServerCnxn.ts';
import { SESSIONLESS_CNXN_TIMEOUT } from './SimulatedHost.ts';

export interface ConnectionBucket {
  /** Monotonic time (elapsedBase + elapsed) the bucket expires at. */
  readonly time: number;
  readonly cnxns: readonly ServerCnxn[];
}

export class ConnectionExpiryModel {
  private readonly lastIo = new Map<ConnId, number>();
  private readonly bucketOf = new Map<ConnId, number>();
  private readonly emptied = new Set<number>();

  constructor(private readonly interval = SESSIONLESS_CNXN_TIMEOUT) {}

  private roundToNextInterval(t: number): number {
    return (Math.floor(t / this.interval) + 1) * this.interval;
  }

  /**
   * Bring the model up to date at elapsed time `now`; `self` (the four-letter connection, if any)
   * was just touched. `monotonicBase` maps elapsed time to Java's monotonic clock.
   */
  observe(cnxns: Iterable<ServerCnxn>, self: ServerCnxn | null, now: number, monotonicBase: number): void {
    const live = new Set<ConnId>();
    for (const c of cnxns) {
      if (c.closed) continue;
      live.add(c.id);
      let io = Math.max(c.established, c.count > 0 ? c.lastResponseTime : c.established);
      if (c === self) io = now;
      io = Math.max(io, this.lastIo.get(c.id) ?? io);
      this.lastIo.set(c.id, io);
      const timeout = c.sessionTimeout > 0 ? c.sessionTimeout : SESSIONLESS_CNXN_TIMEOUT;
      const bucket = this.roundToNextInterval(monotonicBase + io + timeout);
      const prev = this.bucketOf.get(c.id);
      if (prev !== undefined && prev !== bucket) this.emptied.add(prev);
      this.bucketOf.set(c.id, bucket);
    }
    for (const id of [...this.bucketOf.keys()]) {
      if (live.has(id)) continue;
      this.emptied.add(this.bucketOf.get(id)!);
      this.bucketOf.delete(id);
      this.lastIo.delete(id);
    }
    // The expirer thread has polled every bucket whose time has come.
    for (const t of [...this.emptied]) if (t <= monotonicBase + now) this.emptied.delete(t);
  }

  /** Buckets in ascending time order, emptied ones included (as ExpiryQueue.dump prints them). */
  buckets(cnxns: Iterable<ServerCnxn>): ConnectionBucket[] {
    const members = new Map<number, ServerCnxn[]>();
    for (const t of this.emptied) members.set(t, []);
    for (const c of cnxns) {
      const t = this.bucketOf.get(c.id);
      if (t === undefined || c.closed) continue;
      let list = members.get(t);
      if (!list) members.set(t, (list = []));
      list.push(c);
    }
    return [...members.entries()].sort((a, b) => a[0] - b[0]).map(([time, list]) => ({ time, cnxns: list }));
  }
}
