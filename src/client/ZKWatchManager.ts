// org.apache.zookeeper.ZKWatchManager: the client's own record of its watches, and which
// watchers an incoming event is delivered to (materialize).

import { Code, KeeperException } from '../zk/KeeperException.ts';
import { pathAndParents } from '../zk/WatchManager.ts';
import { EventType, KeeperState, WatcherType } from '../zk/ZooDefs.ts';
import type { Watcher } from './api.ts';

type WatchMap = Map<string, Set<Watcher>>;

function addTo(from: Set<Watcher> | undefined, to: Set<Watcher>): void {
  if (from) for (const w of from) to.add(w);
}

export class ZKWatchManager {
  readonly dataWatches: WatchMap = new Map();
  readonly existWatches: WatchMap = new Map();
  readonly childWatches: WatchMap = new Map();
  readonly persistentWatches: WatchMap = new Map();
  readonly persistentRecursiveWatches: WatchMap = new Map();

  constructor(
    public defaultWatcher: Watcher | null,
    private readonly disableAutoWatchReset = false,
  ) {}

  static register(map: WatchMap, path: string, w: Watcher): void {
    let set = map.get(path);
    if (!set) map.set(path, (set = new Set()));
    set.add(w);
  }

  /** Which watchers an event goes to; one-shot registrations are consumed. */
  materialize(state: number, type: number, clientPath: string | null): Set<Watcher> {
    const result = new Set<Watcher>();
    switch (type) {
      case EventType.None: {
        if (this.defaultWatcher) result.add(this.defaultWatcher);
        const clear = this.disableAutoWatchReset && state !== KeeperState.SyncConnected;
        for (const m of [this.dataWatches, this.existWatches, this.childWatches]) {
          for (const ws of m.values()) addTo(ws, result);
          if (clear) m.clear();
        }
        for (const m of [this.persistentWatches, this.persistentRecursiveWatches]) for (const ws of m.values()) addTo(ws, result);
        return result;
      }
      case EventType.NodeDataChanged:
      case EventType.NodeCreated:
        addTo(take(this.dataWatches, clientPath), result);
        addTo(take(this.existWatches, clientPath), result);
        this.addPersistentWatches(clientPath, result);
        return result;
      case EventType.NodeChildrenChanged:
        addTo(take(this.childWatches, clientPath), result);
        this.addPersistentWatches(clientPath, result);
        return result;
      case EventType.NodeDeleted:
        addTo(take(this.dataWatches, clientPath), result);
        // "We are triggering an exists watch for delete! Shouldn't happen!"
        addTo(take(this.existWatches, clientPath), result);
        addTo(take(this.childWatches, clientPath), result);
        this.addPersistentWatches(clientPath, result);
        return result;
      default:
        return result;
    }
  }

  private addPersistentWatches(clientPath: string | null, result: Set<Watcher>): void {
    if (clientPath === null) return;
    addTo(this.persistentWatches.get(clientPath), result);
    for (const p of pathAndParents(clientPath)) addTo(this.persistentRecursiveWatches.get(p), result);
  }

  /** containsWatcher: throws NOWATCHER (with the path) when nothing of that type is registered. */
  containsWatcher(path: string, watcher: Watcher | null, type: number): void {
    const has = (m: WatchMap): boolean => {
      const ws = m.get(path);
      if (!ws) return false;
      return watcher === null ? ws.size > 0 : ws.has(watcher);
    };
    let found = false;
    if (type === WatcherType.Children) found = has(this.childWatches) || has(this.persistentWatches) || has(this.persistentRecursiveWatches);
    else if (type === WatcherType.Data) found = has(this.dataWatches) || has(this.existWatches) || has(this.persistentWatches) || has(this.persistentRecursiveWatches);
    else found = has(this.childWatches) || has(this.dataWatches) || has(this.existWatches) || has(this.persistentWatches) || has(this.persistentRecursiveWatches);
    if (!found) throw new KeeperException(Code.NOWATCHER, path);
  }

  /**
   * removeWatcher after the server answered rc (or locally): returns the removed watchers by the
   * event type they are told with (ChildWatchRemoved, DataWatchRemoved, PersistentWatchRemoved).
   */
  removeWatcher(path: string, watcher: Watcher | null, type: number, local: boolean, rc: number): Map<number, Set<Watcher>> {
    this.containsWatcher(path, watcher, type);
    // Java keeps these in a HashMap keyed by the EventType enum (identity hashes); zkCli 3.8.0 on
    // OpenJDK 17 reports data removals before child and persistent ones, so we do the same.
    const removed = new Map<number, Set<Watcher>>([
      [EventType.DataWatchRemoved, new Set()],
      [EventType.ChildWatchRemoved, new Set()],
      [EventType.PersistentWatchRemoved, new Set()],
    ]);
    const child = removed.get(EventType.ChildWatchRemoved)!;
    const data = removed.get(EventType.DataWatchRemoved)!;
    const persistent = removed.get(EventType.PersistentWatchRemoved)!;
    let any = false;
    const rm = (m: WatchMap, into: Set<Watcher>): boolean => {
      if (!local && rc !== Code.OK) throw new KeeperException(rc, path);
      if (!(rc === Code.OK || (local && rc !== Code.OK))) return false;
      if (watcher === null) {
        const ws = m.get(path);
        m.delete(path);
        if (ws) {
          addTo(ws, into);
          return true;
        }
        return false;
      }
      const ws = m.get(path);
      if (ws && ws.delete(watcher)) {
        into.add(watcher);
        if (ws.size === 0) m.delete(path);
        return true;
      }
      return false;
    };
    if (type === WatcherType.Children) {
      any = rm(this.childWatches, child);
    } else if (type === WatcherType.Data) {
      any = rm(this.dataWatches, data);
      any = rm(this.existWatches, data) || any;
    } else {
      any = rm(this.childWatches, child);
      any = rm(this.dataWatches, data) || any;
      any = rm(this.existWatches, data) || any;
      any = rm(this.persistentWatches, persistent) || any;
      any = rm(this.persistentRecursiveWatches, persistent) || any;
    }
    if (!any) throw new KeeperException(Code.NOWATCHER, path);
    return removed;
  }

  lists(): { data: string[]; exist: string[]; child: string[]; persistent: string[]; persistentRecursive: string[] } {
    return {
      data: [...this.dataWatches.keys()],
      exist: [...this.existWatches.keys()],
      child: [...this.childWatches.keys()],
      persistent: [...this.persistentWatches.keys()],
      persistentRecursive: [...this.persistentRecursiveWatches.keys()],
    };
  }
}

function take(m: WatchMap, path: string | null): Set<Watcher> | undefined {
  if (path === null) return undefined;
  const s = m.get(path);
  m.delete(path);
  return s;
}
