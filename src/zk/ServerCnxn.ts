// org.apache.zookeeper.server.ServerCnxn: one client connection and its statistics.

import type { ConnId } from './Request.ts';
import { AuthInfo } from './AuthInfo.ts';

export interface ServerCnxn {
  readonly id: ConnId;
  readonly remoteIp: string;
  readonly remotePort: number;
  /** 0 until the session is established. */
  sessionId: bigint;
  sessionTimeout: number;
  readonly authInfo: AuthInfo;
  /** Elapsed time the connection was accepted. */
  readonly established: number;
  /** True once a ConnectRequest was processed (later packets are requests). */
  initialized: boolean;
  /** Closed or closing: requests still queued for it are stale. */
  closed: boolean;
  /** While a new session is being created the server reads nothing more (disableRecv). */
  recvDisabled: boolean;
  readonly held: { packet: import('./proto.ts').ClientPacket; size: number }[];
  outstandingRequests: number;
  packetsReceived: number;
  packetsSent: number;
  minLatency: number;
  maxLatency: number;
  totalLatency: number;
  count: number;
  lastCxid: number;
  lastZxid: number;
  lastResponseTime: number;
  lastLatency: number;
  lastOp: string;
}

export function newServerCnxn(id: ConnId, remoteIp: string, remotePort: number, now: number): ServerCnxn {
  return {
    id,
    remoteIp,
    remotePort,
    sessionId: 0n,
    sessionTimeout: 0,
    authInfo: authInfoFor(remoteIp),
    established: now,
    initialized: false,
    closed: false,
    recvDisabled: false,
    held: [],
    outstandingRequests: 0,
    packetsReceived: 0,
    packetsSent: 0,
    minLatency: Number.MAX_SAFE_INTEGER,
    maxLatency: 0,
    totalLatency: 0,
    count: 0,
    lastCxid: -1,
    lastZxid: -1,
    lastResponseTime: 0,
    lastLatency: 0,
    lastOp: 'NA',
  };
}

/** ServerCnxn.updateStatsForResponse. */
export function updateStatsForResponse(c: ServerCnxn, cxid: number, zxid: number, op: string, start: number, end: number): void {
  if (cxid >= 0) c.lastCxid = cxid;
  c.lastZxid = zxid;
  c.lastOp = op;
  c.lastResponseTime = end;
  const elapsed = end - start;
  c.lastLatency = elapsed;
  if (elapsed < c.minLatency) c.minLatency = elapsed;
  if (elapsed > c.maxLatency) c.maxLatency = elapsed;
  c.count++;
  c.totalLatency += elapsed;
}

function authInfoFor(remoteIp: string): AuthInfo {
  const a = new AuthInfo();
  a.add({ scheme: 'ip', id: remoteIp });
  return a;
}
