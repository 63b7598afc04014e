// The client protocol (org.apache.zookeeper.proto.*) as plain data. Packets cross the simulated
// network as these objects; juteSize gives the bytes the real wire would carry, so the size limits
// (jute.maxbuffer) apply exactly where ZooKeeper applies them.

import type { ACL } from './ZooDefs.ts';
import { OpCode } from './ZooDefs.ts';
import type { Stat } from './Stat.ts';

export interface ConnectRequest {
  readonly protocolVersion: number;
  readonly lastZxidSeen: number;
  readonly timeOut: number;
  readonly sessionId: bigint;
  readonly passwd: Uint8Array;
  readonly readOnly: boolean;
}

export interface ConnectResponse {
  readonly protocolVersion: number;
  readonly timeOut: number;
  readonly sessionId: bigint;
  readonly passwd: Uint8Array;
  readonly readOnly: boolean;
}

export interface MultiOp {
  readonly type: number;
  readonly req: RequestRecord;
}

/** Request records by opcode. */
export type RequestRecord =
  | { readonly path: string; readonly data: Uint8Array | null; readonly acl: readonly ACL[]; readonly flags: number; readonly ttl?: number } // create, create2, createContainer, createTTL
  | { readonly path: string; readonly version: number } // delete, check
  | { readonly path: string; readonly watch: boolean } // exists, getData, getChildren, getChildren2
  | { readonly path: string; readonly data: Uint8Array | null; readonly version: number } // setData
  | { readonly path: string } // getACL, sync, getAllChildrenNumber
  | { readonly path: string; readonly acl: readonly ACL[]; readonly version: number } // setACL
  | { readonly ops: readonly MultiOp[] } // multi, multiRead
  | { readonly joiningServers: string | null; readonly leavingServers: string | null; readonly newMembers: string | null; readonly curConfigId: number } // reconfig
  | { readonly path: string; readonly type: number } // checkWatches, removeWatches
  | { readonly relativeZxid: number; readonly dataWatches: readonly string[]; readonly existWatches: readonly string[]; readonly childWatches: readonly string[]; readonly persistentWatches?: readonly string[]; readonly persistentRecursiveWatches?: readonly string[] } // setWatches(2)
  | { readonly type: number; readonly scheme: string; readonly auth: Uint8Array | null } // auth
  | { readonly prefixPath: string } // getEphemerals
  | { readonly path: string; readonly mode: number } // addWatch
  | Record<string, never>; // ping, closeSession, whoAmI

export type CreateRequest = { readonly path: string; readonly data: Uint8Array | null; readonly acl: readonly ACL[]; readonly flags: number; readonly ttl?: number };
export type PathVersionRequest = { readonly path: string; readonly version: number };
export type PathWatchRequest = { readonly path: string; readonly watch: boolean };
export type SetDataRequest = { readonly path: string; readonly data: Uint8Array | null; readonly version: number };
export type PathRequest = { readonly path: string };
export type SetACLRequest = { readonly path: string; readonly acl: readonly ACL[]; readonly version: number };
export type MultiRequest = { readonly ops: readonly MultiOp[] };
export type ReconfigRequest = { readonly joiningServers: string | null; readonly leavingServers: string | null; readonly newMembers: string | null; readonly curConfigId: number };
export type WatchesRequest = { readonly path: string; readonly type: number };
export type SetWatchesRequest = { readonly relativeZxid: number; readonly dataWatches: readonly string[]; readonly existWatches: readonly string[]; readonly childWatches: readonly string[]; readonly persistentWatches?: readonly string[]; readonly persistentRecursiveWatches?: readonly string[] };
export type AuthPacket = { readonly type: number; readonly scheme: string; readonly auth: Uint8Array | null };
export type GetEphemeralsRequest = { readonly prefixPath: string };
export type AddWatchRequest = { readonly path: string; readonly mode: number };

/** One result of a multi (OpResult). */
export type OpResult =
  | { readonly type: 'create'; readonly path: string; readonly stat: Stat | null }
  | { readonly type: 'delete' }
  | { readonly type: 'setData'; readonly stat: Stat }
  | { readonly type: 'check' }
  | { readonly type: 'error'; readonly err: number }
  | { readonly type: 'getData'; readonly data: Uint8Array | null; readonly stat: Stat }
  | { readonly type: 'getChildren'; readonly children: readonly string[] };

export interface ClientInfo {
  readonly authScheme: string;
  readonly user: string;
}

export type ResponseRecord =
  | { readonly path: string; readonly stat?: Stat } // create / create2 / sync
  | { readonly stat: Stat } // exists, setData, setACL
  | { readonly data: Uint8Array | null; readonly stat: Stat } // getData, reconfig
  | { readonly acl: readonly ACL[]; readonly stat: Stat } // getACL
  | { readonly children: readonly string[]; readonly stat?: Stat } // getChildren(2)
  | { readonly results: readonly OpResult[] } // multi
  | { readonly ephemerals: readonly string[] }
  | { readonly totalNumber: number }
  | { readonly clientInfo: readonly ClientInfo[] }
  | { readonly err: number }; // ErrorResponse (addWatch)

export interface WatchedEventRecord {
  readonly type: number;
  readonly state: number;
  readonly path: string;
}

/** Special xids (ClientCnxn). */
export const Xid = {
  NOTIFICATION: -1,
  PING: -2,
  AUTH: -4,
  SET_WATCHES: -8,
} as const;

/** What a client sends on its connection. */
export type ClientPacket =
  | { readonly kind: 'connect'; readonly req: ConnectRequest }
  | { readonly kind: 'request'; readonly xid: number; readonly type: number; readonly req: RequestRecord }
  /** A four-letter word on a fresh connection (the server answers and closes). */
  | { readonly kind: 'fourLetter'; readonly word: string };

/** What a server sends back. */
export type ServerPacket =
  | { readonly kind: 'connected'; readonly rsp: ConnectResponse }
  | { readonly kind: 'reply'; readonly xid: number; readonly zxid: number; readonly err: number; readonly rsp: ResponseRecord | null }
  | { readonly kind: 'notification'; readonly event: WatchedEventRecord }
  | { readonly kind: 'fourLetterReply'; readonly text: string };

// ---- sizes on the wire (jute binary encoding) ----

const enc = new TextEncoder();
function strLen(s: string | null): number {
  return 4 + (s === null ? 0 : enc.encode(s).length);
}
function bufLen(b: Uint8Array | null): number {
  return 4 + (b === null ? 0 : b.length);
}
function aclLen(acl: readonly ACL[]): number {
  let n = 4;
  for (const a of acl) n += 4 + strLen(a.id.scheme) + strLen(a.id.id);
  return n;
}
function strVecLen(v: readonly string[] | undefined): number {
  let n = 4;
  for (const s of v ?? []) n += strLen(s);
  return n;
}

/** Bytes of the request record alone (without the 4-byte length prefix and the header). */
export function requestRecordSize(type: number, r: RequestRecord): number {
  const x = r as Record<string, unknown>;
  switch (type) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL: {
      const c = r as CreateRequest;
      return strLen(c.path) + bufLen(c.data) + aclLen(c.acl) + 4 + (type === OpCode.createTTL ? 8 : 0);
    }
    case OpCode.delete:
    case OpCode.check:
      return strLen(x.path as string) + 4;
    case OpCode.exists:
    case OpCode.getData:
    case OpCode.getChildren:
    case OpCode.getChildren2:
      return strLen(x.path as string) + 1;
    case OpCode.setData: {
      const s = r as SetDataRequest;
      return strLen(s.path) + bufLen(s.data) + 4;
    }
    case OpCode.getACL:
    case OpCode.sync:
    case OpCode.getAllChildrenNumber:
      return strLen(x.path as string);
    case OpCode.setACL: {
      const s = r as SetACLRequest;
      return strLen(s.path) + aclLen(s.acl) + 4;
    }
    case OpCode.multi:
    case OpCode.multiRead: {
      // Each op: MultiHeader(type, done, err) + record; then a terminating header.
      let n = 0;
      for (const op of (r as MultiRequest).ops) n += 9 + requestRecordSize(op.type, op.req);
      return n + 9;
    }
    case OpCode.reconfig: {
      const s = r as ReconfigRequest;
      return strLen(s.joiningServers) + strLen(s.leavingServers) + strLen(s.newMembers) + 8;
    }
    case OpCode.checkWatches:
    case OpCode.removeWatches:
      return strLen(x.path as string) + 4;
    case OpCode.setWatches:
    case OpCode.setWatches2: {
      const s = r as SetWatchesRequest;
      let n = 8 + strVecLen(s.dataWatches) + strVecLen(s.existWatches) + strVecLen(s.childWatches);
      if (type === OpCode.setWatches2) n += strVecLen(s.persistentWatches) + strVecLen(s.persistentRecursiveWatches);
      return n;
    }
    case OpCode.auth: {
      const a = r as AuthPacket;
      return 4 + strLen(a.scheme) + bufLen(a.auth);
    }
    case OpCode.getEphemerals:
      return strLen((r as GetEphemeralsRequest).prefixPath);
    case OpCode.addWatch:
      return strLen((r as AddWatchRequest).path) + 4;
    default:
      return 0;
  }
}

/** The length field of a request packet: header (xid, type) plus record. */
export function requestPacketLength(type: number, r: RequestRecord): number {
  return 8 + requestRecordSize(type, r);
}
