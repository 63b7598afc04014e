// org.apache.zookeeper.server.watch.WatchManager: the server's watch table for one kind
// (DataTree keeps one for data watches and one for child watches).
//
// A watcher is a client connection (ServerCnxn), identified here by its connection id. A
// connection holds at most one watch per path per manager; registering a standard watch where a
// persistent one exists turns it back into a standard (one-shot) watch, as 3.8.0 does.

export const WatcherMode = { STANDARD: 0, PERSISTENT: 1, PERSISTENT_RECURSIVE: 2 } as const;
export type WatcherModeValue = (typeof WatcherMode)[keyof typeof WatcherMode];

export type WatcherId = number;

export interface WatchesSummary {
  numConnections: number;
  numPaths: number;
  totalWatches: number;
}

function modeKey(w: WatcherId, path: string): string {
  return `${w}\u0000${path}`;
}

/** The path, then each ancestor up to "/" (PathParentIterator.forAll). */
export function* pathAndParents(path: string): Generator<string> {
  let p = path;
  for (;;) {
    yield p;
    if (p === '/' || p === '') return;
    const i = p.lastIndexOf('/');
    p = i <= 0 ? '/' : p.slice(0, i);
  }
}

export class WatchManager {
  private readonly watchTable = new Map<string, Set<WatcherId>>();
  private readonly watch2Paths = new Map<WatcherId, Set<string>>();
  private readonly modes = new Map<string, WatcherModeValue>();
  private recursiveQty = 0;

  /** Total (path, watcher) pairs, as size() counts them. */
  size(): number {
    let n = 0;
    for (const s of this.watchTable.values()) n += s.size;
    return n;
  }

  addWatch(path: string, w: WatcherId, mode: WatcherModeValue = WatcherMode.STANDARD): boolean {
    let list = this.watchTable.get(path);
    if (!list) this.watchTable.set(path, (list = new Set()));
    list.add(w);
    let paths = this.watch2Paths.get(w);
    if (!paths) this.watch2Paths.set(w, (paths = new Set()));
    this.setMode(w, path, mode);
    if (paths.has(path)) return false;
    paths.add(path);
    return true;
  }

  private setMode(w: WatcherId, path: string, mode: WatcherModeValue): void {
    const key = modeKey(w, path);
    const old = this.modes.get(key) ?? WatcherMode.STANDARD;
    if (mode === WatcherMode.STANDARD) this.modes.delete(key);
    else this.modes.set(key, mode);
    const wasRec = old === WatcherMode.PERSISTENT_RECURSIVE;
    const isRec = mode === WatcherMode.PERSISTENT_RECURSIVE;
    if (wasRec !== isRec) this.recursiveQty += isRec ? 1 : -1;
  }

  getMode(w: WatcherId, path: string): WatcherModeValue {
    return this.modes.get(modeKey(w, path)) ?? WatcherMode.STANDARD;
  }

  /** The connection went away: drop all its watches. */
  removeWatcher(w: WatcherId): void {
    const paths = this.watch2Paths.get(w);
    if (!paths) return;
    this.watch2Paths.delete(w);
    for (const p of paths) {
      const list = this.watchTable.get(p);
      if (list) {
        list.delete(w);
        if (list.size === 0) this.watchTable.delete(p);
      }
      this.setMode(w, p, WatcherMode.STANDARD);
    }
  }

  /**
   * Fire the watches an event on path triggers. Returns the watchers to notify, in a stable
   * order, minus those in suppress (who were already told by the other manager).
   */
  triggerWatch(path: string, isChildrenChanged: boolean, suppress?: ReadonlySet<WatcherId>): Set<WatcherId> {
    const watchers = new Set<WatcherId>();
    const all = this.recursiveQty > 0;
    for (const localPath of all ? pathAndParents(path) : [path]) {
      const atParent = localPath !== path;
      const these = this.watchTable.get(localPath);
      if (!these || these.size === 0) continue;
      for (const w of [...these]) {
        const mode = this.getMode(w, localPath);
        if (mode === WatcherMode.PERSISTENT_RECURSIVE) {
          if (!isChildrenChanged) watchers.add(w);
        } else if (!atParent) {
          watchers.add(w);
          if (mode !== WatcherMode.PERSISTENT) {
            these.delete(w);
            this.watch2Paths.get(w)?.delete(localPath);
          }
        }
      }
      if (these.size === 0) this.watchTable.delete(localPath);
    }
    if (suppress) for (const w of suppress) watchers.delete(w);
    return watchers;
  }

  containsWatcher(path: string, w: WatcherId): boolean {
    const mode = this.getMode(w, path);
    for (const localPath of this.recursiveQty > 0 ? pathAndParents(path) : [path]) {
      const watchers = this.watchTable.get(localPath);
      if (localPath === path && watchers !== undefined) return true;
      if (mode === WatcherMode.PERSISTENT_RECURSIVE) return true;
    }
    return false;
  }

  removeWatch(path: string, w: WatcherId): boolean {
    const paths = this.watch2Paths.get(w);
    if (!paths || !paths.delete(path)) return false;
    const list = this.watchTable.get(path);
    if (!list || !list.delete(w)) return false;
    if (list.size === 0) this.watchTable.delete(path);
    this.setMode(w, path, WatcherMode.STANDARD);
    return true;
  }

  summary(): WatchesSummary {
    let total = 0;
    for (const p of this.watch2Paths.values()) total += p.size;
    return { numConnections: this.watch2Paths.size, numPaths: this.watchTable.size, totalWatches: total };
  }

  /** watcher -> paths (wchc). */
  byWatcher(): Map<WatcherId, string[]> {
    const m = new Map<WatcherId, string[]>();
    for (const [w, paths] of this.watch2Paths) m.set(w, [...paths]);
    return m;
  }

  /** path -> watchers (wchp). */
  byPath(): Map<string, WatcherId[]> {
    const m = new Map<string, WatcherId[]>();
    for (const [p, ws] of this.watchTable) m.set(p, [...ws]);
    return m;
  }

  /** Every registration with its mode, for views. */
  registrations(): { path: string; watcher: WatcherId; mode: WatcherModeValue }[] {
    const out: { path: string; watcher: WatcherId; mode: WatcherModeValue }[] = [];
    for (const [path, ws] of this.watchTable) for (const w of ws) out.push({ path, watcher: w, mode: this.getMode(w, path) });
    return out;
  }
}
