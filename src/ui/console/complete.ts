// Tab completion as zkCli's JLine completer does it: a command for the first word, a znode path
// for a word starting with "/".

export interface Completion {
  readonly line: string;
  readonly candidates: string[];
}

function commonPrefix(xs: string[]): string {
  if (xs.length === 0) return '';
  let p = xs[0]!;
  for (const x of xs) while (!x.startsWith(p)) p = p.slice(0, -1);
  return p;
}

export function complete(line: string, commands: readonly string[], paths: (prefix: string) => string[]): Completion {
  const m = /^(.*?)(\S*)$/.exec(line)!;
  const head = m[1]!;
  const word = m[2]!;
  const first = head.trim() === '';
  const candidates = first ? commands.filter((c) => c.startsWith(word)) : word.startsWith('/') ? paths(word) : [];
  if (candidates.length === 0) return { line, candidates };
  if (candidates.length === 1) return { line: `${head}${candidates[0]} `, candidates };
  return { line: head + commonPrefix(candidates), candidates };
}
