// What happened to each server's txn log and snapshots, read from the world's semantic log, to
// mark on the log tail: snapshots (snapshotTaken), new log files (logRolled), syncs with a leader
// (learnerSyncMode, with the leader's syncChosen for its range), truncations (TRUNC: where the log
// was cut and which logged txns went) and restarts (recovered: what was loaded, and logged txns
// that did not survive the crash). Each marker has a zxid that places it among the log entries.
// The semantic log only grows: the index reads only the entries added since its last call.

import type { SemanticLogEntry } from '../../sim/World.ts';

export interface LoggedTxn {
  readonly zxid: number;
  readonly op: string;
  readonly path: string | null;
}

export type MarkerKind = 'snapshot' | 'roll' | 'trunc' | 'sync' | 'restart' | 'empty';

export interface Marker {
  readonly kind: MarkerKind;
  /** Virtual time. */
  readonly at: number;
  /** Where it goes in the log: after the entry with this zxid ('roll': before it). */
  readonly zxid: number;
  /** Sequence in the semantic log (ties at one zxid keep the order things happened). */
  readonly seq: number;
  readonly snapshot?: { readonly nodes: number };
  readonly sync?: { readonly mode: string; readonly leader: number | null; readonly fromZxid: number | null; readonly toZxid: number | null };
  /** trunc: logged txns cut; restart: logged txns lost with the crash. */
  readonly removed?: readonly LoggedTxn[];
  readonly restart?: { readonly snapshotZxid: number; readonly replayed: number; readonly lastZxid: number };
}

const KEPT_LOGGED = 2000;

interface PerServer {
  markers: Marker[];
  /** Recently logged txns, in log order, for what a truncation or a crash removes. */
  logged: LoggedTxn[];
}

export class MarkerIndex {
  private cursor = 0;
  version = 0;
  private readonly servers = new Map<number, PerServer>();
  /** The leader's last syncChosen for each learner. */
  private readonly chosen = new Map<number, { leader: number; mode: string; fromZxid: number; toZxid: number }>();

  constructor(private readonly log: readonly SemanticLogEntry[]) {}

  update(): this {
    const log = this.log;
    for (let i = this.cursor; i < log.length; i++) this.take(log[i]!, i);
    this.cursor = log.length;
    return this;
  }

  markersOf(server: number): readonly Marker[] {
    return this.servers.get(server)?.markers ?? [];
  }

  private of(s: number): PerServer {
    let p = this.servers.get(s);
    if (!p) this.servers.set(s, (p = { markers: [], logged: [] }));
    return p;
  }

  private add(s: number, m: Marker): void {
    this.of(s).markers.push(m);
    this.version++;
  }

  private take(e: SemanticLogEntry, seq: number): void {
    const ev = e.event;
    const s = e.server;
    switch (ev.type) {
      case 'txnLogged': {
        const l = this.of(s).logged;
        l.push({ zxid: ev.zxid, op: ev.op, path: ev.path });
        if (l.length > KEPT_LOGGED * 1.25) l.splice(0, l.length - KEPT_LOGGED);
        return;
      }
      case 'snapshotTaken':
        this.add(s, { kind: 'snapshot', at: e.at, zxid: ev.zxid, seq, snapshot: { nodes: ev.nodes } });
        return;
      case 'logRolled':
        this.add(s, { kind: 'roll', at: e.at, zxid: ev.zxid, seq });
        return;
      case 'syncChosen':
        this.chosen.set(ev.learner, { leader: s, mode: ev.mode, fromZxid: ev.fromZxid, toZxid: ev.toZxid });
        return;
      case 'learnerSyncMode': {
        const c = this.chosen.get(s);
        this.chosen.delete(s);
        const sync = { mode: c?.mode ?? ev.mode, leader: c?.leader ?? null, fromZxid: c?.fromZxid ?? null, toZxid: c?.toZxid ?? null };
        const p = this.of(s);
        if (ev.mode === 'TRUNC') {
          const removed = p.logged.filter((t) => t.zxid > ev.zxid);
          p.logged = p.logged.filter((t) => t.zxid <= ev.zxid);
          this.add(s, { kind: 'trunc', at: e.at, zxid: ev.zxid, seq, sync, removed });
        } else {
          // DIFF: after what the learner had; SNAP: the leader's snapshot replaces everything.
          this.add(s, { kind: 'sync', at: e.at, zxid: ev.mode === 'DIFF' ? (c?.fromZxid ?? ev.zxid) : ev.zxid, seq, sync });
        }
        return;
      }
      case 'recovered': {
        const p = this.of(s);
        const fresh = ev.snapshotZxid === 0 && ev.replayed === 0 && ev.lastZxid === 0;
        if (fresh) {
          // An empty data directory (first start, or wiped): what came before is gone. Its initial
          // snapshot, taken in this same step, stays.
          p.markers = p.markers.filter((m) => m.at >= e.at);
          p.logged = [];
          this.add(s, { kind: 'empty', at: e.at, zxid: 0, seq });
          return;
        }
        const removed = p.logged.filter((t) => t.zxid > ev.lastZxid);
        p.logged = p.logged.filter((t) => t.zxid <= ev.lastZxid);
        this.add(s, { kind: 'restart', at: e.at, zxid: ev.lastZxid, seq, removed, restart: { snapshotZxid: ev.snapshotZxid, replayed: ev.replayed, lastZxid: ev.lastZxid } });
        return;
      }
      default:
        return;
    }
  }
}

const indexes = new WeakMap<readonly SemanticLogEntry[], MarkerIndex>();

export function markersOf(log: readonly SemanticLogEntry[]): MarkerIndex {
  let ix = indexes.get(log);
  if (!ix) indexes.set(log, (ix = new MarkerIndex(log)));
  return ix.update();
}

export type Row<E> =
  | { readonly kind: 'entry'; readonly entry: E }
  | { readonly kind: 'marker'; readonly marker: Marker }
  /** Marks older than the oldest entry shown, left out (their log files are purged, or beyond the tail asked for). */
  | { readonly kind: 'older'; readonly count: number; readonly before: number; readonly purged: boolean };

/**
 * Entries (in zxid order) interleaved with the markers: a marker goes after the last entry whose
 * zxid is at or below its own (a new log file: before its first entry). Marks older than the first
 * entry are shown only when the log shown is the whole history: all of the log (`complete`) and
 * its first file was never rolled into (no roll at or before the first entry, else older files
 * were purged). The snapshot and roll that open the first file kept are always shown.
 */
export function interleave<E extends { readonly zxid: number }>(entries: readonly E[], markers: readonly Marker[], complete: boolean): Row<E>[] {
  const ms = [...markers].sort((a, b) => a.zxid - b.zxid || Number(b.kind === 'empty') - Number(a.kind === 'empty') || a.seq - b.seq);
  const first = entries[0]?.zxid;
  const purged = first !== undefined && ms.some((m) => m.kind === 'roll' && m.zxid <= first);
  const whole = first === undefined || (complete && !purged);
  const rows: Row<E>[] = [];
  let hidden = 0;
  let j = 0;
  const before = (m: Marker, z: number) => (m.kind === 'roll' ? m.zxid <= z : m.zxid < z);
  for (const e of entries) {
    while (j < ms.length && before(ms[j]!, e.zxid)) {
      const m = ms[j++]!;
      if (whole || m.zxid >= first! - 1) rows.push({ kind: 'marker', marker: m });
      else hidden++;
    }
    rows.push({ kind: 'entry', entry: e });
  }
  while (j < ms.length) rows.push({ kind: 'marker', marker: ms[j++]! });
  if (hidden > 0) rows.unshift({ kind: 'older', count: hidden, before: first!, purged });
  return rows;
}
