// Server machines for Node: each process is a HostedServer in this realm over an IndexedDB store
// (fake-indexeddb in tests), with every call's arguments and answers passed through structuredClone
// as postMessage would pass them to and from a Worker. What runs here runs the same in the page.

import { HostedMachine, type ServerProcess, type ServerProcessApi, type StoreAccess } from './HostedMachine.ts';
import { HostedServer } from './HostedServer.ts';
import { IdbDataStore } from './IdbDataStore.ts';

/** The API as a Worker boundary would carry it: copies in, copies out. */
function overCloneBoundary(server: HostedServer): ServerProcessApi {
  return {
    boot: async (p, now) => structuredClone(await server.boot(structuredClone(p), now)),
    handle: async (input, now) => structuredClone(await server.handle(structuredClone(input), now)),
    synced: async (token) => structuredClone(await server.synced(token)),
    syncedInput: async (token, now) => structuredClone(await server.syncedInput(token, now)),
    catchUp: async (p, bootNow, journal) => structuredClone(await server.catchUp(structuredClone(p), bootNow, structuredClone(journal))),
    replayFindings: async () => structuredClone(server.replayFindings()),
    inspect: async (q) => structuredClone(server.inspect(structuredClone(q))),
    crash: () => server.crash(),
  };
}

/** One machine per server, its data directory in the database IdbDataStore.dbName(ensemble, id). */
export function inProcessIdbMachine(ensemble: string, id: number, factory: IDBFactory): HostedMachine {
  const name = IdbDataStore.dbName(ensemble, id);
  let worldSide: IdbDataStore | null = null;
  const spawn = async (): Promise<ServerProcess> => {
    const store = await IdbDataStore.open(name, factory);
    return { api: overCloneBoundary(new HostedServer(id, store)), terminate: () => store.close() };
  };
  const store = async (): Promise<StoreAccess> => (worldSide ??= await IdbDataStore.open(name, factory));
  return new HostedMachine(id, spawn, store);
}
