// org.apache.zookeeper.cli's exceptions. zkCli prints getMessage() of any CliException to stderr.

import { Code, KeeperException } from '../zk/KeeperException.ts';
import type { ParseException } from './commonsCli.ts';
import { javaMessageOf } from './javaLang.ts';

export class CliException extends Error {
  /** The message as Java holds it; null prints as "null". */
  readonly javaMessage: string | null;
  constructor(
    message: string | null,
    readonly exitCode = 1,
  ) {
    super(message ?? 'null');
    this.javaMessage = message;
    this.name = 'CliException';
  }
}

/**
 * Built from a commons-cli ParseException, Java uses the cause's toString() as the message, so
 * zkCli prints e.g. `org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -x`.
 * Built from a string (a usage line), it prints just that string.
 */
export class CliParseException extends CliException {
  constructor(cause: string | ParseException) {
    super(typeof cause === 'string' ? cause : `${cause.javaClass}: ${cause.message}`);
    this.name = 'CliParseException';
  }
}

export class MalformedCommandException extends CliException {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedCommandException';
  }
}

export class MalformedPathException extends CliException {
  constructor(message: string | null) {
    super(message);
    this.name = 'MalformedPathException';
  }
}

export class CommandNotFoundException extends CliException {
  constructor(command: string) {
    super(`Command not found: ${command}`, 127);
    this.name = 'CommandNotFoundException';
  }
}

/** KeeperException.getPath(): Java prints a missing path as "null". */
function keeperPath(e: KeeperException): string {
  return e.path === undefined ? 'null' : e.path;
}

/** CliWrapperException.getMessage: friendlier text for some KeeperException codes. */
export function wrapperMessage(cause: unknown): string | null {
  if (cause instanceof KeeperException) {
    const p = keeperPath(cause);
    switch (cause.code) {
      case Code.NONODE: return `Node does not exist: ${p}`;
      case Code.NOCHILDRENFOREPHEMERALS: return `Ephemerals cannot have children: ${p}`;
      case Code.NODEEXISTS: return `Node already exists: ${p}`;
      case Code.NOTEMPTY: return `Node not empty: ${p}`;
      case Code.NOTREADONLY: return `Not a read-only call: ${p}`;
      case Code.INVALIDACL: return `Acl is not valid : ${p}`;
      case Code.NOAUTH: return `Insufficient permission : ${p}`;
      case Code.BADARGUMENTS: return `Arguments are not valid : ${p}`;
      case Code.BADVERSION: return `version No is not valid : ${p}`;
      case Code.RECONFIGINPROGRESS: return 'Another reconfiguration is in progress -- concurrent reconfigs not supported (yet)';
      case Code.NEWCONFIGNOQUORUM:
        // Debian's 3.8.0 jar says "committed"; the upstream 3.8.0 source has "commmitted".
        return 'No quorum of new config is connected and up-to-date with the leader of last committed config - try invoking reconfiguration after new servers are connected and synced';
      case Code.QUOTAEXCEEDED: return `Quota has exceeded : ${p}`;
      default: return cause.message;
    }
  }
  return javaMessageOf(cause);
}

export class CliWrapperException extends CliException {
  constructor(override readonly cause: unknown) {
    super(wrapperMessage(cause));
    this.name = 'CliWrapperException';
  }
}
