// org.apache.zookeeper.cli.CommandFactory: one instance of every zkCli command.

import { AddAuthCommand } from './AddAuthCommand.ts';
import { AddWatchCommand } from './AddWatchCommand.ts';
import type { CliCommand, CommandIO } from './CliCommand.ts';
import { CloseCommand } from './CloseCommand.ts';
import { CreateCommand } from './CreateCommand.ts';
import { DelQuotaCommand } from './DelQuotaCommand.ts';
import { DeleteAllCommand } from './DeleteAllCommand.ts';
import { DeleteCommand } from './DeleteCommand.ts';
import { GetAclCommand } from './GetAclCommand.ts';
import { GetAllChildrenNumberCommand } from './GetAllChildrenNumberCommand.ts';
import { GetCommand } from './GetCommand.ts';
import { GetConfigCommand } from './GetConfigCommand.ts';
import { GetEphemeralsCommand } from './GetEphemeralsCommand.ts';
import { ListQuotaCommand } from './ListQuotaCommand.ts';
import { LsCommand } from './LsCommand.ts';
import { ReconfigCommand } from './ReconfigCommand.ts';
import { RemoveWatchesCommand } from './RemoveWatchesCommand.ts';
import { SetAclCommand } from './SetAclCommand.ts';
import { SetCommand } from './SetCommand.ts';
import { SetQuotaCommand } from './SetQuotaCommand.ts';
import { StatCommand } from './StatCommand.ts';
import { SyncCommand } from './SyncCommand.ts';
import { VersionCommand } from './VersionCommand.ts';
import { WhoAmICommand } from './WhoAmICommand.ts';

/** The commands in CommandFactory.Command's order. */
export function createCommands(io: CommandIO): CliCommand[] {
  return [
    new CloseCommand(io),
    new CreateCommand(io),
    new DeleteCommand(io),
    new DeleteAllCommand(io),
    new SetCommand(io),
    new GetCommand(io),
    new LsCommand(io),
    new GetAclCommand(io),
    new SetAclCommand(io),
    new StatCommand(io),
    new SyncCommand(io),
    new SetQuotaCommand(io),
    new ListQuotaCommand(io),
    new DelQuotaCommand(io),
    new AddAuthCommand(io),
    new ReconfigCommand(io),
    new GetConfigCommand(io),
    new RemoveWatchesCommand(io),
    new GetEphemeralsCommand(io),
    new GetAllChildrenNumberCommand(io),
    new VersionCommand(io),
    new AddWatchCommand(io),
    new WhoAmICommand(io),
  ];
}
