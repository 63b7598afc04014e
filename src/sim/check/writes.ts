// checkWriteLinearizability: successful writes form one total order, the zxid order, that agrees
// with real time and with a replay of the tree.
//
// What it enforces (W = create/delete/setData/multi; "acked" = the client got a success reply):
// 1. Distinct zxids: no two acked writes have the same reply zxid (a multi is one write).
// 2. Real time: if any write (acked, or failed with a server reply) completed before write B was
//    invoked, B's zxid is greater. For an acked B, its zxid is its reply zxid; for a failed B, its
//    reply zxid (>= its error txn's zxid, which is itself > anything committed before B started).
// 3. Committed log (when recorded): every acked write is the committed txn at its reply zxid (same
//    session+cxid when both are recorded, same kind and actual path) and that txn succeeded; a write
//    that failed with a definite error was not committed as a success, and its error txn carries the
//    same code. The log itself: one txn per zxid, in zxid order, and each txn could be applied to the
//    tree (reported only for txns no history op explains; the op's own check covers the rest).
// 4. Model: an acked write could succeed on the tree just before its zxid (parent exists, node
//    exists/doesn't, versions match, no children, parent not ephemeral - PrepRequestProcessor's
//    order), its sequential name is the parent's cversion (no skipped/repeated numbers), its reported
//    version/Stat match the tree after it. A write that failed with NoNode/NodeExists/BadVersion/
//    NotEmpty/NoChildrenForEphemerals (or a multi failing first with one of them) must be explained
//    by the tree just before its error txn: exactly when the committed log identifies the txn (same
//    session+cxid), else at SOME zxid between the last write completed before it was invoked and its
//    reply zxid (the error txn's zxid is in that window; reply zxid >= error zxid). Indefinite writes
//    (ConnectionLoss, timeouts, no reply) may or may not have happened: when the log identifies their
//    txn they are checked like any other, otherwise nothing is asserted about them.
//
// Deliberately NOT asserted: that a failed write's reply zxid equals its error txn's zxid or is
// distinct from other replies (true in ZooKeeper 3.8 and here, since FinalRequestProcessor answers
// right after applying the txn, but only "reply zxid >= error txn zxid" is relied on). Reads do not
// count as "completed writes" for 2 (the sync checker and session checker cover reads).
//
// What it cannot see: ACLs, quotas, TTL/container expiry timing (container/TTL deletions are taken
// from the log as it is), ctime/mtime, aversion. Without a committed log, every writer must be in
// the history (an unrecorded writer looks like a violation), indefinite writes make the paths they
// touch uncertain forever after (nothing about them is checked from then on), and ephemeral nodes
// become uncertain after their owner's last reply (the session may have expired then).

import { describeOp, Err, fmtZxid, MODELLED_ERRORS, normSession, replyZxid, writeOutcome, type CommittedTxn, type History, type HistoryOp, type Violation } from './history.ts';
import { buildModel, committedKind, couldFailWith, describeEntry, entryErr, evalSub, isSuccessEntry, Overlay, parentOf, reportedCreatedPath, reportedVersion, statMismatch, subOpsOf, writeLowerBounds, type Model } from './model.ts';
import { codeName, codesText, guard, sanitize } from './util.ts';

export const WRITE_CHECKER = 'write-linearizability';

function isWriteKind(k: string): boolean {
  return k === 'create' || k === 'delete' || k === 'setData' || k === 'multi' || k === 'check';
}


export function checkWriteLinearizability(history: History, model?: Model): Violation[] {
  return guard(WRITE_CHECKER, () => {
    const { history: h, dropped } = sanitize(history);
    const m = model ?? buildModel(h);
    const out: Violation[] = [];
    const report = (message: string, opIds: number[]) => out.push({ checker: WRITE_CHECKER, message, opIds });
    if (dropped > 0) report(`${dropped} malformed ops/events ignored`, []);

    // The committed log's own problems, and txns no op explains that the tree could not apply.
    for (const is of m.issues) if (is.opIds.length === 0) report(is.message, []);

    const writes = h.ops.filter((op) => isWriteKind(op.kind));

    // 1. Distinct zxids.
    const byZxid = new Map<number, HistoryOp[]>();
    for (const op of writes) {
      const z = replyZxid(op);
      if (writeOutcome(op) !== 'ok' || z === undefined) continue;
      const l = byZxid.get(z) ?? [];
      l.push(op);
      byZxid.set(z, l);
    }
    for (const [z, l] of byZxid) if (l.length > 1) report(`${l.length} acknowledged writes share zxid ${fmtZxid(z)}: ${l.map(describeOp).join(', ')}`, l.map((o) => o.id));

    // 2. Real time.
    const lower = writeLowerBounds(h);
    for (const op of writes) {
      const o = writeOutcome(op);
      const att = m.attribution.get(op.id);
      let z: number | undefined;
      if (o === 'indefinite') z = att?.zxid;
      else z = replyZxid(op);
      if (z === undefined) continue;
      const lo = lower.query(op.invokedAt);
      if (lo.by >= 0 && z <= lo.zxid) {
        const what = o === 'ok' ? 'got zxid' : o === 'indefinite' ? 'was committed at zxid' : 'failed with reply zxid';
        report(`real-time order violated: ${describeOp(op)} ${what} ${fmtZxid(z)}, but write #${lo.by} with zxid ${fmtZxid(lo.zxid)} completed before it was invoked (at ${op.invokedAt})`, [lo.by, op.id]);
      }
    }

    // 3. Against the committed log.
    if (m.committedMode) {
      for (const op of writes) {
        const o = writeOutcome(op);
        const att = m.attribution.get(op.id);
        const z = replyZxid(op);
        if (o === 'ok') {
          if (att === undefined) {
            if (z === undefined) continue;
            const e = m.logByZxid.get(z);
            report(e ? `acknowledged write lost: ${describeOp(op)} was acknowledged with zxid ${fmtZxid(z)}, but the committed txn at that zxid is ${describeEntry(e)}` : `acknowledged write lost: ${describeOp(op)} was acknowledged with zxid ${fmtZxid(z)}, which is not in the committed log`, [op.id]);
            continue;
          }
          if (z !== undefined && att.zxid !== z) report(`${describeOp(op)} was acknowledged with zxid ${fmtZxid(z)} but committed at ${fmtZxid(att.zxid)}`, [op.id]);
          if (!isSuccessEntry(att)) {
            report(`${describeOp(op)} was acknowledged as a success, but its committed txn at ${fmtZxid(att.zxid)} is ${describeEntry(att)}`, [op.id]);
            continue;
          }
          const mismatch = entryMismatch(op, att);
          if (mismatch !== null) report(`${describeOp(op)} acknowledged at ${fmtZxid(att.zxid)} but the committed txn differs: ${mismatch}`, [op.id]);
        } else if ((o === 'failed' || o === 'unmodelled-failure') && att !== undefined) {
          if (isSuccessEntry(att)) report(`${describeOp(op)} got ${codeName(op.err)}, but its txn was committed as a success at ${fmtZxid(att.zxid)} (${describeEntry(att)})`, [op.id]);
          else if (o === 'failed' && entryErr(att) !== op.err) report(`${describeOp(op)} got ${codeName(op.err)}, but its committed error txn at ${fmtZxid(att.zxid)} says ${codeName(entryErr(att))}`, [op.id]);
        }
      }
    }

    // 4. Against the tree model.
    for (const op of writes) {
      const o = writeOutcome(op);
      const att = m.attribution.get(op.id);
      if (o === 'ok' || (o === 'indefinite' && att !== undefined && isSuccessEntry(att))) {
        const z = o === 'ok' ? (replyZxid(op) ?? att?.zxid) : att!.zxid;
        if (z === undefined) continue;
        checkSuccess(m, op, z, o === 'ok', att, report);
      } else if (o === 'failed' || (o === 'indefinite' && att !== undefined && MODELLED_ERRORS.has(entryErr(att)))) {
        const err = o === 'failed' ? op.err! : entryErr(att!);
        checkFailure(m, op, err, att, lower.query(op.invokedAt).zxid, report);
      }
    }
    return out;
  });
}

/** Why the committed entry is not this acked op, or null. */
function entryMismatch(op: HistoryOp, e: CommittedTxn): string | null {
  const ek = committedKind(e.kind);
  if (ek !== op.kind) return `kind ${e.kind}`;
  const es = normSession(e.session);
  const os = normSession(op.session);
  if (es !== '' && os !== '' && es !== os) return `session 0x${es}`;
  if (typeof e.cxid === 'number' && typeof op.xid === 'number' && e.cxid !== op.xid) return `cxid ${e.cxid}`;
  if (op.kind === 'multi') {
    if (Array.isArray(e.ops) && Array.isArray(op.ops)) {
      if (e.ops.length !== op.ops.length) return `${e.ops.length} sub-txns for ${op.ops.length} ops`;
      for (let i = 0; i < e.ops.length; i++) {
        const d = pathMismatch(op, op.ops[i]!, i, e.ops[i]!);
        if (d !== null) return `sub-op ${i}: ${d}`;
      }
    }
    return null;
  }
  return pathMismatch(op, op, 0, e);
}

function pathMismatch(parent: HistoryOp, so: HistoryOp, i: number, e: CommittedTxn): string | null {
  if (typeof e.path !== 'string') return null;
  const ek = committedKind(e.kind);
  if (ek !== committedKind(so.kind) && !(ek === 'error' && parent.kind === 'multi')) return `kind ${e.kind}`;
  if (so.kind === 'create') {
    const actual = reportedCreatedPath(parent, i);
    if (actual !== undefined) return actual === e.path ? null : `path ${e.path} (reply said ${actual})`;
    if (so.sequential === true) return e.path.startsWith(so.path) ? null : `path ${e.path}`;
  }
  return e.path === so.path ? null : `path ${e.path}`;
}

function checkSuccess(m: Model, op: HistoryOp, z: number, compareResults: boolean, att: CommittedTxn | undefined, report: (msg: string, ids: number[]) => void): void {
  const session = normSession(op.session);
  const ov = new Overlay(m.view(z - 1));
  const subs = subOpsOf(op);
  for (let i = 0; i < subs.length; i++) {
    const so = subs[i]!;
    const committedPath = op.kind === 'multi' ? att?.ops?.[i]?.path : att?.path;
    const actual = (compareResults ? reportedCreatedPath(op, i) : undefined) ?? (typeof committedPath === 'string' ? committedPath : undefined);
    const r = evalSub(ov, so, z, session, true, actual);
    const where = op.kind === 'multi' ? `${describeOp(op)} sub-op ${i} ${so.kind}(${so.path})` : describeOp(op);
    if (!r.codes.has(Err.OK)) {
      report(`${where} succeeded at zxid ${fmtZxid(z)}, but on the tree just before it it would fail with ${codesText(r.codes)}${stateHint(ov, so)}`, [op.id]);
      return;
    }
    if (so.kind === 'create' && r.path !== undefined && actual !== undefined && r.path !== actual) {
      report(so.sequential === true ? `${where} created ${actual}, but the parent's cversion gives ${r.path} (sequence number skipped or repeated)` : `${where} created ${actual} instead of ${r.path}`, [op.id]);
    }
    if (compareResults && op.kind === 'multi' && so.kind === 'setData') {
      const rv = reportedVersion(op, i);
      const st = ov.get(so.path);
      if (rv !== undefined && st.version !== undefined && rv !== st.version) report(`${where} reported version ${rv}, the tree says ${st.version}`, [op.id]);
    }
  }
  if (compareResults && op.kind !== 'multi' && op.result !== undefined) {
    const node = op.kind === 'create' ? (reportedCreatedPath(op, 0) ?? (op.sequential ? undefined : op.path)) : op.path;
    if (node !== undefined && op.kind !== 'delete') {
      const mm = statMismatch(op.result, ov.get(node));
      if (mm !== null) report(`${describeOp(op)} at zxid ${fmtZxid(z)} reported ${mm}`, [op.id]);
    }
  }
}

function stateHint(v: Overlay, so: HistoryOp): string {
  const st = v.get(so.path);
  const parent = parentOf(so.path);
  const ps = parent === null ? undefined : v.get(parent);
  const bits: string[] = [];
  bits.push(st.exists === undefined ? `${so.path} unknown` : st.exists ? `${so.path} exists (version ${st.version ?? '?'}, ${st.numChildren ?? '?'} children)` : `${so.path} absent`);
  if (ps !== undefined && ps.exists !== true) bits.push(`parent ${parent} ${ps.exists === false ? 'absent' : 'unknown'}`);
  return ` (${bits.join(', ')})`;
}

function checkFailure(m: Model, op: HistoryOp, err: number, att: CommittedTxn | undefined, lo: number, report: (msg: string, ids: number[]) => void): void {
  const session = normSession(op.session);
  if (att !== undefined) {
    if (!couldFailWith(m.view(att.zxid - 1), op, err, session)) report(`${describeOp(op)} failed with ${codeName(err)} at zxid ${fmtZxid(att.zxid)}, which the tree just before it does not explain`, [op.id]);
    return;
  }
  const b = replyZxid(op);
  const hi = b !== undefined ? b - 1 : m.maxZxid;
  const paths = new Set<string>();
  for (const so of subOpsOf(op)) {
    if (typeof so.path !== 'string') continue;
    paths.add(so.path);
    const p = parentOf(so.path);
    if (p !== null) paths.add(p);
  }
  if (hi < lo) {
    // Also a real-time violation (reported above); the window is empty.
    return;
  }
  if (!m.someStateIn(paths, lo, hi, (v) => couldFailWith(v, op, err, session))) {
    report(`${describeOp(op)} failed with ${codeName(err)}${b !== undefined ? ` (reply zxid ${fmtZxid(b)})` : ''}, but no tree between zxid ${fmtZxid(lo)} and ${fmtZxid(hi)} explains it`, [op.id]);
  }
}
