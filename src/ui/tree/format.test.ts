import { describe, expect, it } from 'vitest';
import type { ChildInfo } from '../../sim/machine/inspect.ts';
import { formatStat } from '../../cli/StatPrinter.ts';
import { aclRow, ancestorsOf, cliWord, hexDump, lagText, normalizePath, statRows, viewData } from './format.ts';
import { flatten } from './rows.ts';
import { visibleOpen } from './useTreeData.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const kid = (name: string, mzxid = 1, extra: Partial<ChildInfo> = {}): ChildInfo => ({ name, kind: 'persistent', sequential: false, owner: null, numChildren: 0, czxid: mzxid, mzxid, pzxid: mzxid, cversion: 0, dataLength: 0, ...extra });

describe('tree view formatting', () => {
  it('data: JSON formatted, text, binary never as text, null and empty', () => {
    expect(viewData(enc('{"a":1,"b":[2]}'))).toEqual({ kind: 'json', text: '{"a":1,"b":[2]}', pretty: '{\n  "a": 1,\n  "b": [\n    2\n  ]\n}' });
    expect(viewData(enc('{not json}'))).toEqual({ kind: 'text', text: '{not json}' });
    expect(viewData(enc('héllo\nworld'))).toEqual({ kind: 'text', text: 'héllo\nworld' });
    expect(viewData(new Uint8Array([0xff, 0xfe, 0x41]))).toEqual({ kind: 'binary', printable: 1 });
    expect(viewData(new Uint8Array([0x41, 0x00, 0x42]))).toEqual({ kind: 'binary', printable: 2 });
    expect(viewData(null)).toEqual({ kind: 'null' });
    expect(viewData(new Uint8Array(0))).toEqual({ kind: 'empty' });
  });

  it('hex dump as hexdump -C', () => {
    const lines = hexDump(enc('0123456789abcdefXY'));
    expect(lines).toEqual([
      { offset: '00000000', hex: '30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66', ascii: '0123456789abcdef' },
      { offset: '00000010', hex: '58 59', ascii: 'XY' },
    ]);
    expect(hexDump(new Uint8Array(100), 32)).toHaveLength(2);
  });

  it('Stat in the order and format zkCli prints it', () => {
    const stat = { czxid: 0x100000002, mzxid: 0x100000005, ctime: 1767225600000, mtime: 1767225610123, version: 3, cversion: 2, aversion: 0, ephemeralOwner: 0x1000a2b3c0000n, dataLength: 7, numChildren: 1, pzxid: 0x100000004 };
    const text = statRows(stat)
      .map(([k, v]) => `${k} = ${v}\n`)
      .join('');
    expect(text).toBe(formatStat(stat));
    expect(statRows(stat)[0]).toEqual(['cZxid', '0x100000002']);
    expect(statRows(stat)[1]).toEqual(['ctime', 'Thu Jan 01 00:00:00 UTC 2026']);
  });

  it('ACL as scheme:id and getAcl letters', () => {
    const r = aclRow({ perms: 31, id: { scheme: 'world', id: 'anyone' } });
    expect([r.id, r.perms]).toEqual(['world:anyone', 'cdrwa']);
    expect(aclRow({ perms: 1 | 16, id: { scheme: 'ip', id: '10.0.0.1' } }).letters.filter((l) => l.granted).map((l) => l.letter)).toEqual(['r', 'a']);
  });

  it('paths typed into the path bar', () => {
    expect(normalizePath('app/cfg/')).toEqual({ path: '/app/cfg' });
    expect(normalizePath('/')).toEqual({ path: '/' });
    expect(normalizePath('/a//b')).toHaveProperty('error');
    expect(normalizePath('/a/../b')).toHaveProperty('error');
    expect(ancestorsOf('/a/b')).toEqual(['/', '/a', '/a/b']);
  });

  it('lag between lastCommitted zxids', () => {
    expect(lagText(0x100000005, 0x100000005)).toEqual({ behind: false, text: 'in sync with the leader' });
    expect(lagText(0x100000003, 0x100000005)).toEqual({ behind: true, text: '2 txns behind the leader (0x100000005)' });
    expect(lagText(0x100000003, 0x200000001).behind).toBe(true);
  });

  it('zkCli words: quoted when they have blanks', () => {
    expect(cliWord('abc')).toEqual({ word: 'abc' });
    expect(cliWord('{"a": 1}')).toEqual({ word: `'{"a": 1}'` });
    expect(cliWord("it's here")).toEqual({ word: `"it's here"` });
    expect(cliWord(`a "b" 'c'`)).toHaveProperty('error');
  });
});

describe('tree rows', () => {
  it('open nodes depth first; the replica beside the leader', () => {
    const side = { node: null, kids: new Map([['/', [kid('a', 1, { numChildren: 2 }), kid('b', 2), kid('x', 9)]], ['/a', [kid('c', 3)]]]) };
    const leader = { node: null, kids: new Map([['/', [kid('a', 1, { numChildren: 3 }), kid('b', 7), kid('m', 8)]], ['/a', [kid('c', 3), kid('d', 6)]]]) };
    const open = new Set(['/', '/a']);
    const rows = flatten(side, leader, open);
    expect(rows.map((r) => [r.path, r.depth, r.lag])).toEqual([
      ['/', 0, null],
      ['/a', 1, null],
      ['/a/c', 2, null],
      ['/a/d', 2, 'missing'],
      ['/b', 1, 'data'],
      ['/m', 1, 'missing'],
      ['/x', 1, 'extra'],
    ]);
    expect(rows[0]!.count).toBe(3);
    expect(flatten(side, null, open).map((r) => r.lag)).toEqual([null, null, null, null, null]);
    expect(flatten(side, null, new Set(['/', '/b'])).map((r) => r.path)).toEqual(['/', '/a', '/b', '/x']);
  });

  it('only open nodes under open parents are read', () => {
    expect(visibleOpen(new Set(['/', '/a', '/a/b', '/c/d']))).toEqual(['/', '/a', '/a/b']);
  });
});
