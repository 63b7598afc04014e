// `npm run oracle:check [-- names...]`: re-runs the scripts against the live real server and
// compares with the recorded expected files. Exit status 1 on any difference.
// `compareRuns` is the comparison to reuse for other implementations (e.g. ZooScope itself).

import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { compareRuns } from './compare.ts';
import { expectedPath, readExpected } from './expected.ts';
import { exitCleanlyOnSignals, loadScripts, recordAll } from './pool.ts';

export { compareRuns } from './compare.ts';

async function main(): Promise<number> {
  exitCleanlyOnSignals();
  const scripts = loadScripts(process.argv.slice(2));
  const started = Date.now();
  let failing = 0;
  await recordAll(scripts, ({ script, run, error, seconds }) => {
    const problems: string[] = [];
    if (error || !run) problems.push(`${script.name}: run failed: ${error?.message}`);
    else if (!existsSync(expectedPath(script.name))) problems.push(`${script.name}: no expected file (run npm run oracle:record -- ${script.name})`);
    else problems.push(...compareRuns(script.name, readExpected(script.name), run));
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
