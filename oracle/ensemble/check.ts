// `npm run oracle:ensemble [-- [--record] names...]`: each ensemble case against real ZooKeeper
// 3.8.0 servers on loopback and against ZooScope; exit status 1 on any difference. `--record` also
// writes what the real ensemble showed to oracle/ensemble/expected/ (which `npm test` holds
// ZooScope to). Cases run one at a time (a case runs up to five server JVMs on two cores).

import { killAllStarted } from '../realServer.ts';
import { exitCleanlyOnSignals } from '../pool.ts';
import { ENSEMBLE_CASES } from './cases.ts';
import { compareObservations } from './observe.ts';
import { writeRecording } from './recording.ts';
import { runOnRealEnsemble, type RealEnsembleRun } from './realEnsemble.ts';
import { runOnZooScopeEnsemble } from './simEnsemble.ts';

async function main(): Promise<number> {
  exitCleanlyOnSignals();
  const args = process.argv.slice(2);
  const record = args.includes('--record');
  const names = args.filter((a) => a !== '--record');
  const unknown = names.filter((n) => !ENSEMBLE_CASES.some((c) => c.name === n));
  if (unknown.length > 0) {
    console.error(`no such ensemble case: ${unknown.join(', ')} (cases: ${ENSEMBLE_CASES.map((c) => c.name).join(', ')})`);
    return 2;
  }
  const cases = ENSEMBLE_CASES.filter((c) => names.length === 0 || names.includes(c.name));
  let failing = 0;
  for (const c of cases) {
    const started = Date.now();
    const ours = await runOnZooScopeEnsemble(c);
    // A real ensemble's timing is not ours to fix: a race the case did not rule out can go the
    // other way once, or a JVM can fail to come up. ZooScope is deterministic, so a second real
    // run that agrees settles it; the first run's difference or error is still shown.
    const attempt = async (): Promise<{ real: RealEnsembleRun | null; problems: string[] }> => {
      try {
        const real = await runOnRealEnsemble(c);
        return { real, problems: compareObservations(c.name, real.observation, ours) };
      } catch (e) {
        return { real: null, problems: [`the real ensemble failed: ${e instanceof Error ? e.message : String(e)}`] };
      }
    };
    let { real, problems } = await attempt();
    if (problems.length > 0 && !record) {
      console.log(`again ${c.name}: the first real run differed:\n${problems.map((p) => `  ${p.replace(/\n/g, '\n  ')}`).join('\n')}`);
      ({ real, problems } = await attempt());
    }
    if (record && real !== null && real.late.length === 0) writeRecording(c.name, real.observation);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (real !== null && real.late.length > 0) console.log(`note ${c.name}: the real run fell behind its timing${record ? ', not recorded' : ''}: ${real.late.join('; ')}`);
    if (problems.length === 0) {
      console.log(`same ${c.name} (${seconds} s): ${real!.observation.srvr.length} srvr answers, ${real!.observation.syncs.length} learner syncs, ${real!.observation.stats.length} stat lines`);
      continue;
    }
    failing++;
    console.log(`DIFF ${c.name} (${seconds} s)`);
    for (const p of problems) console.log(`  ${p.replace(/\n/g, '\n  ')}`);
  }
  console.log(`${cases.length - failing}/${cases.length} ensemble cases match`);
  return failing === 0 ? 0 : 1;
}

main()
  .then((code) => {
    killAllStarted();
    process.exit(code);
  })
  .catch((e: unknown) => {
    killAllStarted();
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  });
