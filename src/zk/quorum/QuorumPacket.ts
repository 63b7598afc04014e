// Messages between peers: Fast Leader Election notifications (the election port) and
// QuorumPackets (the quorum port, org.apache.zookeeper.server.quorum.Leader's packet types).

import type { RequestRecord } from '../proto.ts';
import type { Snapshot } from '../Snapshot.ts';
import type { Txn } from '../txn.ts';
import type { Id } from '../ZooDefs.ts';

export const ServerState = { LOOKING: 0, FOLLOWING: 1, LEADING: 2, OBSERVING: 3 } as const;
export type ServerStateValue = (typeof ServerState)[keyof typeof ServerState];
export const SERVER_STATE_NAMES = ['LOOKING', 'FOLLOWING', 'LEADING', 'OBSERVING'] as const;
export type ServerStateName = (typeof SERVER_STATE_NAMES)[number];

/** FastLeaderElection.Notification as it travels (buildMsg). */
export interface Notification {
  readonly state: ServerStateValue;
  readonly leader: number;
  readonly zxid: number;
  readonly electionEpoch: number;
  readonly peerEpoch: number;
}

export const PacketType = {
  REQUEST: 1,
  PROPOSAL: 2,
  ACK: 3,
  COMMIT: 4,
  PING: 5,
  REVALIDATE: 6,
  SYNC: 7,
  INFORM: 8,
  NEWLEADER: 10,
  FOLLOWERINFO: 11,
  UPTODATE: 12,
  DIFF: 13,
  TRUNC: 14,
  SNAP: 15,
  OBSERVERINFO: 16,
  LEADERINFO: 17,
  ACKEPOCH: 18,
} as const;
export type PacketTypeValue = (typeof PacketType)[keyof typeof PacketType];

const packetNames = new Map<number, string>(Object.entries(PacketType).map(([k, v]) => [v, k]));
export function packetTypeName(t: number): string {
  return packetNames.get(t) ?? `UNKNOWN${t}`;
}

/** A client request a learner forwards to the leader (Request serialized in a REQUEST packet). */
export interface ForwardedRequest {
  readonly sessionId: bigint;
  readonly cxid: number;
  readonly type: number;
  readonly req: RequestRecord | null;
  readonly authInfo: readonly Id[];
  /** createSession: the timeout the learner negotiated. */
  readonly timeout?: number;
}

export type PacketData =
  | { readonly kind: 'learnerInfo'; readonly sid: number; readonly protocolVersion: number; readonly configVersion: number }
  /** LEADERINFO: the protocol version; ACKEPOCH: the learner's current epoch, or -1. */
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'txn'; readonly txn: Txn }
  /** SNAP is followed on the wire by the serialized database; here it travels in the packet. */
  | { readonly kind: 'snapshot'; readonly snapshot: Snapshot }
  | { readonly kind: 'request'; readonly request: ForwardedRequest }
  /** A learner's PING reply: the sessions its clients touched, with their timeouts. */
  | { readonly kind: 'touches'; readonly touches: readonly (readonly [bigint, number])[] }
  | { readonly kind: 'revalidate'; readonly sessionId: bigint; readonly timeout: number }
  | { readonly kind: 'revalidateReply'; readonly sessionId: bigint; readonly valid: boolean }
  /** NEWLEADER carries the leader's configuration. */
  | { readonly kind: 'config'; readonly text: string };

export interface QuorumPacket {
  readonly type: PacketTypeValue;
  readonly zxid: number;
  readonly data?: PacketData;
}

export function makeZxid(epoch: number, counter: number): number {
  return epoch * 0x100000000 + counter;
}

export function epochOf(zxid: number): number {
  return Math.floor(zxid / 0x100000000);
}

export function counterOf(zxid: number): number {
  return zxid % 0x100000000;
}
