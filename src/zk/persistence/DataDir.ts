// A data directory (ZooKeeper's dataDir/version-2: log.*, snapshot.*, acceptedEpoch, currentEpoch)
// as the storage code sees it, and MemoryDataDir, the in-memory one used by tests and the Node
// simulation. MemoryDataDir models durability: what was created, appended or written without a
// later sync is lost by crash(), and it can inject the faults the simulation shows.

import { LOG_FILE_PREFIX, SNAPSHOT_FILE_PREFIX, getZxidFromName, sortDataDir } from './Util.ts';
import { scanRecords } from './FileTxnLog.ts';

/** Lengths of files at some moment, so a sync can make exactly that much durable. */
export type SyncMark = ReadonlyMap<string, { readonly gen: number; readonly length: number }>;

export interface DataDir {
  /** File names, sorted. */
  list(): string[];
  /** Current content (including what is not durable yet); null when absent. */
  read(name: string): Uint8Array | null;
  /** Create a file, or empty an existing one (new FileOutputStream). Not durable until a sync. */
  create(name: string): void;
  /** Append, creating the file if needed. Not durable until a sync. */
  append(name: string, bytes: Uint8Array): void;
  /**
   * Replace a whole file. durable: written with an fsync (AtomicFileWritingIdiom, an fsynced
   * snapshot); otherwise durable at the next sync.
   */
  write(name: string, bytes: Uint8Array, durable: boolean): void;
  truncate(name: string, length: number): void;
  delete(name: string): void;
  /** Where every file ends now. */
  mark(): SyncMark;
  /** fsync: everything written so far (or up to an earlier mark) becomes durable. */
  sync(mark?: SyncMark): void;
}

interface MemFile {
  data: Uint8Array;
  length: number;
  durableLength: number;
  /** The file itself survives a crash (it was synced at least once since created). */
  durable: boolean;
  /** Bumped when the content is replaced, so an old mark does not sync new content. */
  gen: number;
  /**
   * Bumped when durable bytes change in place or are cut (truncate, tear, corrupt): a durable
   * mirror (the browser's IndexedDB store) cannot see that from gen and durableLength alone.
   */
  edits: number;
}

export interface CrashOptions {
  /**
   * Keep files created since the last sync as empty files instead of dropping them (a file
   * system that committed the directory entry but not the data). An empty log file then stops
   * ZooKeeper 3.8.0 from starting (ZOOKEEPER-2332).
   */
  readonly keepUnsyncedFilesEmpty?: boolean;
}

export interface FileInfo {
  readonly name: string;
  readonly length: number;
  readonly durableLength: number;
  readonly durable: boolean;
}

/** A file as a crash would leave it, with what a durable mirror needs to tell what changed. */
export interface DurableFileInfo {
  readonly name: string;
  readonly gen: number;
  readonly edits: number;
  readonly durableLength: number;
}

export class MemoryDataDir implements DataDir {
  private readonly files = new Map<string, MemFile>();
  private genCounter = 0;

  list(): string[] {
    return [...this.files.keys()].sort();
  }

  read(name: string): Uint8Array | null {
    const f = this.files.get(name);
    return f ? f.data.slice(0, f.length) : null;
  }

  create(name: string): void {
    const old = this.files.get(name);
    this.files.set(name, { data: new Uint8Array(64), length: 0, durableLength: 0, durable: old?.durable ?? false, gen: ++this.genCounter, edits: 0 });
  }

  append(name: string, bytes: Uint8Array): void {
    if (!this.files.has(name)) this.create(name);
    const f = this.files.get(name)!;
    if (f.length + bytes.length > f.data.length) {
      let cap = Math.max(64, f.data.length * 2);
      while (cap < f.length + bytes.length) cap *= 2;
      const nd = new Uint8Array(cap);
      nd.set(f.data.subarray(0, f.length));
      f.data = nd;
    }
    f.data.set(bytes, f.length);
    f.length += bytes.length;
  }

  write(name: string, bytes: Uint8Array, durable: boolean): void {
    const old = this.files.get(name);
    const data = bytes.slice();
    this.files.set(name, {
      data,
      length: data.length,
      durableLength: durable ? data.length : 0,
      durable: durable || (old?.durable ?? false),
      gen: ++this.genCounter,
      edits: 0,
    });
  }

  truncate(name: string, length: number): void {
    const f = this.files.get(name);
    if (!f) return;
    f.length = Math.min(f.length, Math.max(0, length));
    if (f.durableLength > f.length) {
      f.durableLength = f.length;
      f.edits++;
    }
  }

  delete(name: string): void {
    this.files.delete(name);
  }

  mark(): SyncMark {
    const m = new Map<string, { gen: number; length: number }>();
    for (const [name, f] of this.files) m.set(name, { gen: f.gen, length: f.length });
    return m;
  }

  sync(mark?: SyncMark): void {
    for (const [name, f] of this.files) {
      if (mark === undefined) {
        f.durableLength = f.length;
        f.durable = true;
        continue;
      }
      const m = mark.get(name);
      if (!m || m.gen !== f.gen) continue;
      f.durableLength = Math.max(f.durableLength, Math.min(m.length, f.length));
      f.durable = true;
    }
  }

  // ---- faults ----

  /** The machine dies: unsynced bytes are gone, and files never synced with them. */
  crash(opts: CrashOptions = {}): void {
    for (const [name, f] of [...this.files]) {
      if (!f.durable) {
        if (opts.keepUnsyncedFilesEmpty) {
          f.length = 0;
          f.durableLength = 0;
          f.durable = true;
        } else this.files.delete(name);
        continue;
      }
      f.length = f.durableLength;
    }
  }

  private newestLogs(): string[] {
    return sortDataDir(
      this.list().filter((n) => getZxidFromName(n, LOG_FILE_PREFIX) >= 0),
      LOG_FILE_PREFIX,
      false,
    );
  }

  /**
   * Tear the last durable record of the newest log that has one: cut it in half (or, with zeroFill,
   * zero its second half and what follows, as a preallocated file would read). The unsynced tail of
   * that file is dropped. Returns the zxid of the torn record, null if there was none.
   */
  tearLastRecord(opts: { readonly zeroFill?: boolean } = {}): number | null {
    for (const name of this.newestLogs()) {
      const f = this.files.get(name)!;
      const recs = scanRecords(f.data.subarray(0, f.durableLength));
      const last = recs[recs.length - 1];
      if (!last) continue;
      const cut = last.offset + Math.floor((last.end - last.offset) / 2);
      f.edits++;
      if (opts.zeroFill) {
        f.data.fill(0, cut, f.durableLength);
        f.length = f.durableLength;
      } else {
        f.length = cut;
        f.durableLength = cut;
      }
      return last.zxid;
    }
    return null;
  }

  /** Flip a byte in the middle of the txn bytes of the record with this zxid. */
  corruptRecord(zxid: number): boolean {
    for (const name of this.newestLogs()) {
      const f = this.files.get(name)!;
      const rec = scanRecords(f.data.subarray(0, f.length)).find((r) => r.zxid === zxid);
      if (!rec) continue;
      const i = rec.payloadOffset + Math.floor(rec.payloadLength / 2);
      f.data[i] = f.data[i]! ^ 0xff;
      f.edits++;
      return true;
    }
    return false;
  }

  /** Delete the newest snapshot file; returns its name. */
  loseNewestSnapshot(): string | null {
    const snaps = sortDataDir(
      this.list().filter((n) => getZxidFromName(n, SNAPSHOT_FILE_PREFIX) >= 0),
      SNAPSHOT_FILE_PREFIX,
      false,
    );
    const newest = snaps[0];
    if (newest === undefined) return null;
    this.files.delete(newest);
    return newest;
  }

  wipe(): void {
    this.files.clear();
  }

  // ---- inspection ----

  info(): FileInfo[] {
    return this.list().map((name) => {
      const f = this.files.get(name)!;
      return { name, length: f.length, durableLength: f.durableLength, durable: f.durable };
    });
  }

  /** What sync(mark) would make durable of f, for each pending mark, on top of what is. */
  private durableAfter(name: string, f: MemFile, pending: readonly SyncMark[]): { durable: boolean; durableLength: number } {
    let { durable, durableLength } = f;
    for (const m of pending) {
      const e = m.get(name);
      if (!e || e.gen !== f.gen) continue;
      durableLength = Math.max(durableLength, Math.min(e.length, f.length));
      durable = true;
    }
    return { durable, durableLength };
  }

  /**
   * The files crash() (without options) would leave, sorted by name; with pending marks, as if
   * those fsyncs had completed too (a store written ahead of the fsync's completion).
   */
  durableFiles(pending: readonly SyncMark[] = []): DurableFileInfo[] {
    return this.list().flatMap((name) => {
      const f = this.files.get(name)!;
      const d = this.durableAfter(name, f, pending);
      return d.durable ? [{ name, gen: f.gen, edits: f.edits, durableLength: d.durableLength }] : [];
    });
  }

  /** A copy of a file's durable bytes from an offset; null when a crash would leave no such file. */
  readDurable(name: string, from = 0, pending: readonly SyncMark[] = []): Uint8Array | null {
    const f = this.files.get(name);
    if (!f) return null;
    const d = this.durableAfter(name, f, pending);
    return d.durable ? f.data.slice(Math.min(from, d.durableLength), d.durableLength) : null;
  }

  clone(): MemoryDataDir {
    const c = new MemoryDataDir();
    c.genCounter = this.genCounter;
    for (const [name, f] of this.files) c.files.set(name, { ...f, data: f.data.slice() });
    return c;
  }

  /** Load files as durable (e.g. fixtures copied from a real ZooKeeper). */
  static from(files: Iterable<readonly [string, Uint8Array]>): MemoryDataDir {
    const d = new MemoryDataDir();
    for (const [name, bytes] of files) d.write(name, bytes, true);
    return d;
  }
}
