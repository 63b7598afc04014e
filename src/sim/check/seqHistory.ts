// A sequential reference ZooKeeper (one server, instant processing, FIFO links) that produces
// VALID histories in the checkers' format: the tests script it, then break the result on purpose.
// Not a simulator of anything subtle: a write is applied the moment it is invoked, reads see the
// latest state, watches fire when the change is applied and reach the client before any later
// reply. Per-client link latency lets calls of different clients overlap in real time.

import type { CommittedTxn, History, HistoryOp, OpKind, SubResult, WatchDelivery } from './history.ts';
import { childPath, formatSequence, parentOf, SPECIAL_PATHS } from './model.ts';

export interface Node {
  data: string | null;
  version: number;
  cversion: number;
  children: Set<string>;
  czxid: number;
  mzxid: number;
  pzxid: number;
  owner: string;
}

export interface SubSpec {
  kind: 'create' | 'delete' | 'setData' | 'check';
  path: string;
  data?: string | null;
  version?: number;
  sequential?: boolean;
  ephemeral?: boolean;
}

export interface CallOpts {
  /** Advance the clock by this much before invoking (default 10). */
  advance?: number;
  /** The reply is lost (client sees ConnectionLoss, reconnects); the write is still applied unless notApplied. */
  lose?: boolean;
  /** With lose: the request never reached the server. */
  notApplied?: boolean;
}

interface Delivery {
  arrival: number;
  order: number;
  op?: HistoryOp;
  ev?: WatchDelivery;
}

export type Tree = Map<string, Node>;

export function cloneTree(t: Tree): Tree {
  const c: Tree = new Map();
  for (const [p, n] of t) c.set(p, { ...n, children: new Set(n.children) });
  return c;
}

/** Evaluate one sub-op on a tree (mutating it on success). Mirrors PrepRequestProcessor's order. */
export function runSub(t: Tree, s: SubSpec, zxid: number, session: string): { err: number; createdPath?: string; version?: number; changes: { type: number; path: string }[] } {
  const changes: { type: number; path: string }[] = [];
  switch (s.kind) {
    case 'create': {
      const parent = parentOf(s.path);
      if (parent === null) return { err: -110, changes };
      const pn = t.get(parent);
      if (pn === undefined) return { err: -101, changes };
      const path = s.sequential ? s.path + formatSequence(pn.cversion) : s.path;
      if (t.has(path)) return { err: -110, changes };
      if (pn.owner !== '') return { err: -108, changes };
      t.set(path, { data: s.data ?? null, version: 0, cversion: 0, children: new Set(), czxid: zxid, mzxid: zxid, pzxid: zxid, owner: s.ephemeral ? session : '' });
      pn.cversion++;
      pn.children.add(path.slice(path.lastIndexOf('/') + 1));
      pn.pzxid = zxid;
      changes.push({ type: 1, path }, { type: 4, path: parent });
      return { err: 0, createdPath: path, changes };
    }
    case 'delete': {
      if (SPECIAL_PATHS.has(s.path)) return { err: -8, changes };
      const parent = parentOf(s.path)!;
      const n = t.get(s.path);
      if (!t.has(parent) || n === undefined) return { err: -101, changes };
      if (s.version !== undefined && s.version !== -1 && s.version !== n.version) return { err: -103, changes };
      if (n.children.size > 0) return { err: -111, changes };
      t.delete(s.path);
      const pn = t.get(parent)!;
      pn.children.delete(s.path.slice(s.path.lastIndexOf('/') + 1));
      pn.pzxid = zxid;
      changes.push({ type: 2, path: s.path }, { type: 4, path: parent });
      return { err: 0, changes };
    }
    case 'setData':
    case 'check': {
      const n = t.get(s.path);
      if (n === undefined) return { err: -101, changes };
      if (s.version !== undefined && s.version !== -1 && s.version !== n.version) return { err: -103, changes };
      if (s.kind === 'check') return { err: 0, changes };
      n.data = s.data ?? null;
      n.version++;
      n.mzxid = zxid;
      changes.push({ type: 3, path: s.path });
      return { err: 0, version: n.version, changes };
    }
  }
}

export class SeqZk {
  now = 0;
  zxid = 0;
  private tree: Tree = new Map();
  private nextId = 1;
  private order = 0;
  private readonly ops: HistoryOp[] = [];
  private readonly committed: CommittedTxn[] = [];
  private readonly deliveries: Delivery[] = [];
  private readonly clients = new Map<string, { session: string; latency: number; lastArrival: number; conn: number; xid: number; dead: boolean; data: Set<string>; child: Set<string> }>();
  /** For each recorded event: the zxid of the change that fired it (test oracle, not part of the history). */
  readonly eventCause = new Map<WatchDelivery, number>();

  constructor(clients: string[], latency = 1) {
    const root = (n: Partial<Node>): Node => ({ data: '', version: 0, cversion: 0, children: new Set(), czxid: 0, mzxid: 0, pzxid: 0, owner: '', ...n });
    this.tree.set('/', root({ children: new Set(['zookeeper']) }));
    this.tree.set('/zookeeper', root({ children: new Set(['quota', 'config']) }));
    this.tree.set('/zookeeper/quota', root({}));
    this.tree.set('/zookeeper/config', root({}));
    clients.forEach((c, i) => {
      this.now += 1;
      const session = (0x1000 + i).toString(16);
      this.zxid++;
      this.committed.push({ zxid: this.zxid, kind: 'createSession', path: null, err: 0, session, at: this.now });
      this.clients.set(c, { session, latency, lastArrival: 0, conn: 1, xid: 1, dead: false, data: new Set(), child: new Set() });
    });
  }

  setLatency(client: string, ms: number): void {
    this.cl(client).latency = ms;
  }

  sessionOf(client: string): string {
    return this.cl(client).session;
  }

  private cl(client: string) {
    const c = this.clients.get(client);
    if (c === undefined) throw new Error(`unknown client ${client}`);
    return c;
  }

  private deliver(client: string, d: { op?: HistoryOp; ev?: WatchDelivery }): number {
    const c = this.cl(client);
    const arrival = Math.max(this.now + c.latency, c.lastArrival);
    c.lastArrival = arrival;
    this.deliveries.push({ arrival, order: this.order++, ...d });
    return arrival;
  }

  private fire(changes: { type: number; path: string }[], zxid: number): void {
    for (const ch of changes) {
      for (const [name, c] of this.clients) {
        if (c.dead) continue;
        let fired = false;
        if (ch.type === 4) {
          if (c.child.delete(ch.path)) fired = true;
        } else if (ch.type === 2) {
          const a = c.data.delete(ch.path);
          const b = c.child.delete(ch.path);
          fired = a || b;
        } else if (c.data.delete(ch.path)) fired = true;
        if (!fired) continue;
        const ev: WatchDelivery = { client: name, session: c.session, type: ch.type, path: ch.path, at: 0, seq: 0, conn: c.conn };
        ev.at = this.deliver(name, { ev });
        this.eventCause.set(ev, zxid);
      }
    }
  }

  private begin(client: string, kind: OpKind, path: string, extra: Partial<HistoryOp>, opts: CallOpts): HistoryOp {
    this.now += opts.advance ?? 10;
    const c = this.cl(client);
    const op: HistoryOp = { id: this.nextId++, client, session: c.session, kind, path, invokedAt: this.now, xid: c.xid++, ...extra };
    this.ops.push(op);
    return op;
  }

  private finish(op: HistoryOp, fields: Partial<HistoryOp>, opts: CallOpts): HistoryOp {
    const c = this.cl(op.client);
    if (opts.lose) {
      Object.assign(op, { ok: false, err: -4 });
      op.returnedAt = this.deliver(op.client, { op });
      c.conn++;
      return op;
    }
    Object.assign(op, fields, { conn: c.conn });
    op.returnedAt = this.deliver(op.client, { op });
    return op;
  }

  /** Any write: one sub-op (create/delete/setData) or a multi. */
  private write(client: string, kind: OpKind, path: string, subs: SubSpec[], extra: Partial<HistoryOp>, opts: CallOpts): HistoryOp {
    const op = this.begin(client, kind, path, extra, opts);
    const c = this.cl(client);
    if (opts.lose && opts.notApplied) return this.finish(op, {}, opts);
    const zxid = ++this.zxid;
    const scratch = cloneTree(this.tree);
    const results: SubResult[] = [];
    const changes: { type: number; path: string }[] = [];
    let firstErr = 0;
    for (const s of subs) {
      if (firstErr !== 0) {
        results.push({ err: -2 });
        continue;
      }
      const r = runSub(scratch, s, zxid, c.session);
      if (r.err !== 0) {
        firstErr = r.err;
        for (let i = 0; i < results.length; i++) results[i] = { err: 0 };
        results.push({ err: r.err });
        continue;
      }
      const sr: SubResult = { err: 0 };
      if (r.createdPath !== undefined) sr.createdPath = r.createdPath;
      if (r.version !== undefined) sr.version = r.version;
      results.push(sr);
      changes.push(...r.changes);
    }
    const base = { zxid, session: c.session, cxid: op.xid!, at: this.now };
    if (firstErr === 0) {
      this.tree = scratch;
      if (kind === 'multi') {
        this.committed.push({ ...base, kind: 'multi', path: null, err: 0, ops: subs.map((s, i) => ({ zxid, kind: s.kind, path: results[i]!.createdPath ?? s.path, err: 0, ...(s.kind === 'create' || s.kind === 'setData' ? { data: s.data ?? null } : {}), ...(s.kind === 'create' ? { ephemeral: s.ephemeral === true } : {}) })) });
      } else {
        const s = subs[0]!;
        this.committed.push({ ...base, kind: s.kind, path: results[0]!.createdPath ?? s.path, err: 0, ...(s.kind !== 'delete' ? { data: s.data ?? null } : {}), ...(s.kind === 'create' ? { ephemeral: s.ephemeral === true } : {}) });
      }
      this.fire(changes, zxid);
    } else {
      this.committed.push({ ...base, kind: kind === 'multi' ? 'multi' : 'error', path: kind === 'multi' ? null : path, err: firstErr });
    }
    if (firstErr !== 0) return this.finish(op, { ok: false, err: firstErr, zxid, ...(kind === 'multi' ? { result: { results } } : {}) }, opts);
    if (kind === 'multi') return this.finish(op, { ok: true, zxid, result: { results } }, opts);
    const r0 = results[0]!;
    const s0 = subs[0]!;
    const result: HistoryOp['result'] = {};
    if (s0.kind === 'create') result.createdPath = r0.createdPath!;
    if (s0.kind === 'setData') {
      const n = this.tree.get(path)!;
      Object.assign(result, { version: n.version, mzxid: n.mzxid, czxid: n.czxid });
    }
    return this.finish(op, { ok: true, zxid, result }, opts);
  }

  create(client: string, path: string, data: string | null = null, flags: { sequential?: boolean; ephemeral?: boolean } = {}, opts: CallOpts = {}): HistoryOp {
    return this.write(client, 'create', path, [{ kind: 'create', path, data, ...flags }], { data, sequential: flags.sequential === true, ephemeral: flags.ephemeral === true }, opts);
  }

  delete(client: string, path: string, version = -1, opts: CallOpts = {}): HistoryOp {
    return this.write(client, 'delete', path, [{ kind: 'delete', path, version }], { version }, opts);
  }

  setData(client: string, path: string, data: string | null, version = -1, opts: CallOpts = {}): HistoryOp {
    return this.write(client, 'setData', path, [{ kind: 'setData', path, data, version }], { data, version }, opts);
  }

  multi(client: string, subs: SubSpec[], opts: CallOpts = {}): HistoryOp {
    const ops: HistoryOp[] = subs.map((s) => ({ id: 0, client, session: this.cl(client).session, kind: s.kind, path: s.path, invokedAt: 0, ...(s.data !== undefined ? { data: s.data } : {}), ...(s.version !== undefined ? { version: s.version } : {}), sequential: s.sequential === true, ephemeral: s.ephemeral === true }));
    return this.write(client, 'multi', subs[0]?.path ?? '', subs, { ops }, opts);
  }

  private stat(n: Node) {
    return { version: n.version, czxid: n.czxid, mzxid: n.mzxid, pzxid: n.pzxid, cversion: 2 * n.cversion - n.children.size, numChildren: n.children.size, ephemeralOwner: n.owner === '' ? '0' : n.owner };
  }

  getData(client: string, path: string, watch = false, opts: CallOpts = {}): HistoryOp {
    const op = this.begin(client, 'getData', path, { watch }, opts);
    const n = this.tree.get(path);
    if (n === undefined) return this.finish(op, { ok: false, err: -101, zxid: this.zxid }, opts);
    if (watch && !opts.lose) this.cl(client).data.add(path);
    return this.finish(op, { ok: true, zxid: this.zxid, result: { data: n.data, ...this.stat(n) } }, opts);
  }

  exists(client: string, path: string, watch = false, opts: CallOpts = {}): HistoryOp {
    const op = this.begin(client, 'exists', path, { watch }, opts);
    const n = this.tree.get(path);
    if (watch && !opts.lose) this.cl(client).data.add(path);
    if (n === undefined) return this.finish(op, { ok: true, zxid: this.zxid, result: { exists: false } }, opts);
    return this.finish(op, { ok: true, zxid: this.zxid, result: { exists: true, ...this.stat(n) } }, opts);
  }

  getChildren(client: string, path: string, watch = false, opts: CallOpts = {}): HistoryOp {
    const op = this.begin(client, 'getChildren', path, { watch }, opts);
    const n = this.tree.get(path);
    if (n === undefined) return this.finish(op, { ok: false, err: -101, zxid: this.zxid }, opts);
    if (watch && !opts.lose) this.cl(client).child.add(path);
    return this.finish(op, { ok: true, zxid: this.zxid, result: { children: [...n.children].reverse() } }, opts);
  }

  sync(client: string, path = '/', opts: CallOpts = {}): HistoryOp {
    const op = this.begin(client, 'sync', path, {}, opts);
    return this.finish(op, { ok: true, zxid: this.zxid }, opts);
  }

  /** The session ends (close or expiry): its ephemerals go, firing watches. */
  closeSession(client: string): void {
    const c = this.cl(client);
    this.now += 10;
    const zxid = ++this.zxid;
    c.dead = true;
    const changes: { type: number; path: string }[] = [];
    for (const [p, n] of [...this.tree].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (n.owner !== c.session) continue;
      const r = runSub(this.tree, { kind: 'delete', path: p }, zxid, c.session);
      changes.push(...r.changes);
    }
    this.committed.push({ zxid, kind: 'closeSession', path: null, err: 0, session: c.session, at: this.now });
    this.fire(changes, zxid);
  }

  isDead(client: string): boolean {
    return this.cl(client).dead;
  }

  has(path: string): boolean {
    return this.tree.has(path);
  }

  /** The history so far (deep copy; seq numbers assigned in arrival order). */
  history(): History {
    const ds = [...this.deliveries].sort((a, b) => a.arrival - b.arrival || a.order - b.order);
    ds.forEach((d, i) => {
      if (d.op) d.op.returnSeq = i + 1;
      if (d.ev) d.ev.seq = i + 1;
    });
    const events = ds.filter((d) => d.ev !== undefined).map((d) => d.ev!);
    const h: History = { ops: this.ops, events, committed: this.committed };
    const copy = structuredClone(h);
    // keep the cause oracle usable on the copy: same order of events
    this.lastCauses = events.map((e) => this.eventCause.get(e)!);
    return copy;
  }

  /** history().events[i] was fired by the change at lastCauses[i]. */
  lastCauses: number[] = [];
}

/** A busy but correct history: creates, sequential names, versions, failures, multi, ephemerals. */
export function richWorld(): SeqZk {
  const w = new SeqZk(['a', 'b', 'c']);
  w.create('a', '/app', 'root');
  w.create('b', '/app', 'dup'); // NodeExists
  w.create('a', '/app/q-', 'j1', { sequential: true });
  w.create('b', '/app/q-', 'j2', { sequential: true });
  w.create('c', '/app/lock', null, { ephemeral: true });
  w.create('a', '/app/lock/x', 'no'); // NoChildrenForEphemerals
  w.create('a', '/nope/x', 'no'); // NoNode
  w.setData('b', '/app', 'v1', 0);
  w.setData('a', '/app', 'v2', 0); // BadVersion
  w.setData('a', '/app', 'v2', 1);
  w.delete('b', '/app', -1); // NotEmpty
  w.getData('c', '/app');
  w.getChildren('c', '/app');
  w.multi('a', [
    { kind: 'check', path: '/app', version: 2 },
    { kind: 'create', path: '/app/q-', data: 'm', sequential: true },
    { kind: 'setData', path: '/app', data: 'v3', version: 2 },
  ]);
  w.multi('b', [
    { kind: 'create', path: '/m1', data: 'x' },
    { kind: 'delete', path: '/app', version: -1 }, // NotEmpty: nothing applied
  ]);
  w.exists('b', '/m1');
  w.delete('a', '/app/q-0000000000', 0);
  w.closeSession('c');
  w.exists('a', '/app/lock');
  w.getChildren('b', '/app');
  w.sync('b');
  w.getData('b', '/app');
  return w;
}


export { childPath };
