import { describe, expect, it } from 'vitest';
import { runTo } from '../drive.ts';
import { cli, ensembleWorld, waitForServing } from '../testing/ensemble.ts';
import type { World } from '../World.ts';

async function ensemble(): Promise<{ w: World; leader: number }> {
  const w = ensembleWorld({ participants: 3, seed: 31 });
  for (const id of [1, 2, 3]) w.startServer(id);
  const leader = await waitForServing(w);
  return { w, leader };
}

const ask = <Q extends Parameters<World['servers'] extends Map<number, infer H> ? (H extends { machine: { inspect: infer F } } ? F : never) : never>[0]>(w: World, id: number, q: Q) => w.servers.get(id)!.machine.inspect(q as never) as never;

describe('inspect: what views see inside a server', () => {
  it('children, details and a node, without touching the trace', async () => {
    const { w } = await ensemble();
    const c = await cli(w, 'c', [1]);
    await c.run('create /app x');
    await c.run('create -e /app/eph y');
    await c.run('create -s /app/seq- z');
    await c.run('create -c /app/box');
    await runTo(w, w.now + 500);
    const hash = w.trace.hash();
    for (const id of [1, 2, 3]) {
      expect(ask(w, id, { kind: 'children', path: '/app' })).toEqual(['box', 'eph', 'seq-0000000001']);
      const kids = ask(w, id, { kind: 'childrenDetail', path: '/app' }) as { name: string; kind: string; sequential: boolean; owner: string | null }[];
      expect(kids.map((k) => [k.name, k.kind, k.sequential])).toEqual([
        ['box', 'container', false],
        ['eph', 'ephemeral', false],
        ['seq-0000000001', 'persistent', true],
      ]);
      expect(kids[1]!.owner).toMatch(/^0x[0-9a-f]+$/);
      const n = ask(w, id, { kind: 'node', path: '/app' }) as { stat: { numChildren: number; cversion: number; pzxid: number }; data: Uint8Array };
      const app = (ask(w, id, { kind: 'childrenDetail', path: '/' }) as { name: string; cversion: number; pzxid: number }[]).find((k) => k.name === 'app')!;
      expect([app.cversion, app.pzxid]).toEqual([n.stat.cversion, n.stat.pzxid]);
      expect(n.stat.numChildren).toBe(3);
      expect(n.stat.cversion).toBe(3);
      expect(new TextDecoder().decode(n.data)).toBe('x');
      expect(ask(w, id, { kind: 'node', path: '/nope' })).toBeNull();
    }
    expect(w.trace.hash()).toBe(hash);
  });

  it('sessions in the leader\'s expiry buckets, watches by kind, the txn log tail, the election', async () => {
    const { w, leader } = await ensemble();
    const c = await cli(w, 'c', [leader], 8000);
    await c.run('create /w x');
    await c.run('create -e /w/e 1');
    await c.run('get -w /w');
    await c.run('ls -w /w');
    // A persistent watch on a path the connection already watches replaces the mode there
    // (WatchManager.addWatch sets the watcher's mode), so it goes on another path.
    await c.run('addWatch -m PERSISTENT_RECURSIVE /other');
    const s = ask(w, leader, { kind: 'sessions' }) as { role: string; tickTime: number; sessions: { id: string; timeout: number; expiresAt: number; ephemerals: string[] }[] };
    expect(s.role).toBe('leader');
    expect(s.sessions).toHaveLength(1);
    expect(s.sessions[0]!.timeout).toBe(8000);
    expect(s.sessions[0]!.expiresAt % s.tickTime).toBe(0);
    expect(s.sessions[0]!.ephemerals).toEqual(['/w/e']);
    const follower = [1, 2, 3].find((x) => x !== leader)!;
    expect((ask(w, follower, { kind: 'sessions' }) as { role: string }).role).toBe('learner');
    const wt = ask(w, leader, { kind: 'watches' }) as { registrations: { path: string; kind: string; session: string }[]; wchs: { total: number } };
    expect(wt.registrations.map((r) => `${r.path} ${r.kind}`)).toEqual(['/other persistentRecursive', '/w child', '/w data']);
    expect(wt.registrations[1]!.session).toBe(s.sessions[0]!.id);
    expect(wt.wchs).toEqual({ connections: 1, paths: 2, total: 2 });
    // exists -w on a missing node leaves a data watch there: views tell it apart by `exists`.
    await c.run('stat -w /missing');
    const wx = ask(w, leader, { kind: 'watches' }) as { registrations: { path: string; kind: string; exists: boolean }[]; wchs: { total: number } };
    expect(wx.registrations.map((r) => `${r.path} ${r.kind} ${r.exists}`)).toEqual(['/missing data false', '/other persistentRecursive false', '/w child true', '/w data true']);
    expect(wx.wchs.total).toBe(3);
    const log = ask(w, leader, { kind: 'txnlog' }) as { entries: { op: string; path: string | null; committed: boolean }[] };
    expect(log.entries.slice(-2).map((e) => `${e.op} ${e.path}`)).toEqual(['create /w', 'create /w/e']);
    expect(log.entries.every((e) => e.committed)).toBe(true);
    const el = ask(w, leader, { kind: 'election' }) as { state: string; logicalclock: number; voters: number[] };
    expect(el.state).toBe('LEADING');
    expect(el.voters).toEqual([1, 2, 3]);
    expect(el.logicalclock).toBeGreaterThan(0);
  });
});
