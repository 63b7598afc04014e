// World.inFlight is kept as an index of the queued deliveries (views ask for it every frame): it
// must always list exactly what a scan of the whole queue finds, in the same order.

import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../scenario/run.ts';
import type { WireMessage, World } from './World.ts';

function scanned(w: World): { message: WireMessage; arriveAt: number }[] {
  const out: { message: WireMessage; arriveAt: number }[] = [];
  for (const item of w['queue'].items()) {
    const wire = 'wire' in item.event ? item.event.wire : undefined;
    if (wire) out.push({ message: wire, arriveAt: item.at });
  }
  return out.sort((a, b) => a.message.sentAt - b.message.sentAt || a.arriveAt - b.arriveAt);
}

describe('World.inFlight', () => {
  it('equals a scan of the queue after every event, through elections, writes, a partition and a kill', async () => {
    const run = new ScenarioRun({
      version: 1,
      seed: 3,
      ensemble: { participants: 3 },
      actions: [
        { at: 100, do: 'connect', client: 'c1', servers: [1, 2, 3] },
        { at: 3000, do: 'cli', client: 'c1', command: 'create /a 1' },
        { at: 3500, do: 'partition', groups: [[1], [2, 3]] },
        { at: 4000, do: 'cli', client: 'c1', command: 'set /a 2' },
        { at: 5000, do: 'kill', server: 2 },
        { at: 6000, do: 'heal' },
        ...[6500, 6510, 6520, 6530].map((at, i) => ({ at, do: 'cli' as const, client: 'c1', command: `create /b${i} x` })),
      ],
      until: 9000,
    });
    const w = run.world;
    let checked = 0;
    let nonEmpty = 0;
    w.afterStep.push(() => {
      const expected = scanned(w);
      expect(w.inFlight()).toEqual(expected);
      checked++;
      if (expected.length > 0) nonEmpty++;
    });
    await run.runTo(9000);
    expect(checked).toBeGreaterThan(100);
    expect(nonEmpty).toBeGreaterThan(50);
  });
});
