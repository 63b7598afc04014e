// Runs an ensemble case in ZooScope's simulated world, as the scenario runner would.

import { ScenarioRun } from '../../src/scenario/run.ts';
import type { ScenarioAction } from '../../src/scenario/types.ts';
import type { EnsembleCase } from './cases.ts';
import { srvrAnswer, statLines, type EnsembleObservation, type LearnerSync } from './observe.ts';

const hex = (z: number) => `0x${z.toString(16)}`;

export async function runOnZooScopeEnsemble(c: EnsembleCase, seed = 1): Promise<EnsembleObservation> {
  const actions: ScenarioAction[] = [];
  const running = new Set<number>();
  for (const step of c.steps) {
    switch (step.do) {
      case 'start':
      case 'kill':
      case 'wipe':
      case 'pause':
      case 'resume':
        actions.push({ at: step.at, do: step.do, server: step.server });
        if (step.do === 'start' || step.do === 'resume') running.add(step.server);
        if (step.do === 'kill' || step.do === 'pause') running.delete(step.server);
        break;
      case 'corrupt-record':
      case 'torn-record':
      case 'lost-snapshot':
        // The same step is ZooScope's scenario action of that name.
        actions.push(step);
        break;
      case 'client':
        actions.push({ at: step.at, do: 'connect', client: 'c', servers: [step.server] });
        break;
      case 'cli':
        actions.push({ at: step.at, do: 'cli', client: 'c', command: step.command });
        break;
      case 'srvr':
        for (const id of [...running].sort((a, b) => a - b)) actions.push({ at: step.at, do: '4lw', server: id, word: 'srvr' });
        break;
    }
  }
  const until = Math.max(...c.steps.map((s) => s.at)) + 3000;
  const run = new ScenarioRun({ version: 1, seed, ensemble: { servers: Array.from({ length: c.servers }, (_, i) => (c.observers?.includes(i + 1) ? { id: i + 1, role: 'observer' as const } : { id: i + 1 })) }, actions, until });
  await run.runTo(until);
  const report = await run.report();
  if (report.violations.length > 0) throw new Error(`${c.name}: ZooScope broke an invariant: ${report.violations.join('; ')}`);
  const syncs = run.world.semanticLog.flatMap((e): LearnerSync[] => (e.event.type === 'learnerSyncMode' ? [{ server: e.server, mode: e.event.mode, zxid: hex(e.event.zxid) }] : []));
  return {
    srvr: report.fourLetterWords.map((w) => ({ at: w.at, server: w.server, answer: srvrAnswer(w.output ?? '(no answer)') })),
    syncs,
    stats: statLines(report.clients.find((x) => x.id === 'c')?.output.join('\n') ?? ''),
  };
}
