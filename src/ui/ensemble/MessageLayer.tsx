// Messages on the wires, drawn with d3 after every frame of the world: each sits at
// (now - sentAt) / (arriveAt - sentAt) along its link, so a replay draws the same picture. While
// the world plays, positions are interpolated within the millisecond the world stands on (virtual
// time is whole milliseconds); a paused world draws nothing new. Only the newest messages of each
// link are drawn, and only labels that do not overlap get their text (the others are dots with a
// tooltip).

import { select } from 'd3';
import { useEffect, useRef } from 'react';
import { controller } from '../../store/controller.ts';
import { usePlayground } from '../../store/playground.ts';
import type { WireMessage } from '../../sim/World.ts';
import { exitDistance, PILL_H, type Layout, type Pt, type Size } from './layout.ts';
import { classify, labelWidth, type MsgKind } from './messages.ts';

/** Messages drawn per direction of a link, and in all. */
export const PER_LANE = 6;
export const MAX_DRAWN = 160;
/** Half the distance between the two directions of a link. */
export const LANE = 4;

interface Drawn {
  readonly key: string;
  readonly kind: MsgKind;
  readonly text: string;
  readonly message: WireMessage;
  readonly arriveAt: number;
  readonly x: number;
  readonly y: number;
  /** Whether the link is long enough for the label. */
  readonly room: boolean;
  labelled: boolean;
}

interface End {
  readonly p: Pt;
  readonly box: Size;
}

function endOf(layout: Layout, who: string, other: string): End | null {
  if (who.startsWith('s')) {
    const p = layout.servers.get(Number(who.slice(1)));
    return p ? { p, box: layout.node } : null;
  }
  const name = who.slice(2);
  const c = layout.clients.get(name);
  if (c) return { p: c, box: { w: c.w, h: PILL_H } };
  // A folded client, or a four-letter-word connection: at the fold or the server's anchor.
  const server = Number(other.slice(1));
  const f = layout.folds.get(server);
  if (f && f.names.includes(name)) return { p: f, box: { w: f.w, h: PILL_H } };
  const a = layout.anchors.get(server);
  return a ? { p: a, box: { w: 8, h: 8 } } : null;
}

function describe(m: WireMessage, arriveAt: number): string {
  const who = (x: string): string => (x.startsWith('c:') ? `client ${x.slice(2)}` : `server ${x.slice(1)}`);
  return `${m.label}\n${who(m.from)} → ${who(m.to)}\nsent at ${m.sentAt} ms, arrives at ${arriveAt} ms`;
}

/** The messages to draw at virtual time t, positioned, newest first. */
export function placeMessages(layout: Layout, list: readonly { message: WireMessage; arriveAt: number }[], t: number): { drawn: Drawn[]; total: number } {
  const perLane = new Map<string, number>();
  const drawn: Drawn[] = [];
  const seen = new Map<string, number>();
  for (let i = list.length - 1; i >= 0 && drawn.length < MAX_DRAWN; i--) {
    const { message: m, arriveAt } = list[i]!;
    const lane = `${m.from}>${m.to}`;
    const k = perLane.get(lane) ?? 0;
    if (k >= PER_LANE) continue;
    const a = endOf(layout, m.from, m.to);
    const b = endOf(layout, m.to, m.from);
    if (!a || !b) continue;
    perLane.set(lane, k + 1);
    const dx = b.p.x - a.p.x;
    const dy = b.p.y - a.p.y;
    const len = Math.hypot(dx, dy);
    if (len < 1) continue;
    const ux = dx / len;
    const uy = dy / len;
    // Each direction has its lane: to the right of the way it travels.
    const ox = -uy * LANE;
    const oy = ux * LANE;
    const c = classify(m);
    // The track runs between the two boxes, so that a label is never under a server or client.
    // A link too short for the label carries a dot.
    const s0 = exitDistance(a.box, ux, uy);
    const e0 = len - exitDistance(b.box, ux, uy);
    const pill = exitDistance({ w: labelWidth(c.text), h: 14 }, ux, uy);
    const room = e0 - s0 >= 2 * pill;
    const inset = room ? pill : Math.min(5, Math.max(0, (e0 - s0) / 2));
    const s = s0 + inset;
    const e = e0 - inset;
    const span = arriveAt - m.sentAt;
    const f = span <= 0 ? 1 : Math.min(1, Math.max(0, (t - m.sentAt) / span));
    const d = s + (e - s) * f;
    const base = `${lane}|${m.sentAt}|${arriveAt}|${m.label}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    drawn.push({ key: `${base}#${n}`, kind: c.kind, text: c.text, message: m, arriveAt, x: a.p.x + ux * d + ox, y: a.p.y + uy * d + oy, room, labelled: false });
  }
  // Labels, newest first, where they do not cover one already placed.
  const boxes: { x0: number; x1: number; y0: number; y1: number }[] = [];
  for (const m of drawn) {
    if (!m.room) continue;
    const w = labelWidth(m.text);
    const box = { x0: m.x - w / 2 - 2, x1: m.x + w / 2 + 2, y0: m.y - 8, y1: m.y + 8 };
    if (boxes.some((o) => o.x0 < box.x1 && box.x0 < o.x1 && o.y0 < box.y1 && box.y0 < o.y1)) continue;
    boxes.push(box);
    m.labelled = true;
  }
  // Labelled ones on top of the dots.
  drawn.sort((x, y) => Number(x.labelled) - Number(y.labelled));
  return { drawn, total: list.length };
}

export function MessageLayer({ layout, countRef }: { layout: Layout; countRef: React.RefObject<HTMLSpanElement | null> }) {
  const ref = useRef<SVGGElement>(null);
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  const clock = useRef({ now: -1, real: 0 });
  const drawRef = useRef<(() => void) | null>(null);

  useEffect(() => {
    const draw = (): void => {
      const g = ref.current;
      const run = controller.session?.run;
      if (!g) return;
      let drawn: Drawn[] = [];
      let total = 0;
      if (run) {
        const now = run.world.now;
        const real = performance.now();
        if (now !== clock.current.now) clock.current = { now, real };
        // Within the current millisecond only: everything due at now has been delivered.
        const t = controller.playing ? Math.min(now + 0.999, now + (real - clock.current.real) * controller.speed) : now;
        ({ drawn, total } = placeMessages(layoutRef.current, run.world.inFlight(), t));
      }
      const count = countRef.current;
      if (count) count.textContent = total === 0 ? 'no messages in flight' : `${total} in flight${drawn.length < total ? ` (newest ${drawn.length} drawn)` : ''}`;
      select(g)
        .selectAll<SVGGElement, Drawn>('g.msg')
        .data(drawn, (d) => d.key)
        .join(
          (enter) => {
            const e = enter.append('g').attr('data-testid', 'msg');
            e.attr('class', (d) => `msg msg-${d.kind}`)
              .attr('data-kind', (d) => d.kind)
              .attr('data-label', (d) => d.text)
              .attr('aria-label', (d) => describe(d.message, d.arriveAt).split('\n')[0]!);
            e.append('title').text((d) => describe(d.message, d.arriveAt));
            e.append('rect').attr('ry', 7).attr('rx', 7);
            e.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em').text((d) => d.text);
            return e;
          },
          (update) => update,
          (exit) => exit.remove(),
        )
        .order()
        .attr('transform', (d) => `translate(${d.x.toFixed(1)},${d.y.toFixed(1)})`)
        .classed('labelled', (d) => d.labelled)
        .each(function (d) {
          // Only a message that became (or stopped being) labelled changes its pill.
          const el = this as SVGGElement & { pillLabelled?: boolean };
          if (el.pillLabelled === d.labelled) return;
          el.pillLabelled = d.labelled;
          const w = d.labelled ? labelWidth(d.text) : 10;
          const h = d.labelled ? 14 : 10;
          const r = this.querySelector('rect');
          if (r) {
            r.setAttribute('width', String(w));
            r.setAttribute('height', String(h));
            r.setAttribute('x', String(-w / 2));
            r.setAttribute('y', String(-h / 2));
            r.setAttribute('rx', String(h / 2));
            r.setAttribute('ry', String(h / 2));
          }
        });
    };
    drawRef.current = draw;
    draw();
    const unsubscribe = usePlayground.subscribe(draw);
    return () => {
      unsubscribe();
      drawRef.current = null;
    };
  }, [countRef]);

  // A new layout (resize, a client moved) redraws at once, even when paused.
  useEffect(() => {
    drawRef.current?.();
  }, [layout]);

  return <g ref={ref} className="ens-msgs" aria-label="Messages in flight" />;
}
