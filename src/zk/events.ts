// Semantic events: what happened inside a server, in the vocabulary the page draws.

export type SemanticEvent =
  | { readonly type: 'sessionCreated'; readonly sessionId: bigint; readonly timeout: number }
  | { readonly type: 'sessionClosed'; readonly sessionId: bigint; readonly zxid: number; readonly expired: boolean; readonly ephemerals: readonly string[] }
  | { readonly type: 'sessionExpiring'; readonly sessionId: bigint; readonly timeout: number }
  | { readonly type: 'sessionBucket'; readonly sessionId: bigint; readonly expiresAt: number }
  | { readonly type: 'txnLogged'; readonly zxid: number; readonly op: string; readonly path: string | null }
  | { readonly type: 'txnApplied'; readonly zxid: number; readonly op: string; readonly path: string | null; readonly err: number; readonly key: string }
  /** A successful write was answered to its client (FinalRequestProcessor's reply). */
  | { readonly type: 'acknowledged'; readonly zxid: number; readonly sessionId: bigint }
  /** DataTree.compareDigest: after applying a txn the tree's digest differs from the one in the txn. */
  | { readonly type: 'digestMismatch'; readonly zxid: number; readonly expected: number; readonly actual: number }
  | { readonly type: 'watchFired'; readonly sessionId: bigint; readonly path: string; readonly event: number }
  | { readonly type: 'snapshotTaken'; readonly zxid: number; readonly nodes: number }
  | { readonly type: 'logRolled'; readonly zxid: number }
  | { readonly type: 'recovered'; readonly snapshotZxid: number; readonly replayed: number; readonly lastZxid: number }
  | { readonly type: 'containerDeleted'; readonly path: string; readonly zxid: number }
  | { readonly type: 'connectionRefused'; readonly conn: number; readonly reason: string }
  // ---- quorum ----
  | { readonly type: 'peerState'; readonly state: 'LOOKING' | 'FOLLOWING' | 'LEADING' | 'OBSERVING'; readonly leader: number | null }
  | { readonly type: 'electionDecided'; readonly leader: number; readonly zxid: number; readonly electionEpoch: number; readonly peerEpoch: number; readonly state: string }
  | { readonly type: 'roleEnded'; readonly state: string; readonly reason: string }
  | { readonly type: 'peerStartFailed'; readonly reason: string }
  | { readonly type: 'zabPhase'; readonly phase: 'discovery' | 'synchronization' | 'broadcast'; readonly epoch: number }
  | { readonly type: 'epochProposed'; readonly epoch: number; readonly connected: readonly number[] }
  | { readonly type: 'learnerConnected'; readonly sid: number; readonly observer: boolean; readonly acceptedEpoch: number }
  | { readonly type: 'learnerRejected'; readonly sid: number; readonly reason: string }
  | { readonly type: 'learnerDisconnected'; readonly sid: number }
  /**
   * A leader chose how to sync a learner: fromZxid is the learner's last zxid; toZxid the
   * snapshot's zxid (SNAP), the zxid the learner is truncated to (TRUNC), or the last zxid of the
   * proposals sent (DIFF, TRUNC+DIFF; fromZxid for an empty DIFF).
   */
  | { readonly type: 'syncChosen'; readonly learner: number; readonly mode: 'DIFF' | 'TRUNC' | 'SNAP' | 'TRUNC+DIFF'; readonly fromZxid: number; readonly toZxid: number }
  | { readonly type: 'learnerSynced'; readonly sid: number; readonly mode: string }
  | { readonly type: 'learnerSyncMode'; readonly mode: 'DIFF' | 'TRUNC' | 'SNAP'; readonly zxid: number }
  | { readonly type: 'learnerServing'; readonly leader: number; readonly mode: string }
  | { readonly type: 'proposed'; readonly zxid: number; readonly op: number; readonly key: string }
  | { readonly type: 'acked'; readonly zxid: number; readonly sid: number }
  | { readonly type: 'committed'; readonly zxid: number; readonly key: string };
