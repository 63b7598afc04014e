// Drives a script against the real Apache ZooKeeper 3.8.0 installed on this machine (Debian package
// `zookeeper`): a fresh standalone server per script on a free loopback port, one zkCli JVM per
// client. Returns the raw merged output of each client and the raw 4lw answers.
//
// Knowing when zkCli has finished a command: its main thread reads stdin with a blocking read(2) on
// fd 0 between commands. After writing a line, the driver waits until that thread has blocked again
// (its voluntary context-switch count went up) and sits in read(fd 0) across two samples, then until
// every client's output has been quiet for QUIET_MS (watch events arrive from other threads).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawRun } from './normalize.ts';
import type { Script } from './script.ts';

export const REAL_ZK = {
  java: 'java',
  serverClasspath: '/etc/zookeeper/conf:/usr/share/java/zookeeper.jar',
  // slf4j-nop silences the SLF4J binding warnings zkCli would print.
  cliClasspath: '/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-nop.jar',
  serverMain: 'org.apache.zookeeper.server.quorum.QuorumPeerMain',
  cliMain: 'org.apache.zookeeper.ZooKeeperMain',
};

/** Base zoo.cfg; `%server` lines override keys or add new ones. */
const BASE_CONFIG: [string, string][] = [
  ['tickTime', '2000'],
  ['admin.enableServer', 'false'],
  ['4lw.commands.whitelist', '*'],
];

/** Time the output of all clients must stay silent before the next step. */
export const QUIET_MS = 150;
/** Gap between the two samples that must both show zkCli idle in read(stdin). */
const IDLE_SAMPLE_MS = 25;
const POLL_MS = 5;
const COMMAND_TIMEOUT_MS = 60_000;
export const START_TIMEOUT_MS = 30_000;
const FOUR_LETTER_TIMEOUT_MS = 10_000;
/** `ORACLE_TRACE=1` prints how long each step took (to stderr). */
const TRACE = process.env.ORACLE_TRACE === '1';

// Deterministic rendering: `Date.toString()` in UTC (so the epoch date reads
// `Thu Jan 01 00:00:00 UTC 1970`) and UTF-8 on stdin/stdout whatever the caller's locale.
export const JVM_ENV = { TZ: 'UTC', LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };
const CLIENT_JVM_OPTIONS = ['-Dfile.encoding=UTF-8', '-Duser.timezone=UTC', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
export const SERVER_JVM_OPTIONS = ['-Dfile.encoding=UTF-8', '-Duser.timezone=UTC', '-Xmx512m'];

// Every process started here, so that none survives an error, a timeout or Ctrl-C.
const live = new Set<ChildProcess>();

export function killAllStarted(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}
process.on('exit', killAllStarted);

export function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.on('exit', () => live.delete(child));
  return child;
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when something listens on 127.0.0.1:port (read from /proc, without connecting). */
export function isListening(port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  // Java binds an IPv6 socket with the IPv4-mapped address ::ffff:127.0.0.1.
  const locals = new Set([`0100007F:${hexPort}`, `0000000000000000FFFF00000100007F:${hexPort}`]);
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let rows: string[];
    try {
      rows = readFileSync(file, 'utf8').split('\n').slice(1);
    } catch {
      continue;
    }
    for (const row of rows) {
      const fields = row.trim().split(/\s+/);
      if (locals.has(fields[1] ?? '') && fields[3] === '0A') return true;
    }
  }
  return false;
}

/** Sends a four-letter word to 127.0.0.1:port and returns everything the server wrote back. */
export function fourLetterWord(port: number, word: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.write(word));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`4lw ${word}: no answer within ${FOUR_LETTER_TIMEOUT_MS} ms`));
    }, FOUR_LETTER_TIMEOUT_MS);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

interface ThreadSample {
  inStdinRead: boolean;
  switches: number;
}

/**
 * The state of one thread of a process; `gone` when the thread no longer exists, `unknown` when
 * /proc could not be read this time (a transient failure: sample again).
 */
function sampleThread(pid: number, tid: number): ThreadSample | 'gone' | 'unknown' {
  const dir = `/proc/${pid}/task/${tid}`;
  try {
    const syscall = readFileSync(`${dir}/syscall`, 'utf8');
    const status = readFileSync(`${dir}/status`, 'utf8');
    const switches = Number(/voluntary_ctxt_switches:\s*(\d+)/.exec(status)?.[1] ?? NaN);
    if (Number.isNaN(switches)) return 'unknown';
    // x86-64 read(2) is syscall 0; its first argument is the file descriptor.
    return { inStdinRead: syscall.startsWith('0 0x0 '), switches };
  } catch {
    return existsSync(dir) ? 'unknown' : 'gone';
  }
}

/** The thread of `pid` blocked in read(stdin), if any. */
function findStdinReader(pid: number): number | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  return tids.map(Number).find((tid) => {
    const sample = sampleThread(pid, tid);
    return typeof sample === 'object' && sample.inStdinRead;
  });
}

/** Output bookkeeping shared by all processes of a run: when did anything last print? */
export class Activity {
  lastOutputAt = Date.now();

  touch(): void {
    this.lastOutputAt = Date.now();
  }

  async quiet(ms: number): Promise<void> {
    for (;;) {
      const wait = this.lastOutputAt + ms - Date.now();
      if (wait <= 0) return;
      await sleep(wait);
    }
  }
}

export class ZkCli {
  private readonly chunks: Buffer[] = [];
  private readonly process: ChildProcess;
  private mainThread: number | undefined;
  private exited: Promise<void>;

  constructor(
    readonly name: string,
    port: number,
    options: string[],
    private readonly activity: Activity,
  ) {
    const args = [...CLIENT_JVM_OPTIONS, '-cp', REAL_ZK.cliClasspath, REAL_ZK.cliMain, '-server', `127.0.0.1:${port}`, ...options];
    // One pipe for stdout and stderr, so that their lines keep the order zkCli wrote them in.
    this.process = track(
      spawn('/bin/sh', ['-c', 'exec "$@" 2>&1', 'zkcli', REAL_ZK.java, ...args], {
        stdio: ['pipe', 'pipe', 'ignore'],
        env: { ...process.env, ...JVM_ENV },
      }),
    );
    this.exited = new Promise((resolve) => this.process.once('close', () => resolve()));
    this.process.stdout!.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.activity.touch();
    });
    this.process.stdin!.on('error', () => {
      /* zkCli exited (quit, crash); later lines are not delivered, as with a real terminal */
    });
  }

  get output(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  private get pid(): number {
    return this.process.pid!;
  }

  /** Waits for the session to connect and zkCli to wait for its first command. */
  async ready(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!this.alive) throw new Error(`client ${this.name} exited during start:\n${this.output}`);
      if (this.output.includes('WatchedEvent state:SyncConnected')) {
        this.mainThread = findStdinReader(this.pid);
        if (this.mainThread !== undefined) return;
      }
      await sleep(POLL_MS * 4);
    }
    throw new Error(`client ${this.name} did not connect within ${START_TIMEOUT_MS} ms:\n${this.output}`);
  }

  /** Types one line and waits until zkCli has processed it. */
  async send(line: string): Promise<void> {
    if (!this.alive || this.mainThread === undefined) return;
    const tid = this.mainThread;
    const before = sampleThread(this.pid, tid);
    if (typeof before !== 'object') throw new Error(`client ${this.name}: cannot observe zkCli's main thread`);
    await new Promise<void>((resolve) => this.process.stdin!.write(`${line}\n`, () => resolve()));
    const deadline = Date.now() + COMMAND_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const first = sampleThread(this.pid, tid);
      if (first === 'gone') return this.settleExit();
      if (first !== 'unknown' && first.inStdinRead && first.switches > before.switches) {
        await sleep(IDLE_SAMPLE_MS);
        const second = sampleThread(this.pid, tid);
        if (second === 'gone') return this.settleExit();
        if (second !== 'unknown' && second.inStdinRead && second.switches === first.switches) return;
      } else {
        await sleep(POLL_MS);
      }
    }
    throw new Error(`client ${this.name}: "${line.slice(0, 80)}" did not finish within ${COMMAND_TIMEOUT_MS} ms`);
  }

  /** The main thread is gone: zkCli is exiting (quit, or an uncaught exception). */
  private async settleExit(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), START_TIMEOUT_MS);
    });
    const stuck = await Promise.race([this.exited.then(() => false), timedOut]);
    clearTimeout(timer);
    if (stuck) throw new Error(`client ${this.name}: main thread ended but zkCli did not exit`);
  }

  async crash(): Promise<void> {
    await stopProcess(this.process);
    await this.exited;
  }

  async stop(): Promise<void> {
    await stopProcess(this.process);
  }
}

class RealServer {
  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly process: ChildProcess,
  ) {}

  static async start(script: Script): Promise<RealServer> {
    const port = await freeLoopbackPort();
    const dir = mkdtempSync(join(tmpdir(), 'zkoracle-'));
    const config = new Map<string, string>(BASE_CONFIG);
    for (const line of script.header.server) {
      const eq = line.indexOf('=');
      config.set(line.slice(0, eq), line.slice(eq + 1));
    }
    config.set('dataDir', join(dir, 'data'));
    config.set('clientPort', String(port));
    config.set('clientPortAddress', '127.0.0.1');
    const cfgFile = join(dir, 'zoo.cfg');
    writeFileSync(cfgFile, [...config].map(([k, v]) => `${k}=${v}\n`).join(''));
    const child = track(
      spawn(REAL_ZK.java, [...SERVER_JVM_OPTIONS, ...script.header.jvm, '-cp', REAL_ZK.serverClasspath, REAL_ZK.serverMain, cfgFile], {
        cwd: dir,
        stdio: ['ignore', 'ignore', 'ignore'],
        env: { ...process.env, ...JVM_ENV },
      }),
    );
    const server = new RealServer(port, dir, child);
    try {
      await server.ready();
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /**
   * Ready when it listens (seen in /proc, no connection made) and answers `srvr` as serving. Only
   * one 4lw connection is made in the usual case, so connection counters start the same each run.
   */
  private async ready(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) throw new Error(`ZooKeeper server exited with ${this.process.exitCode}`);
      if (isListening(this.port)) {
        const answer = await fourLetterWord(this.port, 'srvr').catch(() => '');
        if (answer.startsWith('Zookeeper version:')) return;
      }
      await sleep(50);
    }
    throw new Error(`ZooKeeper server on port ${this.port} not ready within ${START_TIMEOUT_MS} ms`);
  }

  async stop(): Promise<void> {
    await stopProcess(this.process);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Command lines name the server `127.0.0.1:2181` (ZooScope's address); point them at the real one. */
export function toRealAddress(line: string, port: number): string {
  return line.replace(/127\.0\.0\.1:2181(?!\d)/g, `127.0.0.1:${port}`);
}

/** Runs one script against a fresh real server; every process started is stopped before returning. */
export async function runOnRealServer(script: Script): Promise<RawRun> {
  const serverStarted = Date.now();
  const server = await RealServer.start(script);
  if (TRACE) console.error(`[trace] ${script.file} server ready in ${Date.now() - serverStarted} ms`);
  const activity = new Activity();
  const clients = new Map<string, ZkCli>();
  const fourLetter: RawRun['fourLetter'] = [];
  const client = (name: string): ZkCli => {
    const found = clients.get(name);
    if (!found) throw new Error(`${script.file}: client ${name} used before it was started`);
    return found;
  };
  try {
    for (const step of script.steps) {
      const where = `${script.file}:${step.line}`;
      const stepStarted = Date.now();
      try {
        switch (step.kind) {
          case 'start': {
            const cli = new ZkCli(step.client, server.port, step.options, activity);
            clients.set(step.client, cli);
            await cli.ready();
            break;
          }
          case 'command':
            await client(step.client).send(toRealAddress(step.text, server.port));
            // Count the quiet time from the command's end: watch events it caused in other
            // clients, or a connection it opened, may still be on their way.
            activity.touch();
            break;
          case 'sleep':
            await activity.quiet(QUIET_MS);
            await sleep(step.ms);
            break;
          case 'crash':
            await client(step.client).crash();
            break;
          case 'fourLetter':
            await activity.quiet(QUIET_MS);
            fourLetter.push({ word: step.word, answer: await fourLetterWord(server.port, step.word) });
            break;
        }
        await activity.quiet(QUIET_MS);
        if (TRACE) console.error(`[trace] ${where} ${step.kind} ${Date.now() - stepStarted} ms`);
      } catch (error) {
        throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return { clients: [...clients.values()].map((c) => ({ name: c.name, raw: c.output })), fourLetter };
  } finally {
    await Promise.all([...clients.values()].map((c) => c.stop()));
    await server.stop();
  }
}
