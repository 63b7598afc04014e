// Act on the selected znode through a client's zkCli console: create a child, set its data
// (version-checked), delete it. Each is typed into that console as a zkCli line (a recorded `cli`
// action), so it shows there with zkCli's own answer, and replays exactly.

import { useState, type FormEvent } from 'react';
import type { NodeDetail } from '../../sim/machine/inspect.ts';
import { submit, usePlayground } from '../../store/playground.ts';
import { useSelection } from '../../store/selection.ts';
import { childPath, cliWord, normalizePath, viewData } from './format.ts';

type Mode = 'persistent' | 'ephemeral' | 'persistent-seq' | 'ephemeral-seq' | 'container' | 'ttl';
const MODES: { id: Mode; label: string; flags: string }[] = [
  { id: 'persistent', label: 'persistent', flags: '' },
  { id: 'ephemeral', label: 'ephemeral', flags: '-e ' },
  { id: 'persistent-seq', label: 'persistent sequential', flags: '-s ' },
  { id: 'ephemeral-seq', label: 'ephemeral sequential', flags: '-s -e ' },
  { id: 'container', label: 'container', flags: '-c ' },
  { id: 'ttl', label: 'TTL (needs extendedTypesEnabled)', flags: '-t ' },
];

type Form = null | 'create' | 'set' | 'delete';

export function TreeActions({ path, node }: { path: string; node: NodeDetail | null }) {
  const clients = usePlayground((s) => s.clients.map((c) => `${c.name}:${c.state}`).join(','));
  const list = clients === '' ? [] : clients.split(',').map((x) => ({ name: x.slice(0, x.indexOf(':')), state: x.slice(x.indexOf(':') + 1) }));
  const selectedClient = useSelection((s) => s.client);
  const select = useSelection((s) => s.select);
  const client = list.find((c) => c.name === selectedClient) ?? list.find((c) => c.state === 'CONNECTED') ?? list[0];
  const [form, setForm] = useState<Form>(null);
  const [name, setName] = useState('');
  const [mode, setMode] = useState<Mode>('persistent');
  const [ttl, setTtl] = useState('60000');
  const [text, setText] = useState('');
  const [checkVersion, setCheckVersion] = useState(true);
  const [error, setError] = useState('');

  const run = (line: string): void => {
    if (!client) return;
    const r = submit(client.name, line);
    if (r && !r.ok) {
      setError(r.errors.join('; '));
      return;
    }
    select({ client: client.name });
    setForm(null);
    setError('');
  };
  const open = (f: Form) => {
    setError('');
    setForm(f);
    if (f === 'set') {
      const v = node ? viewData(node.data) : null;
      setText(v && (v.kind === 'text' || v.kind === 'json') ? v.text : '');
    }
    if (f === 'create') setName('');
  };
  const word = (s: string): string | null => {
    const w = cliWord(s);
    if ('error' in w) {
      setError(w.error);
      return null;
    }
    return w.word;
  };

  const onCreate = (e: FormEvent) => {
    e.preventDefault();
    const p = normalizePath(childPath(path, name.trim()));
    if ('error' in p || name.trim() === '' || name.includes('/')) return setError(name.trim() === '' || name.includes('/') ? 'A child name: no slashes' : (p as { error: string }).error);
    const m = MODES.find((x) => x.id === mode)!;
    if (mode === 'ttl' && !/^\d+$/.test(ttl)) return setError('TTL in milliseconds');
    const pw = word(p.path);
    const dw = text === '' ? '' : word(text);
    if (pw === null || dw === null) return;
    run(`create ${m.flags}${mode === 'ttl' ? `${ttl} ` : ''}${pw}${dw === '' ? '' : ` ${dw}`}`);
  };
  const onSet = (e: FormEvent) => {
    e.preventDefault();
    const pw = word(path);
    const dw = word(text);
    if (pw === null || dw === null) return;
    run(`set ${checkVersion && node ? `-v ${node.stat.version} ` : ''}${pw} ${dw}`);
  };
  const onDelete = (e: FormEvent) => {
    e.preventDefault();
    const pw = word(path);
    if (pw === null) return;
    run(`${node && node.stat.numChildren > 0 ? 'deleteall' : 'delete'} ${pw}`);
  };

  const disabled = !client;
  const why = client ? `as zkCli ${client.name} (${client.state})` : 'Open a client first (the + beside the consoles)';
  return (
    <div className="tree-actions" data-testid="tree-actions">
      {form === null && (
        <div className="action-row">
          <button type="button" onClick={() => open('create')} disabled={disabled} title={`Create a child of ${path} ${why}`} data-testid="tree-act-create">
            + Child
          </button>
          <button type="button" onClick={() => open('set')} disabled={disabled || !node} title={`Set the data of ${path} ${why}`} data-testid="tree-act-set">
            Set data
          </button>
          <button type="button" onClick={() => open('delete')} disabled={disabled || !node || path === '/' || path === '/zookeeper'} title={`Delete ${path} ${why}`} data-testid="tree-act-delete">
            Delete
          </button>
          {list.length > 1 ? (
            <label className="action-client" title="The client whose console runs the command">
              via{' '}
              <select value={client?.name ?? ''} onChange={(e) => select({ client: e.target.value })} aria-label="Client">
                {list.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name} · {c.state}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <span className="action-client">{client ? `via ${client.name}` : 'no client'}</span>
          )}
        </div>
      )}
      {form === 'create' && (
        <form className="action-form" onSubmit={onCreate} onKeyDown={(e) => e.key === 'Escape' && setForm(null)}>
          <label>
            Child of <code>{path}</code>{' '}
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="name" aria-label="Child name" autoFocus data-testid="tree-create-name" />
          </label>
          <select value={mode} onChange={(e) => setMode(e.target.value as Mode)} aria-label="Kind of node" title="Create mode">
            {MODES.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
          {mode === 'ttl' && <input value={ttl} onChange={(e) => setTtl(e.target.value)} aria-label="TTL in ms" title="TTL in milliseconds" size={7} />}
          <input value={text} onChange={(e) => setText(e.target.value)} placeholder="data (optional)" aria-label="Data" data-testid="tree-create-data" />
          <button type="submit" title="Run create in the console">
            Create
          </button>
          <button type="button" onClick={() => setForm(null)} title="Cancel (Escape)">
            Cancel
          </button>
        </form>
      )}
      {form === 'set' && (
        <form className="action-form" onSubmit={onSet} onKeyDown={(e) => e.key === 'Escape' && setForm(null)}>
          <input value={text} onChange={(e) => setText(e.target.value)} aria-label="New data" autoFocus className="grow" data-testid="tree-set-data" />
          <label title="set -v: fails with BadVersion if someone changed the node since you looked">
            <input type="checkbox" checked={checkVersion} onChange={(e) => setCheckVersion(e.target.checked)} /> only if still version {node?.stat.version ?? '?'}
          </label>
          <button type="submit" title="Run set in the console">
            Set
          </button>
          <button type="button" onClick={() => setForm(null)} title="Cancel (Escape)">
            Cancel
          </button>
        </form>
      )}
      {form === 'delete' && (
        <form className="action-form" onSubmit={onDelete} onKeyDown={(e) => e.key === 'Escape' && setForm(null)}>
          <span>
            Delete <code>{path}</code>
            {node && node.stat.numChildren > 0 ? ` and everything under it (${node.stat.numChildren} children; deleteall)` : ''}?
          </span>
          <button type="submit" className="danger" autoFocus title="Run delete in the console" data-testid="tree-delete-confirm">
            Delete
          </button>
          <button type="button" onClick={() => setForm(null)} title="Cancel (Escape)">
            Cancel
          </button>
        </form>
      )}
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
