// Sessions as the leader's (or the standalone server's) SessionTracker runs them: expiry buckets
// on a time axis, a countdown per session, the ephemerals each one owns, expiries and the
// closeSession txns they cause; with a learner picked, the touches it will forward to the leader.

import { memo, useMemo } from 'react';
import type { SessionInfo, SessionsAnswer } from '../../sim/machine/inspect.ts';
import type { SemanticLogEntry } from '../../sim/World.ts';
import { controller } from '../../store/controller.ts';
import { usePlayground, type ServerInfo } from '../../store/playground.ts';
import { useSelection } from '../../store/selection.ts';
import { BucketChart, type Chip } from './BucketChart.tsx';
import { fmtTime, hex, hexSid, roleLabel, shortSid, trackerOf, useClientsBySession, useInspect, useSemanticTail, type ClientRef } from './common.ts';
import { ServerPicker } from './ServerPicker.tsx';
import './sessions.css';

const SESSIONS = { kind: 'sessions' } as const;

type SessionEvent =
  | { readonly seq: number; readonly at: number; readonly server: number; readonly type: 'created'; readonly sid: string; readonly timeout: number }
  | { readonly seq: number; readonly at: number; readonly server: number; readonly type: 'expiring'; readonly sid: string; readonly timeout: number }
  | { readonly seq: number; readonly at: number; readonly server: number; readonly type: 'closed'; readonly sid: string; readonly zxid: number; readonly expired: boolean; readonly ephemerals: readonly string[] };

function pickSessionEvent(e: SemanticLogEntry, seq: number): SessionEvent | null {
  const ev = e.event;
  switch (ev.type) {
    case 'sessionCreated':
      return { seq, at: e.at, server: e.server, type: 'created', sid: hexSid(ev.sessionId), timeout: ev.timeout };
    case 'sessionExpiring':
      return { seq, at: e.at, server: e.server, type: 'expiring', sid: hexSid(ev.sessionId), timeout: ev.timeout };
    case 'sessionClosed':
      return { seq, at: e.at, server: e.server, type: 'closed', sid: hexSid(ev.sessionId), zxid: ev.zxid, expired: ev.expired, ephemerals: ev.ephemerals };
    default:
      return null;
  }
}

const clientLabel = (c: ClientRef | undefined, sid: string): string => (c ? c.name : shortSid(sid));

function countdown(s: SessionInfo, now: number): string {
  if (s.expiresAt === null) return '—';
  if (s.closing) return 'expired: closing';
  const left = s.expiresAt - now;
  return left <= 0 ? 'due now' : `${(left / 1000).toFixed(1)} s`;
}

const SessionRow = memo(function SessionRow({ s, client, left, pendingAt }: { s: SessionInfo; client: ClientRef | undefined; left: string; pendingAt: string | null }) {
  const live = client && client.state !== 'CRASHED' && client.state !== 'CLOSED';
  return (
    <tr data-testid={`session-row-${s.id}`} className={s.closing ? 'closing' : undefined}>
      <td title={`session ${s.id}`}>
        {client ? (
          <>
            <b>{client.name}</b> <span className={`ss-client-state st-${client.state}`}>{client.state}</span>
          </>
        ) : (
          <span className="muted" title="No console of this page holds this session (it may come from before a reload)">
            no console
          </span>
        )}
        <div className="mono ss-sid">{s.id}</div>
      </td>
      <td className="num">{s.timeout} ms</td>
      <td className="num">{s.expiresAt === null ? '—' : fmtTime(s.expiresAt)}</td>
      <td className="num" data-testid={`session-countdown-${s.id}`} title="Time left until its bucket is polled, unless a touch moves it first">
        {s.closing ? <span className="ss-expired">✕ {left}</span> : left}
        {pendingAt && (
          <span className="ss-pending" title={`A touch of this session waits at ${pendingAt}: it reaches the leader with ${pendingAt}'s next PING reply`}>
            {' '}
            ↻ {pendingAt}
          </span>
        )}
      </td>
      <td className="ss-ephemerals" title={s.ephemerals.join('\n')}>
        {s.ephemerals.length === 0 ? <span className="muted">none</span> : s.ephemerals.slice(0, 4).join(', ') + (s.ephemerals.length > 4 ? ` +${s.ephemerals.length - 4} more` : '')}
      </td>
      <td className="ss-actions">
        {live && (
          <>
            <button type="button" title={`Crash client ${client.name}: its process dies without closing, so the session expires after ${s.timeout} ms without a touch`} onClick={() => controller.act({ do: 'crash-client', client: client.name })} data-testid={`crash-${client.name}`}>
              crash
            </button>
            <button type="button" title={`Close client ${client.name}'s session (zkCli close): a closeSession txn, no expiry`} onClick={() => controller.act({ do: 'close', client: client.name })}>
              close
            </button>
          </>
        )}
      </td>
    </tr>
  );
});

function EventLine({ e, clients, inline = false }: { e: SessionEvent; clients: ReadonlyMap<string, ClientRef>; inline?: boolean }) {
  const Li = inline ? 'span' : 'li';
  const who = (
    <>
      <span className="mono">{e.sid}</span> ({clientLabel(clients.get(e.sid), e.sid)})
    </>
  );
  switch (e.type) {
    case 'created':
      return (
        <Li className="ev-created">
          <span className="at">{fmtTime(e.at)}</span> <span className="tag">created</span> {who} at s{e.server}, timeout {e.timeout} ms
        </Li>
      );
    case 'expiring':
      return (
        <Li className="ev-expiring">
          <span className="at">{fmtTime(e.at)}</span> <span className="tag">✕ expired</span> {who}: no touch for {e.timeout} ms; s{e.server} submits closeSession
        </Li>
      );
    case 'closed':
      return (
        <Li className={e.expired ? 'ev-closed expired' : 'ev-closed'}>
          <span className="at">{fmtTime(e.at)}</span> <span className="tag">{e.expired ? 'closeSession (expiry)' : 'closeSession'}</span> {who} zxid <span className="mono">{hex(e.zxid)}</span>
          {e.ephemerals.length > 0 ? (
            <>
              {' '}
              · deleted ephemeral{e.ephemerals.length > 1 ? 's' : ''} <span className="mono">{e.ephemerals.slice(0, 6).join(', ')}</span>
              {e.ephemerals.length > 6 && ` +${e.ephemerals.length - 6} more`}
            </>
          ) : (
            ' · no ephemerals'
          )}
        </Li>
      );
  }
}

function LearnerTouches({ server, answer, clients, tickTime }: { server: ServerInfo; answer: SessionsAnswer | null; clients: ReadonlyMap<string, ClientRef>; tickTime: number }) {
  const touches = answer?.pendingTouches ?? [];
  return (
    <div className="ss-learner" data-testid="session-pending-touches">
      <b>
        s{server.id} {roleLabel(server)}
      </b>{' '}
      does not expire sessions: it notes the touches of its clients and reports them to the leader in its reply to the leader&apos;s next PING (sent every tickTime / 2 = {tickTime / 2} ms).{' '}
      {answer === null ? (
        'Asking…'
      ) : touches.length === 0 ? (
        <span>No touch pending.</span>
      ) : (
        <>
          Pending:{' '}
          {touches.map((t) => (
            <span key={t.id} className="ss-touch" title={`session ${t.id}, timeout ${t.timeout} ms`}>
              ↻ {clientLabel(clients.get(t.id), t.id)} <span className="mono">{t.id}</span>
            </span>
          ))}
        </>
      )}
    </div>
  );
}

export function SessionsView() {
  const servers = usePlayground((s) => s.servers);
  const now = usePlayground((s) => s.now);
  const playing = usePlayground((s) => s.playing);
  const selected = useSelection((s) => s.server);
  const select = useSelection((s) => s.select);
  const clients = useClientsBySession();
  const tracker = trackerOf(servers);
  const picked = servers.find((s) => s.id === selected) ?? null;
  const learner = picked !== null && picked.id !== tracker?.id && picked.status === 'up' && (picked.view?.state === 'FOLLOWING' || picked.view?.state === 'OBSERVING') ? picked : null;
  // Without a leader, show what the picked (or first running) server knows of sessions.
  const fallback = tracker === null ? (picked?.status === 'up' ? picked : (servers.find((s) => s.status === 'up') ?? null)) : null;
  const main = useInspect(tracker?.id ?? fallback?.id ?? null, SESSIONS);
  const learnerAnswer = useInspect(learner?.id ?? null, SESSIONS);
  const events = useSemanticTail(pickSessionEvent, 400);

  const pending = useMemo(() => new Set(learner ? (learnerAnswer?.pendingTouches ?? []).map((t) => t.id) : []), [learner, learnerAnswer]);
  const sessions = useMemo(() => [...(main?.sessions ?? [])].sort((a, b) => (a.expiresAt ?? 0) - (b.expiresAt ?? 0) || a.id.localeCompare(b.id)), [main]);
  const tickTime = main && main.tickTime > 0 ? main.tickTime : 2000;

  const chips = useMemo<Chip[]>(
    () =>
      sessions
        .filter((s) => s.expiresAt !== null)
        .map((s) => {
          const c = clients.get(s.id);
          return {
            id: s.id,
            label: clientLabel(c, s.id),
            title: `${c ? `client ${c.name} (${c.state}), ` : ''}session ${s.id}\ntimeout ${s.timeout} ms, bucket ${fmtTime(s.expiresAt!)}${s.closing ? '\nexpired: closeSession in progress' : ''}${pending.has(s.id) ? `\ntouch pending at s${learner?.id}` : ''}${s.ephemerals.length ? `\nephemerals: ${s.ephemerals.join(', ')}` : ''}`,
            bucket: s.expiresAt!,
            closing: s.closing,
            pending: pending.has(s.id),
          };
        }),
    [sessions, clients, pending, learner],
  );
  const maxTimeout = sessions.reduce((m, s) => Math.max(m, s.timeout), 4 * tickTime);
  const span = (Math.ceil(maxTimeout / tickTime) + 3) * tickTime;

  // What ended each session at the tracker, for the chip that falls away.
  const trackerId = tracker?.id ?? null;
  const ended = useMemo(() => {
    const m = new Map<string, string>();
    for (const e of events) if (e.type === 'closed' && e.server === trackerId) m.set(e.sid, e.expired ? `✕ expired ${hex(e.zxid)}` : `closed ${hex(e.zxid)}`);
    return m;
  }, [events, trackerId]);
  // A closeSession is applied on every server: list it once (from the tracker, else the first seen).
  const shown = useMemo(() => {
    const atTracker = new Map<string, SessionEvent>();
    for (const e of events) if (e.type === 'closed' && e.server === trackerId) atTracker.set(`${e.sid}:${e.zxid}`, e);
    const seen = new Set<string>();
    const out: SessionEvent[] = [];
    for (let i = events.length - 1; i >= 0 && out.length < 60; i--) {
      const e = events[i]!;
      if (e.type === 'closed') {
        const k = `${e.sid}:${e.zxid}`;
        if (seen.has(k)) continue;
        seen.add(k);
        out.push(atTracker.get(k) ?? e);
      } else out.push(e);
    }
    return out;
  }, [events, trackerId]);

  // The newest end of a session (expiry or close), shown above the axis.
  const latest = shown.find((e) => e.type !== 'created') ?? null;
  const nextPoll = main?.nextExpiration == null ? null : main.nextExpiration > now ? main.nextExpiration : (Math.floor(now / tickTime) + 1) * tickTime;

  return (
    <div className="ss-view" data-testid="sessions-view">
      <div className="ss-head">
        <ServerPicker
          label="Server"
          testid="sessions-server"
          value={learner?.id ?? tracker?.id ?? fallback?.id ?? null}
          onPick={(id) => select({ server: id })}
          hint={(s) => (s.id === tracker?.id ? `s${s.id} expires sessions: its SessionTracker is drawn here` : `Show the touches s${s.id} has not yet forwarded to the leader`)}
        />
        <div className="ss-readout" data-testid="sessions-readout">
          {tracker ? (
            <>
              <b>{main?.role === 'standalone' ? 'standalone' : 'leader'} s{tracker.id}</b> SessionTracker · tickTime {tickTime} ms · expiry thread next polls at {nextPoll === null ? '—' : fmtTime(nextPoll)} (▼) · {sessions.length} session{sessions.length === 1 ? '' : 's'}
            </>
          ) : (
            <span className="ss-warn">No leader right now: nobody expires sessions until one is elected{fallback ? `; sessions s${fallback.id} knows of:` : '.'}</span>
          )}
        </div>
      </div>
      {latest && (
        <div className="ss-latest" data-testid="session-latest">
          <span className="muted">Latest:</span> <EventLine e={latest} clients={clients} inline />
        </div>
      )}
      {tracker && main && (
        <>
          <BucketChart tickTime={tickTime} now={now} nextPoll={nextPoll} chips={chips} span={span} playing={playing} ended={ended} />
          <p className="ss-legend" title="Each column is an ExpiryQueue bucket (a multiple of tickTime): a session expires when the expiry thread polls its bucket, unless a touch (any request or ping) moves it to a later one first.">
            Columns: expiry buckets every tickTime · a touch moves a session later · ▼ next poll · ✕ expired · ↻ touch pending at the picked learner
          </p>
        </>
      )}
      {learner && <LearnerTouches server={learner} answer={learnerAnswer} clients={clients} tickTime={tickTime} />}
      <table className="ss-table" data-testid="sessions-table">
        <thead>
          <tr>
            <th>Client · session</th>
            <th>Timeout</th>
            <th title="The ExpiryQueue bucket it sits in">Bucket</th>
            <th>Expires in</th>
            <th>Ephemerals</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                {main === null ? 'Asking the server…' : 'No sessions. Open a client with + in the consoles.'}
              </td>
            </tr>
          )}
          {sessions.map((s) => (
            <SessionRow key={s.id} s={s} client={clients.get(s.id)} left={countdown(s, now)} pendingAt={pending.has(s.id) && learner ? `s${learner.id}` : null} />
          ))}
        </tbody>
      </table>
      <h3 className="ss-h3">Session events</h3>
      <ol className="ss-events" data-testid="session-events" reversed>
        {shown.length === 0 && <li className="muted">Nothing yet.</li>}
        {shown.map((e) => (
          <EventLine key={e.seq} e={e} clients={clients} />
        ))}
      </ol>
    </div>
  );
}
