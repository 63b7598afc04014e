// Runs scripts against the real server with bounded parallelism, and the CLI plumbing shared by
// `record.ts` and `check.ts`.

import { killAllStarted, runOnRealServer } from './realServer.ts';
import { normalizeRun } from './normalize.ts';
import type { ScriptRun } from './expected.ts';
import { listScripts, readScript, type Script } from './script.ts';

/** At most two scripts at once: each runs a server JVM and one or more zkCli JVMs on 2 cores. */
export const PARALLEL_SCRIPTS = 2;

export interface ScriptResult {
  script: Script;
  run?: ScriptRun;
  error?: Error;
  seconds: number;
}

/** Parses the named scripts (all when none are named); a malformed script stops everything. */
export function loadScripts(names: string[]): Script[] {
  return listScripts(undefined, names).map(readScript);
}

export async function recordAll(
  scripts: Script[],
  onResult: (result: ScriptResult) => void,
  parallel = PARALLEL_SCRIPTS,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < scripts.length) {
      const script = scripts[next++]!;
      const started = Date.now();
      try {
        const run = normalizeRun(await runOnRealServer(script));
        onResult({ script, run, seconds: (Date.now() - started) / 1000 });
      } catch (error) {
        onResult({ script, error: error instanceof Error ? error : new Error(String(error)), seconds: (Date.now() - started) / 1000 });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, scripts.length) }, worker));
}

/** Kills every started JVM when the user interrupts. */
export function exitCleanlyOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killAllStarted();
      process.exit(130);
    });
  }
}
