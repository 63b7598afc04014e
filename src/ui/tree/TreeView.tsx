// The znode tree of one replica (the leader unless another server is picked), where it lags the
// leader, and the selected node's data, Stat and ACL. Registered as the inspector's 'tree' view.

import { useEffect, useMemo, useState } from 'react';
import type { ZnodeKind } from '../../sim/machine/inspect.ts';
import { usePlayground } from '../../store/playground.ts';
import { useSelection } from '../../store/selection.ts';
import { useInspectedServer } from '../hooks/useServerQuery.ts';
import { roleOf } from '../ensemble/roles.ts';
import { hexZxid, lagText, normalizePath, plural } from './format.ts';
import { KindIcon } from './KindIcon.tsx';
import { NodeDetail } from './NodeDetail.tsx';
import { flatten } from './rows.ts';
import { TreeActions } from './TreeActions.tsx';
import { TreeList } from './TreeList.tsx';
import { useTreeState } from './treeState.ts';
import { useLeader, useTreeData } from './useTreeData.ts';
import './tree.css';

/** Servers as the picker lists them: a primitive key, so the view re-renders only when one changes. */
function useServerList(): { id: number; role: string; committed: number | null }[] {
  const key = usePlayground((s) => s.servers.map((x) => `${x.id}:${roleOf(x)}:${x.view?.lastCommitted ?? ''}`).join(','));
  return useMemo(
    () =>
      key === ''
        ? []
        : key.split(',').map((p) => {
            const [id, role, committed] = p.split(':');
            return { id: Number(id), role: role!, committed: committed === '' ? null : Number(committed) };
          }),
    [key],
  );
}

function ReplicaBar({ replica, leader }: { replica: number | null; leader: number | null }) {
  const servers = useServerList();
  const chosen = useSelection((s) => s.server);
  const select = useSelection((s) => s.select);
  const mine = servers.find((s) => s.id === replica);
  const lead = servers.find((s) => s.id === leader);
  let status: { text: string; cls: string };
  if (!mine) status = { text: 'no server to read', cls: 'down' };
  else if (mine.role === 'DOWN') status = { text: `server ${mine.id} is down: no tree in memory to read`, cls: 'down' };
  else if (mine.committed === null) status = { text: 'starting', cls: '' };
  else if (replica === leader) status = { text: `${mine.role === 'STANDALONE' ? 'standalone' : 'the leader'} · committed ${hexZxid(mine.committed)}`, cls: 'sync' };
  else if (!lead || lead.committed === null) status = { text: `no leader to compare with · committed ${hexZxid(mine.committed)}`, cls: '' };
  else {
    const l = lagText(mine.committed, lead.committed);
    status = { text: `committed ${hexZxid(mine.committed)}: ${l.text}${mine.role === 'PAUSED' ? ' (paused)' : ''}`, cls: l.behind ? 'behind' : 'sync' };
  }
  return (
    <div className="tree-replica">
      <label title="Whose copy of the tree to show: every server has its own replica">
        Replica{' '}
        <select value={chosen === null ? 'auto' : String(chosen)} onChange={(e) => select({ server: e.target.value === 'auto' ? null : Number(e.target.value) })} data-testid="tree-server" aria-label="Replica">
          <option value="auto">leader{leader !== null ? ` (server ${leader})` : ''}</option>
          {servers.map((s) => (
            <option key={s.id} value={s.id}>
              server {s.id} · {s.role}
            </option>
          ))}
        </select>
      </label>
      <span className={`tree-lag ${status.cls}`} data-testid="tree-lag" title="The replica's last committed zxid against the leader's">
        {status.cls === 'behind' ? '⚠ ' : status.cls === 'sync' ? '✓ ' : ''}
        {status.text}
      </span>
    </div>
  );
}

function PathBar({ path, onGo }: { path: string; onGo: (p: string) => void }) {
  const [text, setText] = useState(path);
  const [error, setError] = useState('');
  useEffect(() => {
    setText(path);
    setError('');
  }, [path]);
  return (
    <form
      className="tree-pathbar"
      onSubmit={(e) => {
        e.preventDefault();
        const r = normalizePath(text);
        if ('error' in r) setError(r.error);
        else {
          setError('');
          onGo(r.path);
        }
      }}
    >
      <input value={text} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setText(path)} spellCheck={false} autoComplete="off" aria-label="Path" title="Type a path and press Enter to go there (Escape restores)" data-testid="tree-path" />
      <button type="submit" title="Go to the path typed">
        Go
      </button>
      <button type="button" title="Copy the selected path" onClick={() => void navigator.clipboard?.writeText(path).catch(() => undefined)}>
        Copy
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

function Legend() {
  const kinds: [ZnodeKind, string][] = [
    ['persistent', 'persistent: stays until deleted'],
    ['ephemeral', 'EPH ephemeral: goes with its owner session (shown beside it)'],
    ['container', 'CTR container: deleted once its last child goes'],
    ['ttl', 'TTL: deleted after its TTL without changes or children'],
  ];
  return (
    <div className="tree-legend" data-testid="tree-legend">
      {kinds.map(([k, text]) => (
        <div key={k} className={`kind-${k}`}>
          <KindIcon kind={k} /> <span className="legend-text">{text}</span>
        </div>
      ))}
      <div>
        <span className="chip chip-seq">SEQ</span> sequential: a 10-digit counter ends the name
      </div>
      <div>
        <span className="chip chip-lag">stale</span> <span className="chip chip-lag">missing</span> differs from the leader (replicas other than the leader)
      </div>
      <div>
        <span className="chip chip-changed">new</span> <span className="chip chip-changed">changed</span> flashes as a change commits here
      </div>
    </div>
  );
}

export function TreeView() {
  const [showKey, setShowKey] = useState(false);
  const chosen = useSelection((s) => s.server);
  const path = useSelection((s) => s.path);
  const select = useSelection((s) => s.select);
  const replica = useInspectedServer(chosen);
  const leader = useLeader();
  const expanded = useTreeState((s) => s.expanded);
  const toggle = useTreeState((s) => s.toggle);
  const reveal = useTreeState((s) => s.reveal);
  const data = useTreeData(replica, leader, expanded, path);
  const fresh = data.replica === replica;
  const compare = fresh && data.leader !== null && data.leader !== replica ? data.leaderSide : null;
  const rows = useMemo(() => flatten(fresh ? data.side : null, compare, expanded), [fresh, data, compare, expanded]);
  // The selected node as last read: undefined while reading, null when the replica has none.
  const here = fresh && data.path === path;
  const node = !here ? undefined : data.side === null ? null : data.side.node;
  const replicaStatus = usePlayground((s) => s.servers.find((x) => x.id === replica)?.status ?? null);
  const unreadable = replica === null ? 'No server is running: there is no tree in memory to read.' : replicaStatus === 'down' ? `Server ${replica} is down: there is no tree in memory to read. Pick another replica, or start it.` : null;
  const lagging = useMemo(() => rows.filter((r) => r.lag !== null).length, [rows]);

  const go = (p: string) => {
    reveal(p);
    select({ path: p });
  };
  useEffect(() => {
    reveal(path);
    // Opening the ancestors of a path chosen elsewhere (another view, a reload) once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path]);

  return (
    <div className="tree-view" data-testid="tree-view">
      <ReplicaBar replica={replica} leader={leader} />
      <PathBar path={path} onGo={go} />
      <div className="tree-split">
        <div className="tree-left">
          <TreeList rows={rows} selected={path} flashes={fresh ? data.flashes : new Map()} onSelect={(p) => select({ path: p })} onToggle={toggle} />
          {showKey && <Legend />}
          <div className="tree-foot" data-testid="tree-foot">
            <span className="foot-text">
              {plural(rows.length, 'row')}
              {compare && (lagging > 0 ? <span className="foot-lag"> · ⚠ {plural(lagging, 'node')} differ from the leader</span> : <span> · same as the leader</span>)}
            </span>
            <button type="button" className="foot-key" onClick={() => setShowKey((x) => !x)} aria-expanded={showKey} title="What the icons, labels and colours mean">
              Key {showKey ? '▾' : '▴'}
            </button>
          </div>
        </div>
        <div className="tree-right">
          <NodeDetail path={path} server={replica} node={node} leaderNode={here ? compare?.node : undefined} unreadable={unreadable} onGo={go} />
          <TreeActions path={path} node={node ?? null} />
        </div>
      </div>
    </div>
  );
}
