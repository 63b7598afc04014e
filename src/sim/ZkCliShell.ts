// A zkCli shell living in a simulated world: the same interpreter as the browser console, with
// its session handles opened through the world's network. Output is kept as one merged stream
// (stdout and stderr in the order they were written), as `zkCli.sh 2>&1` would show it.

import type { Watcher, ZooKeeperApi } from '../client/api.ts';
import { ZooKeeperMain, type ZooKeeperMainOptions } from '../cli/ZooKeeperMain.ts';
import { runPromise } from './drive.ts';
import type { World } from './World.ts';

export interface ShellOutput {
  out(text: string): void;
  err(text: string): void;
}

export class ZkCliShell {
  readonly main: ZooKeeperMain;
  /** stdout and stderr, merged in write order. */
  merged = '';
  exitCode: number | null = null;
  private handles = 0;
  private current: string | null = null;

  constructor(
    private readonly world: World,
    readonly name: string,
    opts: ZooKeeperMainOptions,
    sink?: ShellOutput,
    interactive = false,
  ) {
    this.main = new ZooKeeperMain(
      {
        output: {
          out: (t) => {
            this.merged += t;
            sink?.out(t);
          },
          err: (t) => {
            this.merged += t;
            sink?.err(t);
          },
        },
        connect: (connectString: string, sessionTimeout: number, watcher: Watcher): ZooKeeperApi => {
          // Each connect opens a new session handle; the old one was closed by the shell.
          const handleName = this.handles++ === 0 ? name : `${name}#${this.handles}`;
          this.current = handleName;
          return world.connectClient(handleName, connectString, sessionTimeout, watcher);
        },
        exit: (code: number) => {
          this.exitCode = code;
        },
        interactive,
        sleep: (ms: number) => new Promise<void>((resolve) => world.at(world.now + ms, `${name} sleep`, resolve)),
      },
      opts,
    );
  }

  /** The server the live session handle is connected to or trying (ClientCnxn.currentServer), if any. */
  server(): number | null {
    const zk = this.main.getZooKeeper() as { cnxn?: { currentServer: string | null } } | null;
    return this.world.serverIdAt(zk?.cnxn?.currentServer ?? null);
  }

  /** Print the banner and connect (the constructor and run() of ZooKeeperMain). */
  async start(): Promise<void> {
    await runPromise(this.world, this.main.start());
  }

  /** Feed one line and run the world until its output is complete. */
  async run(line: string): Promise<void> {
    await runPromise(this.world, this.main.executeLine(line));
  }

  /** The process is killed: its session is neither closed nor told anything. */
  crash(): void {
    if (this.current !== null) this.world.crashClient(this.current);
    this.exitCode = 137;
  }

  get exited(): boolean {
    return this.exitCode !== null || this.main.hasExited();
  }
}
