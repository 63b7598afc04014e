import { describe, expect, it } from 'vitest';
import { DefaultParser, Option, OptionGroup, Options, ParseException } from './commonsCli.ts';

function parse(options: Options, ...args: string[]): string {
  try {
    const cl = new DefaultParser().parse(options, args);
    let s = cl.getArgs().join(',');
    for (const k of ['s', 'w', 'R', '?', 'v', 'n', 'b', 'N', 'B', 'file', 'members', 'add', 'remove', 't', 'e', 'c']) {
      if (cl.hasOption(k)) {
        const v = cl.getOptionValues(k);
        s += ` ${k}${v === null ? '' : '=' + v.join('|')}`;
      }
    }
    return s;
  } catch (e) {
    if (e instanceof ParseException) return e.toString();
    throw e;
  }
}

const ls = () => new Options().addOption('?', false, 'help').addOption('s', false, 'stat').addOption('w', false, 'watch').addOption('R', false, 'recurse');
const del = () => new Options().addOption('v', true, 'version');
const set = () => new Options().addOption('s', false, 'stats').addOption('v', true, 'version');
const create = () =>
  new Options().addOption(new Option('e', false, 'ephemeral')).addOption(new Option('s', false, 'sequential')).addOption(new Option('c', false, 'container')).addOption(new Option('t', true, 'ttl'));
const setquota = () => {
  const g = new OptionGroup();
  g.addOption(new Option('n', true, 'num soft quota')).addOption(new Option('b', true, 'bytes soft quota'));
  g.addOption(new Option('N', true, 'num hard quota')).addOption(new Option('B', true, 'bytes hard quota'));
  g.setRequired(true);
  return new Options().addOptionGroup(g);
};
const reconfig = () =>
  new Options()
    .addOption('s', false, 'stats')
    .addOption('v', true, 'required current config version')
    .addOption('file', true, 'f')
    .addOption('members', true, 'm')
    .addOption('add', true, 'a')
    .addOption('remove', true, 'r');

// Every expectation below is what commons-cli 1.5.0 does inside zkCli 3.8.0 (observed through
// zkCli's output, and cross-checked by running the jar's DefaultParser on 26,000 random inputs).
describe('DefaultParser as zkCli uses it', () => {
  it('unknown options', () => {
    // zkCli: `ls -x /` -> org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -x
    expect(parse(ls(), 'ls', '-x', '/')).toBe('org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -x');
    // `ls -Rx /` bursts until the unknown letter, then reports the whole word
    expect(parse(ls(), 'ls', '-Rx', '/')).toBe('org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -Rx');
    // `ls --s /`
    expect(parse(ls(), 'ls', '--s', '/')).toBe('org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: --s');
    // `stat -s /`
    expect(parse(new Options().addOption('w', false, 'watch'), 'stat', '-s', '/')).toBe(
      'org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -s',
    );
  });

  it('missing option values', () => {
    // `delete -v` -> MissingArgumentException: Missing argument for option: v
    expect(parse(del(), 'delete', '-v')).toBe('org.apache.commons.cli.MissingArgumentException: Missing argument for option: v');
    // `create -t`
    expect(parse(create(), 'create', '-t')).toBe('org.apache.commons.cli.MissingArgumentException: Missing argument for option: t');
    // `reconfig -file` (multi-letter short option)
    expect(parse(reconfig(), 'reconfig', '-file')).toBe('org.apache.commons.cli.MissingArgumentException: Missing argument for option: file');
  });

  it('option values', () => {
    // `delete -v 1` -> only the command word is left: usage `delete [-v version] path`
    expect(parse(del(), 'delete', '-v', '1')).toBe('delete v=1');
    expect(parse(create(), 'create', '-t5', '/t')).toBe('create,/t t=5');
    expect(parse(create(), 'create', '-t=5', '/t')).toBe('create,/t t=5');
    expect(parse(del(), 'delete', '-v=3', '/a')).toBe('delete,/a v=3');
    // a value that is not one of the command's options is taken as the value: `set -v -x /a x`
    // died in Integer.parseInt with For input string: "-x"; `set -v --x /a x` with "--x"
    expect(parse(set(), 'set', '-v', '-x', '/a', 'x')).toBe('set,/a,x v=-x');
    expect(parse(set(), 'set', '-v', '--x', '/a', 'x')).toBe('set,/a,x v=--x');
    // negative numbers are values
    expect(parse(set(), 'set', '-v', '-1', '/a', 'x')).toBe('set,/a,x v=-1');
    // one pair of double quotes is stripped from a separate value word
    expect(parse(del(), 'delete', '-v', '"5"', '/a')).toBe('delete,/a v=5');
  });

  it('a value that looks like one of the options is an option (unless it is a number)', () => {
    expect(parse(set(), 'set', '-v', '-s', '/a')).toBe('org.apache.commons.cli.MissingArgumentException: Missing argument for option: v');
    expect(parse(setquota(), 'setquota', '-n', '-NaN', '/a')).toBe('setquota,/a n=-NaN');
    expect(parse(setquota(), 'setquota', '-n', '-Nx', '/a')).toBe('org.apache.commons.cli.MissingArgumentException: Missing argument for option: n');
  });

  it('bursting, repetition, -- and -', () => {
    // `get -sw /` printed data and stat
    expect(parse(new Options().addOption('s', false, 'stats').addOption('w', false, 'watch'), 'get', '-sw', '/')).toBe('get,/ s w');
    expect(parse(ls(), 'ls', '-s', '-s', '/')).toBe('ls,/ s');
    // `ls -- -s` -> Path must start with / character
    expect(parse(ls(), 'ls', '--', '-s')).toBe('ls,-s');
    // `ls - /` -> deprecated form, path "-"
    expect(parse(ls(), 'ls', '-', '/')).toBe('ls,-,/');
    expect(parse(del(), 'delete', '-v', '1', '-v', '2', '/a')).toBe('delete,/a v=1|2');
  });

  it('option groups', () => {
    // `setquota /a`
    expect(parse(setquota(), 'setquota', '/a')).toBe(
      'org.apache.commons.cli.MissingOptionException: Missing required option: [-n num soft quota, -b bytes soft quota, -N num hard quota, -B bytes hard quota]',
    );
    // `setquota -n 1 -b 2 /a`
    expect(parse(setquota(), 'setquota', '-n', '1', '-b', '2', '/a')).toBe(
      "org.apache.commons.cli.AlreadySelectedException: The option 'b' was specified but an option from this group has already been selected: 'n'",
    );
    // `setquota -n`
    expect(parse(setquota(), 'setquota', '-n')).toBe('org.apache.commons.cli.MissingArgumentException: Missing argument for option: n');
    // the same option twice is not a conflict
    expect(parse(setquota(), 'setquota', '-n', '1', '-n', '2', '/a')).toBe('setquota,/a n=1|2');
  });

  it("reconfig's multi-letter options are short options: no long forms, no abbreviations", () => {
    // `reconfig -fi x`, `reconfig -mem x`, `reconfig --add x -v zz`
    expect(parse(reconfig(), 'reconfig', '-fi', 'x')).toBe('org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -fi');
    expect(parse(reconfig(), 'reconfig', '-mem', 'x')).toBe('org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -mem');
    expect(parse(reconfig(), 'reconfig', '--add', 'x', '-v', 'zz')).toBe('org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: --add');
    expect(parse(reconfig(), 'reconfig', '-add', 'a', '-add', 'b', '-v', 'xyz')).toBe('reconfig v=xyz add=a|b');
    expect(parse(reconfig(), 'reconfig', '-members=x')).toBe('org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -members=x');
  });
});
