// Scenarios in share URLs: `#s=<payload>`, the payload being the scenario's JSON compressed with
// lz-string's compressToEncodedURIComponent. Decoding takes text from anybody, so it is bounded
// before any work (64 KB of payload, 64 KB of JSON once decompressed: a small payload cannot
// expand into megabytes), never throws, and says in words what was wrong. Pure: no DOM.

import { compressToEncodedURIComponent } from 'lz-string';
import { parseJson } from '../scenario/json.ts';
import { SCENARIO_VERSION, type Scenario } from '../scenario/types.ts';
import { validateScenario } from '../scenario/validate.ts';

/** Largest payload (characters after `#s=`) and largest decompressed JSON (characters) accepted. */
export const MAX_PAYLOAD = 64 * 1024;
export const MAX_JSON = 64 * 1024;

/** The hash parameter that holds a scenario. */
export const HASH_KEY = 's';

export type DecodeResult =
  | { readonly ok: true; readonly scenario: Scenario }
  /** `problem`: one sentence for people; `errors`: the validator's field errors, if it got that far. */
  | { readonly ok: false; readonly problem: string; readonly errors: readonly string[] };

export type EncodeResult = { readonly ok: true; readonly payload: string; readonly json: string } | { readonly ok: false; readonly problem: string };

const kb = (n: number): string => `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;

/** The payload of a share link for a (valid) scenario, or why it cannot be one. */
export function encodeScenario(scenario: Scenario): EncodeResult {
  const json = JSON.stringify(scenario);
  if (json.length > MAX_JSON) return { ok: false, problem: `This scenario is too long for a link (${kb(json.length)} of JSON; links hold at most ${kb(MAX_JSON)}). Export it as a file instead.` };
  const payload = compressToEncodedURIComponent(json);
  if (payload.length > MAX_PAYLOAD) return { ok: false, problem: `This scenario is too long for a link (${kb(payload.length)} compressed; at most ${kb(MAX_PAYLOAD)}). Export it as a file instead.` };
  return { ok: true, payload, json };
}

/** The payload in a location hash (`#s=…`, possibly among other `&`-separated parameters), or null. */
export function payloadOfHash(hash: string): string | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  // Look only at the start of each parameter; the payload alphabet has no '&' or '='.
  let i = 0;
  while (i <= h.length) {
    const end = h.indexOf('&', i);
    const stop = end === -1 ? h.length : end;
    if (h.startsWith(`${HASH_KEY}=`, i)) return h.slice(i + HASH_KEY.length + 1, stop);
    if (end === -1) break;
    i = end + 1;
  }
  return null;
}

/** Read a share-link payload: size limits first, then decompression, JSON, version, validation. */
export function decodePayload(payload: string): DecodeResult {
  const fail = (problem: string, errors: readonly string[] = []): DecodeResult => ({ ok: false, problem, errors });
  if (payload.length === 0) return fail('The link has an empty scenario (nothing after “#s=”).');
  if (payload.length > MAX_PAYLOAD) return fail(`The link’s scenario is too large: ${kb(payload.length)} compressed, more than the ${kb(MAX_PAYLOAD)} a link may hold. Nothing of it was read.`);
  // Some messengers percent-encode '$' or '+' (and a browser encodes what it may not keep as is).
  if (payload.includes('%')) {
    try {
      payload = decodeURIComponent(payload);
    } catch {
      // a malformed escape: the alphabet check below names the '%'
    }
  }
  const d = decompressBounded(payload, MAX_JSON);
  if (!d.ok) {
    switch (d.why) {
      case 'alphabet':
        return fail(`The link’s scenario is not a ZooScope payload: it contains ${describeChar(d.char!)} at position ${d.at! + 1}, which a compressed scenario never has. Was the link copied in full?`);
      case 'too-long':
        return fail(`The link’s scenario is too large once decompressed: more than ${kb(MAX_JSON)} of JSON. It was not read further.`);
      case 'truncated':
        return fail('The link’s scenario is cut short: the compressed data ends in the middle. Was the link copied in full?');
      case 'corrupt':
        return fail('The link’s scenario is damaged: its compressed data does not decode. Was the link copied in full?');
    }
  }
  const parsed = parseJson(d.text);
  if (!parsed.ok) return fail('The link’s scenario is not valid JSON.', [parsed.error]);
  const v = parsed.value;
  const version = typeof v === 'object' && v !== null && !Array.isArray(v) ? v.version : undefined;
  const r = validateScenario(v);
  if (typeof version === 'number' && version !== SCENARIO_VERSION)
    return fail(`The link holds a scenario of format version ${version}; this ZooScope reads version ${SCENARIO_VERSION}.`, r.ok ? [] : r.errors);
  if (!r.ok) return fail(`The link’s scenario is not a valid scenario (${r.errors.length} ${r.errors.length === 1 ? 'problem' : 'problems'}).`, r.errors);
  return { ok: true, scenario: r.scenario };
}

function describeChar(c: string): string {
  const code = c.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
  return `the character “${c}”`;
}

// ---- lz-string's decompressor, bounded ----
//
// The same algorithm as lz-string 1.5's _decompress over the URI-safe alphabet (6 bits a
// character), but it stops as soon as the output would exceed a limit, tells a truncated input
// from a corrupt one, and rejects characters outside the alphabet up front. Bounded output bounds
// the work and the memory: every dictionary entry is an earlier output string plus one character.

const URI_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const VALUE = new Map([...URI_SAFE].map((c, i) => [c, i] as const));

export type DecompressResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly why: 'alphabet' | 'too-long' | 'truncated' | 'corrupt'; readonly at?: number; readonly char?: string };

export function decompressBounded(input: string, maxChars: number): DecompressResult {
  // A space is a '+' that went through form decoding, as lz-string itself accepts.
  const values = new Uint8Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const ch = input[i] === ' ' ? '+' : input[i]!;
    const v = VALUE.get(ch);
    if (v === undefined) return { ok: false, why: 'alphabet', at: i, char: String.fromCodePoint(input.codePointAt(i)!) };
    values[i] = v;
  }
  const RESET = 32;
  let val = values[0] ?? 0;
  let position = RESET;
  let index = 1;
  /** Reads n bits, least significant first; null when the input is exhausted first. */
  const read = (n: number): number | null => {
    let bits = 0;
    for (let power = 1, k = 0; k < n; k++, power *= 2) {
      if (index > values.length) return null;
      const b = val & position;
      position >>= 1;
      if (position === 0) {
        position = RESET;
        val = values[index++] ?? 0;
      }
      if (b > 0) bits += power;
    }
    return bits;
  };
  if (values.length === 0) return { ok: false, why: 'truncated' };
  const dictionary: string[] = ['', '', ''];
  let enlargeIn = 4;
  let dictSize = 4;
  let numBits = 3;
  const first = read(2);
  let c: string;
  if (first === null) return { ok: false, why: 'truncated' };
  if (first === 2) return { ok: true, text: '' };
  if (first === 0 || first === 1) {
    const code = read(first === 0 ? 8 : 16);
    if (code === null) return { ok: false, why: 'truncated' };
    c = String.fromCharCode(code);
  } else return { ok: false, why: 'corrupt' };
  dictionary[3] = c;
  let w = c;
  const out: string[] = [c];
  let length = c.length;
  for (;;) {
    if (index > values.length) return { ok: false, why: 'truncated' };
    const code = read(numBits);
    if (code === null) return { ok: false, why: 'truncated' };
    let k = code;
    if (code === 0 || code === 1) {
      const ch = read(code === 0 ? 8 : 16);
      if (ch === null) return { ok: false, why: 'truncated' };
      dictionary[dictSize++] = String.fromCharCode(ch);
      k = dictSize - 1;
      enlargeIn--;
    } else if (code === 2) {
      return { ok: true, text: out.join('') };
    }
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
    let entry: string;
    if (k < dictSize && dictionary[k] !== undefined && k >= 3) entry = dictionary[k]!;
    else if (k === dictSize) entry = w + w.charAt(0);
    else return { ok: false, why: 'corrupt' };
    length += entry.length;
    if (length > maxChars) return { ok: false, why: 'too-long' };
    out.push(entry);
    dictionary[dictSize++] = w + entry.charAt(0);
    enlargeIn--;
    w = entry;
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
    // numBits grows with the dictionary; a code wider than 31 bits means the input is garbage.
    if (numBits > 30) return { ok: false, why: 'corrupt' };
  }
}
