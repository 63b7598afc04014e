// What setquota, delquota and listquota share: the -n|-b|-N|-B option group, and how a failure
// about the quota nodes is reported (a missing quota is a line on stderr, not an exception).

import { CliWrapperException, MalformedPathException } from './CliException.ts';
import { Option, OptionGroup, type CommandLine } from './commonsCli.ts';
import { isIllegalArgument } from './javaLang.ts';
import type { PrintStream } from './PrintStream.ts';
import { Code, KeeperException } from '../zk/KeeperException.ts';

/** The four quota options; setquota takes a value with each, delquota none. */
export function quotaOptionGroup(withValues: boolean): OptionGroup {
  const og = new OptionGroup();
  og.addOption(new Option('n', withValues, 'num soft quota'));
  og.addOption(new Option('b', withValues, 'bytes soft quota'));
  og.addOption(new Option('N', withValues, 'num hard quota'));
  og.addOption(new Option('B', withValues, 'bytes hard quota'));
  return og;
}

export function anyQuotaOption(cl: CommandLine): boolean {
  return cl.hasOption('n') || cl.hasOption('N') || cl.hasOption('b') || cl.hasOption('B');
}

/** The catch blocks of DelQuotaCommand and ListQuotaCommand: NoNode is "quota ... does not exist.". */
export function reportQuotaFailure(ex: unknown, path: string, err: PrintStream): void {
  if (ex instanceof MalformedPathException) throw ex;
  if (isIllegalArgument(ex)) throw new MalformedPathException(ex.message);
  if (ex instanceof KeeperException && ex.code === Code.NONODE) err.println(`quota for ${path} does not exist.`);
  else if (ex instanceof KeeperException) throw new CliWrapperException(ex);
  else throw ex;
}
