// The timeline's own state: the filter the event list and the space-time diagram share, the
// elections found in the line's log (markers on the scrubber), and the keyboard shortcuts of time.

import { create } from 'zustand';
import { controller } from '../../store/controller.ts';
import { restoreInput } from '../../store/playground.ts';
import type { SemanticLogEntry } from '../../sim/World.ts';
import type { Filter } from './rows.ts';

interface TimelineUi {
  readonly filter: Filter;
  setFilter(patch: Partial<Filter>): void;
}

export const useTimelineUi = create<TimelineUi>((set) => ({
  filter: { kind: 'all', server: 'all' },
  setFilter: (patch) => set((s) => ({ filter: { ...s.filter, ...patch } })),
}));

// A replay puts typed lines back into the consoles, where they were typed.
controller.retype = (client, input) => restoreInput(client, input);

/** Elections won (a leader deciding LEADING), found incrementally in the line's log. */
export interface ElectionMark {
  readonly at: number;
  readonly leader: number;
  readonly epoch: number;
}

const elections = { entries: null as readonly SemanticLogEntry[] | null, scanned: 0, marks: [] as ElectionMark[] };

export function electionMarks(entries: readonly SemanticLogEntry[]): readonly ElectionMark[] {
  if (elections.entries !== entries) {
    elections.entries = entries;
    elections.scanned = 0;
    elections.marks = [];
  }
  let added: ElectionMark[] | null = null;
  for (let i = elections.scanned; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.event.type === 'electionDecided' && e.event.state === 'LEADING') (added ??= []).push({ at: e.at, leader: e.event.leader, epoch: e.event.peerEpoch });
  }
  if (added !== null) elections.marks = [...elections.marks, ...added];
  elections.scanned = entries.length;
  return elections.marks;
}

export function formatTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}.${String(Math.floor(ms) % 1000).padStart(3, '0')}`;
}

/** Space plays or pauses, '.' processes one event: anywhere on the page but in text fields and on buttons. */
function onKey(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target as HTMLElement | null;
  if (t && (t.isContentEditable || t.closest('input, textarea, select, button, a, [role="button"], [role="tab"], [role="slider"], [role="menuitem"], [role="option"], [contenteditable="true"]'))) return;
  if (controller.session === null) return;
  if (e.key === ' ') {
    e.preventDefault();
    if (controller.playing) controller.pause();
    else controller.play();
  } else if (e.key === '.') {
    e.preventDefault();
    void controller.step();
  }
}

let installed = false;
export function installShortcuts(): void {
  if (installed) return;
  installed = true;
  window.addEventListener('keydown', onKey);
}
