// ZooScope's ensemble against what real ZooKeeper 3.8.0 ensembles showed for the same cases
// (recorded by `npm run oracle:ensemble -- --record`), and the comparison's own teeth.

import { describe, expect, it } from 'vitest';
import { ENSEMBLE_CASES, type EnsembleCase } from './cases.ts';
import { compareObservations, learnerSyncsFromLog, srvrAnswer, statLines, type EnsembleObservation } from './observe.ts';
import { readRecording } from './recording.ts';
import { runOnZooScopeEnsemble } from './simEnsemble.ts';

describe('ensemble cases against the recorded real ZooKeeper 3.8.0', () => {
  for (const c of ENSEMBLE_CASES) {
    it(c.name, async () => {
      const real = readRecording(c.name);
      expect(real.srvr.length).toBeGreaterThan(0);
      expect(compareObservations(c.name, real, await runOnZooScopeEnsemble(c))).toEqual([]);
    });
  }

  it('recorded the teaching example as a real ensemble ran it: 3 leads, 4 and 5 get a snapshot', () => {
    const real = readRecording('five-started-in-turn');
    expect(real.srvr.map((p) => p.answer.split(' | ')[0])).toEqual(['Mode: follower', 'Mode: follower', 'Mode: leader', 'Mode: follower', 'Mode: follower']);
    expect(real.syncs.filter((s) => s.server >= 4).map((s) => s.mode)).toEqual(['SNAP', 'SNAP']);
  });

  it('recorded the second teaching example and ZOOKEEPER-1154 as real ensembles ran them', () => {
    expect(readRecording('leader-and-laggards').srvr.find((p) => p.answer.startsWith('Mode: leader'))?.server).toBe(2);
    expect(readRecording('old-leader-truncates').syncs.filter((s) => s.server === 2).at(-1)).toEqual({ server: 2, mode: 'TRUNC', zxid: '0x100000002' });
  });

  it('recorded disk faults as real servers met them: a corrupted record stops a restart, a torn one does not', () => {
    const corrupt = readRecording('corrupt-record-refuses-start');
    expect(corrupt.srvr.filter((p) => p.server === 3).map((p) => p.answer.split(' | ')[0])).toEqual(['(connection refused)', 'Mode: follower']);
    expect(corrupt.syncs.filter((s) => s.server === 3).at(-1)).toEqual({ server: 3, mode: 'SNAP', zxid: '0x100000003' });
    const torn = readRecording('torn-record-then-diff');
    expect(torn.srvr.find((p) => p.server === 3)?.answer).toBe('Mode: follower | Zxid: 0x100000003 | Node count: 7');
    expect(torn.syncs.filter((s) => s.server === 3).at(-1)).toEqual({ server: 3, mode: 'DIFF', zxid: '0x100000003' });
  });

  it('recorded a session expiring with its only server: by 50 s a closeSession txn, and its ephemeral gone', () => {
    const leader = readRecording('session-expires-with-its-server').srvr.filter((p) => p.server === 2).map((p) => p.answer);
    expect(leader).toEqual(['Mode: leader | Zxid: 0x100000003 | Node count: 7', 'Mode: leader | Zxid: 0x100000004 | Node count: 6']);
  });

  it('notices a server that would refuse a torn record as if it were corrupt', async () => {
    const c = ENSEMBLE_CASES.find((x) => x.name === 'torn-record-then-diff')!;
    const strict: EnsembleCase = { ...c, steps: c.steps.map((s) => (s.do === 'torn-record' ? { at: s.at, do: 'corrupt-record', server: s.server, zxid: '0x100000003' } : s)) };
    const problems = compareObservations(c.name, readRecording(c.name), await runOnZooScopeEnsemble(strict));
    expect(problems.join('\n')).toMatch(/srvr at 23000 server 3: ZooKeeper "Mode: follower.*", ZooScope "\(connection refused\)"/);
  });

  it('notices an ensemble that elects differently (servers started in the opposite order)', async () => {
    const c = ENSEMBLE_CASES.find((x) => x.name === 'five-started-in-turn')!;
    const reversed: EnsembleCase = { ...c, steps: c.steps.map((s) => (s.do === 'start' ? { ...s, server: 6 - s.server } : s)) };
    const problems = compareObservations(c.name, readRecording(c.name), await runOnZooScopeEnsemble(reversed));
    expect(problems.join('\n')).toMatch(/srvr at 20000 server 3: ZooKeeper "Mode: leader.*", ZooScope "Mode: follower/);
    expect(problems.join('\n')).toMatch(/syncs of server 5/);
  });
});

describe('compareObservations', () => {
  const base: EnsembleObservation = {
    srvr: [{ at: 1000, server: 1, answer: 'Mode: leader | Zxid: 0x100000000 | Node count: 5' }],
    syncs: [{ server: 2, mode: 'DIFF', zxid: '0x0' }],
    stats: ['cZxid = 0x100000001'],
  };

  it('finds nothing between equal observations', () => {
    expect(compareObservations('x', base, structuredClone(base))).toEqual([]);
  });

  it('names a different answer, a missing probe, another sync and a different stat line', () => {
    expect(compareObservations('x', base, { ...base, srvr: [{ ...base.srvr[0]!, answer: 'Mode: follower | Zxid: 0x100000000 | Node count: 5' }] })).toEqual([
      'x: srvr at 1000 server 1: ZooKeeper "Mode: leader | Zxid: 0x100000000 | Node count: 5", ZooScope "Mode: follower | Zxid: 0x100000000 | Node count: 5"',
    ]);
    expect(compareObservations('x', base, { ...base, srvr: [] })).toEqual(['x: srvr at 1000 server 1: ZooKeeper "Mode: leader | Zxid: 0x100000000 | Node count: 5", ZooScope "(none)"']);
    expect(compareObservations('x', base, { ...base, syncs: [{ server: 2, mode: 'SNAP', zxid: '0x0' }] })).toEqual(['x: syncs of server 2: ZooKeeper DIFF 0x0; ZooScope SNAP 0x0']);
    expect(compareObservations('x', base, { ...base, syncs: [...base.syncs, { server: 3, mode: 'TRUNC', zxid: '0x5' }] })).toEqual(['x: syncs of server 3: ZooKeeper (none); ZooScope TRUNC 0x5']);
    expect(compareObservations('x', base, { ...base, stats: ['cZxid = 0x100000002'] })).toHaveLength(1);
  });
});

describe('reading a real server', () => {
  it('reduces srvr to Mode, Zxid and Node count, and keeps a refusal whole', () => {
    const raw = 'Zookeeper version: 3.8.0-x, built on 2024-12-29 17:54 UTC\nLatency min/avg/max: 0/0.0/0\nReceived: 2\nSent: 1\nConnections: 1\nOutstanding: 0\nZxid: 0x100000000\nMode: leader\nNode count: 5\nProposal sizes last/min/max: -1/-1/-1\n';
    expect(srvrAnswer(raw)).toBe('Mode: leader | Zxid: 0x100000000 | Node count: 5');
    expect(srvrAnswer('This ZooKeeper instance is not currently serving requests\n')).toBe('This ZooKeeper instance is not currently serving requests');
    // Nobody listening: a real server's port refuses; ZooScope's probe is closed unanswered.
    expect(srvrAnswer('connect ECONNREFUSED 127.0.0.1:21811')).toBe('(connection refused)');
    expect(srvrAnswer('')).toBe('(connection refused)');
  });

  it("finds a learner's syncs in its log", () => {
    const log = [
      '2026-11-22 12:24:31,723 INFO  [QuorumPeer[myid=1](plain=127.0.0.1:21811)(secure=disabled):Learner@555] - Getting a diff from the leader 0x0',
      '2026-11-22 12:24:34,462 INFO  [QuorumPeer[myid=1](plain=127.0.0.1:21811)(secure=disabled):Learner@576] - Getting a snapshot from leader 0x100000000',
      '2026-11-22 12:24:35,000 INFO  [QuorumPeer[myid=1](plain=127.0.0.1:21811)(secure=disabled):Learner@590] - Truncating log to get in sync with the leader 0x100000003',
      '2026-11-22 12:24:35,001 INFO  [main:FileTxnSnapLog@479] - Snapshotting: 0x0 to /tmp/s1/data/version-2/snapshot.0',
    ].join('\n');
    expect(learnerSyncsFromLog(1, log)).toEqual([
      { server: 1, mode: 'DIFF', zxid: '0x0' },
      { server: 1, mode: 'SNAP', zxid: '0x100000000' },
      { server: 1, mode: 'TRUNC', zxid: '0x100000003' },
    ]);
  });

  it("keeps only stat's clock- and session-free lines", () => {
    expect(statLines('cZxid = 0x1\nctime = Thu Jan 01 00:00:00 UTC 1970\nephemeralOwner = 0x0\ndataVersion = 0\n[zk: x]')).toEqual(['cZxid = 0x1', 'dataVersion = 0']);
  });
});
