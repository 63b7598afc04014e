// Durable storage of a ZooKeeper server, byte-compatible with ZooKeeper 3.8.0's data directory.
//
// For a host (simulation, worker):
//   const dir = new MemoryDataDir();                 // or another DataDir
//   const storage = new FileTxnSnapLog(dir);         // one per server incarnation
//   const image = storage.restore({ extendedTypesEnabled });
//   if (image instanceof RestoreError) -> the server refuses to start (image.code, image.message)
//   else server.handle({ kind: 'start', image })
//   for each effect: storage.apply(effect)           // append, rollLog, sync (durable at once), snapshot
//     or, for a sync with latency: const m = storage.beginSync(); ...later storage.commit(m); then 'synced'
//   kill: dir.crash(); restart: new FileTxnSnapLog(dir)
//   faults: dir.tearLastRecord(), dir.corruptRecord(zxid), dir.loseNewestSnapshot(), dir.wipe()
//   TRUNC sync: storage.truncateLog(zxid); epochs: writeEpochFile(dir, 'currentEpoch', e)
//   the core's view of the log files (ZKDatabase): TxnLogFiles, from restore's txnLogs

export { MemoryDataDir, type CrashOptions, type DataDir, type FileInfo, type SyncMark } from './DataDir.ts';
export { EOFError, IOError, type IOErrorCode } from './errors.ts';
export { deserializeSnapshot, serializeSnapshot, treeDigestOf, zxidDigestOf, type SnapshotFile, type ZxidDigest } from './FileSnap.ts';
export { FileTxnIterator, getLastLoggedZxid, getLogFiles, readLogFile, txnRecordBytes } from './FileTxnLog.ts';
export {
  FileTxnSnapLog,
  RestoreError,
  applyEffect,
  getProposalsFromTxnLog,
  readEpochFile,
  readLogFiles,
  restore,
  truncateLog,
  writeEpochFile,
  type EpochFile,
  type RestoreErrorCode,
  type RestoreOptions,
  type RestoreWarning,
  type Restored,
  type StorageEffect,
} from './FileTxnSnapLog.ts';
export { purge } from './PurgeTxnLog.ts';
export { DEFAULT_PREALLOC_SIZE, TxnLogFiles, paddedLogLength, type LogFileImage, type TxnLogRead } from './TxnLogFiles.ts';
export { deserializeTxn, serializeTxn } from './SerializeUtils.ts';
export { dumpTxnLog, formatTxn } from './TxnLogToolkit.ts';
export { makeLogName, makeSnapshotName } from './Util.ts';
