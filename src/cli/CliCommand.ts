// org.apache.zookeeper.cli.CliCommand: a command's name, usage, parse() and exec().
//
// As in zkCli, one instance of each command lives for the whole shell and keeps what its last
// parse() set (AddWatchCommand's mode survives from one call to the next, for instance).

import type { ZooKeeperApi } from '../client/api.ts';
import { CliParseException } from './CliException.ts';
import { DefaultParser, ParseException, type CommandLine, type Options } from './commonsCli.ts';
import { addJavaFrame } from './javaLang.ts';
import type { PrintStream } from './PrintStream.ts';

export interface CommandIO {
  /** System.out */
  readonly out: PrintStream;
  /** System.err */
  readonly err: PrintStream;
  /**
   * Reads a local file as text (reconfig -file). Throw an Error whose message is what Java's
   * FileInputStream would say, e.g. `/x (No such file or directory)`. Absent: every file is missing.
   */
  readonly readFile?: (path: string) => string;
}

export abstract class CliCommand {
  protected zk!: ZooKeeperApi;

  constructor(
    protected readonly io: CommandIO,
    private readonly cmdStr: string,
    private readonly optionStr: string,
  ) {}

  protected get out(): PrintStream {
    return this.io.out;
  }

  protected get err(): PrintStream {
    return this.io.err;
  }

  setZk(zk: ZooKeeperApi): void {
    this.zk = zk;
  }

  getCmdStr(): string {
    return this.cmdStr;
  }

  getOptionStr(): string {
    return this.optionStr;
  }

  getUsageStr(): string {
    return `${this.cmdStr} ${this.optionStr}`;
  }

  /** Parse the words of the command line (word 0 is the command name); throws CliParseException. */
  abstract parse(cmdArgs: string[]): CliCommand;

  /** Run it; resolves true when the command set a watch. Throws CliException for zkCli to print. */
  abstract exec(): Promise<boolean>;
}

/** new DefaultParser().parse(options, args), with a ParseException turned into CliParseException. */
export function parseWith(options: Options, args: readonly string[]): CommandLine {
  try {
    return new DefaultParser().parse(options, args);
  } catch (e) {
    if (e instanceof ParseException) throw new CliParseException(e);
    throw e;
  }
}

/** Run f; if it throws a Java runtime exception, record the Java frame it passes through. */
export function inJavaFrame<T>(frame: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    addJavaFrame(e, frame);
    throw e;
  }
}
