// create [-s] [-e] [-c] [-t ttl] path [data] [acl]

import { CliCommand, parseWith, type CommandIO } from './CliCommand.ts';
import { CliParseException, CliWrapperException, MalformedCommandException, MalformedPathException } from './CliException.ts';
import { Option, Options, type CommandLine } from './commonsCli.ts';
import { isIllegalArgument, NumberFormatException, parseInt64, utf8Encode } from './javaLang.ts';
import { parseAcl } from './AclParser.ts';
import { Code, KeeperException } from '../zk/KeeperException.ts';
import { CreateModes, OPEN_ACL_UNSAFE, type ACL, type CreateMode } from '../zk/ZooDefs.ts';

const TTL_MAX = 0xffffffffffn;

export class CreateCommand extends CliCommand {
  private static readonly options = new Options()
    .addOption(new Option('e', false, 'ephemeral'))
    .addOption(new Option('s', false, 'sequential'))
    .addOption(new Option('c', false, 'container'))
    .addOption(new Option('t', true, 'ttl'));
  private args: string[] = [];
  private cl!: CommandLine;

  constructor(io: CommandIO) {
    super(io, 'create', '[-s] [-e] [-c] [-t ttl] path [data] [acl]');
  }

  parse(cmdArgs: string[]): CliCommand {
    this.cl = parseWith(CreateCommand.options, cmdArgs);
    this.args = this.cl.getArgs();
    if (this.args.length < 2) throw new CliParseException(this.getUsageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const cl = this.cl;
    const hasE = cl.hasOption('e');
    const hasS = cl.hasOption('s');
    const hasC = cl.hasOption('c');
    const hasT = cl.hasOption('t');
    if (hasC && (hasE || hasS)) {
      throw new MalformedCommandException('-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.');
    }
    let ttl = 0n;
    try {
      ttl = hasT ? parseInt64(cl.getOptionValue('t') ?? '') : 0n;
    } catch (e) {
      if (e instanceof NumberFormatException) throw new MalformedCommandException('-t argument must be a long value');
      throw e;
    }
    if (hasT && hasE) throw new MalformedCommandException('TTLs cannot be used with Ephemeral znodes');
    if (hasT && hasC) throw new MalformedCommandException('TTLs cannot be used with Container znodes');

    let flags: CreateMode;
    if (hasE && hasS) flags = CreateModes.EPHEMERAL_SEQUENTIAL;
    else if (hasE) flags = CreateModes.EPHEMERAL;
    else if (hasS) flags = hasT ? CreateModes.PERSISTENT_SEQUENTIAL_WITH_TTL : CreateModes.PERSISTENT_SEQUENTIAL;
    else if (hasC) flags = CreateModes.CONTAINER;
    else flags = hasT ? CreateModes.PERSISTENT_WITH_TTL : CreateModes.PERSISTENT;

    // EphemeralType.TTL.toEphemeralOwner(ttl)
    if (hasT && (ttl > TTL_MAX || ttl <= 0n)) {
      throw new MalformedCommandException(`ttl must be positive and cannot be larger than: ${TTL_MAX}`);
    }

    const path = this.args[1] as string;
    const data = this.args.length > 2 ? utf8Encode(this.args[2] as string) : null;
    let acl: readonly ACL[] = OPEN_ACL_UNSAFE;
    if (this.args.length > 3) acl = parseAcl(this.args[3] as string, this.err);
    try {
      // With -t Java calls create(path, data, acl, flags, stat, ttl): the create2-style request.
      const newPath = hasT ? (await this.zk.create2(path, data, acl, flags, Number(ttl))).path : await this.zk.create(path, data, acl, flags);
      this.err.println(`Created ${newPath}`);
    } catch (ex) {
      if (isIllegalArgument(ex)) throw new MalformedPathException(ex.message);
      if (ex instanceof KeeperException) {
        if (ex.code === Code.EPHEMERALONLOCALSESSION) {
          this.err.println('Unable to create ephemeral node on a local session');
        } else if (ex.code === Code.INVALIDACL) {
          this.err.println(ex.message);
        }
        throw new CliWrapperException(ex);
      }
      throw ex;
    }
    return true;
  }
}
