// Sessions across an ensemble: a client fails over to another server within its timeout
// (Disconnected, then SyncConnected, watches re-registered with SetWatches, missed events fired),
// or learns its session expired when it comes back too late.
import { describe, expect, it } from 'vitest';
import { runTo, runUntil } from './drive.ts';
import { cli, ensembleWorld, waitForServing } from './testing/ensemble.ts';
import type { ZkCliShell } from './ZkCliShell.ts';

function events(sh: ZkCliShell): string[] {
  return sh.merged.split('\n').filter((l) => l.startsWith('WatchedEvent'));
}

describe('client failover in an ensemble', () => {
  it('moves to another server, keeps its session and re-registers its watches', async () => {
    const w = ensembleWorld({ participants: 3, seed: 11 });
    for (const id of [1, 2, 3]) w.startServer(id);
    await waitForServing(w);
    const a = await cli(w, 'a', [1, 2, 3]);
    await a.run('create /a x');
    await a.run('create -e /eph y');
    await a.run('get -w /a');
    const first = a.server()!;
    w.killServer(first);
    await runUntil(w, () => events(a).filter((e) => e.includes('SyncConnected type:None')).length >= 2, w.now + 30_000);
    expect(events(a)).toContain('WatchedEvent state:Disconnected type:None path:null');
    expect(a.server()).not.toBe(first);
    if (w.servers.get(first)?.status === 'down') w.startServer(first);
    const b = await cli(w, 'b', [1, 2, 3].filter((s) => s !== first));
    await b.run('set /a z');
    await runTo(w, w.now + 1000);
    expect(events(a)).toContain('WatchedEvent state:SyncConnected type:NodeDataChanged path:/a');
    // Same session: its ephemeral survived the move.
    await b.run('ls /');
    expect(b.merged).toContain('[a, eph, zookeeper]');
  });

  it('fires the events a client missed while it was moving', async () => {
    const w = ensembleWorld({ participants: 3, seed: 12 });
    for (const id of [1, 2, 3]) w.startServer(id);
    await waitForServing(w);
    const a = await cli(w, 'a', [1, 2, 3]);
    await a.run('create /m x');
    await a.run('get -w /m');
    const first = a.server()!;
    const others = [1, 2, 3].filter((s) => s !== first);
    const b = await cli(w, 'b', others);
    // Cut a's server off so a cannot hear the change, change it, then let a move.
    w.isolate(first);
    // If the isolated server led, b's first attempts fail with ConnectionLoss until a new leader
    // is elected; like any client, b retries.
    for (let i = 0; i < 10; i++) {
      const before = b.merged.length;
      await b.run('set /m changed');
      if (!b.merged.slice(before).includes('ConnectionLoss')) break;
      await runTo(w, w.now + 2000);
    }
    await b.run('get /m');
    expect(b.merged).toMatch(/\nchanged\n/);
    await runUntil(w, () => events(a).includes('WatchedEvent state:SyncConnected type:NodeDataChanged path:/m'), w.now + 60_000);
    expect(a.server()).not.toBe(first);
    w.heal();
  });

  it('learns Expired when it returns after its session timed out', async () => {
    const w = ensembleWorld({ participants: 3, seed: 13 });
    for (const id of [1, 2, 3]) w.startServer(id);
    await waitForServing(w);
    // The client knows only server 1; the other two keep a quorum while it is down.
    const a = await cli(w, 'a', [1], 6000);
    await a.run('create -e /gone x');
    w.killServer(1);
    await runTo(w, w.now + 20_000);
    w.startServer(1);
    await runUntil(w, () => events(a).includes('WatchedEvent state:Expired type:None path:null'), w.now + 60_000);
    const b = await cli(w, 'b', [1, 2, 3]);
    await b.run('ls /');
    expect(b.merged).toContain('[zookeeper]');
  });

  it('keeps sessions alive through a loss of quorum longer than their timeout', async () => {
    // Only a leader expires sessions, and a new leader starts every session's clock afresh. The
    // timeout is longer than syncLimit x tickTime (10 s): the old leader gives up leading before
    // it would expire the session. (With a shorter one it logs a closeSession it cannot commit,
    // its log is then the longest, it wins the next election, and the session is gone.)
    const w = ensembleWorld({ participants: 3, seed: 14 });
    for (const id of [1, 2, 3]) w.startServer(id);
    await waitForServing(w);
    const a = await cli(w, 'a', [1, 2, 3], 14_000);
    await a.run('create -e /kept x');
    for (const id of [1, 2, 3]) w.isolate(id);
    await runTo(w, w.now + 20_000);
    w.heal();
    await runUntil(w, () => events(a).filter((e) => e.includes('SyncConnected type:None')).length >= 2, w.now + 60_000);
    expect(events(a)).not.toContain('WatchedEvent state:Expired type:None path:null');
    await a.run('ls /');
    expect(a.merged).toContain('[kept, zookeeper]');
  });
});
