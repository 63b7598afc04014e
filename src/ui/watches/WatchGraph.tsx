// The watch registrations of one server drawn as links: each watched path (with the kind of its
// watch) on the left, linked to the session that registered it on the right. A firing lights the
// watch up and sends a badge with the event type along the link to the client; a one-shot watch
// then fades out, a persistent one stays. Transitions run only while the world plays.

import * as d3 from 'd3';
import { stop } from '../sessions/stop.ts';
import { useEffect, useMemo, useRef } from 'react';
import { fit, fitPath, useWidth } from '../sessions/common.ts';

export interface GraphRow {
  readonly key: string;
  readonly path: string;
  /** data, exist, child, persistent, recursive */
  readonly kind: string;
  readonly session: string;
  readonly title: string;
}

export interface GraphSession {
  readonly session: string;
  readonly label: string;
  readonly sub: string;
  readonly title: string;
}

export interface Flash {
  readonly seq: number;
  /** Rows (keys) the event fired. */
  readonly keys: readonly string[];
  readonly session: string;
  readonly typeName: string;
}

const ROW = 22;
const PAD = 8;
const SESS = 28;
const CHIP_W = 74;

interface RowL extends GraphRow {
  readonly y: number;
  /** The first row of its path (the others leave the path out). */
  readonly first: boolean;
}
interface SessL extends GraphSession {
  readonly y: number;
}
interface LinkL {
  readonly key: string;
  readonly kind: string;
  readonly d: string;
}

export function WatchGraph({ rows, sessions, flashes, playing, removedLabel }: { rows: readonly GraphRow[]; sessions: readonly GraphSession[]; flashes: readonly Flash[]; playing: boolean; removedLabel: ReadonlyMap<string, string> }) {
  const wrap = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const width = Math.max(300, useWidth(wrap));

  const layout = useMemo(() => {
    const sessW = Math.round(Math.min(220, Math.max(120, width * 0.3)));
    const sx = width - sessW - 4;
    const longest = rows.reduce((m, r) => Math.max(m, r.path.length), 4);
    const chipX = Math.round(Math.min(Math.max(150, width * 0.45) - CHIP_W, Math.max(60, longest * 6.7 + 16)));
    const rowsL: RowL[] = rows.map((r, i) => ({ ...r, y: PAD + i * ROW, first: i === 0 || rows[i - 1]!.path !== r.path }));
    // Sessions in the order of the mean height of their watches, each as near it as room allows.
    const mean = new Map<string, { sum: number; n: number }>();
    for (const r of rowsL) {
      const m = mean.get(r.session) ?? { sum: 0, n: 0 };
      m.sum += r.y;
      m.n++;
      mean.set(r.session, m);
    }
    const order = [...sessions].sort((a, b) => {
      const ma = mean.get(a.session);
      const mb = mean.get(b.session);
      return (ma ? ma.sum / ma.n : 1e9) - (mb ? mb.sum / mb.n : 1e9) || a.label.localeCompare(b.label);
    });
    let y = PAD - SESS;
    const sessL: SessL[] = order.map((s) => {
      const m = mean.get(s.session);
      const want = m ? m.sum / m.n - 4 : y + SESS;
      y = Math.max(y + SESS, want);
      return { ...s, y };
    });
    const sy = new Map(sessL.map((s) => [s.session, s.y + 13] as const));
    const x1 = chipX + CHIP_W;
    const links: LinkL[] = rowsL.flatMap((r) => {
      const y2 = sy.get(r.session);
      if (y2 === undefined) return [];
      const y1 = r.y + ROW / 2 - 1;
      const mx = (x1 + sx) / 2;
      return [{ key: r.key, kind: r.kind, d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${sx},${y2}` }];
    });
    const height = Math.max(rowsL.length * ROW, ...sessL.map((s) => s.y + SESS)) + PAD * 2;
    return { rows: rowsL, sessions: sessL, links, chipX, sx, sessW, height };
  }, [rows, sessions, width]);

  useEffect(() => {
    const svg = d3.select(svgRef.current!);
    if (!playing) stop(svg.selectAll('.gone'), 'exit').remove();
    const firedKeys = new Set(flashes.slice(-50).flatMap((f) => f.keys));

    // Links under everything.
    const links = svg
      .select<SVGGElement>('g.wt-links')
      .selectAll<SVGPathElement, LinkL>('path.wt-link:not(.gone)')
      .data(layout.links, (d) => d.key);
    const linksAll = links
      .enter()
      .append('path')
      .attr('class', 'wt-link')
      .style('opacity', playing ? 0 : 1)
      .merge(links)
      .attr('data-key', (d) => d.key)
      .attr('data-kind', (d) => d.kind);
    if (playing) linksAll.transition('move').duration(400).attr('d', (d) => d.d).style('opacity', 1);
    else stop(linksAll, 'move').attr('d', (d) => d.d).style('opacity', 1);
    const lx = (links.exit() as d3.Selection<SVGPathElement, LinkL, SVGGElement, unknown>).classed('gone', true);
    if (playing)
      lx.transition('exit')
        .delay((d) => (firedKeys.has(d.key) ? 900 : 0))
        .duration(700)
        .style('opacity', 0)
        .remove();
    else lx.remove();

    // Watched paths with the kind of watch.
    const rowsSel = svg
      .select<SVGGElement>('g.wt-rows')
      .selectAll<SVGGElement, RowL>('g.wt-row:not(.gone)')
      .data(layout.rows, (d) => d.key);
    const re = rowsSel
      .enter()
      .append('g')
      .attr('class', 'wt-row')
      .attr('transform', (d) => `translate(0,${d.y})`)
      .style('opacity', playing ? 0 : 1);
    re.append('text').attr('class', 'wt-path').attr('x', 4).attr('y', 15);
    re.append('rect').attr('class', 'wt-chip').attr('height', ROW - 5).attr('y', 1).attr('rx', 8).attr('width', CHIP_W);
    re.append('text').attr('class', 'wt-kind').attr('y', 13).attr('text-anchor', 'middle');
    re.append('rect').attr('class', 'wt-glow').attr('height', ROW - 1).attr('y', -1).attr('x', 0).attr('rx', 4).style('opacity', 0);
    re.append('title');
    const ra = re.merge(rowsSel);
    ra.attr('data-key', (d) => d.key)
      .attr('data-path', (d) => d.path)
      .attr('data-kind', (d) => d.kind)
      .attr('data-session', (d) => d.session)
      .attr('data-state', 'registered')
      .attr('class', (d) => `wt-row kind-${d.kind}`);
    ra.select('text.wt-path').text((d) => (d.first ? fitPath(d.path, layout.chipX - 12) : ''));
    ra.select('rect.wt-chip').attr('x', layout.chipX);
    ra.select('text.wt-kind')
      .attr('x', layout.chipX + CHIP_W / 2)
      .text((d) => d.kind);
    ra.select('rect.wt-glow').attr('width', layout.chipX + CHIP_W + 2);
    ra.select('title').text((d) => d.title);
    if (playing) ra.transition('move').duration(400).attr('transform', (d) => `translate(0,${d.y})`).style('opacity', 1);
    else stop(ra, 'move').attr('transform', (d) => `translate(0,${d.y})`).style('opacity', 1);
    const rx = (rowsSel.exit() as d3.Selection<SVGGElement, RowL, SVGGElement, unknown>).classed('gone', true).attr('data-state', 'removed');
    if (playing) {
      rx.filter((d) => firedKeys.has(d.key))
        .classed('fired-removed', true)
        .select('text.wt-kind')
        .text((d) => removedLabel.get(d.key) ?? 'removed');
      rx.transition('exit')
        .delay((d) => (firedKeys.has(d.key) ? 900 : 0))
        .duration(700)
        .style('opacity', 0)
        .remove();
    } else rx.remove();

    // Sessions (their clients) on the right.
    const ss = svg
      .select<SVGGElement>('g.wt-sessions')
      .selectAll<SVGGElement, SessL>('g.wt-sess:not(.gone)')
      .data(layout.sessions, (d) => d.session);
    const se = ss
      .enter()
      .append('g')
      .attr('class', 'wt-sess')
      .attr('transform', (d) => `translate(${layout.sx},${d.y})`)
      .style('opacity', playing ? 0 : 1);
    se.append('rect').attr('class', 'wt-sess-box').attr('height', SESS - 4).attr('rx', 4);
    se.append('text').attr('class', 'wt-sess-name').attr('x', 6).attr('y', 11);
    se.append('text').attr('class', 'wt-sess-sub').attr('x', 6).attr('y', 21);
    se.append('rect').attr('class', 'wt-glow').attr('height', SESS).attr('x', -2).attr('y', -2).attr('rx', 5).style('opacity', 0);
    se.append('title');
    const sa = se.merge(ss);
    sa.attr('data-session', (d) => d.session);
    sa.select('rect.wt-sess-box').attr('width', layout.sessW);
    sa.select('rect.wt-glow').attr('width', layout.sessW + 4);
    sa.select('text.wt-sess-name').text((d) => fit(d.label, layout.sessW - 10, 7));
    sa.select('text.wt-sess-sub').text((d) => fit(d.sub, layout.sessW - 10, 6));
    sa.select('title').text((d) => d.title);
    if (playing) sa.transition('move').duration(400).attr('transform', (d) => `translate(${layout.sx},${d.y})`).style('opacity', 1);
    else stop(sa, 'move').attr('transform', (d) => `translate(${layout.sx},${d.y})`).style('opacity', 1);
    const sx = (ss.exit() as d3.Selection<SVGGElement, SessL, SVGGElement, unknown>).classed('gone', true);
    if (playing) sx.transition('exit').delay(900).duration(700).style('opacity', 0).remove();
    else sx.remove();
  }, [layout, playing, flashes, removedLabel]);

  // Firings: light the watch, run a badge along its link to the client, light the client.
  const seen = useRef(-1);
  useEffect(() => {
    const svg = d3.select(svgRef.current!);
    const fresh = flashes.filter((f) => f.seq > seen.current);
    if (flashes.length > 0) seen.current = Math.max(seen.current, flashes[flashes.length - 1]!.seq);
    if (!playing) {
      stop(svg.selectAll('g.wt-badge')).remove();
      stop(svg.selectAll('rect.wt-glow'), 'glow').style('opacity', 0);
      return;
    }
    const badges = svg.select<SVGGElement>('g.wt-badges');
    const glow = (sel: d3.Selection<d3.BaseType, unknown, null, undefined>, delay: number) => {
      stop(sel, 'glow');
      sel.transition('glow').delay(delay).duration(0).style('opacity', 1).transition().duration(1400).style('opacity', 0);
    };
    for (const f of fresh.slice(-20)) {
      for (const key of f.keys) {
        const row = svg.selectAll<SVGGElement, RowL>('g.wt-row').filter((d) => d.key === key);
        glow(row.select('rect.wt-glow') as unknown as d3.Selection<d3.BaseType, unknown, null, undefined>, 0);
      }
      const sess = svg.selectAll<SVGGElement, SessL>('g.wt-sess').filter((d) => d.session === f.session);
      glow(sess.select('rect.wt-glow') as unknown as d3.Selection<d3.BaseType, unknown, null, undefined>, 850);
      const link = svg
        .selectAll<SVGPathElement, LinkL>('path.wt-link')
        .filter((d) => f.keys.includes(d.key))
        .node();
      if (!link) continue;
      const len = link.getTotalLength();
      const label = f.typeName;
      const w = label.length * 6.2 + 10;
      const b = badges.append('g').attr('class', 'wt-badge');
      b.append('rect')
        .attr('x', -w / 2)
        .attr('y', -8)
        .attr('width', w)
        .attr('height', 15)
        .attr('rx', 7);
      b.append('text').attr('text-anchor', 'middle').attr('y', 3).text(label);
      b.transition()
        .duration(850)
        .ease(d3.easeCubicInOut)
        .attrTween('transform', () => (t: number) => {
          const p = link.getPointAtLength(t * len);
          return `translate(${p.x},${p.y})`;
        })
        .transition()
        .duration(500)
        .style('opacity', 0)
        .remove();
    }
  }, [flashes, playing]);

  return (
    <div className="wt-graph" ref={wrap}>
      <svg ref={svgRef} width={width} height={layout.height} role="img" aria-label={`${rows.length} watch registrations from ${sessions.length} sessions`} data-testid="watches-graph">
        <g className="wt-links" />
        <g className="wt-rows" />
        <g className="wt-sessions" />
        <g className="wt-badges" />
      </svg>
    </div>
  );
}
