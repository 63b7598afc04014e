// Disk faults on a stopped real server's data directory, made by the same code that makes them on
// ZooScope's disks (MemoryDataDir): the real files are read into one, the fault acts on it, and
// what changed is written back. So the check also tells whether our fault lands where we say it
// does in ZooKeeper's own files (a preallocated log file's zero padding included).

import { readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryDataDir } from '../../src/zk/persistence/DataDir.ts';
import type { DiskFaultStep } from './cases.ts';

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Applies the fault to dataDir/version-2; says what it hit, or throws if it hit nothing. */
export function applyDiskFault(dataDir: string, step: DiskFaultStep): string {
  const v2 = join(dataDir, 'version-2');
  const names = readdirSync(v2).filter((n) => n.startsWith('log.') || n.startsWith('snapshot.'));
  const before = new Map(names.map((n) => [n, new Uint8Array(readFileSync(join(v2, n)))] as const));
  const dir = MemoryDataDir.from(before);
  let hit: string | null;
  switch (step.do) {
    case 'corrupt-record':
      hit = dir.corruptRecord(Number(BigInt(step.zxid))) ? `corrupted the record of ${step.zxid}` : null;
      break;
    case 'torn-record': {
      const z = dir.tearLastRecord();
      hit = z === null ? null : `tore the record of 0x${z.toString(16)}`;
      break;
    }
    case 'lost-snapshot':
      hit = dir.loseNewestSnapshot();
      break;
  }
  if (hit === null) throw new Error(`${step.do} on ${v2} hit nothing (files: ${names.join(', ')})`);
  for (const [name, bytes] of before) {
    const now = dir.read(name);
    if (now === null) unlinkSync(join(v2, name));
    else if (!same(now, bytes)) writeFileSync(join(v2, name), now);
  }
  return hit;
}
