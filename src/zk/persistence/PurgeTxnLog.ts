// org.apache.zookeeper.server.PurgeTxnLog: keep the newest `retain` valid snapshots and the logs
// they need (getLogFiles of the oldest one kept); delete older snapshots and logs.

import type { DataDir } from './DataDir.ts';
import { getLogFiles } from './FileTxnLog.ts';
import { findNValidSnapshots } from './FileSnap.ts';
import { LOG_FILE_PREFIX, SNAPSHOT_FILE_PREFIX, getZxidFromName } from './Util.ts';

export const DEFAULT_SNAP_RETAIN_COUNT = 3;

/** Returns the names deleted. retain must be at least 3, as PurgeTxnLog insists. */
export function purge(dir: DataDir, retain = DEFAULT_SNAP_RETAIN_COUNT): string[] {
  if (retain < 3) throw new RangeError('snapRetainCount must be at least 3');
  const snaps = findNValidSnapshots(dir, retain);
  const oldest = snaps[snaps.length - 1];
  if (oldest === undefined) return [];
  const leastZxidToBeRetain = getZxidFromName(oldest, SNAPSHOT_FILE_PREFIX);
  const retainedTxnLogs = new Set(getLogFiles(dir.list(), leastZxidToBeRetain));
  const doomed = (name: string, prefix: string): boolean =>
    name.startsWith(prefix + '.') && !retainedTxnLogs.has(name) && getZxidFromName(name, prefix) < leastZxidToBeRetain;
  const deleted = dir.list().filter((n) => doomed(n, LOG_FILE_PREFIX) || doomed(n, SNAPSHOT_FILE_PREFIX));
  for (const n of deleted) dir.delete(n);
  return deleted;
}
