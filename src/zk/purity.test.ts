// The server core and the client library must be deterministic: time and randomness come in as
// inputs, effects go out. This test is the lint rule that keeps them that way.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FORBIDDEN: [RegExp, string][] = [
  [/\bDate\.now\s*\(/, 'reads the wall clock'],
  [/\bnew Date\s*\(/, 'reads or builds a Date'],
  [/\bperformance\.now\s*\(/, 'reads a clock'],
  [/\bMath\.random\s*\(/, 'draws unseeded randomness'],
  [/\bcrypto\.getRandomValues\b|\brandomUUID\b|\brandomBytes\b/, 'draws unseeded randomness'],
  [/\bset(Timeout|Interval|Immediate)\s*\(/, 'sets a timer'],
  [/\bqueueMicrotask\s*\(/, 'schedules work behind the host'],
  [/\bindexedDB\b|\bIDB[A-Z]\w*/, 'touches IndexedDB'],
  [/\bpostMessage\s*\(/, 'sends messages'],
  [/\bfetch\s*\(/, 'does network I/O'],
  [/\bdocument\.|\bwindow\.|\blocalStorage\b/, 'touches the DOM'],
  [/from\s+['"](node:)?(fs|path|os|child_process|net|http|https|worker_threads|crypto|timers|process)['"]/, 'imports a Node API'],
  [/\bprocess\.(env|hrtime|argv|stdout|stderr)\b/, 'reads the process environment'],
];

function violations(source: string): string[] {
  const out: string[] = [];
  const lines = source.split('\n');
  lines.forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '');
    for (const [re, why] of FORBIDDEN) if (re.test(code)) out.push(`line ${i + 1}: ${why}: ${line.trim()}`);
  });
  return out;
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.includes('/fixtures/')) out.push(p);
  }
  return out;
}

describe('determinism of src/zk and src/client', () => {
  it('the checker catches clocks, randomness, timers and I/O', () => {
    expect(violations('const t = Date.now();')).toHaveLength(1);
    expect(violations('setTimeout(() => 1, 5)')).toHaveLength(1);
    expect(violations("import { readFileSync } from 'node:fs';")).toHaveLength(1);
    expect(violations('const r = Math.random();')).toHaveLength(1);
    expect(violations('// Date.now() in a comment is fine')).toHaveLength(0);
  });

  for (const root of ['src/zk', 'src/client']) {
    it(`${root} is pure`, () => {
      const found: string[] = [];
      for (const f of files(root)) for (const v of violations(readFileSync(f, 'utf8'))) found.push(`${f} ${v}`);
      expect(found).toEqual([]);
    });
  }
});
