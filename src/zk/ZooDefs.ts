// Constants of the ZooKeeper protocol (org.apache.zookeeper.ZooDefs and friends).

export const OpCode = {
  notification: 0,
  create: 1,
  delete: 2,
  exists: 3,
  getData: 4,
  setData: 5,
  getACL: 6,
  setACL: 7,
  getChildren: 8,
  sync: 9,
  ping: 11,
  getChildren2: 12,
  check: 13,
  multi: 14,
  create2: 15,
  reconfig: 16,
  checkWatches: 17,
  removeWatches: 18,
  createContainer: 19,
  deleteContainer: 20,
  createTTL: 21,
  multiRead: 22,
  auth: 100,
  setWatches: 101,
  sasl: 102,
  getEphemerals: 103,
  getAllChildrenNumber: 104,
  setWatches2: 105,
  addWatch: 106,
  whoAmI: 107,
  createSession: -10,
  closeSession: -11,
  error: -1,
} as const;
export type OpCodeValue = (typeof OpCode)[keyof typeof OpCode];

const opNames = new Map<number, string>(Object.entries(OpCode).map(([k, v]) => [v, k]));
export function opName(type: number): string {
  return opNames.get(type) ?? `unknown ${type}`;
}

export const Perms = {
  READ: 1,
  WRITE: 2,
  CREATE: 4,
  DELETE: 8,
  ADMIN: 16,
  ALL: 31,
} as const;

export interface Id {
  readonly scheme: string;
  readonly id: string;
}

export interface ACL {
  readonly perms: number;
  readonly id: Id;
}

export const Ids = {
  ANYONE_ID_UNSAFE: { scheme: 'world', id: 'anyone' } as Id,
  AUTH_IDS: { scheme: 'auth', id: '' } as Id,
};

export const OPEN_ACL_UNSAFE: readonly ACL[] = [{ perms: Perms.ALL, id: Ids.ANYONE_ID_UNSAFE }];
export const CREATOR_ALL_ACL: readonly ACL[] = [{ perms: Perms.ALL, id: Ids.AUTH_IDS }];
export const READ_ACL_UNSAFE: readonly ACL[] = [{ perms: Perms.READ, id: Ids.ANYONE_ID_UNSAFE }];

export const CONFIG_NODE = '/zookeeper/config';
export const PROC_ZOOKEEPER = '/zookeeper';
export const QUOTA_ZOOKEEPER = '/zookeeper/quota';
export const LIMIT_NODE = 'zookeeper_limits';
export const STAT_NODE = 'zookeeper_stats';

/** CreateMode, with the flag values the wire carries. */
export interface CreateMode {
  readonly name: string;
  readonly flag: number;
  readonly ephemeral: boolean;
  readonly sequential: boolean;
  readonly container: boolean;
  readonly ttl: boolean;
}

function mode(name: string, flag: number, ephemeral: boolean, sequential: boolean, container: boolean, ttl: boolean): CreateMode {
  return Object.freeze({ name, flag, ephemeral, sequential, container, ttl });
}

export const CreateModes = {
  PERSISTENT: mode('PERSISTENT', 0, false, false, false, false),
  PERSISTENT_SEQUENTIAL: mode('PERSISTENT_SEQUENTIAL', 2, false, true, false, false),
  EPHEMERAL: mode('EPHEMERAL', 1, true, false, false, false),
  EPHEMERAL_SEQUENTIAL: mode('EPHEMERAL_SEQUENTIAL', 3, true, true, false, false),
  CONTAINER: mode('CONTAINER', 4, false, false, true, false),
  PERSISTENT_WITH_TTL: mode('PERSISTENT_WITH_TTL', 5, false, false, false, true),
  PERSISTENT_SEQUENTIAL_WITH_TTL: mode('PERSISTENT_SEQUENTIAL_WITH_TTL', 6, false, true, false, true),
} as const;

const modesByFlag = new Map<number, CreateMode>(Object.values(CreateModes).map((m) => [m.flag, m]));

/** CreateMode.fromFlag: undefined stands for the KeeperException(BADARGUMENTS) Java throws. */
export function createModeFromFlag(flag: number): CreateMode | undefined {
  return modesByFlag.get(flag);
}

/** Watcher.WatcherType as removeWatches/checkWatches carry it. */
export const WatcherType = { Children: 1, Data: 2, Any: 3 } as const;
export type WatcherTypeValue = (typeof WatcherType)[keyof typeof WatcherType];

/** AddWatchMode. */
export const AddWatchMode = { PERSISTENT: 0, PERSISTENT_RECURSIVE: 1 } as const;
export type AddWatchModeValue = (typeof AddWatchMode)[keyof typeof AddWatchMode];

/** Watcher.Event.EventType. */
export const EventType = {
  None: -1,
  NodeCreated: 1,
  NodeDeleted: 2,
  NodeDataChanged: 3,
  NodeChildrenChanged: 4,
  DataWatchRemoved: 5,
  ChildWatchRemoved: 6,
  PersistentWatchRemoved: 7,
} as const;
export type EventTypeValue = (typeof EventType)[keyof typeof EventType];
const eventTypeNames = new Map<number, string>(Object.entries(EventType).map(([k, v]) => [v, k]));
export function eventTypeName(t: number): string {
  return eventTypeNames.get(t) ?? `Unknown(${t})`;
}

/** Watcher.Event.KeeperState. */
export const KeeperState = {
  Unknown: -1,
  Disconnected: 0,
  NoSyncConnected: 1,
  SyncConnected: 3,
  AuthFailed: 4,
  ConnectedReadOnly: 5,
  SaslAuthenticated: 6,
  Expired: -112,
  Closed: 7,
} as const;
export type KeeperStateValue = (typeof KeeperState)[keyof typeof KeeperState];
const keeperStateNames = new Map<number, string>(Object.entries(KeeperState).map(([k, v]) => [v, k]));
export function keeperStateName(s: number): string {
  return keeperStateNames.get(s) ?? `Unknown(${s})`;
}
