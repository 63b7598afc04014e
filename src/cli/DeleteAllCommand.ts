// deleteall path [-b batch size]

import { CliCommand, parseWith, type CommandIO } from './CliCommand.ts';
import { CliParseException, CliWrapperException, MalformedCommandException, MalformedPathException } from './CliException.ts';
import { Option, Options, type CommandLine } from './commonsCli.ts';
import { isIllegalArgument, NumberFormatException, parseInt32 } from './javaLang.ts';
import { deleteRecursive } from './ZKUtil.ts';
import { KeeperException } from '../zk/KeeperException.ts';

export class DeleteAllCommand extends CliCommand {
  private static readonly options = new Options().addOption(new Option('b', true, 'batch size'));
  private args: string[] = [];
  private cl!: CommandLine;

  constructor(io: CommandIO, cmdStr = 'deleteall') {
    super(io, cmdStr, 'path [-b batch size]');
  }

  parse(cmdArgs: string[]): CliCommand {
    this.cl = parseWith(DeleteAllCommand.options, cmdArgs);
    this.args = this.cl.getArgs();
    if (this.args.length < 2) throw new CliParseException(this.getUsageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    let batchSize: number;
    try {
      batchSize = this.cl.hasOption('b') ? parseInt32(this.cl.getOptionValue('b') ?? '') : 1000;
    } catch (e) {
      if (e instanceof NumberFormatException) throw new MalformedCommandException('-b argument must be an int value');
      throw e;
    }
    const path = this.args[1] as string;
    try {
      const success = await deleteRecursive(this.zk, path, batchSize);
      if (!success) this.err.println('Failed to delete some node(s) in the subtree!');
    } catch (ex) {
      if (isIllegalArgument(ex)) throw new MalformedPathException(ex.message);
      if (ex instanceof KeeperException) throw new CliWrapperException(ex);
      throw ex;
    }
    return false;
  }
}
