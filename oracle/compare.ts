// Comparison of two normalized runs of a script, reported as unified-style line diffs.

import type { ScriptRun } from './expected.ts';

const CONTEXT = 2;

type Edit = { op: ' ' | '-' | '+'; line: string; a: number; b: number };

/** Line edit script from `a` to `b` (longest common subsequence; inputs here are small). */
function editScript(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) edits.push({ op: ' ', line: a[i++]!, a: i, b: ++j });
    else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) edits.push({ op: '-', line: a[i++]!, a: i, b: j });
    else edits.push({ op: '+', line: b[j++]!, a: i, b: j });
  }
  return edits;
}

/** Shows control characters (tabs included) so that whitespace differences can be seen. */
function visible(line: string): string {
  return line.replace(/[\x00-\x1f\x7f\\]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** A unified-style diff of two line lists, or `null` when they are equal. */
export function diffLines(expected: readonly string[], actual: readonly string[]): string | null {
  if (expected.length === actual.length && expected.every((line, i) => line === actual[i])) return null;
  const edits = editScript(expected, actual);
  const show = new Array<boolean>(edits.length).fill(false);
  edits.forEach((edit, k) => {
    if (edit.op === ' ') return;
    for (let c = Math.max(0, k - CONTEXT); c <= Math.min(edits.length - 1, k + CONTEXT); c++) show[c] = true;
  });
  const out: string[] = [];
  let k = 0;
  while (k < edits.length) {
    if (!show[k]) {
      k++;
      continue;
    }
    const start = edits[k]!;
    out.push(`@@ expected line ${start.op === '+' ? start.a + 1 : start.a}, actual line ${start.op === '-' ? start.b + 1 : start.b} @@`);
    while (k < edits.length && show[k]) {
      const edit = edits[k++]!;
      out.push(`${edit.op}${visible(edit.line)}`);
    }
  }
  return out.join('\n');
}

/**
 * Human-readable differences between an expected and an actual run of script `name`; empty when
 * they are equal. Each entry names the section (`c1 out`, `c1 events`, `4lw`, client list) and
 * carries a diff with `-` for expected and `+` for actual lines.
 */
export function compareRuns(name: string, expected: ScriptRun, actual: ScriptRun): string[] {
  const differences: string[] = [];
  const expectedNames = expected.clients.map((c) => c.name);
  const actualNames = actual.clients.map((c) => c.name);
  if (expectedNames.join(',') !== actualNames.join(',')) {
    differences.push(`${name}: clients differ: expected [${expectedNames.join(', ')}], actual [${actualNames.join(', ')}]`);
  }
  for (const want of expected.clients) {
    const got = actual.clients.find((c) => c.name === want.name);
    if (!got) continue;
    for (const section of ['out', 'events'] as const) {
      const diff = diffLines(want[section], got[section]);
      if (diff !== null) differences.push(`${name}: ${want.name} ${section} differs\n${diff}`);
    }
  }
  const diff = diffLines(expected.fourLetter, actual.fourLetter);
  if (diff !== null) differences.push(`${name}: 4lw differs\n${diff}`);
  return differences;
}
