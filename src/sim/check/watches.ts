// checkWatchOrder: one-shot watches fire once, for the right change, in order, before the new state.
//
// Bookkeeping per client (= session), walking its replies and notifications in `seq` order:
// a successful getData / exists(found) with watch=true arms a DATA watch on the path; exists(not
// found) arms an EXIST watch (a data watch server-side); getChildren arms a CHILD watch. Re-arming
// an armed (kind, path) keeps the first registration (ZooKeeper keeps one watch per connection,
// path and kind, and SetWatches re-registers it on reconnect relative to the last zxid seen).
// NodeCreated/NodeDataChanged consume the data watch, NodeChildrenChanged the child watch,
// NodeDeleted both (one notification). removeWatches clears; addWatch adds persistent watches.
//
// What it enforces:
// 1. At most once: every notification (types 1-4) consumes an armed one-shot watch of a matching
//    kind on its path, unless a persistent watch (addWatch) covers it - otherwise it fired twice or
//    without registration. One legal exception: after a reconnect, SetWatches answers a node with
//    both a data and a child watch that is now gone with two NodeDeleted packets; the second one
//    (same path, same connection, right after a NodeDeleted that consumed both) is allowed.
// With a committed log (the model's per-path change lists; skipped where the model is uncertain):
// 2. Explained: some committed change of the event's type on that path (NodeDataChanged: setData or
//    re-create; NodeChildrenChanged: a child created/deleted, or the node re-created) happened after
//    the registration's reply zxid.
// 3. Right change (live events only: registered and delivered on the same connection): the event's
//    type is the type of the FIRST change after the registration that triggers that kind of watch
//    (data: create/setData/delete of the node; child: a child created/deleted, or the node deleted).
// 4. Zxid order (live events only): on one connection, events arrive in the zxid order of their
//    causes (non-decreasing: one txn may fire several).
// 5. Before the new state: once a change t triggers an armed data or child watch, the watch's event
//    arrives before any later reply of the session whose zxid is >= t (on any connection: SetWatches
//    replays the event on reconnect). A missing event is a violation as soon as such a reply exists.
//    For EXIST watches this is enforced only while the session stays on the registering connection:
//    a node created and deleted again while disconnected legitimately loses the event.
//
// What it cannot see: clients whose replies/events lack `seq` are skipped for 1-5 (no reliable
// interleaving); without `conn`, 3/4 and the EXIST part of 5 are skipped. Events replayed by
// SetWatches after a reconnect are not ordered (ZooKeeper fires them data, exist, child watches
// first, not in zxid order). Persistent/recursive watch events are only exempted from 1, not
// checked. Connection-state events (type None) and watch-removed events (5-7) are ignored.

import { describeOp, Err, EventType, fmtZxid, replyZxid, type History, type HistoryOp, type Violation, type WatchDelivery } from './history.ts';
import { buildModel, type Change, type Model } from './model.ts';
import { FirstAtLeast, guard, sanitize } from './util.ts';

export const WATCH_CHECKER = 'watch-order';

interface Arm {
  kind: 'data' | 'child';
  exist: boolean;
  path: string;
  /** Reply zxid of the registering read (undefined = unknown). */
  R: number | undefined;
  regSeq: number;
  conn: number | undefined;
  opId: number;
  consumedSeq?: number;
  consumedBy?: WatchDelivery;
  removedSeq?: number;
}

type Item = { seq: number; op: HistoryOp; ev?: undefined } | { seq: number; ev: WatchDelivery; op?: undefined };

const TYPE_NAMES: Record<number, string> = { 1: 'NodeCreated', 2: 'NodeDeleted', 3: 'NodeDataChanged', 4: 'NodeChildrenChanged' };

function typeName(t: number): string {
  return TYPE_NAMES[t] ?? `type ${t}`;
}

function firstAfter(list: readonly Change[] | undefined, R: number, filter?: (c: Change) => boolean): Change | undefined {
  if (list === undefined) return undefined;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.zxid <= R) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < list.length; i++) if (filter === undefined || filter(list[i]!)) return list[i];
  return undefined;
}

/** The first change after the arm's registration that triggers it, when the model is sure of it. */
function trigger(m: Model, a: Arm): Change | undefined {
  if (a.R === undefined) return undefined;
  const lim = m.uncertainFrom(a.path);
  if (a.R >= lim) return undefined;
  let c: Change | undefined;
  if (a.kind === 'data') c = firstAfter(m.dataChanges.get(a.path), a.R);
  else {
    const kid = firstAfter(m.childChanges.get(a.path), a.R);
    const del = firstAfter(m.dataChanges.get(a.path), a.R, (x) => x.type === EventType.NodeDeleted);
    c = kid === undefined ? del : del === undefined ? kid : del.zxid < kid.zxid || (del.zxid === kid.zxid && del.ord < kid.ord) ? del : kid;
  }
  if (c === undefined || c.zxid >= lim) return undefined;
  return c;
}

/** Is there a committed change that can produce this event type on this path after zxid R? */
function explainable(m: Model, ev: WatchDelivery, R: number): boolean {
  const data = m.dataChanges.get(ev.path);
  switch (ev.type) {
    case EventType.NodeCreated:
      return firstAfter(data, R, (c) => c.type === EventType.NodeCreated) !== undefined;
    case EventType.NodeDeleted:
      return firstAfter(data, R, (c) => c.type === EventType.NodeDeleted) !== undefined;
    case EventType.NodeDataChanged:
      return firstAfter(data, R, (c) => c.type === EventType.NodeDataChanged || c.type === EventType.NodeCreated) !== undefined;
    case EventType.NodeChildrenChanged:
      return firstAfter(m.childChanges.get(ev.path), R) !== undefined || firstAfter(data, R, (c) => c.type === EventType.NodeCreated) !== undefined;
    default:
      return true;
  }
}

function covers(p: { path: string; recursive: boolean }, ev: WatchDelivery): boolean {
  if (!p.recursive) return p.path === ev.path;
  if (ev.type === EventType.NodeChildrenChanged) return false;
  return ev.path === p.path || p.path === '/' || ev.path.startsWith(p.path + '/');
}

export function checkWatchOrder(history: History, model?: Model): Violation[] {
  return guard(WATCH_CHECKER, () => {
    const { history: h } = sanitize(history);
    const out: Violation[] = [];
    const report = (message: string, opIds: number[]) => out.push({ checker: WATCH_CHECKER, message, opIds });
    const m = model ?? buildModel(h);
    const causal = m.committedMode;

    const clients = new Map<string, { ops: HistoryOp[]; events: WatchDelivery[] }>();
    const entry = (c: string) => {
      let e = clients.get(c);
      if (e === undefined) {
        e = { ops: [], events: [] };
        clients.set(c, e);
      }
      return e;
    };
    for (const op of h.ops) if (op.returnedAt !== undefined) entry(op.client).ops.push(op);
    for (const ev of h.events) if (ev.type >= 1 && ev.type <= 4) entry(ev.client).events.push(ev);

    for (const [client, { ops, events }] of clients) {
      if (events.length === 0 && !ops.some((o) => o.watch === true)) continue;
      if (ops.some((o) => typeof o.returnSeq !== 'number') || events.some((e) => typeof e.seq !== 'number')) continue; // no reliable interleaving
      const items: Item[] = [...ops.map((op) => ({ seq: op.returnSeq!, op })), ...events.map((ev) => ({ seq: ev.seq, ev }))];
      items.sort((a, b) => a.seq - b.seq);

      const armed = new Map<string, Arm>();
      const arms: Arm[] = [];
      const persistent: { path: string; recursive: boolean }[] = [];
      const excused = new Set<string>();
      const setWatchesDuplicate = new Set<string>();
      const lastLive = new Map<number, { zxid: number; ev: WatchDelivery }>();
      const replySeq: number[] = [];
      const replyZ: number[] = [];
      const replyConn: (number | undefined)[] = [];
      const replyOp: HistoryOp[] = [];

      const arm = (op: HistoryOp, kind: 'data' | 'child', exist: boolean) => {
        const key = `${kind}:${op.path}`;
        setWatchesDuplicate.delete(`${op.path}|${op.conn}`);
        if (armed.has(key)) return;
        const a: Arm = { kind, exist, path: op.path, R: replyZxid(op), regSeq: op.returnSeq!, conn: op.conn, opId: op.id };
        armed.set(key, a);
        arms.push(a);
      };

      for (const it of items) {
        if (it.op !== undefined) {
          const op = it.op;
          const z = replyZxid(op);
          if (z !== undefined) {
            replySeq.push(it.seq);
            replyZ.push(z);
            replyConn.push(op.conn);
            replyOp.push(op);
          }
          if (op.watch === true) {
            if (op.kind === 'getData' && op.ok === true) arm(op, 'data', false);
            else if (op.kind === 'getChildren' && op.ok === true) arm(op, 'child', false);
            else if (op.kind === 'exists') {
              const found = op.ok === true ? (op.result?.exists ?? true) : op.err === Err.NONODE ? false : undefined;
              if (found !== undefined) arm(op, 'data', !found);
            }
          }
          if (op.kind === 'removeWatches') {
            const t = op.watcherType ?? 3;
            for (const kind of t === 1 ? ['child'] : t === 2 ? ['data'] : ['child', 'data']) {
              const a = armed.get(`${kind}:${op.path}`);
              if (a !== undefined && op.ok === true) {
                a.removedSeq = it.seq;
                armed.delete(`${kind}:${op.path}`);
              }
              excused.add(`${kind}:${op.path}`);
            }
            if (op.ok === true && t === 3) for (let i = persistent.length - 1; i >= 0; i--) if (persistent[i]!.path === op.path) persistent.splice(i, 1);
          }
          if (op.kind === 'addWatch' && op.ok === true) persistent.push({ path: op.path, recursive: op.watchMode === 1 });
          continue;
        }
        const ev = it.ev;
        const kinds: ('data' | 'child')[] = ev.type === EventType.NodeChildrenChanged ? ['child'] : ev.type === EventType.NodeDeleted ? ['data', 'child'] : ['data'];
        const consumed: Arm[] = [];
        for (const k of kinds) {
          const a = armed.get(`${k}:${ev.path}`);
          if (a !== undefined) {
            consumed.push(a);
            armed.delete(`${k}:${ev.path}`);
            a.consumedSeq = ev.seq;
            a.consumedBy = ev;
          }
        }
        if (consumed.length === 0) {
          const dup = `${ev.path}|${ev.conn}`;
          if (ev.type === EventType.NodeDeleted && setWatchesDuplicate.has(dup)) {
            setWatchesDuplicate.delete(dup);
            continue;
          }
          if (!persistent.some((p) => covers(p, ev)) && !kinds.some((k) => excused.has(`${k}:${ev.path}`))) {
            report(`${client}: ${typeName(ev.type)} on ${ev.path} (seq ${ev.seq}) without a pending one-shot watch: fired twice or never registered`, []);
          }
          continue;
        }
        // SetWatches on a reconnect answers the data list and the child list separately: a node
        // with both watches that is gone gets TWO NodeDeleted packets (the first one materialises
        // both watches client-side). Allow the second one.
        if (ev.type === EventType.NodeDeleted && consumed.length === 2 && !consumed.every((a) => a.conn !== undefined && a.conn === ev.conn)) setWatchesDuplicate.add(`${ev.path}|${ev.conn}`);
        if (!causal) continue;
        const ids = consumed.map((a) => a.opId);
        const certain = m.uncertainFrom(ev.path) === Infinity;
        const Rs = consumed.map((a) => a.R).filter((r): r is number => r !== undefined);
        const minR = Rs.length > 0 ? Math.min(...Rs) : 0;
        if (certain && !explainable(m, ev, minR)) {
          report(`${client}: ${typeName(ev.type)} on ${ev.path} (seq ${ev.seq}) is explained by no committed change after the registration at zxid ${fmtZxid(minR)}`, ids);
          continue;
        }
        const live = ev.conn !== undefined && consumed.every((a) => a.conn === ev.conn);
        if (!live) continue;
        let cause: number | undefined;
        for (const a of consumed) {
          const t = trigger(m, a);
          if (t === undefined) {
            cause = undefined;
            break;
          }
          const expected = a.kind === 'child' && t.type !== EventType.NodeDeleted ? EventType.NodeChildrenChanged : t.type;
          if (expected !== ev.type) report(`${client}: ${typeName(ev.type)} on ${ev.path} (seq ${ev.seq}), but the first change after the ${a.kind} watch registered by #${a.opId} (zxid ${fmtZxid(a.R)}) is a ${typeName(expected)} at zxid ${fmtZxid(t.zxid)}`, ids);
          cause = Math.max(cause ?? -Infinity, t.zxid);
        }
        if (cause === undefined) continue;
        const prev = lastLive.get(ev.conn!);
        if (prev !== undefined && cause < prev.zxid) report(`${client}: watch events out of zxid order on connection ${ev.conn}: ${typeName(ev.type)} on ${ev.path} (change at ${fmtZxid(cause)}) arrived after ${typeName(prev.ev.type)} on ${prev.ev.path} (change at ${fmtZxid(prev.zxid)})`, ids);
        if (prev === undefined || cause >= prev.zxid) lastLive.set(ev.conn!, { zxid: cause, ev });
      }

      // 5. Before the new state.
      if (!causal || arms.length === 0) continue;
      const tree = new FirstAtLeast(replyZ);
      for (const a of arms) {
        const t = trigger(m, a);
        if (t === undefined) continue;
        let from = 0;
        let hi = replySeq.length;
        while (from < hi) {
          const mid = (from + hi) >> 1;
          if (replySeq[mid]! <= a.regSeq) from = mid + 1;
          else hi = mid;
        }
        const f = tree.find(from, t.zxid);
        if (f < 0) continue;
        const fSeq = replySeq[f]!;
        if (a.exist && (a.conn === undefined || replyConn[f] !== a.conn)) continue;
        if (a.removedSeq !== undefined && a.removedSeq < fSeq) continue;
        if (a.consumedSeq !== undefined && a.consumedSeq < fSeq) continue;
        const fop = replyOp[f]!;
        const what = `the ${a.exist ? 'exist' : a.kind} watch on ${a.path} registered by #${a.opId} (zxid ${fmtZxid(a.R)}) was triggered by a ${typeName(t.type)}-type change at zxid ${fmtZxid(t.zxid)}`;
        if (a.consumedSeq === undefined) report(`${client}: missing watch event: ${what}, but ${describeOp(fop)} was answered at zxid ${fmtZxid(replyZ[f])} with no event delivered before it`, [a.opId, fop.id]);
        else report(`${client}: late watch event: ${what}; its event arrived (seq ${a.consumedSeq}) after ${describeOp(fop)} was answered at zxid ${fmtZxid(replyZ[f])} (seq ${fSeq})`, [a.opId, fop.id]);
      }
    }
    return out;
  });
}
