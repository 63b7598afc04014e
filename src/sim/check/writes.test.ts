import { describe, expect, it } from 'vitest';
import { checkHistory, checkWriteLinearizability, type History, type HistoryOp } from './index.ts';
import { richWorld, SeqZk } from './seqHistory.ts';

function op(h: History, id: number): HistoryOp {
  const o = h.ops.find((x) => x.id === id);
  if (!o) throw new Error(`no op ${id}`);
  return o;
}

function messages(v: { message: string }[]): string {
  return v.map((x) => x.message).join('\n');
}

describe('checkWriteLinearizability', () => {
  it('accepts a correct history', () => {
    const h = richWorld().history();
    expect(messages(checkHistory(h))).toBe('');
  });

  it('accepts a correct history without a committed log', () => {
    const h = richWorld().history();
    delete h.committed;
    expect(messages(checkHistory(h))).toBe('');
  });

  it('catches two acknowledged writes with the same zxid', () => {
    const w = new SeqZk(['a', 'b']);
    const x = w.create('a', '/x', '1');
    const y = w.create('b', '/y', '2');
    const h = w.history();
    op(h, y.id).zxid = x.zxid!;
    const v = checkWriteLinearizability(h);
    expect(messages(v)).toMatch(/share zxid/);
  });

  it('catches a real-time order violation', () => {
    const w = new SeqZk(['a', 'b']);
    const x = w.create('a', '/x', '1');
    const y = w.create('b', '/y', '2'); // invoked after x returned
    const h = w.history();
    // Swap their zxids everywhere (the log stays a valid tree, only time order breaks).
    const zx = x.zxid!;
    const zy = y.zxid!;
    op(h, x.id).zxid = zy;
    op(h, y.id).zxid = zx;
    for (const e of h.committed!) {
      if (e.zxid === zx) e.zxid = zy;
      else if (e.zxid === zy) e.zxid = zx;
    }
    h.committed!.sort((a, b) => a.zxid - b.zxid);
    const v = checkWriteLinearizability(h);
    expect(messages(v)).toMatch(/real-time order violated.*#2/);
  });

  it('accepts overlapping writes in either zxid order', () => {
    const w = new SeqZk(['a', 'b']);
    w.setLatency('a', 50); // a's reply arrives after b was invoked
    w.create('a', '/x', '1');
    w.create('b', '/y', '2');
    expect(messages(checkHistory(w.history()))).toBe('');
  });

  it('catches a lost acknowledged write (missing from the committed log)', () => {
    const w = new SeqZk(['a', 'b']);
    w.create('a', '/x', '1');
    const s = w.setData('a', '/x', '2');
    w.getData('b', '/x');
    const h = w.history();
    h.committed = h.committed!.filter((e) => e.zxid !== s.zxid);
    const v = checkHistory(h);
    expect(messages(v)).toMatch(/acknowledged write lost/);
  });

  it('catches a lost acknowledged write (its zxid holds another txn)', () => {
    const w = new SeqZk(['a', 'b']);
    w.create('a', '/x', '1');
    const s = w.setData('a', '/x', '2');
    const h = w.history();
    const e = h.committed!.find((c) => c.zxid === s.zxid)!;
    Object.assign(e, { kind: 'create', path: '/other', session: w.sessionOf('b'), cxid: 99, data: 'z', ephemeral: false });
    expect(messages(checkWriteLinearizability(h))).toMatch(/acknowledged write lost.*create \/other/);
  });

  it('catches a lost acknowledged write through a later read (no committed log)', () => {
    const w = new SeqZk(['a', 'b']);
    w.create('a', '/x', '1');
    w.setData('a', '/x', '2');
    const r = w.getData('b', '/x');
    const h = w.history();
    delete h.committed;
    Object.assign(op(h, r.id).result!, { data: '1', version: 0 }); // the write "vanished"
    expect(messages(checkHistory(h))).toMatch(/does not match the tree/);
  });

  it('catches a sequential name that skips a number', () => {
    const w = new SeqZk(['a']);
    w.create('a', '/q', null);
    w.create('a', '/q/n-', 'a', { sequential: true });
    const second = w.create('a', '/q/n-', 'b', { sequential: true });
    const h = w.history();
    op(h, second.id).result!.createdPath = '/q/n-0000000002';
    h.committed!.find((e) => e.zxid === second.zxid)!.path = '/q/n-0000000002';
    expect(messages(checkWriteLinearizability(h))).toMatch(/sequence number skipped or repeated/);
  });

  it('catches a sequential name that repeats', () => {
    const w = new SeqZk(['a']);
    w.create('a', '/q', null);
    w.create('a', '/q/n-', 'a', { sequential: true });
    w.delete('a', '/q/n-0000000000');
    const again = w.create('a', '/q/n-', 'b', { sequential: true });
    const h = w.history();
    op(h, again.id).result!.createdPath = '/q/n-0000000000';
    h.committed!.find((e) => e.zxid === again.zxid)!.path = '/q/n-0000000000';
    expect(messages(checkWriteLinearizability(h))).toMatch(/sequence number skipped or repeated/);
    delete h.committed;
    expect(messages(checkWriteLinearizability(h))).toMatch(/sequence number skipped or repeated/);
  });

  it('catches a success the tree does not allow', () => {
    const w = new SeqZk(['a']);
    w.create('a', '/x', '1');
    const s = w.setData('a', '/x', '2', 5); // BadVersion in reality
    const h = w.history();
    Object.assign(op(h, s.id), { ok: true, err: undefined, result: { version: 1 } });
    const e = h.committed!.find((c) => c.zxid === s.zxid)!;
    Object.assign(e, { kind: 'setData', err: 0, path: '/x', data: '2' });
    expect(messages(checkWriteLinearizability(h))).toMatch(/succeeded at zxid .* would fail with BadVersion/);
  });

  it('catches a failure the tree does not explain (exact and windowed)', () => {
    const w = new SeqZk(['a']);
    const c = w.create('a', '/x', '1', {}, {});
    const h = w.history();
    Object.assign(op(h, c.id), { ok: false, err: -110, result: undefined });
    Object.assign(h.committed!.find((e) => e.zxid === c.zxid)!, { kind: 'error', err: -110, data: undefined });
    expect(messages(checkWriteLinearizability(h))).toMatch(/failed with NodeExists at zxid .* does not explain/);
    // Without the log: the NodeExists must be explained by some tree in its window; /x never existed.
    delete h.committed;
    expect(messages(checkWriteLinearizability(h))).toMatch(/failed with NodeExists .* no tree between/);
  });

  it('catches an error reply for a txn committed as a success', () => {
    const w = new SeqZk(['a', 'b']);
    const c = w.create('a', '/x', '1');
    w.getData('b', '/x');
    const h = w.history();
    Object.assign(op(h, c.id), { ok: false, err: -101, result: undefined });
    expect(messages(checkWriteLinearizability(h))).toMatch(/got NoNode, but its txn was committed as a success/);
  });

  it('allows indefinite writes to have happened or not', () => {
    const w = new SeqZk(['a', 'b']);
    w.create('a', '/x', '0');
    w.setData('a', '/x', 'applied', -1, { lose: true });
    w.setData('a', '/x', 'never', -1, { lose: true, notApplied: true });
    w.create('a', '/y', 'applied', {}, { lose: true });
    w.create('a', '/z', 'never', {}, { lose: true, notApplied: true });
    w.getData('b', '/x');
    w.exists('b', '/y');
    w.exists('b', '/z');
    w.setData('b', '/x', 'after', 1);
    w.getData('a', '/x');
    const h = w.history();
    expect(messages(checkHistory(h))).toBe('');
    delete h.committed;
    expect(messages(checkHistory(h))).toBe('');
  });

  it('reports conflicting txns at one zxid and out-of-order commits', () => {
    const w = new SeqZk(['a']);
    w.create('a', '/x', '1');
    w.create('a', '/y', '1');
    const h = w.history();
    const last = h.committed![h.committed!.length - 1]!;
    h.committed!.push({ ...last, path: '/z' });
    h.committed!.push({ ...h.committed![1]!, zxid: 1.5 });
    expect(messages(checkWriteLinearizability(h))).toMatch(/two different txns committed with zxid/);
    expect(messages(checkWriteLinearizability(h))).toMatch(/commit order disagrees/);
  });

  it("understands ZooKeeper's encoding of a failed multi (error sub-txns, err 0)", () => {
    const w = new SeqZk(['a']);
    w.create('a', '/x', '1');
    const m = w.multi('a', [
      { kind: 'setData', path: '/x', data: '2' },
      { kind: 'create', path: '/x', data: 'dup' },
    ]);
    const h = w.history();
    expect(op(h, m.id).err).toBe(-110);
    Object.assign(h.committed!.find((e) => e.zxid === m.zxid)!, {
      err: 0,
      ops: [
        { zxid: m.zxid, kind: 'error', path: null, err: 0 },
        { zxid: m.zxid, kind: 'error', path: null, err: -110 },
      ],
    });
    expect(messages(checkHistory(h))).toBe('');
  });

  it('sees ephemerals die only with a closeSession', () => {
    const w = new SeqZk(['a', 'b']);
    w.create('a', '/e', 'x', { ephemeral: true });
    w.closeSession('a');
    const r = w.exists('b', '/e');
    const h = w.history();
    expect(messages(checkHistory(h))).toBe('');
    // The ephemeral vanishes without a closeSession in the log: the read disagrees with the tree.
    h.committed = h.committed!.filter((e) => e.kind !== 'closeSession');
    expect(messages(checkHistory(h))).toMatch(new RegExp(`#${r.id} b exists\\(/e\\).*does not exist, but /e exists`));
  });
});
