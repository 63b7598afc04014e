// Election rounds: Fast Leader Election as each server runs it now (its vote, round, the
// notifications it received this round and the tally toward a quorum, finalizeWait), the leader
// and how far it got establishing its epoch, and the past rounds from the semantic log.

import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ElectionAnswer } from '../../sim/machine/inspect.ts';
import { controller } from '../../store/controller.ts';
import { inspectServer, usePlayground, type ServerInfo } from '../../store/playground.ts';
import { useSelection } from '../../store/selection.ts';
import { at, dur, hex, quorumOf, sid } from './format.ts';
import { roundsOf, statusOf, type Round, type RoundIndex } from './rounds.ts';
import { sessionKey, usePolled } from '../hooks/usePolled.ts';
import './elections.css';

const ELECTION = { kind: 'election' } as const;

type Answers = ReadonlyMap<number, ElectionAnswer>;

interface VoteLike {
  readonly leader: number;
  readonly zxid: number;
  readonly peerEpoch: number;
}

const voteText = (v: VoteLike) => (v.leader < 0 ? 'no vote' : `${sid(v.leader)} · ${hex(v.zxid)} · e${v.peerEpoch}`);
const voteTitle = (v: VoteLike) => (v.leader < 0 ? 'No vote (an observer proposes nobody)' : `votes for server ${v.leader}, last zxid ${hex(v.zxid)}, peerEpoch ${v.peerEpoch}`);

function stateOf(s: ServerInfo): string {
  if (s.status === 'down') return 'DOWN';
  if (s.status === 'paused') return 'PAUSED';
  if (s.view?.startError) return 'FAILED';
  return s.view?.state ?? 'STARTING';
}

/** The servers' election state, asked of every server that is up; paused ones keep their last answer. */
function useElectionAnswers(servers: readonly ServerInfo[]): Answers {
  const up = servers.filter((s) => s.status === 'up' && s.role !== 'standalone').map((s) => s.id);
  const key = `${sessionKey()}:${up.join(',')}`;
  const fresh = usePolled(key, async () => {
    const list = await Promise.all(up.map((id) => inspectServer(id, ELECTION)));
    const m = new Map<number, ElectionAnswer>();
    up.forEach((id, i) => {
      const a = list[i];
      if (a) m.set(id, a);
    });
    return m;
  });
  const cache = useRef<{ session: number; answers: Map<number, ElectionAnswer> }>({ session: 0, answers: new Map() });
  const session = sessionKey();
  if (cache.current.session !== session) cache.current = { session, answers: new Map() };
  const c = cache.current.answers;
  if (fresh) for (const [id, a] of fresh) c.set(id, a);
  for (const s of servers) if (s.status === 'down') c.delete(s.id);
  return c;
}

interface Tally {
  readonly vote: VoteLike & { readonly electionEpoch: number };
  readonly from: number[];
  readonly mine: boolean;
}

/** recvset grouped by vote (FLE's voteEquals for LOOKING votes: leader, zxid, round, peerEpoch). */
function tallyOf(a: ElectionAnswer): Tally[] {
  const groups = new Map<string, Tally>();
  const me = a.proposal;
  for (const v of a.recvset) {
    const k = `${v.leader}/${v.zxid}/${v.electionEpoch}/${v.peerEpoch}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { vote: v, from: [], mine: v.leader === me.leader && v.zxid === me.zxid && v.peerEpoch === me.peerEpoch && v.electionEpoch === a.logicalclock }));
    g.from.push(v.from);
  }
  return [...groups.values()].map((g) => ({ ...g, from: g.from.sort((x, y) => x - y) })).sort((x, y) => y.from.length - x.from.length || x.vote.leader - y.vote.leader);
}

function votersIn(from: readonly number[], voters: readonly number[]): number {
  return from.filter((f) => voters.includes(f)).length;
}

function Headline({ servers, index, answers }: { servers: readonly ServerInfo[]; index: RoundIndex; answers: Answers }) {
  const leader = servers.find((s) => s.status !== 'down' && s.view?.state === 'LEADING');
  const looking = servers.filter((s) => s.status === 'up' && s.view?.state === 'LOOKING');
  if (servers.length === 0) return <p className="el-headline">No ensemble loaded.</p>;
  if (servers.some((s) => s.role === 'standalone'))
    return (
      <p className="el-headline" data-testid="election-headline">
        A standalone server does not elect a leader.
      </p>
    );
  if (leader) {
    const r = index.leadingRound(leader.id);
    const last = r?.phases[r.phases.length - 1];
    const est = r && r.establishedAt !== null;
    return (
      <p className="el-headline" data-testid="election-headline" title="The leader, the round its election settled in, and its ZAB phase">
        <span className="el-crown" aria-hidden="true">
          ♛
        </span>{' '}
        <strong>Leader: server {leader.id}</strong>
        {r && (
          <>
            {' '}
            · elected in round {r.electionEpoch} at {at(r.lastAt)}
            {r.epoch !== null && <> · epoch {r.epoch}</>}
            {' · '}
            {est ? (
              <span className="el-ok">✓ broadcast since {at(r.establishedAt!)}</span>
            ) : (
              <span className="el-pending">establishing: {last?.phase ?? 'discovery'}</span>
            )}
          </>
        )}
        {looking.length > 0 && <> · {looking.length} LOOKING</>}
      </p>
    );
  }
  const rounds = [...new Set(looking.map((s) => answers.get(s.id)?.logicalclock ?? s.view?.round ?? 0))].sort((a, b) => a - b);
  return (
    <p className="el-headline el-noleader" data-testid="election-headline">
      <span aria-hidden="true">⚠</span> <strong>No leader</strong>
      {looking.length > 0 ? ` — ${looking.length} server${looking.length > 1 ? 's' : ''} LOOKING (round ${rounds.join(', ')})` : ''}
    </p>
  );
}

function LiveTable({ servers, answers, focus, onFocus }: { servers: readonly ServerInfo[]; answers: Answers; focus: number | null; onFocus: (id: number) => void }) {
  const onKey = (e: KeyboardEvent, i: number) => {
    const d = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (d === 0) return;
    e.preventDefault();
    const j = (i + d + servers.length) % servers.length;
    onFocus(servers[j]!.id);
    (e.currentTarget.parentElement?.children[j] as HTMLElement | undefined)?.focus();
  };
  return (
    <div className="el-live" role="listbox" aria-label="Servers' election state" data-testid="election-live">
      <div className="el-row el-head" aria-hidden="true">
        <span>Server</span>
        <span>State</span>
        <span title="logicalclock: the election round">Round</span>
        <span title="Current vote: leader · last zxid · peerEpoch">Vote</span>
        <span title="Votes this round equal to its own (✓: a quorum of the voters)">Tally</span>
      </div>
      {servers.map((s, i) => {
        const a = answers.get(s.id);
        const state = stateOf(s);
        const observer = s.role === 'observer';
        const looking = a?.state === 'LOOKING' && a.active;
        const settledVote = s.view?.vote ? { leader: s.view.vote.id, zxid: s.view.vote.zxid, peerEpoch: s.view.vote.peerEpoch } : null;
        const vote: VoteLike | null = a ? (looking ? a.proposal : (settledVote ?? a.proposal)) : settledVote;
        const round = a?.logicalclock ?? s.view?.round ?? null;
        let tally = '';
        let tallyTitle = '';
        let ok = false;
        if (a && looking) {
          const mine = tallyOf(a).find((t) => t.mine);
          const n = mine ? votersIn(mine.from, a.voters) : 0;
          const q = quorumOf(a.voters.length);
          ok = n >= q;
          tally = ok ? `${n}/${a.voters.length}` : `${n}/${a.voters.length} (need ${q})`;
          tallyTitle = `${n} of ${a.voters.length} voters agree with its vote this round; a quorum is ${q}`;
        } else if (state === 'LEADING' || state === 'FOLLOWING' || state === 'OBSERVING') {
          tally = 'decided';
          tallyTitle = 'The election is over for this server';
        }
        return (
          <div
            key={s.id}
            role="option"
            aria-selected={focus === s.id}
            tabIndex={focus === s.id || (focus === null && i === 0) ? 0 : -1}
            className={`el-row${focus === s.id ? ' el-focus' : ''}`}
            data-testid={`election-row-${s.id}`}
            title={`Server ${s.id}: show its notifications and tally (↑/↓ to move)`}
            onClick={() => onFocus(s.id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            <span className="el-sid">
              s{s.id}
              {observer && (
                <span className="el-tag" title="An observer: it learns the outcome, but does not vote">
                  obs
                </span>
              )}
            </span>
            <span className={`role role-${state} el-state`}>{state}</span>
            <span className="el-mono" data-testid={`election-round-${s.id}`}>
              {round === null || s.status === 'down' ? '–' : round}
            </span>
            <span className="el-mono" data-testid={`election-vote-${s.id}`} title={vote ? voteTitle(vote) : undefined}>
              {vote && s.status !== 'down' ? voteText(vote) : '–'}
            </span>
            <span className={`el-mono${ok ? ' el-ok' : ''}`} title={tallyTitle}>
              {ok && '✓ '}
              {tally}
              {a?.finalizing && (
                <span className="el-tag el-final" title="finalizeWait: a quorum agrees; waiting 200 ms for a better vote before settling" data-testid={`election-finalizing-${s.id}`}>
                  finalizing
                </span>
              )}
            </span>
          </div>
        );
      })}
    </div>
  );
}

function Detail({ s, a, now }: { s: ServerInfo; a: ElectionAnswer | undefined; now: number }) {
  const [all, setAll] = useState(false);
  if (s.status === 'down') return <div className="el-detail">Server {s.id} is down: it takes no part in elections until it starts again.</div>;
  if (!a) return <div className="el-detail">Server {s.id}: {s.role === 'standalone' ? 'a standalone server has no election.' : 'asking…'}</div>;
  const tally = tallyOf(a);
  const q = quorumOf(a.voters.length);
  const looking = a.state === 'LOOKING' && a.active;
  const received = [...a.received].reverse();
  const shown = all ? received : received.slice(0, 12);
  return (
    <div className="el-detail" data-testid="election-detail" aria-label={`Server ${s.id} election detail`}>
      <h3>
        Server {s.id} · {looking ? `LOOKING in round ${a.logicalclock}` : `${a.state}, settled in round ${a.logicalclock}`}
        {s.status === 'paused' && ' · paused (as last seen)'}
      </h3>
      <p className="el-sub">
        {looking ? 'Proposes ' : 'Voted for '}
        <span className="el-mono">{voteText(a.proposal)}</span>. Voters: {a.voters.map((v) => `s${v}`).join(', ')} — quorum {q} of {a.voters.length}
        {s.role === 'observer' && ' (it is an observer: it follows the vote, never casts one)'}.
        {a.finalizing && <strong> finalizeWait: a quorum agrees; it settles unless a better vote arrives within 200 ms.</strong>}
      </p>
      <h4 title="recvset: the latest vote of each LOOKING peer this round">Tally this round (LOOKING votes)</h4>
      {tally.length === 0 ? (
        <p className="el-sub">No votes received this round yet.</p>
      ) : (
        <ul className="el-tally">
          {tally.map((t) => {
            const n = votersIn(t.from, a.voters);
            return (
              <li key={`${t.vote.leader}/${t.vote.zxid}/${t.vote.electionEpoch}/${t.vote.peerEpoch}`} className={t.mine ? 'el-mine' : ''}>
                <span className="el-mono">{voteText(t.vote)}</span>
                <span className="el-bar" aria-hidden="true">
                  {a.voters.map((v) => (
                    <i key={v} className={t.from.includes(v) ? 'on' : ''} />
                  ))}
                </span>
                <span>
                  {n}/{a.voters.length} from {t.from.map((f) => `s${f}`).join(', ')}
                  {t.vote.electionEpoch !== a.logicalclock && ` (round ${t.vote.electionEpoch})`}
                  {t.mine && ' — its own vote'}
                  {n >= q && <strong className="el-ok"> ✓ quorum</strong>}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {a.outofelection.length > 0 && (
        <>
          <h4 title="outofelection: votes of peers already FOLLOWING or LEADING">Settled peers</h4>
          <ul className="el-tally">
            {a.outofelection.map((v) => (
              <li key={v.from}>
                s{v.from} is {v.state} {sid(v.leader)} (round {v.electionEpoch}, peerEpoch {v.peerEpoch})
              </li>
            ))}
          </ul>
        </>
      )}
      <h4>
        Notifications received this round ({a.received.length}){' '}
        {received.length > 12 && (
          <button className="el-link" onClick={() => setAll(!all)} title={all ? 'Show the newest 12' : 'Show every notification of this round'}>
            {all ? 'newest only' : 'show all'}
          </button>
        )}
      </h4>
      {received.length === 0 ? (
        <p className="el-sub">None yet.</p>
      ) : (
        <table className="el-table" data-testid="election-notifications">
          <thead>
            <tr>
              <th>At</th>
              <th>From</th>
              <th>Their state</th>
              <th title="The sender's round (electionEpoch)">Round</th>
              <th>Vote (leader · zxid · peerEpoch)</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((n, i) => (
              <tr key={`${n.at}/${n.from}/${i}`} className={n.electionEpoch < a.logicalclock && n.state === 'LOOKING' ? 'el-stale' : ''}>
                <td className="el-mono" title={`${dur(Math.max(0, now - n.at))} ago`}>
                  {at(n.at)}
                </td>
                <td>s{n.from}</td>
                <td>{n.state}</td>
                <td className="el-mono">
                  {n.electionEpoch}
                  {n.electionEpoch < a.logicalclock && n.state === 'LOOKING' && <span title="From an older round: ignored"> (old)</span>}
                </td>
                <td className="el-mono">{voteText(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function roundStatus(r: Round, index: RoundIndex, servers: readonly ServerInfo[]): { text: string; cls: string } {
  const leader = servers.find((s) => s.id === r.leader);
  const current = index.leadingRound(r.leader) === r && leader !== undefined && leader.status !== 'down';
  const st = statusOf(r);
  if (current && st === 'established') return { text: '✓ current leader', cls: 'el-ok' };
  if (current) return { text: '… establishing', cls: 'el-pending' };
  const gone = leader?.status === 'down' ? 'leader went down' : 'ended';
  if (st === 'established') return { text: r.ended ? `ended: ${r.ended.reason}` : gone, cls: 'el-muted' };
  return { text: `✗ never established (${r.ended ? r.ended.reason : gone})`, cls: 'el-bad' };
}

function History({ index, servers }: { index: RoundIndex; servers: readonly ServerInfo[] }) {
  const [picked, setPicked] = useState<string | null>(null);
  const rounds = useMemo(() => [...index.rounds].sort((a, b) => b.lastAt - a.lastAt || b.electionEpoch - a.electionEpoch), [index, index.version]);
  return (
    <section className="el-history" aria-label="Past election rounds">
      {rounds.length === 0 ? (
        <p className="el-sub">No election has settled yet.</p>
      ) : (
        <ul className="el-rounds" data-testid="election-history">
          {rounds.map((r) => {
            const st = roundStatus(r, index, servers);
            return (
              <li key={r.key}>
                <button
                  className={`el-round${r.key === picked ? ' el-focus' : ''}`}
                  aria-expanded={r.key === picked}
                  onClick={() => setPicked(r.key === picked ? null : r.key)}
                  title="Show this round's votes and timing"
                  data-testid={`election-round-item`}
                >
                  <span className="el-mono">round {r.electionEpoch}</span>
                  <span>leader s{r.leader}</span>
                  <span className="el-mono">{r.epoch !== null ? `epoch ${r.epoch}` : 'epoch –'}</span>
                  <span className="el-mono">{at(r.lastAt)}</span>
                  <span>
                    {r.decisions.length} vote{r.decisions.length === 1 ? '' : 's'}
                  </span>
                  <span className={st.cls}>{st.text}</span>
                </button>
                {r.key === picked && <RoundDetail r={r} />}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function RoundDetail({ r }: { r: Round }) {
  return (
    <div className="el-round-detail" data-testid="election-round-detail">
      <p className="el-sub">
        Round {r.electionEpoch}: the first server went LOOKING at {at(r.startedAt)}; the last decided at {at(r.lastAt)} ({dur(r.lastAt - r.startedAt)}).
        {r.phases.length > 0 && (
          <>
            {' '}
            Leader s{r.leader}: {r.phases.map((p) => `${p.phase}${p.epoch >= 0 ? ` (epoch ${p.epoch})` : ''} at ${at(p.at)}`).join(' → ')}.
          </>
        )}
        {r.ended && <> Its leadership ended at {at(r.ended.at)}: {r.ended.reason}.</>}
      </p>
      <table className="el-table">
        <thead>
          <tr>
            <th>Server</th>
            <th>Became</th>
            <th title="When it settled its vote">Decided</th>
            <th title="From going LOOKING to deciding">LOOKING for</th>
            <th title="leader · last zxid · peerEpoch">Final vote</th>
            <th title="How the learner synced with the leader">Sync</th>
          </tr>
        </thead>
        <tbody>
          {r.decisions.map((d) => (
            <tr key={d.server}>
              <td>s{d.server}</td>
              <td>{d.state}</td>
              <td className="el-mono">{at(d.at)}</td>
              <td className="el-mono">{d.lookingSince === null ? '–' : dur(d.at - d.lookingSince)}</td>
              <td className="el-mono">{voteText(d)}</td>
              <td>{d.state === 'LEADING' ? '—' : (d.sync ?? '–')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ElectionView() {
  const servers = usePlayground((s) => s.servers);
  const now = usePlayground((s) => s.now);
  usePlayground((s) => s.frame);
  const selected = useSelection((s) => s.server);
  const select = useSelection((s) => s.select);
  const [pane, setPane] = useState<'server' | 'history'>('server');
  const answers = useElectionAnswers(servers);
  const log = controller.session?.run.world.semanticLog ?? null;
  const index = useMemo(() => (log ? roundsOf(log) : null), [log]);
  index?.update();
  if (!index) return <div className="el-view">No ensemble loaded.</div>;
  const focusId =
    selected !== null && servers.some((s) => s.id === selected)
      ? selected
      : (servers.find((s) => s.status === 'up' && s.view?.state === 'LOOKING')?.id ?? servers.find((s) => s.view?.state === 'LEADING')?.id ?? servers[0]?.id ?? null);
  const focus = servers.find((s) => s.id === focusId) ?? null;
  return (
    <div className="el-view" data-testid="election-view">
      <Headline servers={servers} index={index} answers={answers} />
      <LiveTable servers={servers} answers={answers} focus={focusId} onFocus={(id) => {
          select({ server: id });
          setPane('server');
        }}
      />
      <div className="el-switch" role="tablist" aria-label="Election detail">
        <button role="tab" aria-selected={pane === 'server'} className={pane === 'server' ? 'active' : ''} onClick={() => setPane('server')} title="The focused server's notifications and tally this round" data-testid="election-pane-server">
          {focus ? `Server ${focus.id} this round` : 'Server'}
        </button>
        <button role="tab" aria-selected={pane === 'history'} className={pane === 'history' ? 'active' : ''} onClick={() => setPane('history')} title="Every round that settled: its votes and timing" data-testid="election-pane-history">
          Past rounds ({index.rounds.length})
        </button>
      </div>
      {pane === 'server' ? focus && <Detail key={focus.id} s={focus} a={answers.get(focus.id)} now={now} /> : <History index={index} servers={servers} />}
    </div>
  );
}
