// One ZooKeeper server process. The page's world sends it one input at a time and waits for the
// effects; the server's data directory lives in IndexedDB, written from here. Terminating this
// Worker is kill -9: memory and anything not yet synced to IndexedDB are gone.

import { expose } from 'comlink';
import { HostedServer, storeFault } from '../src/runtime/HostedServer.ts';
import { IdbDataStore } from '../src/runtime/IdbDataStore.ts';
import type { ServerInput } from '../src/zk/effects.ts';
import type { BootParams } from '../src/sim/machine/ServerMachine.ts';
import type { WorkerServerApi } from '../src/runtime/workerHost.ts';

let server: HostedServer | null = null;

function running(): HostedServer {
  if (server === null) throw new Error('this worker has no server: call open() first');
  return server;
}

const api: WorkerServerApi = {
  async open(id: number, dbName: string) {
    try {
      server = new HostedServer(id, await IdbDataStore.open(dbName));
      return null;
    } catch (e) {
      // Only plain data crosses back: an IdbStoreError's code would be lost if thrown.
      return storeFault(e);
    }
  },
  boot: (p: BootParams, now: number) => running().boot(p, now),
  handle: (input: ServerInput, now: number) => running().handle(input, now),
  synced: (token: number) => running().synced(token),
  syncedInput: (token: number, now: number) => running().syncedInput(token, now),
  catchUp: (p, bootNow, journal) => running().catchUp(p, bootNow, journal),
  replayFindings: async () => running().replayFindings(),
  inspect: async (q) => running().inspect(q),
  crash: () => running().crash(),
  ping: async () => 0,
};

expose(api);
