// ls [-s] [-w] [-R] path

import { CliCommand, parseWith, type CommandIO } from './CliCommand.ts';
import { CliWrapperException, MalformedCommandException, MalformedPathException } from './CliException.ts';
import { Options, type CommandLine } from './commonsCli.ts';
import { isIllegalArgument } from './javaLang.ts';
import { StatPrinter } from './StatPrinter.ts';
import { javaCompare, visitSubTreeDFS } from './ZKUtil.ts';
import { KeeperException } from '../zk/KeeperException.ts';

/** What commons-cli's HelpFormatter prints for `ls -?` (options sorted case-insensitively). */
const LS_HELP = 'usage: ls [options] path\n -?   help\n -R   recurse\n -s   stat\n -w   watch\n';

export class LsCommand extends CliCommand {
  private static readonly options = new Options()
    .addOption('?', false, 'help')
    .addOption('s', false, 'stat')
    .addOption('w', false, 'watch')
    .addOption('R', false, 'recurse');
  private args: string[] = [];
  private cl!: CommandLine;

  constructor(io: CommandIO) {
    super(io, 'ls', '[-s] [-w] [-R] path');
  }

  parse(cmdArgs: string[]): CliCommand {
    this.cl = parseWith(LsCommand.options, cmdArgs);
    this.args = this.cl.getArgs();
    if (this.cl.hasOption('?')) this.out.print(LS_HELP);
    // 'ls path watch': the third raw word becomes -w (see GetCommand).
    if (this.args.length > 2) {
      cmdArgs[2] = '-w';
      this.err.println("'ls path [watch]' has been deprecated. Please use 'ls [-w] path' instead.");
      this.cl = parseWith(LsCommand.options, cmdArgs);
      this.args = this.cl.getArgs();
    }
    return this;
  }

  async exec(): Promise<boolean> {
    if (this.args.length < 2) throw new MalformedCommandException(this.getUsageStr());
    const path = this.args[1] as string;
    const watch = this.cl.hasOption('w');
    const withStat = this.cl.hasOption('s');
    const recursive = this.cl.hasOption('R');
    try {
      if (recursive) {
        await visitSubTreeDFS(this.zk, path, watch, (p) => this.out.println(p));
      } else {
        // Java calls getChildren(path, watch, stat) even without -s: the getChildren2 request.
        const { children, stat } = await this.zk.getChildren2(path, watch);
        const sorted = [...children].sort(javaCompare);
        this.out.print(`[${sorted.join(', ')}]\n`);
        if (withStat) new StatPrinter(this.out).print(stat);
      }
    } catch (ex) {
      if (isIllegalArgument(ex)) throw new MalformedPathException(ex.message);
      if (ex instanceof KeeperException) throw new CliWrapperException(ex);
      throw ex;
    }
    return watch;
  }
}
