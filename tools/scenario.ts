// npm run --silent scenario -- FILE
//
// Run a scenario file headless and print its report as one JSON object on stdout.
// Exit status: 0 when every invariant held, 1 when the report lists violations, 2 when the file
// cannot be read or is not a valid scenario (the reasons go to stderr, one per line).

import { readFileSync } from 'node:fs';
import { ScenarioRun } from '../src/scenario/run.ts';
import { parseScenario } from '../src/scenario/validate.ts';

const USAGE = 'usage: npm run --silent scenario -- FILE.json';

function fail(lines: readonly string[]): never {
  process.stderr.write(lines.map((l) => `${l}\n`).join(''));
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.length !== 1) fail([args.length === 0 ? 'scenario: no file given' : `scenario: expected one file, got ${args.length} arguments`, USAGE]);
  const file = args[0]!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    fail([`scenario: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`]);
  }
  const r = parseScenario(text);
  if (!r.ok) fail([`scenario: ${file} is not a valid scenario:`, ...r.errors.map((e) => `  ${e}`)]);
  const report = await new ScenarioRun(r.scenario).run();
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exitCode = report.violations.length > 0 ? 1 : 0;
}

main().catch((e: unknown) => {
  process.stderr.write(`scenario: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(3);
});
