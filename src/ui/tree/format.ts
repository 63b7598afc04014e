// What the tree view shows of a znode, as text: its data (UTF-8 text, formatted JSON, a hex dump;
// never binary bytes as garbage), its Stat in zkCli's order and format, its ACL as scheme:id with
// permission letters, and the paths it is reached by.

import { getPermString } from '../../cli/ZKUtil.ts';
import { javaDateToString, longToHex } from '../../cli/javaLang.ts';
import type { Stat } from '../../zk/Stat.ts';
import type { ACL } from '../../zk/ZooDefs.ts';

export const hexZxid = (z: number | bigint): string => `0x${longToHex(z)}`;

/** The parent of a path ('/' for '/' itself). */
export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function childPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

export function nameOf(path: string): string {
  return path === '/' ? '/' : path.slice(path.lastIndexOf('/') + 1);
}

/** '/', '/a', '/a/b' for '/a/b'. */
export function ancestorsOf(path: string): string[] {
  const out = ['/'];
  if (path === '/') return out;
  const parts = path.split('/').slice(1);
  for (let i = 1; i <= parts.length; i++) out.push(`/${parts.slice(0, i).join('/')}`);
  return out;
}

/**
 * A path typed into the path bar, cleaned the way people mean it ('app/cfg/' is '/app/cfg'), or
 * null with the reason when ZooKeeper would reject it.
 */
export function normalizePath(typed: string): { path: string } | { error: string } {
  let p = typed.trim();
  if (p === '') return { error: 'Type a path, e.g. /zookeeper/config' };
  if (!p.startsWith('/')) p = `/${p}`;
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  if (p.includes('//')) return { error: `Invalid path ${p}: empty node name` };
  for (const part of p.split('/').slice(1)) {
    if (part === '.' || part === '..') return { error: `Invalid path ${p}: relative paths are not allowed` };
  }
  if (/[\u0000-\u001f\u007f]/.test(p)) return { error: `Invalid path ${p}: control characters` };
  return { path: p };
}

export type DataView =
  | { readonly kind: 'null' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'json'; readonly text: string; readonly pretty: string }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'binary'; readonly printable: number };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Control characters other than tab, newline and carriage return make text unreadable. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** How to show a znode's data: null, empty, JSON (an object or array), text, or binary. */
export function viewData(data: Uint8Array | null): DataView {
  if (data === null) return { kind: 'null' };
  if (data.length === 0) return { kind: 'empty' };
  let text: string | null = null;
  try {
    text = decoder.decode(data);
  } catch {
    text = null;
  }
  if (text === null || CONTROL.test(text)) {
    let printable = 0;
    for (const b of data) if (b >= 0x20 && b < 0x7f) printable++;
    return { kind: 'binary', printable };
  }
  const t = text.trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      return { kind: 'json', text, pretty: JSON.stringify(JSON.parse(t), null, 2) };
    } catch {
      // not JSON after all: plain text
    }
  }
  return { kind: 'text', text };
}

export interface HexLine {
  readonly offset: string;
  readonly hex: string;
  readonly ascii: string;
}

/**
 * `hexdump -C` lines: 8-digit offset, 16 bytes in two groups of 8, printable ASCII else '.'
 * (8 bytes a line where there is no room for 16).
 */
export function hexDump(data: Uint8Array, limit = 4096, perLine: 8 | 16 = 16): HexLine[] {
  const n = Math.min(data.length, limit);
  const lines: HexLine[] = [];
  for (let at = 0; at < n; at += perLine) {
    const bytes = data.subarray(at, Math.min(at + perLine, n));
    let hex = '';
    let ascii = '';
    for (let i = 0; i < perLine; i++) {
      if (i === 8) hex += ' ';
      const b = bytes[i];
      hex += b === undefined ? '   ' : `${b.toString(16).padStart(2, '0')} `;
      if (b !== undefined) ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    }
    lines.push({ offset: at.toString(16).padStart(8, '0'), hex: hex.trimEnd(), ascii });
  }
  return lines;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The Stat as zkCli's `stat` prints it, line by line: [name, value]. */
export function statRows(stat: Stat): [string, string][] {
  return [
    ['cZxid', hexZxid(stat.czxid)],
    ['ctime', javaDateToString(stat.ctime)],
    ['mZxid', hexZxid(stat.mzxid)],
    ['mtime', javaDateToString(stat.mtime)],
    ['pZxid', hexZxid(stat.pzxid)],
    ['cversion', String(stat.cversion)],
    ['dataVersion', String(stat.version)],
    ['aclVersion', String(stat.aversion)],
    ['ephemeralOwner', hexZxid(stat.ephemeralOwner)],
    ['dataLength', String(stat.dataLength)],
    ['numChildren', String(stat.numChildren)],
  ];
}

const PERM_NAMES: [string, number, string][] = [
  ['c', 4, 'create children'],
  ['d', 8, 'delete children'],
  ['r', 1, 'read data and list children'],
  ['w', 2, 'write data'],
  ['a', 16, 'administer (set the ACL)'],
];

/** One ACL entry: 'world:anyone', 'cdrwa' (as getAcl prints it) and each letter with its meaning. */
export function aclRow(a: ACL): { id: string; perms: string; letters: { letter: string; granted: boolean; meaning: string }[] } {
  return {
    id: `${a.id.scheme}:${a.id.id}`,
    perms: getPermString(a.perms),
    letters: PERM_NAMES.map(([letter, bit, meaning]) => ({ letter, granted: (a.perms & bit) !== 0, meaning })),
  };
}

/** How far a replica is behind the leader, from both lastCommitted zxids. */
export function lagText(replica: number, leader: number): { behind: boolean; text: string } {
  if (replica === leader) return { behind: false, text: 'in sync with the leader' };
  if (replica > leader) return { behind: false, text: `ahead of the leader's ${hexZxid(leader)}` };
  const sameEpoch = Math.floor(replica / 2 ** 32) === Math.floor(leader / 2 ** 32);
  return { behind: true, text: sameEpoch ? `${plural(leader - replica, 'txn')} behind the leader (${hexZxid(leader)})` : `behind the leader (${hexZxid(leader)}, a later epoch)` };
}

/** One zkCli word for s (zkCli's tokenizer strips a pair of matching quotes), or why it cannot be typed. */
export function cliWord(s: string): { word: string } | { error: string } {
  if (/[\n\r]/.test(s)) return { error: 'zkCli reads one line: no line breaks' };
  if (s === '') return { word: "''" };
  const plain = !/[ \t\x0B\f]/.test(s) && !s.startsWith('"') && !s.startsWith("'");
  if (plain) return { word: s };
  if (!s.includes("'")) return { word: `'${s}'` };
  if (!s.includes('"')) return { word: `"${s}"` };
  return { error: 'zkCli cannot type a word with blanks and both kinds of quotes' };
}
