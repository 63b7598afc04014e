// org.apache.zookeeper.server.Request: a client request on its way through the processors.

import type { RequestRecord } from './proto.ts';
import type { TxnBody, TxnDigest, TxnHeader } from './txn.ts';
import type { Id } from './ZooDefs.ts';
import { OpCode } from './ZooDefs.ts';

export type ConnId = number;

export class KeeperError extends Error {
  constructor(readonly code: number, readonly path?: string) {
    super(`KeeperException ${code}${path === undefined ? '' : ` for ${path}`}`);
  }
}

export interface Request {
  /** The connection that sent it; null for internal requests (expiry, container deletion, replay). */
  readonly cnxn: ConnId | null;
  readonly sessionId: bigint;
  readonly cxid: number;
  readonly type: number;
  readonly req: RequestRecord | null;
  readonly authInfo: readonly Id[];
  /** Session owner token (ServerCnxn.me for local clients, the learner for forwarded ones). */
  readonly owner: unknown;
  /** createSession carries the negotiated timeout. */
  readonly timeout?: number;
  hdr: TxnHeader | null;
  txn: TxnBody | null;
  digest: TxnDigest | null;
  exception: KeeperError | null;
  zxid: number;
  readonly createTime: number;
}

export function newRequest(init: {
  cnxn: ConnId | null;
  sessionId: bigint;
  cxid: number;
  type: number;
  req: RequestRecord | null;
  authInfo: readonly Id[];
  owner: unknown;
  createTime: number;
  timeout?: number;
}): Request {
  return { ...init, hdr: null, txn: null, digest: null, exception: null, zxid: 0 };
}

/** Request.isValid: the opcodes a client may send. */
export function isValidType(type: number): boolean {
  switch (type) {
    case OpCode.notification:
      return false;
    case OpCode.check:
    case OpCode.closeSession:
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createTTL:
    case OpCode.createContainer:
    case OpCode.createSession:
    case OpCode.delete:
    case OpCode.deleteContainer:
    case OpCode.exists:
    case OpCode.getACL:
    case OpCode.getChildren:
    case OpCode.getAllChildrenNumber:
    case OpCode.getChildren2:
    case OpCode.getData:
    case OpCode.getEphemerals:
    case OpCode.multi:
    case OpCode.multiRead:
    case OpCode.ping:
    case OpCode.reconfig:
    case OpCode.setACL:
    case OpCode.setData:
    case OpCode.setWatches:
    case OpCode.setWatches2:
    case OpCode.sync:
    case OpCode.checkWatches:
    case OpCode.removeWatches:
    case OpCode.addWatch:
    case OpCode.whoAmI:
      return true;
    default:
      return false;
  }
}

/** Request.isQuorum: requests that go through the txn pipeline. */
export function isQuorum(type: number): boolean {
  switch (type) {
    case OpCode.exists:
    case OpCode.getACL:
    case OpCode.getChildren:
    case OpCode.getAllChildrenNumber:
    case OpCode.getChildren2:
    case OpCode.getData:
    case OpCode.getEphemerals:
    case OpCode.multiRead:
    case OpCode.whoAmI:
      return false;
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createTTL:
    case OpCode.createContainer:
    case OpCode.error:
    case OpCode.delete:
    case OpCode.deleteContainer:
    case OpCode.setACL:
    case OpCode.setData:
    case OpCode.check:
    case OpCode.multi:
    case OpCode.reconfig:
      return true;
    case OpCode.closeSession:
    case OpCode.createSession:
      return true;
    default:
      return false;
  }
}
