// One server at a glance: role, epochs, last zxid, znodes; kill and restart by clicking.

import { controller } from '../store/controller.ts';
import type { ServerInfo } from '../store/playground.ts';

const hex = (z: number): string => `0x${z.toString(16)}`;

export function roleOf(s: ServerInfo): string {
  if (s.status === 'down') return 'DOWN';
  if (s.status === 'paused') return 'PAUSED';
  return s.view?.state ?? 'STARTING';
}

export function ServerCard({ s }: { s: ServerInfo }) {
  const role = roleOf(s);
  const v = s.view;
  const act = (a: object) => controller.act({ ...a, server: s.id });
  return (
    <section className={`server-card role-${role}`} aria-label={`server ${s.id}`} data-testid={`server-${s.id}`}>
      <h2>
        server {s.id} <span className="addr">{s.address}</span>
      </h2>
      <div className={`role role-${role}`} data-testid={`server-${s.id}-role`}>
        {role}
      </div>
      <dl>
        <dt>Epoch</dt>
        <dd>{v && v.state !== 'STANDALONE' ? `${v.currentEpoch} (accepted ${v.acceptedEpoch})` : '-'}</dd>
        <dt>Last zxid</dt>
        <dd data-testid={`server-${s.id}-zxid`}>{v ? hex(v.lastZxid) : '-'}</dd>
        <dt>Znodes</dt>
        <dd>{v ? v.znodes : '-'}</dd>
      </dl>
      {s.fault && <p className="fault">{s.fault}</p>}
      <div className="server-actions">
        {s.status === 'down' ? (
          <button onClick={() => act({ do: 'start' })}>start</button>
        ) : (
          <button onClick={() => act({ do: 'kill' })}>kill</button>
        )}
        {s.status !== 'down' && <button onClick={() => act({ do: 'restart' })}>restart</button>}
        {s.status === 'paused' ? <button onClick={() => act({ do: 'resume' })}>resume</button> : s.status === 'up' && <button onClick={() => act({ do: 'pause' })}>pause</button>}
        <button onClick={() => act({ do: 'wipe' })}>wipe</button>
      </div>
    </section>
  );
}
