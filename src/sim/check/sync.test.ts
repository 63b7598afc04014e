import { describe, expect, it } from 'vitest';
import { checkHistory, checkSessionOrder, checkSyncReads, type History, type HistoryOp } from './index.ts';
import { SeqZk } from './seqHistory.ts';

function op(h: History, id: number): HistoryOp {
  const o = h.ops.find((x) => x.id === id);
  if (!o) throw new Error(`no op ${id}`);
  return o;
}

const text = (v: { message: string }[]) => v.map((x) => x.message).join('\n');

/** a writes /x twice; b syncs and reads. b has seen nothing newer than the create. */
function scene() {
  const w = new SeqZk(['a', 'b']);
  const c = w.create('a', '/x', '1');
  w.getData('b', '/x');
  const s1 = w.setData('a', '/x', '2');
  const sy = w.sync('b');
  const r = w.getData('b', '/x');
  return { w, c, s1, sy, r };
}

describe('checkSyncReads', () => {
  it('accepts sync followed by a fresh read', () => {
    expect(text(checkHistory(scene().w.history()))).toBe('');
  });

  it('catches a read after sync that misses a write completed before the sync', () => {
    const { w, c, r } = scene();
    const h = w.history();
    // The read is stale but consistent with an older tree, and b never saw anything newer:
    // only the sync guarantee is broken.
    Object.assign(op(h, r.id), { zxid: c.zxid, result: { data: '1', version: 0 } });
    op(h, r.id - 1).zxid = c.zxid; // the sync reply too (keeps the session monotonic)
    expect(text(checkSessionOrder(h))).toBe('');
    const v = checkSyncReads(h);
    expect(text(v)).toMatch(/after .*sync.* was served at zxid .* missing write/);
    expect(text(v)).toMatch(/sync\(\/\) was answered at zxid .* behind write/);
  });

  it('catches it in windowed mode (no reply zxid on the read)', () => {
    const { w, r } = scene();
    const h = w.history();
    Object.assign(op(h, r.id), { zxid: undefined, result: { data: '1', version: 0 } });
    expect(text(checkSyncReads(h))).toMatch(/matches no tree at or after zxid/);
  });

  it('does not demand freshness without a sync', () => {
    const w = new SeqZk(['a', 'b']);
    const c = w.create('a', '/x', '1');
    w.setData('a', '/x', '2');
    const r = w.getData('b', '/x');
    const h = w.history();
    Object.assign(op(h, r.id), { zxid: c.zxid, result: { data: '1', version: 0 } });
    expect(text(checkHistory(h))).toBe('');
  });

  it('checks the next read even when it was pipelined before the sync returned', () => {
    const w = new SeqZk(['a', 'b']);
    const c = w.create('a', '/x', '1');
    w.setData('a', '/x', '2');
    w.setLatency('b', 100);
    const sy = w.sync('b');
    const r = w.getData('b', '/x', false, { advance: 1 });
    const h = w.history();
    expect(op(h, r.id).invokedAt).toBeLessThan(op(h, sy.id).returnedAt!);
    expect(text(checkHistory(h))).toBe('');
    Object.assign(op(h, r.id), { zxid: c.zxid, result: { data: '1', version: 0 } });
    op(h, sy.id).zxid = c.zxid;
    expect(text(checkSyncReads(h))).toMatch(/missing write/);
  });
});
