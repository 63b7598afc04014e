// org.apache.zookeeper.server.SessionTrackerImpl: global sessions, their timeouts and owners, and
// expiry through an ExpiryQueue with tickTime buckets.

import { CONTAINER_EPHEMERAL_OWNER } from './EphemeralType.ts';
import { ExpiryQueue } from './ExpiryQueue.ts';
import { Code } from './KeeperException.ts';

export interface Session {
  readonly sessionId: bigint;
  readonly timeout: number;
  isClosing: boolean;
  /** The connection (or learner) that owns the session; null until a request claims it. */
  owner: unknown;
}

export class SessionError extends Error {
  constructor(readonly code: number) {
    super(`session error ${code}`);
  }
}

/** initializeNextSessionId: ((elapsed << 24) >>> 8) | (sid << 56). */
export function initializeNextSessionId(elapsedMs: number, serverId: number): bigint {
  let next = BigInt.asUintN(64, BigInt(Math.floor(elapsedMs)) << 24n) >> 8n;
  next = BigInt.asIntN(64, next | (BigInt(serverId) << 56n));
  if (next === CONTAINER_EPHEMERAL_OWNER) next += 1n;
  return next;
}

export class SessionTracker {
  readonly sessionsById = new Map<bigint, Session>();
  /** Committed sessions with their timeouts (ZKDatabase.sessionsWithTimeouts; snapshotted). */
  readonly sessionsWithTimeout: Map<bigint, number>;
  readonly expiryQueue: ExpiryQueue<Session>;
  private nextSessionId: bigint;

  constructor(tickTime: number, serverId: number, now: number, elapsed: number, sessionsWithTimeout: Map<bigint, number>) {
    this.expiryQueue = new ExpiryQueue<Session>(tickTime, now);
    this.sessionsWithTimeout = sessionsWithTimeout;
    this.nextSessionId = initializeNextSessionId(elapsed, serverId);
    for (const [id, to] of sessionsWithTimeout) this.trackSession(id, to, now);
  }

  createSession(timeout: number, now: number): bigint {
    const id = this.takeNextId();
    this.trackSession(id, timeout, now);
    return id;
  }

  /** nextSessionId.getAndIncrement(). */
  protected takeNextId(): bigint {
    const id = this.nextSessionId;
    this.nextSessionId = BigInt.asIntN(64, id + 1n);
    return id;
  }

  trackSession(id: bigint, timeout: number, now: number): boolean {
    let s = this.sessionsById.get(id);
    let added = false;
    if (!s) {
      s = { sessionId: id, timeout, isClosing: false, owner: null };
      this.sessionsById.set(id, s);
      added = true;
    }
    this.expiryQueue.update(s, timeout, now);
    return added;
  }

  commitSession(id: bigint, timeout: number): boolean {
    const had = this.sessionsWithTimeout.has(id);
    this.sessionsWithTimeout.set(id, timeout);
    return !had;
  }

  touchSession(id: bigint, timeout: number, now: number): boolean {
    const s = this.sessionsById.get(id);
    if (!s || s.isClosing) return false;
    this.expiryQueue.update(s, timeout, now);
    return true;
  }

  setSessionClosing(id: bigint): void {
    const s = this.sessionsById.get(id);
    if (s) s.isClosing = true;
  }

  removeSession(id: bigint): void {
    const s = this.sessionsById.get(id);
    this.sessionsById.delete(id);
    this.sessionsWithTimeout.delete(id);
    if (s) this.expiryQueue.remove(s);
  }

  isTrackingSession(id: bigint): boolean {
    return this.sessionsById.has(id);
  }

  getSessionTimeout(id: bigint): number | undefined {
    return this.sessionsWithTimeout.get(id);
  }

  /** Throws SessionError(UNKNOWNSESSION | SESSIONEXPIRED | SESSIONMOVED). */
  checkSession(id: bigint, owner: unknown): void {
    const s = this.sessionsById.get(id);
    if (!s) throw new SessionError(Code.UNKNOWNSESSION);
    if (s.isClosing) throw new SessionError(Code.SESSIONEXPIRED);
    if (s.owner === null) s.owner = owner;
    else if (s.owner !== owner) throw new SessionError(Code.SESSIONMOVED);
  }

  checkGlobalSession(id: bigint, owner: unknown): void {
    try {
      this.checkSession(id, owner);
    } catch (e) {
      if (e instanceof SessionError && e.code === Code.UNKNOWNSESSION) throw new SessionError(Code.SESSIONEXPIRED);
      throw e;
    }
  }

  setOwner(id: bigint, owner: unknown): void {
    const s = this.sessionsById.get(id);
    if (!s || s.isClosing) throw new SessionError(Code.SESSIONEXPIRED);
    s.owner = owner;
  }

  /** Sessions whose bucket is due at `now` (the expiry thread's poll). */
  pollExpired(now: number): Session[] {
    const due = this.expiryQueue.nextDue();
    if (due !== null && due <= now) this.expiryQueue.advanceTo(due);
    return this.expiryQueue.poll(now);
  }

  /** When the expiry thread next has something to do, or null. */
  nextExpiryCheck(): number | null {
    return this.expiryQueue.nextDue();
  }
}
