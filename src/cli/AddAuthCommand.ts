// addauth scheme auth

import { CliCommand, parseWith, type CommandIO } from './CliCommand.ts';
import { CliParseException } from './CliException.ts';
import { Options } from './commonsCli.ts';
import { utf8Encode } from './javaLang.ts';

export class AddAuthCommand extends CliCommand {
  private static readonly options = new Options();
  private args: string[] = [];

  constructor(io: CommandIO) {
    super(io, 'addauth', 'scheme auth');
  }

  parse(cmdArgs: string[]): CliCommand {
    const cl = parseWith(AddAuthCommand.options, cmdArgs);
    this.args = cl.getArgs();
    if (this.args.length < 2) throw new CliParseException(this.getUsageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    // `addauth digest` sends null auth data, which the server refuses (AuthFailed); an empty string
    // would be accepted.
    const b = this.args.length >= 3 ? utf8Encode(this.args[2] as string) : null;
    this.zk.addAuthInfo(this.args[1] as string, b);
    return false;
  }
}
