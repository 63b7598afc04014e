// What a real ensemble showed for each case, kept in oracle/ensemble/expected/<case>.json so that
// `npm test` holds ZooScope to it without starting any JVM.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnsembleObservation } from './observe.ts';

export const RECORDINGS_DIR = join(import.meta.dirname, 'expected');

export function writeRecording(name: string, o: EnsembleObservation): void {
  writeFileSync(join(RECORDINGS_DIR, `${name}.json`), `${JSON.stringify(o, null, 2)}\n`);
}

export function readRecording(name: string): EnsembleObservation {
  return JSON.parse(readFileSync(join(RECORDINGS_DIR, `${name}.json`), 'utf8')) as EnsembleObservation;
}
