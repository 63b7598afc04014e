// Ensembles end to end: elections, the sync modes, truncation of an old leader's uncommitted
// proposal (the ZOOKEEPER-1154 shape), and ZooKeeper's guarantees checked after every event.
import { describe, expect, it } from 'vitest';
import type { SemanticEvent } from '../zk/events.ts';
import { runPromise, runTo } from './drive.ts';
import { ZabInvariants } from './invariants/ZabInvariants.ts';
import { cli, ensembleWorld, peer, waitForServing } from './testing/ensemble.ts';
import type { World } from './World.ts';

function watch(w: World): ZabInvariants {
  const inv = new ZabInvariants(w);
  w.afterStep.push(() => {
    inv.check();
  });
  return inv;
}

function events<T extends SemanticEvent['type']>(w: World, type: T): { at: number; server: number; event: Extract<SemanticEvent, { type: T }> }[] {
  return w.semanticLog.filter((e) => e.event.type === type) as { at: number; server: number; event: Extract<SemanticEvent, { type: T }> }[];
}

async function finalChecks(inv: ZabInvariants): Promise<string[]> {
  inv.check();
  await inv.checkReplay();
  await inv.checkDurability();
  inv.checkConvergence();
  return inv.violations.map((v) => `${v.invariant} at ${v.at}: ${v.message}`);
}

describe('a three-server ensemble', () => {
  it('elects the server with the highest id when all start together, and replicates writes', async () => {
    const w = ensembleWorld({ participants: 3 });
    const inv = watch(w);
    for (const id of [1, 2, 3]) w.startServer(id);
    expect(await waitForServing(w)).toBe(3);
    const c = await cli(w, 'c1', [1]);
    await c.run('create /a x');
    await c.run('get -s /a');
    expect(c.merged).toContain('cZxid = 0x100000002');
    await runTo(w, w.now + 1000);
    expect(await finalChecks(inv)).toEqual([]);
    const digests = [1, 2, 3].map((id) => peer(w, id).view().digest);
    expect(new Set(digests).size).toBe(1);
  });

  it('a restarted follower rejoins with a DIFF', async () => {
    const w = ensembleWorld({ participants: 3, seed: 2 });
    const inv = watch(w);
    for (const id of [1, 2, 3]) w.startServer(id);
    await waitForServing(w);
    const c = await cli(w, 'c1', [2]);
    await c.run('create /a 1');
    w.killServer(1);
    for (let i = 0; i < 5; i++) await c.run(`create /n${i} v`);
    const before = events(w, 'syncChosen').length;
    w.startServer(1);
    await waitForServing(w);
    await runTo(w, w.now + 1000);
    const sync = events(w, 'syncChosen').slice(before).find((e) => e.event.learner === 1);
    expect(sync?.event.mode).toBe('DIFF');
    expect(await finalChecks(inv)).toEqual([]);
  });

  it('a follower that missed more than the committed log gets a SNAP', async () => {
    const w = ensembleWorld({ participants: 3, seed: 3, cfg: ['snapCount=100'] });
    const inv = watch(w);
    for (const id of [1, 2, 3]) w.startServer(id);
    await waitForServing(w);
    const c = await cli(w, 'c1', [2]);
    w.killServer(1);
    for (let i = 0; i < 520; i++) await c.run(`create /n${i} v`);
    const before = events(w, 'syncChosen').length;
    w.startServer(1);
    await waitForServing(w);
    await runTo(w, w.now + 1000);
    const sync = events(w, 'syncChosen').slice(before).find((e) => e.event.learner === 1);
    expect(sync?.event.mode).toBe('SNAP');
    expect(await finalChecks(inv)).toEqual([]);
  }, 120_000);

  it('an isolated old leader truncates the proposal it could not commit (ZOOKEEPER-1154 shape)', async () => {
    const w = ensembleWorld({ participants: 3, seed: 4 });
    const inv = watch(w);
    for (const id of [1, 2, 3]) w.startServer(id);
    expect(await waitForServing(w)).toBe(3);
    const c = await cli(w, 'c1', [3], 60000);
    await c.run('create /before x');
    // The leader is cut off from its followers (its client still reaches it).
    w.partition([[3], [1, 2]]);
    // The old leader proposes and logs /lost, but no follower hears it.
    const pending = c.main.executeLine('create /lost y');
    w.pendingMicrotasks = true;
    await runTo(w, w.now + 2000);
    const lostZxid = peer(w, 3).db.lastLoggedZxid;
    expect(lostZxid).toBeGreaterThan(peer(w, 2).db.lastLoggedZxid);
    // The others elect a new leader; the old one gives up after syncLimit.
    await runTo(w, w.now + 20000);
    expect(peer(w, 2).view().state).toBe('LEADING');
    expect(peer(w, 3).view().state).not.toBe('LEADING');
    const before = events(w, 'syncChosen').length;
    w.heal();
    await waitForServing(w);
    await runTo(w, w.now + 2000);
    const sync = events(w, 'syncChosen').slice(before).find((e) => e.event.learner === 3);
    expect(sync?.event.mode).toBe('TRUNC');
    for (const id of [1, 2, 3]) expect(peer(w, id).db.tree.getNode('/lost')).toBeUndefined();
    for (const id of [1, 2, 3]) expect(peer(w, id).db.tree.getNode('/before')).toBeDefined();
    await runPromise(w, pending, w.now + 120_000).catch(() => undefined);
    expect(c.merged).not.toContain('Created /lost');
    expect(await finalChecks(inv)).toEqual([]);
  }, 120_000);
});

describe('the invariant checker catches broken servers', () => {
  it('flags a replica whose tree diverged from its log and from the others', async () => {
    const w = ensembleWorld({ participants: 3, seed: 5 });
    const inv = watch(w);
    for (const id of [1, 2, 3]) w.startServer(id);
    await waitForServing(w);
    const c = await cli(w, 'c1', [1]);
    await c.run('create /a x');
    await runTo(w, w.now + 500);
    // Corrupt one replica's memory behind ZooKeeper's back.
    const tree = peer(w, 1).db.tree;
    const z = tree.lastProcessedZxid;
    tree.processTxn({ clientId: 0n, cxid: 0, zxid: z, time: 0, type: 1 }, { kind: 'create', path: '/evil', data: null, acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }], ephemeral: false, parentCVersion: -1 });
    tree.lastProcessedZxid = z;
    tree.drainNotifications();
    await c.run('set /a z');
    await runTo(w, w.now + 500);
    const v = await finalChecks(inv);
    expect(v.some((x) => x.startsWith('digests'))).toBe(true);
    expect(v.some((x) => x.startsWith('replay'))).toBe(true);
    expect(v.some((x) => x.startsWith('convergence'))).toBe(true);
  });

  it('flags two leaders of one epoch, a lost acknowledged write, and epochs going back', async () => {
    const w = ensembleWorld({ participants: 3, seed: 6 });
    const inv = watch(w);
    for (const id of [1, 2, 3]) w.startServer(id);
    await waitForServing(w);
    const c = await cli(w, 'c1', [1]);
    await c.run('create /a x');
    await runTo(w, w.now + 500);
    // Forge a second leader for epoch 1.
    w.semanticLog.push({ at: w.now, server: 1, event: { type: 'zabPhase', phase: 'broadcast', epoch: 1 } });
    // A replica that forgets its epochs without losing its disk.
    const p3 = peer(w, 3);
    p3.acceptedEpoch = 0;
    p3.currentEpoch = 0;
    await runTo(w, w.now + 3000);
    // Lose the acknowledged write from two disks.
    w.wipeServer(1);
    w.wipeServer(2);
    w.startServer(1);
    inv.check();
    const v = await finalChecks(inv);
    expect(v.some((x) => x.startsWith('leaderUniqueness'))).toBe(true);
    expect(v.some((x) => x.startsWith('durability'))).toBe(true);
    expect(v.some((x) => x.startsWith('epochs'))).toBe(true);
  });

  it('flags an ensemble that does not serve again within the liveness bound', async () => {
    const w = ensembleWorld({ participants: 3, seed: 7 });
    const inv = watch(w);
    for (const id of [1, 2, 3]) w.startServer(id);
    await waitForServing(w);
    // Server 3 comes back as a process that hears nothing: it stays LOOKING on a healthy network.
    w.killServer(3);
    w.startServer(3);
    const m = w.servers.get(3)!.machine;
    const deaf = m.handle.bind(m);
    m.handle = (input, now) => deaf(input.kind === 'election' || input.kind === 'quorumPacket' ? { kind: 'timer', timer: 'none' } : input, now);
    await runTo(w, w.now + inv.livenessBound() + 10_000);
    const v = inv.violations.map((x) => `${x.invariant}: ${x.message}`);
    expect(v.some((x) => x.startsWith('liveness') && x.includes('s3 LOOKING'))).toBe(true);
    expect(v.filter((x) => x.startsWith('liveness'))).toHaveLength(1);
  });

  it('does not flag a slow but healthy recovery, nor a wiped server starting over at epoch 0', async () => {
    const w = ensembleWorld({ participants: 3, seed: 8 });
    const inv = watch(w);
    for (const id of [1, 2, 3]) w.startServer(id);
    const leader = await waitForServing(w);
    w.partition([[leader]]);
    await runTo(w, w.now + 200_000);
    w.heal();
    w.wipeServer(leader);
    w.startServer(leader);
    await runTo(w, w.now + inv.livenessBound() + 10_000);
    expect(await finalChecks(inv)).toEqual([]);
  });
});
