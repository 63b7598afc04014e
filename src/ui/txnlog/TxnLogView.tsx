// Transaction logs: one server's txn log tail by zxid (epochs coloured and named), what is only
// proposed and what is committed, the leader's outstanding proposals with their ACKs, and what
// happened to the log (snapshots, new log files, syncs, truncations, restarts) where it happened.
// Only the rows in view are rendered, so a log of hundreds of entries scrolls cheaply.

import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { schemeTableau10 } from 'd3';
import type { TxnLogAnswer, TxnLogEntry } from '../../sim/machine/inspect.ts';
import { controller } from '../../store/controller.ts';
import { inspectServer, usePlayground } from '../../store/playground.ts';
import { useSelection } from '../../store/selection.ts';
import { useInspectedServer } from '../hooks/useServerQuery.ts';
import { at, epochOf, hex, quorumOf, sid } from '../elections/format.ts';
import { sessionKey, usePolled } from '../elections/usePolled.ts';
import { interleave, markersOf, type Marker, type Row } from './markers.ts';
import './txnlog.css';

const LIMIT = 500;
const ROW_H = 24;

/** One colour per epoch (cycling), always written beside its number. */
export function epochColour(epoch: number): string {
  return schemeTableau10[((epoch % 10) + 10) % 10]!;
}

function ServerPicker({ current }: { current: number | null }) {
  const servers = usePlayground((s) => s.servers);
  const select = useSelection((s) => s.select);
  const onKey = (e: KeyboardEvent, i: number) => {
    const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (d === 0) return;
    e.preventDefault();
    const j = (i + d + servers.length) % servers.length;
    select({ server: servers[j]!.id });
    (e.currentTarget.parentElement?.children[j] as HTMLElement | undefined)?.focus();
  };
  return (
    <div className="tl-picker" role="radiogroup" aria-label="Server whose log to show">
      {servers.map((s, i) => {
        const state = s.status === 'down' ? 'DOWN' : s.status === 'paused' ? 'PAUSED' : (s.view?.state ?? 'STARTING');
        return (
          <button
            key={s.id}
            role="radio"
            aria-checked={s.id === current}
            tabIndex={s.id === current ? 0 : -1}
            className={`tl-pick${s.id === current ? ' active' : ''}`}
            title={`Show the txn log of server ${s.id} (${state}); ←/→ to move`}
            data-testid={`txnlog-pick-${s.id}`}
            onClick={() => select({ server: s.id })}
            onKeyDown={(e) => onKey(e, i)}
          >
            s{s.id} <span className={`role role-${state} tl-pick-role`}>{state === 'LEADING' ? '♛ LEADING' : state}</span>
          </button>
        );
      })}
    </div>
  );
}

function timeText(time: number, base: number): { text: string; title: string } {
  const iso = new Date(time).toISOString().replace('T', ' ').replace('Z', ' UTC');
  if (time >= base) return { text: at(time - base), title: `txn time ${iso} (virtual ${at(time - base)})` };
  return { text: iso.slice(11, 23), title: `txn time ${iso} (before this session)` };
}

function opsText(list: readonly { zxid: number; op: string; path: string | null }[]): string {
  const shown = list.slice(0, 4).map((t) => `${hex(t.zxid)} ${t.op}${t.path ? ` ${t.path}` : ''}`);
  return shown.join(', ') + (list.length > 4 ? `, and ${list.length - 4} more` : '');
}

function MarkerRow({ m }: { m: Marker }) {
  let icon = '';
  let text = '';
  let title = '';
  switch (m.kind) {
    case 'snapshot':
      icon = '📷';
      text = `snapshot at ${hex(m.zxid)} (${m.snapshot!.nodes} znodes)`;
      title = 'snapshotTaken: the tree was written to snapshot.' + m.zxid.toString(16) + '; a restart loads it and replays the log after it';
      break;
    case 'roll':
      icon = '🗎';
      text = `new log file log.${m.zxid.toString(16)}`;
      title = 'logRolled: the txn log rolled over (after snapCount txns); this file starts with the next entry';
      break;
    case 'trunc':
      icon = '✂';
      text = `TRUNC from ${m.sync?.leader != null ? sid(m.sync.leader) : 'the leader'}: log cut after ${hex(m.zxid)}${m.removed && m.removed.length > 0 ? ` — removed ${opsText(m.removed)}` : ''}${m.sync?.mode === 'TRUNC+DIFF' ? ', then DIFF' : ''}`;
      title = 'learnerSyncMode TRUNC: the leader told this learner to truncate its log to the last zxid they share; later entries (never committed by the ensemble) are gone';
      break;
    case 'sync': {
      const y = m.sync!;
      const from = y.leader !== null ? sid(y.leader) : 'the leader';
      icon = y.mode === 'SNAP' ? '⇊' : '⇣';
      text =
        y.mode === 'SNAP'
          ? `SNAP from ${from}: the whole database replaced by the leader's snapshot at ${hex(m.zxid)}`
          : y.fromZxid !== null && y.fromZxid === y.toZxid
            ? `DIFF from ${from}: already in sync at ${hex(y.fromZxid)} (empty DIFF)`
            : `DIFF from ${from}: the txns it missed${y.fromZxid !== null ? ` after ${hex(y.fromZxid)}` : ''}${y.toZxid !== null ? ` up to ${hex(y.toZxid)}` : ''} follow`;
      title = `learnerSyncMode ${y.mode}: how this learner caught up with its leader`;
      break;
    }
    case 'restart': {
      const r = m.restart!;
      icon = '↻';
      text = `restarted: loaded ${r.snapshotZxid > 0 ? `snapshot ${hex(r.snapshotZxid)}` : 'no snapshot'} + ${r.replayed} logged txn${r.replayed === 1 ? '' : 's'}, up to ${hex(r.lastZxid)}${m.removed && m.removed.length > 0 ? ` — lost in the crash: ${opsText(m.removed)}` : ''}`;
      title = 'recovered: the server started from its data directory';
      break;
    }
    case 'empty':
      icon = '∅';
      text = 'started with an empty data directory';
      title = 'recovered from nothing: a first start, or after a wipe';
      break;
  }
  return (
    <div className={`tl-row tl-marker tl-m-${m.kind}`} title={title} data-testid={`txnlog-marker-${m.kind}`}>
      <span className="tl-micon" aria-hidden="true">
        {icon}
      </span>
      <span className="tl-mtext">{text}</span>
      <span className="tl-time">{at(m.at)}</span>
    </div>
  );
}

function EntryRow({ e, base, acks, voters }: { e: TxnLogEntry; base: number; acks: readonly number[] | null; voters: number }) {
  const ep = epochOf(e.zxid);
  const t = timeText(e.time, base);
  const q = quorumOf(voters);
  const status = e.committed ? '✓ committed' : acks ? `◌ proposed · ACKs ${acks.map((a) => `s${a}`).join(' ') || 'none'} (${acks.length}/${q})` : '◌ proposed';
  return (
    <div className={`tl-row tl-entry${e.committed ? '' : ' tl-uncommitted'}`} data-testid={`txnlog-entry-${hex(e.zxid)}`} style={{ borderLeftColor: epochColour(ep) }}>
      <span className="tl-zxid" title={`zxid ${hex(e.zxid)}: epoch ${ep}, counter ${e.zxid % 2 ** 32}`}>
        {hex(e.zxid)}
      </span>
      <span className="tl-epoch" title={`epoch ${ep} (zxid >> 32)`}>
        <i style={{ background: epochColour(ep) }} aria-hidden="true" />e{ep}
      </span>
      <span className="tl-op">{e.op}</span>
      <span className="tl-path" title={e.path ?? undefined}>
        {e.path ?? ''}
      </span>
      <span className="tl-time" title={t.title}>
        {t.text}
      </span>
      <span className={e.committed ? 'tl-status tl-committed' : 'tl-status tl-proposed'} title={e.committed ? 'Applied to the tree on this server' : acks ? 'Logged; the leader waits for a quorum of ACKs' : 'Logged here; not committed on this server yet'}>
        {status}
      </span>
    </div>
  );
}

/** A scrolling list that renders only the rows in view and stays at the bottom while it is there. */
function VirtualRows<E extends TxnLogEntry>({ rows, render }: { rows: readonly Row<E>[]; render: (r: Row<E>) => ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 400 });
  const stick = useRef(true);
  const total = rows.length * ROW_H;
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (stick.current) el.scrollTop = el.scrollHeight;
    if (el.scrollTop !== view.top || el.clientHeight !== view.height) setView({ top: el.scrollTop, height: el.clientHeight });
  });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setView({ top: el.scrollTop, height: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const onScroll = () => {
    const el = ref.current!;
    stick.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_H / 2;
    setView({ top: el.scrollTop, height: el.clientHeight });
  };
  const first = Math.max(0, Math.floor(view.top / ROW_H) - 8);
  const last = Math.min(rows.length, Math.ceil((view.top + view.height) / ROW_H) + 8);
  return (
    <div className="tl-scroll" ref={ref} onScroll={onScroll} tabIndex={0} aria-label="Txn log entries" data-testid="txnlog-rows">
      <div style={{ height: total, position: 'relative' }}>
        <div style={{ position: 'absolute', top: first * ROW_H, left: 0, right: 0 }}>
          {rows.slice(first, last).map((r) => (
            <div key={r.kind === 'entry' ? `e${r.entry.zxid}` : `m${r.marker.seq}`} style={{ height: ROW_H }}>
              {render(r)}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

function Legend({ epochs }: { epochs: readonly number[] }) {
  return (
    <span className="tl-legend" title="Epochs in the entries shown (epoch = zxid >> 32)">
      {epochs.map((ep) => (
        <span key={ep} className="tl-legend-item">
          <i style={{ background: epochColour(ep) }} aria-hidden="true" />
          epoch {ep}
        </span>
      ))}
    </span>
  );
}

export function TxnLogView() {
  const selected = useSelection((s) => s.server);
  const server = useInspectedServer(selected);
  const info = usePlayground((s) => s.servers.find((x) => x.id === server) ?? null);
  const voters = usePlayground((s) => s.servers.filter((x) => x.role !== 'observer').length);
  usePlayground((s) => s.frame);
  const status = info?.status ?? 'down';
  const key = server === null || status === 'down' ? null : `${sessionKey()}:${server}`;
  const answer = usePolled<TxnLogAnswer | null>(key, () => inspectServer(server!, { kind: 'txnlog', limit: LIMIT }));
  const world = controller.session?.run.world ?? null;
  const index = world ? markersOf(world.semanticLog) : null;
  const markers = server !== null && index ? index.markersOf(server) : [];
  const nMarkers = markers.length;
  const rows = useMemo(() => (answer ? interleave(answer.entries, markers, answer.entries.length < LIMIT) : []), [answer, markers, nMarkers]);
  const epochs = useMemo(() => [...new Set(answer?.entries.map((e) => epochOf(e.zxid)) ?? [])].sort((a, b) => a - b), [answer]);
  const acks = useMemo(() => new Map(answer?.outstanding.map((o) => [o.zxid, o.acks] as const) ?? []), [answer]);
  const base = world?.wallClockBase ?? 0;
  const loggedZxids = useMemo(() => new Set(answer?.entries.map((e) => e.zxid) ?? []), [answer]);
  const unlogged = answer?.outstanding.filter((o) => !loggedZxids.has(o.zxid)) ?? [];

  if (server === null) return <div className="tl-view">No server to show.</div>;
  return (
    <div className="tl-view" data-testid="txnlog-view">
      <ServerPicker current={server} />
      {status === 'down' ? (
        <p className="tl-note">Server {server} is down: its log is on its disk. Start it to read it again.</p>
      ) : !answer ? (
        <p className="tl-note">Reading the log of server {server}…</p>
      ) : (
        <>
          <div className="tl-summary" data-testid="txnlog-summary">
            <span title="Last zxid in the txn log">
              last logged <b className="tl-mono">{hex(answer.lastLogged)}</b>
            </span>
            <span title="Last zxid applied to the tree">
              last committed <b className="tl-mono">{hex(answer.lastCommitted)}</b>
            </span>
            <span>
              {answer.entries.length}
              {answer.entries.length >= LIMIT ? ' newest' : ''} entr{answer.entries.length === 1 ? 'y' : 'ies'}
            </span>
            <Legend epochs={epochs} />
          </div>
          {answer.outstanding.length > 0 && (
            <div className="tl-outstanding" data-testid="txnlog-outstanding" title="Leader: proposals waiting for a quorum of ACKs (outstandingProposals)">
              <b>Outstanding proposals:</b>{' '}
              {answer.outstanding.map((o) => (
                <span key={o.zxid} className="tl-mono tl-prop">
                  {hex(o.zxid)} ACKs {o.acks.length > 0 ? o.acks.map((a) => `s${a}`).join(' ') : 'none'} ({o.acks.length}/{quorumOf(voters)})
                </span>
              ))}
              {unlogged.length > 0 && <span className="tl-muted"> ({unlogged.length} not yet in the leader's own log)</span>}
            </div>
          )}
          <div className="tl-row tl-head" aria-hidden="true">
            <span>zxid</span>
            <span>epoch</span>
            <span>op</span>
            <span>path</span>
            <span>time</span>
            <span>status</span>
          </div>
          {rows.length === 0 ? (
            <p className="tl-note">The log is empty.</p>
          ) : (
            <VirtualRows rows={rows} render={(r) => (r.kind === 'marker' ? <MarkerRow m={r.marker} /> : <EntryRow e={r.entry} base={base} acks={acks.get(r.entry.zxid) ?? null} voters={voters} />)} />
          )}
        </>
      )}
    </div>
  );
}
