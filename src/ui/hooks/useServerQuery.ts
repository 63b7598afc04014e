// Which server the inspector views look at.

import { usePlayground } from '../../store/playground.ts';

/** The server the inspector views look at: the selection, else the leader, else the first up. */
export function useInspectedServer(selected: number | null): number | null {
  return usePlayground((s) => {
    if (selected !== null && s.servers.some((x) => x.id === selected)) return selected;
    const leader = s.servers.find((x) => x.view?.state === 'LEADING' || x.view?.state === 'STANDALONE');
    return leader?.id ?? s.servers.find((x) => x.status !== 'down')?.id ?? null;
  });
}
