// Benchmarks that need a real browser: the cost of a Worker round trip against our cost per
// scheduled event, and how long a server takes to recover from IndexedDB. Run in Chromium by
// bench/browser.ts; each returns plain numbers.

import { wrap, releaseProxy } from 'comlink';
import { IdbDataStore } from '../../src/runtime/IdbDataStore.ts';
import { prepareSpareWorker, spawnServerWorker, takeServerWorker, workerMachine, type WorkerServerApi } from '../../src/runtime/workerHost.ts';
import { Session } from '../../src/runtime/Session.ts';
import { DataTree } from '../../src/zk/DataTree.ts';
import { FileTxnSnapLog, MemoryDataDir, writeEpochFile } from '../../src/zk/persistence/index.ts';
import { takeSnapshot } from '../../src/zk/Snapshot.ts';
import { DEFAULT_CONFIG, applyConfigLines } from '../../src/zk/ServerConfig.ts';
import { OpCode, OPEN_ACL_UNSAFE } from '../../src/zk/ZooDefs.ts';
import type { TxnHeader } from '../../src/zk/txn.ts';
import type { Scenario } from '../../src/scenario/types.ts';

const hdr = (zxid: number, type: number): TxnHeader => ({ clientId: 1n, cxid: zxid, zxid, time: 1_767_225_600_000 + zxid, type });

/** Mean time of an empty comlink call to a server Worker and back. */
async function roundTrip(n: number): Promise<number> {
  const worker = spawnServerWorker();
  const api = wrap<WorkerServerApi>(worker);
  for (let i = 0; i < 200; i++) await api.ping(); // warm up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await api.ping();
  const ms = (performance.now() - t0) / n;
  api[releaseProxy]();
  worker.terminate();
  return ms;
}

/** f, counting its calls and the wall time until each answered into tally. */
function timed<A extends unknown[], R>(f: (...a: A) => R | Promise<R>, tally: { n: number; ms: number }): (...a: A) => Promise<R> {
  return async (...a) => {
    tally.n++;
    const t = performance.now();
    const r = await f(...a);
    tally.ms += performance.now() - t;
    return r;
  };
}

/** A busy three-server ensemble with clients writing: wall time per event the world processed. */
export async function perEvent(): Promise<{ msPerEvent: number; events: number; msPerServerCall: number; serverCalls: number; syncs: number; handleMs: number; syncedMs: number; ms: number }> {
  const actions: NonNullable<Scenario['actions']>[number][] = [];
  const clients = ['a', 'b', 'c', 'd'];
  clients.forEach((c, i) => actions.push({ at: 100 + i, do: 'connect', client: c, servers: [1, 2, 3] }));
  for (let t = 8000; t < 20000; t += 40) clients.forEach((c, i) => actions.push({ at: t + i, do: 'cli', client: c, command: `create /n-${c}-${t} v` }));
  const scenario: Scenario = { version: 1, seed: 42, ensemble: { participants: 3 }, actions, until: 21000 };
  const r = await Session.create(scenario, { ensemble: 'bench', machine: workerMachine });
  if (!r.ok) throw new Error(r.errors.join('; '));
  const s = r.session;
  await s.runTo(8000);
  const world = s.run.world;
  let events = 0;
  const inputs = { n: 0, ms: 0 };
  const syncs = { n: 0, ms: 0 };
  world.afterStep.push(() => {
    events++;
  });
  for (const h of world.servers.values()) {
    const m = h.machine;
    m.handle = timed(m.handle.bind(m), inputs);
    m.syncedInput = timed(m.syncedInput.bind(m), syncs);
  }
  const t0 = performance.now();
  await s.runTo(20000);
  const ms = performance.now() - t0;
  await s.dispose();
  return { msPerEvent: ms / events, events, msPerServerCall: ms / (inputs.n + syncs.n), serverCalls: inputs.n, syncs: syncs.n, handleMs: inputs.ms, syncedMs: syncs.ms, ms };
}

/** A data directory with a snapshot of `znodes` znodes and then `txns` logged txns, in IndexedDB. */
async function prepareRecovery(name: string, znodes: number, txns: number): Promise<void> {
  const tree = new DataTree();
  const data = new TextEncoder().encode('value');
  let zxid = 0;
  for (let i = 1; i <= znodes; i++) tree.processTxn(hdr(++zxid, OpCode.create), { kind: 'create', path: `/n${i}`, data, acl: OPEN_ACL_UNSAFE, ephemeral: false, parentCVersion: -1 });
  tree.drainNotifications();
  const dir = new MemoryDataDir();
  const log = new FileTxnSnapLog(dir);
  log.save(takeSnapshot(tree, new Map()), true);
  for (let i = 0; i < txns; i++) {
    log.apply({ kind: 'append', txn: { hdr: hdr(++zxid, OpCode.setData), body: { kind: 'setData', path: `/n${(i % znodes) + 1}`, data, version: Math.floor(i / znodes) + 1 } } });
    if (i % 10_000 === 9_999) log.apply({ kind: 'rollLog' });
  }
  // A quorum peer's directory: its epoch files beside the snapshot and logs.
  writeEpochFile(dir, 'acceptedEpoch', 0);
  writeEpochFile(dir, 'currentEpoch', 0);
  dir.sync();
  await IdbDataStore.destroy(name);
  const store = await IdbDataStore.open(name);
  await store.persist(dir);
  store.close();
}

/**
 * One fsync's IndexedDB transaction with nothing else running: a record appended to a log, made
 * durable, and persisted through the store exactly as a server's fsync is (bench/browser.ts
 * traces it to get the CPU it costs across Chromium's threads).
 */
async function fsyncAlone(n: number): Promise<{ transactions: number }> {
  const name = IdbDataStore.dbName('bench-fsync', 1);
  await IdbDataStore.destroy(name);
  const store = await IdbDataStore.open(name);
  const dir = new MemoryDataDir();
  const log = new FileTxnSnapLog(dir);
  const data = new TextEncoder().encode('value');
  log.apply({ kind: 'append', txn: { hdr: hdr(1, OpCode.create), body: { kind: 'create', path: '/n', data, acl: OPEN_ACL_UNSAFE, ephemeral: false, parentCVersion: -1 } } });
  dir.sync();
  await store.persist(dir);
  let transactions = 0;
  for (let i = 0; i < n; i++) {
    log.apply({ kind: 'append', txn: { hdr: hdr(i + 2, OpCode.setData), body: { kind: 'setData', path: '/n', data, version: i + 1 } } });
    dir.sync();
    await store.persist(dir);
    transactions++;
  }
  store.close();
  await IdbDataStore.destroy(name);
  return { transactions };
}

/**
 * A restart, from taking a Worker (the spare a kill starts) to a server looking for its leader
 * with everything it had recovered: it opens IndexedDB, restores snapshot + log and replays. The
 * server is a quorum peer (server 1 of three), as every server of the page is; a standalone server
 * would also write a snapshot before serving, which a peer does only when it syncs with a leader.
 */
async function recovery(znodes: number, txns: number): Promise<{ ms: number; workerMs: number; replayed: number }> {
  const name = IdbDataStore.dbName('bench-recovery', 1);
  await prepareRecovery(name, znodes, txns);
  const peers = [1, 2, 3].map((id) => `server.${id}=127.0.0.1:${2887 + id}:${3887 + id}`);
  const cfg = applyConfigLines({ ...DEFAULT_CONFIG, serverId: 1 }, ['tickTime=2000', 'initLimit=10', 'syncLimit=5', 'clientPortAddress=127.0.0.1', 'clientPort=2181', ...peers]);
  // The server was killed a while ago: the spare Worker its kill started has loaded.
  prepareSpareWorker();
  await new Promise((r) => setTimeout(r, 1000));
  const t0 = performance.now();
  const worker = takeServerWorker();
  const api = wrap<WorkerServerApi>(worker);
  await api.ping();
  const workerMs = performance.now() - t0;
  const fault = await api.open(1, name);
  if (fault) throw new Error(fault.message);
  const r = await api.boot({ cfg, wallClockBase: 1_767_225_600_000, elapsedBase: 86_400_000, rngSeed: 1 }, 0);
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(r.fault.message);
  const recovered = r.effects.find((e) => e.kind === 'event' && e.event.type === 'recovered');
  api[releaseProxy]();
  worker.terminate();
  await IdbDataStore.destroy(name);
  return { ms, workerMs, replayed: recovered && recovered.kind === 'event' && recovered.event.type === 'recovered' ? recovered.event.replayed : -1 };
}

/** The benchmarks, run one at a time by bench/browser.ts (which traces some of them). */
const benches = {
  roundTrip: () => roundTrip(2000),
  perEvent,
  fsyncAlone: () => fsyncAlone(1000),
  recovery: () => recovery(10_000, 100_000),
};

export type BrowserBenches = typeof benches;

declare global {
  interface Window {
    benches: BrowserBenches;
  }
}

window.benches = benches;
