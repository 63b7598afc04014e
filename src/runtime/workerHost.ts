// Server machines for the page: each server process is a Web Worker (workers/server.worker.ts)
// reached through comlink, its data directory an IndexedDB database the page can open too.

import { wrap, releaseProxy, type Remote } from 'comlink';
import { HostedMachine, type ServerProcess, type ServerProcessApi, type StoreAccess } from './HostedMachine.ts';
import { IdbDataStore } from './IdbDataStore.ts';
import type { DiskFault } from '../sim/Disk.ts';

/** What the worker exposes: the process API, after open() gave it its database. */
export interface WorkerServerApi extends ServerProcessApi {
  /** Open the server's database; a fault if IndexedDB refused. */
  open(id: number, dbName: string): Promise<DiskFault | null>;
  /** An empty round trip, for benchmarks. */
  ping(): Promise<number>;
}

/** Live workers, so views and tests can see that a killed server's worker is really gone. */
export const liveWorkers = new Map<number, Worker>();

export function spawnServerWorker(): Worker {
  return new Worker(new URL('../../workers/server.worker.ts', import.meta.url), { type: 'module', name: 'zookeeper-server' });
}

/**
 * A Worker started ahead, with nothing in it: a server (re)start takes it rather than waiting for
 * a new Worker to load and run its script (some 50-90 ms). It is a fresh process all the same:
 * it has never hosted a server, so a restarted server has only what its IndexedDB holds.
 */
let spare: Worker | null = null;

/** A Worker for a server process: the spare if there is one, else a new one. */
export function takeServerWorker(): Worker {
  const w = spare ?? spawnServerWorker();
  spare = null;
  return w;
}

/**
 * Start the spare, if there is none. A server's process being killed starts one: a restart of it
 * is likely next, and nothing of that server is booting meanwhile for the spare to slow down.
 */
export function prepareSpareWorker(): void {
  spare ??= spawnServerWorker();
}

export function workerMachine(ensemble: string, id: number): HostedMachine {
  const name = IdbDataStore.dbName(ensemble, id);
  let pageSide: IdbDataStore | null = null;
  const spawn = async (): Promise<ServerProcess> => {
    const worker = takeServerWorker();
    const remote: Remote<WorkerServerApi> = wrap<WorkerServerApi>(worker);
    liveWorkers.set(id, worker);
    const fault = await remote.open(id, name);
    if (fault !== null) {
      remote[releaseProxy]();
      worker.terminate();
      liveWorkers.delete(id);
      throw Object.assign(new Error(fault.message), { code: fault.code.replace(/^store-/, '') });
    }
    return {
      api: remote as unknown as ServerProcessApi,
      terminate: () => {
        remote[releaseProxy]();
        worker.terminate();
        if (liveWorkers.get(id) === worker) liveWorkers.delete(id);
        prepareSpareWorker();
      },
    };
  };
  const store = async (): Promise<StoreAccess> => (pageSide ??= await IdbDataStore.open(name));
  return new HostedMachine(id, spawn, store);
}
