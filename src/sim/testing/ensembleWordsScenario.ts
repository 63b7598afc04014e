// The scenario of src/zk/fourletter/fixtures/ensemble/record.sh, played in a simulated world:
// the same zoo.cfg (ports, data directories), the same steps with the same pauses between them,
// the same four-letter words and zkCli commands. Returns what each step printed, under the names
// of the recorded fixture files (without ".txt").

import { QuorumPeer } from '../../zk/quorum/QuorumPeer.ts';
import { applyConfigLines, DEFAULT_CONFIG } from '../../zk/ServerConfig.ts';
import { runPromise, runTo, runUntil } from '../drive.ts';
import { World } from '../World.ts';
import { ZkCliShell } from '../ZkCliShell.ts';
import { waitForServing } from './ensemble.ts';

export type EnsembleRun = 'ens3' | 'ensobs' | 'looking';

export const FRESH_WORDS = ['ruok', 'isro', 'srvr', 'stat', 'cons', 'wchs', 'wchc', 'wchp', 'dump', 'conf', 'envi', 'dirs', 'gtmk', 'hash', 'mntr'] as const;
export const LATER_WORDS = ['srvr', 'stat', 'cons', 'wchs', 'wchc', 'wchp', 'dump', 'mntr'] as const;
export const LOOKING_WORDS = [...FRESH_WORDS, 'crst', 'srst'] as const;

/** record.sh's configuration of server `sid` in `run`. */
export function recordedConfigLines(run: EnsembleRun, sid: number, participants: number, observers: number): string[] {
  const lines = [
    'tickTime=2000',
    'initLimit=10',
    'syncLimit=5',
    `dataDir=/tmp/zkens-record/${run}/z${sid}`,
    `clientPort=${24180 + sid}`,
    'clientPortAddress=127.0.0.1',
    'admin.enableServer=false',
    '4lw.commands.whitelist=*',
  ];
  for (let i = 1; i <= participants; i++) lines.push(`server.${i}=127.0.0.1:${24280 + i}:${24380 + i}`);
  for (let i = participants + 1; i <= participants + observers; i++) lines.push(`server.${i}=127.0.0.1:${24280 + i}:${24380 + i}:observer`);
  if (sid > participants) lines.push('peerType=observer');
  return lines;
}

export function recordedClientAddress(sid: number): string {
  return `127.0.0.1:${24180 + sid}`;
}

function recordedWorld(run: EnsembleRun, participants: number, observers: number, seed: number, keepFullTrace: boolean): World {
  const w = new World({ seed, keepFullTrace });
  for (let s = 1; s <= participants + observers; s++) {
    w.addServer(s, recordedClientAddress(s), applyConfigLines({ ...DEFAULT_CONFIG, serverId: s }, recordedConfigLines(run, s, participants, observers)));
  }
  return w;
}

async function word(w: World, sid: number, wd: string): Promise<string> {
  return runPromise(w, w.fourLetterWord(recordedClientAddress(sid), wd));
}

/** record.sh's cli_start / cli / cli_stop: a zkCli process, commands 1.5 s apart. */
class Cli {
  private constructor(
    private readonly w: World,
    readonly sh: ZkCliShell,
  ) {}

  static async start(w: World, name: string, sid: number): Promise<Cli> {
    const t0 = w.now;
    const sh = new ZkCliShell(w, name, { server: recordedClientAddress(sid), timeout: 30000, onUncaught: 'continue' });
    await sh.start();
    await runUntil(w, () => sh.merged.includes('state:SyncConnected'), w.now + 60_000);
    await runTo(w, t0 + 4000);
    return new Cli(w, sh);
  }

  async cmd(line: string): Promise<void> {
    const t0 = this.w.now;
    await this.sh.run(line);
    await runTo(this.w, t0 + 1500);
  }

  async stop(): Promise<string> {
    const t0 = this.w.now;
    await this.sh.run('quit');
    await runTo(this.w, t0 + 2000);
    return this.sh.merged;
  }
}

function serving(w: World, sid: number): boolean {
  const s = w.servers.get(sid)?.server;
  return s instanceof QuorumPeer && s.view().serving;
}

/** The role each server took, as record.sh writes it to roles.txt. */
export interface Roles {
  readonly leader: number;
  readonly follower1: number;
  readonly follower2: number;
  readonly client1: number;
}

export function rolesText(r: Roles): string {
  return `leader=${r.leader} follower1=${r.follower1} follower2=${r.follower2} client1=${r.client1}\n`;
}

/**
 * The seed each run is played with. Servers started together race: a follower whose election ends
 * before the leader's finds no listener, retries 100 ms later, and may come after the leader has
 * established its epoch (a SNAP instead of a DIFF, other counters). In both recorded runs every
 * follower made it in time; these seeds give the simulated network a timing where they do too.
 */
export const RECORDED_SEEDS: Readonly<Record<EnsembleRun, number>> = { ens3: 1, ensobs: 3, looking: 1 };

export async function playEnsembleRun(run: EnsembleRun, seed = RECORDED_SEEDS[run], keepFullTrace = false): Promise<{ outputs: Map<string, string>; roles: Roles | null; world: World }> {
  const out = new Map<string, string>();
  if (run === 'looking') {
    const w = recordedWorld(run, 3, 0, seed, keepFullTrace);
    await w.startServer(1);
    await runTo(w, w.now + 8000);
    for (const wd of LOOKING_WORDS) out.set(`s1_${wd}`, await word(w, 1, wd));
    return { outputs: out, roles: null, world: w };
  }
  const participants = 3;
  const observers = run === 'ensobs' ? 1 : 0;
  const n = participants + observers;
  const w = recordedWorld(run, participants, observers, seed, keepFullTrace);
  for (let s = 1; s <= n; s++) await w.startServer(s);
  const leader = await waitForServing(w);
  // record.sh: each server's wait_epoch ends with 3 s of sleep.
  await runTo(w, w.now + 3000 * n);
  for (let s = 1; s <= n; s++) for (const wd of FRESH_WORDS) out.set(`s${s}_fresh_${wd}`, await word(w, s, wd));
  const followers = [1, 2, 3].filter((s) => s !== leader);
  const roles: Roles = { leader, follower1: followers[0]!, follower2: followers[1]!, client1: observers > 0 ? n : followers[0]! };
  const c1 = await Cli.start(w, 'c1', roles.client1);
  for (const line of ['config', 'config -s', 'create /a x', 'create -e /eph 1', 'get -w /a', 'ls -w /']) await c1.cmd(line);
  const c2 = await Cli.start(w, 'c2', leader);
  for (const line of ['config -s', 'create /b hello', 'get -w /b']) await c2.cmd(line);
  await runTo(w, w.now + 2000);
  for (let s = 1; s <= n; s++) for (const wd of LATER_WORDS) out.set(`s${s}_later_${wd}`, await word(w, s, wd));
  out.set('cli_c1', await c1.stop());
  out.set('cli_c2', await c2.stop());
  if (observers === 0) {
    // follower2 loses its data directory and comes back: the leader sends a SNAP.
    const f2 = roles.follower2;
    await w.killServer(f2);
    await runTo(w, w.now + 1000);
    await w.wipeServer(f2);
    await w.startServer(f2);
    await runUntil(w, () => serving(w, f2), w.now + 60_000);
    await runTo(w, w.now + 3000);
    for (const wd of ['srvr', 'mntr']) out.set(`s${f2}_snap_${wd}`, await word(w, f2, wd));
    const c3 = await Cli.start(w, 'c3', f2);
    for (const line of ['config -s', 'get /a']) await c3.cmd(line);
    out.set('cli_c3', await c3.stop());
    // follower1 restarts on its data directory (a DIFF), after 8 s: words, then zkCli.
    const f1 = roles.follower1;
    await w.killServer(f1);
    await runTo(w, w.now + 1000);
    await w.startServer(f1);
    await runTo(w, w.now + 8000);
    for (const wd of ['srvr', 'mntr']) out.set(`s${f1}_restart_${wd}`, await word(w, f1, wd));
    const c4 = await Cli.start(w, 'c4', f1);
    await c4.cmd('config -s');
    out.set('cli_c4', await c4.stop());
    // The leader dies: the two others elect a new one, after 8 s.
    await w.killServer(leader);
    await runTo(w, w.now + 8000);
    for (const s of [f1, f2]) for (const wd of ['srvr', 'mntr']) out.set(`s${s}_reelect_${wd}`, await word(w, s, wd));
    const c5 = await Cli.start(w, 'c5', f2);
    await c5.cmd('config -s');
    out.set('cli_c5', await c5.stop());
  }
  return { outputs: out, roles, world: w };
}
