// The core's in-memory view of the txn log files (ZKDatabase over TxnLogFiles) against the
// persistence code on a data directory fed the same storage effects: the same files, the same
// records in each, the same TRUNC outcome (FileTxnLog.truncate), the same proposals for a learner
// (getProposalsFromTxnLog), the same purge — in every case, including no log file, a target before
// the first record, equal to a record, absent from the log, beyond it, and read errors.

import { describe, expect, it } from 'vitest';
import { seededRng } from '../Rng.ts';
import type { Txn } from '../txn.ts';
import { ZKDatabase } from '../ZKDatabase.ts';
import { MemoryDataDir } from './DataDir.ts';
import { FILE_HEADER_SIZE, getLastLoggedZxid, getLogFiles, readLogFile, txnRecordBytes } from './FileTxnLog.ts';
import { FileTxnSnapLog, RestoreError, getProposalsFromTxnLog, readLogFiles, restore, truncateLog } from './FileTxnSnapLog.ts';
import { OPEN_ACL_UNSAFE, OpCode } from '../ZooDefs.ts';
import { snapshot, txn } from './fixtures/sample.ts';
import { paddedLogLength, TxnLogFiles } from './TxnLogFiles.ts';

const E = 2 ** 32;

/** A create of /n<hex zxid> (its parent cversion kept a Java int). */
function create(zxid: number, path: string): Txn {
  return txn(zxid, OpCode.create, { kind: 'create', path, data: new TextEncoder().encode('d'), acl: OPEN_ACL_UNSAFE, ephemeral: false, parentCVersion: zxid % E }, { digest: 1000 });
}
const zx = (ts: readonly Txn[]): number[] => ts.map((t) => t.hdr.zxid);

/** A server's storage and the core's database, fed the same effects. */
class Pair {
  dir = new MemoryDataDir();
  disk = new FileTxnSnapLog(this.dir);
  db = new ZKDatabase(false);
  /** What happened, for failure messages. */
  readonly trace: string[] = [];

  constructor() {
    this.snap(0);
  }

  append(zxid: number): void {
    this.trace.push(`+${zxid.toString(16)}`);
    const t = create(zxid, `/n${zxid.toString(16)}`);
    this.disk.apply({ kind: 'append', txn: t });
    this.db.noteLogged(t);
  }

  roll(): void {
    this.trace.push('roll');
    this.disk.apply({ kind: 'rollLog' });
    this.db.noteRollLog();
  }

  snap(zxid: number): void {
    this.trace.push(`snap${zxid.toString(16)}`);
    const s = snapshot(zxid);
    this.disk.apply({ kind: 'snapshot', snapshot: s });
    this.db.noteSnapshot(s);
  }

  truncate(zxid: number): [boolean, boolean] {
    this.trace.push(`trunc${zxid.toString(16)}`);
    // The learner emits the storage effect only when its database could truncate (it exits
    // otherwise): the directory's verdict is taken on a copy.
    const disk = truncateLog(this.dir.clone(), zxid);
    const core = this.db.truncateLog(zxid);
    if (core) expect(this.disk.truncateLog(zxid)).toBe(true);
    return [disk, core];
  }

  /** A restart: everything synced, a new writer, the database from what the restore reads. */
  restart(): void {
    this.trace.push('restart');
    this.disk.commit();
    this.disk = new FileTxnSnapLog(this.dir);
    const image = this.disk.restore();
    if (image instanceof RestoreError) throw image;
    this.db = new ZKDatabase(false);
    this.db.load(image);
  }

  /** The core and the directory agree on every file and record. */
  check(): void {
    const names = getLogFiles(this.dir.list(), 0);
    const why = this.trace.slice(-12).join(' ');
    expect(this.db.logFileNames, why).toEqual(names);
    expect(zx(this.db.loggedTxns), why).toEqual(names.flatMap((n) => zx(readLogFile(this.dir, n).txns)));
    const last = getLastLoggedZxid(this.dir);
    if (names.length > 0) expect(this.db.lastLoggedZxid, why).toBe(last);
  }

  /** getProposalsFromTxnLog from memory and from the directory, no size limit and a tight one. */
  checkRead(start: number): void {
    const len = (n: string): number => this.dir.read(n)!.length;
    for (const limit of [0, 1, 200, 400, -1]) {
      const core = this.db.proposalsFromTxnLog(start, limit, 0);
      const disk = getProposalsFromTxnLog(this.dir, start, limit, len);
      expect(core === null ? null : zx(core.txns), `start 0x${start.toString(16)} limit ${limit}`).toEqual(disk === null ? null : zx(disk.txns));
      if (core !== null && limit > 0) expect(core.storageSize).toBe(disk!.storageSize);
    }
  }
}

describe('TRUNC: ZKDatabase.truncateLog leaves in memory what FileTxnLog.truncate leaves on disk', () => {
  /** log.1: 1..3; log.100000001: e1 1..2 (rolled between). */
  function twoFiles(): Pair {
    const p = new Pair();
    for (const z of [1, 2, 3]) p.append(E + z);
    p.roll();
    for (const z of [1, 2]) p.append(2 * E + z);
    p.check();
    return p;
  }

  it('no log file: both fail (No log files found to truncate!) and nothing changes', () => {
    const p = new Pair();
    expect(p.truncate(E + 1)).toEqual([false, false]);
    p.check();
  });

  it('a target equal to a record keeps it and cuts what follows, later files included', () => {
    const p = twoFiles();
    expect(p.truncate(E + 2)).toEqual([true, true]);
    p.check();
    expect(zx(p.db.loggedTxns)).toEqual([E + 1, E + 2]);
  });

  it('a target absent from the log keeps the first record after it (in the next file here)', () => {
    const p = twoFiles();
    expect(p.truncate(E + 4)).toEqual([true, true]);
    p.check();
    expect(zx(p.db.loggedTxns)).toEqual([E + 1, E + 2, E + 3, 2 * E + 1]);
  });

  it('a target before the first record keeps the first record', () => {
    const p = twoFiles();
    expect(p.truncate(5)).toEqual([true, true]);
    p.check();
    expect(zx(p.db.loggedTxns)).toEqual([E + 1]);
  });

  it('a target beyond the last record: both fail, nothing changes', () => {
    const p = twoFiles();
    expect(p.truncate(3 * E)).toEqual([false, false]);
    p.check();
    expect(zx(p.db.loggedTxns)).toEqual([E + 1, E + 2, E + 3, 2 * E + 1, 2 * E + 2]);
  });

  it('the reload replays what is left of the log over the newest snapshot, and the next append starts a file', () => {
    const p = twoFiles();
    expect(p.truncate(E + 4)).toEqual([true, true]);
    expect(p.db.lastProcessedZxid).toBe(2 * E + 1);
    expect(p.db.tree.getNode('/n200000001')).toBeDefined();
    expect(p.db.tree.getNode('/n200000002')).toBeUndefined();
    expect(p.db.committedLog.map((t) => t.hdr.zxid)).toEqual([E + 1, E + 2, E + 3, 2 * E + 1]);
    p.append(2 * E + 5);
    p.check();
    expect(p.db.logFileNames).toEqual(['log.100000001', 'log.200000001', 'log.200000005']);
  });

  it('a file truncated to its first record, logged again under the same name, is replaced', () => {
    const p = twoFiles();
    expect(p.truncate(E + 4)).toEqual([true, true]);
    p.append(2 * E + 1);
    p.append(2 * E + 2);
    p.check();
    expect(zx(p.db.loggedTxns)).toEqual([E + 1, E + 2, E + 3, 2 * E + 1, 2 * E + 2]);
  });

  it('read errors: a corrupt record before the target fails both; one after it is cut away', () => {
    for (const [corrupt, target, ok] of [
      [E + 2, E + 3, false],
      [E + 3, E + 2, true],
    ] as const) {
      const p = twoFiles();
      p.restart();
      expect(p.dir.corruptRecord(corrupt)).toBe(true);
      p.db.load(readImage(p.dir));
      p.check();
      expect(p.truncate(target)).toEqual([ok, ok]);
      p.check();
    }
  });

  it('agree over random histories of appends, rolls, snapshots, TRUNCs, restarts and torn records', () => {
    for (let seed = 1; seed <= 15; seed++) {
      const rng = seededRng(seed);
      const p = new Pair();
      let epoch = 1;
      let counter = 0;
      for (let step = 0; step < 100; step++) {
        const r = rng.next();
        const zxidNow = (): number => epoch * E + counter;
        if (r < 0.55) {
          counter++;
          p.append(zxidNow());
        } else if (r < 0.63) p.roll();
        else if (r < 0.68) {
          epoch++;
          counter = 0;
        } else if (r < 0.73) p.snap(Math.max(0, rng.next() < 0.5 ? p.db.lastProcessedZxid : p.db.lastLoggedZxid));
        else if (r < 0.83) {
          const all = zx(p.db.loggedTxns);
          const pickFrom = [...all, ...all.map((z) => z + 1), ...all.map((z) => z - 1), 0, zxidNow() + 7];
          const target = pickFrom[Math.floor(rng.next() * pickFrom.length)]!;
          const [disk, core] = p.truncate(target);
          expect(core, `seed ${seed} step ${step}: truncate 0x${target.toString(16)}`).toBe(disk);
          if (core && rng.next() < 0.5) counter = Math.max(0, (target % E) - 1); // the leader's DIFF goes on from the cut
        } else if (r < 0.9) p.restart();
        else if (r < 0.93) {
          p.trace.push('tear');
          p.disk.commit();
          p.dir.tearLastRecord({ zeroFill: rng.next() < 0.5 });
          p.db.load(readImage(p.dir));
          p.disk = new FileTxnSnapLog(p.dir);
        } else {
          const all = zx(p.db.loggedTxns);
          const starts = [...all, ...all.map((z) => z + 1), 0];
          p.checkRead(starts[Math.floor(rng.next() * starts.length)]!);
        }
        if (r >= 0.55 || step % 10 === 0) p.check();
      }
    }
  });
});

/** The image a restart would read, even where the restore itself would refuse to start. */
function readImage(dir: MemoryDataDir) {
  const r = restore(dir);
  const txnLogs = readLogFiles(dir);
  if (!(r instanceof RestoreError)) return r;
  return { snapshot: null, txns: txnLogs.flatMap((f) => f.txns), txnLogs, acceptedEpoch: -1, currentEpoch: -1 };
}

describe('getProposalsFromTxnLog: the txn log files a leader reads for a learner', () => {
  /** log.100000001: e1 1..5, rolled; log.100000006: e1 6..8. */
  function leader(): Pair {
    const p = new Pair();
    for (let z = 1; z <= 5; z++) p.append(E + z);
    p.roll();
    for (let z = 6; z <= 8; z++) p.append(E + z);
    return p;
  }

  it('starts at the first record of the file holding the zxid; the size counts only the files after it', () => {
    const p = leader();
    const r = p.db.proposalsFromTxnLog(E + 3, 1_000_000, 0)!;
    expect(zx(r.txns)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((z) => E + z));
    expect(r.storageSize).toBe(p.dir.read('log.100000006')!.length);
    // The zxid in the newest file: nothing after it, so no size at all (any limit is met).
    const last = p.db.proposalsFromTxnLog(E + 7, 1, 0)!;
    expect(zx(last.txns)).toEqual([6, 7, 8].map((z) => E + z));
    expect(last.storageSize).toBe(0);
    for (const z of [E + 3, E + 7, E + 6, E + 9]) p.checkRead(z);
  });

  it('is empty when the log starts after the zxid, when the later files exceed the limit, or when disabled', () => {
    const p = leader();
    expect(p.db.proposalsFromTxnLog(E, 0, 0)).toBeNull();
    expect(p.db.proposalsFromTxnLog(E + 3, 10, 0)).toBeNull();
    expect(p.db.proposalsFromTxnLog(E + 3, -1, 0)).toBeNull();
    expect(p.db.proposalsFromTxnLog(E + 3, 0, 0)).not.toBeNull();
    for (const z of [0, E, E + 1]) p.checkRead(z);
  });

  it("with 3.8.0's 64 MB preallocation any later file exceeds a third of a small snapshot", () => {
    const p = leader();
    const limit = p.db.calculateTxnLogSizeLimit(0.33);
    expect(limit).toBe(Math.trunc(p.dir.read('snapshot.0')!.length * 0.33));
    expect(p.db.proposalsFromTxnLog(E + 3, limit)).toBeNull();
    expect(p.db.proposalsFromTxnLog(E + 7, limit)).not.toBeNull();
    expect(p.db.proposalsFromTxnLog(E + 3, 64 * 1024 * 1024 + FILE_HEADER_SIZE)).not.toBeNull();
  });

  it('survives a restart: the image carries every log file, the ones before the snapshot too', () => {
    const p = leader();
    p.snap(E + 8);
    p.restart();
    p.check();
    expect(p.db.logFileNames).toEqual(['log.100000001', 'log.100000006']);
    expect(zx(p.db.proposalsFromTxnLog(E + 2, 0, 0)!.txns)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((z) => E + z));
    // ZKDatabase.load still applies only the txns after the snapshot (none here).
    expect(p.db.committedLog).toEqual([]);
  });
});

describe('paddedLogLength: File.length() of a preallocated log file', () => {
  it('is the header plus one 64 MB block until the records come within 4 KB of its end', () => {
    const P = 64 * 1024 * 1024;
    expect(paddedLogLength(16)).toBe(16 + P);
    expect(paddedLogLength(5000)).toBe(16 + P);
    expect(paddedLogLength(P - 4096 + 15)).toBe(16 + P);
    expect(paddedLogLength(P - 4096 + 16)).toBe(16 + 2 * P);
    expect(paddedLogLength(5000, 4096)).toBe(16 + 3 * 4096);
    expect(paddedLogLength(5000, 0)).toBe(5000);
  });

  it('truncated files have their exact length', () => {
    const files = new TxnLogFiles();
    for (let z = 1; z <= 4; z++) files.append(create(z, `/n${z}`));
    files.roll();
    files.append(create(5, '/n5'));
    files.roll();
    files.append(create(6, '/n6'));
    expect(files.truncate(5)).toBe(true);
    const r = files.read(1, 1_000_000_000)!;
    expect(r.storageSize).toBe(FILE_HEADER_SIZE + txnRecordBytes(create(5, '/n5')).length);
  });
});
