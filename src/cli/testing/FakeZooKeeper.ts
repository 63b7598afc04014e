// Test-only: a small in-memory ZooKeeperApi, rich enough to drive the zkCli interpreter's parsing,
// printing and error paths. It is not a ZooKeeper implementation (no sessions, no real ACL
// checks beyond what the tests need, simplified watches).

import type { Op, States, WatchedEvent, Watcher, ZooKeeperApi } from '../../client/api.ts';
import { Code, KeeperException } from '../../zk/KeeperException.ts';
import { IllegalArgumentException, validatePath } from '../../zk/PathUtils.ts';
import type { ClientInfo, OpResult } from '../../zk/proto.ts';
import type { Stat } from '../../zk/Stat.ts';
import type { ACL, CreateMode } from '../../zk/ZooDefs.ts';

interface Node {
  data: Uint8Array | null;
  acl: ACL[];
  stat: Stat;
  children: Set<string>;
  /** stored cversion, for sequence numbers */
  seq: number;
}

export interface FakeWorld {
  /** Shared tree, so several handles see the same data. */
  nodes: Map<string, Node>;
  zxid: number;
  now: number;
  nextSession: bigint;
  ttlEnabled: boolean;
  config: string;
}

export function newWorld(): FakeWorld {
  const world: FakeWorld = { nodes: new Map(), zxid: 0, now: 0, nextSession: 0x100000abc000000n, ttlEnabled: false, config: '' };
  const mk = (path: string, acl: ACL[], aversion = 0) =>
    world.nodes.set(path, {
      data: null,
      acl,
      stat: { czxid: 0, mzxid: 0, ctime: 0, mtime: 0, version: 0, cversion: 0, aversion, ephemeralOwner: 0n, dataLength: 0, numChildren: 0, pzxid: 0 },
      children: new Set(),
      seq: 0,
    });
  const open: ACL[] = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
  mk('/', open);
  mk('/zookeeper', open);
  mk('/zookeeper/quota', open);
  mk('/zookeeper/config', [{ perms: 1, id: { scheme: 'world', id: 'anyone' } }], -1);
  world.nodes.get('/')?.children.add('zookeeper');
  world.nodes.get('/zookeeper')?.children.add('quota');
  world.nodes.get('/zookeeper')?.children.add('config');
  return world;
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export class FakeZooKeeper implements ZooKeeperApi {
  private state: States = 'CONNECTED';
  private readonly sessionId: bigint;
  private readonly auth: ClientInfo[] = [{ authScheme: 'ip', user: '127.0.0.1' }];
  private readonly dataWatches = new Set<string>();
  private readonly childWatches = new Set<string>();
  private readonly persistent = new Map<string, number>();
  /** Every request, for assertions: `op path`. */
  readonly calls: string[] = [];

  constructor(
    readonly world: FakeWorld,
    private readonly watcher: Watcher,
    readonly connectString = '127.0.0.1:2181',
    private readonly timeout = 30000,
    connectNow = true,
  ) {
    this.sessionId = world.nextSession++;
    if (connectNow) this.fire({ type: -1, state: 3, path: null });
  }

  private fire(e: WatchedEvent): void {
    this.watcher(e);
  }

  private check(path: string, seq = false): void {
    validatePath(path, seq);
  }

  private alive(path?: string): void {
    if (this.state === 'CLOSED') throw new KeeperException(Code.CONNECTIONLOSS, path);
    if (this.state === 'AUTH_FAILED') throw new KeeperException(Code.AUTHFAILED, path);
  }

  private node(path: string): Node {
    const n = this.world.nodes.get(path);
    if (!n) throw new KeeperException(Code.NONODE, path);
    return n;
  }

  private tick(): number {
    this.world.now += 1000;
    return ++this.world.zxid;
  }

  private trigger(path: string, type: number): void {
    if (type === 4) {
      if (this.childWatches.delete(path)) this.fire({ type, state: 3, path });
    } else if (this.dataWatches.delete(path)) {
      this.fire({ type, state: 3, path });
    }
    if (type === 2 && this.childWatches.delete(path)) this.fire({ type, state: 3, path });
    const pm = this.persistent.get(path);
    if (pm !== undefined) this.fire({ type, state: 3, path });
  }

  getState(): States {
    return this.state;
  }
  getSessionId(): bigint {
    return this.sessionId;
  }
  getSessionTimeout(): number {
    return this.timeout;
  }

  setState(s: States): void {
    this.state = s;
  }

  async create(path: string, data: Uint8Array | null, acl: readonly ACL[], mode: CreateMode, ttl?: number): Promise<string> {
    return (await this.create2(path, data, acl, mode, ttl)).path;
  }

  async create2(path: string, data: Uint8Array | null, acl: readonly ACL[], mode: CreateMode, ttl?: number): Promise<{ path: string; stat: Stat }> {
    this.calls.push(`create ${path}`);
    this.check(path, mode.sequential);
    if (acl.length === 0) throw new KeeperException(Code.INVALIDACL);
    this.alive(path);
    if (mode.ttl && !this.world.ttlEnabled) {
      this.tick();
      throw new KeeperException(Code.UNIMPLEMENTED, path);
    }
    const parentPath = parentOf(path);
    const parent = this.world.nodes.get(parentPath);
    const zxid = this.tick();
    if (!parent) throw new KeeperException(Code.NONODE, path);
    let actual = path;
    if (mode.sequential) actual = path + String(parent.seq).padStart(10, '0');
    if (this.world.nodes.has(actual)) throw new KeeperException(Code.NODEEXISTS, actual);
    if (parent.stat.ephemeralOwner !== 0n && parent.stat.ephemeralOwner !== -(2n ** 63n)) {
      throw new KeeperException(Code.NOCHILDRENFOREPHEMERALS, path);
    }
    const owner = mode.ephemeral ? this.sessionId : mode.container ? -(2n ** 63n) : 0n;
    const stat: Stat = {
      czxid: zxid,
      mzxid: zxid,
      pzxid: zxid,
      ctime: this.world.now,
      mtime: this.world.now,
      version: 0,
      cversion: 0,
      aversion: 0,
      ephemeralOwner: owner,
      dataLength: data?.length ?? 0,
      numChildren: 0,
    };
    this.world.nodes.set(actual, { data, acl: [...acl], stat, children: new Set(), seq: 0 });
    parent.children.add(actual.slice(parentPath === '/' ? 1 : parentPath.length + 1));
    parent.seq++;
    parent.stat.cversion++;
    parent.stat.numChildren++;
    parent.stat.pzxid = zxid;
    void ttl;
    this.trigger(actual, 1);
    this.trigger(parentPath, 4);
    return { path: actual, stat: { ...stat } };
  }

  async delete(path: string, version: number): Promise<void> {
    this.calls.push(`delete ${path}`);
    this.check(path);
    this.alive(path);
    if (path === '/' || path === '/zookeeper' || path.startsWith('/zookeeper/config') || path === '/zookeeper/quota') {
      throw new KeeperException(Code.BADARGUMENTS, path);
    }
    this.tick();
    const n = this.node(path);
    if (version !== -1 && n.stat.version !== version) throw new KeeperException(Code.BADVERSION, path);
    if (n.children.size > 0) throw new KeeperException(Code.NOTEMPTY, path);
    this.remove(path);
  }

  private remove(path: string): void {
    const parentPath = parentOf(path);
    const parent = this.node(parentPath);
    this.world.nodes.delete(path);
    parent.children.delete(path.slice(parentPath === '/' ? 1 : parentPath.length + 1));
    parent.stat.cversion++;
    parent.stat.numChildren--;
    this.trigger(path, 2);
    this.trigger(parentPath, 4);
  }

  async exists(path: string, watch: boolean | Watcher): Promise<Stat | null> {
    this.calls.push(`exists ${path}`);
    this.check(path);
    this.alive(path);
    const n = this.world.nodes.get(path);
    if (watch === true) this.dataWatches.add(path);
    return n ? { ...n.stat } : null;
  }

  async getData(path: string, watch: boolean | Watcher): Promise<{ data: Uint8Array | null; stat: Stat }> {
    this.calls.push(`getData ${path}`);
    this.check(path);
    this.alive(path);
    const n = this.node(path);
    if (!n.acl.some((a) => a.perms & 1)) throw new KeeperException(Code.NOAUTH, path);
    if (watch === true) this.dataWatches.add(path);
    return { data: n.data, stat: { ...n.stat } };
  }

  async setData(path: string, data: Uint8Array | null, version: number): Promise<Stat> {
    this.calls.push(`setData ${path}`);
    this.check(path);
    this.alive(path);
    const zxid = this.tick();
    const n = this.node(path);
    if (version !== -1 && n.stat.version !== version) throw new KeeperException(Code.BADVERSION, path);
    n.data = data;
    n.stat.version++;
    n.stat.mzxid = zxid;
    n.stat.mtime = this.world.now;
    n.stat.dataLength = data?.length ?? 0;
    this.trigger(path, 3);
    return { ...n.stat };
  }

  async getACL(path: string): Promise<{ acl: ACL[]; stat: Stat }> {
    this.calls.push(`getACL ${path}`);
    this.check(path);
    this.alive(path);
    const n = this.node(path);
    return { acl: n.acl.map((a) => ({ perms: a.perms, id: { ...a.id } })), stat: { ...n.stat } };
  }

  async setACL(path: string, acl: readonly ACL[], aclVersion: number): Promise<Stat> {
    this.calls.push(`setACL ${path}`);
    this.check(path);
    if (acl.length === 0) throw new KeeperException(Code.INVALIDACL);
    this.alive(path);
    this.tick();
    const n = this.node(path);
    if (!n.acl.some((a) => a.perms & 16)) throw new KeeperException(Code.NOAUTH, path);
    if (aclVersion !== -1 && n.stat.aversion !== aclVersion) throw new KeeperException(Code.BADVERSION, path);
    n.acl = [...acl];
    n.stat.aversion++;
    return { ...n.stat };
  }

  async getChildren(path: string, watch: boolean | Watcher): Promise<string[]> {
    this.calls.push(`getChildren ${path}`);
    return (await this.children(path, watch)).children;
  }

  async getChildren2(path: string, watch: boolean | Watcher): Promise<{ children: string[]; stat: Stat }> {
    this.calls.push(`getChildren2 ${path}`);
    return this.children(path, watch);
  }

  private async children(path: string, watch: boolean | Watcher): Promise<{ children: string[]; stat: Stat }> {
    this.check(path);
    this.alive(path);
    const n = this.node(path);
    if (watch === true) this.childWatches.add(path);
    // Not sorted: reverse insertion order, to make sure the CLI sorts.
    return { children: [...n.children].reverse(), stat: { ...n.stat } };
  }

  async sync(path: string): Promise<void> {
    this.calls.push(`sync ${path}`);
    this.check(path);
    this.alive(path);
  }

  async multi(ops: readonly Op[]): Promise<OpResult[]> {
    this.calls.push(`multi ${ops.map((o) => `${o.type} ${o.path}`).join(', ')}`);
    this.alive();
    // Check all first (atomic), then apply.
    const gone = new Set<string>();
    for (const op of ops) {
      if (op.type !== 'delete') throw new Error('fake multi supports delete only');
      if (op.path === '/zookeeper' || op.path === '/zookeeper/quota' || op.path === '/zookeeper/config') {
        throw new KeeperException(Code.BADARGUMENTS, op.path);
      }
      const n = this.world.nodes.get(op.path);
      if (!n || gone.has(op.path)) throw new KeeperException(Code.NONODE, op.path);
      const remaining = [...n.children].filter((c) => !gone.has(op.path === '/' ? '/' + c : `${op.path}/${c}`));
      if (remaining.length > 0) throw new KeeperException(Code.NOTEMPTY, op.path);
      gone.add(op.path);
    }
    this.tick();
    for (const op of ops) this.remove(op.path);
    return ops.map(() => ({ type: 'delete' }) as OpResult);
  }

  async getEphemerals(prefixPath = '/'): Promise<string[]> {
    this.calls.push(`getEphemerals ${prefixPath}`);
    this.check(prefixPath);
    this.alive(prefixPath);
    return [...this.world.nodes.entries()].filter(([p, n]) => n.stat.ephemeralOwner === this.sessionId && p.startsWith(prefixPath)).map(([p]) => p);
  }

  async getAllChildrenNumber(path: string): Promise<number> {
    this.calls.push(`getAllChildrenNumber ${path}`);
    this.check(path);
    this.alive(path);
    this.node(path);
    const prefix = path === '/' ? '/' : path + '/';
    return [...this.world.nodes.keys()].filter((p) => p !== path && p.startsWith(prefix)).length;
  }

  async addWatch(path: string, mode: number): Promise<void> {
    this.calls.push(`addWatch ${path} ${mode}`);
    this.check(path);
    this.alive(path);
    this.persistent.set(path, mode);
  }

  async removeAllWatches(path: string, watcherType: number, local: boolean): Promise<void> {
    this.calls.push(`removeAllWatches ${path} ${watcherType} ${local}`);
    this.check(path);
    this.alive(path);
    const removed: number[] = [];
    if ((watcherType === 1 || watcherType === 3) && this.childWatches.delete(path)) removed.push(6);
    if ((watcherType === 2 || watcherType === 3) && this.dataWatches.delete(path)) removed.push(5);
    if (watcherType === 3 && this.persistent.delete(path)) removed.push(7);
    if (removed.length === 0) throw new KeeperException(Code.NOWATCHER, path);
    for (const t of removed) this.fire({ type: t, state: 3, path });
  }

  addAuthInfo(scheme: string, auth: Uint8Array): void {
    this.calls.push(`addAuth ${scheme} ${auth === null ? 'null' : new TextDecoder().decode(auth)}`);
    if ((scheme !== 'digest' && scheme !== 'ip') || auth === null) {
      this.state = 'AUTH_FAILED';
      this.fire({ type: -1, state: 4, path: null });
      return;
    }
    if (scheme === 'digest') this.auth.push({ authScheme: 'digest', user: new TextDecoder().decode(auth).split(':')[0] ?? '' });
  }

  async whoAmI(): Promise<ClientInfo[]> {
    this.calls.push('whoAmI');
    this.alive();
    return [...this.auth];
  }

  async getConfig(watch: boolean): Promise<{ data: Uint8Array | null; stat: Stat }> {
    this.calls.push(`getConfig ${watch}`);
    this.alive('/zookeeper/config');
    const n = this.node('/zookeeper/config');
    return { data: new TextEncoder().encode(this.world.config), stat: { ...n.stat } };
  }

  async reconfig(joining: string | null, leaving: string | null, members: string | null, fromConfig: number): Promise<{ data: Uint8Array | null; stat: Stat }> {
    this.calls.push(`reconfig ${joining} ${leaving} ${members} ${fromConfig}`);
    this.alive();
    throw new KeeperException(Code.RECONFIGDISABLED);
  }

  async close(): Promise<void> {
    this.calls.push('close');
    if (this.state === 'CLOSED') return;
    this.state = 'CLOSED';
    for (const [p, n] of [...this.world.nodes.entries()]) if (n.stat.ephemeralOwner === this.sessionId) this.remove(p);
    this.fire({ type: -1, state: 7, path: null });
  }

  watchRegistrations(): { data: string[]; exist: string[]; child: string[]; persistent: string[]; persistentRecursive: string[] } {
    return {
      data: [...this.dataWatches],
      exist: [],
      child: [...this.childWatches],
      persistent: [...this.persistent].filter(([, m]) => m === 0).map(([p]) => p),
      persistentRecursive: [...this.persistent].filter(([, m]) => m === 1).map(([p]) => p),
    };
  }
}

export { IllegalArgumentException };
