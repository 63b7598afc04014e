// Transactions: what PrepRequestProcessor produces, the txn log stores and DataTree applies
// (org.apache.zookeeper.txn.*). Plain data, so they can be logged, sent to peers and replayed.

import type { ACL } from './ZooDefs.ts';

export interface TxnHeader {
  readonly clientId: bigint;
  readonly cxid: number;
  readonly zxid: number;
  readonly time: number;
  /** OpCode; OpCode.error for a failed write. */
  readonly type: number;
}

export type TxnBody =
  | { readonly kind: 'create'; readonly path: string; readonly data: Uint8Array | null; readonly acl: readonly ACL[]; readonly ephemeral: boolean; readonly parentCVersion: number }
  | { readonly kind: 'createContainer'; readonly path: string; readonly data: Uint8Array | null; readonly acl: readonly ACL[]; readonly parentCVersion: number }
  | { readonly kind: 'createTTL'; readonly path: string; readonly data: Uint8Array | null; readonly acl: readonly ACL[]; readonly parentCVersion: number; readonly ttl: number }
  | { readonly kind: 'delete'; readonly path: string }
  | { readonly kind: 'setData'; readonly path: string; readonly data: Uint8Array | null; readonly version: number }
  | { readonly kind: 'setACL'; readonly path: string; readonly acl: readonly ACL[]; readonly version: number }
  | { readonly kind: 'createSession'; readonly timeOut: number }
  | { readonly kind: 'closeSession'; readonly paths2Delete: readonly string[] }
  | { readonly kind: 'error'; readonly err: number }
  | { readonly kind: 'check'; readonly path: string; readonly version: number }
  | { readonly kind: 'multi'; readonly txns: readonly SubTxn[] };

/** One op of a multi: its own type (OpCode) and record. */
export interface SubTxn {
  readonly type: number;
  readonly body: TxnBody;
}

export interface TxnDigest {
  readonly version: number;
  readonly treeDigest: number;
}

export interface Txn {
  readonly hdr: TxnHeader;
  readonly body: TxnBody;
  readonly digest?: TxnDigest;
}

/** Result of applying a txn (DataTree.ProcessTxnResult). */
export interface ProcessTxnResult {
  clientId: bigint;
  cxid: number;
  zxid: number;
  err: number;
  type: number;
  path: string | null;
  stat: import('./Stat.ts').Stat | null;
  multiResult: ProcessTxnResult[] | null;
}

/** A short identity of a txn, the same on every server that has it. */
export function txnKey(t: Txn): string {
  const b = t.body;
  const path = 'path' in b ? b.path : '';
  return `${t.hdr.clientId.toString(16)}:${t.hdr.cxid}:${t.hdr.type}:${path}:${t.hdr.time}`;
}
