// Four-letter words (org.apache.zookeeper.server.command.*), answered on a fresh connection.

import type { DataTree } from './DataTree.ts';
import type { ServerCnxn } from './ServerCnxn.ts';
import type { ServerConfig } from './ServerConfig.ts';
import type { ServerStats } from './ServerStats.ts';
import type { SessionTracker } from './SessionTracker.ts';
import type { ConnId } from './Request.ts';

export interface FourLetterHost {
  readonly cfg: ServerConfig;
  readonly stats: ServerStats;
  readonly cnxns: ReadonlyMap<ConnId, ServerCnxn>;
  readonly tree: DataTree;
  readonly sessionTracker: SessionTracker;
  readonly state: 'initial' | 'running' | 'shutdown';
  /** standalone | leader | follower | observer */
  readonly serverMode: string;
  /** Highest zxid handed out (ZooKeeperServer.getZxid). */
  readonly zxid: number;
  now(): number;
  wallTime(): number;
}

export class FourLetterWords {
  constructor(private readonly host: FourLetterHost) {}

  /** The text the server writes back, or null when it just closes the connection. */
  run(word: string, _cnxn: ServerCnxn): string | null {
    if (word === 'ruok') return 'imok';
    void this.host;
    return null;
  }
}
