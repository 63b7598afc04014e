// What can go wrong with a server's IndexedDB data directory, in words a person at the page can act
// on. Every IndexedDB failure becomes one of these, with the original error kept as `cause`.

export type IdbStoreErrorCode =
  /** The browser refused to store more (QuotaExceededError). */
  | 'quota'
  /** Another tab or worker holds the database open and does not let go (an upgrade or delete waits). */
  | 'blocked'
  /** No IndexedDB here, or the browser refuses it (private window, storage disabled), or the connection is gone. */
  | 'unavailable'
  /** A transaction aborted, so nothing of it was written. */
  | 'aborted'
  /** The stored entries do not fit together into files (a bug, or someone edited the database). */
  | 'corrupt-store';

export class IdbStoreError extends Error {
  constructor(
    readonly code: IdbStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IdbStoreError';
  }
}

function describe(e: unknown): string {
  if (e instanceof Error || (typeof e === 'object' && e !== null && 'name' in e)) {
    const { name, message } = e as { name?: unknown; message?: unknown };
    return message ? `${String(name)}: ${String(message)}` : String(name);
  }
  return String(e);
}

const errorName = (e: unknown): string | null =>
  typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string' ? (e as { name: string }).name : null;

/** A failure while opening or deleting a database: the browser will not give us one. */
export function openError(e: unknown, db: string): IdbStoreError {
  if (e instanceof IdbStoreError) return e;
  if (errorName(e) === 'QuotaExceededError') return new IdbStoreError('quota', `IndexedDB quota exceeded: cannot open ${db} (${describe(e)})`, { cause: e });
  // SecurityError: storage disabled or a sandboxed/opaque origin; InvalidStateError/UnknownError:
  // what private windows of some browsers throw; VersionError: a newer page wrote this database.
  return new IdbStoreError('unavailable', `IndexedDB is not available to open ${db}: ${describe(e)}. A private window or disabled site storage can cause this.`, { cause: e });
}

/** A failure of a transaction (reading or writing). */
export function txError(e: unknown, doing: string): IdbStoreError {
  if (e instanceof IdbStoreError) return e;
  const name = errorName(e);
  if (name === 'QuotaExceededError') {
    return new IdbStoreError('quota', `IndexedDB quota exceeded: ${doing} failed (${describe(e)}), nothing of it was stored. Free browser storage or delete old ensembles.`, { cause: e });
  }
  // The connection was closed under us (the user cleared site data, another tab deleted the database).
  if (name === 'InvalidStateError') {
    return new IdbStoreError('unavailable', `IndexedDB connection is closed while ${doing} (${describe(e)})`, { cause: e });
  }
  // Any failed request aborts its transaction; AbortError is the abort itself.
  return new IdbStoreError('aborted', `IndexedDB transaction aborted while ${doing} (${describe(e)}); nothing of it was stored`, { cause: e });
}
