// The ZooKeeper client API as zkCli and recipes use it (org.apache.zookeeper.ZooKeeper /
// ZooKeeperAdmin), promise-based. Rejections are KeeperException (with the client's path, as Java
// builds it) or IllegalArgumentException for client-side path checks.

import type { ClientInfo, OpResult } from '../zk/proto.ts';
import type { Stat } from '../zk/Stat.ts';
import type { ACL, CreateMode } from '../zk/ZooDefs.ts';

/** ZooKeeper.States. */
export type States = 'CONNECTING' | 'ASSOCIATING' | 'CONNECTED' | 'CONNECTEDREADONLY' | 'CLOSED' | 'AUTH_FAILED' | 'NOT_CONNECTED';

export function isAlive(s: States): boolean {
  return s !== 'CLOSED' && s !== 'AUTH_FAILED';
}

export function isConnected(s: States): boolean {
  return s === 'CONNECTED' || s === 'CONNECTEDREADONLY';
}

/** WatchedEvent; path is null for connection-state events. */
export interface WatchedEvent {
  readonly type: number;
  readonly state: number;
  readonly path: string | null;
}

export type Watcher = (event: WatchedEvent) => void;

/** Op for multi (org.apache.zookeeper.Op). */
export type Op =
  | { readonly type: 'create'; readonly path: string; readonly data: Uint8Array | null; readonly acl: readonly ACL[]; readonly mode: CreateMode; readonly ttl?: number }
  | { readonly type: 'delete'; readonly path: string; readonly version: number }
  | { readonly type: 'setData'; readonly path: string; readonly data: Uint8Array | null; readonly version: number }
  | { readonly type: 'check'; readonly path: string; readonly version: number };

export interface ZooKeeperApi {
  getState(): States;
  getSessionId(): bigint;
  getSessionTimeout(): number;
  /** The connect string this handle was opened with. */
  readonly connectString: string;

  /** create(path, data, acl, mode[, ttl]) -> the actual path (with the sequence suffix). */
  create(path: string, data: Uint8Array | null, acl: readonly ACL[], mode: CreateMode, ttl?: number): Promise<string>;
  /** create2: the actual path and the new node's Stat. */
  create2(path: string, data: Uint8Array | null, acl: readonly ACL[], mode: CreateMode, ttl?: number): Promise<{ path: string; stat: Stat }>;
  delete(path: string, version: number): Promise<void>;
  /** null when the node does not exist. watch: register on the default watcher. */
  exists(path: string, watch: boolean | Watcher): Promise<Stat | null>;
  getData(path: string, watch: boolean | Watcher): Promise<{ data: Uint8Array | null; stat: Stat }>;
  setData(path: string, data: Uint8Array | null, version: number): Promise<Stat>;
  getACL(path: string): Promise<{ acl: ACL[]; stat: Stat }>;
  setACL(path: string, acl: readonly ACL[], aclVersion: number): Promise<Stat>;
  /** Children in the order the server returns them (Java HashSet order; callers sort). */
  getChildren(path: string, watch: boolean | Watcher): Promise<string[]>;
  getChildren2(path: string, watch: boolean | Watcher): Promise<{ children: string[]; stat: Stat }>;
  sync(path: string): Promise<void>;
  /** Rejects with a KeeperException whose `results` holds the per-op results when an op fails. */
  multi(ops: readonly Op[]): Promise<OpResult[]>;
  getEphemerals(prefixPath?: string): Promise<string[]>;
  getAllChildrenNumber(path: string): Promise<number>;
  /** addWatch(path, mode) on the default watcher; mode 0 = PERSISTENT, 1 = PERSISTENT_RECURSIVE. */
  addWatch(path: string, mode: number, watcher?: Watcher): Promise<void>;
  /** removeAllWatches(path, type, local) for the default watcher's registrations; type 1 Children, 2 Data, 3 Any. */
  removeAllWatches(path: string, watcherType: number, local: boolean): Promise<void>;
  /** auth may be null (zkCli's `addauth digest` with no credentials): the server answers AuthFailed. */
  addAuthInfo(scheme: string, auth: Uint8Array | null): void;
  whoAmI(): Promise<ClientInfo[]>;
  /** getConfig(watch): the data and stat of /zookeeper/config. */
  getConfig(watch: boolean): Promise<{ data: Uint8Array | null; stat: Stat }>;
  reconfig(joiningServers: string | null, leavingServers: string | null, newMembers: string | null, fromConfig: number): Promise<{ data: Uint8Array | null; stat: Stat }>;
  close(): Promise<void>;
  /** Client-side watch registrations, for printwatches-like views. */
  watchRegistrations(): { data: string[]; exist: string[]; child: string[]; persistent: string[]; persistentRecursive: string[] };
}
