// A restarted leader syncs a learner from every txn log file on its disk (ZooKeeper 3.8.0's
// ZKDatabase.getProposalsFromTxnLog), within snapshotSizeFactor: the log files after the one
// holding the learner's zxid may take at most that fraction of the newest snapshot's size. A
// restart empties the committed log down to what was replayed after the newest snapshot, so this
// is the only way such a leader can DIFF a learner that is further behind.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyConfigLines, DEFAULT_CONFIG, type ServerConfig } from '../zk/ServerConfig.ts';
import { ScenarioRun } from './run.ts';
import type { Report, Scenario, ScenarioAction } from './types.ts';
import { mustScenario } from './validate.ts';

const scenario = (): Scenario => mustScenario(JSON.parse(readFileSync(join(import.meta.dirname, 'testdata', 'sync-txnlog-after-restart.json'), 'utf8')));

/** A run with extra zoo.cfg lines on every server (the scenario format has none). */
function start(s: Scenario, cfg: readonly string[] = []): ScenarioRun {
  const run = new ScenarioRun(s);
  for (const h of run.world.servers.values()) (h as { cfg: ServerConfig }).cfg = applyConfigLines(h.cfg, cfg);
  return run;
}

const hex = (z: number): string => `0x${z.toString(16)}`;
const server1Sync = (r: Report): Report['syncs'][number] | undefined => r.syncs.filter((s) => s.learner === 1 && s.at >= 25000).at(-1);
const learnerModes = (run: ScenarioRun): { mode: string; zxid: string }[] =>
  run.world.semanticLog.flatMap((e) => (e.server === 1 && e.at >= 25000 && e.event.type === 'learnerSyncMode' ? [{ mode: e.event.mode, zxid: hex(e.event.zxid) }] : []));
const said = (r: Report, client: string): string[] => r.clients.find((c) => c.id === client)!.output.filter((l) => l !== '' && !/^(Connecting to|Welcome to|JLine|WATCHER::|WatchedEvent)/.test(l));

function expectConverged(r: Report, lastCommitted: string): void {
  expect(r.violations).toEqual([]);
  const up = r.servers.filter((s) => s.status === 'up');
  expect(up.map((s) => s.id)).toEqual([1, 2, 3]);
  expect(up.map((s) => [s.lastCommitted, s.digest])).toEqual(up.map(() => [lastCommitted, up[0]!.digest]));
}

/** The same scenario with c2 writing /e after server 3's restart: a second log file on the leader. */
function withLaterLogFile(): Scenario {
  const s = scenario();
  const more: ScenarioAction[] = [{ at: 20000, do: 'cli', client: 'c2', command: 'create /e 5' }];
  return { ...s, actions: [...s.actions!, ...more].sort((a, b) => a.at - b.at) };
}

describe('a restarted leader and a learner older than its committed log', () => {
  for (const seed of [7, 1, 2, 3]) {
    it(`DIFFs from log.100000001, its only log file, then the committed log (seed ${seed})`, async () => {
      const run = start({ ...scenario(), seed });
      const r = await run.run();
      // Before, ZooScope's restored database forgot the txns older than the newest snapshot
      // (0x100000005, taken when server 3 began to lead epoch 2) and sent a SNAP.
      expect(server1Sync(r)).toEqual({ at: expect.any(Number), leader: 3, learner: 1, mode: 'DIFF', fromZxid: '0x100000002', toZxid: '0x200000002' });
      expect(learnerModes(run)).toEqual([{ mode: 'DIFF', zxid: '0x200000002' }]);
      expectConverged(r, '0x300000001');
      expect(said(r, 'c3')).toEqual(['[a, b, c, d, zookeeper]']);
    });
  }

  it('the leader reads the txns older than its snapshot from its disk: log.100000001 holds 0x100000001 on', async () => {
    const run = start(scenario());
    await run.runTo(25000);
    const s3 = run.world.servers.get(3)!.server!;
    expect(s3.db.snapshot?.zxid).toBe(0x200000002);
    expect(s3.db.committedLog.map((t) => hex(t.hdr.zxid))).toEqual(['0x200000001', '0x200000002']);
    expect(s3.db.logFileNames).toEqual(['log.100000001']);
    const fromLog = s3.db.proposalsFromTxnLog(0x100000002, s3.db.calculateTxnLogSizeLimit(0.33))!;
    expect(fromLog.txns.map((t) => hex(t.hdr.zxid))).toEqual(['0x100000001', '0x100000002', '0x100000003', '0x100000004', '0x100000005', '0x200000001', '0x200000002']);
    expect(fromLog.storageSize).toBe(0);
  });

  it('with a later log file, 64 MB preallocated, snapshotSizeFactor=0.33 gives up: SNAP', async () => {
    const run = start(withLaterLogFile());
    const r = await run.run();
    const s3 = run.world.servers.get(3)!.server!;
    expect(s3.db.logFileNames).toEqual(['log.100000001', 'log.300000001']);
    expect(server1Sync(r)).toMatchObject({ leader: 3, mode: 'SNAP', fromZxid: '0x100000002' });
    expectConverged(r, '0x300000002');
    expect(said(r, 'c3')).toEqual(['[a, b, c, d, e, zookeeper]']);
  });

  it('snapshotSizeFactor=0 lifts the limit (zoo.cfg, as zookeeper.snapshotSizeFactor): DIFF through both files', async () => {
    const run = start(withLaterLogFile(), ['snapshotSizeFactor=0']);
    const r = await run.run();
    expect(server1Sync(r)).toEqual({ at: expect.any(Number), leader: 3, learner: 1, mode: 'DIFF', fromZxid: '0x100000002', toZxid: '0x300000001' });
    expectConverged(r, '0x300000002');
    expect(said(r, 'c3')).toEqual(['[a, b, c, d, e, zookeeper]']);
  });

  it('a negative snapshotSizeFactor turns txn-log syncing off: SNAP', async () => {
    const r = await start(scenario(), ['snapshotSizeFactor=-1']).run();
    expect(server1Sync(r)).toMatchObject({ mode: 'SNAP', fromZxid: '0x100000002' });
    expectConverged(r, '0x300000001');
  });
});

describe('snapshotSizeFactor and preAllocSize in the configuration', () => {
  const base = DEFAULT_CONFIG;

  it('default 0.33; zoo.cfg or -D; a value above 1 or unparsable falls back to 0.33; NaN disables', () => {
    expect(base.snapshotSizeFactor).toBe(0.33);
    expect(applyConfigLines(base, ['snapshotSizeFactor=0.5']).snapshotSizeFactor).toBe(0.5);
    expect(applyConfigLines(base, [], ['-Dzookeeper.snapshotSizeFactor=1e-1']).snapshotSizeFactor).toBe(0.1);
    expect(applyConfigLines(base, ['snapshotSizeFactor=2']).snapshotSizeFactor).toBe(0.33);
    expect(applyConfigLines(base, ['snapshotSizeFactor=lots']).snapshotSizeFactor).toBe(0.33);
    expect(applyConfigLines(base, ['snapshotSizeFactor=NaN']).snapshotSizeFactor).toBeNaN();
  });

  it('preAllocSize is in KB (64 MB by default); an unparsable one keeps the default', () => {
    expect(base.preAllocSize).toBe(64 * 1024 * 1024);
    expect(applyConfigLines(base, ['preAllocSize=4']).preAllocSize).toBe(4096);
    expect(applyConfigLines(base, ['preAllocSize=4k']).preAllocSize).toBe(64 * 1024 * 1024);
  });
});
