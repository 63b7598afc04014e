// The Timeline tab: filters shared by the event list and the space-time diagram, the two of them
// side by side (stacked on narrow screens), and the notice after acting in the past.

import { controller } from '../../store/controller.ts';
import { usePlayground } from '../../store/playground.ts';
import { KINDS, type Kind } from './events.ts';
import { EventList } from './EventList.tsx';
import { useTimeline } from './history.ts';
import { SpaceTime } from './SpaceTime.tsx';
import { formatTime, useTimelineUi } from './state.ts';
import './timeline.css';

function ForkNotice() {
  const dropped = useTimeline((s) => s.dropped);
  const replaying = useTimeline((s) => s.replaying);
  if (dropped === null) return null;
  return (
    <p className="tl-fork" role="status" data-testid="fork-notice">
      Acting at {formatTime(dropped.at)} started a new future: the {dropped.actions} recorded {dropped.actions === 1 ? 'action' : 'actions'} after it {dropped.actions === 1 ? 'was' : 'were'} dropped.{' '}
      <button type="button" className="tl-small" disabled={replaying !== null} onClick={() => void controller.restoreFuture()} title={`Go back to ${formatTime(dropped.at)} on the old recording, with its future (replays it)`} data-testid="restore-future">
        Restore the old future
      </button>
    </p>
  );
}

export function TimelinePanel() {
  const filter = useTimelineUi((s) => s.filter);
  const setFilter = useTimelineUi((s) => s.setFilter);
  const servers = usePlayground((s) => s.servers);
  return (
    <div className="tl-panel">
      <div className="tl-toolbar" role="group" aria-label="Timeline filters">
        <label title="Show only events and messages of one kind">
          Kind
          <select value={filter.kind} onChange={(e) => setFilter({ kind: e.target.value as Kind | 'all' })} data-testid="timeline-kind">
            <option value="all">All kinds</option>
            {KINDS.map((k) => (
              <option key={k.id} value={k.id} title={k.hint}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <label title="Show only what one server did, sent or received">
          Server
          <select value={String(filter.server)} onChange={(e) => setFilter({ server: e.target.value === 'all' ? 'all' : Number(e.target.value) })} data-testid="timeline-server">
            <option value="all">All servers</option>
            {servers.map((s) => (
              <option key={s.id} value={s.id}>
                s{s.id}
              </option>
            ))}
          </select>
        </label>
        <span className="tl-keys" title="Keyboard: Space plays or pauses, '.' processes one event; on the time strip, arrows move in time">
          Space play/pause · . step
        </span>
        <ForkNotice />
      </div>
      <div className="tl-body">
        <EventList />
        <SpaceTime />
      </div>
    </div>
  );
}
