// What the person has picked on the page: shared between views so that clicking a server in one
// view shows its replica in the others.

import { create } from 'zustand';

interface Selection {
  /** The server whose replica the inspector views show (null: the leader, else the first up). */
  readonly server: number | null;
  /** The znode selected in the tree. */
  readonly path: string;
  /** The console in front. */
  readonly client: string | null;
  /** The inspector tab in front. */
  readonly tab: string;
  select(patch: Partial<Omit<Selection, 'select'>>): void;
}

export const useSelection = create<Selection>((set) => ({
  server: null,
  path: '/',
  client: null,
  tab: 'election',
  select: (patch) => set(patch),
}));
