// Garbage, truncations and bit flips of valid files: the readers may only ever throw IOError, and
// restore() never throws at all (it returns a RestoreError).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryDataDir } from './DataDir.ts';
import { IOError } from './errors.ts';
import { deserializeSnapshot, serializeSnapshot } from './FileSnap.ts';
import { FileTxnIterator, FileTxnLog, logHeaderBytes, scanRecords } from './FileTxnLog.ts';
import { RestoreError, restore, truncateLog } from './FileTxnSnapLog.ts';
import { deserializeTxn, serializeTxn } from './SerializeUtils.ts';
import { dumpTxnLog } from './TxnLogToolkit.ts';
import { everyKind, richSnapshot } from './fixtures/sample.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function onlyIOError(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof IOError)) throw e;
  }
}

function validLog(): Uint8Array {
  const dir = new MemoryDataDir();
  const w = new FileTxnLog(dir);
  for (const t of everyKind()) w.append(t);
  return dir.read(dir.list()[0]!)!;
}

const FIX = join(import.meta.dirname, 'fixtures');
const realFiles = readdirSync(FIX).filter((n) => /^(log|snapshot)\.[0-9a-f]+$/.test(n)).map((n) => [n, new Uint8Array(readFileSync(join(FIX, n)))] as const);

/** Everything that reads bytes, on one candidate file. */
function exercise(kind: 'log' | 'snapshot', bytes: Uint8Array): void {
  onlyIOError(() => deserializeTxn(bytes));
  onlyIOError(() => deserializeSnapshot(bytes, 5, { extendedTypesEnabled: true }));
  expect(typeof dumpTxnLog(bytes)).toBe('string');
  const dir = MemoryDataDir.from([[kind === 'log' ? 'log.1' : 'snapshot.5', bytes]]);
  onlyIOError(() => {
    const itr = new FileTxnIterator(dir, 0).init();
    for (let i = 0; i < 10_000 && itr.next(); i++);
  });
  onlyIOError(() => scanRecords(bytes));
  const r = restore(dir, { extendedTypesEnabled: true, trustEmptySnapshot: true });
  expect(r instanceof RestoreError || Array.isArray(r.txns)).toBe(true);
  expect(typeof truncateLog(dir.clone(), 3)).toBe('boolean');
}

describe('fuzz: readers fail only with typed errors', () => {
  const log = validLog();
  const snap = serializeSnapshot(richSnapshot(5));
  const txns = everyKind().map(serializeTxn);
  const sources: [string, 'log' | 'snapshot', Uint8Array][] = [
    ['generated log', 'log', log],
    ['generated snapshot', 'snapshot', snap],
    ...realFiles.map(([n, b]) => [n, n.startsWith('log') ? 'log' : 'snapshot', b] as [string, 'log' | 'snapshot', Uint8Array]),
  ];

  it('random garbage, alone and behind a valid header', () => {
    const r = rng(1);
    for (let i = 0; i < 400; i++) {
      const g = new Uint8Array(Math.floor(r() * 300)).map(() => Math.floor(r() * 256));
      exercise('log', g);
      exercise('snapshot', g);
      const withHeader = new Uint8Array(16 + g.length);
      withHeader.set(logHeaderBytes());
      withHeader.set(g, 16);
      exercise('log', withHeader);
      const snapHeader = withHeader.slice();
      snapHeader.set(snap.subarray(0, 16));
      exercise('snapshot', snapHeader);
    }
  });

  it('every truncation of valid txns, and random truncations of valid files', () => {
    for (const t of txns) for (let cut = 0; cut < t.length; cut++) onlyIOError(() => deserializeTxn(t.subarray(0, cut)));
    const r = rng(2);
    for (const [, kind, bytes] of sources) {
      for (let i = 0; i < 60; i++) exercise(kind, bytes.subarray(0, Math.floor(r() * bytes.length)));
    }
  });

  it('random byte flips and small length-field edits in valid files', () => {
    const r = rng(3);
    for (const [, kind, bytes] of sources) {
      for (let i = 0; i < 60; i++) {
        const b = bytes.slice();
        const flips = 1 + Math.floor(r() * 3);
        for (let k = 0; k < flips; k++) {
          const at = Math.floor(r() * Math.min(b.length, 2000));
          b[at] = Math.floor(r() * 256);
        }
        exercise(kind, b);
      }
    }
    for (const t of txns) {
      for (let i = 0; i < 40; i++) {
        const b = t.slice();
        b[Math.floor(r() * b.length)] = [0x00, 0x7f, 0x80, 0xff][Math.floor(r() * 4)]!;
        onlyIOError(() => deserializeTxn(b));
      }
    }
  });

  it('a whole directory of mangled real files restores or refuses, never throws', () => {
    const r = rng(4);
    for (let i = 0; i < 40; i++) {
      const dir = MemoryDataDir.from(
        realFiles.map(([n, b]) => {
          const m = b.slice();
          if (r() < 0.5) {
            const at = Math.floor(r() * Math.min(m.length, 1500));
            m[at] = m[at]! ^ (1 + Math.floor(r() * 255));
          }
          return [n, r() < 0.2 ? m.subarray(0, Math.floor(r() * m.length)) : m] as const;
        }),
      );
      const res = restore(dir);
      expect(res instanceof RestoreError || res.lastZxid >= 0).toBe(true);
    }
  });
});
