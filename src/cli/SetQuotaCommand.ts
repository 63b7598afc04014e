// setquota -n|-b|-N|-B val path

import { CliCommand, parseWith, type CommandIO } from './CliCommand.ts';
import { anyQuotaOption, quotaOptionGroup } from './quotaOptions.ts';
import { CliParseException, CliWrapperException, MalformedPathException } from './CliException.ts';
import { Options, type CommandLine } from './commonsCli.ts';
import { IllegalArgumentException, isIllegalArgument, javaSplit, javaThrowableToString, NumberFormatException, parseInt32, parseInt64 } from './javaLang.ts';
import { limitNode, procZookeeper, quotaPath as quotaPathOf, quotaZookeeper, statNode, StatsTrack, trimQuotaPath } from './Quotas.ts';
import type { PrintStream } from './PrintStream.ts';
import { visitSubTreeDFS } from './ZKUtil.ts';
import type { ZooKeeperApi } from '../client/api.ts';
import { Code, KeeperException } from '../zk/KeeperException.ts';
import { CreateModes, OPEN_ACL_UNSAFE } from '../zk/ZooDefs.ts';

export class SetQuotaCommand extends CliCommand {
  private readonly options = new Options();
  private args: string[] = [];
  private cl!: CommandLine;

  constructor(io: CommandIO) {
    super(io, 'setquota', '-n|-b|-N|-B val path');
    const og1 = quotaOptionGroup(true);
    og1.setRequired(true);
    this.options.addOptionGroup(og1);
  }

  parse(cmdArgs: string[]): CliCommand {
    this.cl = parseWith(this.options, cmdArgs);
    this.args = this.cl.getArgs();
    if (this.args.length < 2) throw new CliParseException(this.getUsageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.args[1] as string;
    if (path.startsWith(quotaZookeeper)) {
      this.err.println(`cannot set a quota under the path: ${quotaZookeeper}`);
      return false;
    }
    const quota = new StatsTrack();
    quota.setCount(-1n);
    quota.setBytes(-1n);
    quota.setCountHardLimit(-1n);
    quota.setByteHardLimit(-1n);
    if (!this.checkOptionValue(quota)) return false;

    const flagSet = anyQuotaOption(this.cl);
    if (flagSet) {
      try {
        await createQuota(this.zk, path, quota, this.out, this.err);
      } catch (ex) {
        if (ex instanceof MalformedPathException) throw ex;
        if (isIllegalArgument(ex)) throw new MalformedPathException(ex.message);
        if (ex instanceof KeeperException) throw new CliWrapperException(ex);
        throw ex;
      }
    } else {
      this.err.println(this.getUsageStr());
    }
    return false;
  }

  private checkOptionValue(quota: StatsTrack): boolean {
    const v = (o: string) => this.cl.getOptionValue(o) ?? '';
    try {
      if (this.cl.hasOption('n')) {
        const count = parseInt32(v('n'));
        if (count > 0) {
          quota.setCount(BigInt(count));
        } else {
          this.err.println('the num quota must be greater than zero');
          return false;
        }
      }
      if (this.cl.hasOption('b')) {
        const bytes = parseInt64(v('b'));
        if (bytes >= 0n) {
          quota.setBytes(bytes);
        } else {
          this.err.println('the bytes quota must be greater than or equal to zero');
          return false;
        }
      }
      if (this.cl.hasOption('N')) {
        const count = parseInt32(v('N'));
        if (count > 0) {
          quota.setCountHardLimit(BigInt(count));
        } else {
          this.err.println('the num quota must be greater than zero');
          return false;
        }
      }
      if (this.cl.hasOption('B')) {
        const bytes = parseInt64(v('B'));
        if (bytes >= 0n) {
          quota.setByteHardLimit(bytes);
        } else {
          this.err.println('the bytes quota must be greater than or equal to zero');
          return false;
        }
      }
    } catch (e) {
      if (e instanceof NumberFormatException) {
        this.err.println('NumberFormatException happens when parsing the option value');
        return false;
      }
      throw e;
    }
    return true;
  }
}

/**
 * SetQuotaCommand.createQuota: refuse when an ancestor or a descendant already has a quota, create
 * /zookeeper/quota/<path>/zookeeper_limits and zookeeper_stats (or merge into existing limits),
 * and warn on stdout when the new quota is already below the current usage.
 */
export async function createQuota(zk: ZooKeeperApi, path: string, quota: StatsTrack, out: PrintStream, err: PrintStream): Promise<boolean> {
  let initStat;
  try {
    initStat = await zk.exists(path, false);
  } catch (ex) {
    if (isIllegalArgument(ex)) throw new MalformedPathException(ex.message);
    throw ex;
  }
  if (initStat === null) throw new IllegalArgumentException(`${path} does not exist.`);

  let quotaPath = quotaZookeeper;
  await checkIfChildQuota(zk, path, err);
  await checkIfParentQuota(zk, path);

  if ((await zk.exists(quotaPath, false)) === null) {
    try {
      await zk.create(procZookeeper, null, OPEN_ACL_UNSAFE, CreateModes.PERSISTENT);
      await zk.create(quotaZookeeper, null, OPEN_ACL_UNSAFE, CreateModes.PERSISTENT);
    } catch (ne) {
      if (!(ne instanceof KeeperException && ne.code === Code.NODEEXISTS)) throw ne;
    }
  }

  const splits = javaSplit(path, '/');
  let sb = quotaPath;
  for (let i = 1; i < splits.length; i++) {
    sb += '/' + splits[i];
    quotaPath = sb;
    if ((await zk.exists(quotaPath, false)) === null) {
      try {
        await zk.create(quotaPath, null, OPEN_ACL_UNSAFE, CreateModes.PERSISTENT);
      } catch (ne) {
        if (!(ne instanceof KeeperException && ne.code === Code.NODEEXISTS)) throw ne;
      }
    }
  }
  const statPath = `${quotaPath}/${statNode}`;
  quotaPath = `${quotaPath}/${limitNode}`;

  if ((await zk.exists(quotaPath, false)) === null) {
    await zk.create(quotaPath, quota.getStatsBytes(), OPEN_ACL_UNSAFE, CreateModes.PERSISTENT);
    const stats = new StatsTrack();
    stats.setCount(0n);
    stats.setBytes(0n);
    await zk.create(statPath, stats.getStatsBytes(), OPEN_ACL_UNSAFE, CreateModes.PERSISTENT);
    const quotaStrack = StatsTrack.from((await zk.getData(quotaPath, false)).data);
    const statStrack = StatsTrack.from((await zk.getData(statPath, false)).data);
    checkQuota(quotaStrack, statStrack, out);
  } else {
    const quotaStrack = StatsTrack.from((await zk.getData(quotaPath, false)).data);
    if (quota.getCount() > -1n) quotaStrack.setCount(quota.getCount());
    if (quota.getBytes() > -1n) quotaStrack.setBytes(quota.getBytes());
    if (quota.getCountHardLimit() > -1n) quotaStrack.setCountHardLimit(quota.getCountHardLimit());
    if (quota.getByteHardLimit() > -1n) quotaStrack.setByteHardLimit(quota.getByteHardLimit());
    const statStrack = StatsTrack.from((await zk.getData(statPath, false)).data);
    checkQuota(quotaStrack, statStrack, out);
    await zk.setData(quotaPath, quotaStrack.getStatsBytes(), -1);
  }
  return true;
}

function checkQuota(q: StatsTrack, s: StatsTrack, out: PrintStream): void {
  if ((q.getCount() > -1n && q.getCount() < s.getCount()) || (q.getCountHardLimit() > -1n && q.getCountHardLimit() < s.getCount())) {
    out.println(`[Warning]: the count quota you create is less than the existing count:${s.getCount()}`);
  }
  if ((q.getBytes() > -1n && q.getBytes() < s.getBytes()) || (q.getByteHardLimit() > -1n && q.getByteHardLimit() < s.getBytes())) {
    out.println(`[Warning]: the bytes quota you create is less than the existing bytes:${s.getBytes()}`);
  }
}

/** Refuse when a node below `path` already has a quota. */
async function checkIfChildQuota(zk: ZooKeeperApi, path: string, err: PrintStream): Promise<void> {
  const realPath = quotaPathOf(path);
  try {
    await visitSubTreeDFS(zk, realPath, false, async (quotaPath) => {
      let children: string[] = [];
      try {
        children = await zk.getChildren(quotaPath, false);
      } catch (e) {
        if (e instanceof KeeperException && e.code === Code.NONODE) return;
        if (e instanceof KeeperException) {
          // Java: e.printStackTrace(), then carries on with no children.
          err.println(javaThrowableToString(e));
        } else {
          throw e;
        }
      }
      if (children.length === 0) return;
      for (const child of children) {
        if (quotaPath !== quotaZookeeper + path && limitNode === child) {
          throw new IllegalArgumentException(`${path} has a child ${trimQuotaPath(quotaPath)} which has a quota`);
        }
      }
    });
  } catch (ne) {
    if (!(ne instanceof KeeperException && ne.code === Code.NONODE)) throw ne;
  }
}

/** Refuse when an ancestor of `path` already has a quota. */
async function checkIfParentQuota(zk: ZooKeeperApi, path: string): Promise<void> {
  const splits = javaSplit(path, '/');
  let sb = quotaZookeeper;
  for (let i = 1; i < splits.length - 1; i++) {
    sb += '/' + splits[i];
    const quotaPath = sb;
    let children: string[];
    try {
      children = await zk.getChildren(quotaPath, false);
    } catch (ne) {
      if (ne instanceof KeeperException && ne.code === Code.NONODE) return;
      throw ne;
    }
    if (children.length === 0) return;
    for (const child of children) {
      if (quotaPath !== quotaPathOf(path) && limitNode === child) {
        throw new IllegalArgumentException(`${path} has a parent ${trimQuotaPath(quotaPath)} which has a quota`);
      }
    }
  }
}
