// A server machine whose process is a HostedServer somewhere else (a Web Worker in the page, or
// in-process for Node tests) and whose disk is a DurableStore the world can also open itself, to
// damage or wipe it while the process is down and to read what a restart would find.

import type { ServerInput } from '../zk/effects.ts';
import { MemoryDataDir } from '../zk/persistence/DataDir.ts';
import { isDiskFault, type DiskFault } from '../sim/Disk.ts';
import { FileDisk } from '../sim/FileDisk.ts';
import { durableZxidsOf, summarizeImage } from '../sim/machine/replay.ts';
import type { BootParams, BootResult, DiskFaultKind, DiskSummary, HandleResult, ServerMachine } from '../sim/machine/ServerMachine.ts';
import { storeFault, type JournalEntry } from './HostedServer.ts';
import type { InspectAnswer, InspectQuery } from '../sim/machine/inspect.ts';

/** The calls a running process answers (HostedServer's, each answered with a promise). */
export interface ServerProcessApi {
  boot(p: BootParams, now: number): Promise<BootResult>;
  handle(input: ServerInput, now: number): Promise<HandleResult>;
  synced(token: number): Promise<DiskFault | null>;
  syncedInput(token: number, now: number): Promise<HandleResult>;
  catchUp(p: BootParams, bootNow: number, journal: readonly JournalEntry[]): Promise<DiskFault | null>;
  replayFindings(): Promise<string[]>;
  inspect<Q extends InspectQuery>(q: Q): Promise<InspectAnswer<Q> | null>;
  /** About to be killed: take back from the store what fsyncs still in progress wrote ahead. */
  crash(): Promise<void>;
}

export interface ServerProcess {
  readonly api: ServerProcessApi;
  /** Kill it: nothing it held in memory survives. */
  terminate(): void;
}

/** The durable store as the world uses it between runs of the process. */
export interface StoreAccess {
  load(): Promise<MemoryDataDir>;
  persist(dir: MemoryDataDir): Promise<void>;
  wipe(): Promise<void>;
  tearLastRecord(): Promise<number | null>;
  corruptRecord(zxid: number): Promise<boolean>;
  loseNewestSnapshot(): Promise<string | null>;
  close?(): void;
}

export class HostedMachine implements ServerMachine {
  readonly local = null;
  private process: ServerProcess | null = null;
  private extended = false;

  constructor(
    readonly id: number,
    private readonly spawn: () => Promise<ServerProcess>,
    private readonly store: () => Promise<StoreAccess>,
  ) {}

  async boot(p: BootParams, now: number): Promise<BootResult> {
    this.extended = p.cfg.extendedTypesEnabled;
    try {
      this.process = await this.spawn();
    } catch (e) {
      return { ok: false, fault: storeFault(e) };
    }
    const r = await this.process.api.boot(p, now);
    if (!r.ok) await this.kill();
    return r;
  }

  handle(input: ServerInput, now: number): Promise<HandleResult> {
    return this.running().handle(input, now);
  }

  /**
   * Take over a process another host ran (see CatchUpMachine): the store gets the disk as it was
   * at that process's boot, a new process boots from it and is given the journal.
   */
  async catchUp(p: BootParams, bootNow: number, bootDisk: MemoryDataDir, journal: readonly JournalEntry[]): Promise<DiskFault | null> {
    this.extended = p.cfg.extendedTypesEnabled;
    try {
      await (await this.store()).persist(bootDisk);
      this.process = await this.spawn();
    } catch (e) {
      return storeFault(e);
    }
    const fault = await this.process.api.catchUp(p, bootNow, journal);
    if (fault) await this.kill();
    return fault;
  }

  /** Make the store hold this disk (a process that is down, handed over from another host). */
  async takeDisk(dir: MemoryDataDir): Promise<void> {
    await (await this.store()).persist(dir);
  }

  synced(token: number): Promise<DiskFault | null> {
    return this.running().synced(token);
  }

  syncedInput(token: number, now: number): Promise<HandleResult> {
    return this.running().syncedInput(token, now);
  }

  async kill(): Promise<void> {
    const p = this.process;
    this.process = null;
    if (p === null) return;
    await p.api.crash();
    p.terminate();
  }

  async wipe(): Promise<void> {
    await (await this.store()).wipe();
  }

  async diskFault(fault: DiskFaultKind, zxid?: number): Promise<string | null> {
    const s = await this.store();
    switch (fault) {
      case 'tornRecord': {
        const z = await s.tearLastRecord();
        return z === null ? null : `tore the record of zxid 0x${z.toString(16)}`;
      }
      case 'corruptRecord':
        return (await s.corruptRecord(zxid ?? 0)) ? `corrupted the record of zxid 0x${(zxid ?? 0).toString(16)}` : null;
      case 'lostSnapshot': {
        const name = await s.loseNewestSnapshot();
        return name === null ? null : `lost ${name}`;
      }
      case 'loseUnsynced':
        // The store only ever held what was synced: the crash already lost the rest.
        return 'unsynced writes lost';
    }
  }

  /** What a restart would read: the store holds exactly the durable part of the data directory. */
  private async image() {
    try {
      return new FileDisk(await (await this.store()).load()).restore(this.extended);
    } catch (e) {
      return storeFault(e);
    }
  }

  async durableZxids(): Promise<{ snap: number; zxids: number[] } | null> {
    return durableZxidsOf(await this.image());
  }

  async replayFindings(): Promise<string[]> {
    return this.process === null ? [] : this.process.api.replayFindings();
  }

  async inspect<Q extends InspectQuery>(q: Q): Promise<InspectAnswer<Q> | null> {
    return this.process === null ? null : this.process.api.inspect(q);
  }

  /** Stop the process and let go of the store (the page is done with this ensemble). */
  async close(): Promise<void> {
    await this.kill();
    (await this.store()).close?.();
  }

  async diskSummary(): Promise<DiskSummary> {
    return summarizeImage(await this.image(), this.extended);
  }

  async diskFiles(): Promise<{ files: string[]; lastLoggedZxid: number }> {
    const dir = await (await this.store()).load();
    const img = new FileDisk(dir).restore(this.extended);
    const last = isDiskFault(img) ? -1 : img.txns.reduce((m, t) => Math.max(m, t.hdr.zxid), img.snapshot?.zxid ?? 0);
    return { files: dir.list(), lastLoggedZxid: last };
  }

  private running() {
    if (this.process === null) throw new Error(`server ${this.id} is not running`);
    return this.process.api;
  }
}
