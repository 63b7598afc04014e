// The servers on IndexedDB (fake-indexeddb here, the real one in Chromium), each behind a
// structured-clone boundary as a Worker would be, must behave exactly as the in-memory ones: the
// same trace, the same report, and no invariant violated under the fault campaign.

import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../scenario/run.ts';
import type { Scenario } from '../scenario/types.ts';
import { runCampaign } from '../sim/faultCampaign.ts';
import { inProcessIdbMachine } from './inProcessHost.ts';

const scenario = (path: string): Scenario => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Scenario;

describe('servers on IndexedDB behind a clone boundary', () => {
  for (const file of ['../scenario/testdata/every-action.json', '../scenario/examples/leader-crash.json', '../scenario/examples/staggered-start.json', '../scenario/examples/observer.json']) {
    it(`${file.split('/').pop()}: the same report as in memory`, async () => {
      const s = scenario(file);
      const memory = await runScenario(s);
      const factory = new IDBFactory();
      const idb = await runScenario(s, { machine: (id) => inProcessIdbMachine('eq', id, factory) });
      expect(idb).toEqual(memory);
    });
  }

  for (const seed of [1, 2, 3]) {
    it(`fault campaign seed ${seed}: no violation, and the trace of the in-memory run`, async () => {
      const factory = new IDBFactory();
      const idb = await runCampaign({ seed, participants: 5, durationMs: 200_000, machine: (id) => inProcessIdbMachine(`campaign${seed}`, id, factory) });
      expect(idb.violations.map((v) => `${v.invariant} at ${v.at}: ${v.message}`)).toEqual([]);
      const memory = await runCampaign({ seed, participants: 5, durationMs: 200_000 });
      expect(idb.traceHash).toBe(memory.traceHash);
      expect(idb.faults.length).toBeGreaterThan(10);
    });
  }

  it('a kill during an fsync loses what that fsync carried, in IndexedDB as in memory', async () => {
    // fsyncs take 400 ms: the kill at 8,650 lands while the leader's fsync of /late is in progress.
    const s: Scenario = {
      version: 1,
      seed: 17,
      ensemble: { participants: 3 },
      network: { fsyncLatency: { min: 400, max: 400 } },
      actions: [
        { at: 100, do: 'connect', client: 'c', servers: [1, 2, 3] },
        { at: 8000, do: 'cli', client: 'c', command: 'create /early 1' },
        { at: 8600, do: 'cli', client: 'c', command: 'create /late 2' },
        { at: 8650, do: 'kill', server: 3 },
        { at: 8650, do: 'kill', server: 2 },
        { at: 8650, do: 'kill', server: 1 },
      ],
      until: 9000,
    };
    const memory = await runScenario(s);
    const factory = new IDBFactory();
    const idb = await runScenario(s, { machine: (id) => inProcessIdbMachine('killsync', id, factory) });
    expect(idb).toEqual(memory);
    // Every server is down; what each would recover holds /early and not /late.
    for (const sv of idb.servers) {
      expect(sv.status).toBe('down');
      expect(sv.znodes).toBe(memory.servers.find((x) => x.id === sv.id)!.znodes);
    }
    expect(new Set(idb.servers.map((x) => x.lastZxid)).size).toBeGreaterThan(0);
  });
});
