// version

import { CliCommand, parseWith, type CommandIO } from './CliCommand.ts';
import { CliParseException } from './CliException.ts';
import { Options } from './commonsCli.ts';

/** Version.getFullVersion() of Debian's 3.8.0 build (the git id placeholder was never filled in). */
export const FULL_VERSION = '3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC';

export class VersionCommand extends CliCommand {
  private static readonly options = new Options();

  constructor(io: CommandIO) {
    super(io, 'version', '');
  }

  parse(cmdArgs: string[]): CliCommand {
    const args = parseWith(VersionCommand.options, cmdArgs).getArgs();
    if (args.length > 1) throw new CliParseException(this.getUsageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    this.out.println(`ZooKeeper CLI version: ${FULL_VERSION}`);
    return false;
  }
}
