// The differential corpus: every script's output from ZooScope must equal what Apache ZooKeeper
// 3.8.0 printed for it (recorded in oracle/expected/ by `npm run oracle:record`).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuns } from './compare.ts';
import { readExpected } from './expected.ts';
import { normalizeRun } from './normalize.ts';
import { parseScript, SCRIPTS_DIR } from './script.ts';
import { runOnZooScope } from './zooscope.ts';

const names = readdirSync(SCRIPTS_DIR)
  .filter((f) => f.endsWith('.zk'))
  .map((f) => f.slice(0, -3))
  .sort();

describe('zkCli corpus against the recorded real ZooKeeper 3.8.0', () => {
  it('has at least 60 scripts', () => {
    expect(names.length).toBeGreaterThanOrEqual(60);
  });
  for (const name of names) {
    it(name, async () => {
      const file = join(SCRIPTS_DIR, `${name}.zk`);
      const script = parseScript(readFileSync(file, 'utf8'), file);
      const actual = normalizeRun(await runOnZooScope(script));
      expect(compareRuns(name, readExpected(name), actual).join('\n')).toBe('');
    });
  }
});
