// Simulation speed in Node: a 5-server ensemble with 50 clients writing 1,000 times per second of
// virtual time (each client sets its own znode in turn), with the invariants checked after every
// event as in every run.

import { ScenarioRun } from '../src/scenario/run.ts';
import type { ScenarioAction } from '../src/scenario/types.ts';
import type { BenchResult } from './dataTree.ts';
import { DataTree } from '../src/zk/DataTree.ts';
import { OpCode, OPEN_ACL_UNSAFE } from '../src/zk/ZooDefs.ts';
import type { TxnHeader } from '../src/zk/txn.ts';

const hdr = (zxid: number, type: number): TxnHeader => ({ clientId: 1n, cxid: zxid, zxid, time: 1_767_225_600_000 + zxid, type });

/**
 * The least a write costs this ensemble: five replicas' DataTrees applying it, nothing else (no
 * messages, log, session or checks). Wall microseconds per write.
 */
function replicasApplyFloor(replicas: number, clients: number, writes: number): number {
  const data = new TextEncoder().encode('0');
  const trees = Array.from({ length: replicas }, () => new DataTree());
  let zxid = 0;
  for (let c = 0; c < clients; c++) {
    zxid++;
    for (const t of trees) t.processTxn(hdr(zxid, OpCode.create), { kind: 'create', path: `/k${c}`, data, acl: OPEN_ACL_UNSAFE, ephemeral: false, parentCVersion: -1 });
  }
  const txns = Array.from({ length: writes }, (_, i) => ({ hdr: hdr(zxid + i + 1, OpCode.setData), body: { kind: 'setData' as const, path: `/k${i % clients}`, data: new TextEncoder().encode(String(i)), version: Math.floor(i / clients) + 1 } }));
  const t0 = performance.now();
  for (const { hdr: h, body } of txns) for (const t of trees) t.processTxn(h, body);
  const wall = performance.now() - t0;
  for (const t of trees) t.drainNotifications();
  return (wall * 1000) / writes;
}

/** Txns the ensemble committed in its epoch (the counter of the highest committed zxid). */
function committedCount(run: ScenarioRun): number {
  return Math.max(...[...run.world.servers.values()].map((h) => (h.view?.lastCommitted ?? 0) % 2 ** 32));
}

export async function benchSim(): Promise<BenchResult[]> {
  const clients = 50;
  const actions: ScenarioAction[] = [];
  for (let c = 0; c < clients; c++) actions.push({ at: 100 + c, do: 'connect', client: `c${c}`, servers: [(c % 5) + 1] });
  for (let c = 0; c < clients; c++) actions.push({ at: 3000, do: 'cli', client: `c${c}`, command: `create /k${c} 0` });
  const run = new ScenarioRun({ version: 1, seed: 21, ensemble: { participants: 5 }, actions, until: 5000 });
  await run.runTo(5000);
  const virtualMs = 10_000;
  const events0 = run.world.trace.count;
  const zxid0 = committedCount(run);
  const t0 = performance.now();
  for (let i = 0; i < virtualMs; i++) {
    const c = i % clients;
    const r = run.act({ do: 'cli', client: `c${c}`, command: `set /k${c} ${i}` });
    if (!r.ok) throw new Error(r.errors.join('; '));
    await run.runTo(run.now + 1);
  }
  const wall = performance.now() - t0;
  const events = run.world.trace.count - events0;
  const committed = committedCount(run) - zxid0;
  if (run.violations.length > 0) throw new Error(`violations: ${run.violations.join('; ')}`);
  const floor = replicasApplyFloor(5, clients, 200_000);
  console.log(`  (sim: ${virtualMs} ms of virtual time in ${wall.toFixed(0)} ms, ${events} events, ${committed} txns committed)`);
  return [
    { name: 'Sim speed, 5 servers, 50 clients, 1,000 writes/s', value: Number((virtualMs / wall).toFixed(2)), unit: 'x', target: 1000, higherIsBetter: true },
    { name: 'Sim events per second of wall time', value: Math.round(events / (wall / 1000)), unit: 'ev/s', target: Number.NaN, higherIsBetter: true },
    { name: 'Sim committed writes per second of wall time', value: Math.round(committed / (wall / 1000)), unit: 'w/s', target: Number.NaN, higherIsBetter: true },
    // 1000x at 1,000 writes/s asks for a million committed writes per second of wall time: about
    // 0.05 µs per event at this many events per write.
    { name: 'Sim wall time per event', value: Number(((wall * 1000) / events).toFixed(1)), unit: 'µs', target: Number.NaN, higherIsBetter: false },
    // At 1000x, 1,000 writes/s of virtual time leave 1 µs of wall time per write for everything.
    { name: '5 DataTrees applying a setData, nothing else', value: Number(floor.toFixed(2)), unit: 'µs/w', target: 1, higherIsBetter: false },
  ];
}
