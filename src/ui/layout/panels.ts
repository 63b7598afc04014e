// The views the page can show, by region. Each view lives in its own folder under src/ui and
// registers itself here with one entry.

import type { ComponentType } from 'react';
import { ElectionView } from '../elections/ElectionView.tsx';
import { TxnLogView } from '../txnlog/TxnLogView.tsx';
import { TreeView } from '../tree/TreeView.tsx';
import { SessionsView } from '../sessions/SessionsView.tsx';
import { WatchesView } from '../watches/WatchesView.tsx';
import { TimelinePanel } from '../timeline/TimelinePanel.tsx';

export interface PanelDef {
  readonly id: string;
  readonly title: string;
  /** Tooltip for its tab. */
  readonly hint: string;
  readonly component: ComponentType;
}

/** Tabs of the inspector (right of the ensemble). */
export const INSPECTOR_PANELS: PanelDef[] = [
  { id: 'election', title: 'Election', hint: "Fast Leader Election: each server's vote, round and tally; past rounds", component: ElectionView },
  { id: 'tree', title: 'Znodes', hint: "A replica's znode tree: data, Stat and ACL of a node, where it lags the leader", component: TreeView },
  { id: 'txnlog', title: 'Txn log', hint: "A server's transaction log by zxid: epochs, proposed vs committed, snapshots, truncations", component: TxnLogView },
  { id: 'sessions', title: 'Sessions', hint: "The leader's SessionTracker: expiry buckets, countdowns, ephemerals, expiries; a learner's pending touches", component: SessionsView },
  { id: 'watches', title: 'Watches', hint: "A server's watch registrations by kind, totals as wchs prints them, firings travelling to their clients", component: WatchesView },
];

/** Tabs of the bottom region (beside the consoles). */
export const BOTTOM_PANELS: PanelDef[] = [
  { id: 'timeline', title: 'Timeline', hint: 'Events and messages over time (space-time diagram); click an event to go back to it', component: TimelinePanel },
];
