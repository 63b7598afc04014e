// What the timeline lists and draws, in words: the kinds of events and messages (the filters), a
// line of text for each semantic event and action, and the kind of each message on the wire.

import type { ScenarioAction } from '../../scenario/types.ts';
import type { SemanticLogEntry, WireMessage } from '../../sim/World.ts';
import type { SemanticEvent } from '../../zk/events.ts';
import { opName } from '../../zk/ZooDefs.ts';

export type Kind = 'election' | 'zab' | 'proposal' | 'session' | 'watch' | 'client' | 'disk' | 'action';

export const KINDS: readonly { readonly id: Kind; readonly label: string; readonly short: string; readonly hint: string }[] = [
  { id: 'election', label: 'Election', short: 'election', hint: 'Fast Leader Election: votes on the wire, decisions, LOOKING / FOLLOWING / LEADING' },
  { id: 'zab', label: 'ZAB phase & sync', short: 'ZAB', hint: 'Discovery, synchronization (DIFF, TRUNC, SNAP) and broadcast; learners joining and leaving' },
  { id: 'proposal', label: 'Proposal & commit', short: 'proposal', hint: 'PROPOSAL, ACK and COMMIT; txns logged and applied, replies to writes' },
  { id: 'session', label: 'Session', short: 'session', hint: 'Sessions created, moved between expiry buckets, expiring, closed; pings' },
  { id: 'watch', label: 'Watch', short: 'watch', hint: 'Watches fired and the notifications to clients' },
  { id: 'client', label: 'Client command', short: 'client', hint: 'zkCli lines typed, client requests and replies, four-letter words' },
  { id: 'disk', label: 'Disk', short: 'disk', hint: 'Snapshots, txn log rolls, recovery at start, refused starts' },
  { id: 'action', label: 'Fault / action', short: 'action', hint: 'Kill, start, restart, pause, wipe, partitions, cuts, disk faults' },
];

export const KIND_LABEL: Record<Kind, string> = Object.fromEntries(KINDS.map((k) => [k.id, k.label])) as Record<Kind, string>;
export const KIND_SHORT: Record<Kind, string> = Object.fromEntries(KINDS.map((k) => [k.id, k.short])) as Record<Kind, string>;

export function kindOfEvent(e: SemanticEvent): Kind {
  switch (e.type) {
    case 'peerState':
    case 'electionDecided':
    case 'roleEnded':
      return 'election';
    case 'zabPhase':
    case 'epochProposed':
    case 'learnerConnected':
    case 'learnerRejected':
    case 'learnerDisconnected':
    case 'syncChosen':
    case 'learnerSynced':
    case 'learnerSyncMode':
    case 'learnerServing':
      return 'zab';
    case 'proposed':
    case 'acked':
    case 'committed':
    case 'txnLogged':
    case 'txnApplied':
    case 'acknowledged':
    case 'digestMismatch':
    case 'containerDeleted':
      return 'proposal';
    case 'sessionCreated':
    case 'sessionClosed':
    case 'sessionExpiring':
    case 'sessionBucket':
    case 'connectionRefused':
      return 'session';
    case 'watchFired':
      return 'watch';
    case 'snapshotTaken':
    case 'logRolled':
    case 'recovered':
    case 'peerStartFailed':
      return 'disk';
  }
}

export function kindOfAction(a: ScenarioAction): Kind {
  return a.do === 'cli' || a.do === 'connect' || a.do === 'close' || a.do === 'crash-client' || a.do === '4lw' ? 'client' : 'action';
}

const QUORUM_PROPOSAL = new Set(['PROPOSAL', 'ACK', 'COMMIT', 'INFORM', 'REQUEST']);
const QUORUM_SESSION = new Set(['PING', 'REVALIDATE']);

export function kindOfMessage(m: WireMessage): Kind {
  if (m.kind === 'election') return 'election';
  const word = m.label.split(' ', 1)[0]!;
  if (m.kind === 'quorum') return QUORUM_PROPOSAL.has(word) ? 'proposal' : QUORUM_SESSION.has(word) ? 'session' : 'zab';
  if (word === 'connect' || word === 'connected') return 'session';
  if (word === 'event') return 'watch';
  // Pings travel with xid -2.
  if (m.label.startsWith('req -2 ') || m.label.startsWith('reply -2 ')) return 'session';
  return 'client';
}

/** The short name an arrow carries: PROPOSAL, ACK, vote, create /a, reply… */
export function shortLabel(m: WireMessage): string {
  if (m.kind === 'election') return 'vote';
  if (m.kind === 'quorum') return m.label.split(' ', 1)[0]!;
  const parts = m.label.split(' ');
  if (parts[0] === 'req') return parts[2] === 'ping' ? 'ping' : parts.slice(2).join(' ');
  if (parts[0] === 'reply') return parts[1] === '-2' ? 'pong' : 'reply';
  if (parts[0] === 'event') return `event ${parts.slice(2).join(' ')}`;
  return parts[0]!;
}

export const hex = (n: number | bigint): string => `0x${(typeof n === 'bigint' ? BigInt.asUintN(64, n) : n).toString(16)}`;

const WATCH_EVENTS: Record<number, string> = { 1: 'NodeCreated', 2: 'NodeDeleted', 3: 'NodeDataChanged', 4: 'NodeChildrenChanged', 5: 'DataWatchRemoved', 6: 'ChildWatchRemoved', 7: 'PersistentWatchRemoved' };

/** "sessionId:cxid:type:path:time" (a txn's key) as "create /a". */
function txnOfKey(key: string): string {
  const parts = key.split(':');
  if (parts.length < 5) return key;
  const type = Number(parts[2]);
  const path = parts.slice(3, -1).join(':');
  return `${Number.isFinite(type) ? opName(type) : parts[2]}${path ? ` ${path}` : ''}`;
}

export function describeEvent(e: SemanticEvent): string {
  switch (e.type) {
    case 'sessionCreated':
      return `session ${hex(e.sessionId)} created (timeout ${e.timeout} ms)`;
    case 'sessionClosed':
      return `session ${hex(e.sessionId)} ${e.expired ? 'expired' : 'closed'} at ${hex(e.zxid)}${e.ephemerals.length ? `, ephemerals deleted: ${e.ephemerals.join(', ')}` : ''}`;
    case 'sessionExpiring':
      return `session ${hex(e.sessionId)} timed out (${e.timeout} ms): closing it`;
    case 'sessionBucket':
      return `session ${hex(e.sessionId)} touched: expires at ${(e.expiresAt / 1000).toFixed(1)} s`;
    case 'txnLogged':
      return `logged ${hex(e.zxid)} ${e.op}${e.path ? ` ${e.path}` : ''}`;
    case 'txnApplied':
      return `applied ${hex(e.zxid)} ${e.op}${e.path ? ` ${e.path}` : ''}${e.err !== 0 ? ` (error ${e.err})` : ''}`;
    case 'acknowledged':
      return `replied to session ${hex(e.sessionId)}: write ${hex(e.zxid)} done`;
    case 'digestMismatch':
      return `digest mismatch after ${hex(e.zxid)}: expected ${e.expected}, got ${e.actual}`;
    case 'watchFired':
      return `watch fired: ${WATCH_EVENTS[e.event] ?? `event ${e.event}`} ${e.path} → session ${hex(e.sessionId)}`;
    case 'snapshotTaken':
      return `snapshot at ${hex(e.zxid)} (${e.nodes} znodes)`;
    case 'logRolled':
      return `txn log rolled at ${hex(e.zxid)}`;
    case 'recovered':
      return `loaded its data: snapshot ${hex(e.snapshotZxid)} + ${e.replayed} txns, last zxid ${hex(e.lastZxid)}`;
    case 'containerDeleted':
      return `container ${e.path} deleted (${hex(e.zxid)})`;
    case 'connectionRefused':
      return `refused client connection #${e.conn}: ${e.reason}`;
    case 'peerState':
      return `now ${e.state}${e.leader !== null ? ` (leader s${e.leader})` : ''}`;
    case 'electionDecided':
      return `election decided: ${e.state}, leader s${e.leader} (zxid ${hex(e.zxid)}, round ${e.electionEpoch}, epoch ${e.peerEpoch})`;
    case 'roleEnded':
      return `stopped ${e.state}: ${e.reason}`;
    case 'peerStartFailed':
      return `could not start: ${e.reason}`;
    case 'zabPhase':
      return `ZAB ${e.phase}${e.epoch >= 0 ? `, epoch ${e.epoch}` : ''}`;
    case 'epochProposed':
      return `new epoch ${e.epoch} agreed with ${e.connected.map((s) => `s${s}`).join(', ')}`;
    case 'learnerConnected':
      return `${e.observer ? 'observer' : 'follower'} s${e.sid} connected (accepted epoch ${e.acceptedEpoch})`;
    case 'learnerRejected':
      return `learner s${e.sid} rejected: ${e.reason}`;
    case 'learnerDisconnected':
      return `learner s${e.sid} disconnected`;
    case 'syncChosen':
      return `sync s${e.learner} by ${e.mode} (${hex(e.fromZxid)} → ${hex(e.toZxid)})`;
    case 'learnerSynced':
      return `learner s${e.sid} synced (${e.mode})`;
    case 'learnerSyncMode':
      return `leader syncs it by ${e.mode} (${hex(e.zxid)})`;
    case 'learnerServing':
      return `serving, following s${e.leader} (synced by ${e.mode})`;
    case 'proposed':
      return `PROPOSAL ${hex(e.zxid)} ${txnOfKey(e.key)}`;
    case 'acked':
      return `ACK ${hex(e.zxid)} from s${e.sid}`;
    case 'committed':
      return `COMMIT ${hex(e.zxid)} ${txnOfKey(e.key)}`;
  }
}

export function describeAction(a: ScenarioAction): string {
  switch (a.do) {
    case 'partition':
      return `partition ${a.groups.map((g) => `{${g.map((s) => `s${s}`).join(', ')}}`).join(' | ')}`;
    case 'cut':
      return `cut s${a.from} → s${a.to} (one-way)`;
    case 'heal':
      return 'heal the network';
    case 'connect':
      return `client ${a.client} connects to ${a.servers.map((s) => `s${s}`).join(', ')}`;
    case 'cli':
      return `${a.client}> ${a.command}`;
    case 'close':
      return `client ${a.client} closes its session`;
    case 'crash-client':
      return `client ${a.client} crashes`;
    case 'corrupt-record':
      return `corrupt record ${a.zxid} on s${a.server}`;
    case '4lw':
      return `${a.word} → s${a.server}`;
    default:
      return `${a.do} s${a.server}`;
  }
}

/** The servers an action concerns (for the server filter). */
export function serversOfAction(a: ScenarioAction): readonly number[] {
  if ('server' in a) return [a.server];
  if (a.do === 'cut') return [a.from, a.to];
  if (a.do === 'partition') return a.groups.flat();
  if (a.do === 'connect') return a.servers;
  return [];
}

export type Row = { readonly type: 'event'; readonly index: number; readonly entry: SemanticLogEntry } | { readonly type: 'action'; readonly index: number; readonly action: ScenarioAction };
