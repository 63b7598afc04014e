// setAcl [-s] [-v version] [-R] path acl

import { CliCommand, inJavaFrame, parseWith, type CommandIO } from './CliCommand.ts';
import { CliParseException, CliWrapperException, MalformedPathException } from './CliException.ts';
import { Options, type CommandLine } from './commonsCli.ts';
import { isIllegalArgument, parseInt32 } from './javaLang.ts';
import { parseAcl } from './AclParser.ts';
import { StatPrinter } from './StatPrinter.ts';
import { visitSubTreeDFS } from './ZKUtil.ts';
import { KeeperException } from '../zk/KeeperException.ts';

export class SetAclCommand extends CliCommand {
  private static readonly options = new Options()
    .addOption('s', false, 'stats')
    .addOption('v', true, 'version')
    .addOption('R', false, 'recursive');
  private args: string[] = [];
  private cl!: CommandLine;

  constructor(io: CommandIO) {
    super(io, 'setAcl', '[-s] [-v version] [-R] path acl');
  }

  parse(cmdArgs: string[]): CliCommand {
    this.cl = parseWith(SetAclCommand.options, cmdArgs);
    this.args = this.cl.getArgs();
    if (this.args.length < 3) throw new CliParseException(this.getUsageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.args[1] as string;
    const acl = parseAcl(this.args[2] as string, this.err);
    // Integer.parseInt outside any try: a bad version kills real zkCli.
    const version = this.cl.hasOption('v')
      ? inJavaFrame('org.apache.zookeeper.cli.SetAclCommand.exec(SetAclCommand.java:76)', () => parseInt32(this.cl.getOptionValue('v') ?? ''))
      : -1;
    try {
      if (this.cl.hasOption('R')) {
        await visitSubTreeDFS(this.zk, path, false, async (p) => {
          try {
            await this.zk.setACL(p, acl, version);
          } catch (e) {
            // Java prints the message with print(), not println(): failures run together.
            if (e instanceof KeeperException) this.out.print(e.message);
            else throw e;
          }
        });
      } else {
        const stat = await this.zk.setACL(path, acl, version);
        if (this.cl.hasOption('s')) new StatPrinter(this.out).print(stat);
      }
    } catch (ex) {
      if (isIllegalArgument(ex)) throw new MalformedPathException(ex.message);
      if (ex instanceof KeeperException) throw new CliWrapperException(ex);
      throw ex;
    }
    return false;
  }
}
