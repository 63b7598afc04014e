// The selected znode: breadcrumbs, its kind, and tabs Data (text, formatted JSON, a hex dump
// beside it), Stat (zkCli's order and format) and ACL (scheme:id and the permission letters).

import { useLayoutEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import type { NodeDetail as Detail } from '../../sim/machine/inspect.ts';
import { Tabs } from '../layout/Tabs.tsx';
import { aclRow, ancestorsOf, hexDump, hexZxid, nameOf, plural, statRows, viewData } from './format.ts';
import { KIND_LABEL, KindIcon } from './KindIcon.tsx';
import { useTreeState, type DetailTab } from './treeState.ts';

const HEX_LIMIT = 4096;

export function Breadcrumbs({ path, onGo }: { path: string; onGo: (p: string) => void }) {
  const steps = ancestorsOf(path);
  return (
    <nav className="crumbs" aria-label="Path" data-testid="tree-crumbs">
      {steps.map((p, i) => (
        <span key={p} className="crumb">
          {i > 1 && <span className="crumb-sep">/</span>}
          {i === steps.length - 1 ? (
            <span className="crumb-here" aria-current="location">
              {nameOf(p)}
            </span>
          ) : (
            <button type="button" className="crumb-link" onClick={() => onGo(p)} title={`Go to ${p}`}>
              {nameOf(p)}
            </button>
          )}
        </span>
      ))}
    </nav>
  );
}

/** 16 bytes a hex line where they fit, else 8. */
function usePerLine(): [RefObject<HTMLDivElement | null>, 8 | 16] {
  const ref = useRef<HTMLDivElement>(null);
  const [per, setPer] = useState<8 | 16>(16);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // A 16-byte line is 78 characters of 12px monospace (about 7.3 px each).
    const fit = () => setPer(el.clientWidth >= 78 * 7.3 + 16 ? 16 : 8);
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    fit();
    return () => ro.disconnect();
  }, []);
  return [ref, per];
}

function DataTab({ data }: { data: Uint8Array | null }) {
  const [ref, perLine] = usePerLine();
  return (
    <div ref={ref}>
      <DataContent data={data} perLine={perLine} />
    </div>
  );
}

function DataContent({ data, perLine }: { data: Uint8Array | null; perLine: 8 | 16 }) {
  const v = viewData(data);
  if (v.kind === 'null') return <p className="detail-note">No data (null): zkCli prints <code>null</code>.</p>;
  if (v.kind === 'empty') return <p className="detail-note">Empty data (0 bytes).</p>;
  const bytes = data!;
  const lines = hexDump(bytes, HEX_LIMIT, perLine);
  return (
    <div className="data-view">
      <div className="data-text">
        <div className="data-label">
          {v.kind === 'json' ? 'JSON (formatted)' : v.kind === 'text' ? 'Text (UTF-8)' : 'Binary'} · {plural(bytes.length, 'byte')}
        </div>
        {v.kind === 'binary' ? (
          <p className="detail-note" data-testid="tree-data-binary">
            Not text: {plural(bytes.length, 'byte')}, {v.printable} printable. See the hex dump.
          </p>
        ) : (
          <pre className="data-pre" data-testid="tree-data-text">
            {v.kind === 'json' ? v.pretty : v.text}
          </pre>
        )}
      </div>
      <div className="data-hex">
        <div className="data-label">Hex{bytes.length > HEX_LIMIT ? ` (first ${HEX_LIMIT} of ${bytes.length} bytes)` : ''}</div>
        <pre className="hex-pre" data-testid="tree-data-hex">
          {lines.map((l) => (
            <span key={l.offset} className="hex-line">
              <span className="hex-off">{l.offset}</span> {l.hex.padEnd(perLine * 3)} <span className="hex-ascii">|{l.ascii}|</span>
              {'\n'}
            </span>
          ))}
        </pre>
      </div>
    </div>
  );
}

function StatTab({ node, leader }: { node: Detail; leader: Detail | null | undefined }) {
  const rows = statRows(node.stat);
  const theirs = leader ? new Map(statRows(leader.stat)) : null;
  return (
    <table className="stat-table" data-testid="tree-stat">
      <tbody>
        {rows.map(([k, v]) => {
          const other = theirs?.get(k);
          const differs = other !== undefined && other !== v;
          return (
            <tr key={k} className={differs ? 'differs' : undefined}>
              <th scope="row">{k}</th>
              <td>
                {v}
                {differs && (
                  <span className="stat-leader" title="The leader's value: this replica lags">
                    {' '}
                    leader: {other}
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function AclTab({ node }: { node: Detail }) {
  return (
    <table className="acl-table" data-testid="tree-acl">
      <tbody>
        {node.acl.map((a, i) => {
          const r = aclRow(a);
          return (
            <tr key={i}>
              <th scope="row" className="acl-id">
                {r.id}
              </th>
              <td>
                <span className="acl-perms">{r.perms}</span>
                <span className="acl-letters" aria-hidden="true">
                  {r.letters.map((l) => (
                    <span key={l.letter} className={l.granted ? 'perm on' : 'perm off'} title={`${l.letter}: ${l.meaning} — ${l.granted ? 'granted' : 'not granted'}`}>
                      {l.granted ? '☑' : '☐'} {l.letter}
                    </span>
                  ))}
                </span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const TABS: { id: string; title: string; hint: string }[] = [
  { id: 'tree-data', title: 'Data', hint: 'The data as text, formatted JSON and hex' },
  { id: 'tree-stat', title: 'Stat', hint: 'The Stat as zkCli prints it' },
  { id: 'tree-acl', title: 'ACL', hint: 'Who may do what (getAcl)' },
];

/** What differs between the replica's node and the leader's, in words. */
function staleness(mine: Detail, theirs: Detail): string | null {
  const parts: string[] = [];
  if (mine.stat.mzxid !== theirs.stat.mzxid) parts.push(`data: the leader has mZxid ${hexZxid(theirs.stat.mzxid)} (dataVersion ${theirs.stat.version}), this replica ${hexZxid(mine.stat.mzxid)} (dataVersion ${mine.stat.version})`);
  if (mine.stat.pzxid !== theirs.stat.pzxid) parts.push(`children: the leader has ${theirs.stat.numChildren} (pZxid ${hexZxid(theirs.stat.pzxid)}), this replica ${mine.stat.numChildren} (pZxid ${hexZxid(mine.stat.pzxid)})`);
  if (mine.stat.aversion !== theirs.stat.aversion) parts.push(`ACL: the leader has aclVersion ${theirs.stat.aversion}, this replica ${mine.stat.aversion}`);
  return parts.length === 0 ? null : `This replica lags the leader. ${parts.join('; ')}.`;
}

export function NodeDetail({ path, node, leaderNode, server, unreadable, onGo }: { path: string; node: Detail | null | undefined; leaderNode: Detail | null | undefined; server: number | null; unreadable: string | null; onGo: (p: string) => void }) {
  const tab = useTreeState((s) => s.detail);
  const setTab = useTreeState((s) => s.setDetail);
  const stale = node && leaderNode ? staleness(node, leaderNode) : null;
  return (
    <section className="node-detail" aria-label={`Znode ${path}`} data-testid="tree-detail">
      <header className="detail-head">
        <Breadcrumbs path={path} onGo={onGo} />
        {node && (
          <span className={`detail-kind kind-${path === '/' ? 'root' : node.kind}`}>
            <KindIcon kind={path === '/' ? 'root' : node.kind} /> {KIND_LABEL[node.kind]}
            {/\d{10}$/.test(path) ? ', sequential' : ''}
            {node.kind === 'ephemeral' && (
              <>
                {' '}
                · owner <code title="The session that owns this ephemeral node">{hexZxid(node.stat.ephemeralOwner)}</code>
              </>
            )}
          </span>
        )}
      </header>
      {unreadable !== null ? (
        <p className="detail-note" data-testid="tree-detail-missing">
          {unreadable}
        </p>
      ) : node === undefined ? (
        <p className="detail-note">Reading…</p>
      ) : node === null ? (
        <p className="detail-note" data-testid="tree-detail-missing">
          {server === null ? 'No server to read from.' : `No znode ${path} on server ${server}.`}
          {leaderNode ? ' The leader has it: this replica has not caught up yet.' : ''}
        </p>
      ) : (
        <>
          {stale && (
            <p className="detail-lag" data-testid="tree-detail-lag">
              ⚠ {stale}
            </p>
          )}
          <Tabs label="Znode details" tabs={TABS} active={`tree-${tab}`} onSelect={(id) => setTab(id.slice(5) as DetailTab)} />
          <div className="detail-body" role="tabpanel">
            {tab === 'data' && <DataTab data={node.data} />}
            {tab === 'stat' && <StatTab node={node} leader={leaderNode} />}
            {tab === 'acl' && <AclTab node={node} />}
          </div>
        </>
      )}
    </section>
  );
}
