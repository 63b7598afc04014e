// getAllChildrenNumber path

import { CliCommand, parseWith, type CommandIO } from './CliCommand.ts';
import { CliWrapperException, MalformedCommandException, MalformedPathException } from './CliException.ts';
import { Options } from './commonsCli.ts';
import { isIllegalArgument } from './javaLang.ts';
import { KeeperException } from '../zk/KeeperException.ts';

export class GetAllChildrenNumberCommand extends CliCommand {
  private static readonly options = new Options();
  private args: string[] = [];

  constructor(io: CommandIO) {
    super(io, 'getAllChildrenNumber', 'path');
  }

  parse(cmdArgs: string[]): CliCommand {
    this.args = parseWith(GetAllChildrenNumberCommand.options, cmdArgs).getArgs();
    return this;
  }

  async exec(): Promise<boolean> {
    if (this.args.length < 2) throw new MalformedCommandException(this.getUsageStr());
    try {
      const n = await this.zk.getAllChildrenNumber(this.args[1] as string);
      this.out.println(n);
    } catch (ex) {
      if (isIllegalArgument(ex)) throw new MalformedPathException(ex.message);
      if (ex instanceof KeeperException) throw new CliWrapperException(ex);
      throw ex;
    }
    return false;
  }
}
