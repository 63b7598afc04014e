// org.apache.zookeeper.server.quorum.CommitProcessor: writes wait for their commit; a session's
// reads wait behind that session's pending writes; reads of other sessions go straight on.
// Commits arrive in zxid order; a commit that matches this server's oldest pending write (same
// session and cxid) is answered with the local request, so the client gets its reply here.

import type { Request } from '../Request.ts';
import { OpCode } from '../ZooDefs.ts';

export function needCommit(type: number, matchSyncs: boolean): boolean {
  switch (type) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createTTL:
    case OpCode.createContainer:
    case OpCode.delete:
    case OpCode.deleteContainer:
    case OpCode.setData:
    case OpCode.reconfig:
    case OpCode.multi:
    case OpCode.setACL:
    case OpCode.check:
    case OpCode.createSession:
    case OpCode.closeSession:
      return true;
    case OpCode.sync:
      return matchSyncs;
    default:
      return false;
  }
}

export class CommitProcessor {
  private readonly queuedWrites: Request[] = [];
  private readonly pendingBySession = new Map<bigint, Request[]>();
  committedCount = 0;

  constructor(
    private readonly next: (r: Request) => void,
    private readonly matchSyncs: boolean,
  ) {}

  get pendingWrites(): number {
    return this.queuedWrites.length;
  }

  processRequest(r: Request): void {
    const pending = this.pendingBySession.get(r.sessionId);
    if (needCommit(r.type, this.matchSyncs)) {
      this.queuedWrites.push(r);
      if (pending) pending.push(r);
      else this.pendingBySession.set(r.sessionId, [r]);
      return;
    }
    if (pending && pending.length > 0) {
      pending.push(r);
      return;
    }
    this.next(r);
  }

  /** A committed request (from the leader's quorum, or a sync answered). */
  commit(committed: Request): void {
    this.committedCount++;
    const head = this.queuedWrites[0];
    let r = committed;
    if (head !== undefined && head.sessionId === committed.sessionId && head.cxid === committed.cxid) {
      this.queuedWrites.shift();
      head.hdr = committed.hdr;
      head.txn = committed.txn;
      head.digest = committed.digest;
      if (committed.hdr !== null) head.zxid = committed.hdr.zxid;
      if (committed.exception !== null && head.exception === null) head.exception = committed.exception;
      r = head;
    }
    this.next(r);
    if (r !== committed || r === head) this.releaseSession(r);
  }

  /** The session's write is done: its queued reads run, up to its next write. */
  private releaseSession(done: Request): void {
    const q = this.pendingBySession.get(done.sessionId);
    if (!q) return;
    const i = q.indexOf(done);
    if (i >= 0) q.splice(i, 1);
    while (q.length > 0 && !needCommit(q[0]!.type, this.matchSyncs)) this.next(q.shift()!);
    if (q.length === 0) this.pendingBySession.delete(done.sessionId);
  }

  /** Everything waiting is dropped (the server stops). */
  clear(): void {
    this.queuedWrites.length = 0;
    this.pendingBySession.clear();
  }
}
