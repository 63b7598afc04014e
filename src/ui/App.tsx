import { ConsolePanel } from './console/ConsolePanel.tsx';
import { ServerCard } from './ServerCard.tsx';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>ZooScope</h1>
        <span className="tagline">a ZooKeeper 3.8 server running in your browser</span>
      </header>
      <main className="app-main">
        <ServerCard />
        <ConsolePanel name="c1" />
      </main>
      <footer className="hint">Try: <code>create /app hello</code>, <code>get -w /app</code>, then <code>set /app world</code> and watch the WATCHER block arrive.</footer>
    </div>
  );
}
