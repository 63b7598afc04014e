// One zkCli console per client, as tabs; "+" opens a new client (a new session) to the servers
// chosen.

import { useState } from 'react';
import { openClient, usePlayground } from '../../store/playground.ts';
import { useSelection } from '../../store/selection.ts';
import { Tabs } from '../layout/Tabs.tsx';
import { ConsolePanel } from './ConsolePanel.tsx';

function NewClient({ onDone }: { onDone: () => void }) {
  const servers = usePlayground((s) => s.servers);
  const [chosen, setChosen] = useState<number[]>(() => servers.map((s) => s.id));
  const [error, setError] = useState('');
  const select = useSelection((s) => s.select);
  return (
    <form
      className="new-client"
      onSubmit={(e) => {
        e.preventDefault();
        const r = openClient(chosen);
        if (!r.ok) setError(r.errors.join('; '));
        else {
          select({ client: r.name ?? null });
          onDone();
        }
      }}
    >
      <span>Connect to</span>
      {servers.map((s) => (
        <label key={s.id}>
          <input type="checkbox" checked={chosen.includes(s.id)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, s.id].sort((a, b) => a - b) : c.filter((x) => x !== s.id)))} />
          server {s.id}
        </label>
      ))}
      <button type="submit" disabled={chosen.length === 0} data-testid="new-client-connect">
        Connect
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {error && <span className="form-error">{error}</span>}
    </form>
  );
}

export function Consoles() {
  const clients = usePlayground((s) => s.clients);
  const selected = useSelection((s) => s.client);
  const select = useSelection((s) => s.select);
  const [adding, setAdding] = useState(false);
  const active = clients.some((c) => c.name === selected) ? selected! : (clients[0]?.name ?? '');
  return (
    <section className="consoles" aria-label="zkCli consoles">
      <Tabs
        label="Clients"
        tabs={clients.map((c) => ({ id: `console-${c.name}`, title: `${c.name} · ${c.state}`, hint: `zkCli of client ${c.name}, session ${c.sessionId}` }))}
        active={`console-${active}`}
        onSelect={(id) => select({ client: id.slice('console-'.length) })}
        extra={
          <button className="tab add" onClick={() => setAdding(true)} title="Open another client (a new session)" data-testid="new-client" aria-label="New client">
            +
          </button>
        }
      />
      {adding && <NewClient onDone={() => setAdding(false)} />}
      {active !== '' && <ConsolePanel key={active} name={active} />}
    </section>
  );
}
