// Runs an ensemble case against real Apache ZooKeeper 3.8.0 servers on loopback (Debian package
// `zookeeper`): one JVM per server with its own data directory and ports, log4j at INFO on stdout
// (the learners' sync lines are read from it), and one interactive zkCli for the case's session.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Activity, JVM_ENV, QUIET_MS, REAL_ZK, SERVER_JVM_OPTIONS, ZkCli, fourLetterWord, sleep, stopProcess, track } from '../realServer.ts';
import type { EnsembleCase } from './cases.ts';
import { applyDiskFault } from './diskFaults.ts';
import { learnerSyncsFromLog, srvrAnswer, statLines, type EnsembleObservation, type SrvrProbe } from './observe.ts';

// log4j 1.2 through slf4j, configured by the log4j.properties first on the classpath.
const LOGGING_JARS = ['/usr/share/java/slf4j-log4j12.jar', '/usr/share/java/log4j-1.2.jar'];
const LOG4J = ['log4j.rootLogger=INFO, CONSOLE', 'log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender', 'log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout', 'log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} %-5p [%t:%C{1}@%L] - %m%n', ''].join('\n');

/**
 * Listening ports come from below Linux's ephemeral range (32768-60999): a port the kernel picked
 * as free could meanwhile become the local end of some outgoing connection (a server dialling its
 * peers, a zkCli) before the JVM that is to listen on it starts, seconds later.
 */
const PORTS = { from: 20_000, to: 32_000 };

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A step this much later than its time makes the run's timing unlike ZooScope's: say so. */
const LATE_MS = 1500;

interface Server {
  readonly id: number;
  readonly dir: string;
  readonly clientPort: number;
  process: ChildProcess | null;
  paused: boolean;
  log: string;
}

async function configure(root: string, n: number, observers: readonly number[]): Promise<Server[]> {
  // Three ports per server, none handed out twice, all below the ephemeral range (see PORTS).
  const taken = new Set<number>();
  let next = PORTS.from + Math.floor(Math.random() * (PORTS.to - PORTS.from));
  const port = async (): Promise<number> => {
    for (;;) {
      next = next + 1 >= PORTS.to ? PORTS.from : next + 1;
      if (!taken.has(next) && (await canListen(next))) {
        taken.add(next);
        return next;
      }
    }
  };
  const ports = [];
  for (let i = 0; i < n; i++) ports.push({ client: await port(), quorum: await port(), election: await port() });
  const members = ports.map((p, i) => `server.${i + 1}=127.0.0.1:${p.quorum}:${p.election}${observers.includes(i + 1) ? ':observer' : ''}`);
  return ports.map((p, i) => {
    const id = i + 1;
    const dir = join(root, `server-${id}`);
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'data', 'myid'), `${id}\n`);
    writeFileSync(join(dir, 'log4j.properties'), LOG4J);
    const cfg = ['tickTime=2000', 'initLimit=10', 'syncLimit=5', `dataDir=${join(dir, 'data')}`, `clientPort=${p.client}`, 'clientPortAddress=127.0.0.1', 'admin.enableServer=false', '4lw.commands.whitelist=*', ...(observers.includes(id) ? ['peerType=observer'] : []), ...members];
    writeFileSync(join(dir, 'zoo.cfg'), `${cfg.join('\n')}\n`);
    return { id, dir, clientPort: p.client, process: null, paused: false, log: '' };
  });
}

function start(s: Server): void {
  const classpath = [s.dir, '/usr/share/java/zookeeper.jar', ...LOGGING_JARS].join(':');
  const child = track(spawn(REAL_ZK.java, [...SERVER_JVM_OPTIONS, '-cp', classpath, REAL_ZK.serverMain, join(s.dir, 'zoo.cfg')], { cwd: s.dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...JVM_ENV } }));
  const take = (chunk: Buffer) => {
    s.log += chunk.toString('utf8');
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  s.process = child;
}

export interface RealEnsembleRun {
  readonly observation: EnsembleObservation;
  /** Steps that ran late enough to make the comparison doubtful. */
  readonly late: readonly string[];
}

export async function runOnRealEnsemble(c: EnsembleCase): Promise<RealEnsembleRun> {
  const root = mkdtempSync(join(tmpdir(), 'zkensemble-'));
  const servers = await configure(root, c.servers, c.observers ?? []);
  const server = (id: number) => servers[id - 1]!;
  const activity = new Activity();
  let cli: ZkCli | null = null;
  const srvr: SrvrProbe[] = [];
  const late: string[] = [];
  const t0 = Date.now();
  try {
    for (const step of c.steps) {
      const wait = t0 + step.at - Date.now();
      if (wait > 0) await sleep(wait);
      else if (-wait > LATE_MS) late.push(`${step.do} at ${step.at} ms ran ${-wait} ms late`);
      switch (step.do) {
        case 'start':
          start(server(step.server));
          break;
        case 'kill': {
          const s = server(step.server);
          if (s.process) await stopProcess(s.process);
          s.process = null;
          s.paused = false;
          break;
        }
        case 'pause':
        case 'resume': {
          const s = server(step.server);
          s.process?.kill(step.do === 'pause' ? 'SIGSTOP' : 'SIGCONT');
          s.paused = step.do === 'pause';
          break;
        }
        case 'wipe':
          rmSync(join(server(step.server).dir, 'data', 'version-2'), { recursive: true, force: true });
          break;
        case 'corrupt-record':
        case 'torn-record':
        case 'lost-snapshot':
          applyDiskFault(join(server(step.server).dir, 'data'), step);
          break;
        case 'client':
          cli = new ZkCli('c', server(step.server).clientPort, [], activity);
          await cli.ready();
          break;
        case 'cli':
          if (cli === null) throw new Error(`${c.name}: cli at ${step.at} before the client`);
          await cli.send(step.command);
          await activity.quiet(QUIET_MS);
          break;
        case 'srvr':
          for (const s of servers) {
            if (s.process === null || s.paused) continue;
            const raw = await fourLetterWord(s.clientPort, 'srvr').catch((e: Error) => e.message);
            srvr.push({ at: step.at, server: s.id, answer: srvrAnswer(raw) });
          }
          break;
      }
    }
    return {
      observation: { srvr, syncs: servers.flatMap((s) => learnerSyncsFromLog(s.id, s.log)), stats: statLines(cli?.output ?? '') },
      late,
    };
  } catch (e) {
    // Show what the servers said: a server that did not come up explains itself in its log.
    const tails = servers.map((s) => `--- server ${s.id} log (last lines):\n${s.log.split('\n').slice(-15).join('\n')}`);
    throw new Error(`${c.name}: ${e instanceof Error ? e.message : String(e)}\n${tails.join('\n')}`);
  } finally {
    await cli?.stop();
    await Promise.all(servers.map((s) => (s.process ? stopProcess(s.process) : undefined)));
    rmSync(root, { recursive: true, force: true });
  }
}
