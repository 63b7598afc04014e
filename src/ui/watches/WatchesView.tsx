// The watches of one server: every registration (path → session, by kind), the totals as `wchs`
// prints them, and firings as they happen: the watch lights up, the event travels to its client,
// a one-shot watch goes away and a persistent one stays.

import { useMemo, useRef, useState } from 'react';
import type { WatchesAnswer, WatchKind } from '../../sim/machine/inspect.ts';
import type { SemanticLogEntry } from '../../sim/World.ts';
import { usePlayground } from '../../store/playground.ts';
import { useSelection } from '../../store/selection.ts';
import { eventTypeName, EventType } from '../../zk/ZooDefs.ts';
import { useInspectedServer } from '../hooks/useServerQuery.ts';
import { fmtTime, hexSid, shortSid, useClientsBySession, useClientServers, useInspect, useSemanticTail, type ClientRef } from '../sessions/common.ts';
import { ServerPicker } from '../sessions/ServerPicker.tsx';
import { WatchGraph, type Flash, type GraphRow, type GraphSession } from './WatchGraph.tsx';
import './watches.css';

const WATCHES = { kind: 'watches' } as const;
const MAX_ROWS = 300;

type Reg = WatchesAnswer['registrations'][number];

/** What people call the watch: exists watches sit in the data table, on a node that is not there. */
export function kindLabel(kind: WatchKind, exists: boolean): string {
  switch (kind) {
    case 'data':
      return exists ? 'data' : 'exist';
    case 'child':
      return 'child';
    case 'persistent':
      return 'persistent';
    case 'persistentRecursive':
      return 'recursive';
  }
}

const KIND_NAMES: Record<string, string> = { data: 'data watch', exist: 'exists watch', child: 'child watch', persistent: 'persistent watch', recursive: 'persistent recursive watch' };

const regKey = (r: { path: string; kind: string; session: string }): string => `${r.path}\u0000${r.kind}\u0000${r.session}`;

/** Whether registration r receives an event of this type at path (WatchManager.triggerWatch). */
function fires(r: Reg, path: string, type: number): boolean {
  if (r.kind === 'persistentRecursive') return type !== EventType.NodeChildrenChanged && (r.path === path || path.startsWith(r.path === '/' ? '/' : `${r.path}/`));
  if (r.path !== path) return false;
  if (r.kind === 'persistent') return true;
  if (r.kind === 'child') return type === EventType.NodeChildrenChanged || type === EventType.NodeDeleted;
  return type !== EventType.NodeChildrenChanged;
}

interface FiredEvent {
  readonly seq: number;
  readonly at: number;
  readonly server: number;
  readonly session: string;
  readonly path: string;
  readonly type: number;
}

function pickFired(e: SemanticLogEntry, seq: number): FiredEvent | null {
  return e.event.type === 'watchFired' ? { seq, at: e.at, server: e.server, session: hexSid(e.event.sessionId), path: e.event.path, type: e.event.event } : null;
}

interface Firing extends FiredEvent {
  /** The registrations it fired (as the view last saw them), with their labels. */
  readonly matched: readonly { readonly key: string; readonly label: string; readonly path: string }[];
  readonly stays: boolean;
}

export function WatchesView() {
  const servers = usePlayground((s) => s.servers);
  const playing = usePlayground((s) => s.playing);
  const selected = useSelection((s) => s.server);
  const activeClient = useSelection((s) => s.client);
  const select = useSelection((s) => s.select);
  const clientServers = useClientServers();
  const clients = useClientsBySession();
  const inspected = useInspectedServer(selected);
  const firstClient = usePlayground((s) => s.clients[0]?.name ?? null);
  // The picked server; else the one the console's client is connected to; else the leader.
  const viaClient = clientServers.get(activeClient ?? firstClient ?? '') ?? clientServers.values().next().value ?? null;
  const id = selected !== null && servers.some((s) => s.id === selected) ? selected : (viaClient ?? inspected);
  const answer = useInspect(id, WATCHES);
  const events = useSemanticTail(pickFired, 400);
  const [filter, setFilter] = useState('');

  // Which registrations each firing hit, judged against what the view knew when it happened.
  const cache = useRef(new Map<number, Firing>());
  const lastAnswer = useRef<{ id: number | null; answer: WatchesAnswer | null }>({ id: null, answer: null });
  if (answer !== null) lastAnswer.current = { id, answer };
  const firings = useMemo(() => {
    const out: Firing[] = [];
    const regs = lastAnswer.current.id === id ? (lastAnswer.current.answer?.registrations ?? []) : [];
    for (const e of events) {
      if (e.server !== id) continue;
      let f = cache.current.get(e.seq);
      if (!f) {
        const hit = regs.filter((r) => r.session === e.session && fires(r, e.path, e.type));
        const matched = hit.length
          ? hit.map((r) => ({ key: regKey({ path: r.path, kind: kindLabel(r.kind, r.exists), session: r.session }), label: kindLabel(r.kind, r.exists), path: r.path }))
          : // Registered and fired between two looks: infer the one-shot kind from the event.
            [{ key: regKey({ path: e.path, kind: e.type === EventType.NodeChildrenChanged ? 'child' : e.type === EventType.NodeCreated ? 'exist' : 'data', session: e.session }), label: e.type === EventType.NodeChildrenChanged ? 'child' : e.type === EventType.NodeCreated ? 'exist' : 'data', path: e.path }];
        f = { ...e, matched, stays: matched.some((m) => m.label === 'persistent' || m.label === 'recursive') };
        cache.current.set(e.seq, f);
      }
      out.push(f);
    }
    if (cache.current.size > 2000) for (const k of [...cache.current.keys()].slice(0, 1000)) cache.current.delete(k);
    return out;
  }, [events, id]);

  const clientOf = (sid: string): ClientRef | undefined => clients.get(sid);
  const regs = answer?.registrations ?? [];
  const counts = useMemo(() => {
    const c: Record<string, number> = { data: 0, exist: 0, child: 0, persistent: 0, recursive: 0 };
    for (const r of regs) c[kindLabel(r.kind, r.exists)]!++;
    return c;
  }, [regs]);
  const f = filter.trim();
  const matching = useMemo(() => (f === '' ? regs : regs.filter((r) => r.path.includes(f))), [regs, f]);
  const rows = useMemo<GraphRow[]>(
    () =>
      matching.slice(0, MAX_ROWS).map((r) => {
        const kind = kindLabel(r.kind, r.exists);
        const c = clients.get(r.session);
        return { key: regKey({ path: r.path, kind, session: r.session }), path: r.path, kind, session: r.session, title: `${KIND_NAMES[kind]} on ${r.path}${r.exists ? '' : ' (no such node yet)'}\nsession ${r.session}${c ? ` (client ${c.name})` : ''}, connection ${r.conn}\n${kind === 'persistent' || kind === 'recursive' ? 'stays after firing (until removed)' : 'one-shot: removed when it fires'}` };
      }),
    [matching, clients],
  );
  const sessions = useMemo<GraphSession[]>(() => {
    const seen = new Map<string, GraphSession>();
    for (const r of rows) {
      if (seen.has(r.session)) continue;
      const c = clients.get(r.session);
      const n = rows.filter((x) => x.session === r.session).length;
      seen.set(r.session, { session: r.session, label: c ? c.name : r.session.startsWith('conn') ? r.session : shortSid(r.session), sub: `${shortSid(r.session)} · ${n} watch${n === 1 ? '' : 'es'}${c && c.state !== 'CONNECTED' ? ` · ${c.state}` : ''}`, title: `session ${r.session}${c ? `\nclient ${c.name} (${c.state})` : ''}` });
    }
    return [...seen.values()];
  }, [rows, clients]);
  const flashes = useMemo<Flash[]>(() => firings.slice(-40).map((x) => ({ seq: x.seq, keys: x.matched.map((m) => m.key), session: x.session, typeName: eventTypeName(x.type) })), [firings]);
  const removedLabel = useMemo(() => {
    const m = new Map<string, string>();
    for (const x of firings.slice(-40)) for (const k of x.matched) if (k.label !== 'persistent' && k.label !== 'recursive') m.set(k.key, 'fired ✕');
    return m;
  }, [firings]);

  const clientNote = (sid: number): string => {
    const names = [...clientServers].filter(([, s]) => s === sid).map(([n]) => n);
    return names.length ? `· ${names.join(' ')}` : '';
  };
  const w = answer?.wchs;
  const recent = firings.slice(-30).reverse();

  return (
    <div className="wt-view" data-testid="watches-view">
      <ServerPicker label="Server" testid="watches-server" value={id} onPick={(s) => select({ server: s })} note={(s) => clientNote(s.id)} hint={(s) => `Watches registered at s${s.id}${clientNote(s.id) ? ` (clients connected: ${clientNote(s.id).slice(2)})` : ''}: a watch lives on the server its client is connected to`} />
      <div className="wt-totals" data-testid="watches-totals" title="wchs counts the data watch table: data, exists and persistent watches (a persistent watch sits in both tables); child watches are not counted">
        {w ? (
          <>
            <span className="wt-wchs">
              <span className="wt-wchs-label">wchs</span> {w.connections} connections watching {w.paths} paths · Total watches:{w.total}
            </span>
            <span className="wt-counts">
              {regs.length} registration{regs.length === 1 ? '' : 's'}: {Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(' · ')}
            </span>
          </>
        ) : id === null ? (
          'No server is up.'
        ) : (
          'Asking the server…'
        )}
      </div>
      <label className="wt-filter">
        <span>Filter paths</span>
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="/app" title="Show only the watches whose path contains this text" data-testid="watches-filter" />
        {matching.length > MAX_ROWS && <span className="muted"> showing {MAX_ROWS} of {matching.length}</span>}
      </label>
      {rows.length === 0 && answer && <p className="muted wt-empty">{regs.length === 0 ? `No watches at s${id}. Try get -w, ls -w, stat -w or addWatch in a console connected to it.` : 'No watch matches the filter.'}</p>}
      <WatchGraph rows={rows} sessions={sessions} flashes={flashes} playing={playing} removedLabel={removedLabel} />
      <h3 className="wt-h3">Fired at s{id ?? '—'}</h3>
      <ol className="wt-fired" data-testid="watch-fired-log">
        {recent.length === 0 && <li className="muted">No watch has fired here yet.</li>}
        {recent.map((x) => {
          const c = clientOf(x.session);
          return (
            <li key={x.seq}>
              <span className="at">{fmtTime(x.at)}</span> <span className="wt-ev">⚡ {eventTypeName(x.type)}</span> <span className="mono">{x.path}</span> → {c ? c.name : shortSid(x.session)} <span className="mono muted">{x.session}</span> ·{' '}
              {x.matched.map((m, i) => (
                <span key={m.key} className={m.label === 'persistent' || m.label === 'recursive' ? 'wt-stays' : 'wt-gone'}>
                  {i > 0 && ', '}
                  {KIND_NAMES[m.label]}
                  {m.path !== x.path ? ` on ${m.path}` : ''}: {m.label === 'persistent' || m.label === 'recursive' ? 'stays' : 'one-shot, removed'}
                </span>
              ))}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
