// Ask a server about its memory (inspect) and keep the answer fresh as the world moves: the query
// is re-asked after frames in which the world advanced, at most every `minMs` of real time, and
// never while one is in flight. A paused world asks nothing.

import { useEffect, useRef, useState } from 'react';
import type { InspectAnswer, InspectQuery } from '../../sim/machine/inspect.ts';
import { inspectServer, usePlayground } from '../../store/playground.ts';

export function useServerQuery<Q extends InspectQuery>(server: number | null, query: Q | null, minMs = 250): InspectAnswer<Q> | null {
  const frame = usePlayground((s) => s.frame);
  const [answer, setAnswer] = useState<InspectAnswer<Q> | null>(null);
  const busy = useRef(false);
  const last = useRef(0);
  const key = server === null || query === null ? null : `${server}:${JSON.stringify(query)}`;
  const lastKey = useRef<string | null>(null);

  useEffect(() => {
    if (key === null || server === null || query === null) {
      setAnswer(null);
      return;
    }
    const changed = lastKey.current !== key;
    const now = performance.now();
    if (busy.current || (!changed && now - last.current < minMs)) return;
    busy.current = true;
    last.current = now;
    lastKey.current = key;
    let live = true;
    void inspectServer(server, query)
      .then((a) => {
        if (live) setAnswer(a);
      })
      .finally(() => {
        busy.current = false;
      });
    return () => {
      live = false;
    };
    // The query is identified by key; frame re-runs it as the world advances.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, frame, minMs]);

  return answer;
}

/** The server the inspector views look at: the selection, else the leader, else the first up. */
export function useInspectedServer(selected: number | null): number | null {
  return usePlayground((s) => {
    if (selected !== null && s.servers.some((x) => x.id === selected)) return selected;
    const leader = s.servers.find((x) => x.view?.state === 'LEADING' || x.view?.state === 'STANDALONE');
    return leader?.id ?? s.servers.find((x) => x.status !== 'down')?.id ?? null;
  });
}
