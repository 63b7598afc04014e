// stat [-w] path

import { CliCommand, parseWith, type CommandIO } from './CliCommand.ts';
import { CliParseException, CliWrapperException, MalformedPathException } from './CliException.ts';
import { Options, type CommandLine } from './commonsCli.ts';
import { isIllegalArgument } from './javaLang.ts';
import { StatPrinter } from './StatPrinter.ts';
import { Code, KeeperException } from '../zk/KeeperException.ts';
import type { Stat } from '../zk/Stat.ts';

export class StatCommand extends CliCommand {
  private static readonly options = new Options().addOption('w', false, 'watch');
  private args: string[] = [];
  private cl!: CommandLine;

  constructor(io: CommandIO) {
    super(io, 'stat', '[-w] path');
  }

  parse(cmdArgs: string[]): CliCommand {
    this.cl = parseWith(StatCommand.options, cmdArgs);
    this.args = this.cl.getArgs();
    if (this.args.length < 2) throw new CliParseException(this.getUsageStr());
    // 'stat path watch': the third raw word becomes -w (see GetCommand).
    if (this.args.length > 2) {
      cmdArgs[2] = '-w';
      this.err.println("'stat path [watch]' has been deprecated. Please use 'stat [-w] path' instead.");
      this.cl = parseWith(StatCommand.options, cmdArgs);
      this.args = this.cl.getArgs();
    }
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.args[1] as string;
    const watch = this.cl.hasOption('w');
    let stat: Stat | null;
    try {
      stat = await this.zk.exists(path, watch);
    } catch (ex) {
      if (isIllegalArgument(ex)) throw new MalformedPathException(ex.message);
      if (ex instanceof KeeperException) throw new CliWrapperException(ex);
      throw ex;
    }
    if (stat === null) throw new CliWrapperException(new KeeperException(Code.NONODE, path));
    new StatPrinter(this.out).print(stat);
    return watch;
  }
}
