// Byte compatibility with a real ZooKeeper 3.8.0: the fixtures are files a real server wrote
// (fixtures/make-fixtures.sh) and what its own tools printed for them (TxnLogToolkit -d,
// SnapshotFormatter -d, run with TZ=UTC). No Java is needed here.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../Snapshot.ts';
import type { Txn } from '../txn.ts';
import { OpCode } from '../ZooDefs.ts';
import { MemoryDataDir } from './DataDir.ts';
import { deserializeSnapshot, serializeSnapshot } from './FileSnap.ts';
import { FileTxnIterator, FileTxnLog, scanRecords, txnRecordBytes } from './FileTxnLog.ts';
import { FileTxnSnapLog, RestoreError, restore } from './FileTxnSnapLog.ts';
import { adler32 } from './Adler32.ts';
import { dumpTxnLog } from './TxnLogToolkit.ts';
import { getZxidFromName } from './Util.ts';

const DIR = join(import.meta.dirname, 'fixtures');
const names = readdirSync(DIR).filter((n) => /^(log|snapshot)\.[0-9a-f]+$/.test(n));
const logs = names.filter((n) => n.startsWith('log.')).sort((a, b) => getZxidFromName(a, 'log') - getZxidFromName(b, 'log'));
const snaps = names.filter((n) => n.startsWith('snapshot.'));
const file = (n: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, n)));
const text = (n: string): string => readFileSync(join(DIR, n + '.txt'), 'utf8');
const fixtureDir = (): MemoryDataDir => MemoryDataDir.from(names.map((n) => [n, file(n)] as const));

function readAll(name: string): Txn[] {
  const itr = new FileTxnIterator(MemoryDataDir.from([[name, file(name)]]), 0).init();
  const out: Txn[] = [];
  for (let t = itr.hdrTxn; t !== null; t = itr.hdrTxn) {
    out.push(t);
    if (!itr.next()) break;
  }
  return out;
}

describe('fixtures from ZooKeeper 3.8.0', () => {
  it('are there: several logs and snapshots', () => {
    expect(logs.length).toBeGreaterThanOrEqual(3);
    expect(snaps.length).toBeGreaterThanOrEqual(3);
  });

  it('cover every txn kind the server logs, and multi sub-txns including errors', () => {
    const types = new Set<number>();
    const subTypes = new Set<number>();
    for (const l of logs) {
      for (const t of readAll(l)) {
        types.add(t.hdr.type);
        if (t.body.kind === 'multi') for (const s of t.body.txns) subTypes.add(s.type);
      }
    }
    for (const op of [OpCode.createSession, OpCode.closeSession, OpCode.create, OpCode.createContainer, OpCode.createTTL, OpCode.delete, OpCode.deleteContainer, OpCode.setData, OpCode.setACL, OpCode.error, OpCode.multi]) {
      expect(types, `type ${op}`).toContain(op);
    }
    for (const op of [OpCode.create, OpCode.createTTL, OpCode.createContainer, OpCode.setData, OpCode.check, OpCode.delete, OpCode.error]) {
      expect(subTypes, `sub-type ${op}`).toContain(op);
    }
  });

  describe.each(logs)('%s', (name) => {
    it('decodes to exactly what TxnLogToolkit -d printed', () => {
      expect(dumpTxnLog(file(name))).toBe(text(name));
    });

    it('re-encodes every record to the same bytes, checksum included', () => {
      const bytes = file(name);
      const recs = scanRecords(bytes);
      const txns = readAll(name);
      expect(txns.length).toBe(recs.length);
      txns.forEach((t, i) => {
        const r = recs[i]!;
        const original = bytes.subarray(r.offset, r.end);
        expect(txnRecordBytes(t)).toEqual(original);
        expect(adler32(bytes, r.payloadOffset, r.payloadLength)).toBe(Number(new DataView(original.buffer, original.byteOffset).getBigUint64(0)));
        // PrepRequestProcessor attaches a digest to every txn but a failed single write.
        if (t.hdr.type === OpCode.error) expect(t.digest).toBeUndefined();
        else expect(t.digest?.version).toBe(2);
      });
    });

    it('is rewritten by our FileTxnLog byte for byte, up to the preallocated zeros', () => {
      const dir = new MemoryDataDir();
      const w = new FileTxnLog(dir);
      for (const t of readAll(name)) w.append(t);
      expect(w.currentLogFile).toBe(name);
      const ours = dir.read(name)!;
      const theirs = file(name);
      expect(theirs.subarray(0, ours.length)).toEqual(ours);
      expect(theirs.subarray(ours.length).every((b) => b === 0)).toBe(true);
      expect(theirs.length % 1024).toBe(16); // header + 4 KB preallocation blocks
    });
  });

  describe.each(snaps)('%s', (name) => {
    const zxid = getZxidFromName(name, 'snapshot');

    it('re-encodes to the same bytes, both seals included', () => {
      const decoded = deserializeSnapshot(file(name), zxid);
      expect(serializeSnapshot(decoded.snapshot, decoded.zxidDigest)).toEqual(file(name));
    });

    it('holds the nodes and sessions SnapshotFormatter -d printed', () => {
      const { snapshot } = deserializeSnapshot(file(name), zxid);
      const printed = parseSnapshotFormatter(text(name));
      // DataTree.getNodeCount counts the root twice ("" and "/"), as the formatter shows.
      expect(printed.count).toBe(snapshot.nodes.length + 1);
      const ours = new Map(
        snapshot.nodes.map((n) => [
          n.path,
          [
            `cZxid = ${jhex(n.czxid)}`, `ctime = ${javaDate(n.ctime)}`, `mZxid = ${jhex(n.mzxid)}`, `mtime = ${javaDate(n.mtime)}`,
            `pZxid = ${jhex(n.pzxid)}`, `cversion = ${n.cversion}`, `dataVersion = ${n.version}`, `aclVersion = ${n.aversion}`,
            `ephemeralOwner = ${jhex(n.ephemeralOwner)}`, `data = ${n.data === null ? '' : Buffer.from(n.data).toString('base64')}`,
          ],
        ]),
      );
      expect(ours).toEqual(printed.nodes);
      const eph = (sid: bigint): number => snapshot.nodes.filter((n) => n.ephemeralOwner === sid).length;
      expect(new Set(snapshot.sessions.map(([sid, to]) => `${jhex(sid)}, ${to}, ${eph(sid)}`))).toEqual(new Set(printed.sessions));
      const last = Math.max(zxid, ...snapshot.nodes.map((n) => Math.max(n.mzxid, n.pzxid)));
      expect(printed.lastZxid).toBe('0x' + last.toString(16));
    });

    it('has a tree digest that matches the one ZooKeeper stored at the same zxid', () => {
      const { snapshot, zxidDigest } = deserializeSnapshot(file(name), zxid);
      expect(zxidDigest).not.toBeNull();
      if (zxidDigest!.zxid === zxid && zxid > 0) {
        expect(snapshot.digest).toBe(zxidDigest!.digest);
        expect(loadSnapshot(snapshot, true).getTreeDigest()).toBe(zxidDigest!.digest);
      }
    });
  });

  it('every txn digest in the logs is the tree digest after that txn, starting from snapshot.0', () => {
    // The first txn (createSession) does not change the tree: its digest is snapshot.0's tree.
    const first = readAll(logs.find((l) => getZxidFromName(l, 'log') === 1)!)[0]!;
    expect(first.digest?.treeDigest).toBe(deserializeSnapshot(file('snapshot.0'), 0).snapshot.digest);
  });

  it('restores the directory as FileTxnSnapLog.restore would', () => {
    const r = restore(fixtureDir());
    if (r instanceof RestoreError) throw r;
    const newest = snaps.map((s) => getZxidFromName(s, 'snapshot')).sort((a, b) => b - a)[0]!;
    expect(r.snapshot?.zxid).toBe(newest);
    expect(r.warnings).toEqual([]);
    const all = logs.flatMap(readAll).map((t) => t.hdr.zxid);
    expect(r.txns.map((t) => t.hdr.zxid)).toEqual(all.filter((z) => z > newest));
    expect(r.lastZxid).toBe(Math.max(...all));
    // getLogFiles: the log that starts at or before the snapshot, and later ones.
    const starts = logs.map((l) => getZxidFromName(l, 'log')).sort((a, b) => a - b);
    const from = Math.max(...starts.filter((s) => s <= newest));
    expect(r.logFiles).toEqual(starts.filter((s) => s >= from).map((s) => `log.${s.toString(16)}`));
  });

  it('falls back to older snapshots and more log when newer ones are lost', () => {
    const dir = fixtureDir();
    const all = logs.flatMap(readAll).map((t) => t.hdr.zxid);
    while (dir.loseNewestSnapshot() !== null) {
      const r = restore(dir);
      if (r instanceof RestoreError) {
        // Only when no snapshot is left while logs are.
        expect(r.code).toBe('noSnapshotButLogs');
        break;
      }
      const z = r.snapshot!.zxid;
      expect(r.txns.map((t) => t.hdr.zxid)).toEqual(all.filter((x) => x > z));
    }
  });

  it('our own writer continues a real directory: a restarted server starts a new log', () => {
    const dir = fixtureDir();
    const log = new FileTxnSnapLog(dir, { snapRetainCount: 0 });
    const r = log.restore();
    if (r instanceof RestoreError) throw r;
    const next = { ...r.txns[r.txns.length - 1]!, hdr: { ...r.txns[r.txns.length - 1]!.hdr, zxid: r.lastZxid + 1 } };
    log.apply({ kind: 'append', txn: next });
    log.apply({ kind: 'sync', token: 1 });
    expect(log.currentLogFile).toBe(`log.${(r.lastZxid + 1).toString(16)}`);
    const again = restore(dir);
    if (again instanceof RestoreError) throw again;
    expect(again.lastZxid).toBe(r.lastZxid + 1);
  });
});

function jhex(v: number | bigint): string {
  return '0x' + BigInt.asUintN(64, BigInt(v)).toString(16).padStart(14, '0');
}

function javaDate(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

function parseSnapshotFormatter(out: string): { count: number; nodes: Map<string, string[]>; sessions: string[]; lastZxid: string } {
  const lines = out.split('\n');
  const count = Number(/count=(\d+)/.exec(lines[0]!)![1]);
  const nodes = new Map<string, string[]>();
  let i = 1;
  while (lines[i] === '----' && lines[i + 1] !== undefined && lines[i + 1]!.startsWith('/')) {
    nodes.set(lines[i + 1]!, lines.slice(i + 2, i + 12).map((l) => l.slice(2)));
    i += 12;
  }
  expect(lines[i]).toBe('----');
  expect(lines[i + 1]).toBe('Session Details (sid, timeout, ephemeralCount):');
  i += 2;
  const sessions: string[] = [];
  while (lines[i] !== '----') sessions.push(lines[i++]!);
  const lastZxid = /Last zxid: (0x[0-9a-f]+)/.exec(lines[i + 1]!)![1]!;
  return { count, nodes, sessions, lastZxid };
}
