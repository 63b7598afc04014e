// A server machine whose process runs in this JavaScript realm, with a synchronous disk (the
// in-memory data directory). Every call answers at once, so the world runs without awaiting.

import type { Effect, ServerInput } from '../../zk/effects.ts';
import { QuorumPeer } from '../../zk/quorum/QuorumPeer.ts';
import { seededRng } from '../../zk/Rng.ts';
import { StandaloneServer, type ServerNode } from '../../zk/StandaloneServer.ts';
import { isDiskFault, type Disk, type StorageEffect } from '../Disk.ts';
import { FileDisk } from '../FileDisk.ts';
import { durableZxidsOf, replayFindingsOf, summarizeImage } from './replay.ts';
import type { BootParams, BootResult, DiskFaultKind, DiskSummary, HandleResult, ServerMachine } from './ServerMachine.ts';
import { probe } from './ServerView.ts';
import { inspect, type InspectAnswer, type InspectQuery } from './inspect.ts';

export function isStorageEffect(e: Effect): e is StorageEffect {
  return e.kind === 'append' || e.kind === 'rollLog' || e.kind === 'sync' || e.kind === 'snapshot' || e.kind === 'writeEpoch' || e.kind === 'truncateLog';
}

/** Build the core a configuration asks for. */
export function makeServerNode(p: BootParams): ServerNode {
  const env = { wallClockBase: p.wallClockBase, elapsedBase: p.elapsedBase, rng: seededRng(p.rngSeed) };
  return p.cfg.peers.length > 0 ? new QuorumPeer(p.cfg, env) : new StandaloneServer(p.cfg, env);
}

/** Apply a disk fault to a synchronous disk. */
export function faultDisk(disk: Disk, fault: DiskFaultKind, zxid?: number): string | null {
  switch (fault) {
    case 'tornRecord':
      return disk.tearLastRecord();
    case 'corruptRecord':
      return disk.corruptRecord(zxid ?? 0);
    case 'lostSnapshot':
      return disk.loseNewestSnapshot();
    case 'loseUnsynced':
      disk.crash();
      return 'unsynced writes lost';
  }
}

export class LocalMachine implements ServerMachine {
  local: ServerNode | null = null;
  private extended = false;

  constructor(
    readonly id: number,
    readonly disk: FileDisk = new FileDisk(),
  ) {}

  boot(p: BootParams, now: number): BootResult {
    this.extended = p.cfg.extendedTypesEnabled;
    const image = this.disk.restore(p.cfg.extendedTypesEnabled);
    if (isDiskFault(image)) return { ok: false, fault: image };
    this.local = makeServerNode(p);
    return { ok: true, ...this.handle({ kind: 'start', image }, now) };
  }

  handle(input: ServerInput, now: number): HandleResult {
    const node = this.local;
    if (node === null) throw new Error(`server ${this.id} is not running`);
    const effects = node.handle(input, now);
    for (const e of effects) if (isStorageEffect(e)) this.disk.apply(e);
    return { effects, probe: probe(this.id, node, effects) };
  }

  synced(token: number): null {
    this.disk.synced(token);
    return null;
  }

  syncedInput(token: number, now: number): HandleResult {
    this.synced(token);
    return this.handle({ kind: 'synced', token }, now);
  }

  kill(): void {
    this.local = null;
    this.disk.crash();
  }

  wipe(): void {
    this.disk.wipe();
  }

  diskFault(fault: DiskFaultKind, zxid?: number): string | null {
    return faultDisk(this.disk, fault, zxid);
  }

  durableZxids(): { snap: number; zxids: number[] } | null {
    return durableZxidsOf(this.disk.peek(this.extended));
  }

  replayFindings(): string[] {
    return this.local === null ? [] : replayFindingsOf(this.local, this.disk.peek(this.extended), this.extended);
  }

  diskSummary(): DiskSummary {
    return summarizeImage(this.disk.peek(this.extended), this.extended);
  }

  inspect<Q extends InspectQuery>(q: Q): InspectAnswer<Q> | null {
    return this.local === null ? null : inspect(this.local, q);
  }

  diskFiles(): { files: string[]; lastLoggedZxid: number } {
    return this.disk.describe();
  }
}
