// The open tree as a flat list of rows (what the virtualized list scrolls through), with each
// node on the viewed replica beside the same node on the leader: where they differ the row says so.

import type { ChildInfo } from '../../sim/machine/inspect.ts';
import { childPath } from './format.ts';
import type { TreeSide } from './useTreeData.ts';

/**
 * How a node on the replica compares with the leader's: `data` (another mZxid), `children`
 * (another pZxid: a child was created or deleted on one side only), `missing` (only the leader has
 * it), `extra` (only the replica has it).
 */
export type Lag = 'data' | 'children' | 'missing' | 'extra';

export interface Row {
  readonly path: string;
  readonly name: string;
  readonly depth: number;
  /** The node as the replica has it (for a `missing` row, as the leader has it). */
  readonly info: ChildInfo | null;
  /** The same node on the leader, when comparing. */
  readonly leaderInfo: ChildInfo | null;
  readonly lag: Lag | null;
  readonly open: boolean;
  /** Open, and its children not read yet. */
  readonly loading: boolean;
  /** Children on the replica (the leader's count for a `missing` node); null when unknown. */
  readonly count: number | null;
}

function merge(mine: readonly ChildInfo[], theirs: readonly ChildInfo[] | null): { name: string; mine: ChildInfo | null; theirs: ChildInfo | null }[] {
  if (theirs === null) return mine.map((c) => ({ name: c.name, mine: c, theirs: null }));
  const out: { name: string; mine: ChildInfo | null; theirs: ChildInfo | null }[] = [];
  let i = 0;
  let j = 0;
  // Both lists are sorted the same way (Array.prototype.sort on the names).
  while (i < mine.length || j < theirs.length) {
    const a = mine[i];
    const b = theirs[j];
    if (a !== undefined && (b === undefined || a.name < b.name)) {
      out.push({ name: a.name, mine: a, theirs: null });
      i++;
    } else if (b !== undefined && (a === undefined || b.name < a.name)) {
      out.push({ name: b.name, mine: null, theirs: b });
      j++;
    } else {
      out.push({ name: a!.name, mine: a!, theirs: b! });
      i++;
      j++;
    }
  }
  return out;
}

/**
 * Rows for the open parts of the tree, depth first, children in order. `leader` is null when the
 * replica is the leader (nothing to compare).
 */
export function flatten(side: TreeSide | null, leader: TreeSide | null, expanded: ReadonlySet<string>): Row[] {
  const rows: Row[] = [];
  const rootKids = side?.kids.get('/');
  rows.push({ path: '/', name: '/', depth: 0, info: null, leaderInfo: null, lag: null, open: expanded.has('/'), loading: expanded.has('/') && rootKids === undefined, count: rootKids?.length ?? null });
  if (side === null) return rows;
  const walk = (parent: string, depth: number): void => {
    const mine = side.kids.get(parent);
    const theirs = leader === null ? null : (leader.kids.get(parent) ?? null);
    if (mine === undefined) return;
    const list = mine === null ? (theirs ?? []).map((c) => ({ name: c.name, mine: null, theirs: c })) : merge(mine, leader === null ? null : (theirs ?? []));
    for (const { name, mine: m, theirs: t } of list) {
      const path = childPath(parent, name);
      const open = expanded.has(path);
      let lag: Lag | null = null;
      if (leader !== null) {
        if (m === null) lag = 'missing';
        else if (t === null) lag = 'extra';
        else if (m.mzxid !== t.mzxid) lag = 'data';
        else if (m.pzxid !== t.pzxid) lag = 'children';
      }
      const info = m ?? t;
      rows.push({ path, name, depth, info, leaderInfo: t, lag, open, loading: open && side.kids.get(path) === undefined, count: info?.numChildren ?? null });
      if (open) walk(path, depth + 1);
    }
  };
  if (expanded.has('/')) walk('/', 1);
  return rows;
}
