// One server process as a host runs it outside the world's realm: the core, the working copy of
// its data directory (unsynced writes live only here, and die with the process), and a durable
// store that holds what survived every fsync. In the browser this object lives in the server's
// Web Worker and the store is IndexedDB; Node tests run it in-process over fake-indexeddb.

import type { Effect, ServerInput } from '../zk/effects.ts';
import type { ServerNode } from '../zk/StandaloneServer.ts';
import type { MemoryDataDir, SyncMark } from '../zk/persistence/DataDir.ts';
import { isDiskFault } from '../sim/Disk.ts';
import { drainMicrotasks } from '../sim/drive.ts';
import { FileDisk } from '../sim/FileDisk.ts';
import { isStorageEffect, makeServerNode } from '../sim/machine/LocalMachine.ts';
import { replayFindingsOf } from '../sim/machine/replay.ts';
import type { BootParams, BootResult, HandleResult } from '../sim/machine/ServerMachine.ts';
import { probe } from '../sim/machine/ServerView.ts';
import { inspect, type InspectAnswer, type InspectQuery } from '../sim/machine/inspect.ts';
import type { DiskFault } from '../sim/Disk.ts';

/**
 * A store failure as the world shows it. Only plain data crosses a Worker boundary, so the error
 * becomes a fault here rather than being thrown.
 */
export function storeFault(e: unknown): DiskFault {
  const code = typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'error';
  return { code: `store-${code}`, message: e instanceof Error ? e.message : String(e) };
}

/** Where the durable part of the data directory lives. */
export interface DurableStore {
  /** Everything durable, as a data directory in which every file is durable. */
  load(): Promise<MemoryDataDir>;
  /**
   * Make the store hold exactly dir's durable bytes (plus what the pending fsyncs, read when the
   * write runs, will make durable); resolves once that is itself durable.
   */
  persist(dir: MemoryDataDir, pending?: () => readonly SyncMark[]): Promise<void>;
}

/** What a process was given since it booted, in order: replayed, it rebuilds the same memory. */
export type JournalEntry =
  | { readonly kind: 'handle'; readonly input: ServerInput; readonly now: number }
  | { readonly kind: 'synced'; readonly token: number };

/** Effects the world acts on: the rest were carried out here, on the disk. */
function forWorld(effects: readonly Effect[]): Effect[] {
  return effects.filter((e) => !isStorageEffect(e) || e.kind === 'sync');
}

/**
 * The store is written ahead: an fsync's bytes go to IndexedDB when the fsync starts, and its
 * completion waits for that write. The world's fsync latency then overlaps the IndexedDB
 * transaction, and a write is still acknowledged only once it is in IndexedDB. A kill (crash())
 * takes back what fsyncs still in progress wrote, so the store holds exactly what the in-memory
 * disk of a Node run keeps through a crash.
 */
export class HostedServer {
  private node: ServerNode | null = null;
  private disk: FileDisk | null = null;
  private extended = false;
  /** fsyncs started and not yet completed: their marks and the store writes carrying them. */
  private readonly pending = new Map<number, { mark: SyncMark; written: Promise<void> | null }>();
  /** Catching up (catchUp): nothing is written to the store until the end. */
  private deferred = false;
  private readonly pendingMarks = (): SyncMark[] => [...this.pending.values()].map((p) => p.mark);

  constructor(
    readonly id: number,
    private readonly store: DurableStore,
  ) {}

  async boot(p: BootParams, now: number): Promise<BootResult> {
    this.extended = p.cfg.extendedTypesEnabled;
    try {
      this.disk = new FileDisk(await this.store.load());
    } catch (e) {
      return { ok: false, fault: storeFault(e) };
    }
    const image = this.disk.restore(this.extended);
    if (isDiskFault(image)) return { ok: false, fault: image };
    this.node = makeServerNode(p);
    return { ok: true, ...(await this.handleInput({ kind: 'start', image }, now)) };
  }

  handle(input: ServerInput, now: number): Promise<HandleResult> {
    return this.handleInput(input, now);
  }

  private async handleInput(input: ServerInput, now: number): Promise<HandleResult> {
    const node = this.node;
    const disk = this.disk;
    if (node === null || disk === null) throw new Error(`server ${this.id} is not running`);
    const effects = node.handle(input, now);
    let stored = false;
    for (const e of effects) {
      if (!isStorageEffect(e)) continue;
      disk.apply(e);
      // Appends and fsync requests change nothing durable yet; snapshots, epoch files, truncation
      // and purging do, and must be in the store before anything the server sends is seen.
      if (e.kind !== 'append' && e.kind !== 'sync') stored = true;
    }
    const p = probe(this.id, node, effects);
    for (const e of effects) {
      if (e.kind !== 'sync') continue;
      const mark = disk.markOf(e.token);
      if (mark === null) continue;
      // The store write starts in the next task, once this input's answer has gone back: the world
      // goes on with the next event while this Worker talks to IndexedDB. The fsync completes
      // (synced) only once the write has.
      const written = this.deferred ? null : drainMicrotasks().then(() => this.store.persist(disk.dir, this.pendingMarks));
      // Its failure is reported when the fsync completes (synced), not left unhandled meanwhile.
      written?.catch(() => undefined);
      this.pending.set(e.token, { mark, written });
    }
    if (stored && !this.deferred) {
      try {
        await this.store.persist(disk.dir, this.pendingMarks);
      } catch (e) {
        this.node = null;
        return { effects: [], probe: p, crashed: storeFault(e) };
      }
    }
    return { effects: forWorld(effects), probe: p };
  }

  /** The fsync with this token finished: its writes are durable once the store has them. */
  async synced(token: number): Promise<DiskFault | null> {
    if (this.disk === null) return null;
    const p = this.pending.get(token);
    if (this.deferred) {
      this.disk.synced(token);
      this.pending.delete(token);
      return null;
    }
    try {
      // The write started with the fsync; if it failed, write everything now (it is retried).
      if (p?.written) await p.written.catch(() => this.store.persist(this.disk!.dir, this.pendingMarks));
      this.disk.synced(token);
      this.pending.delete(token);
      if (!p?.written) await this.store.persist(this.disk.dir, this.pendingMarks);
      return null;
    } catch (e) {
      this.node = null;
      return storeFault(e);
    }
  }

  /**
   * Become the process another host ran so far: boot from the store (which holds the disk as it
   * was at that boot), then take the same inputs and fsync completions in the same order, with no
   * store writes on the way; then write the store once, with the fsyncs still in progress written
   * ahead as usual. The core is deterministic, so memory and disk end up as the other host's.
   */
  async catchUp(p: BootParams, bootNow: number, journal: readonly JournalEntry[]): Promise<DiskFault | null> {
    this.deferred = true;
    try {
      const b = await this.boot(p, bootNow);
      if (!b.ok) return b.fault;
      for (const e of journal) {
        if (e.kind === 'handle') await this.handleInput(e.input, e.now);
        else await this.synced(e.token);
      }
    } finally {
      this.deferred = false;
    }
    if (this.disk === null) return null;
    const written = this.store.persist(this.disk.dir, this.pendingMarks);
    written.catch(() => undefined);
    for (const q of this.pending.values()) q.written = written;
    try {
      await written;
      return null;
    } catch (e) {
      this.node = null;
      return storeFault(e);
    }
  }

  /** synced(token), then the 'synced' input (not given when the store failed: the process exits). */
  async syncedInput(token: number, now: number): Promise<HandleResult> {
    const node = this.node;
    const fault = await this.synced(token);
    if (fault !== null) return { effects: [], probe: probe(this.id, node!, []), crashed: fault };
    return this.handleInput({ kind: 'synced', token }, now);
  }

  /** The process is about to be killed: fsyncs in progress never complete, take back their bytes. */
  async crash(): Promise<void> {
    const disk = this.disk;
    this.node = null;
    if (disk === null || this.pending.size === 0) return;
    this.pending.clear();
    await this.store.persist(disk.dir, this.pendingMarks).catch(() => undefined);
  }

  inspect<Q extends InspectQuery>(q: Q): InspectAnswer<Q> | null {
    return this.node === null ? null : inspect(this.node, q);
  }

  replayFindings(): string[] {
    if (this.node === null || this.disk === null) return [];
    return replayFindingsOf(this.node, this.disk.peek(this.extended), this.extended);
  }
}
