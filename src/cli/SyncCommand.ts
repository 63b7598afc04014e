// sync path

import { CliCommand, parseWith, type CommandIO } from './CliCommand.ts';
import { CliParseException, CliWrapperException, MalformedPathException } from './CliException.ts';
import { Options } from './commonsCli.ts';
import { isIllegalArgument } from './javaLang.ts';
import { KeeperException } from '../zk/KeeperException.ts';

export class SyncCommand extends CliCommand {
  private static readonly options = new Options();
  private args: string[] = [];

  constructor(io: CommandIO) {
    super(io, 'sync', 'path');
  }

  parse(cmdArgs: string[]): CliCommand {
    this.args = parseWith(SyncCommand.options, cmdArgs).getArgs();
    if (this.args.length < 2) throw new CliParseException(this.getUsageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.args[1] as string;
    // Java uses the async sync and waits for the callback's result code (up to 30 s; the wait
    // limit is not modelled here).
    let rc = 0;
    try {
      await this.zk.sync(path);
    } catch (ex) {
      if (isIllegalArgument(ex)) throw new MalformedPathException(ex.message);
      if (ex instanceof KeeperException) rc = ex.code;
      else throw new CliWrapperException(ex);
    }
    this.out.println(rc === 0 ? 'Sync is OK' : `Sync has failed. rc=${rc}`);
    return false;
  }
}
