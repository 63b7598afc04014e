// The election history the view lists agrees with the report's elections (electionsOf), and the
// index read frame by frame equals the index read at once.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../scenario/run.ts';
import { mustScenario } from '../../scenario/validate.ts';
import { RoundIndex, roundsOf, statusOf } from './rounds.ts';

const example = (name: string) => mustScenario(JSON.parse(readFileSync(join(import.meta.dirname, '../../scenario/examples', `${name}.json`), 'utf8')));
const hex = (z: number): string => `0x${z.toString(16)}`;

describe('election rounds from the semantic log', () => {
  it('lists the rounds the report lists, with the same votes, plus timing and phases', async () => {
    const run = new ScenarioRun(example('leader-crash'));
    const stepped = new RoundIndex(run.world.semanticLog);
    for (let t = 1000; t <= 45_000; t += 1000) {
      await run.runTo(t);
      stepped.update();
    }
    const report = await run.report();
    const ix = roundsOf(run.world.semanticLog);
    const established = ix.rounds.filter((r) => statusOf(r) === 'established');
    expect(established.map((r) => [r.leader, r.epoch])).toEqual(report.elections.map((e) => [e.leader, e.epoch]));
    for (const [i, r] of established.entries()) {
      const votes = Object.fromEntries(r.decisions.map((d) => [String(d.server), { leader: d.leader, zxid: hex(d.zxid), electionEpoch: r.electionEpoch, peerEpoch: d.peerEpoch }]));
      expect(votes).toEqual(report.elections[i]!.votes);
      expect(r.phases.map((p) => p.phase)).toEqual(['discovery', 'synchronization', 'broadcast']);
      for (const d of r.decisions) expect(d.lookingSince).not.toBeNull();
    }
    // Server 3 led epoch 1 and was killed; server 2 leads epoch 2 in a later round.
    const [first, second] = established;
    expect(first!.leader).toBe(3);
    expect(second!.leader).toBe(2);
    expect(second!.electionEpoch).toBeGreaterThan(first!.electionEpoch);
    expect(second!.epoch).toBeGreaterThan(first!.epoch!);
    expect(ix.leadingRound(2)).toBe(second);
    // Server 4 caught up with a DIFF.
    expect(second!.decisions.find((d) => d.server === 4)?.sync).toBe('DIFF');
    expect(JSON.stringify(stepped.rounds)).toEqual(JSON.stringify(ix.rounds));
  });
});
