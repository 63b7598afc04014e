// The ensemble drawn: servers on a ring with their role, epochs, last zxid and (when LOOKING)
// their vote; clients beside the server their session is on; links between servers with cuts and
// partitions; messages in flight moving along them (MessageLayer). Click (or Enter on) a server
// for its menu; drag from one server to another, or click a link, to cut or heal it.

import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { usePlayground, type ServerInfo } from '../../store/playground.ts';
import { useSelection } from '../../store/selection.ts';
import type { ServerView } from '../../sim/machine/ServerView.ts';
import { FourLetterPanel } from './FourLetterPanel.tsx';
import { exitDistance, layoutEnsemble, PILL_H, type Layout, type Pt } from './layout.ts';
import { LinkMenu, PartitionMenu, ServerMenu, HEAL_HINT } from './menus.tsx';
import { LANE, MessageLayer } from './MessageLayer.tsx';
import { KINDS } from './messages.ts';
import { anythingCut, isCut, useNet, type Net, type NetClient } from './net.ts';
import { anchorOf, Popover, type Anchor } from './Popover.tsx';
import { hex, ROLE_HINT, ROLE_ICON, roleOf, type Role } from './roles.ts';
import { controller } from '../../store/controller.ts';
import './ensemble.css';

type Menu =
  | { readonly type: 'server'; readonly id: number; readonly anchor: Anchor; readonly opener: HTMLElement | null }
  | { readonly type: 'link'; readonly a: number; readonly b: number; readonly anchor: Anchor; readonly opener: HTMLElement | SVGElement | null }
  | { readonly type: 'partition'; readonly anchor: Anchor; readonly opener: HTMLElement | null };

/** Servers from the store, a new array only when something shown changed (not on every frame). */
function useServers(): readonly ServerInfo[] {
  const [servers, setServers] = useState(() => usePlayground.getState().servers);
  useEffect(
    () =>
      usePlayground.subscribe((st) =>
        setServers((prev) => {
          const next = st.servers;
          const same = prev.length === next.length && prev.every((p, i) => {
            const n = next[i]!;
            return p.id === n.id && p.status === n.status && p.view === n.view && p.fault === n.fault && p.role === n.role && p.address === n.address;
          });
          return same ? prev : next;
        }),
      ),
    [],
  );
  return servers;
}

function useSize(ref: React.RefObject<HTMLElement | null>): { w: number; h: number } {
  const [size, setSize] = useState({ w: 640, h: 300 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize((s) => (s.w === el.clientWidth && s.h === el.clientHeight ? s : { w: el.clientWidth, h: el.clientHeight })));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

/**
 * memo() that ignores function props: the view's handlers only read state that other props
 * (layout, ids) already stand for, so a new handler alone never needs a render.
 */
function sameData<P extends object>(a: P, b: P): boolean {
  for (const k of Object.keys(a) as (keyof P)[]) if (typeof a[k] !== 'function' && a[k] !== b[k]) return false;
  return Object.keys(a).length === Object.keys(b).length;
}

function epochText(v: ServerView): string {
  return v.state === 'STANDALONE' ? 'standalone' : `epoch ${v.currentEpoch} · acc ${v.acceptedEpoch}`;
}

const ServerNode = memo(function ServerNode({
  s,
  at,
  layout,
  last,
  open,
  dropTarget,
  onPointerDown,
  onPointerMove,
  onPointerUp,
  onClick,
  onKey,
}: {
  s: ServerInfo;
  at: Pt;
  layout: Layout;
  last: ServerView | undefined;
  open: boolean;
  dropTarget: boolean;
  onPointerDown: (e: PointerEvent<HTMLDivElement>, id: number) => void;
  onPointerMove: (e: PointerEvent<HTMLDivElement>) => void;
  onPointerUp: (e: PointerEvent<HTMLDivElement>) => void;
  onClick: (e: React.MouseEvent<HTMLDivElement>, id: number) => void;
  onKey: (e: KeyboardEvent<HTMLDivElement>, id: number) => void;
}) {
  const role = roleOf(s);
  const v = s.view;
  const fault = s.fault ?? (v?.startError ? `peerStartFailed: ${v.startError}` : null);
  const { w, h } = layout.node;
  let body: React.ReactNode;
  if (fault) {
    body = (
      <div className="ens-fault" title={fault}>
        {fault}
      </div>
    );
  } else if (v) {
    const vote = v.vote;
    const epoch = (
      <div key="epoch" className="ens-line" title="currentEpoch (the epoch it follows or leads) and acceptedEpoch (the last epoch it agreed to)">
        {epochText(v)}
      </div>
    );
    const zxid = (
      <div key="zxid" className="ens-line" title={`Last zxid in its txn log (last applied: ${hex(v.lastCommitted)}); ${v.znodes} znodes`}>
        zxid <code data-testid={`server-${s.id}-zxid`}>{hex(v.lastZxid)}</code>
      </div>
    );
    const third =
      v.state === 'LOOKING' && vote ? (
        <div key="third" className="ens-line ens-vote" data-testid={`server-${s.id}-vote`} title={`Its current vote: leader ${vote.id}, zxid ${hex(vote.zxid)}, peerEpoch ${vote.peerEpoch}, election round ${vote.electionEpoch}`}>
          {layout.compact ? '→' : 'vote '}s{vote.id} {hex(vote.zxid)} e{vote.peerEpoch}
        </div>
      ) : role === 'PAUSED' ? (
        <div key="third" className="ens-line ens-dim">
          stopped while {v.state}
        </div>
      ) : (
        <div key="third" className="ens-line ens-dim">
          {v.leader !== null && v.state !== 'LEADING' ? `leader s${v.leader} · ` : ''}
          {v.znodes} znodes
        </div>
      );
    // A compact node has two lines: the vote matters more than the epochs while LOOKING.
    body = layout.compact ? (v.state === 'LOOKING' || role === 'PAUSED' ? [zxid, third] : [epoch, zxid]) : [epoch, zxid, third];
  } else if (role === 'DOWN') {
    body = (
      <>
        <div className="ens-line ens-dim">process not running</div>
        <div className="ens-line ens-dim" title="Last zxid it had in its txn log when last seen running">
          {last ? (
            <>
              was <code data-testid={`server-${s.id}-zxid`}>{hex(last.lastZxid)}</code>
            </>
          ) : (
            'start it from the menu'
          )}
        </div>
      </>
    );
  } else {
    body = <div className="ens-line ens-dim">starting…</div>;
  }
  const label = `server ${s.id}, ${role}${v && role === 'PAUSED' ? ` (was ${v.state})` : ''}${v ? `, ${epochText(v)}, last zxid ${hex(v.lastZxid)}` : ''}`;
  return (
    <div
      className={`ens-node role-${role}${open ? ' open' : ''}${dropTarget ? ' drop' : ''}${layout.compact ? ' compact' : ''}`}
      style={{ left: at.x - w / 2, top: at.y - h / 2, width: w, height: h }}
      role="button"
      tabIndex={0}
      aria-haspopup="menu"
      aria-expanded={open}
      aria-label={label}
      data-testid={`server-${s.id}`}
      data-role={role}
      title={`server ${s.id} (${s.address}${s.role === 'observer' ? ', observer' : ''}) — ${role}: ${ROLE_HINT[role]}.\nClick or press Enter for its menu; drag it onto another server to cut or heal that link.`}
      onPointerDown={(e) => onPointerDown(e, s.id)}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onClick={(e) => onClick(e, s.id)}
      onKeyDown={(e) => onKey(e, s.id)}
    >
      <div className="ens-head">
        <span className="ens-id">s{s.id}</span>
        <span className="ens-icon" aria-hidden="true">
          {ROLE_ICON[role]}
        </span>
        <span className="ens-role" data-testid={`server-${s.id}-role`}>
          {role}
        </span>
      </div>
      {body}
    </div>
  );
}, sameData);

interface LinkGeom {
  readonly a: number;
  readonly b: number;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly nx: number;
  readonly ny: number;
}

function trimmed(layout: Layout, a: number, b: number): LinkGeom | null {
  const p = layout.servers.get(a);
  const q = layout.servers.get(b);
  if (!p || !q) return null;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const len = Math.hypot(dx, dy);
  if (len < 1) return null;
  const ux = dx / len;
  const uy = dy / len;
  const s = exitDistance(layout.node, ux, uy);
  return { a, b, x1: p.x + ux * s, y1: p.y + uy * s, x2: q.x - ux * s, y2: q.y - uy * s, nx: -uy, ny: ux };
}

interface LinkInfo {
  readonly ab: boolean;
  readonly ba: boolean;
  readonly quorum: boolean;
  readonly dead: boolean;
  /** 'open', 'both', or the cut direction 'a>b'. */
  readonly state: string;
  readonly text: string;
  readonly badge: string | null;
  /** Where the badge sits: 40% along from the lower id, so crossing diagonals keep theirs apart. */
  readonly bx: number;
  readonly by: number;
}

function linkInfo(g: LinkGeom, net: Net, servers: readonly ServerInfo[]): LinkInfo {
  const { a, b } = g;
  const ab = isCut(net, a, b);
  const ba = isCut(net, b, a);
  const sa = servers.find((x) => x.id === a);
  const sb = servers.find((x) => x.id === b);
  const dead = sa?.status === 'down' || sb?.status === 'down';
  const leads = (l: ServerInfo | undefined, f: ServerInfo | undefined): boolean => l?.view?.state === 'LEADING' && f?.status !== 'down' && f?.view?.leader === l.view.leader && (f.view.state === 'FOLLOWING' || f.view.state === 'OBSERVING');
  const quorum = !dead && (leads(sa, sb) || leads(sb, sa));
  const state = ab && ba ? 'both' : ab ? `${a}>${b}` : ba ? `${b}>${a}` : 'open';
  const badge = state === 'both' ? `✂ ${a}↔${b}` : state === 'open' ? null : `✂ ${state.replace('>', '→')}`;
  const text =
    state === 'both'
      ? `Link s${a}–s${b}: cut both ways`
      : state === 'open'
        ? `Link s${a}–s${b}: open${quorum ? ' (leader and learner connected)' : ''}${dead ? ' (a server is down)' : ''}`
        : `Link s${a}–s${b}: one-way cut, packets from s${state.split('>')[0]} to s${state.split('>')[1]} are lost`;
  return { ab, ba, quorum, dead, state, text, badge, bx: g.x1 + (g.x2 - g.x1) * 0.4, by: g.y1 + (g.y2 - g.y1) * 0.4 };
}

function sameInfo(a: LinkInfo, b: LinkInfo): boolean {
  return a.state === b.state && a.quorum === b.quorum && a.dead === b.dead && a.text === b.text && a.bx === b.bx && a.by === b.by;
}

type OpenLink = (a: number, b: number, anchor: Anchor, el: SVGElement) => void;

function openAt(onOpen: OpenLink, a: number, b: number, el: SVGGElement, x: number, y: number): void {
  const r = el.ownerSVGElement!.getBoundingClientRect();
  onOpen(a, b, { left: r.left + x - 4, top: r.top + y - 4, width: 8, height: 8 }, el);
}

const ServerLink = memo(function ServerLink({ g, info, onOpen }: { g: LinkGeom; info: LinkInfo; onOpen: OpenLink }) {
  const { a, b } = g;
  const { ab, ba, state, text } = info;
  const lane = (dir: 1 | -1, cut: boolean, key: string) => (
    <line key={key} className={`ens-lane${cut ? ' cut' : ''}`} x1={g.x1 + dir * g.nx * LANE} y1={g.y1 + dir * g.ny * LANE} x2={g.x2 + dir * g.nx * LANE} y2={g.y2 + dir * g.ny * LANE} />
  );
  return (
    <g
      className={`ens-link${info.quorum ? ' quorum' : ''}${info.dead ? ' dead' : ''}${state !== 'open' ? ' has-cut' : ''}`}
      data-testid={`link-${a}-${b}`}
      data-cut={state}
      tabIndex={0}
      role="button"
      aria-label={`${text}. Press Enter to cut or heal it.`}
      onClick={(e) => {
        const r = e.currentTarget.ownerSVGElement!.getBoundingClientRect();
        openAt(onOpen, a, b, e.currentTarget, e.clientX - r.left, e.clientY - r.top);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          openAt(onOpen, a, b, e.currentTarget, info.bx, info.by);
        }
      }}
    >
      <title>{`${text}. Click to cut or heal it.`}</title>
      <line className="ens-hit" x1={g.x1} y1={g.y1} x2={g.x2} y2={g.y2} />
      {state === 'open' ? <line className="ens-lane" x1={g.x1} y1={g.y1} x2={g.x2} y2={g.y2} /> : [lane(1, ab, 'ab'), lane(-1, ba, 'ba')]}
    </g>
  );
}, (x, y) => x.g === y.g && sameInfo(x.info, y.info));

/** A cut link's badge, drawn above the messages so that it stays readable. */
function LinkBadge({ g, info, onOpen }: { g: LinkGeom; info: LinkInfo; onOpen: OpenLink }) {
  if (info.badge === null) return null;
  return (
    <g
      className="ens-badge"
      transform={`translate(${info.bx},${info.by})`}
      data-testid={`cut-${g.a}-${g.b}`}
      onClick={(e) => {
        const r = e.currentTarget.ownerSVGElement!.getBoundingClientRect();
        openAt(onOpen, g.a, g.b, e.currentTarget, e.clientX - r.left, e.clientY - r.top);
      }}
    >
      <title>{`${info.text}. Click to cut or heal it.`}</title>
      <rect x={-26} y={-9} width={52} height={18} rx={9} />
      <text textAnchor="middle" dy="0.35em">
        {info.badge}
      </text>
    </g>
  );
}

const ClientNode = memo(function ClientNode({ c, layout, isolated, onPick }: { c: NetClient; layout: Layout; isolated: boolean; onPick: (name: string) => void }) {
  const spot = layout.clients.get(c.name);
  if (!spot) return null;
  const server = c.server === null ? undefined : layout.servers.get(c.server);
  const connected = c.state === 'CONNECTED' || c.state === 'CONNECTEDREADONLY';
  const state = c.state === 'CONNECTED' ? 'connected' : c.state === 'CONNECTEDREADONLY' ? 'connected read-only' : c.state.toLowerCase();
  let link: React.ReactNode = null;
  if (server) {
    const dx = server.x - spot.x;
    const dy = server.y - spot.y;
    const len = Math.hypot(dx, dy) || 1;
    const s = exitDistance({ w: spot.w, h: PILL_H }, dx / len, dy / len);
    const e = len - exitDistance(layout.node, dx / len, dy / len);
    const x1 = spot.x + (dx / len) * s;
    const y1 = spot.y + (dy / len) * s;
    const x2 = spot.x + (dx / len) * e;
    const y2 = spot.y + (dy / len) * e;
    link = (
      <g className={`ens-clink${connected ? ' up' : ''}${isolated ? ' cut' : ''}`} data-testid={`clink-${c.name}`} data-cut={isolated ? 'isolated' : 'open'}>
        <line x1={x1} y1={y1} x2={x2} y2={y2} />
        {isolated && (
          <text x={(x1 + x2) / 2} y={(y1 + y2) / 2} textAnchor="middle" dy="0.35em" className="ens-scissors">
            ✂
          </text>
        )}
      </g>
    );
  }
  const where = c.server === null ? 'not connected to any server' : `${connected ? 'on' : 'trying'} server ${c.server}${isolated ? ' (isolated: its packets are lost)' : ''}`;
  const title = `client ${c.name}: ${state}, ${where}, session ${c.sessionId}. Click to show its console.`;
  return (
    <>
      {link}
      <g
        className={`ens-client${connected ? ' up' : ''}`}
        transform={`translate(${spot.x},${spot.y})`}
        data-testid={`client-${c.name}`}
        tabIndex={0}
        role="button"
        aria-label={title}
        onClick={() => onPick(c.name)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onPick(c.name);
          }
        }}
      >
        <title>{title}</title>
        <rect x={-spot.w / 2} y={-PILL_H / 2} width={spot.w} height={PILL_H} rx={PILL_H / 2} />
        <text textAnchor="middle" dy="0.35em">
          {c.name.length > 10 ? `${c.name.slice(0, 9)}…` : c.name}
        </text>
      </g>
    </>
  );
}, sameData);

/** Actions taken while paused wait for virtual time to move (they run 1 ms after now): say so. */
function Waiting() {
  const [text, setText] = useState<{ n: number; list: string } | null>(null);
  useEffect(() => {
    const update = (st: { playing: boolean; now: number }): void => {
      const run = controller.session?.run;
      if (!run || st.playing) return setText((t) => (t === null ? t : null));
      const waiting = (run.recorded.actions ?? []).filter((a) => a.at > run.now);
      const list = waiting.map((a) => `t=${a.at} ${JSON.stringify({ ...a, at: undefined })}`).join('\n');
      setText((t) => (waiting.length === 0 ? null : t?.list === list ? t : { n: waiting.length, list }));
    };
    update(usePlayground.getState());
    return usePlayground.subscribe(update);
  }, []);
  if (!text) return null;
  return (
    <span className="ens-waiting" data-testid="actions-waiting" title={`Waiting to run (1 ms after they were taken):\n${text.list}`}>
      ⏳ {text.n} action{text.n > 1 ? 's' : ''} wait{text.n > 1 ? '' : 's'}: Play or Step
    </span>
  );
}

function Legend() {
  const roles: Role[] = ['LEADING', 'FOLLOWING', 'OBSERVING', 'LOOKING', 'PAUSED', 'DOWN'];
  return (
    <details className="ens-key">
      <summary title="What the colours and shapes mean">Key</summary>
      <div className="ens-key-body">
        <div className="ens-key-sec">Messages</div>
        <ul>
          {KINDS.map((k) => (
            <li key={k.kind} title={k.hint}>
              <span className={`ens-swatch msg-${k.kind}`} aria-hidden="true" /> {k.name}
            </li>
          ))}
        </ul>
        <div className="ens-key-sec">Servers</div>
        <ul>
          {roles.map((r) => (
            <li key={r} title={ROLE_HINT[r]}>
              <span className={`ens-role-chip role-${r}`}>
                {ROLE_ICON[r]} {r}
              </span>
            </li>
          ))}
        </ul>
        <div className="ens-key-sec">Links</div>
        <ul>
          <li>thick: leader ↔ learner</li>
          <li>
            <span className="ens-cut-sample">✂ 1→2</span> one-way cut (1 to 2 lost)
          </li>
          <li>
            <span className="ens-cut-sample">✂ 1↔2</span> cut both ways
          </li>
          <li>dashed client link: not connected</li>
        </ul>
      </div>
    </details>
  );
}

export function EnsembleView() {
  const loaded = usePlayground((s) => s.loaded);
  const servers = useServers();
  const net = useNet();
  const scrollRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const countRef = useRef<HTMLSpanElement>(null);
  const size = useSize(scrollRef);
  const [menu, setMenu] = useState<Menu | null>(null);
  const [drag, setDrag] = useState<{ from: number; x: number; y: number; over: number | null } | null>(null);
  const press = useRef<{ id: number; x: number; y: number; dragged: boolean } | null>(null);
  const suppressClick = useRef(false);
  const lastViews = useRef(new Map<number, ServerView>());
  for (const s of servers) if (s.view) lastViews.current.set(s.id, s.view);

  // The same ids keep the same array (and so the same layout) while the servers' states change.
  const idKey = servers.map((s) => s.id).join(',');
  const ids = useMemo(() => (idKey === '' ? [] : idKey.split(',').map(Number)), [idKey]);
  const clientKey = net.clients.map((c) => `${c.name}@${c.server}`).join(',');
  const layout = useMemo(
    () => layoutEnsemble({ servers: ids, clients: net.clients.map((c) => ({ name: c.name, server: c.server })), width: size.w, height: size.h }),
    // clientKey stands for the clients' placement.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ids, clientKey, size.w, size.h],
  );

  // A new ensemble closes what belonged to the old one.
  useEffect(() => setMenu(null), [loaded, ids]);

  const stagePoint = (e: { clientX: number; clientY: number }): Pt => {
    const r = stageRef.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const serverAt = (p: Pt): number | null => {
    for (const [id, q] of layout.servers) if (Math.abs(p.x - q.x) <= layout.node.w / 2 && Math.abs(p.y - q.y) <= layout.node.h / 2) return id;
    return null;
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>, id: number): void => {
    if (e.button !== 0) return;
    press.current = { id, x: e.clientX, y: e.clientY, dragged: false };
    e.currentTarget.setPointerCapture?.(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    const p = press.current;
    if (!p) return;
    if (!p.dragged && Math.hypot(e.clientX - p.x, e.clientY - p.y) < 6) return;
    p.dragged = true;
    const at = stagePoint(e);
    const over = serverAt(at);
    setDrag({ from: p.id, x: at.x, y: at.y, over: over === p.id ? null : over });
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>): void => {
    const p = press.current;
    press.current = null;
    if (!p || !p.dragged) return;
    suppressClick.current = true;
    setDrag(null);
    const at = stagePoint(e);
    const to = serverAt(at);
    if (to === null || to === p.id) return;
    setMenu({ type: 'link', a: p.id, b: to, anchor: { left: e.clientX - 4, top: e.clientY - 4, width: 8, height: 8 }, opener: e.currentTarget });
  };
  const onClick = (e: React.MouseEvent<HTMLDivElement>, id: number): void => {
    if (suppressClick.current) {
      suppressClick.current = false;
      return;
    }
    const el = e.currentTarget;
    setMenu((m) => (m?.type === 'server' && m.id === id ? null : { type: 'server', id, anchor: anchorOf(el), opener: el }));
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>, id: number): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      setMenu({ type: 'server', id, anchor: anchorOf(e.currentTarget), opener: e.currentTarget });
      return;
    }
    const d = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (d === 0) return;
    e.preventDefault();
    const i = ids.indexOf(id);
    const next = ids[(i + d + ids.length) % ids.length];
    stageRef.current?.querySelector<HTMLElement>(`[data-testid="server-${next}"]`)?.focus();
  };
  const openLink: OpenLink = (a, b, anchor, el) => setMenu({ type: 'link', a, b, anchor, opener: el });
  const pickClient = (name: string): void => useSelection.getState().select({ client: name });

  const geoms = useMemo(() => {
    const out: LinkGeom[] = [];
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        const g = trimmed(layout, ids[i]!, ids[j]!);
        if (g) out.push(g);
      }
    return out;
  }, [layout, ids]);
  const links = geoms.map((g) => ({ g, info: linkInfo(g, net, servers) }));
  const menuServer = menu?.type === 'server' ? servers.find((s) => s.id === menu.id) : undefined;
  const dragFrom = drag ? layout.servers.get(drag.from) : undefined;

  return (
    <div className="ens">
      <div className="ens-toolbar" role="toolbar" aria-label="Ensemble tools">
        <button
          type="button"
          className="ens-tool"
          data-testid="partition-open"
          disabled={!loaded || servers.length < 2}
          title="Partition the servers into two sides (a partition action)"
          onClick={(e) => setMenu({ type: 'partition', anchor: anchorOf(e.currentTarget), opener: e.currentTarget })}
        >
          Partition…
        </button>
        <button type="button" className="ens-tool" data-testid="heal-all" disabled={!loaded || !anythingCut(net)} title={anythingCut(net) ? HEAL_HINT : `${HEAL_HINT} Nothing is cut now.`} onClick={() => controller.act({ do: 'heal' })}>
          Heal all
        </button>
        <Waiting />
        <span className="ens-count" ref={countRef} data-testid="inflight-count" aria-live="off" title="Messages on the wires now (sent, not yet delivered)" />
        <span className="ens-hint" title="Click a server (or focus it and press Enter) for its menu: kill, restart, pause, wipe, isolate, disk faults, four-letter words. Drag a server onto another, or click a link, to cut or heal that link.">
          Click a server for its menu · drag one onto another to cut a link
        </span>
        <Legend />
      </div>
      <div className="ens-scroll" ref={scrollRef}>
        {!loaded ? (
          <p className="ens-empty">No ensemble is loaded.</p>
        ) : (
          <div className="ens-stage" ref={stageRef} style={{ width: layout.width, height: layout.height }}>
            <svg className="ens-svg" width={layout.width} height={layout.height} aria-label="Links, clients and messages">
              <g className="ens-links">
                {links.map((l) => (
                  <ServerLink key={`${l.g.a}-${l.g.b}`} g={l.g} info={l.info} onOpen={openLink} />
                ))}
              </g>
              <g className="ens-clients">
                {net.clients.filter((c) => layout.clients.has(c.name)).map((c) => (
                  <ClientNode key={c.name} c={c} layout={layout} isolated={c.server !== null && net.isolated.includes(c.server)} onPick={pickClient} />
                ))}
                {[...layout.folds.values()].map((f) => (
                  <g key={f.server} className="ens-client fold" transform={`translate(${f.x},${f.y})`} data-testid={`clients-more-${f.server}`}>
                    <title>{`${f.names.length} more clients on server ${f.server}: ${f.names.join(', ')}`}</title>
                    <rect x={-f.w / 2} y={-PILL_H / 2} width={f.w} height={PILL_H} rx={PILL_H / 2} />
                    <text textAnchor="middle" dy="0.35em">{`+${f.names.length}`}</text>
                  </g>
                ))}
              </g>
              <MessageLayer layout={layout} countRef={countRef} />
              <g className="ens-badges">
                {links.map((l) => (
                  <LinkBadge key={`${l.g.a}-${l.g.b}`} g={l.g} info={l.info} onOpen={openLink} />
                ))}
              </g>
              {drag && dragFrom && (
                <g className="ens-rubber" aria-hidden="true">
                  <line x1={dragFrom.x} y1={dragFrom.y} x2={drag.x} y2={drag.y} />
                  <text x={drag.x + 10} y={drag.y - 8}>{drag.over === null ? 'drop on a server' : `s${drag.from} → s${drag.over}`}</text>
                </g>
              )}
            </svg>
            {servers.map((s) => {
              const at = layout.servers.get(s.id);
              if (!at) return null;
              return (
                <ServerNode
                  key={s.id}
                  s={s}
                  at={at}
                  layout={layout}
                  last={lastViews.current.get(s.id)}
                  open={menu?.type === 'server' && menu.id === s.id}
                  dropTarget={drag?.over === s.id}
                  onPointerDown={onPointerDown}
                  onPointerMove={onPointerMove}
                  onPointerUp={onPointerUp}
                  onClick={onClick}
                  onKey={onKey}
                />
              );
            })}
          </div>
        )}
      </div>
      <FourLetterPanel />
      {menu && (
        <Popover
          key={menu.type === 'server' ? `s${menu.id}` : menu.type === 'link' ? `l${menu.a}-${menu.b}` : 'p'}
          anchor={menu.anchor}
          onClose={() => setMenu(null)}
          label={menu.type === 'server' ? `server ${menu.id} menu` : menu.type === 'link' ? `link s${menu.a}–s${menu.b}` : 'partition'}
          testid={menu.type === 'server' ? 'server-menu' : menu.type === 'link' ? 'link-menu' : 'partition-menu'}
          returnFocus={menu.opener}
        >
          {menu.type === 'server' && menuServer && (
            <ServerMenu
              s={menuServer}
              servers={servers}
              net={net}
              onClose={() => setMenu(null)}
              onLink={(peer) => setMenu({ type: 'link', a: Math.min(menu.id, peer), b: Math.max(menu.id, peer), anchor: menu.anchor, opener: menu.opener })}
            />
          )}
          {menu.type === 'link' && <LinkMenu a={menu.a} b={menu.b} net={net} onClose={() => setMenu(null)} />}
          {menu.type === 'partition' && <PartitionMenu servers={servers} onClose={() => setMenu(null)} />}
        </Popover>
      )}
    </div>
  );
}
