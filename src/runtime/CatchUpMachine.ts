// A server machine for fast-forwarding in the page. Replaying minutes of a recording through
// Workers costs a round trip and an IndexedDB transaction per step, so until handover() the
// process runs in this realm on an in-memory disk (the same core code the Workers run), while a
// journal keeps what it was given since it booted. handover() moves it into its Worker: the
// store gets the disk the process booted from, a new Worker boots from it and takes the journal
// in order, so it ends with the same memory; the store then holds the disk as it is now. From
// then on every call goes to the Worker, as if it had been there from the start.

import type { ServerInput } from '../zk/effects.ts';
import type { MemoryDataDir } from '../zk/persistence/DataDir.ts';
import type { ServerNode } from '../zk/StandaloneServer.ts';
import { LocalMachine } from '../sim/machine/LocalMachine.ts';
import type { MaybePromise } from '../sim/machine/maybe.ts';
import type { BootParams, BootResult, DiskFaultKind, DiskSummary, HandleResult, ServerMachine } from '../sim/machine/ServerMachine.ts';
import type { InspectAnswer, InspectQuery } from '../sim/machine/inspect.ts';
import type { DiskFault } from '../sim/Disk.ts';
import type { World } from '../sim/World.ts';
import type { HostedMachine } from './HostedMachine.ts';
import { storeFault, type JournalEntry } from './HostedServer.ts';

/** A durable-only copy of a data directory (what a crash would leave). */
function durableCopy(dir: MemoryDataDir): MemoryDataDir {
  const c = dir.clone();
  c.crash();
  return c;
}

export class CatchUpMachine implements ServerMachine {
  /** Null once handed over. */
  private here: LocalMachine | null;
  /** The running process's boot and what it was given since (null while it is down). */
  private journal: { params: BootParams; now: number; disk: MemoryDataDir; entries: JournalEntry[] } | null = null;

  constructor(
    readonly id: number,
    private readonly hosted: HostedMachine,
    /** Hosted from the start (a resumed ensemble: the disks are in IndexedDB already). */
    hostedNow = false,
  ) {
    this.here = hostedNow ? null : new LocalMachine(id);
  }

  get handedOver(): boolean {
    return this.here === null;
  }

  get local(): ServerNode | null {
    return this.here?.local ?? null;
  }

  boot(p: BootParams, now: number): MaybePromise<BootResult> {
    const h = this.here;
    if (h === null) return this.hosted.boot(p, now);
    const disk = durableCopy(h.disk.dir);
    const r = h.boot(p, now);
    this.journal = r.ok ? { params: p, now, disk, entries: [] } : null;
    return r;
  }

  handle(input: ServerInput, now: number): MaybePromise<HandleResult> {
    const h = this.here;
    if (h === null) return this.hosted.handle(input, now);
    this.journal?.entries.push({ kind: 'handle', input, now });
    return h.handle(input, now);
  }

  synced(token: number): MaybePromise<DiskFault | null> {
    const h = this.here;
    if (h === null) return this.hosted.synced(token);
    if (h.local !== null) this.journal?.entries.push({ kind: 'synced', token });
    return h.synced(token);
  }

  syncedInput(token: number, now: number): MaybePromise<HandleResult> {
    const h = this.here;
    if (h === null) return this.hosted.syncedInput(token, now);
    this.journal?.entries.push({ kind: 'synced', token }, { kind: 'handle', input: { kind: 'synced', token }, now });
    return h.syncedInput(token, now);
  }

  kill(): MaybePromise<void> {
    if (this.here === null) return this.hosted.kill();
    this.journal = null;
    this.here.kill();
  }

  wipe(): MaybePromise<void> {
    return this.here === null ? this.hosted.wipe() : this.here.wipe();
  }

  diskFault(fault: DiskFaultKind, zxid?: number): MaybePromise<string | null> {
    return this.here === null ? this.hosted.diskFault(fault, zxid) : this.here.diskFault(fault, zxid);
  }

  durableZxids(): MaybePromise<{ readonly snap: number; readonly zxids: readonly number[] } | null> {
    return this.here === null ? this.hosted.durableZxids() : this.here.durableZxids();
  }

  replayFindings(): MaybePromise<string[]> {
    return this.here === null ? this.hosted.replayFindings() : this.here.replayFindings();
  }

  diskSummary(): MaybePromise<DiskSummary> {
    return this.here === null ? this.hosted.diskSummary() : this.here.diskSummary();
  }

  diskFiles(): MaybePromise<{ readonly files: readonly string[]; readonly lastLoggedZxid: number }> {
    return this.here === null ? this.hosted.diskFiles() : this.here.diskFiles();
  }

  inspect<Q extends InspectQuery>(q: Q): MaybePromise<InspectAnswer<Q> | null> {
    return this.here === null ? this.hosted.inspect(q) : this.here.inspect(q);
  }

  /**
   * Move into the Worker (once; later calls do nothing). A running process is rebuilt there from
   * its journal; a stopped one leaves its disk in the store. A fault (IndexedDB refused) leaves the
   * server down with it, as a failed disk would.
   */
  async handover(): Promise<DiskFault | null> {
    const h = this.here;
    if (h === null) return null;
    this.here = null;
    const j = this.journal;
    this.journal = null;
    if (j === null || h.local === null) {
      try {
        await this.hosted.takeDisk(durableCopy(h.disk.dir));
        return null;
      } catch (e) {
        return storeFault(e);
      }
    }
    return this.hosted.catchUp(j.params, j.now, j.disk, j.entries);
  }

  /** Let go of the Worker and the store; a machine never handed over has neither. */
  async close(): Promise<void> {
    if (this.here === null) await this.hosted.close();
    else this.here.kill();
  }
}

/** Hand every server of the world still running in the page over to its Worker. */
export async function handOver(world: World): Promise<void> {
  const hosts = [...world.servers.values()].filter((h) => h.machine instanceof CatchUpMachine && !h.machine.handedOver);
  if (hosts.length === 0) return;
  // The Workers catch up side by side; faults are then taken in server order, as always.
  const faults = await Promise.all(hosts.map((h) => (h.machine as CatchUpMachine).handover()));
  for (let i = 0; i < hosts.length; i++) if (faults[i]) await world.failServer(hosts[i]!.id, faults[i]!);
  world.refreshServers();
}
