// `npm run oracle:check [-- names...]`: re-runs the scripts against the live real server, and
// compares what it prints with what ZooScope prints for the same scripts (the differential test)
// and with the recorded expected files (so a stale recording shows). Exit status 1 on any
// difference.
// `compareRuns` is the comparison to reuse for other implementations (e.g. ZooScope itself).

import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { compareRuns } from './compare.ts';
import { expectedPath, readExpected } from './expected.ts';
import { normalizeRun } from './normalize.ts';
import { exitCleanlyOnSignals, loadScripts, recordAll } from './pool.ts';
import { runOnZooScope } from './zooscope.ts';

export { compareRuns } from './compare.ts';

async function main(): Promise<number> {
  exitCleanlyOnSignals();
  const scripts = loadScripts(process.argv.slice(2));
  const started = Date.now();
  let failing = 0;
  const zooscope = new Map<string, Awaited<ReturnType<typeof runOnZooScope>>>();
  for (const script of scripts) zooscope.set(script.name, await runOnZooScope(script));
  await recordAll(scripts, ({ script, run, error, seconds }) => {
    const problems: string[] = [];
    if (error || !run) problems.push(`${script.name}: run failed: ${error?.message}`);
    else {
      problems.push(...compareRuns(`${script.name} (ZooScope vs live ZooKeeper)`, run, normalizeRun(zooscope.get(script.name)!)));
      if (!existsSync(expectedPath(script.name))) problems.push(`${script.name}: no expected file (run npm run oracle:record -- ${script.name})`);
      else problems.push(...compareRuns(`${script.name} (recording vs live ZooKeeper)`, readExpected(script.name), run));
    }
    if (problems.length === 0) {
      console.log(`same ${script.name} (${seconds.toFixed(1)} s)`);
      return;
    }
    failing++;
    console.log(`DIFF ${script.name} (${seconds.toFixed(1)} s)`);
    for (const problem of problems) console.log(problem.replace(/^/gm, '  '));
  });
  console.log(`${scripts.length - failing}/${scripts.length} scripts match in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return failing === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
