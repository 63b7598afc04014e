import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OpCode } from '../ZooDefs.ts';
import { adler32 } from './Adler32.ts';
import { MemoryDataDir } from './DataDir.ts';
import { serializeSnapshot } from './FileSnap.ts';
import { getLogFiles } from './FileTxnLog.ts';
import { FileTxnSnapLog, RestoreError, restore, type Restored, truncateLog, writeEpochFile } from './FileTxnSnapLog.ts';
import { BinaryOutputArchive } from './jute.ts';
import { create, creates, richSnapshot, snapshot, txn } from './fixtures/sample.ts';

function ok(r: Restored | RestoreError): Restored {
  if (r instanceof RestoreError) throw r;
  return r;
}
const zxids = (r: Restored): number[] => r.txns.map((t) => t.hdr.zxid);
const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/** A server's life: snapshot.0, then txns 1..n, rolling and snapshotting every `every` txns. */
function run(n: number, every = 10, dir = new MemoryDataDir()): { dir: MemoryDataDir; log: FileTxnSnapLog } {
  const log = new FileTxnSnapLog(dir);
  log.apply({ kind: 'snapshot', snapshot: snapshot(0) });
  for (const t of creates(1, n)) {
    log.apply({ kind: 'append', txn: t });
    if (t.hdr.zxid % every === 0) {
      log.apply({ kind: 'rollLog' });
      log.apply({ kind: 'sync', token: t.hdr.zxid });
      log.apply({ kind: 'snapshot', snapshot: snapshot(t.hdr.zxid) });
    }
  }
  log.apply({ kind: 'sync', token: -1 });
  return { dir, log };
}

describe('FileTxnSnapLog: writing', () => {
  it('names logs after their first zxid, rolls on rollLog, and restores everything synced', () => {
    const { dir } = run(25);
    expect(dir.list().filter((n) => n.startsWith('log.'))).toEqual(['log.1', 'log.15', 'log.b']);
    const r = ok(restore(dir));
    expect(r.snapshot?.zxid).toBe(20);
    expect(zxids(r)).toEqual(range(21, 25));
    // getLogFiles: the log starting at or before the snapshot (log.b holds 11..20), then later ones.
    expect(r.logFiles).toEqual(['log.b', 'log.15']);
    expect(r.lastZxid).toBe(25);
    expect(r.warnings).toEqual([]);
  });

  it('a restarted server (new FileTxnSnapLog) starts a new log file with its first append', () => {
    const { dir } = run(5);
    const log = new FileTxnSnapLog(dir);
    ok(log.restore());
    log.apply({ kind: 'append', txn: create(6, '/after') });
    log.apply({ kind: 'sync', token: 1 });
    expect(log.currentLogFile).toBe('log.6');
    expect(zxids(ok(restore(dir)))).toEqual(range(1, 6));
  });

  it('restores the sessions and the tree of the newest snapshot', () => {
    const dir = new MemoryDataDir();
    const log = new FileTxnSnapLog(dir);
    const snap = richSnapshot(0x1e);
    log.save(snap, true);
    const r = ok(restore(dir));
    expect(r.snapshot?.nodes).toEqual(snap.nodes);
    expect(new Map(r.snapshot?.sessions)).toEqual(new Map(snap.sessions));
    expect(r.snapshotFile).toBe('snapshot.1e');
  });
});

describe('FileTxnSnapLog: durability and faults', () => {
  it('loses unsynced appends on crash', () => {
    const { dir, log } = run(12);
    log.apply({ kind: 'append', txn: create(13, '/x') });
    log.apply({ kind: 'append', txn: create(14, '/y') });
    dir.crash();
    expect(zxids(ok(restore(dir)))).toEqual(range(11, 12));
  });

  it('makes durable exactly what was appended before a sync was issued', () => {
    const { dir, log } = run(12);
    log.apply({ kind: 'append', txn: create(13, '/x') });
    const mark = log.beginSync();
    log.apply({ kind: 'append', txn: create(14, '/y') });
    log.commit(mark); // the fsync completes
    dir.crash();
    expect(zxids(ok(restore(dir)))).toEqual(range(11, 13));
  });

  it('drops a log file created but never synced; kept empty it stops startup (ZOOKEEPER-2332)', () => {
    const a = run(10).dir; // the last sync was right after the roll: the next append opens log.b
    const la = new FileTxnSnapLog(a);
    la.apply({ kind: 'append', txn: create(11, '/x') });
    const b = a.clone();
    a.crash();
    expect(a.list()).not.toContain('log.b');
    expect(ok(restore(a)).lastZxid).toBe(10);
    b.crash({ keepUnsyncedFilesEmpty: true });
    expect(b.read('log.b')).toEqual(new Uint8Array(0));
    const r = restore(b);
    expect(r).toBeInstanceOf(RestoreError);
    expect((r as RestoreError).code).toBe('txnLog');
    expect((r as RestoreError).ioError?.code).toBe('eof');
  });

  it('an unsynced snapshot is lost on crash and the older one is used', () => {
    const { dir, log } = run(12);
    log.apply({ kind: 'snapshot', snapshot: snapshot(12) });
    dir.crash();
    const r = ok(restore(dir));
    expect(r.snapshot?.zxid).toBe(10);
    expect(zxids(r)).toEqual([11, 12]);
  });

  it('torn last record: everything before it is recovered, the rest read as the end of the log', () => {
    for (const zeroFill of [false, true]) {
      const { dir } = run(15);
      expect(dir.tearLastRecord({ zeroFill })).toBe(15);
      const r = ok(restore(dir));
      expect(zxids(r)).toEqual(range(11, 14));
      expect(r.warnings).toContainEqual({ kind: 'logEndedEarly', file: 'log.b', offset: expect.any(Number) });
    }
  });

  it('a torn record in an older log file is skipped over silently: ZooKeeper goes on with the next file', () => {
    // Snapshot at 10 lost, so log.1 is replayed from snapshot 0... make log.1 the torn one.
    const { dir } = run(25);
    dir.delete('snapshot.14');
    dir.delete('snapshot.a');
    const bytes = dir.read('log.1')!;
    dir.truncate('log.1', bytes.length - 30); // tear zxid 10, the last record of log.1
    const r = ok(restore(dir));
    expect(r.snapshot?.zxid).toBe(0);
    expect(zxids(r)).toEqual([...range(1, 9), ...range(11, 25)]);
    expect(r.warnings).toContainEqual({ kind: 'gap', after: 9, next: 11 });
  });

  it('a corrupted record fails its checksum and ZooKeeper refuses to start, in the middle or at the end', () => {
    for (const z of [13, 15]) {
      const { dir } = run(15);
      expect(dir.corruptRecord(z)).toBe(true);
      const r = restore(dir);
      expect(r).toBeInstanceOf(RestoreError);
      expect((r as RestoreError).code).toBe('txnLog');
      expect((r as RestoreError).ioError?.code).toBe('crc');
      expect((r as RestoreError).file).toBe('log.b');
    }
  });

  it('a corrupted record before the snapshot still stops startup if its file is read', () => {
    const { dir } = run(15, 10);
    // snapshot.f: log.b holds 11..15 and must be read from its start (FileTxnIterator fast-forwards).
    new FileTxnSnapLog(dir).save(snapshot(13), true);
    dir.corruptRecord(12);
    expect(restore(dir)).toBeInstanceOf(RestoreError);
    // ... but not if it lies in a log file the restore does not open.
    const other = run(25).dir;
    other.corruptRecord(3); // in log.1, while the newest snapshot (20) needs log.15 only
    expect(zxids(ok(restore(other)))).toEqual(range(21, 25));
  });

  it('a lost newest snapshot falls back to the older one plus more log', () => {
    const { dir } = run(25);
    expect(dir.loseNewestSnapshot()).toBe('snapshot.14');
    const r = ok(restore(dir));
    expect(r.snapshot?.zxid).toBe(10);
    expect(zxids(r)).toEqual(range(11, 25));
  });

  it('no snapshot left while logs exist: refuses to start unless trustEmptySnapshot', () => {
    const { dir } = run(5);
    dir.loseNewestSnapshot();
    const r = restore(dir);
    expect((r as RestoreError).code).toBe('noSnapshotButLogs');
    expect(zxids(ok(restore(dir, { trustEmptySnapshot: true })))).toEqual(range(1, 5));
  });

  it('a wiped directory restores to an empty database', () => {
    const { dir } = run(25);
    dir.wipe();
    const r = ok(restore(dir));
    expect(r).toMatchObject({ snapshot: null, txns: [], acceptedEpoch: -1, currentEpoch: -1, lastZxid: 0 });
  });

  it('a snapshot failing its checksum is skipped; the sessions it held stay (FileSnap shares the map)', () => {
    const dir = new MemoryDataDir();
    dir.write('snapshot.0', serializeSnapshot(snapshot(0, [], [[7n, 1000]])), true);
    const bad = serializeSnapshot(snapshot(5, [], [[9n, 2000]]));
    bad[40] = bad[40]! ^ 0xff; // inside the tree
    dir.write('snapshot.5', bad, true);
    const r = ok(restore(dir));
    expect(r.snapshot?.zxid).toBe(0);
    expect(r.warnings[0]).toMatchObject({ kind: 'snapshotSkipped', file: 'snapshot.5' });
    expect(new Map(r.snapshot?.sessions)).toEqual(new Map([[9n, 2000], [7n, 1000]]));
    // A snapshot cut short fails the tail check and is skipped too.
    dir.write('snapshot.9', serializeSnapshot(snapshot(9)).subarray(0, 100), true);
    expect(ok(restore(dir)).snapshot?.zxid).toBe(0);
    // When every snapshot that passes the tail check fails: "Not able to find valid snapshots".
    dir.delete('snapshot.0');
    expect((restore(dir) as RestoreError).code).toBe('noValidSnapshot');
  });

  it('a snapshot with a null ACL vector is fatal (a RuntimeException in Java), older ones are not tried', () => {
    const dir = new MemoryDataDir();
    dir.write('snapshot.0', serializeSnapshot(snapshot(0)), true);
    const oa = new BinaryOutputArchive();
    oa.writeInt(0x5a4b534e);
    oa.writeInt(2);
    oa.writeLong(-1);
    oa.writeInt(0); // sessions
    oa.writeInt(1); // acl map
    oa.writeLong(1);
    oa.writeInt(-1); // null vector
    oa.writeInt(1);
    oa.writeByte(0x2f);
    dir.write('snapshot.3', oa.toBytes(), true);
    expect((restore(dir) as RestoreError).code).toBe('snapshotFatal');
  });
});

describe('digest checks (warnings only, as ZooKeeper only logs them)', () => {
  it('flags a snapshot whose tree does not hash to its stored digest, and a digest zxid the logs never reach', () => {
    const dir = new MemoryDataDir();
    const snap = snapshot(5);
    dir.write('snapshot.5', serializeSnapshot(snap, { zxid: 5, digestVersion: 2, digest: snap.digest + 1 }), true);
    expect(ok(restore(dir)).warnings).toEqual([{ kind: 'snapshotDigestMismatch', file: 'snapshot.5', zxid: 5, stored: snap.digest + 1, computed: snap.digest }]);
    // A fuzzy snapshot: the digest was taken at zxid 9, after the tree walk began at 5.
    dir.write('snapshot.5', serializeSnapshot(snap, { zxid: 9, digestVersion: 2, digest: 1 }), true);
    expect(ok(restore(dir)).warnings).toEqual([{ kind: 'digestNotCovered', highestZxid: 5, digestZxid: 9 }]);
  });
});

describe('purge and truncate', () => {
  it('keeps the newest 3 snapshots and the logs they need', () => {
    const { dir } = run(45);
    const snaps = dir.list().filter((n) => n.startsWith('snapshot.'));
    expect(snaps.sort()).toEqual(['snapshot.1e', 'snapshot.28', 'snapshot.14'].sort());
    const logs = dir.list().filter((n) => n.startsWith('log.'));
    expect(logs).toEqual(getLogFiles(logs, 0x14).sort());
    // log.b (11..20) stays: getLogFiles(0x14) keeps the log that starts at or before the oldest snapshot kept.
    expect(logs.sort()).toEqual(['log.b', 'log.15', 'log.1f', 'log.29'].sort());
    // Each retained snapshot still restores with its logs.
    while (dir.loseNewestSnapshot() !== null) {
      const r = restore(dir);
      if (r instanceof RestoreError) break;
      expect(r.lastZxid).toBe(45);
    }
  });

  it('truncate removes the txns after a zxid, and a restore then ends there', () => {
    const { dir, log } = run(25);
    dir.delete('snapshot.14'); // a snapshot ahead of the truncation point would win the restore (3.8.0 keeps it)
    expect(log.truncateLog(13)).toBe(true);
    expect(dir.list().filter((n) => n.startsWith('log.'))).toEqual(['log.1', 'log.b']);
    const r = ok(restore(dir));
    expect(r.snapshot?.zxid).toBe(10);
    expect(zxids(r)).toEqual([11, 12, 13]);
    // The writer was reopened: the next txn starts a new file.
    log.apply({ kind: 'append', txn: create(14, '/new') });
    log.apply({ kind: 'sync', token: 2 });
    expect(log.currentLogFile).toBe('log.e');
    expect(zxids(ok(restore(dir)))).toEqual([11, 12, 13, 14]);
  });

  it('truncate keeps the first record at or after the zxid, and fails past the end of the log', () => {
    const dir = new MemoryDataDir();
    const log = new FileTxnSnapLog(dir);
    log.save(snapshot(0), true);
    for (const z of [1, 2, 5, 6]) log.apply({ kind: 'append', txn: create(z, `/n${z}`) });
    log.apply({ kind: 'sync', token: 1 });
    expect(truncateLog(dir.clone(), 7)).toBe(false);
    expect(truncateLog(dir, 3)).toBe(true);
    expect(zxids(ok(restore(dir)))).toEqual([1, 2, 5]);
  });
});

describe('epoch files', () => {
  it('are written as QuorumPeer writes them and read back', () => {
    const dir = new MemoryDataDir();
    const log = new FileTxnSnapLog(dir);
    log.apply({ kind: 'writeEpoch', file: 'acceptedEpoch', value: 3 });
    writeEpochFile(dir, 'currentEpoch', 2);
    expect(new TextDecoder().decode(dir.read('acceptedEpoch')!)).toBe('3');
    dir.crash(); // atomic and fsynced
    expect(ok(restore(dir))).toMatchObject({ acceptedEpoch: 3, currentEpoch: 2 });
  });

  it('a garbage epoch file stops a quorum peer, not a standalone server', () => {
    const dir = new MemoryDataDir();
    dir.write('currentEpoch', new TextEncoder().encode('x1'), true);
    expect((restore(dir) as RestoreError).code).toBe('epochFile');
    expect(ok(restore(dir, { readEpochs: false })).currentEpoch).toBe(-1);
    dir.write('currentEpoch', new TextEncoder().encode('7\n'), true);
    expect(ok(restore(dir)).currentEpoch).toBe(7);
  });
});

describe('on the real ZooKeeper fixtures', () => {
  const DIR = join(import.meta.dirname, 'fixtures');
  const real = (): MemoryDataDir =>
    MemoryDataDir.from(readdirSync(DIR).filter((n) => /^(log|snapshot)\.[0-9a-f]+$/.test(n)).map((n) => [n, new Uint8Array(readFileSync(join(DIR, n)))] as const));

  it('a torn last record in a preallocated (zero-padded) log reads as its end', () => {
    const dir = real();
    const full = ok(restore(dir));
    const torn = dir.tearLastRecord({ zeroFill: true });
    expect(torn).toBe(full.lastZxid);
    const r = ok(restore(dir));
    expect(zxids(r)).toEqual(zxids(full).slice(0, -1));
  });

  it('a corrupted record fails the checksum', () => {
    const dir = real();
    const full = ok(restore(dir));
    dir.corruptRecord(zxids(full)[1]!);
    expect((restore(dir) as RestoreError).ioError?.code).toBe('crc');
  });

  it('a createSession with the type of an unknown op is refused', () => {
    const dir = new MemoryDataDir();
    const log = new FileTxnSnapLog(dir);
    log.save(snapshot(0), true);
    log.apply({ kind: 'append', txn: txn(1, OpCode.createSession, { kind: 'createSession', timeOut: 1 }) });
    log.apply({ kind: 'sync', token: 1 });
    const bytes = dir.read('log.1')!;
    const patched = bytes.slice();
    // Rewrite the txn type (last int of the header) to 'check' and fix the checksum: the record is valid but unsupported.
    const view = new DataView(patched.buffer);
    view.setInt32(16 + 12 + 28, OpCode.check);
    view.setBigInt64(16, BigInt(adler32(patched, 28, view.getInt32(24))));
    dir.write('log.1', patched, true);
    expect((restore(dir) as RestoreError).ioError?.code).toBe('unsupportedTxn');
  });
});
