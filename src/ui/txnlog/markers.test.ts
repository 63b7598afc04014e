// Marks on a server's txn log read from the semantic log: the TRUNC of an old leader's
// unacknowledged proposal (where the log was cut and what went), snapshots, DIFF syncs, restarts.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../scenario/run.ts';
import { mustScenario } from '../../scenario/validate.ts';
import { inspect } from '../../sim/machine/inspect.ts';
import { interleave, markersOf } from './markers.ts';

const example = (name: string) => mustScenario(JSON.parse(readFileSync(join(import.meta.dirname, '../../scenario/examples', `${name}.json`), 'utf8')));

describe('txn log markers', () => {
  it('TRUNC: the old leader’s log is cut after 0x100000003 and /lost goes', async () => {
    const run = new ScenarioRun(example('sync-trunc'));
    await run.runTo(32_000);
    const ix = markersOf(run.world.semanticLog);
    const m3 = ix.markersOf(3);
    const trunc = m3.filter((m) => m.kind === 'trunc');
    expect(trunc).toHaveLength(1);
    expect(trunc[0]).toMatchObject({ zxid: 0x100000003, sync: { mode: 'TRUNC', leader: 2 }, removed: [{ zxid: 0x100000004, op: 'create', path: '/lost' }] });
    // Every server snapshots its empty tree at its first start; the leader again when it leads.
    expect(m3.some((m) => m.kind === 'snapshot' && m.zxid === 0)).toBe(true);
    expect(ix.markersOf(2).some((m) => m.kind === 'snapshot' && m.zxid === 0x100000003)).toBe(true);
    // Interleaved with the log server 3 now has: the cut follows 0x100000003.
    const node = run.world.servers.get(3)!.server!;
    const log = inspect(node, { kind: 'txnlog' });
    const rows = interleave(log.entries, m3, true);
    const i = rows.findIndex((r) => r.kind === 'marker' && r.marker.kind === 'trunc');
    const prev = rows.slice(0, i).filter((r) => r.kind === 'entry').at(-1);
    expect(prev?.kind === 'entry' && prev.entry.zxid).toBe(0x100000003);
    expect(log.entries.some((e) => e.zxid === 0x100000004)).toBe(false);
  });

  it('a follower restarted after missing writes: restart, then a DIFF from the leader, then the missed txns', async () => {
    const run = new ScenarioRun(mustScenario({ version: 1, seed: 5, ensemble: { participants: 3 }, actions: [{ at: 100, do: 'connect', client: 'c1', servers: [1, 2, 3] }], until: 60_000 }));
    await run.runTo(8000);
    const leader = [...run.world.servers.values()].find((h) => h.view?.state === 'LEADING')!.id;
    const follower = leader === 1 ? 2 : 1;
    run.act({ do: 'kill', server: follower });
    run.act({ do: 'cli', client: 'c1', command: 'create /x 1' });
    await run.runTo(12_000);
    run.act({ do: 'start', server: follower });
    await run.runTo(20_000);
    const ms = markersOf(run.world.semanticLog).markersOf(follower);
    const restart = ms.find((m) => m.kind === 'restart')!;
    const diff = ms.filter((m) => m.kind === 'sync').at(-1)!;
    expect(diff.sync).toMatchObject({ mode: 'DIFF', leader });
    expect(diff.zxid).toBe(restart.zxid);
    const log = inspect(run.world.servers.get(follower)!.server!, { kind: 'txnlog' });
    const rows = interleave(log.entries, ms, true);
    const kinds = rows.map((r) => (r.kind === 'entry' ? (r.entry.path ?? r.entry.op) : r.kind === 'marker' ? r.marker.kind : 'older'));
    expect(kinds.indexOf('restart')).toBeLessThan(kinds.lastIndexOf('sync'));
    expect(kinds.lastIndexOf('sync')).toBeLessThan(kinds.indexOf('/x'));
  });

  it('snapCount: each server snapshots and rolls its log; the snapshot sits above the new file', async () => {
    const actions: object[] = [{ at: 100, do: 'connect', client: 'c1', servers: [1, 2, 3] }];
    for (let i = 0; i < 250; i++) actions.push({ at: 5000, do: 'cli', client: 'c1', command: `create /n${i} v` });
    const run = new ScenarioRun(mustScenario({ version: 1, seed: 9, ensemble: { participants: 3, snapCount: 100 }, actions, until: 40_000 }));
    await run.runTo(40_000);
    const ix = markersOf(run.world.semanticLog);
    for (const id of [1, 2, 3]) {
      const ms = ix.markersOf(id);
      const rolls = ms.filter((m) => m.kind === 'roll');
      expect(rolls.length).toBeGreaterThanOrEqual(2);
      // SyncRequestProcessor: roll the log, then snapshot the tree as of the txn before the new file.
      for (const r of rolls) expect(ms.some((m) => m.kind === 'snapshot' && m.zxid === r.zxid - 1)).toBe(true);
      const log = inspect(run.world.servers.get(id)!.server!, { kind: 'txnlog', limit: 1000 });
      const rows = interleave(log.entries, ms, true);
      const r0 = rows.findIndex((r) => r.kind === 'marker' && r.marker.kind === 'roll' && r.marker.zxid === rolls[0]!.zxid);
      expect(rows[r0 - 1]).toMatchObject({ kind: 'marker', marker: { kind: 'snapshot' } });
      expect(rows[r0 + 1]).toMatchObject({ kind: 'entry', entry: { zxid: rolls[0]!.zxid } });
    }
  });

  it('purged log files: their marks are summed up in one row above the oldest entry kept', async () => {
    const sc = example('sync-snap');
    const run = new ScenarioRun(sc);
    await run.runTo(sc.until);
    const ix = markersOf(run.world.semanticLog);
    const log = inspect(run.world.servers.get(2)!.server!, { kind: 'txnlog', limit: 1000 });
    const first = log.entries[0]!.zxid;
    expect(first).toBeGreaterThan(0x100000001);
    const rows = interleave(log.entries, ix.markersOf(2), true);
    expect(rows[0]).toMatchObject({ kind: 'older', purged: true, before: first });
    for (const r of rows) if (r.kind === 'marker') expect(r.marker.zxid).toBeGreaterThanOrEqual(first - 1);
    expect(rows.filter((r) => r.kind === 'entry')).toHaveLength(log.entries.length);
  });
});

