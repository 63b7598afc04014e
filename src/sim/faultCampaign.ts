// A fault campaign: an ensemble under random crashes, restarts, pauses, partitions and client
// load, with every invariant checked after every event; at the end everything heals and the
// ensemble must converge with every acknowledged write durable.

import { seededRng, type Rng } from '../zk/Rng.ts';
import { runTo } from './drive.ts';
import { ZabInvariants, type Violation } from './invariants/ZabInvariants.ts';
import { cli, ensembleWorld, waitForServing } from './testing/ensemble.ts';
import type { ServerMachine } from './machine/ServerMachine.ts';
import type { World } from './World.ts';
import type { ZkCliShell } from './ZkCliShell.ts';

export interface CampaignOptions {
  readonly seed: number;
  readonly participants: number;
  readonly durationMs: number;
  readonly cfg?: readonly string[];
  /** Where each server runs (default: in-process on an in-memory disk; e.g. an IndexedDB-backed one). */
  readonly machine?: (id: number) => ServerMachine;
  /** Look at the world when the campaign ends (diagnostics). */
  readonly inspect?: (w: World) => void;
  /** Called after each step of the campaign (e.g. to move servers between hosts mid-run). */
  readonly between?: (w: World) => Promise<void>;
}

export interface CampaignResult {
  readonly violations: Violation[];
  readonly faults: string[];
  readonly writes: number;
  readonly traceHash: string;
}

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[Math.floor(rng.next() * xs.length)]!;
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  // Known 3.8.0 bugs are fixed here: the campaign tests the rest of the recovery machinery.
  const w = ensembleWorld({ participants: o.participants, seed: o.seed, cfg: ['snapCount=40', 'zooscope.fixes=txnlog-gap', ...(o.cfg ?? [])], machine: o.machine });
  const inv = new ZabInvariants(w);
  let stopped = false;
  w.afterStep.push(() => {
    if (!stopped && inv.check().length > 0) stopped = true;
  });
  const ids = [...w.servers.keys()];
  for (const id of ids) await w.startServer(id);
  await waitForServing(w);
  const rng: Rng = seededRng(o.seed * 7919 + 1);
  const shells: ZkCliShell[] = [];
  for (let i = 0; i < 5; i++) shells.push(await cli(w, `c${i}`, ids, 10000));
  const faults: string[] = [];
  let writes = 0;
  const end = w.now + o.durationMs;
  while (w.now < end && !stopped) {
    const r = rng.next();
    if (r < 0.04) {
      const id = pick(rng, ids);
      const h = w.servers.get(id)!;
      if (h.status === 'down') await w.startServer(id);
      else await w.killServer(id);
      faults.push(`${w.now} ${h.status === 'down' ? 'kill' : 'start'} ${id}`);
    } else if (r < 0.06) {
      const a = pick(rng, ids);
      const rest = ids.filter((x) => x !== a);
      const b = pick(rng, rest);
      w.partition([[a, b].filter((x, i, arr) => arr.indexOf(x) === i).slice(0, rng.next() < 0.5 ? 1 : 2)]);
      faults.push(`${w.now} partition`);
    } else if (r < 0.09) {
      w.heal();
      faults.push(`${w.now} heal`);
    } else if (r < 0.1) {
      const id = pick(rng, ids);
      const h = w.servers.get(id)!;
      if (h.status === 'up') w.pauseServer(id);
      else if (h.status === 'paused') await w.resumeServer(id);
      faults.push(`${w.now} pause/resume ${id}`);
    } else {
      const sh = pick(rng, shells);
      const n = Math.floor(rng.next() * 20);
      const cmd = pick(rng, [`create /n${n} v`, `set /n${n} w${writes}`, `delete /n${n}`, `create -e /e${n} x`, `get /n${n}`, `sync /`]);
      writes++;
      // Commands may hang while the ensemble is down; do not wait for them.
      void sh.main.executeLine(cmd);
      w.pendingMicrotasks = true;
    }
    await runTo(w, w.now + 100 + Math.floor(rng.next() * 600));
    await o.between?.(w);
  }
  // Heal everything and let the ensemble settle.
  w.heal();
  for (const id of ids) {
    const h = w.servers.get(id)!;
    if (h.status === 'paused') await w.resumeServer(id);
    if (h.status === 'down') await w.startServer(id);
  }
  if (!stopped) {
    await waitForServing(w, 180_000).catch(() => undefined);
    await runTo(w, w.now + 5000);
    inv.check();
    inv.checkConvergence();
    await inv.checkDurability();
    await inv.checkReplay();
  }
  o.inspect?.(w);
  return { violations: inv.violations, faults, writes, traceHash: w.trace.hash() };
}
