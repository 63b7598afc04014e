// What a server core takes in and gives out. A host (the simulated world in Node, a Web Worker
// in the browser) feeds inputs one at a time and carries out the effects; the core itself never
// touches a clock, a timer, a socket or a disk.

import type { ClientPacket, ServerPacket } from './proto.ts';
import type { ConnId } from './Request.ts';
import type { Txn } from './txn.ts';
import type { Snapshot } from './Snapshot.ts';
import type { SemanticEvent } from './events.ts';
import type { Notification, QuorumPacket } from './quorum/QuorumPacket.ts';
import type { LogFileImage } from './persistence/TxnLogFiles.ts';

export type TimerId = string;

/** What the disk handed back at start: the newest valid snapshot and the txns logged after it. */
export interface RecoveredImage {
  readonly snapshot: Snapshot | null;
  /** What the restore replays: the records of the log files from the one holding the snapshot's zxid on. */
  readonly txns: readonly Txn[];
  /**
   * Every txn log file on disk, oldest first, with what a reader gets from each (older files
   * included: a running server reads them for a leader's txn-log sync or a TRUNC). Absent (an
   * image made by hand): one file holding `txns`.
   */
  readonly txnLogs?: readonly LogFileImage[];
  /** The snapshot files that pass the tail check, newest first, with their byte lengths. Absent: `snapshot` alone. */
  readonly snapshots?: readonly { readonly zxid: number; readonly length: number }[];
  /** acceptedEpoch / currentEpoch files, for quorum peers (-1 when absent). */
  readonly acceptedEpoch: number;
  readonly currentEpoch: number;
}

export type ServerInput =
  | { readonly kind: 'start'; readonly image: RecoveredImage }
  | { readonly kind: 'accept'; readonly conn: ConnId; readonly remoteIp: string; readonly remotePort: number }
  | { readonly kind: 'packet'; readonly conn: ConnId; readonly packet: ClientPacket; readonly size: number }
  | { readonly kind: 'connClosed'; readonly conn: ConnId }
  | { readonly kind: 'timer'; readonly timer: TimerId }
  /** Everything appended before the sync with this token is durable. */
  | { readonly kind: 'synced'; readonly token: number }
  /** A Fast Leader Election notification from another peer (election port). */
  | { readonly kind: 'election'; readonly from: number; readonly n: Notification }
  /** Quorum port: a learner connected to us (link is our name for it). */
  | { readonly kind: 'quorumAccept'; readonly link: number; readonly from: number }
  /** Our connection to a leader (link as we named it in quorumConnect) is up. */
  | { readonly kind: 'quorumConnected'; readonly link: number }
  | { readonly kind: 'quorumPacket'; readonly link: number; readonly packet: QuorumPacket }
  /** The connection is gone: refused, reset, or closed by the other end. */
  | { readonly kind: 'quorumClosed'; readonly link: number };

export type Effect =
  | { readonly kind: 'send'; readonly conn: ConnId; readonly packet: ServerPacket }
  | { readonly kind: 'close'; readonly conn: ConnId }
  | { readonly kind: 'setTimer'; readonly timer: TimerId; readonly at: number }
  | { readonly kind: 'cancelTimer'; readonly timer: TimerId }
  /** Append a txn to the current log (buffered, not yet durable). */
  | { readonly kind: 'append'; readonly txn: Txn }
  /** Start a new log file with the next txn (FileTxnLog.rollLog). */
  | { readonly kind: 'rollLog' }
  /** fsync what was appended; the host answers with a 'synced' input carrying the token. */
  | { readonly kind: 'sync'; readonly token: number }
  | { readonly kind: 'snapshot'; readonly snapshot: Snapshot; readonly sync?: boolean }
  /** Cut the txn log after zxid (TRUNC). */
  | { readonly kind: 'truncateLog'; readonly zxid: number }
  /** Persist acceptedEpoch / currentEpoch (written and synced at once, as ZooKeeper does). */
  | { readonly kind: 'writeEpoch'; readonly file: 'acceptedEpoch' | 'currentEpoch'; readonly value: number }
  | { readonly kind: 'election'; readonly to: number; readonly n: Notification }
  /** Open a quorum connection to a peer's quorum port; link names it from now on. */
  | { readonly kind: 'quorumConnect'; readonly to: number; readonly link: number }
  | { readonly kind: 'quorumSend'; readonly link: number; readonly packet: QuorumPacket }
  | { readonly kind: 'quorumClose'; readonly link: number }
  /** Something the page may want to draw. */
  | { readonly kind: 'event'; readonly event: SemanticEvent };
