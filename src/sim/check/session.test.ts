import { describe, expect, it } from 'vitest';
import { checkHistory, checkSessionOrder, type History, type HistoryOp } from './index.ts';
import { richWorld, SeqZk } from './seqHistory.ts';

function op(h: History, id: number): HistoryOp {
  const o = h.ops.find((x) => x.id === id);
  if (!o) throw new Error(`no op ${id}`);
  return o;
}

const text = (v: { message: string }[]) => v.map((x) => x.message).join('\n');

/** a creates /x = '1' then sets it to '2'; b reads it. */
function twoVersions() {
  const w = new SeqZk(['a', 'b']);
  const c = w.create('a', '/x', '1');
  const s = w.setData('a', '/x', '2');
  return { w, c, s };
}

describe('checkSessionOrder', () => {
  it('accepts a correct history', () => {
    expect(text(checkSessionOrder(richWorld().history()))).toBe('');
  });

  it('accepts a stale read that does not go backwards for its session', () => {
    const { w, c } = twoVersions();
    const r = w.getData('b', '/x');
    const h = w.history();
    // b's server lags: it serves the state right after the create.
    Object.assign(op(h, r.id), { zxid: c.zxid, result: { data: '1', version: 0, mzxid: c.zxid } });
    expect(text(checkHistory(h))).toBe('');
  });

  it('catches a session going backwards (stale read after a newer reply)', () => {
    const { w, c } = twoVersions();
    w.getData('b', '/x');
    const r2 = w.getData('b', '/x');
    const h = w.history();
    // The second read is served by a server behind what b already saw - with a result that IS
    // the tree at that older zxid, so only the session order is wrong.
    Object.assign(op(h, r2.id), { zxid: c.zxid, result: { data: '1', version: 0 } });
    const v = checkSessionOrder(h);
    expect(text(v)).toMatch(/session went backwards/);
    expect(v[0]!.opIds).toContain(r2.id);
  });

  it('catches replies out of FIFO order', () => {
    const w = new SeqZk(['a']);
    const x = w.create('a', '/x', '1');
    const y = w.getData('a', '/x');
    const h = w.history();
    const [sx, sy] = [op(h, x.id).returnSeq, op(h, y.id).returnSeq];
    op(h, x.id).returnSeq = sy;
    op(h, y.id).returnSeq = sx;
    expect(text(checkSessionOrder(h))).toMatch(/out of FIFO order/);
  });

  it('catches a read result that matches no state (pinned by zxid and windowed)', () => {
    const { w } = twoVersions();
    const r = w.getData('b', '/x');
    const h = w.history();
    op(h, r.id).result!.data = 'never written';
    expect(text(checkSessionOrder(h))).toMatch(/does not match the tree at that zxid: data "never written"/);
    delete op(h, r.id).zxid;
    expect(text(checkSessionOrder(h))).toMatch(/matches no tree between/);
  });

  it('accepts a windowed read (no reply zxid) of an older state the session may see', () => {
    const { w } = twoVersions();
    const r = w.getData('b', '/x');
    const h = w.history();
    Object.assign(op(h, r.id), { zxid: undefined, result: { data: '1', version: 0 } });
    expect(text(checkSessionOrder(h))).toBe('');
  });

  it('catches wrong children, existence and stat', () => {
    const w = new SeqZk(['a', 'b']);
    w.create('a', '/p', null);
    w.create('a', '/p/c1', null);
    w.create('a', '/p/c2', null);
    const gc = w.getChildren('b', '/p');
    const ex = w.exists('b', '/p/c1');
    const gd = w.getData('b', '/p');
    const base = w.history();

    let h = structuredClone(base);
    op(h, gc.id).result!.children = ['c1'];
    expect(text(checkSessionOrder(h))).toMatch(/1 children \[c1\] \(model: 2\)/);

    h = structuredClone(base);
    op(h, gc.id).result!.children = ['c1', 'c2', 'ghost'];
    expect(text(checkSessionOrder(h))).toMatch(/lists "ghost" which does not exist/);

    h = structuredClone(base);
    op(h, ex.id).result = { exists: false };
    expect(text(checkSessionOrder(h))).toMatch(/does not exist, but \/p\/c1 exists/);

    h = structuredClone(base);
    op(h, gd.id).result!.cversion = 1;
    expect(text(checkSessionOrder(h))).toMatch(/cversion 1 \(model: 2\)/);
  });

  it('catches a read served from the future (beyond the commits at its return time)', () => {
    const { w } = twoVersions();
    const r = w.getData('b', '/x');
    w.setData('a', '/x', '3');
    const h = w.history();
    const last = h.committed![h.committed!.length - 1]!;
    Object.assign(op(h, r.id), { zxid: last.zxid, result: { data: '3', version: 2 } });
    expect(text(checkSessionOrder(h))).toMatch(/beyond the last zxid committed by its return/);
  });

  it('treats reads of uncertain nodes as unchecked (indefinite write, no committed log)', () => {
    const w = new SeqZk(['a', 'b']);
    w.create('a', '/x', '1');
    w.setData('a', '/x', '2', -1, { lose: true, notApplied: true });
    const r = w.getData('b', '/x');
    const h = w.history();
    delete h.committed;
    // Pretend the lost write did apply (it would have zxid 4): allowed, the model cannot know.
    Object.assign(op(h, r.id), { zxid: 4 });
    Object.assign(op(h, r.id).result!, { data: '2', version: 1, mzxid: 4 });
    expect(text(checkSessionOrder(h))).toBe('');
    // But it cannot have happened before the create it was invoked after.
    Object.assign(op(h, r.id), { zxid: 3 });
    expect(text(checkSessionOrder(h))).toMatch(/data "2" \(model: "1"\)/);
  });
});
