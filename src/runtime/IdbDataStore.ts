// A server's durable data directory in IndexedDB: the mirror of what a MemoryDataDir would keep
// through a crash, so that a killed Worker or a reloaded page restarts the server from exactly what
// ZooKeeper would find on its disk. Layout and file <-> entries: idbSchema.ts.
//
// The world persists after every fsync, so persist() writes only what changed since the last
// persist/load of the same MemoryDataDir: new records of a log, changed or new files, deletions.
// It tells what changed from each file's gen (replaced), edits (cut or changed in place) and durable
// length (grown). A different MemoryDataDir is written whole. Operations run one at a time.

import { type IDBPDatabase, type IDBPTransaction, wrap } from 'idb';
import { MemoryDataDir, type SyncMark } from '../zk/persistence/DataDir.ts';

const NONE = (): readonly SyncMark[] => [];
import { FILE_HEADER_SIZE } from '../zk/persistence/FileTxnLog.ts';
import { LOG_FILE_PREFIX, SNAPSHOT_FILE_PREFIX, getZxidFromName } from '../zk/persistence/Util.ts';
import {
  type DataDirSchema,
  type EpochEntry,
  type FileEntry,
  type RecordEntry,
  SCHEMA_VERSION,
  STORES,
  type SnapshotEntry,
  RUN_RECORDS,
  checkLength,
  corruptStore,
  createSchema,
  epochValue,
  fileRecords,
  foldRun,
  joinLog,
  kindOf,
  logEntries,
  splitLog,
} from './idbSchema.ts';
import { IdbStoreError, openError, txError } from './IdbStoreError.ts';

export { IdbStoreError, type IdbStoreErrorCode } from './IdbStoreError.ts';

type Stores = (typeof STORES)[number];
type Tx<M extends IDBTransactionMode> = IDBPTransaction<DataDirSchema, Stores[], M>;
/** Issues a transaction's requests, pushing each request's promise (so none is left unhandled). */
type Body<M extends IDBTransactionMode> = (tx: Tx<M>, reqs: Promise<unknown>[]) => void;

/** What the store holds of a file, and which in-memory file state that was. */
interface Known {
  readonly entry: FileEntry;
  readonly gen: number;
  readonly edits: number;
}

/** What the last persist wrote (for views, and for tests to see that appends stay incremental). */
export interface PersistSummary {
  /** The whole store was rewritten (first persist of this MemoryDataDir). */
  readonly whole: boolean;
  readonly recordsPut: number;
  readonly filesPut: number;
  readonly filesDeleted: number;
  readonly bytesPut: number;
}

interface Plan {
  whole: boolean;
  runRecords: number;
  files: FileEntry[];
  records: RecordEntry[];
  snapshots: SnapshotEntry[];
  epochs: EpochEntry[];
  /** Files whose entries (and records, snapshot, epoch) go first. */
  drop: FileEntry[];
  /** Record entries of a log from an offset on, replaced by a run (deleted before the puts). */
  folds: { file: string; from: number }[];
  bytes: number;
}

interface WaitingPersist {
  readonly dir: MemoryDataDir;
  readonly pending: () => readonly SyncMark[];
  done: Promise<void>;
}

export class IdbDataStore {
  private readonly db: IDBPDatabase<DataDirSchema>;
  /** Set once the connection is closed (by us, by another tab's upgrade/delete, by the browser). */
  private gone: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** The MemoryDataDir last persisted or loaded, and what the store holds of each of its files. */
  private mirrored: MemoryDataDir | null = null;
  private known = new Map<string, Known>();
  lastPersist: PersistSummary | null = null;
  /** The last persist queued, until it starts. */
  private waiting: WaitingPersist | null = null;

  private constructor(
    readonly name: string,
    /** The connection itself, for writes (see write()); reads go through idb's wrapper. */
    private readonly raw: IDBDatabase,
    /** Single-record entries gathered before they are folded into a run (tests make it small). */
    private readonly runRecords: number,
  ) {
    this.db = wrap(raw) as unknown as IDBPDatabase<DataDirSchema>;
    // Let a delete ("new ensemble") or an upgrade in another tab go ahead instead of blocking it.
    raw.addEventListener('versionchange', () => {
      raw.close();
      this.gone = 'another tab or worker deleted or upgraded it';
    });
    raw.addEventListener('close', () => {
      this.gone ??= 'the browser closed it (site data cleared?)';
    });
  }

  /** One database per server per ensemble. */
  static dbName(ensemble: string, serverId: number): string {
    return `zooscope:${ensemble}:server-${serverId}`;
  }

  /** Opens (creating on first use) the database; factory defaults to globalThis.indexedDB. */
  static async open(name: string, factory: IDBFactory | undefined = defaultFactory(), opts: { readonly runRecords?: number } = {}): Promise<IdbDataStore> {
    if (factory === undefined) throw new IdbStoreError('unavailable', `IndexedDB is not available here, so ${name} cannot be kept across a reload`);
    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      let req: IDBOpenDBRequest;
      try {
        req = factory.open(name, SCHEMA_VERSION);
      } catch (e) {
        reject(openError(e, name));
        return;
      }
      let settled = false;
      req.addEventListener('upgradeneeded', (ev) => createSchema(req.result, ev.oldVersion));
      req.addEventListener('blocked', () => {
        if (settled) return;
        settled = true;
        reject(new IdbStoreError('blocked', `Opening ${name} is blocked: another tab or worker holds an older version of it open. Close other ZooScope tabs and reload.`));
      });
      req.addEventListener('success', () => {
        // Opened after we gave up on it (blocked): do not keep a connection nobody uses.
        if (settled) return req.result.close();
        settled = true;
        resolve(req.result);
      });
      req.addEventListener('error', () => {
        if (settled) return;
        settled = true;
        reject(openError(req.error, name));
      });
    });
    return new IdbDataStore(name, raw, opts.runRecords ?? RUN_RECORDS);
  }

  /** Deletes the whole database (a new ensemble). Our own open connections step aside for it. */
  static async destroy(name: string, factory: IDBFactory | undefined = defaultFactory()): Promise<void> {
    if (factory === undefined) throw new IdbStoreError('unavailable', `IndexedDB is not available here, so ${name} cannot be deleted`);
    await new Promise<void>((resolve, reject) => {
      let req: IDBOpenDBRequest;
      try {
        req = factory.deleteDatabase(name);
      } catch (e) {
        reject(openError(e, name));
        return;
      }
      req.addEventListener('success', () => resolve());
      req.addEventListener('error', () => reject(openError(req.error, name)));
      req.addEventListener('blocked', () =>
        reject(new IdbStoreError('blocked', `Deleting ${name} waits for another tab or worker to close it; it goes once they do. Close other ZooScope tabs.`)),
      );
    });
  }

  close(): void {
    this.gone ??= 'it was closed';
    this.db.close();
  }

  /**
   * Everything durable, as a MemoryDataDir in which every file is fully durable. That dir becomes
   * the mirrored one: persisting it later writes only what changes in it.
   */
  load(): Promise<MemoryDataDir> {
    return this.serial(() => this.loadNow());
  }

  /**
   * Makes the database hold exactly dir's durable bytes, as dir is when this runs (after the
   * operations queued before it). Resolves once the transaction has completed; rejects with an
   * IdbStoreError otherwise, and then nothing of it counts as stored (the next persist redoes it).
   */
  persist(dir: MemoryDataDir, pending: () => readonly SyncMark[] = NONE): Promise<void> {
    // A persist still waiting for its turn writes what dir holds when it starts: a later one of the
    // same dir joins it rather than queueing a transaction of its own (fsyncs in quick succession
    // share one IndexedDB transaction, as ZooKeeper's group commit shares one fsync).
    const w = this.waiting;
    if (w !== null && w.dir === dir && w.pending === pending) return w.done;
    const entry: WaitingPersist = { dir, pending, done: Promise.resolve() };
    entry.done = this.serial(() => {
      if (this.waiting === entry) this.waiting = null;
      return this.persistNow(dir, pending());
    });
    this.waiting = entry;
    return entry.done;
  }

  // Faults on the stored bytes (a server that is down): load, the MemoryDataDir fault, persist, so
  // return values and bytes are the in-memory disk's. A running server's dir has its own faults,
  // and persisting that dir next writes it whole (it is a different dir from the one faulted here).
  tearLastRecord(opts: { readonly zeroFill?: boolean } = {}): Promise<number | null> {
    return this.fault((dir) => dir.tearLastRecord(opts));
  }

  corruptRecord(zxid: number): Promise<boolean> {
    return this.fault((dir) => dir.corruptRecord(zxid));
  }

  loseNewestSnapshot(): Promise<string | null> {
    return this.fault((dir) => dir.loseNewestSnapshot());
  }

  /** Deletes every file (a wiped data directory); the database stays. */
  wipe(): Promise<void> {
    return this.serial(async () => {
      await this.write('wiping the data directory', (tx) => {
        for (const s of STORES) tx.objectStore(s).clear();
      });
      this.known = new Map();
      this.mirrored = null;
    });
  }

  /** Counts of stored log records and snapshots, and the bytes of all files as listed. */
  stats(): Promise<{ logRecords: number; snapshots: number; bytes: number }> {
    return this.serial(async () => {
      const [snapshots, files] = await this.read<[number, FileEntry[]]>('reading store statistics', (tx, reqs) => {
        reqs.push(tx.objectStore('snapshots').count(), tx.objectStore('files').getAll());
      });
      return { logRecords: files.reduce((n, f) => n + (f.records ?? 0), 0), snapshots, bytes: files.reduce((n, f) => n + f.length, 0) };
    });
  }

  // ---- inside the queue ----

  private serial<T>(op: () => Promise<T>): Promise<T> {
    // Nothing queued after another operation may join a persist queued before it.
    this.waiting = null;
    const run = this.queue.then(op);
    this.queue = run.catch(() => undefined); // the error goes to run's caller; the next op still runs
    return run;
  }

  private fault<T>(f: (dir: MemoryDataDir) => T): Promise<T> {
    return this.serial(async () => {
      const dir = await this.loadNow();
      const result = f(dir);
      await this.persistNow(dir);
      return result;
    });
  }

  private async loadNow(): Promise<MemoryDataDir> {
    const [files, records, snapshots, epochs] = await this.read<[FileEntry[], RecordEntry[], SnapshotEntry[], EpochEntry[]]>('loading the data directory', (tx, reqs) => {
      reqs.push(
        tx.objectStore('files').getAll(),
        tx.objectStore('txnlog').getAll(), // in key order: by file, then offset
        tx.objectStore('snapshots').getAll(),
        tx.objectStore('epochs').getAll(),
      );
    });
    const byFile = new Map<string, RecordEntry[]>();
    for (const r of records) {
      const list = byFile.get(r.file);
      if (list) list.push(r);
      else byFile.set(r.file, [r]);
    }
    const snaps = new Map(snapshots.map((s) => [s.name, s.bytes]));
    const eps = new Map(epochs.map((e) => [e.name, e.bytes]));
    const listed = new Map(files.map((f) => [f.name, f]));
    for (const orphan of [...byFile.keys(), ...snaps.keys(), ...eps.keys()]) {
      if (!listed.has(orphan)) throw corruptStore(`${orphan} has stored content but is not listed`);
    }
    const dir = MemoryDataDir.from(
      files.map((f): [string, Uint8Array] => {
        switch (f.kind) {
          case 'log': return [f.name, joinLog(f, byFile.get(f.name) ?? [])];
          case 'snapshot': return [f.name, checkLength(f, snaps.get(f.name))];
          case 'epoch': return [f.name, checkLength(f, eps.get(f.name))];
          case 'other': return [f.name, checkLength(f, f.bytes)];
        }
      }),
    );
    this.known = new Map(dir.durableFiles().map((f) => [f.name, { entry: listed.get(f.name)!, gen: f.gen, edits: f.edits }]));
    this.mirrored = dir;
    return dir;
  }

  /** pending: fsyncs in progress whose bytes are to be stored as if complete (see HostedServer). */
  private async persistNow(dir: MemoryDataDir, pending: readonly SyncMark[] = []): Promise<void> {
    const whole = this.mirrored !== dir;
    const known = whole ? new Map<string, Known>() : new Map(this.known);
    const plan: Plan = { whole, runRecords: this.runRecords, files: [], records: [], snapshots: [], epochs: [], drop: [], folds: [], bytes: 0 };
    const present = new Set<string>();
    const files = dir.durableFiles(pending);
    // Only the newest log is appended to; the records of older (rolled) logs all go into runs.
    const newestLog = newestLogName(files.map((f) => f.name));
    for (const f of files) {
      present.add(f.name);
      const k = known.get(f.name);
      const sameFile = k !== undefined && k.gen === f.gen && k.edits === f.edits;
      const closed = kindOf(f.name) === 'log' && f.name !== newestLog;
      const read = (from: number) => dir.readDurable(f.name, from, pending)!;
      if (sameFile && k.entry.length === f.durableLength && !(closed && (k.entry.loose ?? 0) > 0)) continue;
      let entry: FileEntry;
      if (sameFile && k.entry.kind === 'log' && f.durableLength >= k.entry.length && k.entry.head?.length === FILE_HEADER_SIZE) {
        entry = appendRecords(plan, k.entry, f.gen, read, closed);
      } else {
        if (k !== undefined) plan.drop.push(k.entry);
        entry = wholeFile(plan, f.name, f.gen, read(0), closed);
      }
      plan.files.push(entry);
      known.set(f.name, { entry, gen: f.gen, edits: f.edits });
    }
    for (const [name, k] of known) {
      if (present.has(name)) continue;
      plan.drop.push(k.entry);
      known.delete(name);
    }
    const dropped = plan.drop.filter((e) => !present.has(e.name)).length;
    if (whole || plan.files.length > 0 || plan.drop.length > 0) {
      await this.write('persisting the data directory', (tx) => issue(tx, plan), storesOf(plan));
    }
    this.known = known;
    this.mirrored = dir;
    this.lastPersist = { whole, recordsPut: plan.records.length, filesPut: plan.files.length, filesDeleted: dropped, bytesPut: plan.bytes };
  }

  private connection(doing: string): IDBPDatabase<DataDirSchema> {
    if (this.gone !== null) throw new IdbStoreError('unavailable', `IndexedDB database ${this.name} is not open (${this.gone}): ${doing} failed`);
    return this.db;
  }

  /** T: the results of the requests body issues, in order. */
  private async read<T extends unknown[]>(doing: string, body: Body<'readonly'>): Promise<T> {
    return (await this.transact('readonly', doing, body)) as T;
  }

  /**
   * Runs body's requests in one readwrite transaction over `stores` and resolves once it has
   * completed; any failure rejects with an IdbStoreError and nothing is stored. The requests are
   * issued bare: only the transaction's outcome matters, and a promise and two listeners per request
   * (idb's way) cost more CPU than the writes of an fsync themselves.
   */
  private async write(doing: string, body: (tx: IDBTransaction) => void, stores: readonly Stores[] = STORES): Promise<void> {
    let tx: IDBTransaction;
    try {
      this.connection(doing);
      tx = this.raw.transaction([...stores], 'readwrite');
    } catch (e) {
      throw txError(e, doing);
    }
    // A failed request aborts the transaction with its error (tx.error).
    const outcome = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted', 'AbortError'));
    });
    try {
      body(tx);
    } catch (e) {
      // A request that could not even be issued: abort those issued, report e.
      outcome.catch(() => undefined);
      try {
        tx.abort();
      } catch {
        // already finished: nothing was issued
      }
      throw txError(e, doing);
    }
    try {
      await outcome;
    } catch (e) {
      throw txError(e, doing);
    }
  }

  /**
   * Runs body's requests in one transaction over every store, and resolves with their results once
   * the transaction has completed; any failure rejects with an IdbStoreError.
   */
  private async transact<M extends IDBTransactionMode>(mode: M, doing: string, body: Body<M>): Promise<unknown[]> {
    let tx: Tx<M>;
    try {
      tx = this.connection(doing).transaction([...STORES], mode) as Tx<M>;
    } catch (e) {
      throw txError(e, doing);
    }
    const reqs: Promise<unknown>[] = [];
    try {
      body(tx, reqs);
    } catch (e) {
      // A request that could not even be issued: abort those issued. The abort's own rejections
      // (AbortError on each) are of no interest beside e, which is what we report.
      for (const r of reqs) r.catch(() => undefined);
      tx.done.catch(() => undefined);
      try {
        tx.abort();
      } catch {
        // already finished: nothing was issued
      }
      throw txError(e, doing);
    }
    const settled = Promise.allSettled(reqs);
    try {
      await tx.done;
    } catch (e) {
      await settled;
      throw txError(e, doing);
    }
    const results = await settled;
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw txError(failed.reason, doing);
    return results.map((r) => (r as PromiseFulfilledResult<unknown>).value);
  }
}

function defaultFactory(): IDBFactory | undefined {
  return (globalThis as { indexedDB?: IDBFactory }).indexedDB;
}

/**
 * The records appended to a log since `prev` was stored, each an entry of its own; or, once
 * plan.runRecords records stand one per entry, all of those folded into one run. read(from): the
 * file's durable bytes from offset `from`.
 */
function appendRecords(plan: Plan, prev: FileEntry, gen: number, read: (from: number) => Uint8Array, closed: boolean): FileEntry {
  const fresh = read(prev.recordsEnd!);
  const { records, recordsEnd, tail } = splitLog(prev.name, prev.head!, prev.recordsEnd!, fresh);
  const length = prev.recordsEnd! + fresh.length;
  const total = prev.records! + records.length;
  // Stores written before runs have no looseFrom: all their records stand alone.
  const looseFrom = prev.looseFrom ?? prev.head!.length;
  const loose = (prev.loose ?? prev.records!) + records.length;
  if (loose === 0 || (loose < plan.runRecords && !closed)) {
    plan.records.push(...records);
    plan.bytes += fresh.length;
    return { ...prev, gen, length, recordsEnd, records: total, looseFrom, loose, tail };
  }
  const run = foldRun(splitLog(prev.name, prev.head!, looseFrom, read(looseFrom)).records);
  plan.folds.push({ file: prev.name, from: looseFrom });
  plan.records.push(run);
  plan.bytes += run.bytes.length + tail.length;
  return { ...prev, gen, length, recordsEnd, records: total, looseFrom: recordsEnd, loose: 0, tail };
}

/** The newest log file among names (the one a server appends to), if any. */
function newestLogName(names: readonly string[]): string | null {
  let newest: string | null = null;
  for (const n of names) if (kindOf(n) === 'log' && (newest === null || getZxidFromName(n, LOG_FILE_PREFIX) > getZxidFromName(newest, LOG_FILE_PREFIX))) newest = n;
  return newest;
}

function wholeFile(plan: Plan, name: string, gen: number, bytes: Uint8Array, closed: boolean): FileEntry {
  plan.bytes += bytes.length;
  const kind = kindOf(name);
  const base = { name, kind, length: bytes.length, gen };
  switch (kind) {
    case 'log': {
      const { entry, records } = logEntries(name, gen, bytes, plan.runRecords, closed);
      plan.records.push(...records);
      return entry;
    }
    case 'snapshot':
      plan.snapshots.push({ name, zxid: getZxidFromName(name, SNAPSHOT_FILE_PREFIX), bytes });
      return base;
    case 'epoch':
      plan.epochs.push({ name, value: epochValue(bytes), bytes });
      return base;
    case 'other':
      return { ...base, bytes };
  }
}

/**
 * The stores a plan writes: an fsync's transaction covers the log and the listing only (a
 * transaction over fewer stores costs IndexedDB less, and fsyncs are most of what it does).
 */
function storesOf(plan: Plan): Stores[] {
  if (plan.whole) return [...STORES];
  const kinds = new Set(plan.drop.map((e) => e.kind));
  const stores: Stores[] = ['files'];
  if (plan.records.length > 0 || plan.folds.length > 0 || kinds.has('log')) stores.push('txnlog');
  if (plan.snapshots.length > 0 || kinds.has('snapshot')) stores.push('snapshots');
  if (plan.epochs.length > 0 || kinds.has('epoch')) stores.push('epochs');
  return stores;
}

/** The plan's requests: clear or drop first, then put (requests of a transaction run in order). */
function issue(tx: IDBTransaction, plan: Plan): void {
  const store = (name: Stores): IDBObjectStore => tx.objectStore(name);
  if (plan.whole) for (const s of STORES) store(s).clear();
  for (const e of plan.whole ? [] : plan.drop) {
    store('files').delete(e.name);
    if (e.kind === 'log') store('txnlog').delete(fileRecords(e.name));
    if (e.kind === 'snapshot') store('snapshots').delete(e.name);
    if (e.kind === 'epoch') store('epochs').delete(e.name);
  }
  for (const f of plan.folds) store('txnlog').delete(fileRecords(f.file, f.from));
  for (const r of plan.records) store('txnlog').put(r);
  for (const s of plan.snapshots) store('snapshots').put(s);
  for (const e of plan.epochs) store('epochs').put(e);
  for (const f of plan.files) store('files').put(f);
}
