// addWatch [-m mode] path

import { CliCommand, parseWith, type CommandIO } from './CliCommand.ts';
import { CliParseException, CliWrapperException } from './CliException.ts';
import { Options, type CommandLine } from './commonsCli.ts';
import { isIllegalArgument, JavaRuntimeException } from './javaLang.ts';
import { KeeperException } from '../zk/KeeperException.ts';
import { AddWatchMode } from '../zk/ZooDefs.ts';

const MODES = ['PERSISTENT', 'PERSISTENT_RECURSIVE'] as const;
type ModeName = (typeof MODES)[number];

export class AddWatchCommand extends CliCommand {
  private static readonly options = new Options().addOption('m', true, '');
  private cl!: CommandLine;
  // Like Java's field, the mode is only assigned when -m is given: it carries over to later calls.
  private mode: ModeName = 'PERSISTENT_RECURSIVE';

  constructor(io: CommandIO) {
    super(io, 'addWatch', `[-m mode] path # optional mode is one of [${MODES.join(', ')}] - default is PERSISTENT_RECURSIVE`);
  }

  parse(cmdArgs: string[]): CliCommand {
    this.cl = parseWith(AddWatchCommand.options, cmdArgs);
    if (this.cl.getArgs().length !== 2) throw new CliParseException(this.getUsageStr());
    if (this.cl.hasOption('m')) {
      // AddWatchMode.valueOf(value.toUpperCase())
      const m = (this.cl.getOptionValue('m') ?? '').toUpperCase();
      if (!(MODES as readonly string[]).includes(m)) throw new CliParseException(this.getUsageStr());
      this.mode = m as ModeName;
    }
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.cl.getArgs()[1] as string;
    try {
      await this.zk.addWatch(path, AddWatchMode[this.mode]);
    } catch (ex) {
      // Java catches only KeeperException here: a bad path escapes as IllegalArgumentException.
      if (ex instanceof KeeperException) throw new CliWrapperException(ex);
      if (isIllegalArgument(ex)) {
        // Kills real zkCli; keep the frames Java prints, for the 'exit' crash mode.
        throw new JavaRuntimeException('java.lang.IllegalArgumentException', ex.message, [
          `org.apache.zookeeper.common.PathUtils.validatePath(PathUtils.java:${pathUtilsLine(ex.message)})`,
          'org.apache.zookeeper.ZooKeeper.addWatch(ZooKeeper.java:2808)',
          'org.apache.zookeeper.ZooKeeper.addWatch(ZooKeeper.java:2840)',
          'org.apache.zookeeper.cli.AddWatchCommand.exec(AddWatchCommand.java:77)',
        ]);
      }
      throw ex;
    }
    return false;
  }
}

/** The line of PathUtils.validatePath(String) that throws this message (3.8.0). */
function pathUtilsLine(message: string): number {
  if (message === 'Path cannot be null') return 43;
  if (message === 'Path length must be > 0') return 46;
  if (message === 'Path must start with / character') return 49;
  if (message === 'Path must not end with / character') return 55;
  return 91;
}
