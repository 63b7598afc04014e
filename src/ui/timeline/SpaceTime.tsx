// The space-time diagram: one horizontal line per process (servers, then clients), time running
// to the right, every message an arrow from the moment it was sent to the moment it arrived
// (dashed while still on the wire). The window follows now; it can be moved back over what the
// world keeps of delivered messages, and zoomed. Filtered by the same kind and server as the list.

import { scaleLinear, scalePoint } from 'd3';
import { useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { controller } from '../../store/controller.ts';
import { usePlayground } from '../../store/playground.ts';
import type { WireMessage } from '../../sim/World.ts';
import { KIND_LABEL, kindOfMessage, shortLabel, type Kind } from './events.ts';
import { formatTime, useTimelineUi } from './state.ts';
import type { Filter } from './rows.ts';

const SPANS = [20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 30_000] as const;
const MAX_ARROWS = 600;
const LEFT = 46;
const RIGHT = 10;
const TOP = 14;
const BOTTOM = 22;

interface Arrow {
  readonly m: WireMessage;
  readonly arrivedAt: number;
  readonly delivered: boolean;
  readonly kind: Kind;
}

function passes(f: Filter, m: WireMessage, kind: Kind): boolean {
  if (f.kind !== 'all' && kind !== f.kind) return false;
  return f.server === 'all' || m.from === `s${f.server}` || m.to === `s${f.server}`;
}

/** Messages that cross the window [from, to], delivered or still in flight (oldest first). */
function messagesIn(from: number, to: number, f: Filter): Arrow[] {
  const w = controller.session?.run.world;
  if (!w) return [];
  const d = w.delivered;
  // Delivered in order of arrival: skip those that arrived before the window.
  let lo = 0;
  let hi = d.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (d[mid]!.arrivedAt < from) lo = mid + 1;
    else hi = mid;
  }
  const out: Arrow[] = [];
  for (let i = lo; i < d.length; i++) {
    const m = d[i]!;
    if (m.sentAt > to) {
      // Messages can be held back by partitions; past a minute of arrivals, none was sent in the window.
      if (m.arrivedAt > to + 60_000) break;
      continue;
    }
    const kind = kindOfMessage(m);
    if (passes(f, m, kind)) out.push({ m, arrivedAt: m.arrivedAt, delivered: true, kind });
  }
  for (const { message, arriveAt } of w.inFlight()) {
    if (message.sentAt > to) continue;
    const kind = kindOfMessage(message);
    if (passes(f, message, kind)) out.push({ m: message, arrivedAt: arriveAt, delivered: false, kind });
  }
  return out.length > MAX_ARROWS ? out.slice(out.length - MAX_ARROWS) : out;
}

function spanLabel(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

export function SpaceTime() {
  usePlayground((s) => s.frame);
  const now = usePlayground((s) => s.now);
  const servers = usePlayground((s) => s.servers);
  const clients = usePlayground((s) => s.clients);
  const filter = useTimelineUi((s) => s.filter);
  const [span, setSpan] = useState(200);
  /** null: the window follows now; else the time at its right edge. */
  const [anchor, setAnchor] = useState<number | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 600, h: 220 });
  const dragFrom = useRef<{ x: number; end: number } | null>(null);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ w: Math.max(200, el.clientWidth), h: Math.max(120, el.clientHeight) }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const world = controller.session?.run.world;
  const earliest = world && world.delivered.length > 0 ? world.delivered[0]!.sentAt : 0;
  const liveEnd = now + Math.round(span * 0.15);
  const end = anchor === null ? liveEnd : Math.min(liveEnd, Math.max(anchor, earliest + span));
  const start = end - span;

  // Lanes: every server, then clients (one lane each when few, else one lane for all of them).
  const many = clients.length > 6;
  const lanes = [...servers.map((s) => `s${s.id}`), ...(many ? ['clients'] : clients.map((c) => `c:${c.name}`))];
  const laneOf = (p: string): string => (many && p.startsWith('c:') ? 'clients' : p);
  const x = scaleLinear().domain([start, end]).range([LEFT, size.w - RIGHT]);
  const y = scalePoint<string>().domain(lanes).range([TOP, size.h - BOTTOM]).padding(0.3);

  const arrows = messagesIn(start, end, filter);
  // Labels where they fit: messages of the chosen kinds first, session pings last.
  const placed: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const labels = new Map<number, { x: number; y: number; text: string }>();
  const order = arrows.map((_, i) => i).sort((a, b) => Number(arrows[a]!.kind === 'session') - Number(arrows[b]!.kind === 'session') || b - a);
  for (const i of order) {
    if (placed.length > 80) break;
    const a = arrows[i]!;
    const y0 = y(laneOf(a.m.from));
    const y1 = y(laneOf(a.m.to));
    if (y0 === undefined || y1 === undefined) continue;
    const t = a.delivered ? a.arrivedAt : Math.min(a.arrivedAt, now);
    const x0 = x(a.m.sentAt);
    const x1 = x(t);
    const text = shortLabel(a.m);
    const w = text.length * 6.2 + 4;
    // The middle of the arrow, else a bit before or after it.
    // On the arrow's middle, else a bit before or after, else beside it.
    search: for (const dx of [0, -(w / 2 + 3), w / 2 + 3]) {
      for (const f of [0.5, 0.3, 0.7, 0.2, 0.8]) {
        const mx = x0 + (x1 - x0) * f + dx;
        const my = y0 + (y1 - y0) * f + 3;
        const b = { x0: mx - w / 2, x1: mx + w / 2, y0: my - 9, y1: my + 3 };
        if (b.x0 < LEFT || b.x1 > size.w - RIGHT) continue;
        if (placed.some((p) => p.x0 < b.x1 && b.x0 < p.x1 && p.y0 < b.y1 && b.y0 < p.y1)) continue;
        placed.push(b);
        labels.set(i, { x: mx, y: my, text });
        break search;
      }
    }
  }

  const ticks = x.ticks(Math.max(2, Math.floor(size.w / 110)));
  const zoom = (d: number) => {
    const i = SPANS.indexOf(span as (typeof SPANS)[number]);
    const j = Math.max(0, Math.min(SPANS.length - 1, (i < 0 ? 5 : i) + d));
    setSpan(SPANS[j]!);
  };
  const pan = (fraction: number) => {
    const next = end + span * fraction;
    setAnchor(next >= liveEnd ? null : Math.max(earliest + span, next));
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowLeft') pan(-0.25);
    else if (e.key === 'ArrowRight') pan(0.25);
    else if (e.key === '+' || e.key === '=') zoom(-1);
    else if (e.key === '-') zoom(1);
    else if (e.key === 'f' || e.key === 'End') setAnchor(null);
    else return;
    e.preventDefault();
  };
  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if (e.button !== 0) return;
    dragFrom.current = { x: e.clientX, end };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const d = dragFrom.current;
    if (!d) return;
    const dt = ((d.x - e.clientX) / Math.max(1, size.w - LEFT - RIGHT)) * span;
    const next = d.end + dt;
    setAnchor(next >= liveEnd ? null : Math.max(earliest + span, Math.round(next)));
  };
  const onPointerUp = () => {
    dragFrom.current = null;
  };

  const kinds = new Set(arrows.map((a) => a.kind));
  return (
    <section className="tl-spacetime" aria-label="Space-time diagram">
      <div className="tl-pane-head">
        <h3>Messages</h3>
        <button type="button" className="tl-small" onClick={() => pan(-0.5)} title="Show earlier messages (←)" disabled={end - span <= earliest}>
          ◂ Earlier
        </button>
        <button type="button" className="tl-small" onClick={() => pan(0.5)} title="Show later messages (→)" disabled={anchor === null}>
          Later ▸
        </button>
        <button type="button" className="tl-small" onClick={() => zoom(-1)} title="Zoom in: a shorter window (+)" disabled={span === SPANS[0]}>
          +
        </button>
        <span className="tl-span" title="Width of the window">
          {spanLabel(span)}
        </span>
        <button type="button" className="tl-small" onClick={() => zoom(1)} title="Zoom out: a longer window (−)" disabled={span === SPANS[SPANS.length - 1]}>
          −
        </button>
        <button type="button" className="tl-small" aria-pressed={anchor === null} onClick={() => setAnchor(null)} title="Keep the window on now (F)" disabled={anchor === null}>
          Follow now
        </button>
        <span className="tl-legend" aria-label="Kinds shown">
          {[...kinds].map((k) => (
            <span key={k} className={`tl-kind k-${k}`}>
              {KIND_LABEL[k]}
            </span>
          ))}
        </span>
      </div>
      <div
        className="tl-st-box"
        ref={box}
        tabIndex={0}
        onKeyDown={onKey}
        title="Messages between processes: drag or ←/→ to move in time, +/− to zoom, F to follow now"
        data-testid="spacetime"
      >
        <svg width={size.w} height={size.h} role="img" aria-label={`Space-time diagram: ${arrows.length} messages between ${formatTime(Math.max(0, start))} and ${formatTime(end)}`} onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp}>
          <defs>
            <marker id="tl-arrowhead" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0L8,4L0,8z" fill="context-stroke" />
            </marker>
          </defs>
          {ticks.map((t) => (
            <g key={t} className="tl-tick">
              <line x1={x(t)} x2={x(t)} y1={TOP - 6} y2={size.h - BOTTOM + 4} />
              <text x={x(t)} y={size.h - 6} textAnchor="middle">
                {t >= 0 ? formatTime(t) : ''}
              </text>
            </g>
          ))}
          {lanes.map((l) => {
            const down = servers.some((s) => `s${s.id}` === l && s.status !== 'up');
            return (
              <g key={l} className={`tl-lane${down ? ' tl-lane-down' : ''}`}>
                <title>{down ? `${l} is not running now` : l.startsWith('c:') ? `client ${l.slice(2)}` : l === 'clients' ? 'all clients' : `server ${l.slice(1)}`}</title>
                <line x1={LEFT} x2={size.w - RIGHT} y1={y(l)} y2={y(l)} />
                <text x={LEFT - 6} y={(y(l) ?? 0) + 4} textAnchor="end">
                  {l.startsWith('c:') ? l.slice(2) : l}
                  {down ? ' ✕' : ''}
                </text>
              </g>
            );
          })}
          {now >= start && now <= end && <line className="tl-st-now" x1={x(now)} x2={x(now)} y1={TOP - 8} y2={size.h - BOTTOM + 4} />}
          {arrows.map((a, i) => {
            const y0 = y(laneOf(a.m.from));
            const y1 = y(laneOf(a.m.to));
            if (y0 === undefined || y1 === undefined) return null;
            const x0 = x(a.m.sentAt);
            const x1 = x(a.arrivedAt);
            const label = labels.get(i);
            const title = `${a.m.from} → ${a.m.to}: ${a.m.label} (sent ${formatTime(a.m.sentAt)}, ${a.delivered ? 'arrived' : 'arrives'} ${formatTime(a.arrivedAt)})`;
            return (
              <g key={`${i}-${a.m.sentAt}`} className={`tl-msg k-${a.kind}${a.delivered ? '' : ' tl-flying'}`} data-label={shortLabel(a.m)}>
                <title>{title}</title>
                <line x1={x0} y1={y0} x2={x1} y2={y1} markerEnd="url(#tl-arrowhead)" />
                {!a.delivered && a.arrivedAt > now && <circle cx={x(now)} cy={y0 + ((y1 - y0) * (now - a.m.sentAt)) / Math.max(1, a.arrivedAt - a.m.sentAt)} r={2.5} />}
                {label && (
                  <text x={label.x} y={label.y} textAnchor="middle" className="tl-msg-label">
                    {label.text}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
        {arrows.length === 0 && <p className="tl-empty tl-st-empty">No messages {filter.kind === 'all' ? '' : `of kind “${KIND_LABEL[filter.kind]}” `}in this window.</p>}
      </div>
    </section>
  );
}
