// getEphemerals path

import { CliCommand, parseWith, type CommandIO } from './CliCommand.ts';
import { CliWrapperException, MalformedPathException } from './CliException.ts';
import { Options } from './commonsCli.ts';
import { isIllegalArgument, javaListToString } from './javaLang.ts';
import { KeeperException } from '../zk/KeeperException.ts';

export class GetEphemeralsCommand extends CliCommand {
  private static readonly options = new Options();
  private args: string[] = [];

  constructor(io: CommandIO) {
    super(io, 'getEphemerals', 'path');
  }

  parse(cmdArgs: string[]): CliCommand {
    this.args = parseWith(GetEphemeralsCommand.options, cmdArgs).getArgs();
    return this;
  }

  async exec(): Promise<boolean> {
    let ephemerals: string[];
    try {
      // Without a path: every ephemeral of this session (getEphemerals() asks for prefix "/").
      ephemerals = this.args.length < 2 ? await this.zk.getEphemerals() : await this.zk.getEphemerals(this.args[1] as string);
    } catch (ex) {
      if (isIllegalArgument(ex)) throw new MalformedPathException(ex.message);
      if (ex instanceof KeeperException) throw new CliWrapperException(ex);
      throw ex;
    }
    this.out.println(javaListToString(ephemerals));
    return false;
  }
}
