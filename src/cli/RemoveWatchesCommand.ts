// removewatches path [-c|-d|-a] [-l]

import { CliCommand, parseWith, type CommandIO } from './CliCommand.ts';
import { CliParseException, CliWrapperException, MalformedPathException } from './CliException.ts';
import { Options, type CommandLine } from './commonsCli.ts';
import { isIllegalArgument } from './javaLang.ts';
import { KeeperException } from '../zk/KeeperException.ts';
import { WatcherType } from '../zk/ZooDefs.ts';

export class RemoveWatchesCommand extends CliCommand {
  private static readonly options = new Options()
    .addOption('c', false, 'child watcher type')
    .addOption('d', false, 'data watcher type')
    .addOption('a', false, 'any watcher type')
    .addOption('l', false, 'remove locally when there is no server connection');
  private args: string[] = [];
  private cl!: CommandLine;

  constructor(io: CommandIO) {
    super(io, 'removewatches', 'path [-c|-d|-a] [-l]');
  }

  parse(cmdArgs: string[]): CliCommand {
    this.cl = parseWith(RemoveWatchesCommand.options, cmdArgs);
    this.args = this.cl.getArgs();
    if (this.args.length < 2) throw new CliParseException(this.getUsageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.args[1] as string;
    // -c wins over -d, -d over -a; no flag means Any.
    let wtype: number = WatcherType.Any;
    if (this.cl.hasOption('c')) wtype = WatcherType.Children;
    else if (this.cl.hasOption('d')) wtype = WatcherType.Data;
    else if (this.cl.hasOption('a')) wtype = WatcherType.Any;
    const local = this.cl.hasOption('l');
    try {
      await this.zk.removeAllWatches(path, wtype, local);
    } catch (ex) {
      if (isIllegalArgument(ex)) throw new MalformedPathException(ex.message);
      if (ex instanceof KeeperException) throw new CliWrapperException(ex);
      throw ex;
    }
    return true;
  }
}
