import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autoStarted, defaultCheckers, runScenario, ScenarioRun } from './run.ts';
import type { Report, Scenario, ServerReport } from './types.ts';
import { mustScenario, ScenarioError, validateScenario } from './validate.ts';
import { resolveScenario } from './world.ts';

const EXAMPLES = join(import.meta.dirname, 'examples');

function example(name: string): Scenario {
  return mustScenario(JSON.parse(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8')));
}

function server(r: Report, id: number): ServerReport {
  const s = r.servers.find((x) => x.id === id);
  if (!s) throw new Error(`no server ${id} in the report`);
  return s;
}

/** The scenario with only the actions before t, ending at t. */
function cutAt(s: Scenario, t: number): Scenario {
  return { ...s, actions: (s.actions ?? []).filter((a) => a.at < t), until: t };
}

describe('determinism', () => {
  it('the same scenario twice gives the same trace and report; another seed does not', async () => {
    const s = example('leader-crash');
    const a = await runScenario(s);
    const b = await runScenario(s);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b).toEqual(a);
    const c = await runScenario({ ...s, seed: s.seed + 1 });
    expect(c.traceHash).not.toBe(a.traceHash);
  });

  it('the report is plain JSON', async () => {
    const r = await runScenario(example('observer'));
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(Object.keys(r)).toEqual(['time', 'traceHash', 'violations', 'servers', 'clients', 'elections', 'syncs', 'fourLetterWords']);
    expect(r.traceHash).toMatch(/^[0-9a-f]{16}$/);
    for (const s of r.servers) {
      expect(Object.keys(s)).toEqual(['id', 'role', 'status', 'state', 'leader', 'acceptedEpoch', 'currentEpoch', 'lastZxid', 'lastCommitted', 'znodes', 'digest', 'fault']);
      expect(s.lastZxid).toMatch(/^0x[0-9a-f]+$/);
    }
    for (const c of r.clients) expect(c.sessionId).toMatch(/^0x[0-9a-f]+$/);
  });
});

describe('teaching example 1: five servers started one by one', () => {
  for (const seed of [7, 1, 2, 3]) {
    it(`server 3 becomes leader, 4 and 5 follow it (seed ${seed})`, async () => {
      const r = await runScenario({ ...example('staggered-start'), seed });
      expect(r.violations).toEqual([]);
      expect(r.servers.map((s) => [s.id, s.state, s.leader])).toEqual([
        [1, 'FOLLOWING', 3],
        [2, 'FOLLOWING', 3],
        [3, 'LEADING', 3],
        [4, 'FOLLOWING', 3],
        [5, 'FOLLOWING', 3],
      ]);
      // One election: servers 1-3 decide it when 3 starts (at 6 s); 4 and 5 join it later.
      expect(r.elections).toHaveLength(1);
      const e = r.elections[0]!;
      expect(e.leader).toBe(3);
      expect(e.epoch).toBe(1);
      expect(e.at).toBeGreaterThanOrEqual(6000);
      expect(e.at).toBeLessThan(9000);
      expect(Object.keys(e.votes)).toEqual(['1', '2', '3', '4', '5']);
      for (const v of Object.values(e.votes)) expect(v.leader).toBe(3);
      for (const id of [1, 2, 3, 4, 5]) expect(server(r, id).currentEpoch).toBe(1);
      // The client's writes reached everyone.
      expect(r.clients[0]!.output.slice(-2)).toEqual(['Created /app', 'hello']);
      expect(new Set(r.servers.map((s) => s.digest)).size).toBe(1);
    });
  }
});

describe('teaching example 2: the leader and server 5 crash', () => {
  for (const seed of [7, 1, 2, 3]) {
    it(`servers 1, 2 (zxid 8) and 4 (zxid 7) elect server 2 (seed ${seed})`, async () => {
      const s = { ...example('leader-crash'), seed };
      // Just before the crash: epoch 1, leader 3; 1-3 logged 0x100000008, 4 and 5 only 0x100000007.
      const before = await runScenario(cutAt(s, 25000));
      expect(before.servers.map((x) => [x.id, x.state, x.leader, x.acceptedEpoch, x.currentEpoch, x.lastZxid])).toEqual([
        [1, 'FOLLOWING', 3, 1, 1, '0x100000008'],
        [2, 'FOLLOWING', 3, 1, 1, '0x100000008'],
        [3, 'LEADING', 3, 1, 1, '0x100000008'],
        [4, 'FOLLOWING', 3, 1, 1, '0x100000007'],
        [5, 'FOLLOWING', 3, 1, 1, '0x100000007'],
      ]);

      const r = await runScenario(s);
      expect(r.violations).toEqual([]);
      expect(r.servers.map((x) => [x.id, x.status, x.state, x.leader])).toEqual([
        [1, 'up', 'FOLLOWING', 2],
        [2, 'up', 'LEADING', 2],
        [3, 'down', null, null],
        [4, 'up', 'FOLLOWING', 2],
        [5, 'down', null, null],
      ]);
      expect(r.elections.map((e) => [e.leader, e.epoch])).toEqual([
        [3, 1],
        [2, 2],
      ]);
      const e = r.elections[1]!;
      expect(e.at).toBeGreaterThanOrEqual(25000);
      expect(e.votes).toEqual({
        '1': { leader: 2, zxid: '0x100000008', electionEpoch: e.votes['1']!.electionEpoch, peerEpoch: 1 },
        '2': { leader: 2, zxid: '0x100000008', electionEpoch: e.votes['1']!.electionEpoch, peerEpoch: 1 },
        '4': { leader: 2, zxid: '0x100000008', electionEpoch: e.votes['1']!.electionEpoch, peerEpoch: 1 },
      });
      // Server 4 gets the txn it missed.
      expect(r.syncs.filter((x) => x.at >= 25000 && x.learner === 4)).toEqual([expect.objectContaining({ leader: 2, learner: 4, mode: 'DIFF', fromZxid: '0x100000007', toZxid: '0x100000008' })]);
      for (const id of [1, 2, 4]) expect(server(r, id).currentEpoch).toBe(2);
      // Down servers report what their disks hold.
      expect([server(r, 3).lastZxid, server(r, 3).currentEpoch]).toEqual(['0x100000008', 1]);
      expect([server(r, 5).lastZxid, server(r, 5).currentEpoch]).toEqual(['0x100000007', 1]);
      expect(r.clients[0]!.output.at(-1)).toBe('[a, b, c, d, e, f, g, zookeeper]');
    });
  }
});

describe('observers', () => {
  it('an observer is OBSERVING, serves reads and forwards writes', async () => {
    const r = await runScenario(example('observer'));
    expect(r.violations).toEqual([]);
    expect(server(r, 4)).toMatchObject({ role: 'observer', state: 'OBSERVING', leader: 3 });
    expect(r.servers.filter((s) => s.state === 'LEADING')).toHaveLength(1);
    const [obs, p1] = r.clients;
    expect(obs!.output).toEqual([
      'Connecting to 127.0.0.1:2184',
      'Welcome to ZooKeeper!',
      'JLine support is disabled',
      '',
      'WATCHER::',
      '',
      'WatchedEvent state:SyncConnected type:None path:null',
      'Created /via-observer',
      'data',
      '[via-observer, zookeeper]',
      'changed',
    ]);
    // The observer's session belongs to it (server id in the top byte).
    expect(obs!.sessionId).toMatch(/^0x4[0-9a-f]{14}$/);
    expect(p1!.output.at(-1)).toBe('data');
    // Everyone applied both writes (the observer's forwarded one, and p1's).
    expect(new Set(r.servers.map((s) => `${s.lastCommitted} ${s.digest} ${s.znodes}`)).size).toBe(1);
    // The observer decided in the participants' round without being counted as a voter.
    expect(r.elections).toHaveLength(1);
  });
});

describe('the runner', () => {
  it('starts servers at time 0 unless their first server action is a start', () => {
    const r = resolveScenario(
      mustScenario({
        version: 1,
        seed: 1,
        ensemble: { participants: 5 },
        actions: [
          { at: 100, do: 'kill', server: 2 },
          { at: 200, do: 'start', server: 2 },
          { at: 300, do: 'start', server: 3 },
          { at: 400, do: 'isolate', server: 4 },
          { at: 500, do: 'start', server: 4 },
          { at: 600, do: 'torn-record', server: 5 },
          { at: 700, do: 'start', server: 5 },
        ],
        until: 1000,
      }),
    );
    expect(autoStarted(r)).toEqual([1, 2, 5]);
  });

  it('runs a standalone server, and down servers report their disks', async () => {
    const r = await runScenario({
      version: 1,
      seed: 5,
      ensemble: { participants: 1, standalone: true, tickTime: 500 },
      actions: [
        { at: 100, do: 'connect', client: 'c1', servers: [1], sessionTimeout: 2000 },
        { at: 200, do: 'cli', client: 'c1', command: 'create /a x' },
        { at: 200, do: 'cli', client: 'c1', command: 'create -e /a/eph y' },
        { at: 1000, do: 'crash-client', client: 'c1' },
        { at: 1000, do: 'connect', client: 'c2', servers: [1] },
        { at: 8000, do: 'cli', client: 'c2', command: 'ls /a' },
        { at: 9000, do: 'kill', server: 1 },
      ],
      until: 10000,
    });
    expect(r.violations).toEqual([]);
    expect(r.elections).toEqual([]);
    const [c1, c2] = r.clients;
    expect(c1!.state).toBe('CRASHED');
    expect(c1!.output.slice(-2)).toEqual(['Created /a', 'Created /a/eph']);
    // The crashed client's session expired, and its ephemeral node with it.
    expect(c2!.output.slice(7)).toEqual(['[]', '', 'WATCHER::', '', 'WatchedEvent state:Disconnected type:None path:null']);
    expect(c2!.state).toBe('CONNECTING');
    const s = server(r, 1);
    expect(s).toMatchObject({ role: 'standalone', status: 'down', state: null, leader: null, acceptedEpoch: null, currentEpoch: null, fault: null });
    // On disk: createSession x2, create /a, create /a/eph, closeSession (expiry).
    expect(s.lastZxid).toBe('0x5');
    expect(s.lastCommitted).toBe('0x5');
    expect(s.znodes).toBe(5);
  });

  it('a one-server ensemble is a quorum peer unless standalone', async () => {
    const r = await runScenario({ version: 1, seed: 1, ensemble: { servers: [{ id: 1 }] }, until: 2000 });
    expect(server(r, 1)).toMatchObject({ role: 'participant', state: 'LEADING', leader: 1, currentEpoch: 1 });
    expect(r.elections).toEqual([{ at: expect.any(Number), epoch: 1, leader: 1, votes: { '1': { leader: 1, zxid: '0x0', electionEpoch: 1, peerEpoch: 0 } } }]);
  });

  it('a server that refuses to start from a damaged disk reports why', async () => {
    const r = await runScenario({
      version: 1,
      seed: 2,
      ensemble: { participants: 1, standalone: true },
      actions: [
        { at: 100, do: 'connect', client: 'c1', servers: [1] },
        { at: 200, do: 'cli', client: 'c1', command: 'create /a x' },
        { at: 200, do: 'cli', client: 'c1', command: 'create /b x' },
        { at: 1000, do: 'corrupt-record', server: 1, zxid: '0x2' },
        { at: 1100, do: 'start', server: 1 },
      ],
      until: 2000,
    });
    const s = server(r, 1);
    expect(s.status).toBe('down');
    expect(s.fault).toMatch(/^txnLog: log\.1: CRC check failed in log\.1 at offset \d+$/);
    expect(s.lastZxid).toBeNull();
  });

  it('performs every kind of action without failing', async () => {
    const s = mustScenario(JSON.parse(readFileSync(join(import.meta.dirname, 'testdata', 'every-action.json'), 'utf8')));
    const r = await runScenario(s);
    expect(r.violations).toEqual([]);
    expect(r.time).toBe(s.until);
    expect(r.servers.filter((x) => x.state === 'LEADING')).toHaveLength(1);
    // Server 2 cannot start: the record it needs to replay fails its checksum.
    expect(server(r, 2)).toMatchObject({ status: 'down', state: null, lastZxid: null });
    expect(server(r, 2).fault).toMatch(/^txnLog: log\.100000001: CRC check failed/);
    const up = r.servers.filter((x) => x.status === 'up');
    expect(up.map((x) => x.id)).toEqual([1, 3, 4]);
    expect(new Set(up.map((x) => x.digest)).size).toBe(1);
    // The crashed client's session expired: its ephemeral node is gone (/, /zookeeper, its quota and config nodes, /app, /k1-3).
    expect(up.map((x) => x.znodes)).toEqual([8, 8, 8]);
    const [a, b] = r.clients;
    expect(a!.state).toBe('CRASHED');
    expect(a!.output.slice(-2)).toEqual(['Created /eph', '[eph]']);
    // b only knows server 2, which is down by then.
    expect(b!.state).toBe('CLOSED');
    expect(b!.output.slice(-5)).toEqual(['KeeperErrorCode = ConnectionLoss for /', '', 'WATCHER::', '', 'WatchedEvent state:Closed type:None path:null']);
    // The wiped observer came back with a snapshot.
    expect(r.syncs.at(-1)).toMatchObject({ learner: 4, mode: 'SNAP', fromZxid: '0x0' });
  });

  it('stops at the first violation, with seed, time and the last events', async () => {
    const s = example('staggered-start');
    const noLeader = (w: import('../sim/World.ts').World): string[] =>
      [...w.servers.values()].some((h) => h.server !== null && 'view' in h.server && (h.server as { view(): { state: string } }).view().state === 'LEADING') ? ['a leader was elected'] : [];
    const r = await runScenario(s, { checkers: [noLeader], traceTail: 5 });
    expect(r.violations).toHaveLength(1);
    const [first, ...tail] = r.violations[0]!.split('\n');
    expect(first).toBe(`a leader was elected (seed 7, t=${r.time})`);
    expect(tail[0]).toBe('last events:');
    expect(tail).toHaveLength(6);
    expect(r.time).toBeGreaterThan(6000);
    expect(r.time).toBeLessThan(s.until);
    expect(server(r, 3).state).toBe('LEADING');
    // Nothing ran after the violation.
    expect(r.clients).toEqual([]);
  });

  it('uses defaultCheckers when none are given', async () => {
    const seen: number[] = [];
    defaultCheckers.push((w) => (seen.push(w.now), []));
    try {
      await runScenario({ version: 1, seed: 1, ensemble: { participants: 1, standalone: true }, until: 100 });
    } finally {
      defaultCheckers.pop();
    }
    expect(seen.length).toBeGreaterThan(0);
  });

  it('rejects an invalid scenario', async () => {
    await expect(runScenario({ version: 1, seed: 1, ensemble: { participants: 3 }, actions: [{ at: 0, do: 'kill', server: 4 }], until: 10 })).rejects.toThrow(ScenarioError);
  });

  it('can stop half-way and go on', async () => {
    const s = example('staggered-start');
    const run = new ScenarioRun(s);
    await run.runTo(7000);
    expect((await run.report()).time).toBe(7000);
    expect((await run.report()).servers.map((x) => x.status)).toEqual(['up', 'up', 'up', 'down', 'down']);
    const whole = await runScenario(s);
    expect(await run.run()).toEqual(whole);
  });
});

describe('session ids', () => {
  // ZooKeeperServer.createSessionTrackerServerId = 1: real standalone session ids look like
  // 0x100001254820000 (see src/zk/fourletter/fixtures/cons.txt).
  it('a standalone server numbers sessions as server 1', async () => {
    const r = await runScenario({
      version: 1,
      seed: 5,
      ensemble: { participants: 1, standalone: true },
      actions: [{ at: 100, do: 'connect', client: 'c1', servers: [1] }],
      until: 1000,
    });
    expect(r.clients[0]!.state).toBe('CONNECTED');
    expect(r.clients[0]!.sessionId).toMatch(/^0x1[0-9a-f]{14}$/);
  });
});

describe('live actions', () => {
  it('an action taken while running replays to the same trace and report', async () => {
    const s: Scenario = {
      version: 1,
      seed: 9,
      ensemble: { participants: 3 },
      actions: [{ at: 500, do: 'connect', client: 'c1', servers: [1, 2, 3] }],
      until: 4000,
    };
    const live = new ScenarioRun(s);
    await live.runTo(3000);
    expect(live.act({ do: 'cli', client: 'c1', command: 'create /live x' })).toMatchObject({ ok: true });
    await live.runTo(3500);
    const leader = (await live.report()).servers.find((x) => x.state === 'LEADING')!.id;
    expect(live.act({ do: 'kill', server: leader })).toMatchObject({ ok: true, action: { at: 3501 } });
    await live.runTo(9000);
    const replay = new ScenarioRun(live.recorded);
    await replay.runTo(9000);
    expect(replay.world.trace.hash()).toBe(live.world.trace.hash());
    expect(await replay.report()).toEqual(await live.report());
    expect((await live.report()).clients[0]!.output).toContain('Created /live');
  });

  it('rejects a bad action with the validator message, without recording it', async () => {
    const run = new ScenarioRun({ version: 1, seed: 1, ensemble: { participants: 3 }, until: 1000 });
    await run.runTo(100);
    expect(run.act({ do: 'kill', server: 9 })).toEqual({ ok: false, errors: [expect.stringContaining('server')] });
    expect(run.act({ do: 'cli', client: 'nobody', command: 'ls /' })).toMatchObject({ ok: false });
    expect(run.act({ do: 'start', server: 1 })).toEqual({ ok: false, errors: ['server: 1 is already running'] });
    expect(run.act('kill')).toMatchObject({ ok: false });
    expect(run.recorded.actions).toEqual([]);
  });

  it('an action taken for a later time: actions at the present still come, the recording stays valid', async () => {
    const run = new ScenarioRun({ version: 1, seed: 1, ensemble: { participants: 3 }, until: 1000 });
    await run.runTo(1000);
    expect(run.act({ at: 5000, do: 'isolate', server: 1 })).toMatchObject({ ok: true });
    expect(run.act({ do: 'heal' })).toEqual({ ok: true, action: { at: 1001, do: 'heal' } });
    expect(validateScenario(run.recorded)).toMatchObject({ ok: true, scenario: { until: 5000 } });
  });
});

describe('four-letter words', () => {
  it('a 4lw action asks a server on a fresh connection and the report keeps the answer', async () => {
    const r = await runScenario({
      version: 1,
      seed: 4,
      ensemble: { participants: 3 },
      actions: [
        { at: 9000, do: '4lw', server: 1, word: 'ruok' },
        { at: 9000, do: '4lw', server: 2, word: 'srvr' },
        { at: 9000, do: '4lw', server: 3, word: 'xyzw' },
      ],
      until: 10_000,
    });
    expect(r.fourLetterWords.map((p) => [p.server, p.word])).toEqual([
      [1, 'ruok'],
      [2, 'srvr'],
      [3, 'xyzw'],
    ]);
    expect(r.fourLetterWords[0]!.output).toBe('imok');
    expect(r.fourLetterWords[1]!.output).toMatch(/^Zookeeper version: 3\.8\.0.*\nLatency min\/avg\/max: /s);
    expect(r.fourLetterWords[1]!.output).toMatch(/Mode: (leader|follower)\n/);
    // Not a known word: the server reads it as a packet length and closes without an answer.
    expect(r.fourLetterWords[2]!.output).toBe('');
  });

  it('rejects a word that is not four printable characters', () => {
    expect(() => mustScenario({ version: 1, seed: 1, ensemble: { participants: 1 }, actions: [{ at: 0, do: '4lw', server: 1, word: 'stats' }], until: 1 })).toThrow(/word/);
  });
});
