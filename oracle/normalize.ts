// Normalization of raw zkCli / four-letter-word output into the comparable form stored in
// `oracle/expected/*.txt`. Pure functions: no I/O, no clocks. Only what must differ between two runs
// of the same script (dates, session ids, ports, timing-dependent 4lw counters) is rewritten.

import type { ScriptRun } from './expected.ts';

/** What a driver collected for one script, before normalization. */
export interface RawRun {
  /** Per client, in order of first use: stdout and stderr merged in order. */
  clients: { name: string; raw: string }[];
  /** Per `%4lw`, in order: the word and the server's raw answer. */
  fourLetter: { word: string; answer: string }[];
}

/** ZooScope's simulated standalone server address; every loopback address is shown as this. */
export const CANONICAL_ADDRESS = '127.0.0.1:2181';
/** `new Date(0).toString()` in UTC: system nodes carry it, so it is deterministic and kept. */
export const EPOCH_DATE = 'Thu Jan 01 00:00:00 UTC 1970';
export const DATE_MASK = '<date>';
export const MASK = '<masked>';

/** Splits a raw stream into lines; a final newline does not start another line. */
export function toLines(raw: string): string[] {
  if (raw === '') return [];
  const lines = raw.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const WATCHED_EVENT = /^WatchedEvent state:\S+ type:\S+ path:/;

/**
 * Removes every WATCHER block from a merged zkCli stream. zkCli prints a block as two separate
 * writes, `\nWATCHER::` and `\nWatchedEvent ...`, from its event thread, so command output may fall
 * between them: each of the two lines is removed together with the empty line just before it.
 */
export function splitWatcherBlocks(lines: readonly string[]): { out: string[]; events: string[] } {
  const out: string[] = [];
  const events: string[] = [];
  for (const line of lines) {
    const isMarker = line === 'WATCHER::';
    const isEvent = WATCHED_EVENT.test(line);
    if ((isMarker || isEvent) && out.length > 0 && out[out.length - 1] === '') {
      out.pop();
      if (isEvent) events.push(line);
      continue;
    }
    out.push(line);
  }
  return { out, events };
}

const DATE =
  /\b(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2} \d{2}:\d{2}:\d{2} [A-Za-z]{1,6}(?:[+-]\d{1,2}(?::?\d{2})?)? \d{4}\b/g;

/** Java `Date.toString()` dates become `<date>`, except the deterministic epoch-zero date. */
export function maskDates(line: string): string {
  return line.replace(DATE, (date) => (date === EPOCH_DATE ? date : DATE_MASK));
}

/** `127.0.0.1:<any port>` becomes `127.0.0.1:2181`. */
export function maskAddresses(line: string): string {
  return line.replace(/127\.0\.0\.1:\d+/g, CANONICAL_ADDRESS);
}

/** Names session ids `<session1>`, `<session2>`, ... in order of first appearance. */
export class SessionNames {
  private readonly names = new Map<bigint, string>();

  name(hex: string): string {
    const id = BigInt(hex.startsWith('0x') ? hex : `0x${hex}`);
    let name = this.names.get(id);
    if (name === undefined) {
      name = `<session${this.names.size + 1}>`;
      this.names.set(id, name);
    }
    return name;
  }
}

/** Normalizes one line of zkCli output (command output or event). */
export function normalizeClientLine(line: string, sessions: SessionNames): string {
  let result = maskAddresses(maskDates(line));
  result = result.replace(/^ephemeralOwner = (0x[0-9a-f]+)$/, (whole, hex: string) =>
    BigInt(hex) === 0n ? whole : `ephemeralOwner = ${sessions.name(hex)}`,
  );
  return result;
}

// Session ids in 4lw answers. Standalone session ids are `1 << 56 | (ms << 16)`-sized, 15-16 hex
// digits; standalone zxids stay far below 12 digits, so the length tells them apart.
const SESSION_ID = /\b0x[0-9a-f]{12,16}\b/g;

/** Masks the value after `key=` for each listed key (values end at `,`, `)` or a blank). */
function maskFields(line: string, keys: readonly string[]): string {
  let result = line;
  for (const key of keys) result = result.replace(new RegExp(`\\b(${key}=)[^,)\\s]+`, 'g'), `$1${MASK}`);
  return result;
}

/** Sorts the maximal runs of lines matching `pattern` (lists printed in hash-set order). */
function sortRuns(lines: string[], pattern: RegExp): string[] {
  const result: string[] = [];
  let run: string[] = [];
  const flush = () => {
    result.push(...run.sort());
    run = [];
  };
  for (const line of lines) {
    if (pattern.test(line)) run.push(line);
    else {
      flush();
      result.push(line);
    }
  }
  flush();
  return result;
}

// Per-connection counters in `stat` and `cons`: recved/sent count pings (sent every readTimeout/2 of
// idleness) so they vary; est/lresp are wall-clock timestamps; llat/minlat/avglat/maxlat are measured
// latencies.
const CONNECTION_FIELDS = ['recved', 'sent', 'est', 'lresp', 'llat', 'minlat', 'avglat', 'maxlat'];
// A connection line of `stat`/`cons`: ` /127.0.0.1:2181[1](queued=0,...)`.
const CONNECTION_LINE = /^ \/127\.0\.0\.1:2181\[\d+\]\(/;

function normalizeStatLike(lines: string[]): string[] {
  return sortRuns(
    lines.map((line) => {
      // Measured request latencies.
      if (line.startsWith('Latency min/avg/max: ')) return `Latency min/avg/max: ${MASK}`;
      // Packet counters include client pings, which depend on timing.
      if (/^(Received|Sent): \d+$/.test(line)) return line.replace(/\d+$/, MASK);
      return CONNECTION_LINE.test(line) ? maskFields(line, CONNECTION_FIELDS) : line;
    }),
    CONNECTION_LINE, // connections are listed in hash-set order
  );
}

// `mntr` keys whose values legitimately vary between runs of the same script. Everything else
// (counts of znodes, watches, ephemerals, sessions, connections, state, version) is kept.
const MNTR_VARYING: { pattern: RegExp; why: string }[] = [
  // Percentile/summary metrics of measured durations and sizes are timing dependent.
  { pattern: /^zk_(avg|min|max|sum|p50|p95|p99|p999)_/, why: 'summaries of measured durations/queue sizes' },
  // Plain latency gauges.
  { pattern: /^zk_(avg|min|max)_latency$/, why: 'measured request latency' },
  // Packet and byte counters include pings, sent every readTimeout/2 of client idleness.
  { pattern: /^zk_(packets_sent|packets_received|bytes_received_count|response_bytes)$/, why: 'include pings' },
  { pattern: /^zk_(last|min|max)_client_response_size$/, why: 'the last/extreme response may be a ping' },
  // Process-level values.
  { pattern: /^zk_uptime$/, why: 'wall-clock time since start' },
  { pattern: /^zk_(open|max)_file_descriptor_count$/, why: 'JVM/OS file descriptors' },
];

function normalizeMntr(lines: string[]): string[] {
  return lines.map((line) => {
    const tab = line.indexOf('\t');
    if (tab < 0) return line;
    const key = line.slice(0, tab);
    return MNTR_VARYING.some((m) => m.pattern.test(key)) ? `${key}\t${MASK}` : line;
  });
}

// `envi` keys describing the host, JVM and process, not ZooKeeper.
const ENVI_VARYING = /^(host\.name|java\.[a-z.]+|os\.[a-z.]+|user\.[a-z.]+)=/;

function normalizeEnvi(lines: string[]): string[] {
  return lines.map((line) => (ENVI_VARYING.test(line) ? line.replace(/=.*$/, `=${MASK}`) : line));
}

function normalizeConf(lines: string[]): string[] {
  return lines.map((line) => {
    // The real server listens on a free port; ZooScope's simulated server on 2181.
    if (line.startsWith('clientPort=')) return 'clientPort=2181';
    // A fresh temp dir per run.
    if (/^data(Log)?Dir=/.test(line)) return line.replace(/=.*$/, `=${MASK}`);
    // Bytes on disk: depends on txn log preallocation and snapshot timing.
    if (/^data(Log)?(Dir)?Size=/.test(line)) return line.replace(/=.*$/, `=${MASK}`);
    return line;
  });
}

function normalizeDirs(lines: string[]): string[] {
  // Bytes on disk: depends on txn log preallocation and snapshot timing.
  return lines.map((line) => line.replace(/^(datadir_size|logdir_size): \d+$/, `$1: ${MASK}`));
}

/**
 * `dump`: the expiry buckets ("N expire at <date>:") depend on when each session/connection was
 * last touched, so the bucket lines are dropped and the bucket count masked; the members are kept,
 * sorted (hash order), with their total, which is deterministic. The per-session ephemeral blocks
 * (`0x<id>:` then `\t<path>` lines) come in hash-map order of the ids and are sorted by id.
 */
function normalizeDump(lines: string[]): string[] {
  const result: string[] = [];
  let members: string[] | null = null;
  let blocks: string[][] | null = null;
  const flush = () => {
    if (members) result.push(...members.sort());
    if (blocks) result.push(...sortSessionBlocks(blocks));
    members = null;
    blocks = null;
  };
  for (const line of lines) {
    const sets = /^(Session|Connections) Sets \((\d+)\)\/\((\d+)\):$/.exec(line);
    if (sets) {
      flush();
      result.push(`${sets[1]} Sets (${MASK})/(${sets[3]}):`);
      members = [];
      continue;
    }
    if (/^Sessions with Ephemerals \(\d+\):$/.test(line)) {
      flush();
      result.push(line);
      blocks = [];
      continue;
    }
    if (members) {
      if (/^\d+ expire at /.test(line)) continue;
      if (line.startsWith('\t')) {
        members.push(line);
        continue;
      }
    }
    if (blocks) {
      if (/^0x[0-9a-f]+:$/.test(line)) {
        blocks.push([line]);
        continue;
      }
      if (line.startsWith('\t') && blocks.length > 0) {
        blocks[blocks.length - 1]!.push(line);
        continue;
      }
    }
    flush();
    result.push(line);
  }
  flush();
  return result;
}

/** Sorts blocks headed by a `0x<session id>` line by id (ids grow with creation order). */
function sortSessionBlocks(blocks: string[][]): string[] {
  const id = (block: string[]) => BigInt(/^0x[0-9a-f]+/.exec(block[0]!)![0]);
  return [...blocks].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0)).flat();
}

/**
 * `wchc` lists one block per session (`0x<id>` then `\t<path>` lines) in hash-map order of the
 * session ids, which differ between runs: blocks are sorted by session id (= creation order).
 */
function normalizeWchc(lines: string[]): string[] {
  const blocks: string[][] = [];
  const trailer: string[] = [];
  for (const line of lines) {
    if (line.startsWith('0x')) blocks.push([line]);
    else if (line.startsWith('\t') && blocks.length > 0) blocks[blocks.length - 1]!.push(line);
    else trailer.push(line);
  }
  return [...sortSessionBlocks(blocks), ...trailer];
}

/** Normalizes the answer to one four-letter word into lines. */
export function normalizeFourLetter(word: string, answer: string, sessions: SessionNames): string[] {
  let lines = toLines(answer).map((line) => maskAddresses(maskDates(line)));
  switch (word) {
    case 'srvr':
    case 'stat':
    case 'cons':
      lines = normalizeStatLike(lines);
      break;
    case 'mntr':
      lines = normalizeMntr(lines);
      break;
    case 'envi':
      lines = normalizeEnvi(lines);
      break;
    case 'conf':
      lines = normalizeConf(lines);
      break;
    case 'dirs':
      lines = normalizeDirs(lines);
      break;
    case 'dump':
      lines = normalizeDump(lines);
      break;
    case 'wchc':
      lines = normalizeWchc(lines);
      break;
    case 'wchp':
      // Under each path, the watching sessions are listed in hash-set order.
      lines = sortRuns(lines, /^\t0x/);
      break;
  }
  return lines.map((line) => line.replace(SESSION_ID, (hex) => sessions.name(hex)));
}

const WATCH_REMOVED = /^WatchedEvent state:\S+ type:(Data|Child|Persistent)WatchRemoved path:/;

/**
 * One removewatches can remove several kinds of watch at once; the Java client reports them from a
 * HashMap keyed by enum constants (identity hashes), so their order changes between JVM runs.
 * Consecutive removal events are therefore compared as a sorted run.
 */
export function sortWatchRemovalRuns(events: readonly string[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = (): void => {
    out.push(...run.sort());
    run = [];
  };
  for (const e of events) {
    if (WATCH_REMOVED.test(e)) run.push(e);
    else {
      flush();
      out.push(e);
    }
  }
  flush();
  return out;
}

/** Normalizes a whole run. Session ids are named in file order: clients (out, events), then 4lw. */
export function normalizeRun(raw: RawRun): ScriptRun {
  const sessions = new SessionNames();
  const clients = raw.clients.map(({ name, raw: stream }) => {
    const { out, events } = splitWatcherBlocks(toLines(stream));
    return {
      name,
      out: out.map((line) => normalizeClientLine(line, sessions)),
      events: sortWatchRemovalRuns(events.map((line) => normalizeClientLine(line, sessions))),
    };
  });
  const fourLetter: string[] = [];
  for (const { word, answer } of raw.fourLetter) {
    fourLetter.push(`> ${word}`, ...normalizeFourLetter(word, answer, sessions));
  }
  return { clients, fourLetter };
}
