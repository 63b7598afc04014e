// The event list: what happened in the servers (the semantic log) and the actions taken, in time
// order, filtered by kind and server. The part still to come on this line (after going back in
// time, or a loaded scenario's later part) is listed too, greyed. Clicking a row goes to its time.
// Only the rows in view are rendered: the log may hold hundreds of thousands of events.

import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { controller } from '../../store/controller.ts';
import { usePlayground } from '../../store/playground.ts';
import { describeAction, describeEvent, KIND_LABEL, KIND_SHORT, kindOfAction, kindOfEvent } from './events.ts';
import { useTimeline } from './history.ts';
import { RowIndex } from './rows.ts';
import { formatTime, useTimelineUi } from './state.ts';

const ROW = 22;

export function EventList() {
  const frame = usePlayground((s) => s.frame);
  const now = usePlayground((s) => s.now);
  const filter = useTimelineUi((s) => s.filter);
  const version = useTimeline((s) => s.version);
  const index = useRef(new RowIndex()).current;
  const log = controller.history.log();
  const actions = useMemo(() => controller.history.recording()?.actions ?? [], [version, frame]);
  index.update(log.entries, actions, filter, version, now);
  const total = index.rows.length;
  const nowRow = index.countUpTo(now);

  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 240 });
  const [follow, setFollow] = useState(true);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setView((v) => ({ ...v, height: el.clientHeight })));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Follow now: keep the last row of the past in view (near the bottom, or mid-way when the future is listed).
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || !follow) return;
    const h = el.clientHeight;
    const hasFuture = nowRow < total;
    const target = Math.max(0, Math.min(total * ROW - h, nowRow * ROW - (hasFuture ? h / 2 : h - ROW)));
    if (Math.abs(el.scrollTop - target) > 1) el.scrollTop = target;
  });

  const onScroll = () => {
    const el = box.current!;
    setView({ top: el.scrollTop, height: el.clientHeight });
  };
  // Scrolling by hand (wheel, scrollbar, keys) stops following; scrolls of ours or from the list's
  // length changing do not.
  const unfollow = () => setFollow(false);
  const onListKey = (e: { key: string }) => {
    if (['PageUp', 'PageDown', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(e.key)) unfollow();
  };
  const onPointerDown = (e: { target: EventTarget; currentTarget: HTMLElement }) => {
    if (e.target === e.currentTarget) unfollow(); // the scrollbar
  };

  const first = Math.max(0, Math.floor(view.top / ROW) - 4);
  const last = Math.min(total, Math.ceil((view.top + view.height) / ROW) + 4);
  const rows = [];
  for (let r = first; r < last; r++) {
    const code = index.rows[r]!;
    if (code >= 0) {
      const e = log.entries[code]!;
      const kind = kindOfEvent(e.event);
      const past = code < log.reached;
      const text = describeEvent(e.event);
      rows.push(
        <button
          key={`e${code}`}
          type="button"
          className={`tl-row k-${kind}${past ? '' : ' tl-future'}`}
          style={{ top: r * ROW }}
          onClick={() => void controller.seek(e.at)}
          title={`${past ? 'Go back' : 'Go forward'} to ${formatTime(e.at)}: s${e.server} ${text}`}
          data-kind={kind}
        >
          <span className="tl-row-time">{formatTime(e.at)}</span>
          <span className="tl-row-who">s{e.server}</span>
          <span className="tl-kind" title={KIND_LABEL[kind]}>{KIND_SHORT[kind]}</span>
          <span className="tl-row-text">{text}</span>
        </button>,
      );
    } else {
      const a = actions[-code - 1]!;
      const kind = kindOfAction(a);
      const past = a.at <= now;
      const text = describeAction(a);
      rows.push(
        <button
          key={`a${-code - 1}`}
          type="button"
          className={`tl-row tl-action k-${kind}${past ? '' : ' tl-future'}`}
          style={{ top: r * ROW }}
          onClick={() => void controller.seek(a.at)}
          title={`${past ? 'Go back' : 'Go forward'} to ${formatTime(a.at)}, when this action was taken: ${text}`}
          data-kind={kind}
        >
          <span className="tl-row-time">{formatTime(a.at)}</span>
          <span className="tl-row-who">action</span>
          <span className="tl-kind" title={KIND_LABEL[kind]}>{KIND_SHORT[kind]}</span>
          <span className="tl-row-text">{text}</span>
        </button>,
      );
    }
  }

  return (
    <section className="tl-events" aria-label="Events">
      <div className="tl-pane-head">
        <h3>Events</h3>
        <span className="tl-count" data-testid="event-count">
          {total.toLocaleString('en')} {total === 1 ? 'event' : 'events'}
          {total > nowRow ? `, ${(total - nowRow).toLocaleString('en')} ahead` : ''}
        </span>
        <button type="button" className="tl-small" aria-pressed={follow} onClick={() => setFollow(true)} title="Keep the list on the present moment" disabled={follow}>
          Follow now
        </button>
      </div>
      <div className="tl-list" ref={box} onScroll={onScroll} onWheel={unfollow} onKeyDown={onListKey} onPointerDown={onPointerDown} data-testid="event-list">
        <div className="tl-list-inner" style={{ height: Math.max(total * ROW, 1) }}>
          {total > 0 && nowRow < total && <div className="tl-now-line" style={{ top: nowRow * ROW }} aria-hidden="true" />}
          {rows}
        </div>
        {total === 0 && <p className="tl-empty">No events of this kind yet.</p>}
      </div>
    </section>
  );
}
