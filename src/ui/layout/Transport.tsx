// Play, pause, one event at a time, and the speed of virtual time against the wall clock.

import { controller } from '../../store/controller.ts';
import { usePlayground } from '../../store/playground.ts';

export const SPEEDS = [0.001, 0.01, 0.1, 0.25, 0.5, 1, 2, 5, 10, 100] as const;

function speedLabel(x: number): string {
  return x >= 1 ? `${x}×` : `1/${Math.round(1 / x)}×`;
}

export function formatTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}

export function Transport() {
  const playing = usePlayground((s) => s.playing);
  const speed = usePlayground((s) => s.speed);
  const now = usePlayground((s) => s.now);
  const loaded = usePlayground((s) => s.loaded);
  return (
    <div className="transport" role="group" aria-label="Time">
      {playing ? (
        <button onClick={() => controller.pause()} title="Pause (Space)" aria-label="Pause" data-testid="pause" disabled={!loaded}>
          ❚❚ Pause
        </button>
      ) : (
        <button onClick={() => controller.play()} title="Play (Space)" aria-label="Play" data-testid="play" disabled={!loaded}>
          ▶ Play
        </button>
      )}
      <button onClick={() => void controller.step()} title="Process the next event only (.)" aria-label="Step one event" data-testid="step" disabled={!loaded}>
        Step ▸
      </button>
      <label className="speed" title="Virtual time per real second">
        Speed
        <select value={speed} onChange={(e) => controller.setSpeed(Number(e.target.value))} data-testid="speed" aria-label="Speed">
          {SPEEDS.map((x) => (
            <option key={x} value={x}>
              {speedLabel(x)}
            </option>
          ))}
        </select>
      </label>
      <span className="clock" data-testid="clock" title="Virtual time since the ensemble started">
        t = {formatTime(now)}
      </span>
    </div>
  );
}
