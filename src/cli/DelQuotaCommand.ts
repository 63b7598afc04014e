// delquota [-n|-b|-N|-B] path

import { CliCommand, parseWith, type CommandIO } from './CliCommand.ts';
import { anyQuotaOption, quotaOptionGroup, reportQuotaFailure } from './quotaOptions.ts';
import { CliParseException, MalformedPathException } from './CliException.ts';
import { Options, type CommandLine } from './commonsCli.ts';
import { isIllegalArgument } from './javaLang.ts';
import { limitPath, quotaPath, quotaZookeeper, StatsTrack } from './Quotas.ts';
import type { ZooKeeperApi } from '../client/api.ts';
import type { PrintStream } from './PrintStream.ts';

export class DelQuotaCommand extends CliCommand {
  private readonly options = new Options();
  private args: string[] = [];
  private cl!: CommandLine;

  constructor(io: CommandIO) {
    super(io, 'delquota', '[-n|-b|-N|-B] path');
    this.options.addOptionGroup(quotaOptionGroup(false));
  }

  parse(cmdArgs: string[]): CliCommand {
    this.cl = parseWith(this.options, cmdArgs);
    this.args = this.cl.getArgs();
    if (this.args.length < 2) throw new CliParseException(this.getUsageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.args[1] as string;
    // Which quotas to delete, flagged by setting them to 1.
    const quota = new StatsTrack();
    if (this.cl.hasOption('n')) quota.setCount(1n);
    if (this.cl.hasOption('b')) quota.setBytes(1n);
    if (this.cl.hasOption('N')) quota.setCountHardLimit(1n);
    if (this.cl.hasOption('B')) quota.setByteHardLimit(1n);
    try {
      await delQuota(this.zk, path, anyQuotaOption(this.cl) ? quota : null, this.out);
    } catch (ex) {
      reportQuotaFailure(ex, path, this.err);
    }
    return false;
  }
}

/** DelQuotaCommand.delQuota: remove the given quotas (null: the whole quota node and empty parents). */
export async function delQuota(zk: ZooKeeperApi, path: string, quota: StatsTrack | null, out: PrintStream): Promise<boolean> {
  const parentPath = quotaPath(path);
  const qPath = limitPath(path);
  if ((await zk.exists(qPath, false)) === null) {
    out.println(`Quota does not exist for ${path}`);
    return true;
  }
  let data: Uint8Array | null;
  try {
    data = (await zk.getData(qPath, false)).data;
  } catch (ex) {
    if (isIllegalArgument(ex)) throw new MalformedPathException(ex.message);
    throw ex;
  }
  const strack = StatsTrack.from(data);
  if (quota === null) {
    const children = await zk.getChildren(parentPath, false);
    for (const child of children) await zk.delete(`${parentPath}/${child}`, -1);
    await trimProcQuotas(zk, parentPath);
  } else {
    if (quota.getCount() > 0n) strack.setCount(-1n);
    if (quota.getBytes() > 0n) strack.setBytes(-1n);
    if (quota.getCountHardLimit() > 0n) strack.setCountHardLimit(-1n);
    if (quota.getByteHardLimit() > 0n) strack.setByteHardLimit(-1n);
    await zk.setData(qPath, strack.getStatsBytes(), -1);
  }
  return true;
}

/** Delete now-empty quota nodes upwards, stopping at /zookeeper/quota. */
async function trimProcQuotas(zk: ZooKeeperApi, path: string): Promise<boolean> {
  if (path === quotaZookeeper) return true;
  const children = await zk.getChildren(path, false);
  if (children.length === 0) {
    await zk.delete(path, -1);
    return trimProcQuotas(zk, path.substring(0, path.lastIndexOf('/')));
  }
  return true;
}
