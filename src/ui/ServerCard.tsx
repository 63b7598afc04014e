import { usePlayground, SERVER_ADDRESS } from '../store/playground.ts';

function formatTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function ServerCard() {
  const s = usePlayground((st) => st.server);
  return (
    <section className="server-card" aria-label="Server">
      <h2>
        server <span className="addr">{SERVER_ADDRESS}</span>
      </h2>
      <dl>
        <dt>Mode</dt>
        <dd className={`mode mode-${s.mode}`}>{s.mode}</dd>
        <dt>Zxid</dt>
        <dd>{s.zxid}</dd>
        <dt>Znodes</dt>
        <dd>{s.znodes}</dd>
        <dt>Sessions</dt>
        <dd>{s.sessions}</dd>
        <dt>Watches</dt>
        <dd>{s.watches}</dd>
        <dt>Virtual time</dt>
        <dd>{formatTime(s.virtualTime)}</dd>
      </dl>
    </section>
  );
}
