// Parser for differential zkCli scripts (`oracle/scripts/NNN-topic.zk`).
//
// A script is plain zkCli input, one command per line, plus directives that start with `%` and are
// never sent to zkCli:
//   %server <zoo.cfg line>     extra/overriding zoo.cfg line (only before the first command)
//   %jvm <-Dkey=value>         extra JVM option for the server (only before the first command)
//   %client NAME [options]     following lines go to client NAME; the first mention starts it
//                              (options: -timeout MS, -r, -waitforconnection)
//   %sleep MS                  wait until output is quiet, then MS more milliseconds
//   %crash NAME                kill that client hard; its session is left to expire
//   %4lw WORD                  send a four-letter word to the server and record the answer
// `#` lines at the very start of the file describe the script and are not sent. Every other line,
// including empty lines and lines starting with `#`, is sent to the current client as typed.
// The implicit first client is `c1`; it starts at the first command addressed to it unless a
// `%client c1 ...` directive started it earlier. In command lines, `127.0.0.1:2181` (the address
// of ZooScope's simulated server) stands for the real server's address and is rewritten by the
// driver.

import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface ScriptHeader {
  /** The leading `#` lines, without the `#`. */
  comments: string[];
  /** zoo.cfg lines from `%server`, in order. */
  server: string[];
  /** Extra server JVM options from `%jvm`, in order. */
  jvm: string[];
}

export type Step =
  | { kind: 'start'; client: string; options: string[]; line: number }
  | { kind: 'command'; client: string; text: string; line: number }
  | { kind: 'sleep'; ms: number; line: number }
  | { kind: 'crash'; client: string; line: number }
  | { kind: 'fourLetter'; word: string; line: number };

export interface Script {
  /** File name without directory and `.zk`, e.g. `001-create-basic`. */
  name: string;
  file: string;
  header: ScriptHeader;
  steps: Step[];
  /** Client names in order of first use. */
  clients: string[];
}

export class ScriptError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'ScriptError';
  }
}

export const SCRIPT_NAME = /^\d{3}-[a-z0-9][a-z0-9-]*$/;
const CLIENT_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const FOUR_LETTER = /^[a-z]{4}$/;
const MAX_SLEEP_MS = 120_000;
/** zoo.cfg keys the driver owns: a script must not move the server off loopback or its temp dir. */
const RESERVED_SERVER_KEYS = new Set(['dataDir', 'dataLogDir', 'clientPort', 'clientPortAddress', 'secureClientPort']);

export function parseScript(text: string, file: string): Script {
  const name = basename(file).replace(/\.zk$/, '');
  const header: ScriptHeader = { comments: [], server: [], jvm: [] };
  const steps: Step[] = [];
  const clients: string[] = [];
  const crashed = new Map<string, number>();
  let current = 'c1';
  let inHeaderComments = true;
  let sawCommand = false;

  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const fail: (reason: string) => never = (reason) => {
      throw new ScriptError(file, lineNo, reason);
    };
    if (raw.includes('\r')) fail('carriage return in line (zkCli would split the line there)');

    if (inHeaderComments && raw.startsWith('#')) {
      header.comments.push(raw.slice(1).trimStart());
      return;
    }
    inHeaderComments = false;

    const startClient = (client: string, options: string[]) => {
      const crashedAt = crashed.get(client);
      if (crashedAt !== undefined) fail(`client ${client} was crashed at line ${crashedAt}`);
      if (!clients.includes(client)) {
        clients.push(client);
        steps.push({ kind: 'start', client, options, line: lineNo });
      } else if (options.length > 0) {
        fail(`options for client ${client} can only be given where it is first named`);
      }
    };

    if (!raw.startsWith('%')) {
      startClient(current, []);
      steps.push({ kind: 'command', client: current, text: raw, line: lineNo });
      sawCommand = true;
      return;
    }

    const match = /^%(\S*)(?:\s+(.*))?$/.exec(raw);
    const directive = match?.[1] ?? '';
    const arg = (match?.[2] ?? '').trim();
    switch (directive) {
      case 'server': {
        if (sawCommand || steps.length > 0) fail('%server is only allowed before the first command');
        const kv = /^([A-Za-z0-9_.]+)=(.*)$/.exec(arg);
        if (!kv) fail(`%server needs a zoo.cfg line "key=value", got "${arg}"`);
        if (RESERVED_SERVER_KEYS.has(kv[1]!)) fail(`%server cannot set ${kv[1]} (the driver owns it)`);
        header.server.push(arg);
        return;
      }
      case 'jvm': {
        if (sawCommand || steps.length > 0) fail('%jvm is only allowed before the first command');
        if (!/^-\S+$/.test(arg)) fail(`%jvm needs one JVM option such as -Dkey=value, got "${arg}"`);
        header.jvm.push(arg);
        return;
      }
      case 'client': {
        const [client, ...options] = arg.split(/\s+/).filter((s) => s !== '');
        if (client === undefined || !CLIENT_NAME.test(client)) fail(`%client needs a client name, got "${arg}"`);
        validateClientOptions(options, fail);
        current = client;
        startClient(current, options);
        return;
      }
      case 'sleep': {
        if (!/^\d+$/.test(arg)) fail(`%sleep needs a number of milliseconds, got "${arg}"`);
        const ms = Number(arg);
        if (ms > MAX_SLEEP_MS) fail(`%sleep ${ms} is longer than ${MAX_SLEEP_MS} ms`);
        steps.push({ kind: 'sleep', ms, line: lineNo });
        return;
      }
      case 'crash': {
        if (!CLIENT_NAME.test(arg)) fail(`%crash needs a client name, got "${arg}"`);
        if (!clients.includes(arg)) fail(`%crash ${arg}: no such client has been started`);
        if (crashed.has(arg)) fail(`%crash ${arg}: already crashed at line ${crashed.get(arg)}`);
        crashed.set(arg, lineNo);
        steps.push({ kind: 'crash', client: arg, line: lineNo });
        return;
      }
      case '4lw': {
        if (!FOUR_LETTER.test(arg)) fail(`%4lw needs a four-letter word in lower case, got "${arg}"`);
        steps.push({ kind: 'fourLetter', word: arg, line: lineNo });
        return;
      }
      default:
        fail(`unknown directive "%${directive}" (known: %server %jvm %client %sleep %crash %4lw)`);
    }
  });

  for (const step of steps) {
    if (step.kind === 'command' && crashed.has(step.client) && step.line > crashed.get(step.client)!) {
      throw new ScriptError(file, step.line, `client ${step.client} was crashed at line ${crashed.get(step.client)}`);
    }
  }
  return { name, file, header, steps, clients };
}

function validateClientOptions(options: string[], fail: (reason: string) => never): void {
  for (let i = 0; i < options.length; i++) {
    const option = options[i];
    if (option === '-r' || option === '-waitforconnection') continue;
    if (option === '-timeout') {
      const value = options[++i];
      if (value === undefined || !/^\d+$/.test(value)) fail('-timeout needs a number of milliseconds');
      continue;
    }
    fail(`unsupported zkCli option "${option}" (supported: -timeout MS, -r, -waitforconnection)`);
  }
}

export function readScript(file: string): Script {
  return parseScript(readFileSync(file, 'utf8'), file);
}

export const SCRIPTS_DIR = join(import.meta.dirname, 'scripts');
export const EXPECTED_DIR = join(import.meta.dirname, 'expected');

/**
 * Script files in `dir`, sorted. `names` selects scripts by full name (`001-create`), number (`001`)
 * or name prefix; an unmatched name is an error.
 */
export function listScripts(dir: string = SCRIPTS_DIR, names: string[] = []): string[] {
  const all = readdirSync(dir)
    .filter((f) => f.endsWith('.zk'))
    .sort();
  for (const f of all) {
    const name = f.replace(/\.zk$/, '');
    if (!SCRIPT_NAME.test(name)) throw new ScriptError(join(dir, f), 0, 'script names must look like NNN-topic.zk');
  }
  if (names.length === 0) return all.map((f) => join(dir, f));
  const chosen = new Set<string>();
  for (const wanted of names) {
    const key = basename(wanted).replace(/\.zk$/, '');
    const hits = all.filter((f) => f.replace(/\.zk$/, '') === key || f.startsWith(`${key}-`) || f.startsWith(key));
    if (hits.length === 0) throw new Error(`no script matches "${wanted}" in ${dir}`);
    hits.forEach((h) => chosen.add(h));
  }
  return [...chosen].sort().map((f) => join(dir, f));
}
