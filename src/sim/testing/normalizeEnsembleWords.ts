// Normalization of what an ensemble prints (four-letter words, zkCli), so that a real ZooKeeper
// 3.8.0 recording and a ZooScope run of the same scenario can be compared. Only what legitimately
// differs between two runs is rewritten:
//   - wall-clock dates, client (ephemeral) ports, the time part of session ids;
//   - timings: latencies, uptimes, the avg/min/max/sum/percentiles of time summaries;
//   - the host: envi's OS/user/memory values, open file descriptors, data directory sizes;
//   - orders Java takes from identity hashes (connections in stat/cons): lines are sorted;
//   - expiry buckets: which (empty) buckets exist depends on when pings and words arrived.
// Metrics whose values depend on Java's thread scheduling (the CommitProcessor's batching, the
// learner handlers' queue depths) keep their key and lose their value; see MNTR_UNMODELLED.

export const MASK = '<m>';

const DATE = /\b(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}\b/g;
const EPOCH_DATE = 'Thu Jan 01 00:00:00 UTC 1970';

function maskDates(s: string): string {
  return s.replace(DATE, (d) => (d === EPOCH_DATE ? d : '<date>'));
}

/** A client's address as a server prints it (/127.0.0.1:port): the port is ephemeral. */
function maskClientPorts(s: string): string {
  return s.replace(/\/127\.0\.0\.1:\d+/g, '/127.0.0.1:<port>');
}

/**
 * Session ids: the high byte is the server id, the low two bytes count sessions; the 40 bits in
 * between come from the server's clock.
 */
function maskSessionIds(s: string): string {
  return s.replace(/0x([0-9a-f]{1,2})([0-9a-f]{10})([0-9a-f]{4})\b/g, (_m, sid: string, _t: string, n: string) => `0x${sid}<t>${n}`);
}

function common(s: string): string {
  return maskSessionIds(maskClientPorts(maskDates(s)));
}

/** Summaries whose values are durations: their count is kept, the rest masked. */
const TIME_SUMMARY =
  /^(fsynctime|snapshottime|dbinittime|election_time|follower_sync_time|observer_sync_time|unavailable_time|leader_unavailable_time|startup_txns_load_time|startup_snap_load_time|.*_time_ms|.*_time|.*latency|jvm_pause_time_ms)$/;

/**
 * Metrics fed by Java threads whose interleaving decides the values (CommitProcessor's batches and
 * session queues, the learner handlers' packet queues, socket closing): key only.
 */
export const MNTR_UNMODELLED =
  /^(\d+_learner_handler_qp_size|\d+_learner_handler_qp_time_ms|read_commit_proc_req_queued|write_commit_proc_req_queued|commit_commit_proc_req_queued|requests_in_session_queue|pending_session_queue_size|reads_after_write_in_session_queue|reads_issued_from_session_queue|session_queues_drained|read_commit_proc_issued|write_commit_proc_issued|write_batch_time_in_commit_processor|concurrent_request_processing_in_commit_processor|time_waiting_empty_pool_in_commit_processor_read_ms|commit_process_time|read_commitproc_time_ms|write_commitproc_time_ms|local_write_committed_time_ms|server_write_committed_time_ms|read_final_proc_time_ms|write_final_proc_time_ms|socket_closing_time)$/;

/** Gauges that read a clock or the host. */
const MNTR_HOST_OR_TIME = new Set(['uptime', 'leader_uptime', 'open_file_descriptor_count', 'avg_latency', 'min_latency', 'max_latency']);

const SUMMARY_PART = /^(avg|min|max|cnt|sum|p50|p95|p99|p999)_(.*)$/;

/** One mntr line, normalized. */
export function normalizeMntrLine(line: string): string {
  const tab = line.indexOf('\t');
  if (tab < 0 || !line.startsWith('zk_')) return line;
  const key = line.slice(3, tab);
  if (MNTR_HOST_OR_TIME.has(key)) return `zk_${key}\t${MASK}`;
  const m = SUMMARY_PART.exec(key);
  if (m !== null) {
    const [, part, name] = m as unknown as [string, string, string];
    if (MNTR_UNMODELLED.test(name)) return `zk_${key}\t${MASK}`;
    if (TIME_SUMMARY.test(name) && part !== 'cnt') return `zk_${key}\t${MASK}`;
  }
  return line;
}

const CONN_TIMING = /,(est|lresp|llat|minlat|avglat|maxlat)=\d+/g;

function sortedLines(lines: string[]): string[] {
  return [...lines].sort();
}

/** Normalize one recorded answer or zkCli transcript; `name` is its fixture name (s3_fresh_mntr, cli_c1, ...). */
export function normalizeEnsembleOutput(name: string, raw: string): string {
  const word = /_(\w{4})$/.exec(name)?.[1] ?? (name.startsWith('cli_') ? 'cli' : '');
  let s = common(raw);
  switch (word) {
    case 'srvr':
    case 'stat': {
      s = s.replace(/^Latency min\/avg\/max: .*$/m, `Latency min/avg/max: ${MASK}`);
      // Clients: one line each, in identity-hash order.
      const m = /^Clients:\n([\s\S]*?)\n\n/m.exec(s);
      if (m) s = s.replace(m[1]!, sortedLines(m[1]!.split('\n')).join('\n'));
      return s;
    }
    case 'cons': {
      const lines = s.split('\n');
      const body = lines.filter((l) => l !== '').map((l) => l.replace(CONN_TIMING, `,$1=${MASK}`));
      return `${sortedLines(body).join('\n')}\n`;
    }
    case 'dump':
      return normalizeDump(s);
    case 'conf':
      return s.replace(/^(dataDirSize|dataLogSize)=\d+$/gm, `$1=${MASK}`);
    case 'dirs':
      return s.replace(/^(datadir_size|logdir_size): \d+$/gm, `$1: ${MASK}`);
    case 'envi':
      return s.replace(/^(host\.name|os\.version|user\.name|user\.home|user\.dir|os\.memory\.free|os\.memory\.max|os\.memory\.total)=.*$/gm, `$1=${MASK}`);
    case 'mntr':
      return s
        .split('\n')
        .map((l) => normalizeMntrLine(l))
        .join('\n');
    default:
      return s;
  }
}

/**
 * dump: which expiry bucket holds a session or a connection depends on when it was last touched
 * (pings, words): the bucket lines go, the set counts are masked, and the members of each kind
 * are listed sorted (Java lists a bucket's members in identity-hash order anyway).
 */
function normalizeDump(s: string): string {
  const out: string[] = [];
  let members: string[] | null = null;
  const flush = (): void => {
    if (members !== null) out.push(...sortedLines(members));
    members = null;
  };
  for (const line of s.split('\n')) {
    if (/^(Session|Connections) Sets \(\d+\)\/\(\d+\):$/.test(line)) {
      flush();
      out.push(line.replace(/Sets \(\d+\)\/\((\d+)\)/, `Sets (${MASK})/($1)`));
      members = [];
      continue;
    }
    if (members !== null && /^\d+ expire at /.test(line)) continue;
    if (members !== null && line.startsWith('\t')) {
      members.push(line);
      continue;
    }
    flush();
    out.push(line);
  }
  flush();
  return out.join('\n');
}
