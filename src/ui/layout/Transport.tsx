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

/** A trace line ("3024 s1 q L1 PROPOSAL 100000002") with its time as the clock shows time. */
function steppedText(line: string): string {
  const space = line.indexOf(' ');
  const at = Number(line.slice(0, space));
  return space > 0 && Number.isInteger(at) ? `${formatTime(at)} ${line.slice(space + 1)}` : line;
}

export function Transport() {
  const playing = usePlayground((s) => s.playing);
  const speed = usePlayground((s) => s.speed);
  const now = usePlayground((s) => s.now);
  const loaded = usePlayground((s) => s.loaded);
  const stepped = usePlayground((s) => s.stepped);
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
      {stepped !== null && (
        <span className="stepped" data-testid="stepped" data-count={stepped.count} title="The event Step processed, as the trace records it (s1: server 1, c:name: a client, q L…: a quorum packet on a link)">
          Stepped: {steppedText(stepped.line)}
        </span>
      )}
    </div>
  );
}
