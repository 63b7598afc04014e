// org.apache.zookeeper.ZooKeeper (and ZooKeeperAdmin.reconfig): the public client API over a
// ClientCnxn. Effects go to the host as soon as an API call produces them.

import { Code, KeeperException } from '../zk/KeeperException.ts';
import { IllegalArgumentException, validatePath } from '../zk/PathUtils.ts';
import type { ClientInfo, MultiOp, OpResult, RequestRecord, ResponseRecord } from '../zk/proto.ts';
import type { Rng } from '../zk/Rng.ts';
import type { Stat } from '../zk/Stat.ts';
import { TTL_MAX } from '../zk/EphemeralType.ts';
import { CONFIG_NODE, OpCode, createModeFromFlag, type ACL, type CreateMode } from '../zk/ZooDefs.ts';
import type { Op, States, Watcher, ZooKeeperApi } from './api.ts';
import { ClientCnxn, type ClientEffect, type ClientInput, type Reply, type WatchRegistration } from './ClientCnxn.ts';

export interface ClientHost {
  /** Current virtual time. */
  currentTime(): number;
  /** Carry out effects (connect, send, timers). */
  apply(client: object, effects: readonly ClientEffect[]): void;
}

function validateTTL(mode: CreateMode, ttl: number): void {
  if (mode.ttl) {
    if (ttl > Number(TTL_MAX) || ttl <= 0) throw new IllegalArgumentException(`ttl must be positive and cannot be larger than: ${TTL_MAX}`);
  } else if (ttl >= 0) {
    throw new IllegalArgumentException(`ttl not valid for mode: ${mode.name}`);
  }
}

function validateACL(acl: readonly ACL[] | null): void {
  if (acl === null || acl.length === 0) throw new KeeperException(Code.INVALIDACL);
}

export class ZooKeeper implements ZooKeeperApi {
  readonly cnxn: ClientCnxn;
  readonly connectString: string;

  constructor(
    connectString: string,
    sessionTimeout: number,
    watcher: Watcher | null,
    private readonly host: ClientHost,
    rng: Rng,
  ) {
    this.connectString = connectString;
    this.cnxn = new ClientCnxn({ connectString, sessionTimeout, defaultWatcher: watcher, rng });
  }

  /** Start connecting (the constructor's side effect in Java; separate so the host can register us first). */
  start(): this {
    this.host.apply(this, this.cnxn.start(this.host.currentTime()));
    return this;
  }

  /** The host delivers network and timer inputs here. */
  handle(input: ClientInput): void {
    this.host.apply(this, this.cnxn.handle(input, this.host.currentTime()));
  }

  private pump(): void {
    this.host.apply(this, this.cnxn.drain(this.host.currentTime()));
  }

  getState(): States {
    return this.cnxn.state;
  }

  getSessionId(): bigint {
    return this.cnxn.sessionId;
  }

  getSessionTimeout(): number {
    return this.cnxn.negotiatedSessionTimeout;
  }

  private resolveWatcher(watch: boolean | Watcher): Watcher | null {
    if (typeof watch === 'function') return watch;
    return watch ? this.cnxn.watchManager.defaultWatcher : null;
  }

  /** Submit and turn the reply into a value or a KeeperException carrying the client path. */
  private call<T>(
    type: number,
    req: RequestRecord | null,
    clientPath: string | null,
    ok: (rsp: ResponseRecord | null) => T,
    watchRegistration: WatchRegistration | null = null,
    onError?: (err: number) => T | undefined,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.cnxn.setTime(this.host.currentTime());
      this.cnxn.submit(
        type,
        req,
        (r: Reply) => {
          if (r.err !== 0) {
            const alt = onError?.(r.err);
            if (alt !== undefined) resolve(alt);
            else reject(new KeeperException(r.err, clientPath ?? undefined));
            return;
          }
          try {
            resolve(ok(r.rsp));
          } catch (e) {
            reject(e);
          }
        },
        watchRegistration,
      );
      this.pump();
    });
  }

  private async guard<T>(f: () => Promise<T>): Promise<T> {
    return f();
  }

  create(path: string, data: Uint8Array | null, acl: readonly ACL[], mode: CreateMode, ttl?: number): Promise<string> {
    return this.guard(async () => {
      if (ttl !== undefined || mode.ttl) return (await this.create2(path, data, acl, mode, ttl ?? -1)).path;
      validatePath(path, mode.sequential);
      validateTTL(mode, -1);
      validateACL(acl);
      const type = mode.container ? OpCode.createContainer : OpCode.create;
      return this.call(type, { path: this.cnxn.prependChroot(path), data, acl, flags: mode.flag }, path, (rsp) => this.cnxn.stripChroot((rsp as { path: string }).path));
    });
  }

  create2(path: string, data: Uint8Array | null, acl: readonly ACL[], mode: CreateMode, ttl = -1): Promise<{ path: string; stat: Stat }> {
    return this.guard(async () => {
      validatePath(path, mode.sequential);
      validateTTL(mode, ttl);
      validateACL(acl);
      const type = mode.ttl ? OpCode.createTTL : mode.container ? OpCode.createContainer : OpCode.create2;
      const req: RequestRecord = mode.ttl ? { path: this.cnxn.prependChroot(path), data, acl, flags: mode.flag, ttl } : { path: this.cnxn.prependChroot(path), data, acl, flags: mode.flag };
      return this.call(type, req, path, (rsp) => {
        const r = rsp as { path: string; stat: Stat };
        return { path: this.cnxn.stripChroot(r.path), stat: r.stat };
      });
    });
  }

  delete(path: string, version: number): Promise<void> {
    return this.guard(async () => {
      // The root, "/zookeeper" and friends are refused by the server; the client only checks syntax.
      validatePath(path);
      return this.call(OpCode.delete, { path: this.cnxn.prependChroot(path), version }, path, () => undefined);
    });
  }

  exists(path: string, watch: boolean | Watcher): Promise<Stat | null> {
    return this.guard(async () => {
      validatePath(path);
      const w = this.resolveWatcher(watch);
      const reg: WatchRegistration | null = w ? { kind: 'exists', watcher: w, clientPath: path } : null;
      return this.call<Stat | null>(OpCode.exists, { path: this.cnxn.prependChroot(path), watch: w !== null }, path, (rsp) => (rsp as { stat: Stat }).stat, reg, (err) => (err === Code.NONODE ? null : undefined));
    });
  }

  getData(path: string, watch: boolean | Watcher): Promise<{ data: Uint8Array | null; stat: Stat }> {
    return this.guard(async () => {
      validatePath(path);
      const w = this.resolveWatcher(watch);
      const reg: WatchRegistration | null = w ? { kind: 'data', watcher: w, clientPath: path } : null;
      return this.call(OpCode.getData, { path: this.cnxn.prependChroot(path), watch: w !== null }, path, (rsp) => rsp as { data: Uint8Array | null; stat: Stat }, reg);
    });
  }

  getConfig(watch: boolean): Promise<{ data: Uint8Array | null; stat: Stat }> {
    const w = watch ? this.cnxn.watchManager.defaultWatcher : null;
    const reg: WatchRegistration | null = w ? { kind: 'data', watcher: w, clientPath: CONFIG_NODE } : null;
    // getConfig bypasses the chroot: it always reads /zookeeper/config.
    return this.call(OpCode.getData, { path: CONFIG_NODE, watch: w !== null }, CONFIG_NODE, (rsp) => rsp as { data: Uint8Array | null; stat: Stat }, reg);
  }

  setData(path: string, data: Uint8Array | null, version: number): Promise<Stat> {
    return this.guard(async () => {
      validatePath(path);
      return this.call(OpCode.setData, { path: this.cnxn.prependChroot(path), data, version }, path, (rsp) => (rsp as { stat: Stat }).stat);
    });
  }

  getACL(path: string): Promise<{ acl: ACL[]; stat: Stat }> {
    return this.guard(async () => {
      validatePath(path);
      return this.call(OpCode.getACL, { path: this.cnxn.prependChroot(path) }, path, (rsp) => {
        const r = rsp as { acl: ACL[]; stat: Stat };
        return { acl: [...r.acl], stat: r.stat };
      });
    });
  }

  setACL(path: string, acl: readonly ACL[], aclVersion: number): Promise<Stat> {
    return this.guard(async () => {
      validatePath(path);
      validateACL(acl);
      return this.call(OpCode.setACL, { path: this.cnxn.prependChroot(path), acl, version: aclVersion }, path, (rsp) => (rsp as { stat: Stat }).stat);
    });
  }

  getChildren(path: string, watch: boolean | Watcher): Promise<string[]> {
    return this.guard(async () => {
      validatePath(path);
      const w = this.resolveWatcher(watch);
      const reg: WatchRegistration | null = w ? { kind: 'child', watcher: w, clientPath: path } : null;
      return this.call(OpCode.getChildren, { path: this.cnxn.prependChroot(path), watch: w !== null }, path, (rsp) => [...(rsp as { children: string[] }).children], reg);
    });
  }

  getChildren2(path: string, watch: boolean | Watcher): Promise<{ children: string[]; stat: Stat }> {
    return this.guard(async () => {
      validatePath(path);
      const w = this.resolveWatcher(watch);
      const reg: WatchRegistration | null = w ? { kind: 'child', watcher: w, clientPath: path } : null;
      return this.call(OpCode.getChildren2, { path: this.cnxn.prependChroot(path), watch: w !== null }, path, (rsp) => {
        const r = rsp as { children: string[]; stat: Stat };
        return { children: [...r.children], stat: r.stat };
      }, reg);
    });
  }

  sync(path: string): Promise<void> {
    return this.guard(async () => {
      validatePath(path);
      return this.call(OpCode.sync, { path: this.cnxn.prependChroot(path) }, path, () => undefined);
    });
  }

  multi(ops: readonly Op[]): Promise<OpResult[]> {
    return this.guard(async () => {
      for (const op of ops) {
        if (op.type === 'create') {
          validatePath(op.path, op.mode.sequential);
          validateTTL(op.mode, op.ttl ?? -1);
        } else {
          validatePath(op.path);
        }
      }
      if (ops.length === 0) return [];
      const wire: MultiOp[] = ops.map((op) => this.toMultiOp(op));
      return this.call(OpCode.multi, { ops: wire }, null, (rsp) => {
        const results = [...(rsp as { results: OpResult[] }).results].map((r) => (r.type === 'create' ? { ...r, path: this.cnxn.stripChroot(r.path) } : r));
        const fatal = results.find((r) => r.type === 'error' && r.err !== Code.OK);
        if (fatal && fatal.type === 'error') {
          const ex = new KeeperException(fatal.err);
          ex.results = results;
          throw ex;
        }
        return results;
      });
    });
  }

  private toMultiOp(op: Op): MultiOp {
    const path = this.cnxn.prependChroot(op.path);
    switch (op.type) {
      case 'create': {
        const mode = createModeFromFlag(op.mode.flag) ?? op.mode;
        if (mode.ttl) return { type: OpCode.createTTL, req: { path, data: op.data, acl: op.acl, flags: mode.flag, ttl: op.ttl ?? -1 } };
        return { type: mode.container ? OpCode.createContainer : OpCode.create, req: { path, data: op.data, acl: op.acl, flags: mode.flag } };
      }
      case 'delete':
        return { type: OpCode.delete, req: { path, version: op.version } };
      case 'setData':
        return { type: OpCode.setData, req: { path, data: op.data, version: op.version } };
      case 'check':
        return { type: OpCode.check, req: { path, version: op.version } };
    }
  }

  getEphemerals(prefixPath = '/'): Promise<string[]> {
    return this.guard(async () => {
      validatePath(prefixPath);
      return this.call(OpCode.getEphemerals, { prefixPath: this.cnxn.prependChroot(prefixPath) }, prefixPath, (rsp) => [...(rsp as { ephemerals: string[] }).ephemerals]);
    });
  }

  getAllChildrenNumber(path: string): Promise<number> {
    return this.guard(async () => {
      validatePath(path);
      return this.call(OpCode.getAllChildrenNumber, { path: this.cnxn.prependChroot(path) }, path, (rsp) => (rsp as { totalNumber: number }).totalNumber);
    });
  }

  addWatch(path: string, mode: number, watcher?: Watcher): Promise<void> {
    return this.guard(async () => {
      validatePath(path);
      const w = watcher ?? this.cnxn.watchManager.defaultWatcher;
      const reg: WatchRegistration | null = w ? { kind: mode === 0 ? 'persistent' : 'persistentRecursive', watcher: w, clientPath: path } : null;
      return this.call(OpCode.addWatch, { path: this.cnxn.prependChroot(path), mode }, path, () => undefined, reg);
    });
  }

  /**
   * removeAllWatches: always asks the server (opcode removeWatches); the client's own table is
   * updated when the answer comes (WatchDeregistration), locally even on error when local=true.
   */
  removeAllWatches(path: string, watcherType: number, local: boolean): Promise<void> {
    return this.guard(async () => {
      validatePath(path);
      return new Promise<void>((resolve, reject) => {
        this.cnxn.setTime(this.host.currentTime());
        this.cnxn.submit(
          OpCode.removeWatches,
          { path: this.cnxn.prependChroot(path), type: watcherType },
          (r) => (r.err !== 0 ? reject(new KeeperException(r.err, path)) : resolve()),
          null,
          { clientPath: path, watcher: null, type: watcherType, local },
        );
        this.pump();
      });
    });
  }

  addAuthInfo(scheme: string, auth: Uint8Array | null): void {
    this.cnxn.setTime(this.host.currentTime());
    this.cnxn.addAuthInfo(scheme, auth);
    this.pump();
  }

  whoAmI(): Promise<ClientInfo[]> {
    return this.call(OpCode.whoAmI, null, null, (rsp) => [...(rsp as { clientInfo: ClientInfo[] }).clientInfo]);
  }

  reconfig(joiningServers: string | null, leavingServers: string | null, newMembers: string | null, fromConfig: number): Promise<{ data: Uint8Array | null; stat: Stat }> {
    return this.call(OpCode.reconfig, { joiningServers, leavingServers, newMembers, curConfigId: fromConfig }, null, (rsp) => rsp as { data: Uint8Array | null; stat: Stat });
  }

  close(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.cnxn.setTime(this.host.currentTime());
      this.cnxn.close(resolve);
      this.pump();
    });
  }

  /** The client process dies without closing its session. */
  crash(): void {
    this.host.apply(this, this.cnxn.crash());
  }

  watchRegistrations(): { data: string[]; exist: string[]; child: string[]; persistent: string[]; persistentRecursive: string[] } {
    return this.cnxn.watchManager.lists();
  }
}

export { IllegalArgumentException };
