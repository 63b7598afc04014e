// Transaction logs: one server's txn log tail by zxid (epochs coloured and named), what is only
// proposed and what is committed, the leader's outstanding proposals with their ACKs, and what
// happened to the log (snapshots, new log files, syncs, truncations, restarts) where it happened.
// Only the rows in view are rendered, so a log of hundreds of entries scrolls cheaply.

import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { schemeTableau10 } from 'd3';
import type { TxnLogAnswer, TxnLogEntry } from '../../sim/machine/inspect.ts';
import { controller } from '../../store/controller.ts';
import { inspectServer, usePlayground } from '../../store/playground.ts';
import { useSelection } from '../../store/selection.ts';
import { useInspectedServer } from '../hooks/useServerQuery.ts';
import { at, epochOf, hex, quorumOf, sid } from '../elections/format.ts';
import { sessionKey, usePolled } from '../hooks/usePolled.ts';
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
    <div className="txl-picker" role="radiogroup" aria-label="Server whose log to show">
      {servers.map((s, i) => {
        const state = s.status === 'down' ? 'DOWN' : s.status === 'paused' ? 'PAUSED' : (s.view?.state ?? 'STARTING');
        return (
          <button
            key={s.id}
            role="radio"
            aria-checked={s.id === current}
            tabIndex={s.id === current ? 0 : -1}
            className={`txl-pick${s.id === current ? ' active' : ''}`}
            title={`Show the txn log of server ${s.id} (${state}); ←/→ to move`}
            data-testid={`txnlog-pick-${s.id}`}
            onClick={() => select({ server: s.id })}
            onKeyDown={(e) => onKey(e, i)}
          >
            s{s.id} <span className={`role role-${state} txl-pick-role`}>{state === 'LEADING' ? '♛ LEADING' : state}</span>
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
      icon = '▣';
      text = `snapshot at ${hex(m.zxid)} (${m.snapshot!.nodes} znodes)`;
      title = 'snapshotTaken: the tree was written to snapshot.' + m.zxid.toString(16) + '; a restart loads it and replays the log after it';
      break;
    case 'roll':
      icon = '▤';
      text = `new log file log.${m.zxid.toString(16)}`;
      title = 'logRolled: the txn log rolled over (after snapCount txns); this file starts with the next entry';
      break;
    case 'trunc':
      icon = '✂';
      text = `TRUNC from ${m.sync?.leader != null ? sid(m.sync.leader) : 'the leader'}: log cut after ${hex(m.zxid)}${m.removed && m.removed.length > 0 ? ` — removed ${opsText(m.removed)}` : ''}${m.sync?.mode === 'TRUNC+DIFF' ? ', then DIFF' : ''}`;
      title = `${text}. learnerSyncMode TRUNC: the leader told this learner to truncate its log to the last zxid they share; later entries (never committed by the ensemble) are gone`;
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
            : `DIFF from ${from}: missed txns${y.fromZxid !== null ? ` after ${hex(y.fromZxid)}` : ''}${y.toZxid !== null ? `, up to ${hex(y.toZxid)}` : ''}`;
      title = `${text}. learnerSyncMode ${y.mode}: how this learner caught up with its leader`;
      break;
    }
    case 'restart': {
      const r = m.restart!;
      icon = '↻';
      text = `restarted: snapshot ${hex(r.snapshotZxid)} + ${r.replayed} logged txn${r.replayed === 1 ? '' : 's'}, up to ${hex(r.lastZxid)}${m.removed && m.removed.length > 0 ? ` — lost in the crash: ${opsText(m.removed)}` : ''}`;
      title = `${text}. recovered: the server started from its data directory (the newest snapshot, then the log after it)`;
      break;
    }
    case 'empty':
      icon = '∅';
      text = 'started with an empty data directory';
      title = 'recovered from nothing: a first start, or after a wipe';
      break;
  }
  return (
    <div className={`txl-row txl-marker txl-m-${m.kind}`} title={title} data-testid={`txnlog-marker-${m.kind}`}>
      <span className="txl-micon" aria-hidden="true">
        {icon}
      </span>
      <span className="txl-mtext">{text}</span>
      <span className="txl-time">{at(m.at)}</span>
    </div>
  );
}

function OlderRow({ count, before, purged }: { count: number; before: number; purged: boolean }) {
  const text = purged
    ? `older log files were purged (ZooKeeper keeps those of the 3 newest snapshots): ${count} earlier mark${count === 1 ? '' : 's'} before ${hex(before)} not shown`
    : `${count} mark${count === 1 ? '' : 's'} before ${hex(before)}, the oldest entry shown, not shown`;
  return (
    <div className="txl-row txl-marker txl-m-older" title={text} data-testid="txnlog-older">
      <span className="txl-micon" aria-hidden="true">
        ⋮
      </span>
      <span className="txl-mtext">{text}</span>
    </div>
  );
}

function EntryRow({ e, base, acks, voters }: { e: TxnLogEntry; base: number; acks: readonly number[] | null; voters: number }) {
  const ep = epochOf(e.zxid);
  const t = timeText(e.time, base);
  const q = quorumOf(voters);
  const status = e.committed ? '✓ committed' : acks ? `◌ proposed · ${acks.length}/${q} ACKs` : '◌ proposed';
  const statusTitle = e.committed
    ? 'Applied to the tree on this server'
    : acks
      ? `Logged; the leader waits for a quorum (${q}) of ACKs: ${acks.length > 0 ? `acked by ${acks.map((a) => `s${a}`).join(', ')}` : 'none yet (the leader ACKs its own once it is on disk)'}`
      : 'Logged here; not committed on this server yet';
  return (
    <div className={`txl-row txl-entry${e.committed ? '' : ' txl-uncommitted'}`} data-testid={`txnlog-entry-${hex(e.zxid)}`} style={{ borderLeftColor: epochColour(ep) }}>
      <span className="txl-zxid" title={`zxid ${hex(e.zxid)}: epoch ${ep}, counter ${e.zxid % 2 ** 32}`}>
        {hex(e.zxid)}
      </span>
      <span className="txl-epoch" title={`epoch ${ep} (zxid >> 32)`}>
        <i style={{ background: epochColour(ep) }} aria-hidden="true" />e{ep}
      </span>
      <span className="txl-op">{e.op}</span>
      <span className="txl-path" title={e.path ?? undefined}>
        {e.path ?? ''}
      </span>
      <span className="txl-time" title={t.title}>
        {t.text}
      </span>
      <span className={e.committed ? 'txl-status txl-committed' : 'txl-status txl-proposed'} title={statusTitle}>
        {status}
      </span>
    </div>
  );
}

/** A scrolling list that renders only the rows in view and stays at the bottom while it is there. */
const VirtualRows = memo(function VirtualRows<E extends TxnLogEntry>({ rows, render }: { rows: readonly Row<E>[]; render: (r: Row<E>) => ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 400 });
  const stick = useRef(true);
  const total = rows.length * ROW_H;
  const measure = () => {
    const el = ref.current;
    if (!el) return;
    setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
  };
  // New rows: follow the tail if the person is at the bottom. (Layout is read only when rows change.)
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (stick.current) el.scrollTop = el.scrollHeight;
    measure();
  }, [rows.length]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const onScroll = () => {
    const el = ref.current!;
    stick.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_H / 2;
    measure();
  };
  const first = Math.max(0, Math.floor(view.top / ROW_H) - 8);
  const last = Math.min(rows.length, Math.ceil((view.top + view.height) / ROW_H) + 8);
  return (
    <div className="txl-scroll" ref={ref} onScroll={onScroll} tabIndex={0} aria-label="Txn log entries (scroll with the arrow keys)" data-testid="txnlog-rows">
      <div style={{ height: total, position: 'relative' }}>
        <div style={{ position: 'absolute', top: first * ROW_H, left: 0, right: 0 }}>
          {rows.slice(first, last).map((r) => (
            <div key={r.kind === 'entry' ? `e${r.entry.zxid}` : r.kind === 'marker' ? `m${r.marker.seq}` : 'older'} style={{ height: ROW_H }}>
              {render(r)}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}) as <E extends TxnLogEntry>(p: { rows: readonly Row<E>[]; render: (r: Row<E>) => ReactNode }) => ReactNode;

function Legend({ epochs }: { epochs: readonly number[] }) {
  return (
    <span className="txl-legend" title="Epochs in the entries shown (epoch = zxid >> 32)">
      {epochs.map((ep) => (
        <span key={ep} className="txl-legend-item">
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
  const renderRow = useCallback(
    (r: Row<TxnLogEntry>) =>
      r.kind === 'marker' ? (
        <MarkerRow m={r.marker} />
      ) : r.kind === 'older' ? (
        <OlderRow count={r.count} before={r.before} purged={r.purged} />
      ) : (
        <EntryRow e={r.entry} base={base} acks={acks.get(r.entry.zxid) ?? null} voters={voters} />
      ),
    [base, acks, voters],
  );

  if (server === null) return <div className="txl-view">No server to show.</div>;
  return (
    <div className="txl-view" data-testid="txnlog-view">
      <ServerPicker current={server} />
      {status === 'down' ? (
        <p className="txl-note">Server {server} is down: its log is on its disk. Start it to read it again.</p>
      ) : !answer ? (
        <p className="txl-note">Reading the log of server {server}…</p>
      ) : (
        <>
          <div className="txl-summary" data-testid="txnlog-summary">
            <span title="Last zxid in the txn log">
              last logged <b className="txl-mono">{hex(answer.lastLogged)}</b>
            </span>
            <span title="Last zxid applied to the tree">
              last committed <b className="txl-mono">{hex(answer.lastCommitted)}</b>
            </span>
            <span>
              {answer.entries.length}
              {answer.entries.length >= LIMIT ? ' newest' : ''} entr{answer.entries.length === 1 ? 'y' : 'ies'}
            </span>
            <Legend epochs={epochs} />
          </div>
          {answer.outstanding.length > 0 && (
            <div className="txl-outstanding" data-testid="txnlog-outstanding" title="Leader: proposals waiting for a quorum of ACKs (outstandingProposals)">
              <b>Outstanding proposals:</b>{' '}
              {answer.outstanding.map((o) => (
                <span key={o.zxid} className="txl-mono txl-prop">
                  {hex(o.zxid)} ACKs {o.acks.length > 0 ? o.acks.map((a) => `s${a}`).join(' ') : 'none'} ({o.acks.length}/{quorumOf(voters)})
                </span>
              ))}
              {unlogged.length > 0 && <span className="txl-muted"> ({unlogged.length} not yet in the leader's own log)</span>}
            </div>
          )}
          <div className="txl-row txl-head" aria-hidden="true">
            <span>zxid</span>
            <span>epoch</span>
            <span>op</span>
            <span>path</span>
            <span>time</span>
            <span>status</span>
          </div>
          {rows.length === 0 ? (
            <p className="txl-note">The log is empty.</p>
          ) : (
            <VirtualRows rows={rows} render={renderRow} />
          )}
        </>
      )}
    </div>
  );
}
