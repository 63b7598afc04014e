// A small model of the ZooKeeper tree, rebuilt by replaying txns in zxid order, that can answer
// "what did node P look like at zxid k?" for any k in O(log n).
//
// Sources of txns:
// - committed mode (history.committed present): the committed log is the truth about WHAT was
//   applied and WHEN; history ops matched to an entry (by session+cxid, else by reply zxid) fill in
//   what the entry lacks (data, ephemeral flag, multi sub-ops).
// - client-only mode (history.committed absent): the acknowledged successful writes, at their reply
//   zxids. Writes with an indefinite outcome may or may not have happened at an unknown zxid, so the
//   paths they touch become UNCERTAIN ("tainted") from the lowest zxid they could have had; so do
//   ephemeral nodes after their owner's last reply (the session may have expired then).
//
// Uncertainty is three-valued: every field of a NodeState may be `undefined` = unknown, and every
// check built on the model treats unknown as "could be either". Taints never expire (honest, small).
// Stored cversion counts child creations (DataTree's StatPersisted); the client-visible cversion is
// 2*stored - numChildren (DataNode.copyStat). Sequential names are the parent's stored cversion
// before the create, %010d.

import { Err, MODELLED_ERRORS, normSession, replyZxid, writeOutcome, type CommittedTxn, type History, type HistoryOp, type OpResult, type Violation } from './history.ts';

export interface NodeState {
  /** undefined = unknown whether the node exists (all other fields then unknown too). */
  readonly exists: boolean | undefined;
  readonly data: string | null | undefined;
  readonly version: number | undefined;
  /** Stored cversion (number of child creations). */
  readonly cversion: number | undefined;
  readonly numChildren: number | undefined;
  readonly czxid: number | undefined;
  readonly mzxid: number | undefined;
  readonly pzxid: number | undefined;
  /** '' = not an ephemeral (persistent, container, TTL); else the owner session (normalised hex). */
  readonly owner: string | undefined;
}

export const UNKNOWN: NodeState = Object.freeze({ exists: undefined, data: undefined, version: undefined, cversion: undefined, numChildren: undefined, czxid: undefined, mzxid: undefined, pzxid: undefined, owner: undefined });
export const ABSENT: NodeState = Object.freeze({ ...UNKNOWN, exists: false });

export const SPECIAL_PATHS: ReadonlySet<string> = new Set(['/', '/zookeeper', '/zookeeper/quota', '/zookeeper/config']);

export function parentOf(path: string): string | null {
  if (path === '/' || path === '') return null;
  const i = path.lastIndexOf('/');
  if (i < 0) return null;
  return i === 0 ? '/' : path.slice(0, i);
}

export function childPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** The sequence suffix: Java's %010d (a negative number keeps its sign inside the width). */
export function formatSequence(n: number): string {
  if (n < 0) return '-' + String(-n).padStart(9, '0');
  return String(n).padStart(10, '0');
}

function inc(n: number | undefined, d: number): number | undefined {
  return n === undefined ? undefined : n + d;
}

/** Owner from a Stat.ephemeralOwner as recorded ('0', '', '0x0' = persistent). */
export function normOwner(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const n = normSession(s);
  return n === '0' ? '' : n;
}

/** An atomic change of the tree, for mapping watch events to their causes. */
export interface Change {
  readonly zxid: number;
  /** Global application order (breaks ties inside one multi). */
  readonly ord: number;
  /** The event type it fires on the path it is listed under: 1 created, 2 deleted, 3 data changed, 4 children changed. */
  readonly type: number;
}

interface Sub {
  kind: 'create' | 'delete' | 'setData' | 'check';
  /** Actual path; for a sequential create whose actual path is unknown, the prefix (and `seqPrefix` is set). */
  path: string;
  seqPrefix?: boolean;
  data?: string | null | undefined;
  owner?: string | undefined;
}

interface MTxn {
  zxid: number;
  /** null = effects unknown (everything uncertain from here on). */
  subs: Sub[] | null;
  /** closeSession: whose ephemerals die (null = unknown session). */
  close?: { session: string | null; deleted?: string[] };
  /** An unmodelled change of this path (null = of anything). */
  unknownPath?: string | null;
  opIds: number[];
}

export interface ModelIssue {
  message: string;
  opIds: number[];
  zxid: number;
}

interface Timeline {
  zx: number[];
  st: NodeState[];
}

/** Completions sorted by time, for "the max zxid of X that completed strictly before t". */
export class CompletedBefore {
  private readonly times: number[] = [];
  private readonly maxZ: number[] = [];
  private readonly maxBy: number[] = [];
  constructor(items: { at: number; zxid: number; id: number }[]) {
    const sorted = items.filter((i) => Number.isFinite(i.at) && Number.isFinite(i.zxid)).sort((a, b) => a.at - b.at);
    let m = -Infinity;
    let by = -1;
    for (const it of sorted) {
      if (it.zxid > m) {
        m = it.zxid;
        by = it.id;
      }
      this.times.push(it.at);
      this.maxZ.push(m);
      this.maxBy.push(by);
    }
  }
  /** Max zxid among items completed strictly before t (zxid 0, by -1 when none). */
  query(t: number): { zxid: number; by: number } {
    let lo = 0;
    let hi = this.times.length; // first index with time >= t
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return { zxid: 0, by: -1 };
    return { zxid: this.maxZ[lo - 1]!, by: this.maxBy[lo - 1]! };
  }
}

/** Lower bound on any write's zxid: the max reply zxid of the writes that completed before it was invoked. */
export function writeLowerBounds(h: History): CompletedBefore {
  const items: { at: number; zxid: number; id: number }[] = [];
  for (const op of h.ops) {
    if (!isWriteOp(op)) continue;
    const z = replyZxid(op);
    const o = writeOutcome(op);
    if (z === undefined || o === 'indefinite' || op.returnedAt === undefined) continue;
    items.push({ at: op.returnedAt, zxid: z, id: op.id });
  }
  return new CompletedBefore(items);
}

function isWriteOp(op: HistoryOp): boolean {
  return op.kind === 'create' || op.kind === 'delete' || op.kind === 'setData' || op.kind === 'multi' || op.kind === 'check';
}

/** A multi's sub-ops, or the op itself. */
export function subOpsOf(op: HistoryOp): HistoryOp[] {
  if (op.kind === 'multi') return Array.isArray(op.ops) ? op.ops : [];
  return [op];
}

/** The created path a reply reported for sub-op i. */
export function reportedCreatedPath(op: HistoryOp, i: number): string | undefined {
  if (op.kind === 'multi') return op.result?.results?.[i]?.createdPath;
  return op.result?.createdPath;
}

export function reportedVersion(op: HistoryOp, i: number): number | undefined {
  if (op.kind === 'multi') return op.result?.results?.[i]?.version;
  return op.result?.version;
}

function normKind(kind: string): string {
  switch (kind) {
    case 'create':
    case 'create2':
    case 'createContainer':
    case 'createTTL':
      return 'create';
    case 'delete':
    case 'deleteContainer':
      return 'delete';
    default:
      return kind;
  }
}

export function committedKind(kind: string): string {
  return normKind(kind);
}

/**
 * The entry's result code: its err, or for a multi logged with error sub-txns (ZooKeeper's own
 * encoding of a failed multi) the first non-zero sub-txn code.
 */
export function entryErr(e: CommittedTxn): number {
  if (typeof e.err === 'number' && e.err !== 0) return e.err;
  if (normKind(e.kind) === 'multi' && Array.isArray(e.ops)) {
    for (const s of e.ops) if (s !== null && typeof s === 'object' && s.kind === 'error' && typeof s.err === 'number' && s.err !== 0) return s.err;
    if (e.ops.some((s) => s !== null && typeof s === 'object' && s.kind === 'error')) return -2;
  }
  return 0;
}

/** A committed txn that changed (or could change) the tree: not an error txn, not a failed multi. */
export function isSuccessEntry(e: CommittedTxn): boolean {
  return entryErr(e) === 0 && normKind(e.kind) !== 'error';
}

export class Model {
  readonly committedMode: boolean;
  private readonly timelines = new Map<string, Timeline>();
  private readonly existTaint = new Map<string, number>();
  private readonly dataTaint = new Map<string, number>();
  private readonly childTaint = new Map<string, number>();
  private global = Infinity;
  readonly dataChanges = new Map<string, Change[]>();
  readonly childChanges = new Map<string, Change[]>();
  /** Problems found while building: committed log conflicts, txns the tree could not have applied. */
  readonly issues: ModelIssue[] = [];
  /** committed mode: op id -> the committed entry it was matched to. */
  readonly attribution = new Map<number, CommittedTxn>();
  /** committed mode: the deduplicated committed log in zxid order. */
  readonly log: CommittedTxn[] = [];
  readonly logByZxid = new Map<number, CommittedTxn>();
  maxZxid = 0;
  private readonly commitTimes: number[] = [];
  private readonly commitMax: number[] = [];
  private maxUntimed = -Infinity;

  // build-time state
  private readonly cur = new Map<string, NodeState>();
  private readonly ephemerals = new Map<string, Set<string>>();
  private readonly unknownOwner = new Set<string>();
  private ord = 0;
  private currentOps: number[] = [];

  constructor(readonly history: History) {
    this.committedMode = Array.isArray(history.committed);
    const init: [string, NodeState][] = [
      ['/', { exists: true, data: undefined, version: 0, cversion: 0, numChildren: 1, czxid: 0, mzxid: 0, pzxid: 0, owner: '' }],
      ['/zookeeper', { exists: true, data: undefined, version: 0, cversion: 0, numChildren: 2, czxid: 0, mzxid: 0, pzxid: 0, owner: '' }],
      ['/zookeeper/quota', { exists: true, data: undefined, version: 0, cversion: 0, numChildren: 0, czxid: 0, mzxid: 0, pzxid: 0, owner: '' }],
      // /zookeeper/config's data and version change with reconfig; not modelled.
      ['/zookeeper/config', { exists: true, data: undefined, version: undefined, cversion: 0, numChildren: 0, czxid: 0, mzxid: undefined, pzxid: 0, owner: '' }],
    ];
    for (const [p, s] of init) this.set(p, 0, s);
    const txns = this.committedMode ? this.txnsFromCommitted(history) : this.txnsFromHistory(history);
    txns.sort((a, b) => a.zxid - b.zxid);
    for (const t of txns) this.apply(t);
    if (!this.committedMode) this.taintEphemerals(history);
  }

  // ---------------------------------------------------------------- building

  private txnsFromCommitted(h: History): MTxn[] {
    const seen = new Map<number, CommittedTxn>();
    let prev = -Infinity;
    for (const e of h.committed ?? []) {
      if (e === null || typeof e !== 'object' || typeof e.zxid !== 'number' || !Number.isFinite(e.zxid) || typeof e.kind !== 'string') {
        this.issues.push({ message: `malformed committed entry ${safeJson(e)}`, opIds: [], zxid: 0 });
        continue;
      }
      const old = seen.get(e.zxid);
      if (old !== undefined) {
        if (!sameTxn(old, e)) this.issues.push({ message: `two different txns committed with zxid 0x${e.zxid.toString(16)}: ${describeEntry(old)} and ${describeEntry(e)}`, opIds: [], zxid: e.zxid });
        continue;
      }
      if (e.zxid < prev) this.issues.push({ message: `commit order disagrees with zxid order: 0x${e.zxid.toString(16)} committed after 0x${prev.toString(16)}`, opIds: [], zxid: e.zxid });
      prev = Math.max(prev, e.zxid);
      seen.set(e.zxid, e);
    }
    const log = [...seen.values()].sort((a, b) => a.zxid - b.zxid);
    for (const e of log) {
      this.log.push(e);
      this.logByZxid.set(e.zxid, e);
      this.maxZxid = Math.max(this.maxZxid, e.zxid);
    }
    // "max committed zxid by time t" (an upper bound: untimed entries count as committed at any t).
    const timed = log.filter((e) => typeof e.at === 'number' && Number.isFinite(e.at)).sort((a, b) => a.at! - b.at!);
    let m = -Infinity;
    for (const e of timed) {
      m = Math.max(m, e.zxid);
      this.commitTimes.push(e.at!);
      this.commitMax.push(m);
    }
    for (const e of log) if (!(typeof e.at === 'number' && Number.isFinite(e.at))) this.maxUntimed = Math.max(this.maxUntimed, e.zxid);

    // Match ops to entries.
    const bySx = new Map<string, HistoryOp | null>();
    const ackedByZxid = new Map<number, HistoryOp[]>();
    for (const op of h.ops) {
      if (!isWriteOp(op)) continue;
      const s = normSession(op.session);
      if (s !== '' && typeof op.xid === 'number') {
        const k = `${s}:${op.xid}`;
        bySx.set(k, bySx.has(k) ? null : op);
      }
      const z = replyZxid(op);
      if (op.ok === true && z !== undefined) {
        const l = ackedByZxid.get(z) ?? [];
        l.push(op);
        ackedByZxid.set(z, l);
      }
    }
    const out: MTxn[] = [];
    for (const e of log) {
      let op: HistoryOp | undefined;
      const es = normSession(e.session);
      if (es !== '' && typeof e.cxid === 'number') op = bySx.get(`${es}:${e.cxid}`) ?? undefined;
      if (op === undefined) {
        const acked = ackedByZxid.get(e.zxid);
        if (acked !== undefined && acked.length === 1) {
          const a = acked[0]!;
          const sessionOk = es === '' || normSession(a.session) === '' || normSession(a.session) === es;
          const xidOk = typeof e.cxid !== 'number' || typeof a.xid !== 'number' || a.xid === e.cxid;
          if (sessionOk && xidOk) op = a;
        }
      }
      if (op !== undefined && !this.attribution.has(op.id)) this.attribution.set(op.id, e);
      else op = undefined;
      out.push(this.txnFromEntry(e, op));
    }
    return out;
  }

  private txnFromEntry(e: CommittedTxn, op: HistoryOp | undefined): MTxn {
    const opIds = op ? [op.id] : [];
    const t: MTxn = { zxid: e.zxid, subs: [], opIds };
    const kind = normKind(e.kind);
    if (entryErr(e) !== 0) return t; // error txns, failed multis: no effect
    switch (kind) {
      case 'create':
      case 'delete':
      case 'setData': {
        const s = this.subFromEntry(e, op, 0, op ? op : undefined);
        if (s === null) t.unknownPath = e.path ?? null;
        else t.subs = [s];
        return t;
      }
      case 'multi': {
        if (Array.isArray(e.ops)) {
          const subs: Sub[] = [];
          for (let i = 0; i < e.ops.length; i++) {
            const se = e.ops[i]!;
            const s = this.subFromEntry(se, op, i, op?.kind === 'multi' ? op.ops?.[i] : undefined);
            if (s === null) {
              if (normKind(se.kind) === 'check' || se.kind === 'error') continue;
              return { ...t, subs: null };
            }
            subs.push(s);
          }
          t.subs = subs;
          return t;
        }
        if (op !== undefined && op.kind === 'multi' && Array.isArray(op.ops)) {
          t.subs = this.subsFromOp(op);
          return t;
        }
        t.subs = null;
        return t;
      }
      case 'closeSession': {
        const s = normSession(e.session);
        t.close = { session: s === '' ? null : s };
        if (Array.isArray(e.deleted)) t.close.deleted = e.deleted.filter((p) => typeof p === 'string');
        return t;
      }
      case 'reconfig':
        t.subs = [{ kind: 'setData', path: '/zookeeper/config', data: undefined }];
        return t;
      case 'error':
      case 'check':
      case 'createSession':
      case 'setACL':
      case 'ping':
        return t;
      default:
        t.unknownPath = typeof e.path === 'string' ? e.path : null;
        return t;
    }
  }

  /** A sub from a committed entry (create/delete/setData); null when it cannot be modelled. */
  private subFromEntry(e: CommittedTxn, parentOp: HistoryOp | undefined, _i: number, subOp: HistoryOp | undefined): Sub | null {
    const kind = normKind(e.kind);
    if (typeof e.path !== 'string' || e.path === '') return null;
    if (kind === 'check') return { kind: 'check', path: e.path };
    if (kind !== 'create' && kind !== 'delete' && kind !== 'setData') return null;
    const s: Sub = { kind, path: e.path };
    if (kind === 'create' || kind === 'setData') s.data = e.data !== undefined ? e.data : subOp?.data;
    if (kind === 'create') {
      const session = normSession(e.session) || normSession(parentOp?.session);
      if (e.kind === 'createContainer' || e.kind === 'createTTL') s.owner = '';
      else if (e.ephemeral === true) s.owner = session === '' ? undefined : session;
      else if (e.ephemeral === false) s.owner = '';
      else if (subOp !== undefined && subOp.ephemeral !== undefined) s.owner = subOp.ephemeral ? (session === '' ? undefined : session) : '';
      else s.owner = undefined;
    }
    return s;
  }

  private subsFromOp(op: HistoryOp): Sub[] {
    const subs: Sub[] = [];
    const session = normSession(op.session);
    const list = subOpsOf(op);
    for (let i = 0; i < list.length; i++) {
      const so = list[i]!;
      if (so === null || typeof so !== 'object') continue;
      if (so.kind === 'create') {
        const actual = reportedCreatedPath(op, i);
        subs.push({
          kind: 'create',
          path: actual ?? so.path,
          seqPrefix: actual === undefined && so.sequential === true ? true : undefined,
          data: so.data,
          owner: so.ephemeral === true ? (session === '' ? undefined : session) : so.ephemeral === false || so.ephemeral === undefined ? '' : undefined,
        });
      } else if (so.kind === 'delete' || so.kind === 'setData' || so.kind === 'check') {
        subs.push({ kind: so.kind, path: so.path, data: so.data });
      }
    }
    return subs;
  }

  private txnsFromHistory(h: History): MTxn[] {
    const out: MTxn[] = [];
    const used = new Set<number>();
    const lower = writeLowerBounds(h);
    for (const op of h.ops) {
      if (!isWriteOp(op)) continue;
      const o = writeOutcome(op);
      const z = replyZxid(op);
      if (o === 'ok' && z !== undefined) {
        this.maxZxid = Math.max(this.maxZxid, z);
        if (used.has(z)) continue; // a duplicate zxid: reported by the write checker
        used.add(z);
        out.push({ zxid: z, subs: this.subsFromOp(op), opIds: [op.id] });
      } else if (o === 'indefinite') {
        const from = lower.query(op.invokedAt).zxid + 1;
        for (const so of subOpsOf(op)) {
          if (so === null || typeof so !== 'object' || typeof so.path !== 'string') continue;
          const parent = parentOf(so.path);
          if (so.kind === 'create') {
            if (so.sequential !== true) taint(this.existTaint, so.path, from);
            if (parent !== null) taint(this.childTaint, parent, from);
          } else if (so.kind === 'delete') {
            taint(this.existTaint, so.path, from);
            if (parent !== null) taint(this.childTaint, parent, from);
          } else if (so.kind === 'setData') {
            taint(this.dataTaint, so.path, from);
          }
        }
      }
    }
    for (const op of h.ops) {
      const z = replyZxid(op);
      if (z !== undefined) this.maxZxid = Math.max(this.maxZxid, z);
    }
    return out;
  }

  /** Client-only mode: an ephemeral may vanish (expiry) any time after its owner's last reply. */
  private taintEphemerals(h: History): void {
    const lastReply = new Map<string, number>();
    for (const op of h.ops) {
      const z = replyZxid(op);
      const s = normSession(op.session);
      if (z !== undefined && s !== '') lastReply.set(s, Math.max(lastReply.get(s) ?? 0, z));
    }
    for (const [owner, paths] of this.ephemerals) {
      const from = (lastReply.get(owner) ?? 0) + 1;
      for (const p of paths) this.taintExistence(p, from);
    }
    for (const p of this.unknownOwner) this.taintExistence(p, 1);
  }

  private taintExistence(path: string, from: number): void {
    taint(this.existTaint, path, from);
    const parent = parentOf(path);
    if (parent !== null) taint(this.childTaint, parent, from);
  }

  private get(path: string): NodeState {
    return this.cur.get(path) ?? ABSENT;
  }

  private set(path: string, zxid: number, st: NodeState): void {
    this.cur.set(path, st);
    let tl = this.timelines.get(path);
    if (tl === undefined) {
      tl = { zx: [], st: [] };
      this.timelines.set(path, tl);
    }
    const n = tl.zx.length;
    if (n > 0 && tl.zx[n - 1] === zxid) tl.st[n - 1] = st;
    else {
      tl.zx.push(zxid);
      tl.st.push(st);
    }
  }

  private change(map: Map<string, Change[]>, path: string, zxid: number, type: number): void {
    let l = map.get(path);
    if (l === undefined) {
      l = [];
      map.set(path, l);
    }
    l.push({ zxid, ord: this.ord++, type });
  }

  private issue(zxid: number, message: string): void {
    this.issues.push({ message, opIds: [...this.currentOps], zxid });
  }

  private apply(t: MTxn): void {
    this.currentOps = t.opIds;
    const z = t.zxid;
    if (t.subs === null) {
      this.global = Math.min(this.global, z);
      return;
    }
    if (t.unknownPath !== undefined) {
      if (t.unknownPath === null) this.global = Math.min(this.global, z);
      else {
        this.taintExistence(t.unknownPath, z);
        taint(this.childTaint, t.unknownPath, z);
      }
      return;
    }
    for (const s of t.subs) this.applySub(s, z);
    if (t.close !== undefined) this.applyClose(t.close, z);
  }

  private applySub(s: Sub, z: number): void {
    const where = `committed txn 0x${z.toString(16)}`;
    switch (s.kind) {
      case 'create': {
        const parent = parentOf(s.path);
        if (parent === null) {
          this.issue(z, `${where}: create of the root`);
          return;
        }
        const ps = this.get(parent);
        let path = s.path;
        if (s.seqPrefix === true) {
          if (ps.cversion === undefined) {
            taint(this.childTaint, parent, z);
            return;
          }
          path = s.path + formatSequence(ps.cversion);
        }
        if (ps.exists === false) {
          this.issue(z, `${where}: creates ${path} but its parent does not exist`);
          this.taintExistence(path, z);
          return;
        }
        if (this.get(path).exists === true) {
          this.issue(z, `${where}: creates ${path} which already exists`);
          this.taintExistence(path, z);
          return;
        }
        this.set(path, z, { exists: true, data: s.data, version: 0, cversion: 0, numChildren: 0, czxid: z, mzxid: z, pzxid: z, owner: s.owner });
        this.set(parent, z, { ...ps, cversion: inc(ps.cversion, 1), numChildren: inc(ps.numChildren, 1), pzxid: z });
        if (s.owner === undefined) this.unknownOwner.add(path);
        else if (s.owner !== '') {
          let set = this.ephemerals.get(s.owner);
          if (set === undefined) {
            set = new Set();
            this.ephemerals.set(s.owner, set);
          }
          set.add(path);
        }
        this.change(this.dataChanges, path, z, 1);
        this.change(this.childChanges, parent, z, 4);
        return;
      }
      case 'delete': {
        const st = this.get(s.path);
        const parent = parentOf(s.path);
        if (parent === null || st.exists === false || (st.numChildren ?? 0) > 0) {
          this.issue(z, `${where}: deletes ${s.path} which ${parent === null ? 'is the root' : st.exists === false ? 'does not exist' : 'has children'}`);
          this.taintExistence(s.path, z);
          return;
        }
        this.deleteNode(s.path, parent, z);
        return;
      }
      case 'setData': {
        const st = this.get(s.path);
        if (st.exists === false) {
          this.issue(z, `${where}: sets data of ${s.path} which does not exist`);
          this.taintExistence(s.path, z);
          return;
        }
        this.set(s.path, z, { ...st, data: s.data, version: inc(st.version, 1), mzxid: z });
        this.change(this.dataChanges, s.path, z, 3);
        return;
      }
      case 'check':
        return;
    }
  }

  private deleteNode(path: string, parent: string, z: number): void {
    const st = this.get(path);
    const ps = this.get(parent);
    this.set(path, z, ABSENT);
    this.set(parent, z, { ...ps, numChildren: inc(ps.numChildren, -1), pzxid: z });
    if (st.owner !== undefined && st.owner !== '') this.ephemerals.get(st.owner)?.delete(path);
    this.unknownOwner.delete(path);
    this.change(this.dataChanges, path, z, 2);
    this.change(this.childChanges, parent, z, 4);
  }

  private applyClose(c: { session: string | null; deleted?: string[] }, z: number): void {
    let paths: string[];
    if (c.session !== null) paths = [...(this.ephemerals.get(c.session) ?? [])];
    else if (c.deleted !== undefined) paths = c.deleted;
    else {
      // Unknown session: every ephemeral may have died.
      for (const set of this.ephemerals.values()) for (const p of set) if (this.get(p).exists === true) this.taintExistence(p, z);
      paths = [];
    }
    for (const p of paths.sort()) {
      const parent = parentOf(p);
      if (parent !== null && this.get(p).exists === true) this.deleteNode(p, parent, z);
    }
    // Nodes whose owner is unknown may belong to this session.
    for (const p of this.unknownOwner) if (this.get(p).exists !== false) this.taintExistence(p, z);
  }

  // ---------------------------------------------------------------- queries

  /** The node at zxid k (after applying every txn with zxid <= k). */
  stateAt(path: string, k: number): NodeState {
    if (k >= this.global) return UNKNOWN;
    const et = this.existTaint.get(path);
    if (et !== undefined && et <= k) return UNKNOWN;
    let st = ABSENT;
    const tl = this.timelines.get(path);
    if (tl !== undefined) {
      const i = lastAtOrBefore(tl.zx, k);
      if (i >= 0) st = tl.st[i]!;
    }
    const parent = parentOf(path);
    if (parent !== null && st.exists !== true) {
      const ct = this.childTaint.get(parent);
      if (ct !== undefined && ct <= k) return UNKNOWN;
    }
    const dt = this.dataTaint.get(path);
    if (dt !== undefined && dt <= k) st = { ...st, data: undefined, version: undefined, mzxid: undefined };
    const ct = this.childTaint.get(path);
    if (ct !== undefined && ct <= k) st = { ...st, cversion: undefined, numChildren: undefined, pzxid: undefined };
    return st;
  }

  view(k: number): View {
    return { get: (p: string) => this.stateAt(p, k) };
  }

  /** The zxids in (lo, hi] where any of `paths` (or their uncertainty) changes, plus lo itself. */
  changePoints(paths: Iterable<string>, lo: number, hi: number): number[] {
    const pts = new Set<number>([lo]);
    const add = (z: number | undefined) => {
      if (z !== undefined && z > lo && z <= hi) pts.add(z);
    };
    for (const p of paths) {
      const tl = this.timelines.get(p);
      if (tl !== undefined) {
        let i = lastAtOrBefore(tl.zx, lo) + 1;
        for (; i < tl.zx.length && tl.zx[i]! <= hi; i++) pts.add(tl.zx[i]!);
      }
      add(this.existTaint.get(p));
      add(this.dataTaint.get(p));
      add(this.childTaint.get(p));
      const parent = parentOf(p);
      if (parent !== null) add(this.childTaint.get(parent));
    }
    add(this.global);
    return [...pts].sort((a, b) => a - b);
  }

  /** Is there a zxid k in [lo, hi] whose tree satisfies pred? Only the points where `paths` change are tried. */
  someStateIn(paths: Iterable<string>, lo: number, hi: number, pred: (v: View, k: number) => boolean): boolean {
    if (hi < lo) return false;
    for (const k of this.changePoints(paths, lo, hi)) if (pred(this.view(k), k)) return true;
    return false;
  }

  /** Upper bound on the largest zxid committed by time t (committed mode only; undefined otherwise). */
  maxCommittedAt(t: number): number | undefined {
    if (!this.committedMode) return undefined;
    const i = lastAtOrBefore(this.commitTimes, t);
    const timed = i >= 0 ? this.commitMax[i]! : -Infinity;
    const m = Math.max(timed, this.maxUntimed);
    return m === -Infinity ? 0 : m;
  }

  /** The first zxid from which anything about `path` (or its children list) is uncertain. */
  uncertainFrom(path: string): number {
    let m = this.global;
    for (const v of [this.existTaint.get(path), this.dataTaint.get(path), this.childTaint.get(path)]) if (v !== undefined) m = Math.min(m, v);
    const parent = parentOf(path);
    if (parent !== null) {
      const ct = this.childTaint.get(parent);
      if (ct !== undefined) m = Math.min(m, ct);
    }
    return m;
  }
}

function taint(map: Map<string, number>, path: string, from: number): void {
  const old = map.get(path);
  if (old === undefined || from < old) map.set(path, from);
}

function lastAtOrBefore(arr: readonly number[], k: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid]! <= k) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function safeJson(x: unknown): string {
  try {
    return JSON.stringify(x)?.slice(0, 200) ?? String(x);
  } catch {
    return String(x);
  }
}

function sameTxn(a: CommittedTxn, b: CommittedTxn): boolean {
  const key = (e: CommittedTxn) => safeJson([e.kind, e.path, e.err, normSession(e.session), e.cxid, e.data ?? null, e.ephemeral ?? null, e.ops?.map((o) => [o.kind, o.path, o.data ?? null]) ?? null]);
  return key(a) === key(b);
}

export function describeEntry(e: CommittedTxn): string {
  const who = e.session !== undefined ? ` session 0x${normSession(e.session)}${e.cxid !== undefined ? ` cxid ${e.cxid}` : ''}` : '';
  return `${e.kind}${e.path ? ` ${e.path}` : ''}${e.err ? ` err ${e.err}` : ''}${who}`;
}

// ---------------------------------------------------------------- evaluating ops on a view

export interface View {
  get(path: string): NodeState;
}

/** A view with local modifications (a multi's earlier sub-ops). */
export class Overlay implements View {
  private readonly m = new Map<string, NodeState>();
  constructor(private readonly base: View) {}
  get(p: string): NodeState {
    return this.m.get(p) ?? this.base.get(p);
  }
  set(p: string, s: NodeState): void {
    this.m.set(p, s);
  }
}

/** Possible codes of a ZooKeeper check sequence with three-valued conditions: the first true one wins; an unknown one may. */
function outcome(conds: [boolean | undefined, number][]): Set<number> {
  const out = new Set<number>();
  for (const [c, code] of conds) {
    if (c === true) {
      out.add(code);
      return out;
    }
    if (c === undefined) out.add(code);
  }
  out.add(Err.OK);
  return out;
}

function not(b: boolean | undefined): boolean | undefined {
  return b === undefined ? undefined : !b;
}

function versionMismatch(expected: number | undefined, actual: number | undefined): boolean | undefined {
  if (expected === -1) return false;
  if (expected === undefined || actual === undefined) return undefined;
  return expected !== actual;
}

export interface SubEval {
  /** Possible result codes (0 = success). */
  codes: Set<number>;
  /** create: the actual path the model predicts (undefined = unknown). */
  path?: string | undefined;
}

/**
 * What sub-op `so` (create/delete/setData/check) can yield on `v`, following PrepRequestProcessor's
 * check order. With apply=true and success possible, its effect is written into the overlay.
 */
export function evalSub(v: Overlay, so: HistoryOp, z: number | undefined, session: string, apply: boolean, actualPath?: string): SubEval {
  switch (so.kind) {
    case 'create': {
      const parent = parentOf(so.path);
      if (parent === null) return { codes: new Set([Err.NODEEXISTS, Err.BADARGUMENTS]) };
      const ps = v.get(parent);
      const predicted = so.sequential === true ? (ps.cversion === undefined ? undefined : so.path + formatSequence(ps.cversion)) : so.path;
      const name = predicted ?? actualPath;
      const ns = name === undefined ? UNKNOWN : v.get(name);
      const codes = outcome([
        [not(ps.exists), Err.NONODE],
        [ns.exists, Err.NODEEXISTS],
        [ps.exists === false ? false : ps.owner === undefined ? undefined : ps.owner !== '', Err.NOCHILDRENFOREPHEMERALS],
      ]);
      if (apply && codes.has(Err.OK)) {
        const owner = so.ephemeral === true ? session || undefined : so.ephemeral === false || so.ephemeral === undefined ? '' : undefined;
        if (name !== undefined) v.set(name, { exists: true, data: so.data, version: 0, cversion: 0, numChildren: 0, czxid: z, mzxid: z, pzxid: z, owner });
        v.set(parent, { ...ps, cversion: name === undefined ? undefined : inc(ps.cversion, 1), numChildren: name === undefined ? undefined : inc(ps.numChildren, 1), pzxid: z });
      }
      return { codes, path: predicted };
    }
    case 'delete': {
      if (SPECIAL_PATHS.has(so.path)) return { codes: new Set([Err.BADARGUMENTS]) };
      const parent = parentOf(so.path);
      if (parent === null) return { codes: new Set([Err.BADARGUMENTS]) };
      const ps = v.get(parent);
      const ns = v.get(so.path);
      const codes = outcome([
        [not(ps.exists), Err.NONODE],
        [not(ns.exists), Err.NONODE],
        [versionMismatch(so.version, ns.version), Err.BADVERSION],
        [ns.numChildren === undefined ? undefined : ns.numChildren > 0, Err.NOTEMPTY],
      ]);
      if (apply && codes.has(Err.OK)) {
        v.set(so.path, ABSENT);
        v.set(parent, { ...ps, numChildren: inc(ps.numChildren, -1), pzxid: z });
      }
      return { codes };
    }
    case 'setData':
    case 'check': {
      const ns = v.get(so.path);
      const codes = outcome([
        [not(ns.exists), Err.NONODE],
        [versionMismatch(so.version, ns.version), Err.BADVERSION],
      ]);
      if (apply && so.kind === 'setData' && codes.has(Err.OK)) v.set(so.path, { ...ns, exists: ns.exists === undefined ? undefined : true, data: so.data, version: inc(ns.version, 1), mzxid: z });
      return { codes };
    }
    default:
      return { codes: new Set([Err.OK, Err.BADARGUMENTS]) };
  }
}

/**
 * Can `op` (a write: single or multi) fail with `err` as its first failure on view v?
 * Sub-ops before the failing one must be able to succeed (their effects are applied).
 */
export function couldFailWith(v: View, op: HistoryOp, err: number, session: string): boolean {
  const ov = new Overlay(v);
  for (const so of subOpsOf(op)) {
    if (so === null || typeof so !== 'object') return true;
    const r = evalSub(ov, so, undefined, session, true);
    if (r.codes.has(err)) return true;
    if (!r.codes.has(Err.OK)) return false;
  }
  return false;
}

/** Compare the Stat fields a reply carried with the model's node; returns the first mismatch. */
export function statMismatch(r: OpResult | undefined, st: NodeState): string | null {
  if (r === undefined || r === null || typeof r !== 'object') return null;
  if (r.version !== undefined && st.version !== undefined && r.version !== st.version) return `version ${fmt(r.version)} (model: ${fmt(st.version)})`;
  if (r.czxid !== undefined && st.czxid !== undefined && r.czxid !== st.czxid) return `czxid ${fmt(r.czxid)} (model: ${fmt(st.czxid)})`;
  if (r.mzxid !== undefined && st.mzxid !== undefined && r.mzxid !== st.mzxid) return `mzxid ${fmt(r.mzxid)} (model: ${fmt(st.mzxid)})`;
  if (r.pzxid !== undefined && st.pzxid !== undefined && r.pzxid !== st.pzxid) return `pzxid ${fmt(r.pzxid)} (model: ${fmt(st.pzxid)})`;
  if (r.cversion !== undefined && st.cversion !== undefined && st.numChildren !== undefined && r.cversion !== 2 * st.cversion - st.numChildren) return `cversion ${fmt(r.cversion)} (model: ${fmt(2 * st.cversion - st.numChildren)})`;
  if (r.numChildren !== undefined && st.numChildren !== undefined && r.numChildren !== st.numChildren) return `numChildren ${fmt(r.numChildren)} (model: ${fmt(st.numChildren)})`;
  if (r.ephemeralOwner !== undefined && st.owner !== undefined) {
    const o = normOwner(r.ephemeralOwner);
    if (o !== st.owner) return `ephemeralOwner ${fmt(o === '' ? '0' : o)} (model: ${fmt(st.owner === '' ? '0' : st.owner)})`;
  }
  return null;
}

function fmt(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x);
  if (typeof x === 'number' && x > 0xffffffff) return `0x${x.toString(16)}`;
  return String(x);
}

/**
 * Does a read's reply agree with the tree at view v? Returns a description of the first
 * disagreement, or null. Reads: getData, exists, getChildren (NoNode replies included).
 */
export function readMismatch(op: HistoryOp, v: View): string | null {
  const st = v.get(op.path);
  const r = op.result;
  const noNode = op.ok !== true && op.err === Err.NONODE;
  switch (op.kind) {
    case 'getData': {
      if (noNode) return st.exists === true ? `NoNode, but ${op.path} exists` : null;
      if (op.ok !== true) return null;
      if (st.exists === false) return `${op.path} does not exist`;
      if (r !== undefined && r.data !== undefined && st.data !== undefined && r.data !== st.data) return `data ${fmt(r.data)} (model: ${fmt(st.data)})`;
      return statMismatch(r, st);
    }
    case 'exists': {
      let found: boolean | undefined;
      if (noNode) found = false;
      else if (op.ok === true) found = r?.exists ?? (r !== undefined && (r.version !== undefined || r.czxid !== undefined) ? true : undefined);
      if (found === undefined || st.exists === undefined) return null;
      if (found !== st.exists) return found ? `exists, but ${op.path} does not exist` : `does not exist, but ${op.path} exists`;
      return found ? statMismatch(r, st) : null;
    }
    case 'getChildren': {
      if (noNode) return st.exists === true ? `NoNode, but ${op.path} exists` : null;
      if (op.ok !== true) return null;
      if (st.exists === false) return `${op.path} does not exist`;
      const kids = r?.children;
      if (Array.isArray(kids)) {
        const seen = new Set<string>();
        for (const c of kids) {
          if (seen.has(c)) return `child ${fmt(c)} listed twice`;
          seen.add(c);
          if (v.get(childPath(op.path, String(c))).exists === false) return `lists ${fmt(c)} which does not exist`;
        }
        if (st.numChildren !== undefined && kids.length !== st.numChildren) return `${kids.length} children [${[...kids].sort().join(', ')}] (model: ${st.numChildren})`;
      }
      return statMismatch(r, st);
    }
    default:
      return null;
  }
}

/** Build the model once; the checkers accept it to avoid rebuilding. */
export function buildModel(h: History): Model {
  return new Model(h);
}

export { MODELLED_ERRORS };
