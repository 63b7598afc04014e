// org.apache.zookeeper.server.DataTree: the znode tree, its watches, quotas and digest, and the
// application of transactions (processTxn). Everything here is deterministic.

import { DataNode } from './DataNode.ts';
import { nodeDigest, ZOOKEEPER_NODE_SUBTREE } from './DigestCalculator.ts';
import { CONTAINER_EPHEMERAL_OWNER, ephemeralKind, ttlToEphemeralOwner } from './EphemeralType.ts';
import { JavaHashSet } from './JavaHashOrder.ts';
import { Code } from './KeeperException.ts';
import { PathTrie } from './PathTrie.ts';
import { ReferenceCountedACLCache } from './ReferenceCountedACLCache.ts';
import type { Stat } from './Stat.ts';
import { StatsTrack } from './StatsTrack.ts';
import type { ProcessTxnResult, SubTxn, TxnBody, TxnHeader } from './txn.ts';
import { WatchManager, WatcherMode, type WatcherId } from './WatchManager.ts';
import type { ServerMetrics } from './fourletter/ServerMetrics.ts';
import { topNamespace } from './PathUtils.ts';
import {
  CONFIG_NODE,
  EventType,
  LIMIT_NODE,
  OpCode,
  PROC_ZOOKEEPER,
  QUOTA_ZOOKEEPER,
  READ_ACL_UNSAFE,
  STAT_NODE,
  type ACL,
  type EventTypeValue,
} from './ZooDefs.ts';

/** A KeeperException thrown inside the tree; the path is filled in by the caller if needed. */
export class TreeError extends Error {
  constructor(readonly code: number) {
    super(`tree error ${code}`);
  }
}

/** A watch notification the tree wants delivered to a connection. */
export interface WatchNotification {
  readonly watcher: WatcherId;
  readonly type: EventTypeValue;
  readonly path: string;
}

export interface DataTreeOptions {
  readonly extendedTypesEnabled?: boolean;
}

const STAT_OVERHEAD_NONE = 0;

export function statPath(path: string): string {
  return `${QUOTA_ZOOKEEPER}${path}/${STAT_NODE}`;
}
export function limitPath(path: string): string {
  return `${QUOTA_ZOOKEEPER}${path}/${LIMIT_NODE}`;
}
function trimQuotaPath(quotaPath: string): string {
  return quotaPath.slice(QUOTA_ZOOKEEPER.length);
}

function splitPath(path: string): { parent: string; child: string } {
  const i = path.lastIndexOf('/');
  // "" is Java's alias of the root; we keep only "/".
  return { parent: i <= 0 ? '/' : path.slice(0, i), child: path.slice(i + 1) };
}

export class DataTree {
  readonly nodes = new Map<string, DataNode>();
  readonly aclCache = new ReferenceCountedACLCache();
  readonly dataWatches = new WatchManager();
  readonly childWatches = new WatchManager();
  /** sessionId -> its ephemeral paths, in Java HashSet order. */
  private readonly ephemerals = new Map<bigint, JavaHashSet>();
  private readonly containers = new Set<string>();
  private readonly ttls = new Set<string>();
  private readonly pTrie = new PathTrie();
  readonly extendedTypesEnabled: boolean;
  lastProcessedZxid = 0;
  private treeDigest = 0;
  private nodeDataSize = 0;
  /** Notifications produced by the last operations; the server drains them. */
  private pending: WatchNotification[] = [];
  /** The server's metrics (read/write per namespace, watches fired); none for replays. */
  metrics: ServerMetrics | null = null;

  /** DataTree.STAT_OVERHEAD_BYTES: 6 longs and 5 ints. */
  static readonly STAT_OVERHEAD_BYTES = 6 * 8 + 5 * 4;

  private updateReadStat(path: string, bytes: number): void {
    if (this.metrics === null) return;
    const ns = topNamespace(path);
    if (ns === null) return;
    this.metrics.summarySet('read_per_namespace').add(ns, path.length + bytes + DataTree.STAT_OVERHEAD_BYTES);
  }

  private updateWriteStat(path: string, bytes: number): void {
    if (this.metrics === null) return;
    const ns = topNamespace(path);
    if (ns === null) return;
    this.metrics.summarySet('write_per_namespace').add(ns, path.length + bytes);
  }

  constructor(opts: DataTreeOptions = {}) {
    this.extendedTypesEnabled = opts.extendedTypesEnabled ?? false;
    const root = new DataNode(new Uint8Array(0), -1, 0, 0, 0n);
    this.putNode('/', root);
    root.addChild('zookeeper');
    const proc = new DataNode(new Uint8Array(0), -1, 0, 0, 0n);
    this.putNode(PROC_ZOOKEEPER, proc);
    proc.addChild('quota');
    this.putNode(QUOTA_ZOOKEEPER, new DataNode(new Uint8Array(0), -1, 0, 0, 0n));
    this.addConfigNode();
    this.nodeDataSize = this.approximateDataSize();
  }

  /** /zookeeper/config, readable by anyone (ZOOKEEPER-2014), aclVersion -1. */
  private addConfigNode(): void {
    this.nodes.get(PROC_ZOOKEEPER)!.addChild('config');
    this.putNode(CONFIG_NODE, new DataNode(new Uint8Array(0), -1, 0, 0, 0n));
    this.setACL(CONFIG_NODE, READ_ACL_UNSAFE, -1);
  }

  // ---- node map with digest bookkeeping (NodeHashMapImpl) ----

  private digestOf(path: string, n: DataNode): number {
    if (path.startsWith(ZOOKEEPER_NODE_SUBTREE)) return 0;
    if (n.digest < 0) n.digest = nodeDigest(path, n.data, n);
    return n.digest;
  }

  private putNode(path: string, n: DataNode): void {
    const old = this.nodes.get(path);
    if (old) this.treeDigest -= this.digestOf(path, old);
    this.nodes.set(path, n);
    this.treeDigest += this.digestOf(path, n);
  }

  private removeNode(path: string): DataNode | undefined {
    const n = this.nodes.get(path);
    if (n) {
      this.nodes.delete(path);
      this.treeDigest -= this.digestOf(path, n);
    }
    return n;
  }

  private preChange(path: string, n: DataNode): void {
    this.treeDigest -= this.digestOf(path, n);
  }

  private postChange(path: string, n: DataNode): void {
    n.digest = -1;
    this.treeDigest += this.digestOf(path, n);
  }

  /** The tree digest (AdHash of node digests), as ZooKeeper computes it. */
  getTreeDigest(): number {
    return this.treeDigest;
  }

  // ---- queries ----

  getNode(path: string): DataNode | undefined {
    return this.nodes.get(path === '' ? '/' : path);
  }

  get nodeCount(): number {
    return this.nodes.size;
  }

  isSpecialPath(path: string): boolean {
    return path === '/' || path === PROC_ZOOKEEPER || path === QUOTA_ZOOKEEPER || path === CONFIG_NODE;
  }

  aclOf(n: DataNode): readonly ACL[] {
    return this.aclCache.convertLong(n.acl);
  }

  statOf(n: DataNode): Stat {
    return n.copyStat(this.extendedTypesEnabled);
  }

  getData(path: string, watcher: WatcherId | null): { data: Uint8Array | null; stat: Stat } {
    const n = this.nodes.get(path);
    if (!n) throw new TreeError(Code.NONODE);
    if (watcher !== null) this.dataWatches.addWatch(path, watcher);
    this.updateReadStat(path, n.data === null ? 0 : n.data.length);
    return { data: n.data, stat: this.statOf(n) };
  }

  /** exists(): the watch is set even when the node is missing. */
  statNode(path: string, watcher: WatcherId | null): Stat {
    if (watcher !== null) this.dataWatches.addWatch(path, watcher);
    const n = this.nodes.get(path);
    if (!n) throw new TreeError(Code.NONODE);
    this.updateReadStat(path, 0);
    return this.statOf(n);
  }

  getChildren(path: string, watcher: WatcherId | null): { children: string[]; stat: Stat } {
    const n = this.nodes.get(path);
    if (!n) throw new TreeError(Code.NONODE);
    const children = n.childNames();
    if (watcher !== null) this.childWatches.addWatch(path, watcher);
    let bytes = 0;
    for (const c of children) bytes += c.length;
    this.updateReadStat(path, bytes);
    return { children, stat: this.statOf(n) };
  }

  getACL(path: string): { acl: readonly ACL[]; stat: Stat } {
    const n = this.nodes.get(path);
    if (!n) throw new TreeError(Code.NONODE);
    return { acl: this.aclOf(n), stat: this.statOf(n) };
  }

  /** Counts descendants by path prefix; "/" counts every node but the root (nodes.size() - 2 in Java, which also maps ""). */
  getAllChildrenNumber(path: string): number {
    if (path === '/') return this.nodes.size - 1;
    const prefix = path + '/';
    let n = 0;
    for (const k of this.nodes.keys()) if (k.startsWith(prefix)) n++;
    return n;
  }

  /** A clone of the session's ephemeral set, as DataTree.getEphemerals returns. */
  getEphemerals(sessionId: bigint): JavaHashSet {
    const s = this.ephemerals.get(sessionId);
    return s ? s.clone() : new JavaHashSet();
  }

  /** All sessions with ephemerals (for dump). */
  ephemeralsBySession(): Map<bigint, string[]> {
    const m = new Map<bigint, string[]>();
    for (const [sid, set] of this.ephemerals) m.set(sid, set.javaOrder());
    return m;
  }

  /** Sessions that own at least one ephemeral node (cheap: no ordering). */
  *ephemeralOwners(): IterableIterator<bigint> {
    for (const [sid, set] of this.ephemerals) if (set.size > 0) yield sid;
  }

  get ephemeralsCount(): number {
    let n = 0;
    for (const s of this.ephemerals.values()) n += s.size;
    return n;
  }

  getContainers(): string[] {
    return [...this.containers];
  }

  getTtls(): string[] {
    return [...this.ttls];
  }

  approximateDataSize(): number {
    let r = 0;
    for (const [p, n] of this.nodes) r += p.length + (n.data === null ? 0 : n.data.length);
    return r + STAT_OVERHEAD_NONE;
  }

  cachedApproximateDataSize(): number {
    return this.nodeDataSize;
  }

  get watchCount(): number {
    return this.dataWatches.size() + this.childWatches.size();
  }

  // ---- watches ----

  /** Notifications produced since the last call. */
  drainNotifications(): WatchNotification[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  private fire(watchers: Set<WatcherId>, type: EventTypeValue, path: string, suppress?: ReadonlySet<WatcherId>): void {
    for (const w of watchers) if (!suppress?.has(w)) this.pending.push({ watcher: w, type, path });
    if (this.metrics === null || watchers.size === 0) return;
    // WatchManager counts every watcher it found, suppressed ones included.
    const name =
      type === EventType.NodeCreated ? 'node_created_watch_count' : type === EventType.NodeDeleted ? 'node_deleted_watch_count' : type === EventType.NodeDataChanged ? 'node_changed_watch_count' : 'node_children_watch_count';
    this.metrics.summary(name).add(watchers.size);
  }

  private triggerData(path: string, type: EventTypeValue, suppress?: ReadonlySet<WatcherId>): Set<WatcherId> {
    const ws = this.dataWatches.triggerWatch(path, false);
    this.fire(ws, type, path, suppress);
    return ws;
  }

  private triggerChild(path: string, type: EventTypeValue, suppress?: ReadonlySet<WatcherId>): Set<WatcherId> {
    const ws = this.childWatches.triggerWatch(path, type === EventType.NodeChildrenChanged);
    this.fire(ws, type, path, suppress);
    return ws;
  }

  addWatch(basePath: string, watcher: WatcherId, mode: 0 | 1): void {
    const m = mode === 0 ? WatcherMode.PERSISTENT : WatcherMode.PERSISTENT_RECURSIVE;
    this.dataWatches.addWatch(basePath, watcher, m);
    this.childWatches.addWatch(basePath, watcher, m);
  }

  removeWatcher(watcher: WatcherId): void {
    this.dataWatches.removeWatcher(watcher);
    this.childWatches.removeWatcher(watcher);
  }

  /** DataTree.containsWatcher / removeWatch for WatcherType Children(1), Data(2), Any(3). */
  containsWatcher(path: string, type: number, watcher: WatcherId): boolean {
    if (type === 1) return this.childWatches.containsWatcher(path, watcher);
    if (type === 2) return this.dataWatches.containsWatcher(path, watcher);
    return this.childWatches.containsWatcher(path, watcher) || this.dataWatches.containsWatcher(path, watcher);
  }

  removeWatch(path: string, type: number, watcher: WatcherId): boolean {
    if (type === 1) return this.childWatches.removeWatch(path, watcher);
    if (type === 2) return this.dataWatches.removeWatch(path, watcher);
    const c = this.childWatches.removeWatch(path, watcher);
    const d = this.dataWatches.removeWatch(path, watcher);
    return c || d;
  }

  /**
   * SetWatches after a reconnect: fire what the client missed since relativeZxid, re-register
   * the rest (DataTree.setWatches).
   */
  setWatches(
    relativeZxid: number,
    dataWatches: readonly string[],
    existWatches: readonly string[],
    childWatches: readonly string[],
    persistentWatches: readonly string[],
    persistentRecursiveWatches: readonly string[],
    watcher: WatcherId,
  ): void {
    const one = (type: EventTypeValue, path: string): void => {
      this.pending.push({ watcher, type, path });
    };
    for (const path of dataWatches) {
      const node = this.nodes.get(path);
      if (!node) one(EventType.NodeDeleted, path);
      else if (node.mzxid > relativeZxid) one(EventType.NodeDataChanged, path);
      else this.dataWatches.addWatch(path, watcher);
    }
    for (const path of existWatches) {
      if (this.nodes.get(path)) one(EventType.NodeCreated, path);
      else this.dataWatches.addWatch(path, watcher);
    }
    for (const path of childWatches) {
      const node = this.nodes.get(path);
      if (!node) one(EventType.NodeDeleted, path);
      else if (node.pzxid > relativeZxid) one(EventType.NodeChildrenChanged, path);
      else this.childWatches.addWatch(path, watcher);
    }
    for (const path of persistentWatches) this.addWatch(path, watcher, 0);
    for (const path of persistentRecursiveWatches) this.addWatch(path, watcher, 1);
  }

  // ---- quotas ----

  getMaxPrefixWithQuota(path: string): string | null {
    const lastPrefix = this.pTrie.findMaxPrefix(path);
    return lastPrefix === '/' || lastPrefix === '' ? null : lastPrefix;
  }

  private updateQuotaStat(lastPrefix: string, bytesDiff: number, countDiff: number): void {
    const sp = statPath(lastPrefix);
    const statNode = this.nodes.get(sp);
    if (!statNode) return; // "should not happen": ZooKeeper logs and goes on
    const st = StatsTrack.parse(decodeUtf8(statNode.data));
    st.count = st.count + countDiff;
    st.bytes = st.bytes + bytesDiff;
    const data = encodeUtf8(st.toString());
    this.nodeDataSize += data.length - (statNode.data?.length ?? 0);
    statNode.data = data;
  }

  private countsUnder(path: string): { count: number; bytes: number } {
    const c = { count: 0, bytes: 0 };
    const walk = (p: string): void => {
      const n = this.nodes.get(p);
      if (!n) return;
      c.count += 1;
      c.bytes += n.data === null ? 0 : n.data.length;
      for (const child of n.childNames()) walk(p === '/' ? `/${child}` : `${p}/${child}`);
    };
    walk(path);
    return c;
  }

  private updateQuotaForPath(path: string): void {
    const c = this.countsUnder(path);
    const st = new StatsTrack();
    st.bytes = c.bytes;
    st.count = c.count;
    const sp = statPath(path);
    const n = this.nodes.get(sp);
    if (!n) return;
    this.preChange(sp, n);
    const data = encodeUtf8(st.toString());
    this.nodeDataSize += data.length - (n.data?.length ?? 0);
    n.data = data;
    this.postChange(sp, n);
  }

  /** Rebuild the quota trie and stats after loading a snapshot (DataTree.setupQuota). */
  setupQuota(): void {
    this.pTrie.clear();
    const traverse = (path: string): void => {
      const n = this.nodes.get(path);
      if (!n) return;
      const children = n.childNames();
      if (children.length === 0) {
        const end = '/' + LIMIT_NODE;
        if (path.endsWith(end)) {
          const realPath = path.slice(QUOTA_ZOOKEEPER.length, path.indexOf(end));
          this.updateQuotaForPath(realPath);
          this.pTrie.addPath(realPath);
        }
        return;
      }
      for (const c of children) traverse(`${path}/${c}`);
    };
    if (this.nodes.has(QUOTA_ZOOKEEPER)) traverse(QUOTA_ZOOKEEPER);
  }

  // ---- mutations ----

  createNode(
    path: string,
    data: Uint8Array | null,
    acl: readonly ACL[],
    ephemeralOwner: bigint,
    parentCVersion: number,
    zxid: number,
    time: number,
  ): Stat {
    const { parent: parentName, child: childName } = splitPath(path);
    const parent = this.nodes.get(parentName);
    if (!parent) throw new TreeError(Code.NONODE);
    const aclIndex = this.aclCache.convertAcls(acl);
    if (parent.children !== null && parent.children.has(childName)) throw new TreeError(Code.NODEEXISTS);
    this.preChange(parentName, parent);
    let pcv = parentCVersion;
    if (pcv === -1) pcv = parent.cversion + 1;
    // Replaying a fuzzy snapshot can see a create again: only move cversion/pzxid forward.
    if (pcv > parent.cversion) {
      parent.cversion = pcv;
      parent.pzxid = zxid;
    }
    const child = new DataNode(data, aclIndex, zxid, time, ephemeralOwner);
    parent.addChild(childName);
    this.postChange(parentName, parent);
    this.nodeDataSize += path.length + (data === null ? 0 : data.length);
    this.putNode(path, child);
    const kind = ephemeralKind(ephemeralOwner, this.extendedTypesEnabled);
    if (kind === 'CONTAINER') this.containers.add(path);
    else if (kind === 'TTL') this.ttls.add(path);
    else if (ephemeralOwner !== 0n) {
      let set = this.ephemerals.get(ephemeralOwner);
      if (!set) this.ephemerals.set(ephemeralOwner, (set = new JavaHashSet()));
      set.add(path);
    }
    const out = this.statOf(child);
    if (parentName.startsWith(QUOTA_ZOOKEEPER)) {
      if (childName === LIMIT_NODE) this.pTrie.addPath(trimQuotaPath(parentName));
      if (childName === STAT_NODE) this.updateQuotaForPath(trimQuotaPath(parentName));
    }
    const lastPrefix = this.getMaxPrefixWithQuota(path);
    if (lastPrefix !== null) this.updateQuotaStat(lastPrefix, data === null ? 0 : data.length, 1);
    this.updateWriteStat(path, data === null ? 0 : data.length);
    this.triggerData(path, EventType.NodeCreated);
    this.triggerChild(parentName, EventType.NodeChildrenChanged);
    return out;
  }

  deleteNode(path: string, zxid: number): void {
    const { parent: parentName, child: childName } = splitPath(path);
    const parent = this.nodes.get(parentName);
    if (!parent) throw new TreeError(Code.NONODE);
    // The child may already be gone (fuzzy snapshot); pzxid is still moved forward.
    this.preChange(parentName, parent);
    parent.removeChild(childName);
    if (zxid > parent.pzxid) parent.pzxid = zxid;
    this.postChange(parentName, parent);
    const node = this.removeNode(path);
    if (!node) throw new TreeError(Code.NONODE);
    this.aclCache.removeUsage(node.acl);
    this.nodeDataSize -= path.length + (node.data === null ? 0 : node.data.length);
    const kind = ephemeralKind(node.ephemeralOwner, this.extendedTypesEnabled);
    if (kind === 'CONTAINER') this.containers.delete(path);
    else if (kind === 'TTL') this.ttls.delete(path);
    else if (node.ephemeralOwner !== 0n) this.ephemerals.get(node.ephemeralOwner)?.delete(path);
    if (parentName.startsWith(PROC_ZOOKEEPER) && childName === LIMIT_NODE) this.pTrie.deletePath(trimQuotaPath(parentName));
    const lastPrefix = this.getMaxPrefixWithQuota(path);
    if (lastPrefix !== null) this.updateQuotaStat(lastPrefix, node.data === null ? 0 : -node.data.length, -1);
    this.updateWriteStat(path, 0);
    const processed = this.triggerData(path, EventType.NodeDeleted);
    this.triggerChild(path, EventType.NodeDeleted, processed);
    this.triggerChild(parentName, EventType.NodeChildrenChanged);
  }

  setData(path: string, data: Uint8Array | null, version: number, zxid: number, time: number): Stat {
    const n = this.nodes.get(path);
    if (!n) throw new TreeError(Code.NONODE);
    const lastdata = n.data;
    this.preChange(path, n);
    n.data = data;
    n.mtime = time;
    n.mzxid = zxid;
    n.version = version;
    const s = this.statOf(n);
    this.postChange(path, n);
    const lastPrefix = this.getMaxPrefixWithQuota(path);
    const bytesDiff = (data === null ? 0 : data.length) - (lastdata === null ? 0 : lastdata.length);
    if (lastPrefix !== null) this.updateQuotaStat(lastPrefix, bytesDiff, 0);
    this.nodeDataSize += bytesDiff;
    this.updateWriteStat(path, data === null ? 0 : data.length);
    this.triggerData(path, EventType.NodeDataChanged);
    return s;
  }

  setACL(path: string, acl: readonly ACL[], version: number): Stat {
    const n = this.nodes.get(path);
    if (!n) throw new TreeError(Code.NONODE);
    this.aclCache.removeUsage(n.acl);
    this.preChange(path, n);
    n.aversion = version;
    n.acl = this.aclCache.convertAcls(acl);
    const s = this.statOf(n);
    this.postChange(path, n);
    return s;
  }

  /** Used when a replayed create finds the node present (see processTxn). */
  setCversionPzxid(path: string, newCversion: number, zxid: number): void {
    const n = this.nodes.get(path === '' ? '/' : path);
    if (!n) throw new TreeError(Code.NONODE);
    this.preChange(path, n);
    if (newCversion === -1) newCversion = n.cversion + 1;
    if (newCversion > n.cversion) {
      n.cversion = newCversion;
      n.pzxid = zxid;
    }
    this.postChange(path, n);
  }

  /** A closing session's ephemerals: the txn's list first, then anything left locally. */
  killSession(session: bigint, zxid: number, paths2DeleteInTxn: readonly string[] | null): void {
    const local = this.ephemerals.get(session);
    this.ephemerals.delete(session);
    const deleteAll = (paths: Iterable<string>): void => {
      for (const p of paths) {
        try {
          this.deleteNode(p, zxid);
        } catch (e) {
          if (!(e instanceof TreeError)) throw e; // NoNode is logged and ignored
        }
      }
    };
    if (paths2DeleteInTxn !== null) deleteAll(paths2DeleteInTxn);
    if (!local) return;
    if (paths2DeleteInTxn !== null) for (const p of paths2DeleteInTxn) local.delete(p);
    deleteAll(local.javaOrder());
  }

  // ---- processTxn ----

  processTxn(hdr: TxnHeader, body: TxnBody, isSubTxn = false): ProcessTxnResult {
    const rc: ProcessTxnResult = {
      clientId: hdr.clientId,
      cxid: hdr.cxid,
      zxid: hdr.zxid,
      err: 0,
      type: hdr.type,
      path: null,
      stat: null,
      multiResult: null,
    };
    try {
      this.applyBody(hdr, body, rc);
    } catch (e) {
      if (!(e instanceof TreeError)) throw e;
      rc.err = e.code;
    }
    if (hdr.type === OpCode.create && rc.err === Code.NODEEXISTS && body.kind === 'create' && rc.path !== null) {
      // A node deleted by a closed session and recreated by another inside a fuzzy snapshot:
      // bring the parent's cversion and pzxid up to date.
      try {
        this.setCversionPzxid(splitPath(rc.path).parent, body.parentCVersion, hdr.zxid);
      } catch (e) {
        if (!(e instanceof TreeError)) throw e;
        rc.err = e.code;
      }
    }
    if (!isSubTxn && rc.zxid > this.lastProcessedZxid) this.lastProcessedZxid = rc.zxid;
    return rc;
  }

  private applyBody(hdr: TxnHeader, body: TxnBody, rc: ProcessTxnResult): void {
    switch (body.kind) {
      case 'create':
        rc.path = body.path;
        rc.stat = this.createNode(body.path, body.data, body.acl, body.ephemeral ? hdr.clientId : 0n, body.parentCVersion, hdr.zxid, hdr.time);
        if (hdr.type === OpCode.create) rc.stat = null;
        return;
      case 'createTTL':
        rc.path = body.path;
        rc.stat = this.createNode(body.path, body.data, body.acl, ttlToEphemeralOwner(body.ttl), body.parentCVersion, hdr.zxid, hdr.time);
        return;
      case 'createContainer':
        rc.path = body.path;
        rc.stat = this.createNode(body.path, body.data, body.acl, CONTAINER_EPHEMERAL_OWNER, body.parentCVersion, hdr.zxid, hdr.time);
        return;
      case 'delete':
        rc.path = body.path;
        this.deleteNode(body.path, hdr.zxid);
        return;
      case 'setData':
        rc.path = body.path;
        rc.stat = this.setData(body.path, body.data, body.version, hdr.zxid, hdr.time);
        return;
      case 'setACL':
        rc.path = body.path;
        rc.stat = this.setACL(body.path, body.acl, body.version);
        return;
      case 'closeSession':
        this.killSession(hdr.clientId, hdr.zxid, body.paths2Delete);
        return;
      case 'error':
        rc.err = body.err;
        return;
      case 'check':
        rc.path = body.path;
        return;
      case 'createSession':
        return;
      case 'multi':
        rc.multiResult = this.applyMulti(hdr, body.txns, rc);
        return;
    }
  }

  private applyMulti(hdr: TxnHeader, txns: readonly SubTxn[], rc: ProcessTxnResult): ProcessTxnResult[] {
    const failed = txns.some((t) => t.type === OpCode.error);
    const results: ProcessTxnResult[] = [];
    let postFailed = false;
    for (const sub of txns) {
      let type = sub.type;
      let body = sub.body;
      if (type === OpCode.error) postFailed = true;
      if (failed && type !== OpCode.error) {
        body = { kind: 'error', err: postFailed ? Code.RUNTIMEINCONSISTENCY : Code.OK };
        type = OpCode.error;
      }
      const subRc = this.processTxn({ ...hdr, type }, body, true);
      results.push(subRc);
      if (subRc.err !== 0 && rc.err === 0) rc.err = subRc.err;
    }
    return results;
  }

  // ---- snapshots ----

  /**
   * DataTree.deserialize: replace the whole tree with a snapshot's nodes (pre-order), rebuilding
   * children in that order, the ephemeral/container/ttl tables, the digest and quotas.
   */
  restoreFrom(acls: Iterable<readonly [number, readonly ACL[]]>, nodes: Iterable<readonly [string, DataNode]>, zxid: number): void {
    this.aclCache.load(acls);
    this.nodes.clear();
    this.ephemerals.clear();
    this.containers.clear();
    this.ttls.clear();
    this.treeDigest = 0;
    for (const [path, node] of nodes) {
      node.children = null;
      this.putNode(path, node);
      this.aclCache.addUsage(node.acl);
      if (path === '/') continue;
      const { parent: parentPath, child } = splitPath(path);
      const parent = this.nodes.get(parentPath);
      if (!parent) throw new Error(`Invalid Datatree, unable to find parent ${parentPath} of path ${path}`);
      parent.addChild(child);
      const kind = ephemeralKind(node.ephemeralOwner, this.extendedTypesEnabled);
      if (kind === 'CONTAINER') this.containers.add(path);
      else if (kind === 'TTL') this.ttls.add(path);
      else if (node.ephemeralOwner !== 0n) {
        let set = this.ephemerals.get(node.ephemeralOwner);
        if (!set) this.ephemerals.set(node.ephemeralOwner, (set = new JavaHashSet()));
        set.add(path);
      }
    }
    if (!this.nodes.has('/')) throw new Error('Invalid Datatree, no root');
    this.nodeDataSize = this.approximateDataSize();
    this.setupQuota();
    this.aclCache.purgeUnused();
    this.lastProcessedZxid = zxid;
  }

  /** Nodes in the order a snapshot serializes them: pre-order from the root, children in Java order. */
  *walk(): Generator<[string, DataNode]> {
    const stack: string[] = ['/'];
    while (stack.length > 0) {
      const path = stack.pop()!;
      const n = this.nodes.get(path);
      if (!n) continue;
      yield [path, n];
      const kids = n.childNames();
      for (let i = kids.length - 1; i >= 0; i--) stack.push(path === '/' ? `/${kids[i]}` : `${path}/${kids[i]}`);
    }
  }
}

const utf8 = new TextEncoder();
const utf8d = new TextDecoder();
export function encodeUtf8(s: string): Uint8Array {
  return utf8.encode(s);
}
export function decodeUtf8(b: Uint8Array | null): string | null {
  return b === null ? null : utf8d.decode(b);
}
