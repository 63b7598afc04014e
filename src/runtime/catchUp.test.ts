// Fast-forward in the page, then hand over to the Workers (CatchUpMachine): a run that moves its
// servers into IndexedDB-backed processes (fake-indexeddb behind a clone boundary, as Workers
// are) at any moment must go on exactly as a run that never moved, and each store must then hold
// what the in-memory disk would have made durable.

import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../scenario/run.ts';
import type { Scenario } from '../scenario/types.ts';
import { runCampaign } from '../sim/faultCampaign.ts';
import type { ServerMachine } from '../sim/machine/ServerMachine.ts';
import { CatchUpMachine, handOver } from './CatchUpMachine.ts';
import { IdbDataStore } from './IdbDataStore.ts';
import { inProcessIdbMachine } from './inProcessHost.ts';

/** Calls that reached the IndexedDB-backed processes (after a handover), and their catch-ups. */
const reached = { handle: 0, journal: 0 };

function counted(ensemble: string, id: number, factory: IDBFactory): CatchUpMachine {
  const hosted = inProcessIdbMachine(ensemble, id, factory);
  const handle = hosted.handle.bind(hosted);
  hosted.handle = (input, now) => {
    reached.handle++;
    return handle(input, now);
  };
  const catchUp = hosted.catchUp.bind(hosted);
  hosted.catchUp = (p, bootNow, disk, journal) => {
    reached.journal += journal.length;
    return catchUp(p, bootNow, disk, journal);
  };
  return new CatchUpMachine(id, hosted);
}

const scenario = (path: string): Scenario => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Scenario;

describe('handing a fast-forwarded run over to IndexedDB-backed processes', () => {
  for (const file of ['../scenario/testdata/every-action.json', '../scenario/examples/leader-crash.json', '../scenario/examples/sync-trunc.json']) {
    for (const part of [0.3, 0.7]) {
      it(`${file.split('/').pop()} handed over at ${part * 100}% of its time: the report of a run that stayed in memory`, async () => {
        const s = scenario(file);
        const memory = new ScenarioRun(s);
        const expected = await memory.run();
        const factory = new IDBFactory();
        const machines = new Map<number, CatchUpMachine>();
        const run = new ScenarioRun(s, { machine: (id) => machines.set(id, counted('handover', id, factory)).get(id)! });
        await run.runTo(Math.round(s.until * part));
        const before = { ...reached };
        await handOver(run.world);
        expect(reached.journal).toBeGreaterThan(before.journal);
        expect([...machines.values()].every((m) => m.handedOver)).toBe(true);
        expect(await run.run()).toEqual(expected);
        expect(reached.handle).toBeGreaterThan(before.handle);
        // Each store holds what the in-memory run's disk made durable.
        for (const [id, h] of memory.world.servers) {
          const store = await IdbDataStore.open(IdbDataStore.dbName('handover', id), factory);
          const stored = await store.load();
          store.close();
          const disk = (h.machine as ServerMachine & { disk: { dir: { clone(): { crash(): void; list(): string[]; read(n: string): Uint8Array | null } } } }).disk.dir.clone();
          disk.crash();
          expect(stored.list(), `server ${id}`).toEqual(disk.list());
          for (const name of disk.list()) expect(stored.read(name), `server ${id} ${name}`).toEqual(disk.read(name));
        }
      });
    }
  }

  it('fault campaign: handed over in the middle of faults and load, the trace of the in-memory run', async () => {
    const factory = new IDBFactory();
    let moved = false;
    const machine = (id: number) => counted('campaign-handover', id, factory);
    const before = { ...reached };
    const r = await runCampaign({
      seed: 4,
      participants: 5,
      durationMs: 120_000,
      machine,
      between: async (w) => {
        if (moved || w.now < 60_000) return;
        moved = true;
        await handOver(w);
      },
    });
    expect(moved).toBe(true);
    expect(reached.journal).toBeGreaterThan(before.journal);
    expect(reached.handle).toBeGreaterThan(before.handle + 100);
    expect(r.violations.map((v) => `${v.invariant} at ${v.at}: ${v.message}`)).toEqual([]);
    const memory = await runCampaign({ seed: 4, participants: 5, durationMs: 120_000 });
    expect(r.traceHash).toBe(memory.traceHash);
    expect(r.faults.length).toBeGreaterThan(5);
  });
});
