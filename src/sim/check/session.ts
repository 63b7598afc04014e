// checkSessionOrder: what one session sees is a FIFO, never-backwards view of the zxid order.
//
// What it enforces, per client handle (= one session):
// 1. FIFO: calls complete in invocation order (returnSeq when recorded, else returnedAt), whether
//    the completion is a server reply or a client-generated error.
// 2. Reply zxids never decrease in completion order, including across reconnects to other servers
//    (a server behind the client's last seen zxid must refuse the connection).
// 3. Reads (getData, exists, getChildren; NoNode replies included) return exactly the tree at their
//    reply zxid: ZooKeeper serves a read from the server's last processed zxid, which is what the
//    reply header carries. Data, version, Stat fields, existence and the children set are compared
//    wherever the model knows them.
// 4. No read from the future: with a committed log that records commit times (`at`), a reply zxid
//    is at most the largest zxid committed by the time the reply arrived (without times: at most the
//    largest committed zxid at all).
// When a read has no reply zxid, 3 becomes: its result equals the tree at SOME zxid between the
// largest zxid the session had seen when it was invoked and the largest zxid committed by its return.
//
// What it cannot see: replies with no recorded zxid for (2); ACL-dependent reads (getACL) and
// getEphemerals/getAllChildrenNumber are not modelled; ctime/mtime. Staleness within the allowed
// window is legal and not reported (a read may lag other sessions' writes until sync).

import { describeOp, Err, fmtZxid, isRead, replyZxid, type History, type HistoryOp, type Violation } from './history.ts';
import { buildModel, CompletedBefore, parentOf, readMismatch, type Model } from './model.ts';
import { byClient, guard, sanitize } from './util.ts';

export const SESSION_CHECKER = 'session-order';


export function checkSessionOrder(history: History, model?: Model): Violation[] {
  return guard(SESSION_CHECKER, () => {
    const { history: h } = sanitize(history);
    const m = model ?? buildModel(h);
    const out: Violation[] = [];
    const report = (message: string, opIds: number[]) => out.push({ checker: SESSION_CHECKER, message, opIds });

    for (const [client, ops] of byClient(h.ops)) {
      const returned = ops.filter((op) => op.returnedAt !== undefined);

      // 1. FIFO: adjacent pairs in invocation order (any inversion shows up in an adjacent pair).
      for (let i = 1; i < returned.length; i++) {
        const a = returned[i - 1]!;
        const b = returned[i]!;
        const inverted = a.returnSeq !== undefined && b.returnSeq !== undefined ? a.returnSeq > b.returnSeq : a.returnedAt! > b.returnedAt!;
        if (inverted) report(`${client}: replies out of FIFO order: ${describeOp(a)} was invoked before ${describeOp(b)} but completed after it`, [a.id, b.id]);
      }

      // 2. Reply zxids never decrease.
      // Completion order: returnSeq when every completion has one, else returnedAt (ties: invocation order).
      const useSeq = returned.every((op) => typeof op.returnSeq === 'number');
      const key = (op: HistoryOp) => (useSeq ? op.returnSeq! : op.returnedAt!);
      const withZxid = returned.filter((op) => replyZxid(op) !== undefined).sort((a, b) => key(a) - key(b) || a.id - b.id);
      let max = -Infinity;
      let maxOp: HistoryOp | undefined;
      for (const op of withZxid) {
        const z = replyZxid(op)!;
        if (z < max && maxOp !== undefined) report(`${client}: session went backwards: ${describeOp(op)} was answered at zxid ${fmtZxid(z)} after ${describeOp(maxOp)} was answered at ${fmtZxid(max)}`, [maxOp.id, op.id]);
        if (z > max) {
          max = z;
          maxOp = op;
        }
      }

      // 3/4. Reads against the tree.
      const seen = new CompletedBefore(withZxid.map((op) => ({ at: op.returnedAt!, zxid: replyZxid(op)!, id: op.id })));
      for (const op of returned) {
        if (!isRead(op)) continue;
        const answered = op.ok === true || op.err === Err.NONODE;
        if (!answered) continue;
        const z = replyZxid(op);
        const bound = m.maxCommittedAt(op.returnedAt!);
        if (z !== undefined) {
          if (bound !== undefined && z > bound) report(`${describeOp(op)} was served at zxid ${fmtZxid(z)}, beyond the last zxid committed by its return (${fmtZxid(bound)})`, [op.id]);
          const mm = readMismatch(op, m.view(z));
          if (mm !== null) report(`${describeOp(op)} served at zxid ${fmtZxid(z)} does not match the tree at that zxid: ${mm}`, [op.id]);
          continue;
        }
        const lo = seen.query(op.invokedAt).zxid;
        const hi = bound ?? m.maxZxid;
        const paths = [op.path];
        const p = parentOf(op.path);
        if (p !== null) paths.push(p);
        if (!m.someStateIn(paths, lo, hi, (v) => readMismatch(op, v) === null)) report(`${describeOp(op)} matches no tree between zxid ${fmtZxid(lo)} (last seen by the session) and ${fmtZxid(hi)}`, [op.id]);
      }
    }
    return out;
  });
}
