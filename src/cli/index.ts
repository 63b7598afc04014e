// zkCli, re-implemented: the interpreter and what hosts need to drive it.

export { ZooKeeperMain, watchedEventToString, NumberFormatException } from './ZooKeeperMain.ts';
export type { CliHost, CliOutput, ZooKeeperMainOptions } from './ZooKeeperMain.ts';
export { tokenize } from './tokenize.ts';
export { formatStat } from './StatPrinter.ts';
export { FULL_VERSION } from './VersionCommand.ts';
