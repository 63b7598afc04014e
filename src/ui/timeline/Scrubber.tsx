// The scrubber: one strip under the header from time 0 to the end of the recording. Drag or click
// to go to a moment (going back replays the recording from the start, deterministically; going
// forward replays the recorded future), or use the keys on it. Marks show the actions taken
// (bars), elections won (diamonds) and the first invariant violation (a red triangle with "!").

import { scaleLinear } from 'd3';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { controller } from '../../store/controller.ts';
import { usePlayground } from '../../store/playground.ts';
import type { ScenarioAction } from '../../scenario/types.ts';
import { describeAction } from './events.ts';
import { useTimeline } from './history.ts';
import { electionMarks, formatTime, installShortcuts } from './state.ts';
import './timeline.css';

const PAD = 8;
const HEIGHT = 30;
const TRACK_Y = 15;

interface Hover {
  readonly x: number;
  readonly text: string;
}

interface ActionTicks {
  readonly grain: number;
  readonly actions: readonly ScenarioAction[];
  readonly times: Set<number>;
  readonly d: string;
}

const tick = (t: number): string => `M${t},${TRACK_Y + 3}V${TRACK_Y + 11}`;

/**
 * The ticks of `actions` at `grain` ms (one per grain that holds an action; a path draws the same
 * in any order), carried on from `prev` when actions were only added after its own.
 */
function actionTicks(prev: ActionTicks | null, actions: readonly ScenarioAction[], grain: number): ActionTicks {
  const n = prev?.actions.length ?? 0;
  const grows = prev !== null && prev.grain === grain && actions.length >= n && (n === 0 || (actions[0] === prev.actions[0] && actions[n - 1] === prev.actions[n - 1]));
  const times = grows ? prev.times : new Set<number>();
  let d = grows ? prev.d : '';
  for (let i = grows ? n : 0; i < actions.length; i++) {
    const t = Math.floor(actions[i]!.at / grain) * grain;
    if (times.has(t)) continue;
    times.add(t);
    d += tick(t);
  }
  return { grain, actions, times, d };
}

export function Scrubber() {
  const now = usePlayground((s) => s.now);
  const loaded = usePlayground((s) => s.loaded);
  const frame = usePlayground((s) => s.frame);
  const { end, replaying, violation, replayable, version } = useTimeline(useShallow((s) => ({ end: s.end, replaying: s.replaying, violation: s.violation, replayable: s.replayable, version: s.version })));
  const boxRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  const [ghost, setGhost] = useState<number | null>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const drag = useRef(false);
  const keyTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => installShortcuts(), []);
  useLayoutEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(120, el.clientWidth)));
    ro.observe(el);
    setWidth(Math.max(120, el.clientWidth));
    return () => ro.disconnect();
  }, []);
  useEffect(() => () => {
    if (keyTimer.current) clearTimeout(keyTimer.current);
  }, []);

  const span = Math.max(end, now, 1);
  const x = useMemo(() => scaleLinear().domain([0, span]).range([PAD, width - PAD]).clamp(true), [span, width]);

  // The recording (with its future) and the elections of the line's log.
  const actions = useMemo(() => controller.history.recording()?.actions ?? [], [version, frame]);
  const elections = useMemo(() => electionMarks(controller.history.log().entries), [version, frame]);
  const ahead = actions.filter((a) => a.at > now).length;

  // The action ticks are drawn in milliseconds and scaled onto the track, so the path changes only
  // when actions are taken (then it grows by their ticks) or when the time per pixel crosses a
  // power of two (then it is rebuilt): not every frame.
  const grain = 2 ** Math.ceil(Math.log2(Math.max(1, span / Math.max(1, width - 2 * PAD))));
  const ticks = useRef<ActionTicks | null>(null);
  const actionPath = useMemo(() => (ticks.current = actionTicks(ticks.current, actions, grain)).d, [actions, grain]);
  const electionPath = useMemo(() => {
    let d = '';
    for (const e of elections) {
      const px = x(e.at);
      d += `M${px},${TRACK_Y - 10}l3.5,3.5l-3.5,3.5l-3.5,-3.5z`;
    }
    return d;
  }, [elections, x]);

  const seek = (t: number): void => {
    setGhost(t);
    void controller.seek(t).finally(() => setGhost(null));
  };
  const timeAt = (clientX: number, el: Element): number => Math.round(x.invert(clientX - el.getBoundingClientRect().left));
  const limit = (t: number): number => Math.max(0, Math.min(span, t));
  // A resumed ensemble cannot go back before now.
  const clampTarget = (t: number): number => Math.max(replayable ? 0 : now, limit(t));

  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if (!loaded || e.button !== 0) return;
    drag.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    setGhost(clampTarget(timeAt(e.clientX, e.currentTarget)));
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const t = timeAt(e.clientX, e.currentTarget);
    if (drag.current) setGhost(clampTarget(t));
    setHover({ x: x(limit(t)), text: describeNear(t) });
  };
  const onPointerUp = (e: PointerEvent<SVGSVGElement>) => {
    if (!drag.current) return;
    drag.current = false;
    seek(clampTarget(timeAt(e.clientX, e.currentTarget)));
  };

  const describeNear = (t: number): string => {
    const tol = x.invert(PAD + 4) - x.invert(PAD);
    const parts = [formatTime(Math.max(0, Math.min(span, t)))];
    if (violation && Math.abs(violation.at - t) <= tol) parts.push(`invariant violated: ${violation.text.split('\n')[0]}`);
    const e = elections.find((m) => Math.abs(m.at - t) <= tol);
    if (e) parts.push(`s${e.leader} elected leader (epoch ${e.epoch})`);
    const near = actions.filter((a) => Math.abs(a.at - t) <= tol);
    if (near.length > 0) parts.push(near.slice(0, 3).map(describeAction).join('; ') + (near.length > 3 ? ` (+${near.length - 3} more)` : ''));
    return parts.join(' · ');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!loaded) return;
    const base = ghost ?? now;
    let t: number | null = null;
    const step = e.shiftKey ? 10_000 : e.altKey ? 100 : 1000;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') t = base - step;
    else if (e.key === 'ArrowRight' || e.key === 'ArrowUp') t = base + step;
    else if (e.key === 'PageDown') t = base - 10_000;
    else if (e.key === 'PageUp') t = base + 10_000;
    else if (e.key === 'Home') t = 0;
    else if (e.key === 'End') t = span;
    else if (e.key === 'Enter' && ghost !== null) {
      e.preventDefault();
      if (keyTimer.current) clearTimeout(keyTimer.current);
      seek(ghost);
      return;
    } else if (e.key === 'Escape' && ghost !== null) {
      if (keyTimer.current) clearTimeout(keyTimer.current);
      setGhost(null);
      return;
    } else if (e.key === ' ') {
      e.preventDefault();
      if (controller.playing) controller.pause();
      else controller.play();
      return;
    } else if (e.key === '.') {
      e.preventDefault();
      void controller.step();
      return;
    }
    if (t === null) return;
    e.preventDefault();
    const target = clampTarget(t);
    setGhost(target);
    // Keys move a target; the replay starts once they rest (or on Enter).
    if (keyTimer.current) clearTimeout(keyTimer.current);
    keyTimer.current = setTimeout(() => seek(target), 450);
  };

  const shown = ghost ?? now;
  const nowX = x(now);
  const status = replaying
    ? `Replaying ${formatTime(replaying.from)} → ${formatTime(replaying.to)}: ${replaying.to > 0 ? Math.min(100, Math.round((replaying.at / replaying.to) * 100)) : 100}%`
    : !replayable
      ? 'Resumed from the last visit: times before the reload cannot be replayed'
      : now < end
        ? `In the past: ${ahead} recorded ${ahead === 1 ? 'action' : 'actions'} ahead (acting now drops them)`
        : '';

  return (
    <div className="tl-strip" data-testid="scrubber-strip">
      <span className="tl-time" title="Virtual time shown on the page" data-testid="scrubber-now">
        {formatTime(shown)}
      </span>
      <div
        className={`tl-scrub${ghost !== null ? ' tl-seeking' : ''}`}
        ref={boxRef}
        role="slider"
        tabIndex={loaded ? 0 : -1}
        aria-label="Time travel"
        aria-valuemin={0}
        aria-valuemax={span}
        aria-valuenow={shown}
        aria-valuetext={`t = ${formatTime(shown)} of ${formatTime(span)}`}
        aria-disabled={!loaded}
        title="Time travel: click or drag to a moment; ←/→ 1 s, Shift 10 s, Alt 0.1 s, Home/End, Enter to go now. Going back replays the recording from the start."
        onKeyDown={onKeyDown}
        data-testid="scrubber"
      >
        <svg width={width} height={HEIGHT} onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerLeave={() => setHover(null)} aria-hidden="true">
          <defs>
            <pattern id="tl-future" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" fill="#e9eeeb" />
              <line x1="0" y1="0" x2="0" y2="6" stroke="#c9d4cf" strokeWidth="3" />
            </pattern>
          </defs>
          <rect className="tl-track" x={PAD} y={TRACK_Y - 3} width={Math.max(0, width - 2 * PAD)} height={6} rx={3} />
          <rect className="tl-past" x={PAD} y={TRACK_Y - 3} width={Math.max(0, nowX - PAD)} height={6} rx={3} />
          {end > now && <rect x={nowX} y={TRACK_Y - 3} width={Math.max(0, x(end) - nowX)} height={6} fill="url(#tl-future)" />}
          {replaying && <rect className="tl-progress" x={PAD} y={TRACK_Y - 3} width={Math.max(0, x(replaying.at) - PAD)} height={6} rx={3} />}
          <path className="tl-mark-action" d={actionPath} transform={`translate(${PAD},0) scale(${Math.max(0, width - 2 * PAD) / span},1)`} vectorEffect="non-scaling-stroke" />
          <path className="tl-mark-election" d={electionPath} />
          {violation && (
            <g className="tl-mark-violation" transform={`translate(${x(violation.at)},0)`} data-testid="scrubber-violation">
              <path d={`M0,${TRACK_Y + 2}l-7,12h14z`} />
              <text y={TRACK_Y + 12.5} textAnchor="middle">
                !
              </text>
            </g>
          )}
          <circle className="tl-handle" cx={nowX} cy={TRACK_Y} r={6} />
          {ghost !== null && <line className="tl-ghost" x1={x(ghost)} x2={x(ghost)} y1={2} y2={HEIGHT - 2} />}
        </svg>
        {hover && (
          <div className="tl-tip" style={{ left: Math.min(Math.max(0, hover.x - 40), width - 200) }} role="presentation">
            {hover.text}
          </div>
        )}
      </div>
      <span className="tl-time tl-end" title="End of the recording (the furthest time reached, or the scenario's end)">
        {formatTime(span)}
      </span>
      {violation && (
        <button type="button" className="tl-jump" onClick={() => seek(violation.at)} title={`Go to the invariant violation at ${formatTime(violation.at)}: ${violation.text.split('\n')[0]}`} data-testid="jump-violation">
          ⚠ violation at {formatTime(violation.at)}
        </button>
      )}
      {status && (
        <span className="tl-status" role="status" data-testid="scrubber-status">
          {status}
        </span>
      )}
    </div>
  );
}
