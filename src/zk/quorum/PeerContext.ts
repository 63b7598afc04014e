// What Leader and Learner need from the QuorumPeer that runs them.

import type { Effect } from '../effects.ts';
import type { SemanticEvent } from '../events.ts';
import type { ServerConfig } from '../ServerConfig.ts';
import type { ZKDatabase } from '../ZKDatabase.ts';
import type { ServerContext } from '../ZooKeeperServer.ts';
import type { QuorumPacket } from './QuorumPacket.ts';

export interface PeerContext {
  readonly myid: number;
  readonly cfg: ServerConfig;
  /** Voting members (participants). */
  readonly voters: readonly number[];
  readonly db: ZKDatabase;
  readonly acceptedEpoch: number;
  readonly currentEpoch: number;
  setAcceptedEpoch(e: number): void;
  setCurrentEpoch(e: number): void;
  now(): number;
  emit(e: Effect): void;
  event(ev: SemanticEvent): void;
  /** A context for the role's ZooKeeperServer object. */
  serverContext(): ServerContext;
  quorumConnect(to: number): number;
  quorumSend(link: number, packet: QuorumPacket): void;
  quorumClose(link: number): void;
  /** Role timers (scoped to the role object). */
  setTimer(name: string, at: number): void;
  cancelTimer(name: string): void;
  /** QuorumPeer.updateElectionVote: the current vote carries the new epoch. */
  updateElectionVote(epoch: number): void;
  /** QuorumPeer.setSyncMode (a learner's syncWithLeader). */
  setSyncMode(mode: 'NONE' | 'DIFF' | 'SNAP' | 'TRUNC'): void;
  /** ZKDatabase.initConfigInZKDatabase(self.getQuorumVerifier()): /zookeeper/config from the local configuration. */
  initConfigInZKDatabase(): void;
  /** The role is over (exception or shutdown): back to LOOKING. */
  roleEnded(reason: string): void;
}
