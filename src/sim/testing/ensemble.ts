// Building ensembles in a world for tests: server N's client port is 2180+N.

import { QuorumPeer } from '../../zk/quorum/QuorumPeer.ts';
import { applyConfigLines, DEFAULT_CONFIG } from '../../zk/ServerConfig.ts';
import { runUntil } from '../drive.ts';
import { World } from '../World.ts';
import { ZkCliShell } from '../ZkCliShell.ts';
import type { ServerMachine } from '../machine/ServerMachine.ts';

export interface EnsembleOptions {
  readonly seed?: number;
  readonly participants: number;
  readonly observers?: number;
  readonly cfg?: readonly string[];
  readonly keepFullTrace?: boolean;
  readonly machine?: (id: number) => ServerMachine;
}

export function clientAddress(id: number): string {
  return `127.0.0.1:${2180 + id}`;
}

export function ensembleWorld(o: EnsembleOptions): World {
  const w = new World({ seed: o.seed ?? 1, keepFullTrace: o.keepFullTrace ?? false, ...(o.machine ? { machine: o.machine } : {}) });
  const n = o.participants + (o.observers ?? 0);
  const lines = ['tickTime=2000', 'initLimit=10', 'syncLimit=5', ...(o.cfg ?? [])];
  for (let i = 1; i <= n; i++) lines.push(`server.${i}=127.0.0.1:${2887 + i}:${3887 + i}${i > o.participants ? ':observer' : ''}`);
  for (let i = 1; i <= n; i++) w.addServer(i, clientAddress(i), applyConfigLines({ ...DEFAULT_CONFIG, serverId: i, fourLetterWhitelist: ['*'] }, lines));
  return w;
}

export function peer(w: World, id: number): QuorumPeer {
  const s = w.servers.get(id)?.server;
  if (!(s instanceof QuorumPeer)) throw new Error(`server ${id} is not running`);
  return s;
}

/** The id of the serving leader once there is one and every running peer serves. */
export async function waitForServing(w: World, maxMs = 60_000): Promise<number> {
  let leader = -1;
  await runUntil(
    w,
    () => {
      const views = [...w.servers.values()].filter((h) => h.status === 'up' && h.view !== null && h.view.state !== 'STANDALONE').map((h) => h.view!);
      const l = views.filter((v) => v.state === 'LEADING' && v.serving);
      if (l.length !== 1 || views.some((v) => !v.serving)) return false;
      leader = l[0]!.id;
      return true;
    },
    w.now + maxMs,
  );
  return leader;
}

export async function cli(w: World, name: string, servers: readonly number[], timeout = 30000): Promise<ZkCliShell> {
  const sh = new ZkCliShell(w, name, { server: servers.map(clientAddress).join(','), timeout, onUncaught: 'continue' });
  await sh.start();
  await runUntil(w, () => sh.merged.includes('state:SyncConnected'), w.now + 60_000);
  return sh;
}
