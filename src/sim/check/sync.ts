// checkSyncReads: sync + read is a linearizable read.
//
// What it enforces: let S be a successful sync of a session and W the largest zxid of any write
// (create/delete/setData/multi, acked or failed with a server reply, any session) that completed
// strictly before S was invoked. Then
//   - S's own reply zxid is >= W (the server answers a sync after applying everything before it), and
//   - the session's next read after S (by invocation order, the first one the server answered, even
//     if pipelined before S returned) has reply zxid >= W. When that read has no recorded zxid, its
//     result must match the tree at some zxid between W and the largest zxid committed by its return.
// Together with checkSessionOrder (the read equals the tree at its reply zxid) this means the read
// reflects every write that completed before the sync was issued.
//
// What it cannot see: only the first read after each sync is checked here (later ones are bounded by
// session monotonicity). Writes whose completion the history lacks (no reply) do not count. Note
// that ZooKeeper 3.8's sync is not a quorum operation: a deposed leader that has not yet noticed can
// answer a sync, so a partition scenario may legitimately trip this check - that is a real property
// of ZooKeeper, not a checker bug.

import { describeOp, Err, fmtZxid, isRead, replyZxid, type History, type HistoryOp, type Violation } from './history.ts';
import { buildModel, parentOf, readMismatch, writeLowerBounds, type Model } from './model.ts';
import { byClient, guard, sanitize } from './util.ts';

export const SYNC_CHECKER = 'sync-reads';

function answeredRead(op: HistoryOp): boolean {
  return isRead(op) && op.returnedAt !== undefined && (op.ok === true || op.err === Err.NONODE);
}

export function checkSyncReads(history: History, model?: Model): Violation[] {
  return guard(SYNC_CHECKER, () => {
    const { history: h } = sanitize(history);
    const out: Violation[] = [];
    const report = (message: string, opIds: number[]) => out.push({ checker: SYNC_CHECKER, message, opIds });
    const completed = writeLowerBounds(h);
    let m: Model | undefined = model;

    for (const ops of byClient(h.ops).values()) {
      // next answered read after index i
      const nextRead: number[] = new Array<number>(ops.length).fill(-1);
      let nxt = -1;
      for (let i = ops.length - 1; i >= 0; i--) {
        nextRead[i] = nxt;
        if (answeredRead(ops[i]!)) nxt = i;
      }
      for (let i = 0; i < ops.length; i++) {
        const s = ops[i]!;
        if (s.kind !== 'sync' || s.ok !== true) continue;
        const w = completed.query(s.invokedAt);
        if (w.by < 0) continue;
        const sz = replyZxid(s);
        if (sz !== undefined && sz < w.zxid) report(`${describeOp(s)} was answered at zxid ${fmtZxid(sz)}, behind write #${w.by} (zxid ${fmtZxid(w.zxid)}) that completed before the sync was issued`, [w.by, s.id]);
        const j = nextRead[i]!;
        if (j < 0) continue;
        const r = ops[j]!;
        const rz = replyZxid(r);
        if (rz !== undefined) {
          if (rz < w.zxid) report(`${describeOp(r)} after ${describeOp(s)} was served at zxid ${fmtZxid(rz)}, missing write #${w.by} (zxid ${fmtZxid(w.zxid)}) that completed before the sync was issued`, [w.by, s.id, r.id]);
          continue;
        }
        m ??= buildModel(h);
        const hi = m.maxCommittedAt(r.returnedAt!) ?? m.maxZxid;
        const paths = [r.path];
        const p = parentOf(r.path);
        if (p !== null) paths.push(p);
        if (!m.someStateIn(paths, w.zxid, hi, (v) => readMismatch(r, v) === null)) report(`${describeOp(r)} after ${describeOp(s)} matches no tree at or after zxid ${fmtZxid(w.zxid)} (write #${w.by}, completed before the sync was issued)`, [w.by, s.id, r.id]);
      }
    }
    return out;
  });
}
