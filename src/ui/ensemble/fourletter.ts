// Four-letter words asked from the ensemble view: each is a recorded `4lw` action; its answer is
// read from the run's report (fourLetterWords) once the world has carried it back.

import { useEffect } from 'react';
import { create } from 'zustand';
import { controller } from '../../store/controller.ts';
import { usePlayground } from '../../store/playground.ts';
import type { Session } from '../../runtime/Session.ts';

export const WORDS = ['ruok', 'srvr', 'stat', 'mntr', 'cons', 'wchs', 'wchc', 'wchp', 'dump', 'conf', 'envi', 'isro'] as const;

export const WORD_HINTS: Record<(typeof WORDS)[number], string> = {
  ruok: 'Are you OK? imok if the server is running (not necessarily serving)',
  srvr: 'Server details: version, latency, received/sent, connections, mode, zxid, node count',
  stat: 'srvr plus the connected clients',
  mntr: 'Metrics as key/value lines (zk_server_state, zk_znode_count, …)',
  cons: 'Every connection/session on this server with its counters',
  wchs: 'Watch summary: connections, watched paths, total watches',
  wchc: 'Watches by session (connection)',
  wchp: 'Watches by path',
  dump: 'Outstanding sessions and ephemeral nodes (the leader knows them all)',
  conf: 'The server configuration',
  envi: 'The server environment',
  isro: 'rw, or ro for a read-only server',
};

export interface Asked {
  readonly server: number;
  readonly word: string;
  /** Virtual time the action runs (the report's probe carries the same). */
  readonly at: number;
  readonly output: string | null;
}

interface FourLetterState {
  readonly session: Session | null;
  readonly asked: readonly Asked[];
  /** Index in asked of the answer shown, or null when the panel is closed. */
  readonly shown: number | null;
}

export const useFourLetter = create<FourLetterState>(() => ({ session: null, asked: [], shown: null }));

/** Send a four-letter word (a recorded action) and show its answer when it arrives. */
export function ask(server: number, word: string): string | null {
  const s = controller.session;
  if (!s) return 'no ensemble is loaded';
  const r = controller.act({ do: '4lw', server, word });
  if (!r.ok) return r.errors.join('; ');
  const st = useFourLetter.getState();
  const asked = [...(st.session === s ? st.asked : []), { server, word, at: r.action.at, output: null }].slice(-20);
  useFourLetter.setState({ session: s, asked, shown: asked.length - 1 });
  return null;
}

export function closeAnswer(): void {
  useFourLetter.setState({ shown: null });
}

export function showAnswer(i: number): void {
  useFourLetter.setState({ shown: i });
}

/** While answers are pending, read them from the report as the world advances (at most every 150 ms). */
export function useFourLetterAnswers(): void {
  useEffect(() => {
    let busy = false;
    let last = 0;
    let again: ReturnType<typeof setTimeout> | null = null;
    const poll = (): void => {
      const st = useFourLetter.getState();
      const s = controller.session;
      if (st.session !== s) {
        if (st.asked.length > 0 || st.session !== null) useFourLetter.setState({ session: s, asked: [], shown: null });
        return;
      }
      if (s === null || busy || !st.asked.some((a) => a.output === null)) return;
      const t = performance.now();
      if (t - last < 150) {
        // Come back once even if no frame follows (the world was paused meanwhile).
        again ??= setTimeout(() => {
          again = null;
          poll();
        }, 150);
        return;
      }
      busy = true;
      last = t;
      const asOf = s.now;
      void s
        .report()
        .then((r) => {
          const cur = useFourLetter.getState();
          if (cur.session !== s) return;
          let changed = false;
          const asked = cur.asked.map((a) => {
            if (a.output !== null) return a;
            const p = r.fourLetterWords.find((x) => x.at === a.at && x.server === a.server && x.word === a.word);
            if (!p || p.output === null) return a;
            changed = true;
            return { ...a, output: p.output };
          });
          if (changed) useFourLetter.setState({ asked });
        })
        .catch(() => undefined)
        .finally(() => {
          busy = false;
          // Time moved while the report was made: look again (a paused world asks nothing more).
          if (s.now !== asOf && useFourLetter.getState().asked.some((a) => a.output === null)) {
            again ??= setTimeout(() => {
              again = null;
              poll();
            }, 150);
          }
        });
    };
    poll();
    const unsubscribe = usePlayground.subscribe(poll);
    return () => {
      unsubscribe();
      if (again !== null) clearTimeout(again);
    };
  }, []);
}
