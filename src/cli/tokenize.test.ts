import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.ts';

// Expectations observed from zkCli 3.8.0 (the words it acted on, e.g. via `history`, `get`, the
// `Command not found` message and the created node names).
describe('tokenize (MyCommandOptions.parseCommand)', () => {
  it('splits on blanks and strips matching quotes', () => {
    expect(tokenize('create /a "hello world"')).toEqual(['create', '/a', 'hello world']);
    expect(tokenize("create /tk2 'x \"y\" z'")).toEqual(['create', '/tk2', 'x "y" z']);
    expect(tokenize('create /e ""')).toEqual(['create', '/e', '']);
    expect(tokenize("create /e ''")).toEqual(['create', '/e', '']);
  });

  it('ignores surrounding blanks and collapses runs of blanks', () => {
    expect(tokenize('  ls   /zookeeper  ')).toEqual(['ls', '/zookeeper']);
    expect(tokenize('create /tab\tx')).toEqual(['create', '/tab', 'x']);
  });

  it('skips a quote that has no partner', () => {
    // zkCli 3.8.0: `get "/a` printed the data of /a; `ls "` listed nothing (usage)
    expect(tokenize('get "/a')).toEqual(['get', '/a']);
    expect(tokenize('ls "')).toEqual(['ls']);
    expect(tokenize('ls " /zookeeper')).toEqual(['ls', '/zookeeper']);
    // `create /" "` created the node /"
    expect(tokenize('create /" "')).toEqual(['create', '/"']);
  });

  it('a quoted word ends at its closing quote', () => {
    // zkCli 3.8.0: `create /tk "a b"c` -> data "a b", acl "c" (c does not have the form scheme:id:perm)
    expect(tokenize('create /tk "a b"c')).toEqual(['create', '/tk', 'a b', 'c']);
    // `ls "/zookeeper"/quota` -> deprecated 'ls path [watch]' warning, then [config, quota]
    expect(tokenize('ls "/zookeeper"/quota')).toEqual(['ls', '/zookeeper', '/quota']);
    // a quote inside a word is kept
    expect(tokenize('a"b c"')).toEqual(['a"b', 'c"']);
  });

  it('a line of only blanks is one word: its last blank', () => {
    // zkCli 3.8.0: "   " -> `Command not found: Command not found  ` (two spaces), "\t" -> `... \t`
    expect(tokenize('   ')).toEqual([' ']);
    expect(tokenize('\t')).toEqual(['\t']);
  });

  it('a line with no word at all', () => {
    expect(tokenize('"')).toEqual([]);
    expect(tokenize("'")).toEqual([]);
  });

  it('uses Java\'s ASCII-only \\s', () => {
    // a no-break space does not split: zkCli 3.8.0 created "/nbsp x" for `create /nbsp\u00a0x`
    expect(tokenize('create /nbsp\u00a0x')).toEqual(['create', '/nbsp\u00a0x']);
    expect(tokenize('a\u000bb\fc\rd')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('does not strip quotes around a line terminator Java\'s "." does not match', () => {
    expect(tokenize('"a\u2028b"')).toEqual(['"a\u2028b"']);
    expect(tokenize('"a\u0085b"')).toEqual(['"a\u0085b"']);
    expect(tokenize('"a\u00a0b"')).toEqual(['a\u00a0b']);
  });
});
