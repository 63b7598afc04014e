// get [-s] [-w] path

import { CliCommand, parseWith, type CommandIO } from './CliCommand.ts';
import { CliParseException, CliWrapperException, MalformedPathException } from './CliException.ts';
import { Options, type CommandLine } from './commonsCli.ts';
import { isIllegalArgument, utf8Decode } from './javaLang.ts';
import { StatPrinter } from './StatPrinter.ts';
import { KeeperException } from '../zk/KeeperException.ts';
import type { Stat } from '../zk/Stat.ts';

export class GetCommand extends CliCommand {
  private static readonly options = new Options().addOption('s', false, 'stats').addOption('w', false, 'watch');
  private args: string[] = [];
  private cl!: CommandLine;

  constructor(io: CommandIO) {
    super(io, 'get', '[-s] [-w] path');
  }

  parse(cmdArgs: string[]): CliCommand {
    this.cl = parseWith(GetCommand.options, cmdArgs);
    this.args = this.cl.getArgs();
    if (this.args.length < 2) throw new CliParseException(this.getUsageStr());
    // 'get path watch': Java overwrites the third *raw* word with -w and parses again, so with
    // options before the path the word replaced is not the extra one (`get -s /a x` reads path x).
    if (this.args.length > 2) {
      cmdArgs[2] = '-w';
      this.err.println("'get path [watch]' has been deprecated. Please use 'get [-s] [-w] path' instead.");
      this.cl = parseWith(GetCommand.options, cmdArgs);
      this.args = this.cl.getArgs();
    }
    return this;
  }

  async exec(): Promise<boolean> {
    const watch = this.cl.hasOption('w');
    const path = this.args[1] as string;
    let data: Uint8Array | null;
    let stat: Stat;
    try {
      ({ data, stat } = await this.zk.getData(path, watch));
    } catch (ex) {
      if (isIllegalArgument(ex)) throw new MalformedPathException(ex.message);
      if (ex instanceof KeeperException) throw new CliWrapperException(ex);
      throw ex;
    }
    this.out.println(data === null ? 'null' : utf8Decode(data));
    if (this.cl.hasOption('s')) new StatPrinter(this.out).print(stat);
    return watch;
  }
}
