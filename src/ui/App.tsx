import { ConsolePanel } from './console/ConsolePanel.tsx';
import { ServerCard } from './ServerCard.tsx';
import { usePlayground } from '../store/playground.ts';

function formatTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}

export function App() {
  const servers = usePlayground((st) => st.servers);
  const clients = usePlayground((st) => st.clients);
  const now = usePlayground((st) => st.now);
  const error = usePlayground((st) => st.error);
  const violations = usePlayground((st) => st.violations);
  return (
    <div className="app">
      <header className="app-header">
        <h1>ZooScope</h1>
        <span className="tagline">a ZooKeeper 3.8 ensemble running in your browser</span>
        <span className="clock" data-testid="clock">
          t = {formatTime(now)}
        </span>
      </header>
      {error && <div className="banner error">{error}</div>}
      {violations.length > 0 && <div className="banner error">Invariant violated: {violations[0]}</div>}
      <main className="app-main">
        <div className="servers">
          {servers.map((s) => (
            <ServerCard key={s.id} s={s} />
          ))}
        </div>
        {clients.map((c) => (
          <ConsolePanel key={c.name} name={c.name} />
        ))}
      </main>
      <footer className="hint">
        Try: <code>create /app hello</code>, <code>get -w /app</code>, then kill the leader and <code>set /app world</code>.
      </footer>
    </div>
  );
}
