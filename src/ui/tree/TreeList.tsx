// The open tree as a virtualized list: only the rows in view (and a few around them) are in the
// DOM, so a node with ten thousand children scrolls as lightly as one with ten. Keyboard as in
// WAI-ARIA trees: arrows move and open/close, Home/End, Page Up/Down, Enter toggles.

import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { hexZxid, plural } from './format.ts';
import { KIND_CHIP, KIND_LABEL, KindIcon } from './KindIcon.tsx';
import type { Lag, Row } from './rows.ts';
import type { Flash } from './useTreeData.ts';

export const ROW_H = 22;
const OVERSCAN = 8;

export const LAG_CHIP: Record<Lag, string> = {
  data: 'stale',
  children: 'stale children',
  missing: 'missing',
  extra: 'not on leader',
};

function lagTitle(r: Row): string {
  const m = r.info;
  const t = r.leaderInfo;
  switch (r.lag) {
    case 'data':
      return `Data differs from the leader: mZxid ${hexZxid(m!.mzxid)} here, ${hexZxid(t!.mzxid)} on the leader`;
    case 'children':
      return `Children differ from the leader: pZxid ${hexZxid(m!.pzxid)} here, ${hexZxid(t!.pzxid)} on the leader (${m!.numChildren} vs ${t!.numChildren} children)`;
    case 'missing':
      return 'The leader has this node; this replica does not (yet)';
    case 'extra':
      return 'This replica has the node; the leader does not (any more)';
    default:
      return '';
  }
}

function rowTitle(r: Row): string {
  if (r.path === '/') return `/ (the root)${r.count !== null ? `, ${plural(r.count, 'child', 'children')}` : ''}`;
  const i = r.info;
  if (!i) return r.path;
  const lines = [r.path, `${KIND_LABEL[i.kind]}${i.sequential ? ', sequential' : ''} node`];
  if (i.owner) lines.push(`owned by session ${i.owner}`);
  lines.push(`mZxid ${hexZxid(i.mzxid)}, ${plural(i.numChildren, 'child', 'children')}, ${plural(i.dataLength, 'byte')} of data`);
  if (r.lag) lines.push(lagTitle(r));
  return lines.join('\n');
}

export function TreeList({ rows, selected, flashes, onSelect, onToggle }: { rows: readonly Row[]; selected: string; flashes: ReadonlyMap<string, Flash>; onSelect: (path: string) => void; onToggle: (path: string, open?: boolean) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(240);
  const reveal = useRef(true);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  // A new selection (from here, the path bar or another view) is scrolled into view once its row
  // exists (after the ancestors it opened have been read).
  useEffect(() => {
    reveal.current = true;
  }, [selected]);
  const index = rows.findIndex((r) => r.path === selected);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!reveal.current || index < 0 || !el) return;
    reveal.current = false;
    const top = index * ROW_H;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_H > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_H - el.clientHeight;
    setScrollTop(el.scrollTop);
  }, [index, selected]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_H) + OVERSCAN);
  const page = Math.max(1, Math.floor(height / ROW_H) - 1);

  const go = (i: number) => {
    const r = rows[Math.max(0, Math.min(rows.length - 1, i))];
    if (r) onSelect(r.path);
  };
  const onKey = (e: KeyboardEvent) => {
    const r = rows[index];
    const hasKids = (x: Row | undefined) => x !== undefined && (x.count ?? 0) > 0;
    switch (e.key) {
      case 'ArrowDown':
        go(index + 1);
        break;
      case 'ArrowUp':
        go(index < 0 ? 0 : index - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(rows.length - 1);
        break;
      case 'PageDown':
        go(index + page);
        break;
      case 'PageUp':
        go(index - page);
        break;
      case 'ArrowRight':
        if (!r) go(0);
        else if (!r.open && hasKids(r)) onToggle(r.path, true);
        else if (r.open && rows[index + 1]?.depth === r.depth + 1) go(index + 1);
        break;
      case 'ArrowLeft':
        if (!r) go(0);
        else if (r.open && r.path !== '/') onToggle(r.path, false);
        else if (r.depth > 0) {
          let j = index - 1;
          while (j >= 0 && rows[j]!.depth >= r.depth) j--;
          go(j);
        }
        break;
      case 'Enter':
      case ' ':
        if (r && (hasKids(r) || r.open)) onToggle(r.path);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div
      ref={ref}
      className="tree-list"
      role="tree"
      aria-label="Znodes"
      tabIndex={0}
      title="Znodes: arrows move, → opens, ← closes, Enter toggles"
      aria-activedescendant={index >= first && index < last ? `tree-row-${index}` : undefined}
      onKeyDown={onKey}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      data-testid="tree-list"
    >
      <div className="tree-spacer" style={{ height: rows.length * ROW_H }}>
        {rows.slice(first, last).map((r, k) => {
          const i = first + k;
          const flash = flashes.get(r.path);
          const kind = r.path === '/' ? 'root' : (r.info?.kind ?? 'persistent');
          const canOpen = r.open || (r.count ?? 0) > 0;
          const chip = r.info ? KIND_CHIP[r.info.kind] : null;
          const cls = ['tree-row', `kind-${kind}`, r.path === selected ? 'selected' : '', r.lag ? `lag lag-${r.lag}` : '', flash !== undefined ? `flash flash-${flash.token % 2}` : ''].filter(Boolean).join(' ');
          return (
            <div
              key={r.path}
              id={`tree-row-${i}`}
              className={cls}
              role="treeitem"
              aria-level={r.depth + 1}
              aria-selected={r.path === selected}
              aria-expanded={canOpen ? r.open : undefined}
              style={{ transform: `translateY(${i * ROW_H}px)`, paddingLeft: 4 + r.depth * 14 }}
              title={rowTitle(r)}
              data-path={r.path}
              data-kind={kind}
              data-lag={r.lag ?? undefined}
              onClick={() => onSelect(r.path)}
              onDoubleClick={() => canOpen && onToggle(r.path)}
            >
              <span
                className={canOpen ? 'twisty' : 'twisty leaf'}
                onClick={(e) => {
                  e.stopPropagation();
                  if (canOpen) onToggle(r.path);
                  onSelect(r.path);
                }}
                aria-hidden="true"
              >
                {canOpen ? (r.open ? '▾' : '▸') : ''}
              </span>
              <KindIcon kind={kind} />
              <span className="tree-name">{r.name}</span>
              {(r.count ?? 0) > 0 && <span className="tree-count"> ({r.count})</span>}
              {r.loading && <span className="tree-note"> reading…</span>}
              {chip && <span className={`chip chip-${r.info!.kind}`}>{chip}</span>}
              {r.info?.sequential && <span className="chip chip-seq">SEQ</span>}
              {r.lag && <span className={`chip chip-lag chip-lag-${r.lag}`}>{LAG_CHIP[r.lag]}</span>}
              {flash !== undefined && <span className="chip chip-changed">{flash.what}</span>}
              {r.info?.owner && <span className="tree-owner">{r.info.owner}</span>}
            </div>
          );
        })}
      </div>
    </div>
  );
}
