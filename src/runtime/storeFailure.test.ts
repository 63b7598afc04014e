// IndexedDB failing under a server: the server exits as ZooKeeper does when an fsync throws, and
// the page shows why; nothing is taken as written.

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { runTo } from '../sim/drive.ts';
import { cli, ensembleWorld, waitForServing } from '../sim/testing/ensemble.ts';
import { HostedMachine } from './HostedMachine.ts';
import { HostedServer } from './HostedServer.ts';
import { IdbDataStore, IdbStoreError } from './IdbDataStore.ts';
import type { MemoryDataDir, SyncMark } from '../zk/persistence/DataDir.ts';

/** A machine whose store starts refusing writes when told to. */
function flakyMachine(factory: IDBFactory, id: number, failing: { on: boolean; code: 'quota' | 'unavailable' }) {
  const name = IdbDataStore.dbName('flaky', id);
  const spawn = async () => {
    if (failing.on && failing.code === 'unavailable') throw new IdbStoreError('unavailable', 'IndexedDB is unavailable: the browser refused to open the database (private window?)');
    const store = await IdbDataStore.open(name, factory);
    const flaky = {
      load: () => store.load(),
      persist: (dir: MemoryDataDir, pending?: () => readonly SyncMark[]) => (failing.on ? Promise.reject(new IdbStoreError(failing.code, 'IndexedDB quota exceeded: the browser refused to store more')) : store.persist(dir, pending)),
    };
    const server = new HostedServer(id, flaky);
    return {
      api: {
        boot: server.boot.bind(server),
        handle: server.handle.bind(server),
        synced: server.synced.bind(server),
        syncedInput: server.syncedInput.bind(server),
        catchUp: server.catchUp.bind(server),
        replayFindings: async () => server.replayFindings(),
        inspect: async <Q,>(q: Q) => server.inspect(q as never) as never,
        crash: () => server.crash(),
      },
      terminate: () => store.close(),
    };
  };
  return new HostedMachine(id, spawn, async () => IdbDataStore.open(name, factory));
}

describe('a failing IndexedDB', () => {
  it('a write the store refuses takes the server down with the reason; a restart recovers once it works again', async () => {
    const factory = new IDBFactory();
    const failing = { on: false, code: 'quota' as 'quota' | 'unavailable' };
    const w = ensembleWorld({ participants: 3, seed: 21, machine: (id) => flakyMachine(factory, id, id === 2 ? failing : { on: false, code: 'quota' }) });
    for (const id of [1, 2, 3]) await w.startServer(id);
    await waitForServing(w);
    const c = await cli(w, 'c', [1, 3]);
    await c.run('create /a 1');
    failing.on = true;
    await c.run('create /b 2');
    await runTo(w, w.now + 1000);
    const h = w.servers.get(2)!;
    expect(h.status).toBe('down');
    expect(h.fault).toEqual({ code: 'store-quota', message: expect.stringContaining('quota exceeded') });
    expect(w.trace.tail.some((l) => l.includes('s2 disk-failed store-quota'))).toBe(true);
    // The ensemble goes on with two servers.
    await c.run('create /c 3');
    expect(c.merged).toContain('Created /c');
    failing.on = false;
    await w.startServer(2);
    await waitForServing(w);
    expect(h.fault).toBeNull();
    expect(new Set([1, 2, 3].map((id) => w.servers.get(id)!.view!.digest)).size).toBe(1);
  });

  it('an IndexedDB the browser will not open keeps the server down with the reason', async () => {
    const factory = new IDBFactory();
    const failing = { on: true, code: 'unavailable' as const };
    const w = ensembleWorld({ participants: 3, seed: 22, machine: (id) => flakyMachine(factory, id, failing) });
    await w.startServer(1);
    const h = w.servers.get(1)!;
    expect(h.status).toBe('down');
    expect(h.fault).toEqual({ code: 'store-unavailable', message: expect.stringContaining('unavailable') });
  });
});
