// The open parts of the tree, read from a replica (and from the leader, to show where the replica
// lags): `childrenDetail` for every open node and `node` for the selected one, asked again only
// when a server's tree may have changed (its lastCommitted, digest or status moved), never while
// a question is in flight, and no more often than the answers take to come (so a node with
// thousands of children does not flood the workers). A paused world asks nothing.

import { useEffect, useRef, useState } from 'react';
import type { ChildInfo, NodeDetail } from '../../sim/machine/inspect.ts';
import { inspectServer, usePlayground, type ServerInfo } from '../../store/playground.ts';
import { childPath } from './format.ts';

export interface TreeSide {
  /** Children of each open path (null: no such node on this server). */
  readonly kids: ReadonlyMap<string, readonly ChildInfo[] | null>;
  readonly node: NodeDetail | null;
}

export interface TreeData {
  /** The server whose tree this is, when the answer came. */
  readonly replica: number | null;
  readonly leader: number | null;
  /** The selected path the answer's `node` is for. */
  readonly path: string;
  readonly side: TreeSide | null;
  /** The leader's tree, when the replica is another server. */
  readonly leaderSide: TreeSide | null;
  /** Paths created or changed (mzxid or children) since the last look, with a token to restart the flash. */
  readonly flashes: ReadonlyMap<string, Flash>;
}

const EMPTY: TreeData = { replica: null, leader: null, path: '/', side: null, leaderSide: null, flashes: new Map() };
const FLASH_MS = 1600;

export interface Flash {
  readonly token: number;
  readonly what: 'new' | 'changed';
}

type Seen = { replica: number | null; marks: Map<string, string>; flashes: Map<string, Flash & { until: number }>; token: number };

/** What may change a server's tree: a cheap primitive for a store selector. */
export function treeKey(s: ServerInfo | undefined): string {
  if (!s) return 'none';
  return `${s.status}|${s.view?.state ?? ''}|${s.view?.lastCommitted ?? ''}|${s.view?.digest ?? ''}`;
}

/** The leader (or the standalone server) as the store's views show it. */
export function useLeader(): number | null {
  return usePlayground((s) => s.servers.find((x) => x.status !== 'down' && (x.view?.state === 'LEADING' || x.view?.state === 'STANDALONE'))?.id ?? null);
}

async function read(server: number, paths: readonly string[], selected: string): Promise<TreeSide | null> {
  // A server that is down has no tree in memory to show.
  const status = usePlayground.getState().servers.find((x) => x.id === server)?.status;
  if (status !== 'up' && status !== 'paused') return null;
  const [node, ...lists] = await Promise.all([inspectServer(server, { kind: 'node', path: selected }), ...paths.map((p) => inspectServer(server, { kind: 'childrenDetail', path: p }))]);
  const kids = new Map<string, readonly ChildInfo[] | null>();
  paths.forEach((p, i) => kids.set(p, lists[i] ?? null));
  return { kids, node };
}

/** Open paths whose ancestors are all open (those are the ones on screen). */
export function visibleOpen(expanded: ReadonlySet<string>): string[] {
  return [...expanded].filter((p) => {
    if (p === '/') return true;
    let q = p;
    for (;;) {
      const i = q.lastIndexOf('/');
      q = i <= 0 ? '/' : q.slice(0, i);
      if (!expanded.has(q)) return false;
      if (q === '/') return true;
    }
  });
}

export function useTreeData(replica: number | null, leader: number | null, expanded: ReadonlySet<string>, selected: string): TreeData {
  const replicaKey = usePlayground((s) => treeKey(s.servers.find((x) => x.id === replica)));
  const leaderKey = usePlayground((s) => (leader === null || leader === replica ? '' : treeKey(s.servers.find((x) => x.id === leader))));
  const [data, setData] = useState<TreeData>(EMPTY);
  const want = useRef({ replica, leader, expanded, selected });
  want.current = { replica, leader, expanded, selected };
  const sched = useRef({ busy: false, pending: false, timer: 0 as ReturnType<typeof setTimeout> | 0, last: 0, cost: 0, alive: true });
  /** The last look at each path: `${mzxid}:${pzxid}`, for the replica we looked at. */
  const seen = useRef<Seen>({ replica: null, marks: new Map(), flashes: new Map(), token: 0 });

  useEffect(() => {
    const s = sched.current;
    s.alive = true;
    return () => {
      s.alive = false;
      if (s.timer) clearTimeout(s.timer);
    };
  }, []);

  useEffect(() => {
    const s = sched.current;
    const fetchNow = async (): Promise<void> => {
      s.busy = true;
      s.pending = false;
      const t0 = performance.now();
      const w = want.current;
      const paths = visibleOpen(w.expanded);
      try {
        if (w.replica === null) {
          if (s.alive) setData(EMPTY);
          return;
        }
        const compare = w.leader !== null && w.leader !== w.replica;
        const [side, leaderSide] = await Promise.all([read(w.replica, paths, w.selected), compare ? read(w.leader!, paths, w.selected) : Promise.resolve(null)]);
        if (!s.alive) return;
        const flashes = noteChanges(seen.current, w.replica, side);
        setData({ replica: w.replica, leader: w.leader, path: w.selected, side, leaderSide, flashes });
      } finally {
        s.last = performance.now();
        s.cost = s.last - t0;
        s.busy = false;
        if (s.pending && s.alive) request();
      }
    };
    const request = (): void => {
      if (s.busy) {
        s.pending = true;
        return;
      }
      if (s.timer) return;
      // Ask again no sooner than 120 ms, nor than four times what the last answer took.
      const wait = Math.max(0, s.last + Math.max(120, 4 * s.cost) - performance.now());
      if (wait === 0) void fetchNow();
      else
        s.timer = setTimeout(() => {
          s.timer = 0;
          void fetchNow();
        }, wait);
    };
    request();
    // Everything the answer depends on; the values themselves are read from want.current.
  }, [replica, leader, replicaKey, leaderKey, expanded, selected]);

  return data;
}

/** Compare with the last look; remember the marks; return the flashes still running. */
function noteChanges(seen: Seen, replica: number, side: TreeSide | null): Map<string, Flash> {
  const now = performance.now();
  if (seen.replica !== replica) {
    seen.replica = replica;
    seen.marks.clear();
    seen.flashes.clear();
  }
  if (side !== null) {
    // Only what is open now is remembered: a node closed and opened again starts afresh.
    const marks = new Map<string, string>();
    for (const [parent, list] of side.kids) {
      if (list === null) continue;
      // A parent seen for the first time: nothing to compare its children with.
      const known = seen.marks.has(`${parent}\u0000listed`);
      marks.set(`${parent}\u0000listed`, '');
      for (const c of list) {
        const p = childPath(parent, c.name);
        const mark = `${c.mzxid}:${c.pzxid}`;
        const old = seen.marks.get(p);
        if (known && old !== mark) seen.flashes.set(p, { token: ++seen.token, what: old === undefined ? 'new' : 'changed', until: now + FLASH_MS });
        marks.set(p, mark);
      }
    }
    seen.marks = marks;
  }
  const out = new Map<string, Flash>();
  for (const [p, f] of seen.flashes) {
    if (f.until < now) seen.flashes.delete(p);
    else out.set(p, { token: f.token, what: f.what });
  }
  return out;
}
