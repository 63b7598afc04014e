// Semantic events: what happened inside a server, in the vocabulary the page draws.

export type SemanticEvent =
  | { readonly type: 'sessionCreated'; readonly sessionId: bigint; readonly timeout: number }
  | { readonly type: 'sessionClosed'; readonly sessionId: bigint; readonly zxid: number; readonly expired: boolean; readonly ephemerals: readonly string[] }
  | { readonly type: 'sessionExpiring'; readonly sessionId: bigint; readonly timeout: number }
  | { readonly type: 'sessionBucket'; readonly sessionId: bigint; readonly expiresAt: number }
  | { readonly type: 'txnLogged'; readonly zxid: number; readonly op: string; readonly path: string | null }
  | { readonly type: 'txnApplied'; readonly zxid: number; readonly op: string; readonly path: string | null; readonly err: number }
  | { readonly type: 'watchFired'; readonly sessionId: bigint; readonly path: string; readonly event: number }
  | { readonly type: 'snapshotTaken'; readonly zxid: number; readonly nodes: number }
  | { readonly type: 'logRolled'; readonly zxid: number }
  | { readonly type: 'recovered'; readonly snapshotZxid: number; readonly replayed: number; readonly lastZxid: number }
  | { readonly type: 'containerDeleted'; readonly path: string; readonly zxid: number }
  | { readonly type: 'connectionRefused'; readonly conn: number; readonly reason: string };
