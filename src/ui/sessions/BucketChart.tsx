// The leader's ExpiryQueue on a time axis at tickTime granularity: one column per bucket (the
// time its sessions expire if nobody touches them), each session a chip in its bucket, a line at
// now and a marker where the expiry thread polls next. The axis advances one tick at a time, so
// buckets stand still between ticks and slide left as time passes; chips move between buckets as
// touches push them later, and fall away when their session ends. Transitions run only while the
// world plays.

import * as d3 from 'd3';
import { stop } from './stop.ts';
import { useEffect, useMemo, useRef } from 'react';
import { fit, fmtTime, useWidth } from './common.ts';

export interface Chip {
  /** Session id (0x hex). */
  readonly id: string;
  readonly label: string;
  readonly title: string;
  /** ExpiryQueue bucket time (virtual ms). */
  readonly bucket: number;
  readonly closing: boolean;
  /** A touch waits at the selected learner. */
  readonly pending: boolean;
}

interface Item {
  readonly key: string;
  readonly kind: 'chip' | 'more';
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly text: string;
  readonly title: string;
  readonly closing: boolean;
  readonly pending: boolean;
}

interface Tick {
  readonly t: number;
  readonly x: number;
  readonly label: string | null;
}

const MAX_H = 176;
const TOP = 30;
const ROW = 19;
const BOTTOM = 20;
const SIDE = 10;

/** What a Selection and a Transition both offer. */
interface Settable<D> {
  attr(name: string, value: string | number | ((d: D) => string | number)): unknown;
  style(name: string, value: string | number | ((d: D) => string | number)): unknown;
}

function settle<E extends d3.BaseType, D>(sel: d3.Selection<E, D, d3.BaseType, unknown>, playing: boolean, name: string, f: (s: Settable<D>) => void): void {
  if (playing) f(sel.transition(name).duration(450).ease(d3.easeCubicOut) as unknown as Settable<D>);
  else f(stop(sel, name) as unknown as Settable<D>);
}

const secs = (t: number): string => `${+(t / 1000).toFixed(3)}s`;

export function BucketChart({ tickTime, now, nextPoll, chips, span, playing, ended }: { tickTime: number; now: number; nextPoll: number | null; chips: readonly Chip[]; span: number; playing: boolean; ended: ReadonlyMap<string, string> }) {
  const wrap = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const width = Math.max(240, useWidth(wrap));
  const lo = Math.floor(now / tickTime) * tickTime - tickTime;
  // As tall as the fullest bucket needs (at least two rows), up to MAX_H.
  const deepest = useMemo(() => Math.max(2, ...d3.rollup(chips, (v) => v.length, (c) => c.bucket).values()), [chips]);
  const H = Math.min(MAX_H, TOP + deepest * ROW + BOTTOM);
  const hi = lo + span;

  const layout = useMemo(() => {
    const x = d3.scaleLinear().domain([lo, hi]).range([SIDE, width - SIDE]);
    const colW = x(lo + tickTime) - x(lo);
    const every = Math.max(1, Math.ceil(48 / colW));
    const ticks: Tick[] = d3.range(lo, hi + 1, tickTime).map((t) => ({ t, x: x(t), label: Math.round(t / tickTime) % every === 0 ? secs(t) : null }));
    const rows = Math.max(1, Math.floor((H - TOP - BOTTOM) / ROW));
    const byBucket = d3.group(chips, (c) => c.bucket);
    const items: Item[] = [];
    const w = Math.max(14, colW - 4);
    for (const [bucket, list] of [...byBucket].sort((a, b) => a[0] - b[0])) {
      const sorted = [...list].sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
      const shown = sorted.length > rows ? sorted.slice(0, rows - 1) : sorted;
      const cx = x(Math.max(lo, Math.min(hi, bucket)));
      shown.forEach((c, i) => {
        items.push({ key: c.id, kind: 'chip', x: cx - w / 2, y: TOP + i * ROW, w, text: `${c.closing ? '✕ ' : c.pending ? '↻ ' : ''}${c.label}`, title: c.title, closing: c.closing, pending: c.pending });
      });
      if (shown.length < sorted.length) {
        const rest = sorted.length - shown.length;
        items.push({ key: `more:${bucket}`, kind: 'more', x: cx - w / 2, y: TOP + shown.length * ROW, w, text: `+${rest}`, title: `${rest} more sessions in the bucket at ${fmtTime(bucket)}: ${sorted.slice(shown.length).map((c) => c.label).join(', ')}`, closing: false, pending: false });
      }
    }
    return { x, ticks, items, colW, poll: nextPoll === null ? null : x(Math.max(lo, Math.min(hi, nextPoll))) };
  }, [chips, lo, hi, width, tickTime, nextPoll, H]);

  // The axis and the chips: redrawn when buckets, the tick window or the size change.
  useEffect(() => {
    const svg = d3.select(svgRef.current!);
    if (!playing) stop(svg.selectAll('.gone'), 'exit').remove();

    const ticks = svg
      .select<SVGGElement>('g.ss-grid')
      .selectAll<SVGGElement, Tick>('g.ss-tick:not(.gone)')
      .data(layout.ticks, (d) => String(d.t));
    const te = ticks
      .enter()
      .append('g')
      .attr('class', 'ss-tick')
      .attr('transform', (d) => `translate(${d.x},0)`);
    te.append('line').attr('y1', TOP - 8);
    te.append('text').attr('y', 12).attr('text-anchor', 'middle');
    const tall = te.merge(ticks);
    tall.select('line').attr('y2', H - BOTTOM + 2);
    tall.select('text').text((d) => d.label ?? '');
    tall.classed('labelled', (d) => d.label !== null);
    settle(tall, playing, 'move', (s) => s.attr('transform', (d) => `translate(${d.x},0)`));
    const tx = (ticks.exit() as d3.Selection<SVGGElement, Tick, SVGGElement, unknown>).classed('gone', true);
    if (playing)
      tx.transition('exit')
        .duration(450)
        .attr('transform', `translate(${SIDE - layout.colW},0)`)
        .style('opacity', 0)
        .remove();
    else tx.remove();

    const chips = svg
      .select<SVGGElement>('g.ss-chips')
      .selectAll<SVGGElement, Item>('g.ss-chip:not(.gone)')
      .data(layout.items, (d) => d.key);
    const ce = chips
      .enter()
      .append('g')
      .attr('class', 'ss-chip')
      .attr('transform', (d) => `translate(${d.x},${d.y})`)
      .style('opacity', playing ? 0 : 1);
    ce.append('rect')
      .attr('rx', 3)
      .attr('height', ROW - 3);
    ce.append('text')
      .attr('x', 4)
      .attr('y', ROW - 7);
    ce.append('title');
    const call = ce.merge(chips);
    call
      .attr('data-session', (d) => (d.kind === 'chip' ? d.key : null))
      .classed('closing', (d) => d.closing)
      .classed('pending', (d) => d.pending)
      .classed('more', (d) => d.kind === 'more');
    call.select('rect').attr('width', (d) => d.w);
    call.select('text').text((d) => fit(d.text, d.w - 6));
    call.select('title').text((d) => d.title);
    settle(call, playing, 'move', (s) => {
      s.attr('transform', (d) => `translate(${d.x},${d.y})`);
      s.style('opacity', 1);
    });
    const cx = (chips.exit() as d3.Selection<SVGGElement, Item, SVGGElement, unknown>).classed('gone', true);
    if (playing) {
      cx.classed('ended', true);
      cx.select('text').text((d) => fit(ended.get(d.key) ?? '✕', d.w - 6));
      cx.transition('exit')
        .delay(500)
        .duration(900)
        .attr('transform', (d) => `translate(${d.x},${d.y + 18})`)
        .style('opacity', 0)
        .remove();
    } else cx.remove();

    const poll = svg.select<SVGGElement>('g.ss-poll');
    poll.attr('display', layout.poll === null ? 'none' : 'inline');
    if (layout.poll !== null) settle(poll, playing, 'move', (s) => s.attr('transform', `translate(${layout.poll},${TOP - 8})`));
  }, [layout, playing, ended, H]);

  // The now line moves every frame.
  useEffect(() => {
    const x = layout.x(now);
    const g = d3.select(svgRef.current!).select<SVGGElement>('g.ss-now');
    g.attr('transform', `translate(${x},0)`);
    g.select('text')
      .attr('text-anchor', x > width - 90 ? 'end' : 'start')
      .attr('x', x > width - 90 ? -4 : 4)
      .text(`now ${fmtTime(now)}`);
  }, [now, layout, width]);

  return (
    <div className="ss-chart" ref={wrap}>
      <svg ref={svgRef} width={width} height={H} role="img" aria-label={`Expiry buckets every ${tickTime} ms: ${chips.length} sessions`} data-testid="sessions-chart">
        <g className="ss-grid" />
        <g className="ss-poll">
          <path d="M-5,-6 L5,-6 L0,2 Z" />
          <title>{nextPoll === null ? '' : `The expiry thread polls the bucket at ${fmtTime(nextPoll)} next (it wakes every tickTime)`}</title>
        </g>
        <g className="ss-now">
          <line y1={TOP - 8} y2={H - BOTTOM + 4} />
          <text y={H - 5} />
        </g>
        <g className="ss-chips" />
      </svg>
    </div>
  );
}
