// What the ensemble check compares, and how it is read off a real server: each `srvr` answer
// reduced to Mode, Zxid and Node count; each learner's syncs as the learner logged them (DIFF,
// TRUNC or SNAP and the zxid that came with it); the zxid and version lines zkCli's `stat` printed.

export interface SrvrProbe {
  readonly at: number;
  readonly server: number;
  /** "Mode: leader | Zxid: 0x100000003 | Node count: 6", or the refusal of a server not serving. */
  readonly answer: string;
}

export interface LearnerSync {
  readonly server: number;
  readonly mode: 'DIFF' | 'TRUNC' | 'SNAP';
  readonly zxid: string;
}

export interface EnsembleObservation {
  readonly srvr: readonly SrvrProbe[];
  readonly syncs: readonly LearnerSync[];
  /** zkCli's stat lines that do not depend on the clock or the session id. */
  readonly stats: readonly string[];
}

const SRVR_FIELDS = ['Mode', 'Zxid', 'Node count'];

/** Nothing listening: a real server that exited (or not up yet) refuses the connection; ZooScope's closes it unanswered. */
const NOT_LISTENING = '(connection refused)';

export function srvrAnswer(raw: string): string {
  if (raw === '' || /ECONNREFUSED/.test(raw)) return NOT_LISTENING;
  if (!raw.startsWith('Zookeeper version:')) return raw.trim();
  const fields = new Map(raw.split('\n').flatMap((l) => { const i = l.indexOf(': '); return i < 0 ? [] : [[l.slice(0, i), l.slice(i + 2)] as const]; }));
  return SRVR_FIELDS.map((f) => `${f}: ${fields.get(f) ?? '(missing)'}`).join(' | ');
}

// Learner.syncWithLeader's INFO lines, one per sync, naming the first packet the leader sent.
const SYNC_LINES: readonly [RegExp, LearnerSync['mode']][] = [
  [/Getting a diff from the leader 0x([0-9a-f]+)/, 'DIFF'],
  [/Truncating log to get in sync with the leader 0x([0-9a-f]+)/, 'TRUNC'],
  [/Getting a snapshot from leader 0x([0-9a-f]+)/, 'SNAP'],
];

/** A server's log (log4j console output) as the syncs it went through, in order. */
export function learnerSyncsFromLog(server: number, log: string): LearnerSync[] {
  const out: LearnerSync[] = [];
  for (const line of log.split('\n')) {
    for (const [re, mode] of SYNC_LINES) {
      const m = re.exec(line);
      if (m) out.push({ server, mode, zxid: `0x${m[1]}` });
    }
  }
  return out;
}

const STAT_LINE = /^(cZxid|mZxid|pZxid|cversion|dataVersion|aclVersion|dataLength|numChildren) = /;

export function statLines(output: string): string[] {
  return output.split('\n').filter((l) => STAT_LINE.test(l));
}

/** Differences between a real ensemble's observation and ZooScope's, as lines for a person. */
export function compareObservations(name: string, real: EnsembleObservation, ours: EnsembleObservation): string[] {
  const problems: string[] = [];
  const probes = (o: EnsembleObservation) => new Map(o.srvr.map((p) => [`at ${p.at} server ${p.server}`, p.answer]));
  const r = probes(real);
  const z = probes(ours);
  for (const key of new Set([...r.keys(), ...z.keys()])) {
    if (r.get(key) !== z.get(key)) problems.push(`${name}: srvr ${key}: ZooKeeper "${r.get(key) ?? '(none)'}", ZooScope "${z.get(key) ?? '(none)'}"`);
  }
  const servers = new Set([...real.syncs, ...ours.syncs].map((s) => s.server));
  for (const id of [...servers].sort((a, b) => a - b)) {
    const show = (o: EnsembleObservation) => o.syncs.filter((s) => s.server === id).map((s) => `${s.mode} ${s.zxid}`).join(', ') || '(none)';
    if (show(real) !== show(ours)) problems.push(`${name}: syncs of server ${id}: ZooKeeper ${show(real)}; ZooScope ${show(ours)}`);
  }
  if (real.stats.join('\n') !== ours.stats.join('\n')) problems.push(`${name}: stat lines: ZooKeeper [${real.stats.join('; ')}], ZooScope [${ours.stats.join('; ')}]`);
  return problems;
}
