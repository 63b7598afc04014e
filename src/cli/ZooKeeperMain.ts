// org.apache.zookeeper.ZooKeeperMain: the zkCli shell, host-agnostic.
//
// The host (a Node CLI, a browser console, a test) feeds lines to executeLine() one at a time and
// shows what arrives on output.out / output.err: exactly what Java writes to System.out and
// System.err, newlines included. Watch events are printed the moment the client delivers them.
//
// Deliberate deviation: where real zkCli dies of an uncaught exception (`redo x`, `delete -v x`,
// `set -v x`, `setAcl -v x`, `addWatch relative`, a lone quote as the very first line, a corrupt
// quota node, `connect` with a bad address...), Java prints `Exception in thread "main" ...` plus
// a stack trace and the process exits. By default this shell prints only that first line to
// stderr and keeps going; with `onUncaught: 'exit'` it prints the first line and the stack frames
// it knows, then asks the host to exit with status 1, as Java would.

import { isAlive, type WatchedEvent, type Watcher, type ZooKeeperApi } from '../client/api.ts';
import { eventTypeName, keeperStateName } from '../zk/ZooDefs.ts';
import type { CliCommand, CommandIO } from './CliCommand.ts';
import { CliException, CommandNotFoundException, MalformedCommandException } from './CliException.ts';
import { createCommands } from './CommandFactory.ts';
import { addJavaFrame, decodeInt32, javaFramesOf, JavaRuntimeException, javaThrowableToString, NumberFormatException, parseInt32 } from './javaLang.ts';
import { PrintStream } from './PrintStream.ts';
import { tokenize } from './tokenize.ts';

export interface CliOutput {
  /** Text written to System.out (includes its own '\n's). */
  out(text: string): void;
  /** Text written to System.err (includes its own '\n's). */
  err(text: string): void;
}

export interface CliHost {
  output: CliOutput;
  /** Open a new session handle, like new ZooKeeperAdmin(connectString, sessionTimeout, watcher, readOnly). */
  connect(connectString: string, sessionTimeout: number, watcher: Watcher, readOnly: boolean): ZooKeeperApi;
  /** The shell wants the process to end (quit, or a crash in 'exit' mode). */
  exit(code: number): void;
  /** JLine would be active: the banner says `JLine support is enabled` (prompts are the host's job). */
  interactive: boolean;
  /** Read a local text file (reconfig -file); throw with Java's FileInputStream message. Optional. */
  readFile?(path: string): string;
  /** Resolve after ms of (virtual) time; used by -waitforconnection. Absent: wait without limit. */
  sleep?(ms: number): Promise<void>;
}

export interface ZooKeeperMainOptions {
  /** -server (default localhost:2181) */
  server?: string;
  /** -timeout in ms, as typed (default 30000); Java parses it with Integer.parseInt at connect time. */
  timeout?: number | string;
  /** -r */
  readonly?: boolean;
  /** -waitforconnection */
  waitForConnection?: boolean;
  /** The words after the options: run this one command instead of a shell. */
  command?: string[];
  /** What to do where real zkCli dies of an uncaught exception (see the file comment). */
  onUncaught?: 'continue' | 'exit';
}

const MAIN = 'org.apache.zookeeper.ZooKeeperMain';
const frame = (method: string, line: number) => `${MAIN}.${method}(ZooKeeperMain.java:${line})`;

/** WatchedEvent.toString(). */
export function watchedEventToString(e: WatchedEvent): string {
  return `WatchedEvent state:${keeperStateName(e.state)} type:${eventTypeName(e.type)} path:${e.path ?? 'null'}`;
}

/** The command line and its words (ZooKeeperMain.MyCommandOptions). */
class CommandOptions {
  command: string | null = null;
  cmdArgs: string[] | null = null;

  /** parseCommand: false (and nothing changes) when the line has no words. */
  parseCommand(line: string): boolean {
    const args = tokenize(line);
    if (args.length === 0) return false;
    this.command = args[0] as string;
    this.cmdArgs = args;
    return true;
  }
}

export class ZooKeeperMain {
  private readonly out: PrintStream;
  private readonly err: PrintStream;
  private readonly commands: Map<string, CliCommand>;
  /** Every command name and its option string, for usage(). */
  private readonly commandMap = new Map<string, string>();
  private readonly cl = new CommandOptions();
  private readonly history = new Map<number, string>();
  private commandCount = 0;
  private printWatches = true;
  private exitCode = 0;
  private zk: ZooKeeperApi | null = null;
  private host = '';
  private readonly server: string;
  private readonly timeout: string;
  private readonly readOnly: boolean;
  private readonly waitForConnection: boolean;
  private readonly oneShot: string[] | null;
  private readonly onUncaught: 'continue' | 'exit';
  private connectLatch: { resolve: () => void; done: boolean } | null = null;
  private queue: Promise<void> = Promise.resolve();
  private exited = false;

  constructor(
    private readonly hostEnv: CliHost,
    opts: ZooKeeperMainOptions = {},
  ) {
    this.out = new PrintStream((t) => hostEnv.output.out(t));
    this.err = new PrintStream((t) => hostEnv.output.err(t));
    const io: CommandIO = {
      out: this.out,
      err: this.err,
      ...(hostEnv.readFile ? { readFile: (p: string) => (hostEnv.readFile as (p: string) => string)(p) } : {}),
    };
    this.commandMap.set('connect', 'host:port');
    this.commandMap.set('history', '');
    this.commandMap.set('redo', 'cmdno');
    this.commandMap.set('printwatches', 'on|off');
    this.commandMap.set('quit', '');
    this.commands = new Map();
    for (const c of createCommands(io)) {
      this.commands.set(c.getCmdStr(), c);
      this.commandMap.set(c.getCmdStr(), c.getOptionStr());
    }
    this.server = opts.server ?? 'localhost:2181';
    this.timeout = opts.timeout === undefined ? '30000' : String(opts.timeout);
    this.readOnly = opts.readonly ?? false;
    this.waitForConnection = opts.waitForConnection ?? false;
    this.oneShot = opts.command && opts.command.length > 0 ? [...opts.command] : null;
    this.onUncaught = opts.onUncaught ?? 'continue';
  }

  /**
   * MyCommandOptions.parseOptions for a command line such as
   * `-server host:port -timeout 5000 -r -waitforconnection [cmd args...]`. Unknown options are
   * ignored; an option missing its value stops the parse (Java prints an error on stderr and goes
   * on with what it has).
   */
  static parseArgs(argv: readonly string[], err?: (text: string) => void): ZooKeeperMainOptions {
    const opts: ZooKeeperMainOptions = {};
    for (let i = 0; i < argv.length; i++) {
      const opt = argv[i] as string;
      const next = () => {
        if (i + 1 >= argv.length) throw new RangeError(opt);
        return argv[++i] as string;
      };
      try {
        if (opt === '-server') opts.server = next();
        else if (opt === '-timeout') opts.timeout = next();
        else if (opt === '-r') opts.readonly = true;
        else if (opt === '-client-configuration') next();
        else if (opt === '-waitforconnection') opts.waitForConnection = true;
      } catch {
        err?.(`Error: no argument found for option ${opt}\n`);
        return opts;
      }
      if (!opt.startsWith('-')) {
        opts.command = argv.slice(i);
        return opts;
      }
    }
    return opts;
  }

  /** Commands as zkCli lists them (sorted with String.compareTo). */
  getCommands(): string[] {
    return [...this.commandMap.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  getPrintWatches(): boolean {
    return this.printWatches;
  }

  getExitCode(): number {
    return this.exitCode;
  }

  getCommandCount(): number {
    return this.commandCount;
  }

  /** The history entry for a command number (what `history` prints after `N - `). */
  getHistory(n: number): string | undefined {
    return this.history.get(n);
  }

  /** The current session handle (null before start, or if the first connect failed). */
  getZooKeeper(): ZooKeeperApi | null {
    return this.zk;
  }

  /** True once quit ran (or a crash in 'exit' mode): further lines are ignored. */
  hasExited(): boolean {
    return this.exited;
  }

  /** getPrompt(): `[zk: host(STATE) n] `. */
  prompt(): string {
    return `[zk: ${this.host}(${this.zk === null ? 'CLOSED' : this.zk.getState()}) ${this.commandCount}] `;
  }

  /**
   * The constructor's and run()'s output: `Connecting to <server>`, the connect, then the welcome
   * banner; or, with a one-shot command, that command then exit.
   */
  start(): Promise<void> {
    const p = this.queue.then(() => this.startNow());
    this.queue = p.catch(() => undefined);
    return p;
  }

  private async startNow(): Promise<void> {
    this.out.println(`Connecting to ${this.server}`);
    try {
      await this.connectToZK(this.server);
    } catch (e) {
      addJavaFrame(e, frame('<init>', 299));
      addJavaFrame(e, frame('main', 292));
      this.uncaught(e);
      if (this.exited) return;
    }
    if (this.oneShot === null) {
      this.out.println('Welcome to ZooKeeper!');
      this.out.println(`JLine support is ${this.hostEnv.interactive ? 'enabled' : 'disabled'}`);
      return;
    }
    this.cl.command = this.oneShot[0] as string;
    this.cl.cmdArgs = [...this.oneShot];
    try {
      await this.processCmd(this.cl);
    } catch (e) {
      addJavaFrame(e, frame('run', 350));
      addJavaFrame(e, frame('main', 293));
      this.uncaught(e);
      if (this.exited) return;
    }
    this.exited = true;
    this.hostEnv.exit(this.exitCode);
  }

  /** End of input: run() asks for exit with the last command's status (the session is not closed). */
  endOfInput(): void {
    if (this.exited) return;
    this.exited = true;
    this.hostEnv.exit(this.exitCode);
  }

  /** Run one input line; resolves when its output is complete. Lines are processed in order. */
  executeLine(line: string): Promise<void> {
    const p = this.queue.then(() => this.executeLineNow(line));
    this.queue = p.catch(() => undefined);
    return p;
  }

  private async executeLineNow(line: string): Promise<void> {
    if (this.exited || line === '') return;
    this.cl.parseCommand(line);
    this.history.set(this.commandCount, line);
    try {
      await this.processCmd(this.cl);
    } catch (e) {
      addJavaFrame(e, frame('executeLine', 359));
      addJavaFrame(e, frame('run', this.hostEnv.interactive ? 327 : 345));
      addJavaFrame(e, frame('main', 293));
      this.uncaught(e);
    }
    this.commandCount++;
  }

  /** Where Java would die of an uncaught exception. */
  private uncaught(e: unknown): void {
    const first = `Exception in thread "main" ${javaThrowableToString(e)}`;
    if (this.onUncaught === 'exit') {
      let text = first + '\n';
      for (const f of javaFramesOf(e)) text += `\tat ${f}\n`;
      this.err.print(text);
      this.exited = true;
      this.hostEnv.exit(1);
    } else {
      this.err.println(first);
    }
  }

  private async processCmd(co: CommandOptions): Promise<boolean> {
    let watch = false;
    try {
      watch = await this.processZKCmd(co);
      this.exitCode = 0;
    } catch (ex) {
      if (!(ex instanceof CliException)) {
        addJavaFrame(ex, frame('processCmd', 367));
        throw ex;
      }
      this.exitCode = ex.exitCode;
      this.err.println(ex.javaMessage);
    }
    return watch;
  }

  private usage(): void {
    let text = 'ZooKeeper -server host:port -client-configuration properties-file cmd args\n';
    for (const cmd of this.getCommands()) text += `\t${cmd} ${this.commandMap.get(cmd)}\n`;
    this.err.print(text);
  }

  private async processZKCmd(co: CommandOptions): Promise<boolean> {
    if (co.cmdArgs === null) {
      // The very first line had no words (e.g. a lone quote): Java's getArgArray() dereferences null.
      throw new JavaRuntimeException('java.lang.NullPointerException', 'Cannot invoke "java.util.List.toArray(Object[])" because "this.cmdArgs" is null', [
        `${MAIN}$MyCommandOptions.getArgArray(ZooKeeperMain.java:157)`,
        frame('processZKCmd', 377),
      ]);
    }
    const args = [...co.cmdArgs];
    const cmd = co.command as string;
    if (args.length < 1) {
      this.usage();
      throw new MalformedCommandException('No command entered');
    }
    if (!this.commandMap.has(cmd)) {
      this.usage();
      throw new CommandNotFoundException(`Command not found ${cmd}`);
    }

    if (cmd === 'quit') {
      if (this.zk !== null) await this.zk.close();
      this.exited = true;
      this.hostEnv.exit(this.exitCode);
      return false;
    } else if (cmd === 'redo' && args.length >= 2) {
      let i: number;
      try {
        i = decodeInt32(args[1] as string);
      } catch (e) {
        addJavaFrame(e, frame('processZKCmd', 397));
        throw e;
      }
      if (this.commandCount <= i || i < 0) throw new MalformedCommandException('Command index out of range');
      this.cl.parseCommand(this.history.get(i) as string);
      if (this.cl.command === 'redo') throw new MalformedCommandException('No redoing redos');
      this.history.set(this.commandCount, this.history.get(i) as string);
      try {
        await this.processCmd(this.cl);
      } catch (e) {
        addJavaFrame(e, frame('processZKCmd', 406));
        throw e;
      }
    } else if (cmd === 'history') {
      let text = '';
      for (let i = this.commandCount - 10; i <= this.commandCount; ++i) {
        if (i < 0) continue;
        text += `${i} - ${this.history.get(i) ?? 'null'}\n`;
      }
      this.out.print(text);
    } else if (cmd === 'printwatches') {
      if (args.length === 1) this.out.println(`printwatches is ${this.printWatches ? 'on' : 'off'}`);
      else this.printWatches = args[1] === 'on';
    } else if (cmd === 'connect') {
      try {
        await this.connectToZK(args.length >= 2 ? (args[1] as string) : this.host);
      } catch (e) {
        addJavaFrame(e, frame('processZKCmd', args.length >= 2 ? 422 : 424));
        throw e;
      }
    }

    // Everything below needs a live session.
    if (this.zk === null || !isAlive(this.zk.getState())) {
      this.out.println('Not connected');
      return false;
    }

    const cliCmd = this.commands.get(cmd);
    if (cliCmd === undefined) return false;
    cliCmd.setZk(this.zk);
    try {
      return await cliCmd.parse(args).exec();
    } catch (e) {
      if (!(e instanceof CliException)) addJavaFrame(e, frame('processZKCmd', 438));
      throw e;
    }
  }

  private readonly watcher: Watcher = (event) => {
    if (this.printWatches) {
      // printMessage(msg) is System.out.println("\n" + msg)
      this.out.print(`\nWATCHER::\n\n${watchedEventToString(event)}\n`);
    }
    const latch = this.connectLatch;
    if (latch !== null && !latch.done && event.type === -1 && event.state === 3) {
      latch.done = true;
      latch.resolve();
    }
  };

  private async connectToZK(newHost: string): Promise<void> {
    if (this.zk !== null && isAlive(this.zk.getState())) await this.zk.close();
    this.host = newHost;
    let connected: Promise<void> | null = null;
    if (this.waitForConnection) {
      connected = new Promise<void>((resolve) => {
        this.connectLatch = { resolve, done: false };
      });
    }
    let timeout: number;
    try {
      timeout = parseInt32(this.timeout);
    } catch (e) {
      addJavaFrame(e, frame('connectToZK', 280));
      throw e;
    }
    this.zk = this.hostEnv.connect(newHost, timeout, this.watcher, this.readOnly);
    if (connected !== null) {
      const sleep = this.hostEnv.sleep;
      const timedOut = sleep === undefined ? new Promise<boolean>(() => undefined) : sleep(timeout).then(() => true);
      const ok = await Promise.race([connected.then(() => false), timedOut]);
      if (ok) {
        await this.zk.close();
        throw new JavaRuntimeException('java.io.IOException', 'org.apache.zookeeper.KeeperException$ConnectionLossException: KeeperErrorCode = ConnectionLoss', [
          frame('connectToZK', 285),
        ]);
      }
    }
  }
}

/** For hosts whose connect() must fail the way Java does (e.g. a bad port in the connect string). */
export { NumberFormatException };
