// What a message on a wire is, for drawing it: a kind (its colour and legend entry) and a short
// label (the packet type name, the vote's leader, the client operation), from the WireMessage the
// world describes (src/sim/World.ts: sendElection, quorumSend, deliverToServer/Client).

import type { WireMessage } from '../../sim/World.ts';

export type MsgKind = 'vote' | 'epoch' | 'sync' | 'proposal' | 'ack' | 'commit' | 'inform' | 'ping' | 'forward' | 'quorum' | 'request' | 'response' | 'event';

export interface KindDef {
  readonly kind: MsgKind;
  /** Legend text. */
  readonly name: string;
  /** Tooltip of the legend entry. */
  readonly hint: string;
}

/** Legend order. */
export const KINDS: readonly KindDef[] = [
  { kind: 'vote', name: 'vote', hint: 'Fast Leader Election notification (election port): proposed leader, zxid, round' },
  { kind: 'epoch', name: 'epoch', hint: 'FOLLOWERINFO / OBSERVERINFO / LEADERINFO / ACKEPOCH: a new leader and its learners agree on an epoch' },
  { kind: 'sync', name: 'sync', hint: 'DIFF / TRUNC / SNAP, NEWLEADER, UPTODATE: the leader brings a learner up to date' },
  { kind: 'proposal', name: 'PROPOSAL', hint: 'The leader proposes a transaction to its followers' },
  { kind: 'ack', name: 'ACK', hint: 'A follower logged a proposal (or acknowledges NEWLEADER / UPTODATE)' },
  { kind: 'commit', name: 'COMMIT', hint: 'A quorum acknowledged: followers apply the transaction' },
  { kind: 'inform', name: 'INFORM', hint: 'Observers get committed transactions in one INFORM' },
  { kind: 'ping', name: 'PING', hint: 'Leader-learner heartbeat (carries session touches)' },
  { kind: 'forward', name: 'REQUEST', hint: 'A learner forwards a client write (or session) request to the leader' },
  { kind: 'request', name: 'client request', hint: 'A client request (operation name), a ConnectRequest, or a four-letter word' },
  { kind: 'response', name: 'client reply', hint: 'A server reply to a client (or the ConnectResponse, a four-letter word answer)' },
  { kind: 'event', name: 'watch event', hint: 'A watch notification sent to a client' },
];

const EPOCH = new Set(['FOLLOWERINFO', 'OBSERVERINFO', 'LEADERINFO', 'ACKEPOCH']);
const SYNC = new Set(['DIFF', 'TRUNC', 'SNAP', 'NEWLEADER', 'UPTODATE']);
const QUORUM: Record<string, MsgKind> = { PROPOSAL: 'proposal', ACK: 'ack', COMMIT: 'commit', INFORM: 'inform', PING: 'ping', REQUEST: 'forward' };

export interface Classified {
  readonly kind: MsgKind;
  /** Short text drawn on the message. */
  readonly text: string;
}

export function classify(m: Pick<WireMessage, 'kind' | 'label' | 'from'>): Classified {
  const words = m.label.split(' ');
  const first = words[0] ?? '';
  if (m.kind === 'election') return { kind: 'vote', text: `vote ${words[1] ?? '?'}` };
  if (m.kind === 'quorum') {
    if (EPOCH.has(first)) return { kind: 'epoch', text: first };
    if (SYNC.has(first)) return { kind: 'sync', text: first };
    return { kind: QUORUM[first] ?? 'quorum', text: first };
  }
  if (m.from.startsWith('c:')) {
    // connect sid=… | req <xid> <op> [path] | 4lw <word>
    if (first === 'req') return { kind: 'request', text: words[2] ?? 'request' };
    return { kind: 'request', text: first === '4lw' ? (words[1] ?? '4lw') : first };
  }
  // connected … | reply <xid> zxid=… err=… | event <type> <path> | 4lw-reply <n>
  if (first === 'event') return { kind: 'event', text: 'event' };
  if (first === 'reply') return { kind: 'response', text: words[1] === '-2' ? 'ping reply' : 'reply' };
  if (first === '4lw-reply') return { kind: 'response', text: '4lw reply' };
  return { kind: 'response', text: first };
}

/** Approximate width of a label in the 10px sans font the messages use. */
export function labelWidth(text: string): number {
  return Math.ceil(text.length * 6.1) + 10;
}
