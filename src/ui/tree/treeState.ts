// What the tree view remembers while other inspector tabs are in front: which nodes are open,
// which detail tab is showing. The selected path and server live in the shared selection store.

import { create } from 'zustand';
import { ancestorsOf } from './format.ts';

export type DetailTab = 'data' | 'stat' | 'acl';

interface TreeState {
  readonly expanded: ReadonlySet<string>;
  readonly detail: DetailTab;
  toggle(path: string, open?: boolean): void;
  /** Open every ancestor of path (not path itself). */
  reveal(path: string): void;
  setDetail(tab: DetailTab): void;
}

export const useTreeState = create<TreeState>((set) => ({
  expanded: new Set(['/']),
  detail: 'data',
  toggle: (path, open) =>
    set((s) => {
      const isOpen = s.expanded.has(path);
      const want = open ?? !isOpen;
      if (want === isOpen) return s;
      const next = new Set(s.expanded);
      if (want) next.add(path);
      else for (const p of s.expanded) if (p === path || p.startsWith(path === '/' ? '/' : `${path}/`)) next.delete(p);
      // The root stays open when something below it closes; closing '/' itself closes all.
      return { expanded: next };
    }),
  reveal: (path) =>
    set((s) => {
      const need = ancestorsOf(path).slice(0, -1);
      if (need.every((p) => s.expanded.has(p))) return s;
      return { expanded: new Set([...s.expanded, ...need]) };
    }),
  setDetail: (detail) => set({ detail }),
}));
