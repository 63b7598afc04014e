// The event list's rows: the semantic log of the line merged with the recording's actions, in time
// order, filtered by kind and server. The log only grows while the world runs, so the index is
// extended with the new entries on every frame; it is rebuilt only when the filter or the line
// changes (a fork, a load, a preview that learned the future).

import type { ScenarioAction } from '../../scenario/types.ts';
import type { SemanticLogEntry } from '../../sim/World.ts';
import { kindOfAction, kindOfEvent, serversOfAction, type Kind } from './events.ts';

export interface Filter {
  readonly kind: Kind | 'all';
  readonly server: number | 'all';
}

export function passesEvent(f: Filter, e: SemanticLogEntry): boolean {
  return (f.kind === 'all' || kindOfEvent(e.event) === f.kind) && (f.server === 'all' || e.server === f.server);
}

export function passesAction(f: Filter, a: ScenarioAction): boolean {
  if (f.kind !== 'all' && kindOfAction(a) !== f.kind) return false;
  if (f.server === 'all') return true;
  const s = serversOfAction(a);
  return s.length === 0 || s.includes(f.server);
}

/**
 * Rows as numbers: i >= 0 is log entry i, i < 0 is action -i - 1. `times` holds each row's time,
 * so the row at a moment is a binary search away.
 */
export class RowIndex {
  rows: number[] = [];
  times: number[] = [];
  private entries: readonly SemanticLogEntry[] | null = null;
  private key = '';
  private scanned = 0;
  private order: number[] = [];
  private nextAction = 0;
  private actionCount = -1;

  /** Bring the index up to date; returns whether it changed. */
  update(entries: readonly SemanticLogEntry[], actions: readonly ScenarioAction[], filter: Filter, lineVersion: number, now: number): boolean {
    const key = `${filter.kind}|${filter.server}|${lineVersion}`;
    let changed = false;
    if (entries !== this.entries || key !== this.key) {
      this.entries = entries;
      this.key = key;
      this.rows = [];
      this.times = [];
      this.scanned = 0;
      this.nextAction = 0;
      this.actionCount = -1;
      changed = true;
    }
    if (actions.length !== this.actionCount) {
      // Actions are appended at the end of time (acting now); the ones emitted stay first.
      this.order = actions.map((_, i) => i).sort((x, y) => actions[x]!.at - actions[y]!.at || x - y);
      this.actionCount = actions.length;
    }
    const emitActions = (upTo: number): void => {
      while (this.nextAction < this.order.length) {
        const j = this.order[this.nextAction]!;
        const a = actions[j]!;
        if (a.at > upTo) break;
        this.nextAction++;
        if (passesAction(filter, a)) {
          this.rows.push(-j - 1);
          this.times.push(a.at);
        }
      }
    };
    for (let i = this.scanned; i < entries.length; i++) {
      const e = entries[i]!;
      emitActions(e.at);
      if (passesEvent(filter, e)) {
        this.rows.push(i);
        this.times.push(e.at);
      }
      changed = true;
    }
    this.scanned = entries.length;
    // Later log entries come at or after now (the live run's) or after the last one (the future's).
    const before = this.rows.length;
    emitActions(Math.max(now, entries.length > 0 ? entries[entries.length - 1]!.at : 0));
    return changed || this.rows.length !== before;
  }

  /** The number of rows at or before time t (rows at index < this are the past). */
  countUpTo(t: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
