// ZooKeeperMain.MyCommandOptions.parseCommand: split a command line into words.
//
// Java applies `\s*([^"']\S*|"[^"]*"|'[^']*')\s*` with Matcher.find() and strips the quotes of a
// word that starts and ends with the same quote character. Consequences worth knowing:
//  - a quote with no partner cannot start a word, so find() skips it: `get "/a` is `get`, `/a`;
//  - `"a b"c` is two words, `a b` and `c`; `a"b c"` is `a"b` and `c"`;
//  - a line of only blanks gives one word made of its last blank (`[^"']` matches a blank once the
//    leading `\s*` backs off), so zkCli answers `Command not found` for it;
//  - Java's \s is ASCII only ([ \t\n\x0B\f\r]), unlike JavaScript's.
// An empty result (e.g. the line `"`) makes parseCommand return false.

const ARGS_PATTERN = /[ \t\n\x0B\f\r]*([^"'][^ \t\n\x0B\f\r]*|"[^"]*"|'[^']*')[ \t\n\x0B\f\r]*/g;
// ^(['"])(.*)(\1)$ with Java's '.', which excludes line terminators.
const QUOTED_PATTERN = /^(['"])([^\n\r\u0085\u2028\u2029]*)\1$/;

export function tokenize(line: string): string[] {
  const args: string[] = [];
  ARGS_PATTERN.lastIndex = 0;
  for (;;) {
    const m = ARGS_PATTERN.exec(line);
    if (m === null) break;
    let value = m[1] ?? '';
    if (QUOTED_PATTERN.test(value)) value = value.substring(1, value.length - 1);
    args.push(value);
    // Every match consumes at least one character, so exec always advances.
  }
  return args;
}
