// The four ways a ZooKeeper 3.8.0 leader brings a learner up to date (LearnerHandler.syncFollower
// and queueCommittedProposals), each from a gallery scenario: DIFF, TRUNC, SNAP and TRUNC+DIFF.
// The last one needs a hole in the leader's txn log, which 3.8.0 leaves behind a SNAP; the replica
// it syncs that way loses acknowledged writes. ZooScope's zooscope.fixes=txnlog-gap makes the
// leader fall back to a SNAP there.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyConfigLines, type ServerConfig } from '../zk/ServerConfig.ts';
import { ScenarioRun, type RunOptions } from './run.ts';
import type { Report, Scenario, ServerReport } from './types.ts';
import { mustScenario } from './validate.ts';

const EXAMPLES = join(import.meta.dirname, 'examples');

/** A gallery scenario, with another seed (other latencies) when given. */
function example(name: string, seed?: number): Scenario {
  const s = mustScenario(JSON.parse(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8')));
  return seed === undefined ? s : { ...s, seed };
}

/** The file's seed first, then others: the outcome does not hinge on one draw of latencies. */
const SEEDS = [7, 1, 2, 3];

function server(r: Report, id: number): ServerReport {
  const s = r.servers.find((x) => x.id === id);
  if (!s) throw new Error(`no server ${id} in the report`);
  return s;
}

const hex = (z: number): string => `0x${z.toString(16)}`;

/** The last sync a leader chose for this learner. */
const lastSyncOf = (r: Report, learner: number): Report['syncs'][number] | undefined => r.syncs.filter((s) => s.learner === learner).at(-1);

/** A scenario run, optionally with extra zoo.cfg lines on every server (the format has none). */
function start(s: Scenario, opts: RunOptions & { cfg?: readonly string[] } = {}): ScenarioRun {
  const { cfg, ...runOpts } = opts;
  const run = new ScenarioRun(s, runOpts);
  if (cfg) for (const h of run.world.servers.values()) (h as { cfg: ServerConfig }).cfg = applyConfigLines(h.cfg, cfg);
  return run;
}

/** The report at time t of a run that goes on afterwards. */
async function at(run: ScenarioRun, t: number): Promise<Report> {
  await run.runTo(t);
  return run.report();
}

/** The first packet of every sync, as each learner saw it: DIFF, TRUNC or SNAP, and its zxid. */
function learnerSyncModes(run: ScenarioRun): { server: number; mode: string; zxid: string }[] {
  return run.world.semanticLog.flatMap((e) => (e.event.type === 'learnerSyncMode' ? [{ server: e.server, mode: e.event.mode, zxid: hex(e.event.zxid) }] : []));
}

/** The running servers hold the same tree at the same zxid. */
function expectConverged(r: Report, lastCommitted: string): void {
  const up = r.servers.filter((s) => s.status === 'up');
  expect(up.map((s) => [s.id, s.lastCommitted, s.digest])).toEqual(up.map((s) => [s.id, lastCommitted, up[0]!.digest]));
  expect(up[0]!.digest).not.toBeNull();
}

/** zkCli output without the banner and watcher lines. */
const said = (r: Report, client: string): string[] =>
  r.clients.find((c) => c.id === client)!.output.filter((l) => l !== '' && !l.startsWith('WATCHER::') && !l.startsWith('WatchedEvent') && !/^(Connecting to|Welcome to|JLine)/.test(l));

describe('DIFF: a follower that missed a few writes', () => {
  for (const seed of SEEDS) {
    it(`gets the missing proposals from the committed log and converges (seed ${seed})`, async () => {
      const run = start(example('sync-diff', seed));
      const r = await run.run();
      expect(r.violations).toEqual([]);
      // Server 1 is the only learner that syncs after its restart; before, everyone DIFFs from an empty database.
      expect(r.syncs.filter((s) => s.at >= 10000)).toEqual([{ at: expect.any(Number), leader: 3, learner: 1, mode: 'DIFF', fromZxid: '0x100000002', toZxid: '0x100000005' }]);
      expect(learnerSyncModes(run).filter((x) => x.server === 1).at(-1)).toEqual({ server: 1, mode: 'DIFF', zxid: '0x100000005' });
      expect(r.servers.map((s) => [s.id, s.status, s.state])).toEqual([
        [1, 'up', 'FOLLOWING'],
        [2, 'up', 'FOLLOWING'],
        [3, 'up', 'LEADING'],
      ]);
      // c2's session (0x100000006) came after the sync.
      expectConverged(r, '0x100000006');
      for (const s of r.servers) expect([s.lastZxid, s.znodes]).toEqual(['0x100000006', 7]);
      expect(said(r, 'c2')).toEqual(['4', '[a, b, c, zookeeper]']);
    });
  }
});

describe('TRUNC: the old leader logged a proposal nobody else has', () => {
  for (const seed of SEEDS) {
    it(`is truncated to the new leader's last committed zxid of the old epoch (seed ${seed})`, async () => {
      const run = start(example('sync-trunc', seed));
      // Before the heal: server 3 logged 0x100000004 alone (never committed); 1 and 2 lead on in epoch 2.
      const before = await at(run, 17000);
      expect(before.servers.map((s) => [s.id, s.state, s.leader, s.lastZxid, s.lastCommitted])).toEqual([
        [1, 'FOLLOWING', 2, '0x100000003', '0x100000003'],
        [2, 'LEADING', 2, '0x100000003', '0x200000000'],
        // Leaving its role, server 3 fast-forwarded its tree over everything in its log (ZooKeeperServer.shutdown).
        [3, 'LOOKING', null, '0x100000004', '0x100000004'],
      ]);
      expect(before.elections.map((e) => [e.epoch, e.leader])).toEqual([
        [1, 3],
        [2, 2],
      ]);
      // After the heal, before c2's session: the proposal is gone from server 3's log.
      const after = await at(run, 29000);
      // The report's toZxid for a TRUNC is the zxid the learner is truncated to, as in the packet.
      expect(after.syncs.filter((s) => s.learner === 3)).toEqual([{ at: expect.any(Number), leader: 2, learner: 3, mode: 'TRUNC', fromZxid: '0x100000004', toZxid: '0x100000003' }]);
      expect(learnerSyncModes(run).filter((x) => x.server === 3)).toEqual([{ server: 3, mode: 'TRUNC', zxid: '0x100000003' }]);
      expect(after.servers.map((s) => [s.id, s.state, s.lastZxid])).toEqual([
        [1, 'FOLLOWING', '0x100000003'],
        [2, 'LEADING', '0x100000003'],
        [3, 'FOLLOWING', '0x100000003'],
      ]);

      const r = await run.run();
      expect(r.violations).toEqual([]);
      expectConverged(r, '0x200000001');
      for (const s of r.servers) expect([s.currentEpoch, s.lastZxid, s.znodes]).toEqual([2, '0x200000001', 6]);
      expect(said(r, 'c1')).toEqual(['Created /a', 'Created /b', 'KeeperErrorCode = ConnectionLoss for /lost', '[a, b, zookeeper]']);
      expect(said(r, 'c2')).toEqual(['Node does not exist: /lost']);
    });
  }
});

describe('SNAP: a follower more than 500 txns behind', () => {
  for (const seed of [7, 1]) {
    it(`gets the leader's whole tree, and its own log keeps a hole until it logs again (seed ${seed})`, async () => {
      const run = start(example('sync-snap', seed));
      const synced = await at(run, 41000);
      expect(synced.syncs.filter((s) => s.learner === 1 && s.at >= 40000)).toEqual([{ at: expect.any(Number), leader: 3, learner: 1, mode: 'SNAP', fromZxid: '0x100000002', toZxid: '0x100000200' }]);
      expect(learnerSyncModes(run).filter((x) => x.server === 1).at(-1)).toEqual({ server: 1, mode: 'SNAP', zxid: '0x100000200' });
      // The snapshot covers 0x100000003-0x100000200; server 1's txn log does not.
      expect(server(synced, 1)).toMatchObject({ state: 'FOLLOWING', lastZxid: '0x100000002', lastCommitted: '0x100000200', znodes: 515 });
      expectConverged(synced, '0x100000200');

      const r = await run.run();
      expect(r.violations).toEqual([]);
      expectConverged(r, '0x100000201');
      for (const s of r.servers) expect([s.lastZxid, s.znodes]).toEqual(['0x100000201', 515]);
      expect(said(r, 'c2')).toEqual(['509']);
    });

    it(`with only 400 writes missed, the committed log still covers the follower: DIFF (seed ${seed})`, async () => {
      const s = example('sync-snap', seed);
      const actions = s.actions!.filter((a) => !(a.do === 'cli' && a.client === 'c1' && /^create \/n(4\d\d|5\d\d)/.test(a.command)));
      expect(actions).toHaveLength(s.actions!.length - 110);
      const r = await start({ ...s, actions: actions.map((a) => (a.do === 'cli' && a.client === 'c2' ? { ...a, command: 'get /n399' } : a)) }).run();
      expect(r.violations).toEqual([]);
      expect(r.syncs.filter((x) => x.learner === 1 && x.at >= 40000)).toEqual([{ at: expect.any(Number), leader: 3, learner: 1, mode: 'DIFF', fromZxid: '0x100000002', toZxid: '0x100000192' }]);
      expectConverged(r, '0x100000193');
      expect(said(r, 'c2')).toEqual(['399']);
    });
  }
});

describe('TRUNC+DIFF: a leader syncs from a txn log with a hole (3.8.0)', () => {
  const lostWrites = ['Created /e2b', 'Created /e2c'];
  for (const seed of SEEDS) {
    it(`server 5, SNAP-synced in epoch 2, has no log records for what the snapshot covered (seed ${seed})`, async () => {
      const run = start(example('sync-trunc-diff', seed));
      const r = await at(run, 30000);
      expect(r.syncs.filter((s) => s.learner === 5 && s.at >= 22000)).toEqual([{ at: expect.any(Number), leader: 4, learner: 5, mode: 'SNAP', fromZxid: '0x100000004', toZxid: '0x200000003' }]);
      // Its log still ends with its own uncommitted epoch-1 proposal; 0x200000001-3 are only in the snapshot.
      expect(server(r, 5)).toMatchObject({ state: 'FOLLOWING', leader: 4, lastZxid: '0x100000004', lastCommitted: '0x200000003' });
      expect(server(r, 1)).toMatchObject({ status: 'down', lastZxid: '0x200000002', lastCommitted: '0x200000002' });
      const later = await at(run, 40900);
      expect(server(later, 5)).toMatchObject({ lastZxid: '0x200000005', lastCommitted: '0x200000005' });
    });

    it(`3.8.0 sends server 1 TRUNC to a zxid it never had, then DIFF: the digest invariant catches the loss (seed ${seed})`, async () => {
      const run = start(example('sync-trunc-diff', seed));
      const r = await run.run();
      expect(lastSyncOf(r, 1)).toEqual({ at: expect.any(Number), leader: 5, learner: 1, mode: 'TRUNC+DIFF', fromZxid: '0x200000002', toZxid: '0x200000005' });
      // TRUNC to the txn before 0x200000004 in server 5's log: its own old proposal, 0x100000004.
      expect(learnerSyncModes(run).filter((x) => x.server === 1).at(-1)).toEqual({ server: 1, mode: 'TRUNC', zxid: '0x100000004' });
      expect(r.violations).toHaveLength(1);
      const first = r.violations[0]!.split('\n')[0]!;
      const m = /^digests: s1 digest after 0x200000004 is (\d+), the leader computed (\d+) \(seed (\d+), t=(\d+)\)$/.exec(first);
      expect(m, first).not.toBeNull();
      expect(m![1]).not.toBe(m![2]);
      expect(Number(m![3])).toBe(seed);
      expect(r.time).toBe(Number(m![4]));
      expect(r.time).toBeGreaterThan(41000);
      expect(r.time).toBeLessThan(45000);
      // FileTxnLog.truncate to 0x100000004, absent from server 1's log, stops at the first record
      // after it, 0x200000001 (/e2a), and keeps it; ZKDatabase.truncateLog reloads the database
      // from that disk: /e2a is back, /e2b and /e2c are lost (ZooScope used to cut at 0x100000003).
      expect(server(r, 1)).toMatchObject({ state: 'FOLLOWING', leader: 5, digest: Number(m![1]), lastZxid: '0x200000001', znodes: 8 });
      expect(said(r, 'c1').filter((l) => l.startsWith('Created /e2'))).toEqual(['Created /e2a', ...lostWrites, 'Created /e2d', 'Created /e2e']);
    });

    it(`after the TRUNC, server 1's view of its log is what its disk holds (seed ${seed})`, async () => {
      const run = start(example('sync-trunc-diff', seed));
      // Right after server 1 handled the TRUNC (t=41400 for seed 7).
      let t = 41000;
      while (learnerSyncModes(run).filter((x) => x.server === 1).at(-1)?.mode !== 'TRUNC' && t < 45000) await run.runTo((t += 10));
      const r = await run.report();
      expect(learnerSyncModes(run).filter((x) => x.server === 1).at(-1)).toEqual({ server: 1, mode: 'TRUNC', zxid: '0x100000004' });
      const disk = await run.world.servers.get(1)!.machine.diskFiles();
      expect(hex(disk.lastLoggedZxid)).toBe('0x200000001');
      expect(server(r, 1)).toMatchObject({ state: 'FOLLOWING', lastZxid: '0x200000001' });
      // The tree was reloaded from snapshot.0 and the kept log (/e2a included); the TRUNC's zxid
      // becomes its last processed zxid all the same (ZKDatabase.setlastProcessedZxid).
      const s1 = run.world.servers.get(1)!.server!;
      expect(s1.db.tree.getNode('/e2a')).toBeDefined();
      expect(s1.db.tree.getNode('/e2b')).toBeUndefined();
    });

    it(`3.8.0 without the invariants: server 1 serves a tree without two acknowledged writes (seed ${seed})`, async () => {
      const r = await start(example('sync-trunc-diff', seed), { checkers: [] }).run();
      expect(r.violations).toEqual([]);
      expect(lastSyncOf(r, 1)).toMatchObject({ leader: 5, learner: 1, mode: 'TRUNC+DIFF' });
      expect(r.servers.map((s) => [s.id, s.status, s.state, s.lastCommitted, s.znodes])).toEqual([
        [1, 'up', 'FOLLOWING', '0x300000001', 9],
        [2, 'up', 'FOLLOWING', '0x300000001', 11],
        [3, 'up', 'FOLLOWING', '0x300000001', 11],
        [4, 'down', null, '0x200000005', 11],
        [5, 'up', 'LEADING', '0x300000001', 11],
      ]);
      const others = new Set([2, 3, 4, 5].map((id) => server(r, id).digest));
      expect(others.size).toBe(1);
      expect(others.has(server(r, 1).digest)).toBe(false);
      // c1 (server 2) saw the writes succeed; c2 (server 1) does not find two of them. /e2a is
      // there: FileTxnLog.truncate to a zxid absent from the log keeps the first record after it
      // (0x200000001), and ZKDatabase.truncateLog reloads from that disk.
      expect(said(r, 'c1').filter((l) => l.startsWith('Created /e2'))).toEqual(['Created /e2a', ...lostWrites, 'Created /e2d', 'Created /e2e']);
      expect(said(r, 'c1').at(-1)).toBe('[a, b, e2a, e2b, e2c, e2d, e2e, zookeeper]');
      expect(said(r, 'c2')).toEqual(['[a, b, e2a, e2d, e2e, zookeeper]']);
    });

    it(`with zooscope.fixes=txnlog-gap the leader sends a SNAP and every replica converges (seed ${seed})`, async () => {
      const run = start(example('sync-trunc-diff', seed), { cfg: ['zooscope.fixes=txnlog-gap'] });
      const r = await run.run();
      expect(r.violations).toEqual([]);
      // toZxid is the leader's last processed zxid: 0x300000000 if epoch 3 started before server 1 came.
      expect(lastSyncOf(r, 1)).toEqual({ at: expect.any(Number), leader: 5, learner: 1, mode: 'SNAP', fromZxid: '0x200000002', toZxid: expect.stringMatching(/^0x(200000005|300000000)$/) });
      expect(learnerSyncModes(run).filter((x) => x.server === 1).at(-1)).toEqual({ server: 1, mode: 'SNAP', zxid: lastSyncOf(r, 1)!.toZxid });
      expect(r.syncs.map((s) => s.mode)).not.toContain('TRUNC+DIFF');
      expectConverged(r, '0x300000001');
      for (const id of [1, 2, 3, 5]) expect(server(r, id)).toMatchObject({ currentEpoch: 3, znodes: 11 });
      expect(said(r, 'c2')).toEqual(['[a, b, e2a, e2b, e2c, e2d, e2e, zookeeper]']);
      expect(said(r, 'c1').at(-1)).toBe('[a, b, e2a, e2b, e2c, e2d, e2e, zookeeper]');
    });

    it(`with zooscope.fixes=txnlog-gap, a learner at the zxid of the leader's own SNAP gets a SNAP too (seed ${seed})`, async () => {
      // Without /e2c, server 5's SNAP is at 0x200000002, server 1's zxid: that txn is not in
      // server 5's log either, so its log cannot serve server 1 (3.8.0 sends TRUNC+DIFF).
      const s = example('sync-trunc-diff', seed);
      const actions = s.actions!.filter((a) => !(a.do === 'cli' && a.command === 'create /e2c 3'));
      expect(actions).toHaveLength(s.actions!.length - 1);
      const run = start({ ...s, actions }, { cfg: ['zooscope.fixes=txnlog-gap'] });
      const before = await at(run, 30000);
      expect(before.syncs.filter((x) => x.learner === 5 && x.at >= 22000)).toMatchObject([{ leader: 4, mode: 'SNAP', fromZxid: '0x100000004', toZxid: '0x200000002' }]);
      const r = await run.run();
      expect(r.violations).toEqual([]);
      expect(lastSyncOf(r, 1)).toMatchObject({ leader: 5, learner: 1, mode: 'SNAP', fromZxid: '0x200000002' });
      expect(r.syncs.map((x) => x.mode)).not.toContain('TRUNC+DIFF');
      expectConverged(r, '0x300000001');
      expect(said(r, 'c2')).toEqual(['[a, b, e2a, e2b, e2d, e2e, zookeeper]']);
    });
  }
});
