// A server's role as the ensemble view names it, with the icon that goes with the colour.

import type { ServerInfo } from '../../store/playground.ts';

export type Role = 'LEADING' | 'FOLLOWING' | 'LOOKING' | 'OBSERVING' | 'STANDALONE' | 'STARTING' | 'DOWN' | 'PAUSED';

export function roleOf(s: Pick<ServerInfo, 'status' | 'view'>): Role {
  if (s.status === 'down') return 'DOWN';
  if (s.status === 'paused') return 'PAUSED';
  return s.view?.state ?? 'STARTING';
}

export const ROLE_ICON: Record<Role, string> = {
  LEADING: '★',
  FOLLOWING: '●',
  LOOKING: '◌',
  OBSERVING: '◎',
  STANDALONE: '■',
  STARTING: '…',
  DOWN: '✕',
  PAUSED: '❚❚',
};

export const ROLE_HINT: Record<Role, string> = {
  LEADING: 'the leader: proposes every write and commits it once a quorum acknowledged',
  FOLLOWING: 'a follower: votes, logs proposals and acknowledges them, serves reads',
  LOOKING: 'in leader election: exchanging votes',
  OBSERVING: 'an observer: learns committed writes (INFORM) without voting',
  STANDALONE: 'a standalone server',
  STARTING: 'starting: loading its data directory',
  DOWN: 'the process is not running',
  PAUSED: 'the process is stopped (SIGSTOP): it keeps its memory and sockets but does nothing',
};

export const hex = (z: number): string => `0x${z.toString(16)}`;
