// delete [-v version] path

import { CliCommand, inJavaFrame, parseWith, type CommandIO } from './CliCommand.ts';
import { CliParseException, CliWrapperException, MalformedPathException } from './CliException.ts';
import { Options, type CommandLine } from './commonsCli.ts';
import { isIllegalArgument, parseInt32 } from './javaLang.ts';
import { KeeperException } from '../zk/KeeperException.ts';

export class DeleteCommand extends CliCommand {
  private static readonly options = new Options().addOption('v', true, 'version');
  private args: string[] = [];
  private cl!: CommandLine;

  constructor(io: CommandIO) {
    super(io, 'delete', '[-v version] path');
  }

  parse(cmdArgs: string[]): CliCommand {
    this.cl = parseWith(DeleteCommand.options, cmdArgs);
    this.args = this.cl.getArgs();
    if (this.args.length < 2) throw new CliParseException(this.getUsageStr());
    // 'delete path version' is only warned about: the extra word is ignored, not used as version.
    if (this.args.length > 2) {
      this.err.println("'delete path [version]' has been deprecated. Please use 'delete [-v version] path' instead.");
      this.cl = parseWith(DeleteCommand.options, cmdArgs);
      this.args = this.cl.getArgs();
    }
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.args[1] as string;
    // Integer.parseInt outside any try: a bad version kills real zkCli.
    const version = this.cl.hasOption('v')
      ? inJavaFrame('org.apache.zookeeper.cli.DeleteCommand.exec(DeleteCommand.java:81)', () => parseInt32(this.cl.getOptionValue('v') ?? ''))
      : -1;
    try {
      await this.zk.delete(path, version);
    } catch (ex) {
      if (isIllegalArgument(ex)) throw new MalformedPathException(ex.message);
      if (ex instanceof KeeperException) throw new CliWrapperException(ex);
      throw ex;
    }
    return false;
  }
}
