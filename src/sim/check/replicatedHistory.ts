// A replicated reference ZooKeeper for the checkers' no-false-alarm tests: one leader that commits
// every write at once, several servers that apply the committed log lazily (so reads are stale),
// clients that move between servers (ZooKeeper's rules: the new server catches up to the client's
// last zxid first; the client re-sends its watches with SetWatches relative to its last zxid, and the
// server answers them exactly like DataTree.setWatches), lost replies. Histories it produces are
// valid by construction, including the awkward legal cases: stale reads, exist watches that miss a
// create+delete while disconnected, SetWatches events out of zxid order, the double NodeDeleted a
// SetWatches sends for a node with both a data and a child watch.

import type { CommittedTxn, History, HistoryOp, OpKind, SubResult, WatchDelivery } from './history.ts';
import { cloneTree, runSub, type Node, type SubSpec, type Tree } from './seqHistory.ts';

interface Server {
  tree: Tree;
  applied: number;
  logIdx: number;
  /** server-side one-shot watches per connected client */
  watches: Map<string, { data: Set<string>; child: Set<string> }>;
}

interface Client {
  session: string;
  server: number;
  conn: number;
  lastZxid: number;
  latency: number;
  lastArrival: number;
  xid: number;
  dead: boolean;
  /** client-side watch tables (ZKWatchManager) */
  data: Set<string>;
  exist: Set<string>;
  child: Set<string>;
}

interface LogEntry {
  zxid: number;
  subs: SubSpec[] | null; // null = closeSession
  session: string;
  ok: boolean;
}

function freshTree(): Tree {
  const n = (x: Partial<Node>): Node => ({ data: '', version: 0, cversion: 0, children: new Set(), czxid: 0, mzxid: 0, pzxid: 0, owner: '', ...x });
  return new Map([
    ['/', n({ children: new Set(['zookeeper']) })],
    ['/zookeeper', n({ children: new Set(['quota', 'config']) })],
    ['/zookeeper/quota', n({})],
    ['/zookeeper/config', n({})],
  ]);
}

export class ReplicatedZk {
  now = 0;
  zxid = 0;
  private leader: Tree = freshTree();
  private readonly log: LogEntry[] = [];
  private readonly servers: Server[] = [];
  private readonly clients = new Map<string, Client>();
  private readonly ops: HistoryOp[] = [];
  private readonly committed: CommittedTxn[] = [];
  private readonly deliveries: { arrival: number; order: number; op?: HistoryOp; ev?: WatchDelivery }[] = [];
  private nextId = 1;
  private order = 0;

  constructor(clients: string[], nServers = 3) {
    for (let i = 0; i < nServers; i++) this.servers.push({ tree: freshTree(), applied: 0, logIdx: 0, watches: new Map() });
    clients.forEach((c, i) => {
      this.now += 1;
      const session = (0x2000 + i).toString(16);
      this.commit({ zxid: ++this.zxid, subs: [], session, ok: true }, { kind: 'createSession', path: null, err: 0 });
      this.clients.set(c, { session, server: i % nServers, conn: 1, lastZxid: 0, latency: 1, lastArrival: 0, xid: 1, dead: false, data: new Set(), exist: new Set(), child: new Set() });
    });
  }

  clientNames(): string[] {
    return [...this.clients.keys()];
  }

  isDead(c: string): boolean {
    return this.cl(c).dead;
  }

  setLatency(c: string, ms: number): void {
    this.cl(c).latency = ms;
  }

  private cl(c: string): Client {
    const x = this.clients.get(c);
    if (!x) throw new Error(`unknown client ${c}`);
    return x;
  }

  private commit(e: LogEntry, entry: Omit<CommittedTxn, 'zxid' | 'session' | 'at'>): void {
    this.log.push(e);
    this.committed.push({ zxid: e.zxid, session: e.session, at: this.now, ...entry });
  }

  private deliver(name: string, d: { op?: HistoryOp; ev?: WatchDelivery }): number {
    const c = this.cl(name);
    const arrival = Math.max(this.now + c.latency, c.lastArrival);
    c.lastArrival = arrival;
    this.deliveries.push({ arrival, order: this.order++, ...d });
    return arrival;
  }

  /** A notification packet to a client; the client's watch manager materialises (removes) its watches. */
  private notify(name: string, type: number, path: string): void {
    const c = this.cl(name);
    const ev: WatchDelivery = { client: name, session: c.session, type, path, at: 0, seq: 0, conn: c.conn };
    ev.at = this.deliver(name, { ev });
    if (type === 1 || type === 3) {
      c.data.delete(path);
      c.exist.delete(path);
    } else if (type === 4) c.child.delete(path);
    else if (type === 2) {
      c.data.delete(path);
      c.exist.delete(path);
      c.child.delete(path);
    }
  }

  /** Server s applies the committed log up to zxid `to`, firing its watches. */
  private advance(si: number, to: number): void {
    const s = this.servers[si]!;
    while (s.logIdx < this.log.length && this.log[s.logIdx]!.zxid <= to) {
      const e = this.log[s.logIdx++]!;
      s.applied = e.zxid;
      if (!e.ok) continue;
      const changes: { type: number; path: string }[] = [];
      if (e.subs === null) {
        for (const [p, n] of [...s.tree].sort(([a], [b]) => (a < b ? -1 : 1))) if (n.owner === e.session) changes.push(...runSub(s.tree, { kind: 'delete', path: p }, e.zxid, e.session).changes);
      } else for (const sub of e.subs) changes.push(...runSub(s.tree, sub, e.zxid, e.session).changes);
      for (const ch of changes) {
        for (const [name, w] of s.watches) {
          const c = this.cl(name);
          if (c.dead || c.server !== si) continue;
          let fired = false;
          if (ch.type === 4) fired = w.child.delete(ch.path);
          else if (ch.type === 2) {
            const a = w.data.delete(ch.path);
            const b = w.child.delete(ch.path);
            fired = a || b;
          } else fired = w.data.delete(ch.path);
          if (fired) this.notify(name, ch.type, ch.path);
        }
      }
    }
  }

  /** Let a server catch up by up to n txns (lag dynamics). */
  tick(si: number, n: number): void {
    const s = this.servers[si % this.servers.length]!;
    const target = this.log[Math.min(this.log.length - 1, s.logIdx + n - 1)];
    if (target !== undefined) this.advance(si % this.servers.length, target.zxid);
  }

  /** The client's connection breaks; it reconnects to server `to` (SetWatches relative to its last zxid). */
  reconnect(name: string, to: number): void {
    const c = this.cl(name);
    if (c.dead) return;
    this.servers[c.server]!.watches.delete(name);
    c.conn++;
    c.server = to % this.servers.length;
    const s = this.servers[c.server]!;
    if (s.applied < c.lastZxid) this.advance(c.server, c.lastZxid); // (a real server refuses; the client tries another)
    const rel = c.lastZxid;
    const w = { data: new Set<string>(), child: new Set<string>() };
    s.watches.set(name, w);
    const lists = { data: [...c.data], exist: [...c.exist], child: [...c.child] };
    for (const p of lists.data) {
      const n = s.tree.get(p);
      if (n === undefined) this.notify(name, 2, p);
      else if (n.mzxid > rel) this.notify(name, 3, p);
      else w.data.add(p);
    }
    for (const p of lists.exist) {
      if (s.tree.has(p)) this.notify(name, 1, p);
      else w.data.add(p);
    }
    for (const p of lists.child) {
      const n = s.tree.get(p);
      if (n === undefined) this.notify(name, 2, p);
      else if (n.pzxid > rel) this.notify(name, 4, p);
      else w.child.add(p);
    }
  }

  private begin(name: string, kind: OpKind, path: string, extra: Partial<HistoryOp>, advance: number): HistoryOp {
    this.now += advance;
    const c = this.cl(name);
    const op: HistoryOp = { id: this.nextId++, client: name, session: c.session, kind, path, invokedAt: this.now, xid: c.xid++, ...extra };
    this.ops.push(op);
    return op;
  }

  private reply(op: HistoryOp, fields: Partial<HistoryOp>): HistoryOp {
    const c = this.cl(op.client);
    Object.assign(op, fields, { conn: c.conn, server: `s${c.server}` });
    if (typeof fields.zxid === 'number' && fields.zxid > 0) c.lastZxid = fields.zxid;
    op.returnedAt = this.deliver(op.client, { op });
    return op;
  }

  private lost(op: HistoryOp, reconnectTo: number): HistoryOp {
    Object.assign(op, { ok: false, err: -4 });
    op.returnedAt = this.deliver(op.client, { op });
    this.reconnect(op.client, reconnectTo);
    return op;
  }

  write(name: string, kind: OpKind, subs: SubSpec[], extra: Partial<HistoryOp>, advance = 10, lose?: { applied: boolean; to: number }): HistoryOp {
    const op = this.begin(name, kind, subs[0]?.path ?? '', extra, advance);
    const c = this.cl(name);
    if (lose && !lose.applied) return this.lost(op, lose.to);
    const zxid = ++this.zxid;
    const scratch = cloneTree(this.leader);
    const results: SubResult[] = [];
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
      results.push({ err: 0, ...(r.createdPath !== undefined ? { createdPath: r.createdPath } : {}), ...(r.version !== undefined ? { version: r.version } : {}) });
    }
    const ok = firstErr === 0;
    if (ok) this.leader = scratch;
    const entry: Omit<CommittedTxn, 'zxid' | 'session' | 'at'> = ok
      ? kind === 'multi'
        ? { kind: 'multi', path: null, err: 0, cxid: op.xid!, ops: subs.map((s, i) => ({ zxid, kind: s.kind, path: results[i]!.createdPath ?? s.path, err: 0, ...(s.kind === 'create' || s.kind === 'setData' ? { data: s.data ?? null } : {}), ...(s.kind === 'create' ? { ephemeral: s.ephemeral === true } : {}) })) }
        : { kind: subs[0]!.kind, path: results[0]!.createdPath ?? subs[0]!.path, err: 0, cxid: op.xid!, ...(subs[0]!.kind !== 'delete' ? { data: subs[0]!.data ?? null } : {}), ...(subs[0]!.kind === 'create' ? { ephemeral: subs[0]!.ephemeral === true } : {}) }
      : { kind: kind === 'multi' ? 'multi' : 'error', path: kind === 'multi' ? null : subs[0]!.path, err: firstErr, cxid: op.xid! };
    this.commit({ zxid, subs, session: c.session, ok }, entry);
    // The client's server applies up to the txn, then answers.
    this.advance(c.server, zxid);
    if (lose) return this.lost(op, lose.to);
    if (!ok) return this.reply(op, { ok: false, err: firstErr, zxid, ...(kind === 'multi' ? { result: { results } } : {}) });
    if (kind === 'multi') return this.reply(op, { ok: true, zxid, result: { results } });
    const s0 = subs[0]!;
    const result: HistoryOp['result'] = {};
    if (s0.kind === 'create') result.createdPath = results[0]!.createdPath!;
    if (s0.kind === 'setData') {
      const n = this.servers[c.server]!.tree.get(s0.path)!;
      Object.assign(result, { version: n.version, mzxid: n.mzxid });
    }
    return this.reply(op, { ok: true, zxid, result });
  }

  create(name: string, path: string, data: string | null, flags: { sequential?: boolean; ephemeral?: boolean } = {}, advance = 10, lose?: { applied: boolean; to: number }): HistoryOp {
    return this.write(name, 'create', [{ kind: 'create', path, data, ...flags }], { data, sequential: flags.sequential === true, ephemeral: flags.ephemeral === true }, advance, lose);
  }

  setData(name: string, path: string, data: string | null, version = -1, advance = 10, lose?: { applied: boolean; to: number }): HistoryOp {
    return this.write(name, 'setData', [{ kind: 'setData', path, data, version }], { data, version }, advance, lose);
  }

  delete(name: string, path: string, version = -1, advance = 10): HistoryOp {
    return this.write(name, 'delete', [{ kind: 'delete', path, version }], { version }, advance);
  }

  multi(name: string, subs: SubSpec[], advance = 10): HistoryOp {
    const c = this.cl(name);
    const ops: HistoryOp[] = subs.map((s) => ({ id: 0, client: name, session: c.session, kind: s.kind, path: s.path, invokedAt: 0, ...(s.data !== undefined ? { data: s.data } : {}), ...(s.version !== undefined ? { version: s.version } : {}), sequential: s.sequential === true, ephemeral: s.ephemeral === true }));
    return this.write(name, 'multi', subs, { ops }, advance);
  }

  private stat(n: Node) {
    return { version: n.version, czxid: n.czxid, mzxid: n.mzxid, pzxid: n.pzxid, cversion: 2 * n.cversion - n.children.size, numChildren: n.children.size, ephemeralOwner: n.owner === '' ? '0' : n.owner };
  }

  /** A read served locally by the client's server, possibly stale. */
  read(name: string, kind: 'getData' | 'exists' | 'getChildren', path: string, watch: boolean, advance = 10): HistoryOp {
    const op = this.begin(name, kind, path, { watch }, advance);
    const c = this.cl(name);
    const s = this.servers[c.server]!;
    const n = s.tree.get(path);
    let w = s.watches.get(name);
    if (w === undefined) {
      w = { data: new Set(), child: new Set() };
      s.watches.set(name, w);
    }
    const z = s.applied;
    if (kind === 'exists') {
      if (watch) {
        w.data.add(path);
        (n ? c.data : c.exist).add(path);
      }
      return this.reply(op, { ok: true, zxid: z, result: n ? { exists: true, ...this.stat(n) } : { exists: false } });
    }
    if (n === undefined) return this.reply(op, { ok: false, err: -101, zxid: z });
    if (watch) {
      if (kind === 'getData') {
        w.data.add(path);
        c.data.add(path);
      } else {
        w.child.add(path);
        c.child.add(path);
      }
    }
    if (kind === 'getData') return this.reply(op, { ok: true, zxid: z, result: { data: n.data, ...this.stat(n) } });
    return this.reply(op, { ok: true, zxid: z, result: { children: [...n.children] } });
  }

  sync(name: string, advance = 10): HistoryOp {
    const op = this.begin(name, 'sync', '/', {}, advance);
    const c = this.cl(name);
    this.advance(c.server, this.zxid);
    return this.reply(op, { ok: true, zxid: this.servers[c.server]!.applied });
  }

  closeSession(name: string): void {
    const c = this.cl(name);
    this.now += 10;
    c.dead = true;
    const zxid = ++this.zxid;
    for (const [p, n] of [...this.leader]) if (n.owner === c.session) runSub(this.leader, { kind: 'delete', path: p }, zxid, c.session);
    this.commit({ zxid, subs: null, session: c.session, ok: true }, { kind: 'closeSession', path: null, err: 0 });
    this.advance(c.server, zxid);
  }

  history(): History {
    const ds = [...this.deliveries].sort((a, b) => a.arrival - b.arrival || a.order - b.order);
    ds.forEach((d, i) => {
      if (d.op) d.op.returnSeq = i + 1;
      if (d.ev) d.ev.seq = i + 1;
    });
    return structuredClone({ ops: this.ops, events: ds.filter((d) => d.ev).map((d) => d.ev!), committed: this.committed });
  }
}
