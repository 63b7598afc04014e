// reconfig [-s] [-v version] [[-file path] | [-members ...]] | [-add ...]* [-remove ...]

import { CliCommand, parseWith, type CommandIO } from './CliCommand.ts';
import { CliParseException, CliWrapperException } from './CliException.ts';
import { Options, type CommandLine } from './commonsCli.ts';
import { loadProperties, parseQuorumServer, propertiesOrder, type QuorumServerAddress } from './ConfigUtils.ts';
import { javaMessageOf, longToHex, NumberFormatException, parseInt64, utf8Decode } from './javaLang.ts';
import { StatPrinter } from './StatPrinter.ts';
import { javaLongHash, orderForCapacity } from '../zk/JavaHashOrder.ts';
import { IllegalArgumentException } from '../zk/PathUtils.ts';
import { KeeperException } from '../zk/KeeperException.ts';

export class ReconfigCommand extends CliCommand {
  // All of these are *short* options in Java (one-argument Option constructor), even -members.
  private static readonly options = new Options()
    .addOption('s', false, 'stats')
    .addOption('v', true, 'required current config version')
    .addOption('file', true, 'path of config file to parse for membership')
    .addOption('members', true, 'comma-separated list of config strings for non-incremental reconfig')
    .addOption('add', true, 'comma-separated list of config strings for new servers')
    .addOption('remove', true, 'comma-separated list of server IDs to remove');
  private joining: string | null = null;
  private leaving: string | null = null;
  private members: string | null = null;
  private version = -1n;
  private cl!: CommandLine;

  constructor(io: CommandIO) {
    super(
      io,
      'reconfig',
      '[-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]',
    );
  }

  parse(cmdArgs: string[]): CliCommand {
    this.joining = null;
    this.leaving = null;
    this.members = null;
    const cl = parseWith(ReconfigCommand.options, cmdArgs);
    this.cl = cl;
    if (!(cl.hasOption('file') || cl.hasOption('members')) && !cl.hasOption('add') && !cl.hasOption('remove')) {
      throw new CliParseException(this.getUsageStr());
    }
    if (cl.hasOption('v')) {
      try {
        this.version = parseInt64(cl.getOptionValue('v') ?? '', 16);
      } catch (e) {
        if (e instanceof NumberFormatException) throw new CliParseException('-v must be followed by a long (configuration version)');
        throw e;
      }
    } else {
      this.version = -1n;
    }
    if ((cl.hasOption('file') || cl.hasOption('members')) && (cl.hasOption('add') || cl.hasOption('remove'))) {
      throw new CliParseException(
        "Can't use -file or -members together with -add or -remove (mixing incremental and non-incremental modes is not allowed)",
      );
    }
    if (cl.hasOption('file') && cl.hasOption('members')) {
      throw new CliParseException("Can't use -file and -members together (conflicting non-incremental modes)");
    }
    if (cl.hasOption('add')) this.joining = (cl.getOptionValue('add') ?? '').toLowerCase();
    if (cl.hasOption('remove')) this.leaving = (cl.getOptionValue('remove') ?? '').toLowerCase();
    if (cl.hasOption('members')) this.members = (cl.getOptionValue('members') ?? '').toLowerCase();
    if (cl.hasOption('file')) {
      const file = cl.getOptionValue('file') ?? '';
      try {
        if (this.io.readFile === undefined) throw new Error(`${file} (No such file or directory)`);
        this.members = dynamicConfigToString(this.io.readFile(file));
      } catch (e) {
        throw new CliParseException(`Error processing ${file}${javaMessageOf(e)}`);
      }
    }
    return this;
  }

  async exec(): Promise<boolean> {
    let data: Uint8Array | null;
    let stat;
    try {
      ({ data, stat } = await this.zk.reconfig(this.joining, this.leaving, this.members, Number(this.version)));
    } catch (ex) {
      if (ex instanceof KeeperException) throw new CliWrapperException(ex);
      throw ex;
    }
    // new String(null) would throw in Java; the server always returns the new config.
    this.out.println(`Committed new configuration:\n${data === null ? 'null' : utf8Decode(data)}`);
    if (this.cl.hasOption('s')) new StatPrinter(this.out).print(stat);
    return false;
  }
}

/**
 * QuorumPeerConfig.parseDynamicConfig(props, 0, true, false, null).toString() for a majority
 * quorum: `server.N=host:port:port:type[;host:port]` lines (HashMap<Long> order), then `version=<hex>`.
 */
export function dynamicConfigToString(text: string): string {
  const props = loadProperties(text);
  const keys = propertiesOrder([...props.keys()]);
  for (const k of keys) {
    const key = k.trim();
    if (!key.startsWith('group') && !key.startsWith('weight') && !key.startsWith('server.') && key !== 'version') {
      throw new Error(`Unrecognised parameter: ${key}`);
    }
  }
  const members = new Map<bigint, { sid: bigint; qs: QuorumServerAddress }>();
  let version = 0n;
  for (const key of keys) {
    const value = props.get(key) as string;
    if (key.startsWith('server.')) {
      const sid = parseInt64(key.substring(key.indexOf('.') + 1));
      members.set(sid, { sid, qs: parseQuorumServer(sid, value) });
    } else if (key === 'version') {
      version = parseInt64(value, 16);
    }
  }
  const all = [...members.values()];
  const participants = all.filter((m) => m.qs.type === 'participant').length;
  const observers = all.length - participants;
  if (participants === 0 && observers > 0) throw new IllegalArgumentException('Observers w/o participants is an invalid configuration');
  if (participants === 1 && observers > 0) throw new IllegalArgumentException('Observers w/o quorum is an invalid configuration');
  let capacity = 16;
  while (all.length > capacity * 0.75) capacity *= 2;
  let out = '';
  for (const { sid, qs } of orderForCapacity(all, capacity, (m) => javaLongHash(m.sid))) {
    const host = (h: string) => (h.includes(':') ? `[${h}]` : h);
    out += `server.${sid}=${host(qs.hostname)}:${qs.port}:${qs.electionPort}:${qs.type}`;
    if (qs.clientAddr !== null) out += `;${host(qs.clientAddr.host)}:${qs.clientAddr.port}`;
    out += '\n';
  }
  return `${out}version=${longToHex(version)}`;
}
