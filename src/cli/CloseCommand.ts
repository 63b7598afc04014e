// close

import { CliCommand, type CommandIO } from './CliCommand.ts';
import { CliWrapperException } from './CliException.ts';

export class CloseCommand extends CliCommand {
  constructor(io: CommandIO) {
    super(io, 'close', '');
  }

  parse(_cmdArgs: string[]): CliCommand {
    return this;
  }

  async exec(): Promise<boolean> {
    try {
      await this.zk.close();
    } catch (ex) {
      throw new CliWrapperException(ex);
    }
    return false;
  }
}
