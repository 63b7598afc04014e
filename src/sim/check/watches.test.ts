import { describe, expect, it } from 'vitest';
import { checkHistory, checkWatchOrder, type History, type HistoryOp } from './index.ts';
import { ReplicatedZk } from './replicatedHistory.ts';
import { SeqZk } from './seqHistory.ts';

function op(h: History, id: number): HistoryOp {
  const o = h.ops.find((x) => x.id === id);
  if (!o) throw new Error(`no op ${id}`);
  return o;
}

const text = (v: { message: string }[]) => v.map((x) => x.message).join('\n');

/** w watches /a (data) and /b (data); a changes /a then /b; w reads afterwards. */
function twoWatches() {
  const z = new SeqZk(['w', 'a']);
  z.create('a', '/a', '0');
  z.create('a', '/b', '0');
  z.getData('w', '/a', true);
  z.getData('w', '/b', true);
  const sa = z.setData('a', '/a', '1');
  const sb = z.setData('a', '/b', '1');
  const r = z.getData('w', '/a');
  return { z, sa, sb, r };
}

describe('checkWatchOrder', () => {
  it('accepts correct watch traffic of every kind', () => {
    const z = new SeqZk(['w', 'a']);
    z.exists('w', '/n', true); // exist watch
    z.create('a', '/n', 'x'); // NodeCreated
    z.getData('w', '/n', true);
    z.getChildren('w', '/n', true);
    z.create('a', '/n/c', null); // NodeChildrenChanged on /n
    z.getChildren('w', '/n', true);
    z.setData('a', '/n', 'y'); // NodeDataChanged
    z.getData('w', '/n', true);
    z.delete('a', '/n/c');
    z.delete('a', '/n'); // NodeDeleted: data + child watch, one event
    z.getData('w', '/n');
    z.multi('a', [
      { kind: 'create', path: '/m', data: '1' },
      { kind: 'setData', path: '/m', data: '2' },
    ]);
    const h = z.history();
    expect(h.events.map((e) => `${e.type}${e.path}`)).toEqual(['1/n', '4/n', '3/n', '4/n', '2/n']);
    expect(text(checkHistory(h))).toBe('');
  });

  it('catches events out of zxid order', () => {
    const { z } = twoWatches();
    const h = z.history();
    const [e1, e2] = h.events;
    [e1!.seq, e2!.seq] = [e2!.seq, e1!.seq];
    expect(text(checkWatchOrder(h))).toMatch(/out of zxid order/);
  });

  it('catches a one-shot watch firing twice', () => {
    const { z } = twoWatches();
    const h = z.history();
    h.events.push({ ...h.events[0]!, seq: h.events[0]!.seq + 0.5 });
    expect(text(checkWatchOrder(h))).toMatch(/without a pending one-shot watch/);
  });

  it('catches an event that arrives after a reply showing the change', () => {
    const { z, r } = twoWatches();
    const h = z.history();
    h.events[0]!.seq = op(h, r.id).returnSeq! + 0.5;
    expect(text(checkWatchOrder(h))).toMatch(/late watch event.*registered by #3/);
  });

  it('catches a missing event once a later reply shows the change', () => {
    const { z } = twoWatches();
    const h = z.history();
    h.events.splice(0, 1);
    expect(text(checkWatchOrder(h))).toMatch(/missing watch event: the data watch on \/a/);
  });

  it('does not demand an event no later reply could reveal', () => {
    const z = new SeqZk(['w', 'a']);
    z.create('a', '/a', '0');
    z.getData('w', '/a', true);
    z.setData('a', '/a', '1');
    const h = z.history();
    h.events = [];
    expect(text(checkWatchOrder(h))).toBe('');
  });

  it('catches an event of the wrong type', () => {
    const z = new SeqZk(['w', 'a']);
    z.create('a', '/a', '0');
    z.getData('w', '/a', true);
    z.setData('a', '/a', '1');
    z.delete('a', '/a');
    const h = z.history();
    h.events[0]!.type = 2; // NodeDeleted instead of NodeDataChanged
    expect(text(checkWatchOrder(h))).toMatch(/NodeDeleted on \/a .* first change after the data watch .* is a NodeDataChanged/);
  });

  it('catches an event no committed change explains', () => {
    const z = new SeqZk(['w', 'a']);
    z.create('a', '/a', '0');
    z.getData('w', '/a', true);
    z.setData('a', '/a', '1');
    const h = z.history();
    h.events[0]!.type = 2;
    expect(text(checkWatchOrder(h))).toMatch(/explained by no committed change/);
  });

  it('catches an event without registration', () => {
    const z = new SeqZk(['w', 'a']);
    z.create('a', '/a', '0');
    const g = z.getData('w', '/a', false);
    z.setData('a', '/a', '1');
    const h = z.history();
    h.events.push({ client: 'w', session: z.sessionOf('w'), type: 3, path: '/a', at: 999, seq: 999, conn: op(h, g.id).conn! });
    expect(text(checkWatchOrder(h))).toMatch(/without a pending one-shot watch/);
  });

  it('allows an exist watch to miss a create+delete across a reconnect', () => {
    const z = new SeqZk(['w', 'a']);
    z.exists('w', '/n', true);
    z.getData('w', '/zookeeper', false, { lose: true }); // connection drops: conn 2
    z.create('a', '/n', 'x');
    z.delete('a', '/n');
    const r = z.exists('w', '/n');
    const h = z.history();
    // While w was reconnecting the node came and went; SetWatches found it absent: no event.
    h.events = [];
    expect(op(h, r.id).conn).toBe(2);
    expect(text(checkWatchOrder(h))).toBe('');
    // On the registering connection, though, the event must come before the newer reply.
    op(h, r.id).conn = 1;
    expect(text(checkWatchOrder(h))).toMatch(/missing watch event: the exist watch on \/n/);
  });

  it('exempts persistent watches from the once rule', () => {
    const z = new SeqZk(['w', 'a']);
    z.create('a', '/p', '0');
    const h = z.history();
    const t = h.ops[h.ops.length - 1]!.returnSeq! + 1;
    h.ops.push({ id: 100, client: 'w', session: z.sessionOf('w'), kind: 'addWatch', path: '/p', watchMode: 0, invokedAt: 500, returnedAt: 501, returnSeq: t, ok: true, zxid: 2, conn: 1 });
    h.events.push({ client: 'w', session: z.sessionOf('w'), type: 3, path: '/p', at: 600, seq: t + 1, conn: 1 });
    h.events.push({ client: 'w', session: z.sessionOf('w'), type: 3, path: '/p', at: 601, seq: t + 2, conn: 1 });
    expect(text(checkWatchOrder(h))).toBe('');
  });

  it('allows the double NodeDeleted SetWatches sends for a vanished node with data and child watches', () => {
    const z = new ReplicatedZk(['w', 'a'], 2); // w on s0, a on s1
    z.create('a', '/n', 'x');
    z.sync('w');
    z.read('w', 'getData', '/n', true);
    z.read('w', 'getChildren', '/n', true);
    z.delete('a', '/n'); // applied on s1 only
    z.reconnect('w', 1); // SetWatches on s1: the data list and the child list each get a NodeDeleted
    z.read('w', 'exists', '/n', false);
    const h = z.history();
    expect(h.events.map((e) => `${e.type}${e.path}@${e.conn}`)).toEqual(['2/n@2', '2/n@2']);
    expect(text(checkHistory(h))).toBe('');
    // A third one is one too many.
    h.events.push({ ...h.events[1]!, seq: h.events[1]!.seq + 0.5 });
    expect(text(checkWatchOrder(h))).toMatch(/without a pending one-shot watch/);
  });

  it('accepts SetWatches replays out of zxid order after a reconnect', () => {
    const z = new ReplicatedZk(['w', 'a'], 2);
    z.create('a', '/c', '0');
    z.create('a', '/d', '0');
    z.sync('w');
    z.read('w', 'getChildren', '/c', true);
    z.read('w', 'getData', '/d', true);
    z.create('a', '/c/k', null); // child change on /c first...
    z.setData('a', '/d', '1'); // ...data change on /d second
    z.reconnect('w', 1); // SetWatches answers the data list before the child list
    z.read('w', 'getData', '/d', false);
    const h = z.history();
    expect(h.events.map((e) => `${e.type}${e.path}`)).toEqual(['3/d', '4/c']);
    expect(text(checkHistory(h))).toBe('');
  });
});
