// getAcl [-s] path

import { CliCommand, parseWith, type CommandIO } from './CliCommand.ts';
import { CliParseException, CliWrapperException, MalformedPathException } from './CliException.ts';
import { Options, type CommandLine } from './commonsCli.ts';
import { isIllegalArgument } from './javaLang.ts';
import { StatPrinter } from './StatPrinter.ts';
import { getPermString, idToString } from './ZKUtil.ts';
import { KeeperException } from '../zk/KeeperException.ts';
import type { Stat } from '../zk/Stat.ts';
import type { ACL } from '../zk/ZooDefs.ts';

export class GetAclCommand extends CliCommand {
  private static readonly options = new Options().addOption('s', false, 'stats');
  private args: string[] = [];
  private cl!: CommandLine;

  constructor(io: CommandIO) {
    super(io, 'getAcl', '[-s] path');
  }

  parse(cmdArgs: string[]): CliCommand {
    this.cl = parseWith(GetAclCommand.options, cmdArgs);
    this.args = this.cl.getArgs();
    if (this.args.length < 2) throw new CliParseException(this.getUsageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.args[1] as string;
    let acl: ACL[];
    let stat: Stat;
    try {
      ({ acl, stat } = await this.zk.getACL(path));
    } catch (ex) {
      if (isIllegalArgument(ex)) throw new MalformedPathException(ex.message);
      if (ex instanceof KeeperException) throw new CliWrapperException(ex);
      throw ex;
    }
    // Id.toString() is jute's CSV form and ends with a newline: `'world,'anyone` then `: cdrwa`.
    for (const a of acl) this.out.println(`${idToString(a.id)}: ${getPermString(a.perms)}`);
    if (this.cl.hasOption('s')) new StatPrinter(this.out).print(stat);
    return false;
  }
}
