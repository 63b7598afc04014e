// Expected-output files (`oracle/expected/NNN-topic.txt`): format, parse and compare.
//
//   # recorded from Apache ZooKeeper 3.8.0 by `npm run oracle:record`; do not edit
//   === c1 out
//   <command output lines>
//   === c1 events
//   <WatchedEvent lines>
//   === 4lw
//   > WORD
//   <answer lines>
//
// A content line that starts with `===` or `\` is written with a leading `\` so that it cannot be
// taken for a section header.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXPECTED_DIR } from './script.ts';

export interface ClientRun {
  name: string;
  /** Command output, WATCHER blocks removed, normalized. */
  out: string[];
  /** The `WatchedEvent ...` lines, normalized. */
  events: string[];
}

export interface ScriptRun {
  clients: ClientRun[];
  /** For each `%4lw`: `> WORD`, then the normalized answer lines. */
  fourLetter: string[];
}

export const EXPECTED_HEADER = '# recorded from Apache ZooKeeper 3.8.0 by `npm run oracle:record`; do not edit';

function escape(line: string): string {
  return line.startsWith('===') || line.startsWith('\\') ? `\\${line}` : line;
}

function unescape(line: string): string {
  return line.startsWith('\\') ? line.slice(1) : line;
}

export function formatExpected(run: ScriptRun): string {
  const parts: string[] = [EXPECTED_HEADER];
  for (const client of run.clients) {
    parts.push(`=== ${client.name} out`, ...client.out.map(escape));
    parts.push(`=== ${client.name} events`, ...client.events.map(escape));
  }
  if (run.fourLetter.length > 0) parts.push('=== 4lw', ...run.fourLetter.map(escape));
  return `${parts.join('\n')}\n`;
}

export function parseExpected(text: string, file = '<expected>'): ScriptRun {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines[0] !== EXPECTED_HEADER) throw new Error(`${file}:1: missing header line "${EXPECTED_HEADER}"`);
  const run: ScriptRun = { clients: [], fourLetter: [] };
  let target: string[] | null = null;
  lines.slice(1).forEach((line, i) => {
    const header = /^=== (?:(\S+) (out|events)|(4lw))$/.exec(line);
    if (header) {
      if (header[3]) {
        target = run.fourLetter;
      } else if (header[2] === 'out') {
        const client: ClientRun = { name: header[1]!, out: [], events: [] };
        run.clients.push(client);
        target = client.out;
      } else {
        const client = run.clients[run.clients.length - 1];
        if (!client || client.name !== header[1]) throw new Error(`${file}:${i + 2}: events section without its out section`);
        target = client.events;
      }
      return;
    }
    if (line.startsWith('===')) throw new Error(`${file}:${i + 2}: malformed section header "${line}"`);
    if (target === null) throw new Error(`${file}:${i + 2}: content before the first section`);
    (target as string[]).push(unescape(line));
  });
  return run;
}

export function expectedPath(scriptName: string, dir: string = EXPECTED_DIR): string {
  return join(dir, `${scriptName}.txt`);
}

export function readExpected(scriptName: string, dir: string = EXPECTED_DIR): ScriptRun {
  const file = expectedPath(scriptName, dir);
  return parseExpected(readFileSync(file, 'utf8'), file);
}
