// The ensemble view's menus. Everything goes through controller.act (a recorded scenario action);
// entries that would change nothing are disabled and say why in their tooltip.

import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { controller } from '../../store/controller.ts';
import type { ServerInfo } from '../../store/playground.ts';
import { ask, WORD_HINTS, WORDS } from './fourletter.ts';
import { anythingCut, isCut, type Net } from './net.ts';
import { hex, roleOf } from './roles.ts';

export const HEAL_HINT = 'Heal: undo every partition, isolation and cut. ZooKeeper scenarios have only a global heal (the `heal` action), so this heals all links, not just one.';

function useAct(onDone: () => void): { run: (...actions: object[]) => void; error: string | null } {
  const [error, setError] = useState<string | null>(null);
  const run = (...actions: object[]): void => {
    for (const a of actions) {
      const r = controller.act(a);
      if (!r.ok) {
        setError(r.errors.join('; '));
        return;
      }
    }
    onDone();
  };
  return { run, error };
}

function Item({ id, label, hint, disabled, why, onClick }: { id: string; label: ReactNode; hint: string; disabled?: boolean; why?: string; onClick: () => void }) {
  return (
    <button type="button" role="menuitem" className="ens-item" data-testid={`menu-${id}`} disabled={disabled} title={disabled && why ? `${hint} — ${why}` : hint} onClick={onClick}>
      {label}
    </button>
  );
}

/** Is a server cut off from every other server both ways, and from its clients? */
function isolated(net: Net, id: number, peers: readonly number[]): boolean {
  return net.isolated.includes(id) && peers.every((p) => p === id || (isCut(net, id, p) && isCut(net, p, id)));
}

export function ServerMenu({ s, servers, net, onClose, onLink }: { s: ServerInfo; servers: readonly ServerInfo[]; net: Net; onClose: () => void; onLink: (peer: number) => void }) {
  const { run, error } = useAct(onClose);
  const [corrupt, setCorrupt] = useState(false);
  const role = roleOf(s);
  const down = s.status === 'down';
  const act = (a: object): void => run({ ...a, server: s.id });
  const ids = servers.map((x) => x.id);
  const iso = isolated(net, s.id, ids);
  const fourWhy = down ? 'the server is down: nc would get "connection refused"' : net.isolated.includes(s.id) ? 'the server is isolated: the connection would never be answered' : undefined;
  return (
    <div className="ens-menu" role="menu" aria-label={`server ${s.id} actions`}>
      <div className="ens-menu-head">
        <strong>server {s.id}</strong> <span className={`ens-role-chip role-${role}`}>{role}</span> <span className="ens-addr">{s.address}</span>
        <button type="button" className="ens-x" title="Close (Escape)" aria-label="Close" onClick={onClose}>
          ✕
        </button>
      </div>
      {corrupt ? (
        <CorruptForm s={s} onCancel={() => setCorrupt(false)} onSubmit={(zxid) => act({ do: 'corrupt-record', zxid })} />
      ) : (
        <div className="ens-menu-cols">
          <div className="ens-menu-col">
            <div className="ens-menu-sec">Process</div>
            <Item id="kill" label="Kill" hint="Kill the process: memory and unsynced writes are lost" disabled={down} why="it is already down" onClick={() => act({ do: 'kill' })} />
            {down ? (
              <Item id="restart" label="Start" hint="Start the server from its data directory" onClick={() => act({ do: 'start' })} />
            ) : (
              <Item id="restart" label="Restart" hint="Kill the process, then start it from its data directory" onClick={() => act({ do: 'restart' })} />
            )}
            {s.status === 'paused' ? (
              <Item id="pause" label="Resume" hint="SIGCONT: the process continues where it stopped" onClick={() => act({ do: 'resume' })} />
            ) : (
              <Item id="pause" label="Pause" hint="SIGSTOP: the process keeps its memory and sockets but does nothing" disabled={down} why="it is down" onClick={() => act({ do: 'pause' })} />
            )}
            <Item id="wipe" label="Wipe disk" hint="Delete its data directory (a running server is killed first)" onClick={() => act({ do: 'wipe' })} />
            <div className="ens-menu-sec">Network</div>
            <Item id="isolate" label="Isolate" hint="Cut it from every other server and from its clients" disabled={iso} why="it is already isolated" onClick={() => act({ do: 'isolate' })} />
            <Item id="heal" label="Heal all links" hint={HEAL_HINT} disabled={!anythingCut(net)} why="nothing is cut" onClick={() => run({ do: 'heal' })} />
            {servers.length > 1 && (
              <div className="ens-peers" role="group" aria-label="Links to other servers">
                <span className="ens-menu-note">Link to</span>
                {servers
                  .filter((x) => x.id !== s.id)
                  .map((x) => (
                    <button key={x.id} type="button" role="menuitem" className="ens-chip" data-testid={`menu-link-${x.id}`} title={`Cut or heal the link between server ${s.id} and server ${x.id}`} onClick={() => onLink(x.id)}>
                      s{x.id}
                    </button>
                  ))}
              </div>
            )}
          </div>
          <div className="ens-menu-col">
            <div className="ens-menu-sec">Disk faults</div>
            <Item id="torn-record" label="Torn record" hint="Tear the last record of its txn log (a crash mid-write); the server is killed and finds it at its next start" onClick={() => act({ do: 'torn-record' })} />
            <Item id="corrupt-record" label="Corrupt record…" hint="Flip a byte in one txn log record (you pick the zxid); the checksum catches it at the next start" onClick={() => setCorrupt(true)} />
            <Item id="lost-snapshot" label="Lost snapshot" hint="Delete its newest snapshot; the server is killed" onClick={() => act({ do: 'lost-snapshot' })} />
            <Item id="lose-unsynced" label="Lose unsynced writes" hint="Lose what was written but not fsynced (power loss); the server is killed" onClick={() => act({ do: 'lose-unsynced' })} />
            <div className="ens-menu-sec">Four-letter words</div>
            <div className="ens-words" role="group" aria-label="Four-letter words">
              {WORDS.map((w) => (
                <button
                  key={w}
                  type="button"
                  role="menuitem"
                  className="ens-chip ens-word"
                  data-testid={`menu-4lw-${w}`}
                  disabled={fourWhy !== undefined}
                  title={fourWhy ? `${w}: ${WORD_HINTS[w]} — ${fourWhy}` : `echo ${w} | nc ${s.address}: ${WORD_HINTS[w]}`}
                  onClick={() => {
                    const e = ask(s.id, w);
                    if (e === null) onClose();
                  }}
                >
                  {w}
                </button>
              ))}
            </div>
          </div>
        </div>
      )}
      {error && (
        <p className="ens-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The zxid of the record to corrupt: the server's last zxid by default (from its disk if down). */
function CorruptForm({ s, onCancel, onSubmit }: { s: ServerInfo; onCancel: () => void; onSubmit: (zxid: string) => void }) {
  const [text, setText] = useState(s.view ? hex(s.view.lastZxid) : '');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (s.view) return;
    let live = true;
    void controller.session
      ?.report()
      .then((r) => {
        const z = r.servers.find((x) => x.id === s.id)?.lastZxid;
        if (live && z) setText((t) => (t === '' ? z : t));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [s.id, s.view]);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const t = text.trim().toLowerCase();
    if (!/^0x[0-9a-f]+$/.test(t) && !/^\d+$/.test(t)) {
      setProblem('a zxid is hex (0x100000003) or a decimal integer');
      return;
    }
    onSubmit(/^\d+$/.test(t) ? `0x${BigInt(t).toString(16)}` : t);
  };
  return (
    <form className="ens-form" onSubmit={submit}>
      <label title="The zxid of the txn log record whose bytes get flipped">
        Corrupt the record with zxid{' '}
        <input data-testid="corrupt-zxid" value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} size={16} aria-label="zxid to corrupt" />
      </label>
      <div className="ens-form-row">
        <button type="submit" className="ens-item" data-testid="corrupt-go" title="Corrupt that record; the server is killed and finds it at its next start">
          Corrupt
        </button>
        <button type="button" className="ens-item" title="Back to the menu" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {problem && <p className="ens-error">{problem}</p>}
    </form>
  );
}

function linkState(net: Net, a: number, b: number): string {
  const ab = isCut(net, a, b);
  const ba = isCut(net, b, a);
  if (ab && ba) return `cut both ways: nothing gets from s${a} to s${b} or back`;
  if (ab) return `one-way cut: packets from s${a} to s${b} are lost; s${b} to s${a} still works`;
  if (ba) return `one-way cut: packets from s${b} to s${a} are lost; s${a} to s${b} still works`;
  return 'open both ways';
}

export function LinkMenu({ a, b, net, onClose }: { a: number; b: number; net: Net; onClose: () => void }) {
  const { run, error } = useAct(onClose);
  const ab = isCut(net, a, b);
  const ba = isCut(net, b, a);
  return (
    <div className="ens-menu" role="menu" aria-label={`link s${a} — s${b}`}>
      <div className="ens-menu-head">
        <strong>
          link s{a} ↔ s{b}
        </strong>
        <button type="button" className="ens-x" title="Close (Escape)" aria-label="Close" onClick={onClose}>
          ✕
        </button>
      </div>
      <p className="ens-menu-note" data-testid="link-state">
        {linkState(net, a, b)}
      </p>
      <Item id={`cut-${a}-${b}`} label={`Cut s${a} → s${b}`} hint={`One-way cut: packets from server ${a} to server ${b} are lost`} disabled={ab} why="already cut" onClick={() => run({ do: 'cut', from: a, to: b })} />
      <Item id={`cut-${b}-${a}`} label={`Cut s${b} → s${a}`} hint={`One-way cut: packets from server ${b} to server ${a} are lost`} disabled={ba} why="already cut" onClick={() => run({ do: 'cut', from: b, to: a })} />
      <Item
        id="cut-both"
        label="Cut both ways"
        hint={`Two cut actions: nothing gets between server ${a} and server ${b}`}
        disabled={ab && ba}
        why="already cut both ways"
        onClick={() => run(...(ab ? [] : [{ do: 'cut', from: a, to: b }]), ...(ba ? [] : [{ do: 'cut', from: b, to: a }]))}
      />
      <Item id="heal" label="Heal all links" hint={HEAL_HINT} disabled={!anythingCut(net)} why="nothing is cut" onClick={() => run({ do: 'heal' })} />
      {error && (
        <p className="ens-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function PartitionMenu({ servers, onClose }: { servers: readonly ServerInfo[]; onClose: () => void }) {
  const { run, error } = useAct(onClose);
  const [side, setSide] = useState<ReadonlySet<number>>(new Set());
  const n = side.size;
  return (
    <form
      className="ens-menu"
      aria-label="Partition the ensemble"
      onSubmit={(e) => {
        e.preventDefault();
        run({ do: 'partition', groups: [[...side].sort((x, y) => x - y)] });
      }}
    >
      <div className="ens-menu-head">
        <strong>Partition</strong>
        <button type="button" className="ens-x" title="Close (Escape)" aria-label="Close" onClick={onClose}>
          ✕
        </button>
      </div>
      <p className="ens-menu-note">The servers you tick on one side, the others on the other side. It replaces earlier partitions and cuts between servers.</p>
      <div className="ens-checks">
        {servers.map((s) => (
          <label key={s.id} title={`Put server ${s.id} on the first side`}>
            <input
              type="checkbox"
              data-testid={`partition-${s.id}`}
              checked={side.has(s.id)}
              onChange={(e) => {
                const next = new Set(side);
                if (e.target.checked) next.add(s.id);
                else next.delete(s.id);
                setSide(next);
              }}
            />{' '}
            s{s.id}
          </label>
        ))}
      </div>
      <button type="submit" className="ens-item" data-testid="partition-go" disabled={n === 0 || n === servers.length} title={n === 0 || n === servers.length ? 'Tick some servers, not all' : `Partition: {${[...side].sort().join(', ')}} | the rest`}>
        Partition
      </button>
      {error && (
        <p className="ens-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
