// config [-c] [-w] [-s]

import { CliCommand, parseWith, type CommandIO } from './CliCommand.ts';
import { CliParseException, CliWrapperException } from './CliException.ts';
import { Options, type CommandLine } from './commonsCli.ts';
import { getClientConfigStr } from './ConfigUtils.ts';
import { utf8Decode } from './javaLang.ts';
import { StatPrinter } from './StatPrinter.ts';
import { KeeperException } from '../zk/KeeperException.ts';
import type { Stat } from '../zk/Stat.ts';

export class GetConfigCommand extends CliCommand {
  private static readonly options = new Options()
    .addOption('s', false, 'stats')
    .addOption('w', false, 'watch')
    .addOption('c', false, 'client connection string');
  private args: string[] = [];
  private cl!: CommandLine;

  constructor(io: CommandIO) {
    super(io, 'config', '[-c] [-w] [-s]');
  }

  parse(cmdArgs: string[]): CliCommand {
    this.cl = parseWith(GetConfigCommand.options, cmdArgs);
    this.args = this.cl.getArgs();
    if (this.args.length < 1) throw new CliParseException(this.getUsageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const watch = this.cl.hasOption('w');
    let data: Uint8Array | null;
    let stat: Stat;
    try {
      ({ data, stat } = await this.zk.getConfig(watch));
    } catch (ex) {
      if (ex instanceof KeeperException) throw new CliWrapperException(ex);
      throw ex;
    }
    const text = data === null ? 'null' : utf8Decode(data);
    if (this.cl.hasOption('c')) this.out.println(getClientConfigStr(text, this.err));
    else this.out.println(text);
    if (this.cl.hasOption('s')) new StatPrinter(this.out).print(stat);
    return watch;
  }
}
