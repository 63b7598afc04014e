// One server process as a host runs it outside the world's realm: the core, the working copy of
// its data directory (unsynced writes live only here, and die with the process), and a durable
// store that holds what survived every fsync. In the browser this object lives in the server's
// Web Worker and the store is IndexedDB; Node tests run it in-process over fake-indexeddb.

import type { Effect, ServerInput } from '../zk/effects.ts';
import type { ServerNode } from '../zk/StandaloneServer.ts';
import type { MemoryDataDir } from '../zk/persistence/DataDir.ts';
import { isDiskFault } from '../sim/Disk.ts';
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
  /** Make the store hold exactly dir's durable bytes; resolves once that is itself durable. */
  persist(dir: MemoryDataDir): Promise<void>;
}

/** Effects the world acts on: the rest were carried out here, on the disk. */
function forWorld(effects: readonly Effect[]): Effect[] {
  return effects.filter((e) => !isStorageEffect(e) || e.kind === 'sync');
}

export class HostedServer {
  private node: ServerNode | null = null;
  private disk: FileDisk | null = null;
  private extended = false;

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
    if (stored) {
      try {
        await this.store.persist(disk.dir);
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
    this.disk.synced(token);
    try {
      await this.store.persist(this.disk.dir);
      return null;
    } catch (e) {
      this.node = null;
      return storeFault(e);
    }
  }

  inspect<Q extends InspectQuery>(q: Q): InspectAnswer<Q> | null {
    return this.node === null ? null : inspect(this.node, q);
  }

  replayFindings(): string[] {
    if (this.node === null || this.disk === null) return [];
    return replayFindingsOf(this.node, this.disk.peek(this.extended), this.extended);
  }
}
