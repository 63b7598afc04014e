// DataTree apply path in Node: getData, create and setData rates on a tree of 100,000 znodes,
// and the heap used by 1,000,000 empty znodes. Numbers, not pass/fail.

import { DataTree } from '../src/zk/DataTree.ts';
import type { TxnHeader } from '../src/zk/txn.ts';
import { OpCode, OPEN_ACL_UNSAFE } from '../src/zk/ZooDefs.ts';

export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target: number;
  /** true when higher is better. */
  readonly higherIsBetter: boolean;
}

function hdr(zxid: number, type: number): TxnHeader {
  return { clientId: 1n, cxid: zxid, zxid, time: 1_700_000_000_000 + zxid, type };
}

function buildTree(n: number, fanout: number): { tree: DataTree; paths: string[]; zxid: number } {
  const tree = new DataTree();
  const paths: string[] = [];
  let zxid = 1;
  const data = new TextEncoder().encode('value');
  const parents = Math.ceil(n / fanout);
  for (let p = 0; p < parents && paths.length < n; p++) {
    const parent = `/p${p}`;
    tree.processTxn(hdr(++zxid, OpCode.create), { kind: 'create', path: parent, data, acl: OPEN_ACL_UNSAFE, ephemeral: false, parentCVersion: -1 });
    paths.push(parent);
    for (let c = 0; c < fanout - 1 && paths.length < n; c++) {
      const path = `${parent}/n${c}`;
      tree.processTxn(hdr(++zxid, OpCode.create), { kind: 'create', path, data, acl: OPEN_ACL_UNSAFE, ephemeral: false, parentCVersion: -1 });
      paths.push(path);
    }
  }
  tree.drainNotifications();
  return { tree, paths, zxid };
}

function rate(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

export function benchDataTree(): BenchResult[] {
  const results: BenchResult[] = [];
  const { tree, paths } = buildTree(100_000, 100);
  let zxid = 1_000_000;

  // getData
  const reads = 1_000_000;
  let sink = 0;
  let t0 = performance.now();
  for (let i = 0; i < reads; i++) {
    const r = tree.getData(paths[(i * 7919) % paths.length]!, null);
    sink += r.stat.version;
  }
  let ms = performance.now() - t0;
  results.push({ name: 'getData on 100k znodes', value: rate(reads, ms), unit: 'ops/s', target: 300_000, higherIsBetter: true });

  // setData
  const writes = 300_000;
  const data = new TextEncoder().encode('updated');
  t0 = performance.now();
  for (let i = 0; i < writes; i++) {
    const path = paths[(i * 104729) % paths.length]!;
    const n = tree.getNode(path)!;
    tree.processTxn(hdr(++zxid, OpCode.setData), { kind: 'setData', path, data, version: n.version + 1 });
  }
  ms = performance.now() - t0;
  tree.drainNotifications();
  results.push({ name: 'setData on 100k znodes', value: rate(writes, ms), unit: 'ops/s', target: 100_000, higherIsBetter: true });

  // create
  const creates = 300_000;
  t0 = performance.now();
  for (let i = 0; i < creates; i++) {
    const path = `/p${i % 1000}/c${i}`;
    tree.processTxn(hdr(++zxid, OpCode.create), { kind: 'create', path, data, acl: OPEN_ACL_UNSAFE, ephemeral: false, parentCVersion: -1 });
  }
  ms = performance.now() - t0;
  tree.drainNotifications();
  results.push({ name: 'create on 100k+ znodes', value: rate(creates, ms), unit: 'ops/s', target: 100_000, higherIsBetter: true });
  if (sink < 0) console.log(sink);
  return results;
}

export function benchMemory(): BenchResult[] {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const tree = new DataTree();
  let zxid = 1;
  for (let p = 0; p < 1000; p++) {
    const parent = `/p${p}`;
    tree.processTxn(hdr(++zxid, OpCode.create), { kind: 'create', path: parent, data: null, acl: OPEN_ACL_UNSAFE, ephemeral: false, parentCVersion: -1 });
    for (let c = 0; c < 999; c++) {
      tree.processTxn(hdr(++zxid, OpCode.create), { kind: 'create', path: `${parent}/n${c}`, data: null, acl: OPEN_ACL_UNSAFE, ephemeral: false, parentCVersion: -1 });
    }
  }
  tree.drainNotifications();
  gc?.();
  const after = process.memoryUsage().heapUsed;
  const mb = Math.round((after - before) / 1024 / 1024);
  const count = tree.nodeCount;
  if (count < 1_000_000) throw new Error(`expected 1M nodes, got ${count}`);
  return [{ name: `heap for ${count.toLocaleString('en-US')} empty znodes${gc ? '' : ' (no --expose-gc: approximate)'}`, value: mb, unit: 'MB', target: 500, higherIsBetter: false }];
}
