// listquota path

import { CliCommand, parseWith, type CommandIO } from './CliCommand.ts';
import { reportQuotaFailure } from './quotaOptions.ts';
import { CliParseException } from './CliException.ts';
import { Options } from './commonsCli.ts';
import { limitPath, statPath, StatsTrack } from './Quotas.ts';
import type { ZooKeeperApi } from '../client/api.ts';

export class ListQuotaCommand extends CliCommand {
  private static readonly options = new Options();
  private args: string[] = [];

  constructor(io: CommandIO) {
    super(io, 'listquota', 'path');
  }

  parse(cmdArgs: string[]): CliCommand {
    this.args = parseWith(ListQuotaCommand.options, cmdArgs).getArgs();
    if (this.args.length < 2) throw new CliParseException(this.getUsageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.args[1] as string;
    try {
      this.err.println(`absolute path is ${limitPath(path)}`);
      const statsTracks = await listQuota(this.zk, path);
      statsTracks.forEach((st, i) => {
        this.out.println(`${i === 0 ? 'Output quota for' : 'Output stat for'} ${path} ${st.toString()}`);
      });
    } catch (ex) {
      reportQuotaFailure(ex, path, this.err);
    }
    return false;
  }
}

/** The quota (limits node) then the usage (stats node) of a path. */
export async function listQuota(zk: ZooKeeperApi, path: string): Promise<StatsTrack[]> {
  const result: StatsTrack[] = [];
  result.push(StatsTrack.from((await zk.getData(limitPath(path), false)).data));
  result.push(StatsTrack.from((await zk.getData(statPath(path), false)).data));
  return result;
}
