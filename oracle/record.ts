// `npm run oracle:record [-- names...]`: runs every script (or the named ones: `001`, `001-create`,
// a prefix) against the real ZooKeeper 3.8.0 and writes `oracle/expected/<name>.txt`.

import { writeFileSync } from 'node:fs';
import { expectedPath, formatExpected } from './expected.ts';
import { exitCleanlyOnSignals, loadScripts, recordAll } from './pool.ts';

async function main(): Promise<number> {
  exitCleanlyOnSignals();
  const scripts = loadScripts(process.argv.slice(2));
  const started = Date.now();
  let failures = 0;
  await recordAll(scripts, ({ script, run, error, seconds }) => {
    if (error || !run) {
      failures++;
      console.log(`FAIL ${script.name} (${seconds.toFixed(1)} s): ${error?.message}`);
      return;
    }
    writeFileSync(expectedPath(script.name), formatExpected(run));
    const summary = run.clients.map((c) => `${c.name} ${c.out.length}/${c.events.length}`).join(' ');
    console.log(`ok   ${script.name} (${seconds.toFixed(1)} s; out/events ${summary}${run.fourLetter.length ? `; 4lw ${run.fourLetter.length}` : ''})`);
  });
  console.log(`${scripts.length - failures}/${scripts.length} recorded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
