// The history format the world's recorder fills and the checkers in this folder read.
//
// Plain, serializable data (numbers, strings, booleans, arrays, plain objects): a history can be
// written to JSON, attached to a failing seed and checked again later.
//
// Conventions for every field below:
// - Times are virtual milliseconds of the world's clock.
// - Zxids are plain numbers (epoch * 2^32 + counter; exact up to epoch 2^21).
// - Session ids are lowercase hex without `0x` or padding (`BigInt.toString(16)`); the checkers
//   normalise `0x`, case and leading zeros, so `'0x01A'` and `'1a'` are the same session.
// - Paths are the paths the SERVER sees (with the client's chroot prepended), so that they match
//   the committed log.
// - Node data is text: decode bytes as UTF-8 (TextDecoder, non-fatal) in the ops and the committed
//   log alike. `null` = no data. An absent field (`undefined`) = not recorded, which the checkers
//   treat as unknown (never as null). Exception: absent `sequential`/`ephemeral` mean false.
//
// What the recorder must capture (the checkers degrade, never fail, when something is missing):
// - Client side, per API call: a HistoryOp at invocation (id, client, session, kind, path, the
//   request's data/version/flags/watch, multi sub-ops, xid, invokedAt), completed when the client
//   library completes it (reply or client-generated error): returnedAt, returnSeq, ok/err, the reply
//   header zxid, the connection number, and the result fields the reply carried (Stat fields as
//   listed in OpResult). One handle = one client name = one session.
// - Client side, per notification PACKET (not per Watcher callback): a WatchDelivery with seq and
//   conn. returnSeq/seq are ONE counter across all clients, bumped at every completion and every
//   notification in the order the client library processes them. `conn` is a per-client counter
//   bumped for every new TCP connection attempt that gets established.
// - Server side: every txn the first time ANY server applies it (History.committed), with zxid,
//   kind, path, err, header session and cxid, the data and ephemeral flag of creates and setData,
//   multi sub-txns, and the time. This is what lets the checkers tell a lost write from a lost
//   reply and map watch events to their causes.
//
// Which guarantees each checker enforces, and its blind spots, are in the header of its file:
// writes.ts, session.ts, sync.ts, watches.ts. model.ts is the tree model they share.

/**
 * The ops a client can issue, as recorded. Map the API onto these: create2/createContainer/createTTL
 * -> 'create' (ephemeral false for containers and TTL nodes); getChildren2 -> 'getChildren';
 * getConfig -> 'getData' of /zookeeper/config. Other calls (getACL, setACL, getEphemerals, whoAmI,
 * ...) need not be recorded (their txns still belong in the committed log).
 */
export type OpKind =
  | 'create'
  | 'delete'
  | 'setData'
  | 'getData'
  | 'exists'
  | 'getChildren'
  | 'sync'
  | 'multi'
  | 'check'
  | 'addWatch'
  | 'removeWatches';

/** One sub-result of a multi (org.apache.zookeeper.OpResult). */
export interface SubResult {
  /** 0 for a sub-op that succeeded; on a failed multi the first failing op's code, -2 (RuntimeInconsistency) for the ops after it, 0 before. */
  err: number;
  /** create: the actual path (with the sequence suffix). */
  createdPath?: string;
  /** setData: the new data version. */
  version?: number;
}

/** What a reply carried back; every field optional: record what the reply had. */
export interface OpResult {
  /** create/create2: the actual path created (with the sequence suffix). */
  createdPath?: string;
  /** getData: the data (null = no data). */
  data?: string | null;
  /** getData/exists/setData/create2/getChildren2: the node's data version (Stat.version). */
  version?: number;
  /** exists: true when the node exists (a Stat came back), false when it does not (null Stat / NoNode). */
  exists?: boolean;
  /** getChildren: the children's names (any order). */
  children?: string[];
  /** Stat fields, when the reply carried a Stat. cversion is the CLIENT-VISIBLE cversion (2*stored - numChildren). */
  czxid?: number;
  mzxid?: number;
  pzxid?: number;
  cversion?: number;
  numChildren?: number;
  /** Stat.ephemeralOwner as session hex; '0' (or '') for a persistent node. */
  ephemeralOwner?: string;
  /** multi: one entry per sub-op, in order. */
  results?: SubResult[];
}

export interface HistoryOp {
  /** Unique, increasing in invocation order across the whole history. */
  id: number;
  /** The client handle's name. One handle = one session: a new handle must get a new name. */
  client: string;
  /** The session id (hex), '' while not yet known (fill it in at completion if it became known by then). */
  session: string;
  kind: OpKind;
  /** The path asked for (for a sequential create: the prefix; for multi: '' or the first op's path). */
  path: string;

  // ---- what was asked ----
  /** create/setData payload (null = no data). */
  data?: string | null;
  /** delete/setData/check expected version (-1 = any). */
  version?: number;
  /** create flags. */
  sequential?: boolean;
  ephemeral?: boolean;
  /** multi's sub-ops: kind ('create' | 'delete' | 'setData' | 'check'), path, data, version, sequential, ephemeral. */
  ops?: HistoryOp[];
  /** getData/exists/getChildren: a one-shot watch was requested (by a boolean or a Watcher). */
  watch?: boolean;
  /** addWatch mode: 0 PERSISTENT, 1 PERSISTENT_RECURSIVE. */
  watchMode?: number;
  /** removeWatches watcher type: 1 Children, 2 Data, 3 Any. */
  watcherType?: number;
  /** The request's xid (cxid on the server); matches CommittedTxn.cxid. */
  xid?: number;

  /** When the API call was made. */
  invokedAt: number;

  // ---- outcome (absent while in flight / never answered) ----
  /** When the client library completed the call (reply, or a client-generated error). */
  returnedAt?: number;
  /**
   * Position of this completion in ONE history-wide counter shared with WatchDelivery.seq,
   * incremented at every completion (server reply or client-generated error) and every notification,
   * in the order the client library processes them. Orders replies against watch events; without
   * it the watch checker skips the client and FIFO falls back to returnedAt.
   */
  returnSeq?: number;
  /** true = the call succeeded. exists() on a missing node may be recorded as ok with result.exists=false or as err -101. */
  ok?: boolean;
  /** KeeperException code when !ok (-101 NoNode, -110 NodeExists, -103 BadVersion, -111 NotEmpty, -108 NoChildrenForEphemerals, -4 ConnectionLoss, ...). */
  err?: number;
  /** The reply header's zxid; absent (or <= 0) when the error was generated by the client (ConnectionLoss...). */
  zxid?: number;
  /** The connection (client-local counter, increasing per TCP connection) that delivered the reply. */
  conn?: number;
  /** The server that answered (informational). */
  server?: string;
  result?: OpResult;
}

/** One notification packet received by a client (recorded once per packet, not once per Watcher callback). */
export interface WatchDelivery {
  client: string;
  session: string;
  /** EventType: -1 None (connection state; ignored by the checkers), 1 NodeCreated, 2 NodeDeleted, 3 NodeDataChanged, 4 NodeChildrenChanged, 5-7 watch removed (ignored). */
  type: number;
  /** Server path; '' or null-ish for connection-state events. */
  path: string;
  /** Virtual ms of receipt. */
  at: number;
  /** Position in the history-wide counter shared with HistoryOp.returnSeq (see there). */
  seq: number;
  /** The connection that delivered it (same counter as HistoryOp.conn). */
  conn?: number;
}

/** One txn of the committed log. */
export interface CommittedTxn {
  zxid: number;
  /**
   * The txn type: 'create' | 'createContainer' | 'createTTL' | 'delete' | 'deleteContainer' |
   * 'setData' | 'check' | 'multi' | 'error' | 'createSession' | 'closeSession' | 'setACL' |
   * 'reconfig'. Anything else is treated as an unmodelled change of `path` (or of everything when
   * path is null).
   */
  kind: string;
  /** The path it touches (the actual path for creates); null for session txns and multi. */
  path: string | null;
  /**
   * 0, or the error code of an error txn. A failed multi: kind 'multi' with err = the first failing
   * op's code, or (ZooKeeper's own encoding) err 0 with 'error' sub-txns - both are understood.
   */
  err: number;
  /** Header clientId as hex. Needed for closeSession (to know whose ephemerals die) and to match ops. */
  session?: string;
  /** Header cxid (the request's xid), to match the HistoryOp with the same session and xid. */
  cxid?: number;
  /** create/setData payload; absent = unknown to the checker unless the matching op carries it. */
  data?: string | null;
  /** create: an ephemeral node (owned by `session`). */
  ephemeral?: boolean;
  /** multi: the sub-txns in order (same zxid; their zxid field is ignored). */
  ops?: CommittedTxn[];
  /** closeSession: the ephemeral paths it deleted (optional; else the checker computes them). */
  deleted?: string[];
  /** Virtual ms when it was first applied by any server (enables the "no read from the future" check). */
  at?: number;
}

export interface History {
  ops: HistoryOp[];
  events: WatchDelivery[];
  /**
   * Every txn committed since the tree was fresh, deduplicated by zxid, in commit (= zxid) order:
   * the first time any server applies a zxid, it is appended. If two servers apply DIFFERENT txns
   * with the same zxid, record both (the checker reports the conflict).
   * Absent (undefined) = the recorder could not see the servers (e.g. a history recorded against a
   * real ZooKeeper): the checkers then rebuild the tree from the acknowledged writes only, which
   * requires every writer to be recorded and weakens what can be checked.
   */
  committed?: CommittedTxn[];
}

export interface Violation {
  checker: string;
  message: string;
  /** The history ops involved (HistoryOp.id). */
  opIds: number[];
}

// ---- small shared helpers ----

export const Err = {
  OK: 0,
  CONNECTIONLOSS: -4,
  RUNTIMEINCONSISTENCY: -2,
  BADARGUMENTS: -8,
  NONODE: -101,
  NOAUTH: -102,
  BADVERSION: -103,
  NOCHILDRENFOREPHEMERALS: -108,
  NODEEXISTS: -110,
  NOTEMPTY: -111,
} as const;

export const EventType = { None: -1, NodeCreated: 1, NodeDeleted: 2, NodeDataChanged: 3, NodeChildrenChanged: 4 } as const;

/** Error codes the tree model can explain (the op definitely failed because of the tree's state). */
export const MODELLED_ERRORS: ReadonlySet<number> = new Set([Err.NONODE, Err.NODEEXISTS, Err.BADVERSION, Err.NOTEMPTY, Err.NOCHILDRENFOREPHEMERALS]);

/**
 * Error codes that say the request definitely had no effect on the tree although the model cannot
 * explain them (ACLs, quotas, arguments). Any other error (ConnectionLoss, OperationTimeout,
 * SessionExpired, SessionMoved, ...) is treated as INDEFINITE: the write may or may not have happened.
 */
export const DEFINITE_UNMODELLED_ERRORS: ReadonlySet<number> = new Set([Err.NOAUTH, Err.BADARGUMENTS, -114 /* InvalidACL */, -125 /* QuotaExceeded */, -6 /* Unimplemented */, -121 /* NoWatcher */]);

export const WRITE_KINDS: ReadonlySet<string> = new Set(['create', 'delete', 'setData', 'multi', 'check']);
export const READ_KINDS: ReadonlySet<string> = new Set(['getData', 'exists', 'getChildren']);

export function isWrite(op: HistoryOp): boolean {
  return WRITE_KINDS.has(op.kind);
}

export function isRead(op: HistoryOp): boolean {
  return READ_KINDS.has(op.kind);
}

/** The reply zxid when the server answered (client-generated errors carry none). */
export function replyZxid(op: HistoryOp): number | undefined {
  return typeof op.zxid === 'number' && Number.isFinite(op.zxid) && op.zxid > 0 && op.returnedAt !== undefined ? op.zxid : undefined;
}

/** Normalised session id: lowercase hex, no 0x, no leading zeros ('' stays ''). */
export function normSession(s: string | undefined | null): string {
  if (typeof s !== 'string') return '';
  let t = s.trim().toLowerCase();
  if (t.startsWith('0x')) t = t.slice(2);
  t = t.replace(/^0+/, '');
  return t === '' && s.trim() !== '' ? '0' : t;
}

/** How a write ended, as far as the tree is concerned. */
export type WriteOutcome = 'ok' | 'failed' | 'unmodelled-failure' | 'indefinite';

export function writeOutcome(op: HistoryOp): WriteOutcome {
  if (op.returnedAt === undefined || op.ok === undefined) return 'indefinite';
  if (op.ok) return 'ok';
  const e = op.err;
  if (typeof e === 'number' && MODELLED_ERRORS.has(e)) return 'failed';
  if (typeof e === 'number' && DEFINITE_UNMODELLED_ERRORS.has(e)) return 'unmodelled-failure';
  return 'indefinite';
}

export function fmtZxid(z: number | undefined): string {
  return z === undefined ? '?' : `0x${z.toString(16)}`;
}

export function describeOp(op: HistoryOp): string {
  return `#${op.id} ${op.client} ${op.kind}(${op.path})`;
}
