import { describe, expect, it } from 'vitest';
import { DataTree } from '../../zk/DataTree.ts';
import { OpCode, OPEN_ACL_UNSAFE } from '../../zk/ZooDefs.ts';
import { checkAgainstReplay, checkEphemeralOwners, checkTreeShape } from './dataTreeInvariants.ts';

function tree(): DataTree {
  const t = new DataTree();
  const h = (zxid: number) => ({ clientId: 5n, cxid: 1, zxid, time: 0, type: OpCode.create });
  t.processTxn(h(1), { kind: 'create', path: '/a', data: null, acl: OPEN_ACL_UNSAFE, ephemeral: false, parentCVersion: -1 });
  t.processTxn(h(2), { kind: 'create', path: '/a/e', data: null, acl: OPEN_ACL_UNSAFE, ephemeral: true, parentCVersion: -1 });
  return t;
}

describe('DataTree invariants', () => {
  it('hold on a healthy tree', () => {
    const t = tree();
    expect(checkTreeShape(t)).toEqual([]);
    expect(checkEphemeralOwners(t, new Set([5n]))).toEqual([]);
    expect(checkAgainstReplay(t, tree())).toEqual([]);
  });

  it('catch an orphan node', () => {
    const t = tree();
    t.nodes.get('/a')!.children!.delete('e');
    expect(checkTreeShape(t).join('\n')).toContain('/a/e: not listed');
  });

  it('catch an ephemeral of a dead session', () => {
    expect(checkEphemeralOwners(tree(), new Set([6n]))).toHaveLength(1);
  });

  it('catch a tree that diverged from its log', () => {
    const t = tree();
    t.setData('/a', new Uint8Array([1]), 1, 3, 0);
    const r = tree();
    const v = checkAgainstReplay(t, r);
    expect(v.some((x) => x.includes('digest'))).toBe(true);
    expect(v.some((x) => x.includes('/a: stat differs'))).toBe(true);
  });
});
