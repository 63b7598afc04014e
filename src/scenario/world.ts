// From a validated scenario to a world: defaults filled in, servers configured and added (not
// started). Shared by the scenario runner and `npm run zkcli -- --servers N`.
//
// Addresses: server N listens for clients on 127.0.0.1:(2180 + N), for followers on
// 127.0.0.1:(2887 + N) and for election notifications on 127.0.0.1:(3887 + N), as when several
// servers share one host. A standalone server listens on 127.0.0.1:2181 whatever its id.

import { World } from '../sim/World.ts';
import { applyConfigLines, DEFAULT_CONFIG, type ServerConfig } from '../zk/ServerConfig.ts';
import type { LatencySpec, Scenario, ScenarioAction, ServerRole } from './types.ts';
import { actionOrder } from './validate.ts';
import type { ServerMachine } from '../sim/machine/ServerMachine.ts';

export interface ResolvedServer {
  readonly id: number;
  readonly role: ServerRole;
  /** Client address, host:port. */
  readonly address: string;
}

export interface ResolvedScenario {
  readonly seed: number;
  readonly standalone: boolean;
  readonly servers: readonly ResolvedServer[];
  readonly tickTime: number;
  readonly initLimit: number;
  readonly syncLimit: number;
  readonly snapCount: number;
  readonly minSessionTimeout: number;
  readonly maxSessionTimeout: number;
  readonly extendedTypesEnabled: boolean;
  readonly latency: LatencySpec;
  readonly fsyncLatency: LatencySpec;
  /** In the order they run (by time, then as listed), each with its index in the document. */
  readonly actions: readonly { readonly index: number; readonly action: ScenarioAction }[];
  readonly until: number;
}

export const DEFAULT_LATENCY: LatencySpec = { min: 5, max: 20 };
export const DEFAULT_FSYNC_LATENCY: LatencySpec = { min: 1, max: 5 };
export const DEFAULT_SESSION_TIMEOUT = 30_000;

export function clientPortOf(id: number): number {
  return 2180 + id;
}

/** Fill in every default. The scenario must be valid (validateScenario). */
export function resolveScenario(s: Scenario): ResolvedScenario {
  const e = s.ensemble;
  const list: { id: number; role: ServerRole }[] = [];
  if (e.servers) for (const sv of e.servers) list.push({ id: sv.id, role: sv.role ?? 'participant' });
  else {
    const p = e.participants ?? 1;
    const o = e.observers ?? 0;
    for (let i = 1; i <= p + o; i++) list.push({ id: i, role: i <= p ? 'participant' : 'observer' });
  }
  const standalone = e.standalone === true;
  const actions = s.actions ?? [];
  return {
    seed: s.seed,
    standalone,
    servers: list.map((sv) => ({ ...sv, address: standalone ? '127.0.0.1:2181' : `127.0.0.1:${clientPortOf(sv.id)}` })),
    tickTime: e.tickTime ?? DEFAULT_CONFIG.tickTime,
    initLimit: e.initLimit ?? DEFAULT_CONFIG.initLimit,
    syncLimit: e.syncLimit ?? DEFAULT_CONFIG.syncLimit,
    snapCount: e.snapCount ?? DEFAULT_CONFIG.snapCount,
    minSessionTimeout: e.minSessionTimeout ?? -1,
    maxSessionTimeout: e.maxSessionTimeout ?? -1,
    extendedTypesEnabled: e.extendedTypesEnabled ?? false,
    latency: s.network?.latency ?? DEFAULT_LATENCY,
    fsyncLatency: s.network?.fsyncLatency ?? DEFAULT_FSYNC_LATENCY,
    actions: actionOrder(actions.map((a) => a.at)).map((index) => ({ index, action: actions[index]! })),
    until: s.until,
  };
}

/** zoo.cfg lines and JVM options of one server, as an operator would write them. */
export function serverConfigLines(r: ResolvedScenario, id: number): { cfg: string[]; jvm: string[] } {
  const cfg = [
    `tickTime=${r.tickTime}`,
    `initLimit=${r.initLimit}`,
    `syncLimit=${r.syncLimit}`,
    `snapCount=${r.snapCount}`,
    `minSessionTimeout=${r.minSessionTimeout}`,
    `maxSessionTimeout=${r.maxSessionTimeout}`,
    'clientPortAddress=127.0.0.1',
    `clientPort=${r.standalone ? 2181 : clientPortOf(id)}`,
    '4lw.commands.whitelist=*',
  ];
  // ZooKeeper runs a lone participant standalone unless standaloneEnabled=false; a scenario's
  // one-server ensemble is a quorum peer, so its config says so.
  if (!r.standalone && r.servers.filter((s) => s.role === 'participant').length === 1) cfg.push('standaloneEnabled=false');
  if (!r.standalone) for (const s of r.servers) cfg.push(`server.${s.id}=127.0.0.1:${2887 + s.id}:${3887 + s.id}${s.role === 'observer' ? ':observer' : ''}`);
  const jvm = r.extendedTypesEnabled ? ['-Dzookeeper.extendedTypesEnabled=true'] : [];
  return { cfg, jvm };
}

export function serverConfig(r: ResolvedScenario, id: number): ServerConfig {
  const { cfg, jvm } = serverConfigLines(r, id);
  return applyConfigLines({ ...DEFAULT_CONFIG, serverId: r.standalone ? 0 : id }, cfg, jvm);
}

/** The connect string for a list of server ids, with an optional chroot. */
export function connectString(r: ResolvedScenario, ids: readonly number[], chroot?: string): string {
  const byId = new Map(r.servers.map((s) => [s.id, s.address]));
  const hosts = ids.map((id) => byId.get(id) ?? `127.0.0.1:${clientPortOf(id)}`).join(',');
  return chroot !== undefined && chroot !== '/' ? hosts + chroot : hosts;
}

/** A world with the scenario's seed, network and servers (all down). */
export interface BuildOptions {
  readonly keepFullTrace?: boolean;
  readonly machine?: (id: number) => ServerMachine;
  /** Wall clock at virtual time 0 (a resumed ensemble continues its predecessor's clock). */
  readonly wallClockBase?: number;
}

export function buildWorld(r: ResolvedScenario, opts: BuildOptions = {}): World {
  const world = new World({
    seed: r.seed,
    latency: r.latency,
    fsyncLatency: r.fsyncLatency,
    keepFullTrace: opts.keepFullTrace ?? false,
    ...(opts.machine ? { machine: opts.machine } : {}),
    ...(opts.wallClockBase !== undefined ? { wallClockBase: opts.wallClockBase } : {}),
  });
  for (const s of r.servers) world.addServer(s.id, s.address, serverConfig(r, s.id));
  return world;
}
