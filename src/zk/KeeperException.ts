// KeeperException.Code and the messages Java's KeeperException prints.

export const Code = {
  OK: 0,
  SYSTEMERROR: -1,
  RUNTIMEINCONSISTENCY: -2,
  DATAINCONSISTENCY: -3,
  CONNECTIONLOSS: -4,
  MARSHALLINGERROR: -5,
  UNIMPLEMENTED: -6,
  OPERATIONTIMEOUT: -7,
  BADARGUMENTS: -8,
  UNKNOWNSESSION: -12,
  NEWCONFIGNOQUORUM: -13,
  RECONFIGINPROGRESS: -14,
  APIERROR: -100,
  NONODE: -101,
  NOAUTH: -102,
  BADVERSION: -103,
  NOCHILDRENFOREPHEMERALS: -108,
  NODEEXISTS: -110,
  NOTEMPTY: -111,
  SESSIONEXPIRED: -112,
  INVALIDCALLBACK: -113,
  INVALIDACL: -114,
  AUTHFAILED: -115,
  SESSIONMOVED: -118,
  NOTREADONLY: -119,
  EPHEMERALONLOCALSESSION: -120,
  NOWATCHER: -121,
  REQUESTTIMEOUT: -122,
  RECONFIGDISABLED: -123,
  SESSIONCLOSEDREQUIRESASLAUTH: -124,
  QUOTAEXCEEDED: -125,
  THROTTLEDOP: -127,
} as const;
export type CodeValue = (typeof Code)[keyof typeof Code];

const codeNames = new Map<number, string>(Object.entries(Code).map(([k, v]) => [v, k]));

export function codeName(code: number): string {
  return codeNames.get(code) ?? String(code);
}

/** KeeperException.getCodeMessage: note UNKNOWNSESSION and REQUESTTIMEOUT fall to the default branch. */
export function codeMessage(code: number): string {
  switch (code) {
    case Code.OK: return 'ok';
    case Code.SYSTEMERROR: return 'SystemError';
    case Code.RUNTIMEINCONSISTENCY: return 'RuntimeInconsistency';
    case Code.DATAINCONSISTENCY: return 'DataInconsistency';
    case Code.CONNECTIONLOSS: return 'ConnectionLoss';
    case Code.MARSHALLINGERROR: return 'MarshallingError';
    case Code.NEWCONFIGNOQUORUM: return 'NewConfigNoQuorum';
    case Code.RECONFIGINPROGRESS: return 'ReconfigInProgress';
    case Code.UNIMPLEMENTED: return 'Unimplemented';
    case Code.OPERATIONTIMEOUT: return 'OperationTimeout';
    case Code.BADARGUMENTS: return 'BadArguments';
    case Code.APIERROR: return 'APIError';
    case Code.NONODE: return 'NoNode';
    case Code.NOAUTH: return 'NoAuth';
    case Code.BADVERSION: return 'BadVersion';
    case Code.NOCHILDRENFOREPHEMERALS: return 'NoChildrenForEphemerals';
    case Code.NODEEXISTS: return 'NodeExists';
    case Code.INVALIDACL: return 'InvalidACL';
    case Code.AUTHFAILED: return 'AuthFailed';
    case Code.NOTEMPTY: return 'Directory not empty';
    case Code.SESSIONEXPIRED: return 'Session expired';
    case Code.INVALIDCALLBACK: return 'Invalid callback';
    case Code.SESSIONMOVED: return 'Session moved';
    case Code.NOTREADONLY: return 'Not a read-only call';
    case Code.EPHEMERALONLOCALSESSION: return 'Ephemeral node on local session';
    case Code.NOWATCHER: return 'No such watcher';
    case Code.RECONFIGDISABLED: return 'Reconfig is disabled';
    case Code.SESSIONCLOSEDREQUIRESASLAUTH: return 'Session closed because client failed to authenticate';
    case Code.QUOTAEXCEEDED: return 'Quota has exceeded';
    case Code.THROTTLEDOP: return 'Op throttled due to high load';
    default: return `Unknown error ${codeName(code)}`;
  }
}

/** A failed ZooKeeper operation, as the client library reports it. */
export class KeeperException extends Error {
  readonly code: number;
  readonly path: string | undefined;
  /** For multi: the per-op results. */
  results?: readonly unknown[];

  constructor(code: number, path?: string) {
    super(path === undefined || path === '' ? `KeeperErrorCode = ${codeMessage(code)}` : `KeeperErrorCode = ${codeMessage(code)} for ${path}`);
    this.code = code;
    this.path = path;
    this.name = 'KeeperException';
  }
}

export function isKeeperException(e: unknown): e is KeeperException {
  return e instanceof KeeperException;
}
