import { describe, expect, it } from 'vitest';
import { runCampaign } from './faultCampaign.ts';

describe('fault campaign', () => {
  // Crashes, restarts, pauses, partitions and client load; every invariant after every event.
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`seed ${seed}: five servers, no violation`, async () => {
      const r = await runCampaign({ seed, participants: 5, durationMs: 200_000 });
      expect(r.violations.map((v) => `${v.invariant} at ${v.at}: ${v.message}`)).toEqual([]);
      expect(r.faults.length).toBeGreaterThan(10);
    });
  }
  // 3.8.0's own data loss without the txnlog-gap fix is shown deterministically by the
  // sync-trunc-diff scenario (src/scenario/syncModes.test.ts).
});
