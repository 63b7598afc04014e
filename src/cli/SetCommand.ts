// set [-s] [-v version] path data

import { CliCommand, inJavaFrame, parseWith, type CommandIO } from './CliCommand.ts';
import { CliParseException, CliWrapperException, MalformedPathException } from './CliException.ts';
import { Options, type CommandLine } from './commonsCli.ts';
import { isIllegalArgument, parseInt32, utf8Encode } from './javaLang.ts';
import { StatPrinter } from './StatPrinter.ts';
import { KeeperException } from '../zk/KeeperException.ts';

export class SetCommand extends CliCommand {
  private static readonly options = new Options().addOption('s', false, 'stats').addOption('v', true, 'version');
  private args: string[] = [];
  private cl!: CommandLine;

  constructor(io: CommandIO) {
    super(io, 'set', '[-s] [-v version] path data');
  }

  parse(cmdArgs: string[]): CliCommand {
    this.cl = parseWith(SetCommand.options, cmdArgs);
    this.args = this.cl.getArgs();
    if (this.args.length < 3) throw new CliParseException(this.getUsageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.args[1] as string;
    const data = utf8Encode(this.args[2] as string);
    // Integer.parseInt outside any try: a bad version kills real zkCli.
    const version = this.cl.hasOption('v')
      ? inJavaFrame('org.apache.zookeeper.cli.SetCommand.exec(SetCommand.java:69)', () => parseInt32(this.cl.getOptionValue('v') ?? ''))
      : -1;
    try {
      const stat = await this.zk.setData(path, data, version);
      if (this.cl.hasOption('s')) new StatPrinter(this.out).print(stat);
    } catch (ex) {
      if (isIllegalArgument(ex)) throw new MalformedPathException(ex.message);
      if (ex instanceof KeeperException) throw new CliWrapperException(ex);
      throw ex;
    }
    return false;
  }
}
