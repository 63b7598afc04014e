// whoami

import { CliCommand, type CommandIO } from './CliCommand.ts';
import { CliWrapperException } from './CliException.ts';

export class WhoAmICommand extends CliCommand {
  constructor(io: CommandIO) {
    super(io, 'whoami', '');
  }

  parse(_cmdArgs: string[]): CliCommand {
    return this;
  }

  async exec(): Promise<boolean> {
    try {
      const infos = await this.zk.whoAmI();
      this.out.println('Auth scheme: User');
      for (const ci of infos) this.out.println(`${ci.authScheme}: ${ci.user}`);
    } catch (ex) {
      throw new CliWrapperException(ex);
    }
    return false;
  }
}
