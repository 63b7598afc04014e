// Disk faults on real data directories: they land where ZooScope's land on its own disks, in
// ZooKeeper's file layout (version-2/, a preallocated log's zero padding).

import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataTree } from '../../src/zk/DataTree.ts';
import { FileTxnSnapLog, MemoryDataDir, RestoreError, restore } from '../../src/zk/persistence/index.ts';
import { takeSnapshot } from '../../src/zk/Snapshot.ts';
import { OpCode, OPEN_ACL_UNSAFE } from '../../src/zk/ZooDefs.ts';
import { applyDiskFault } from './diskFaults.ts';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A data directory as a real server leaves it: snapshot.0, then log.1 with zxids 1..3, padded with zeros as ZooKeeper preallocates. */
function dataDir(): string {
  const mem = new MemoryDataDir();
  const log = new FileTxnSnapLog(mem);
  log.save(takeSnapshot(new DataTree(), new Map()), true);
  const data = new TextEncoder().encode('v');
  for (let z = 1; z <= 3; z++) log.append({ hdr: { clientId: 1n, cxid: z, zxid: z, time: 0, type: OpCode.create }, body: { kind: 'create', path: `/n${z}`, data, acl: OPEN_ACL_UNSAFE, ephemeral: false, parentCVersion: -1 } });
  log.commit();
  const root = mkdtempSync(join(tmpdir(), 'zkfault-'));
  roots.push(root);
  mkdirSync(join(root, 'version-2'));
  for (const name of mem.list()) {
    const bytes = mem.read(name)!;
    const padded = name.startsWith('log.') ? new Uint8Array(bytes.length + 4096) : bytes;
    padded.set(bytes);
    writeFileSync(join(root, 'version-2', name), padded);
  }
  return root;
}

const reload = (root: string) => restore(MemoryDataDir.from(readdirSync(join(root, 'version-2')).map((n) => [n, new Uint8Array(readFileSync(join(root, 'version-2', n)))] as const)), { readEpochs: false });

describe('disk faults on a real data directory', () => {
  it('before any fault, the directory restores to zxid 3', () => {
    const r = reload(dataDir());
    expect(r).not.toBeInstanceOf(RestoreError);
    expect(!(r instanceof RestoreError) && r.txns.map((t) => t.hdr.zxid)).toEqual([1, 2, 3]);
  });

  it('a corrupted record fails its checksum on the next restore', () => {
    const root = dataDir();
    expect(applyDiskFault(root, { at: 0, do: 'corrupt-record', server: 1, zxid: '0x2' })).toBe('corrupted the record of 0x2');
    const r = reload(root);
    expect(r).toBeInstanceOf(RestoreError);
    expect((r as RestoreError).message).toMatch(/CRC check failed/);
  });

  it('a torn last record ends the log before it (the zero padding after it is gone)', () => {
    const root = dataDir();
    expect(applyDiskFault(root, { at: 0, do: 'torn-record', server: 1 })).toBe('tore the record of 0x3');
    const r = reload(root);
    expect(!(r instanceof RestoreError) && r.txns.map((t) => t.hdr.zxid)).toEqual([1, 2]);
  });

  it('a lost snapshot is deleted; with none left and a log, restore refuses', () => {
    const root = dataDir();
    expect(applyDiskFault(root, { at: 0, do: 'lost-snapshot', server: 1 })).toBe('snapshot.0');
    expect(readdirSync(join(root, 'version-2'))).toEqual(['log.1']);
    expect(reload(root)).toMatchObject({ code: 'noSnapshotButLogs' });
  });

  it('a fault that hits nothing says so rather than passing for done', () => {
    expect(() => applyDiskFault(dataDir(), { at: 0, do: 'corrupt-record', server: 1, zxid: '0x9' })).toThrow(/hit nothing/);
  });
});
