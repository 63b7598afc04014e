// org.apache.zookeeper.server.ServerMetrics with the DefaultMetricsProvider: the registry `mntr`
// dumps after zk_version / zk_server_state.
//
// The provider keeps eight ConcurrentHashMaps (gauges, gauge sets, counters, counter sets, basic
// summaries, advanced summaries, basic summary sets, advanced summary sets) and dumps them in
// that order, each in its ConcurrentHashMap iteration order (JavaConcurrentHashMap reproduces it;
// it is checked against a real 3.8.0 mntr in the tests). Metrics are created in the order the
// ServerMetrics constructor creates them (METRIC_DEFINITIONS); the gauges are registered later by
// the server (registerZooKeeperServerGauges in FourLetterWords.ts, plus whatever a quorum server
// registers).
//
// Where 3.8.0 feeds each metric (for whoever wires the pipeline; nothing here is fed automatically
// except bytes_received_count for the four-letter words themselves):
//   bytes_received_count          ServerCnxn.packetReceived: 4 + payload length per packet
//   connection_request_count      ZooKeeperServer.processConnectRequest (+1)
//   connection_token_deficit      processConnectRequest (summary of the throttle deficit, 0)
//   prep_processor_request_queued PrepRequestProcessor.processRequest (+1 per request)
//   prep_processor_queue_size     PrepRequestProcessor (queue size when a request is taken)
//   prep_processor_queue_time_ms, prep_process_time, proposal_process_time   PrepRequestProcessor
//   outstanding_changes_queued    PrepRequestProcessor.addChangeRecord (+1 per change record)
//   outstanding_changes_removed   FinalRequestProcessor via ZooKeeperServer (+1 per record dropped)
//   close_session_prep_time       PrepRequestProcessor for closeSession
//   request_throttle_queue_time_ms RequestThrottler (one point per request)
//   sync_processor_request_queued, sync_processor_queue_size, sync_processor_queue_time_ms,
//   sync_processor_queue_and_flush_time_ms, sync_processor_queue_flush_time_ms,
//   sync_process_time, sync_processor_batch_size   SyncRequestProcessor
//   fsynctime                     FileTxnLog.commit (one point per fsync)
//   snapshottime                  ZooKeeperServer.takeSnapshot
//   dbinittime, startup_snap_load_time, startup_txns_loaded, startup_txns_load_time   startup
//   readlatency / updatelatency   ServerStats.updateLatency (reads / writes)
//   propagation_latency, response_bytes, stale_replies   FinalRequestProcessor
//   response_packet_cache_hits/misses, response_packet_get_children_cache_hits/misses   getData /
//                                 getChildren response caches
//   watch_bytes                   NIOServerCnxn.process (bytes of each notification sent)
//   node_created/deleted/changed/children_watch_count   WatchManager.triggerWatch (watchers fired)
//   read_per_namespace / write_per_namespace   DataTree.updateReadStat / updateWriteStat
//   quota_exceeded_error_per_namespace         ZooKeeperServer.checkQuota
//   stale_sessions_expired, sessionless_connections_expired, large_requests_rejected, ...

import { javaStringHash } from '../JavaHashOrder.ts';
import { javaAverage } from './JavaFormat.ts';
import { JavaConcurrentHashMap } from './JavaConcurrentHashMap.ts';

/** What mntr prints for one key: Long/Integer as an integer, other Numbers via doubleValue(). */
export type MetricValue =
  | { readonly type: 'long'; readonly value: number | bigint }
  | { readonly type: 'double'; readonly value: number }
  | { readonly type: 'string'; readonly value: string };

export const long = (value: number | bigint): MetricValue => ({ type: 'long', value });
export const double = (value: number): MetricValue => ({ type: 'double', value });

type Level = 'BASIC' | 'ADVANCED';

/** The metrics ServerMetrics' constructor creates, in its order (3.8.0). */
export const METRIC_DEFINITIONS = [
  ['summary', 'fsynctime', 'BASIC'],
  ['summary', 'snapshottime', 'BASIC'],
  ['summary', 'dbinittime', 'BASIC'],
  ['summary', 'readlatency', 'ADVANCED'],
  ['summary', 'updatelatency', 'ADVANCED'],
  ['summary', 'propagation_latency', 'ADVANCED'],
  ['summary', 'follower_sync_time', 'BASIC'],
  ['summary', 'observer_sync_time', 'BASIC'],
  ['summary', 'election_time', 'BASIC'],
  ['counter', 'looking_count'],
  ['counter', 'diff_count'],
  ['counter', 'snap_count'],
  ['counter', 'commit_count'],
  ['counter', 'connection_request_count'],
  ['summary', 'connection_token_deficit', 'BASIC'],
  ['counter', 'connection_rejected'],
  ['summary', 'inflight_snap_count', 'BASIC'],
  ['summary', 'inflight_diff_count', 'BASIC'],
  ['summarySet', 'write_per_namespace', 'BASIC'],
  ['summarySet', 'read_per_namespace', 'BASIC'],
  ['counter', 'bytes_received_count'],
  ['counter', 'unrecoverable_error_count'],
  ['summary', 'node_created_watch_count', 'BASIC'],
  ['summary', 'node_deleted_watch_count', 'BASIC'],
  ['summary', 'node_changed_watch_count', 'BASIC'],
  ['summary', 'node_children_watch_count', 'BASIC'],
  ['counter', 'add_dead_watcher_stall_time'],
  ['counter', 'dead_watchers_queued'],
  ['counter', 'dead_watchers_cleared'],
  ['summary', 'dead_watchers_cleaner_latency', 'ADVANCED'],
  ['counter', 'response_packet_cache_hits'],
  ['counter', 'response_packet_cache_misses'],
  ['counter', 'response_packet_get_children_cache_hits'],
  ['counter', 'response_packet_get_children_cache_misses'],
  ['counter', 'ensemble_auth_success'],
  ['counter', 'ensemble_auth_fail'],
  ['counter', 'ensemble_auth_skip'],
  ['summary', 'prep_processor_queue_time_ms', 'ADVANCED'],
  ['summary', 'prep_processor_queue_size', 'BASIC'],
  ['counter', 'prep_processor_request_queued'],
  ['counter', 'outstanding_changes_queued'],
  ['counter', 'outstanding_changes_removed'],
  ['summary', 'prep_process_time', 'BASIC'],
  ['summary', 'proposal_process_time', 'BASIC'],
  ['summary', 'close_session_prep_time', 'ADVANCED'],
  ['counter', 'revalidate_count'],
  ['counter', 'connection_drop_count'],
  ['counter', 'connection_revalidate_count'],
  ['counter', 'sessionless_connections_expired'],
  ['counter', 'stale_sessions_expired'],
  ['summary', 'unavailable_time', 'BASIC'],
  ['summary', 'leader_unavailable_time', 'BASIC'],
  ['summary', 'requests_in_session_queue', 'BASIC'],
  ['summary', 'pending_session_queue_size', 'BASIC'],
  ['summary', 'reads_after_write_in_session_queue', 'BASIC'],
  ['summary', 'reads_issued_from_session_queue', 'BASIC'],
  ['summary', 'session_queues_drained', 'BASIC'],
  ['summary', 'time_waiting_empty_pool_in_commit_processor_read_ms', 'BASIC'],
  ['summary', 'write_batch_time_in_commit_processor', 'BASIC'],
  ['summary', 'concurrent_request_processing_in_commit_processor', 'BASIC'],
  ['summary', 'read_commit_proc_req_queued', 'BASIC'],
  ['summary', 'write_commit_proc_req_queued', 'BASIC'],
  ['summary', 'commit_commit_proc_req_queued', 'BASIC'],
  ['counter', 'request_commit_queued'],
  ['summary', 'read_commit_proc_issued', 'BASIC'],
  ['summary', 'write_commit_proc_issued', 'BASIC'],
  ['counter', 'throttled_ops'],
  ['summary', 'read_commitproc_time_ms', 'ADVANCED'],
  ['summary', 'write_commitproc_time_ms', 'ADVANCED'],
  ['summary', 'local_write_committed_time_ms', 'ADVANCED'],
  ['summary', 'server_write_committed_time_ms', 'ADVANCED'],
  ['summary', 'commit_process_time', 'BASIC'],
  ['summary', 'om_proposal_process_time_ms', 'ADVANCED'],
  ['summary', 'om_commit_process_time_ms', 'ADVANCED'],
  ['summary', 'read_final_proc_time_ms', 'ADVANCED'],
  ['summary', 'write_final_proc_time_ms', 'ADVANCED'],
  ['summary', 'proposal_latency', 'ADVANCED'],
  ['summary', 'proposal_ack_creation_latency', 'ADVANCED'],
  ['summary', 'commit_propagation_latency', 'ADVANCED'],
  ['counter', 'learner_proposal_received_count'],
  ['counter', 'learner_commit_received_count'],
  ['summarySet', 'learner_handler_qp_size', 'BASIC'],
  ['summarySet', 'learner_handler_qp_time_ms', 'ADVANCED'],
  ['summary', 'startup_txns_loaded', 'BASIC'],
  ['summary', 'startup_txns_load_time', 'BASIC'],
  ['summary', 'startup_snap_load_time', 'BASIC'],
  ['summary', 'sync_processor_queue_and_flush_time_ms', 'ADVANCED'],
  ['summary', 'sync_processor_queue_size', 'BASIC'],
  ['counter', 'sync_processor_request_queued'],
  ['summary', 'sync_processor_queue_time_ms', 'ADVANCED'],
  ['summary', 'sync_processor_queue_flush_time_ms', 'ADVANCED'],
  ['summary', 'sync_process_time', 'BASIC'],
  ['summary', 'sync_processor_batch_size', 'BASIC'],
  ['summary', 'quorum_ack_latency', 'ADVANCED'],
  ['summarySet', 'ack_latency', 'ADVANCED'],
  ['counter', 'proposal_count'],
  ['counter', 'quit_leading_due_to_disloyal_voter'],
  ['counter', 'stale_requests'],
  ['counter', 'stale_requests_dropped'],
  ['counter', 'stale_replies'],
  ['summary', 'request_throttle_queue_time_ms', 'ADVANCED'],
  ['counter', 'request_throttle_wait_count'],
  ['counter', 'large_requests_rejected'],
  ['summary', 'netty_queued_buffer_capacity', 'BASIC'],
  ['counter', 'digest_mismatches_count'],
  ['summary', 'learner_request_processor_queue_size', 'BASIC'],
  ['counter', 'unsuccessful_handshake'],
  ['counter', 'insecure_admin_count'],
  ['counter', 'tls_handshake_exceeded'],
  ['counter', 'cnxn_closed_without_zk_server_running'],
  ['counter', 'skip_learner_request_to_next_processor_count'],
  ['summary', 'socket_closing_time', 'BASIC'],
  ['counter', 'requests_not_forwarded_to_commit_processor'],
  ['counter', 'response_bytes'],
  ['counter', 'watch_bytes'],
  ['summary', 'jvm_pause_time_ms', 'ADVANCED'],
  ['counterSet', 'quota_exceeded_error_per_namespace'],
] as const;

type Def = (typeof METRIC_DEFINITIONS)[number];
export type CounterName = Extract<Def, readonly ['counter', string]>[1];
export type SummaryName = Extract<Def, readonly ['summary', string, Level]>[1];
export type SummarySetName = Extract<Def, readonly ['summarySet', string, Level]>[1];
export type CounterSetName = Extract<Def, readonly ['counterSet', string]>[1];

/** The four quota gauge sets ZooKeeperServer.registerMetrics registers (QuotaMetricsUtils). */
export const QUOTA_GAUGE_SETS = [
  'quota_count_limit_per_namespace',
  'quota_bytes_limit_per_namespace',
  'quota_count_usage_per_namespace',
  'quota_bytes_usage_per_namespace',
] as const;

type Sink = (key: string, value: MetricValue) => void;

/** SimpleCounter. */
export class SimpleCounter {
  private v = 0;
  constructor(readonly name: string) {}
  add(delta: number): void {
    this.v += delta;
  }
  get(): number {
    return this.v;
  }
  reset(): void {
    this.v = 0;
  }
  values(sink: Sink): void {
    sink(this.name, long(this.v));
  }
}

/** AvgMinMaxCounter (a BASIC summary): avg_/min_/max_/cnt_/sum_<name>. */
export class AvgMinMaxCounter {
  private total = 0;
  private min = Infinity;
  private max = -Infinity;
  private count = 0;
  constructor(readonly name: string) {}
  add(value: number): void {
    this.total += value;
    this.count++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }
  getAvg(): number {
    return javaAverage(this.total, this.count);
  }
  getMin(): number {
    return this.min === Infinity ? 0 : this.min;
  }
  getMax(): number {
    return this.max === -Infinity ? 0 : this.max;
  }
  getCount(): number {
    return this.count;
  }
  getTotal(): number {
    return this.total;
  }
  reset(): void {
    this.total = 0;
    this.count = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }
  values(sink: Sink): void {
    sink(`avg_${this.name}`, double(this.getAvg()));
    sink(`min_${this.name}`, long(this.getMin()));
    sink(`max_${this.name}`, long(this.getMax()));
    sink(`cnt_${this.name}`, long(this.count));
    sink(`sum_${this.name}`, long(this.total));
  }
}

const RESERVOIR_SIZE = 4096;

/**
 * AvgMinMaxPercentileCounter (an ADVANCED summary): the basic five plus p50/p95/p99/p999 from a
 * uniform reservoir of 4096 samples (Dropwizard UniformSnapshot quantiles, Math.round). Up to
 * 4096 samples nothing is random; past that Java replaces samples using ThreadLocalRandom, which
 * is replaced here by a fixed linear congruential sequence (deterministic, documented deviation).
 */
export class AvgMinMaxPercentileCounter {
  private readonly counter: AvgMinMaxCounter;
  private samples: number[] = [];
  private seen = 0;
  private lcg = 0x2545f491;
  constructor(readonly name: string) {
    this.counter = new AvgMinMaxCounter(name);
  }
  add(value: number): void {
    this.counter.add(value);
    this.seen++;
    if (this.seen <= RESERVOIR_SIZE) this.samples.push(value);
    else {
      this.lcg = (Math.imul(this.lcg, 1103515245) + 12345) >>> 0;
      const r = this.lcg % this.seen;
      if (r < RESERVOIR_SIZE) this.samples[r] = value;
    }
  }
  getCount(): number {
    return this.counter.getCount();
  }
  reset(): void {
    this.counter.reset();
    this.samples = [];
    this.seen = 0;
  }
  /** UniformSnapshot.getValue. */
  quantile(q: number): number {
    const v = [...this.samples].sort((a, b) => a - b);
    if (v.length === 0) return 0;
    const pos = q * (v.length + 1);
    const index = Math.trunc(pos);
    if (index < 1) return v[0]!;
    if (index >= v.length) return v[v.length - 1]!;
    const lower = v[index - 1]!;
    const upper = v[index]!;
    return lower + (pos - Math.floor(pos)) * (upper - lower);
  }
  values(sink: Sink): void {
    this.counter.values(sink);
    // Math.round(double): floor(x + 0.5)
    sink(`p50_${this.name}`, long(Math.floor(this.quantile(0.5) + 0.5)));
    sink(`p95_${this.name}`, long(Math.floor(this.quantile(0.95) + 0.5)));
    sink(`p99_${this.name}`, long(Math.floor(this.quantile(0.99) + 0.5)));
    sink(`p999_${this.name}`, long(Math.floor(this.quantile(0.999) + 0.5)));
  }
}

export type Summary = AvgMinMaxCounter | AvgMinMaxPercentileCounter;

/** AvgMinMaxCounterSet / AvgMinMaxPercentileCounterSet / SimpleCounterSet: one metric per key. */
class KeyedSet<M extends { values(sink: Sink): void; reset(): void }> {
  private readonly keys = new JavaConcurrentHashMap<string>(javaStringHash);
  private readonly byKey = new Map<string, M>();
  constructor(readonly name: string, private readonly make: (metricName: string) => M) {}
  get(key: string): M {
    let m = this.byKey.get(key);
    if (!m) {
      m = this.make(`${key}_${this.name}`);
      this.byKey.set(key, m);
      this.keys.add(key);
    }
    return m;
  }
  reset(): void {
    for (const m of this.byKey.values()) m.reset();
  }
  values(sink: Sink): void {
    for (const k of this.keys.keys()) this.byKey.get(k)!.values(sink);
  }
}

export class SummarySet {
  private readonly set: KeyedSet<Summary>;
  constructor(readonly name: string, level: Level) {
    this.set = new KeyedSet<Summary>(name, (n) => (level === 'BASIC' ? new AvgMinMaxCounter(n) : new AvgMinMaxPercentileCounter(n)));
  }
  add(key: string, value: number): void {
    this.set.get(key).add(value);
  }
  reset(): void {
    this.set.reset();
  }
  values(sink: Sink): void {
    this.set.values(sink);
  }
}

export class CounterSet {
  private readonly set: KeyedSet<SimpleCounter>;
  constructor(readonly name: string) {
    this.set = new KeyedSet<SimpleCounter>(name, (n) => new SimpleCounter(n));
  }
  add(key: string, delta: number): void {
    this.set.get(key).add(delta);
  }
  reset(): void {
    this.set.reset();
  }
  values(sink: Sink): void {
    this.set.values(sink);
  }
}

/** org.apache.zookeeper.server.quorum.BufferStats: last/min/max sizes, -1 until the first. */
export class BufferStats {
  last = -1;
  min = -1;
  max = -1;
  setLastBufferSize(value: number): void {
    this.last = value;
    if (this.min === -1 || value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }
  reset(): void {
    this.last = -1;
    this.min = -1;
    this.max = -1;
  }
  /** "%d/%d/%d" (leader's "Proposal sizes last/min/max"). */
  toString(): string {
    return `${this.last}/${this.min}/${this.max}`;
  }
}

/** A gauge's current value; null = not printed (DefaultMetricsContext skips null gauges). */
export type GaugeSupplier = () => MetricValue | null;
/** A gauge set's values, key -> number, in the order the supplier's map was filled. */
export type GaugeSetSupplier = () => ReadonlyMap<string, number> | null;

/**
 * The DefaultMetricsProvider's root context plus the ServerStats/ServerMetrics state mntr reads
 * that ZooScope's ServerStats does not keep (client response sizes, auth failure and non-mTLS
 * connection counters).
 */
export class ServerMetrics {
  private readonly counters = new JavaConcurrentHashMap<string>(javaStringHash);
  private readonly counterSets = new JavaConcurrentHashMap<string>(javaStringHash);
  private readonly basicSummaries = new JavaConcurrentHashMap<string>(javaStringHash);
  private readonly summaries = new JavaConcurrentHashMap<string>(javaStringHash);
  private readonly basicSummarySets = new JavaConcurrentHashMap<string>(javaStringHash);
  private readonly summarySets = new JavaConcurrentHashMap<string>(javaStringHash);
  private readonly gauges = new JavaConcurrentHashMap<string>(javaStringHash);
  private readonly gaugeSets = new JavaConcurrentHashMap<string>(javaStringHash);
  private readonly counterByName = new Map<string, SimpleCounter>();
  private readonly counterSetByName = new Map<string, CounterSet>();
  private readonly summaryByName = new Map<string, Summary>();
  private readonly summarySetByName = new Map<string, SummarySet>();
  private readonly gaugeByName = new Map<string, GaugeSupplier>();
  private readonly gaugeSetByName = new Map<string, GaugeSetSupplier>();

  /** ServerStats.clientResponseStats (zk_last/min/max_client_response_size). */
  readonly clientResponseStats = new BufferStats();
  /** ServerStats.authFailedCntr. */
  authFailedCount = 0;
  /** ServerStats.nonMTLSRemoteConnCntr / nonMTLSLocalConnCntr. */
  nonMTLSRemoteConnCount = 0;
  nonMTLSLocalConnCount = 0;

  constructor() {
    for (const def of METRIC_DEFINITIONS) {
      const [kind, name] = def;
      switch (kind) {
        case 'counter':
          this.counterByName.set(name, new SimpleCounter(name));
          this.counters.add(name);
          break;
        case 'counterSet':
          this.counterSetByName.set(name, new CounterSet(name));
          this.counterSets.add(name);
          break;
        case 'summary':
          if (def[2] === 'BASIC') {
            this.summaryByName.set(name, new AvgMinMaxCounter(name));
            this.basicSummaries.add(name);
          } else {
            this.summaryByName.set(name, new AvgMinMaxPercentileCounter(name));
            this.summaries.add(name);
          }
          break;
        case 'summarySet':
          this.summarySetByName.set(name, new SummarySet(name, def[2]));
          (def[2] === 'BASIC' ? this.basicSummarySets : this.summarySets).add(name);
          break;
      }
    }
  }

  counter(name: CounterName): SimpleCounter {
    return this.counterByName.get(name)!;
  }

  summary(name: SummaryName): Summary {
    return this.summaryByName.get(name)!;
  }

  summarySet(name: SummarySetName): SummarySet {
    return this.summarySetByName.get(name)!;
  }

  counterSet(name: CounterSetName): CounterSet {
    return this.counterSetByName.get(name)!;
  }

  /** MetricsContext.registerGauge (put: a re-registered name keeps its place). */
  registerGauge(name: string, supplier: GaugeSupplier): void {
    this.gaugeByName.set(name, supplier);
    this.gauges.add(name);
  }

  unregisterGauge(name: string): void {
    this.gaugeByName.delete(name);
    this.gauges.delete(name);
  }

  hasGauge(name: string): boolean {
    return this.gaugeByName.has(name);
  }

  registerGaugeSet(name: string, supplier: GaugeSetSupplier): void {
    this.gaugeSetByName.set(name, supplier);
    this.gaugeSets.add(name);
  }

  unregisterGaugeSet(name: string): void {
    this.gaugeSetByName.delete(name);
    this.gaugeSets.delete(name);
  }

  /** DefaultMetricsProvider.resetAllValues (srst): counters and summaries; gauges are left alone. */
  resetAll(): void {
    for (const c of this.counterByName.values()) c.reset();
    for (const c of this.counterSetByName.values()) c.reset();
    for (const s of this.summaryByName.values()) s.reset();
    for (const s of this.summarySetByName.values()) s.reset();
  }

  /** DefaultMetricsContext.dump. */
  dump(sink: Sink): void {
    for (const name of this.gauges.keys()) {
      const v = this.gaugeByName.get(name)!();
      if (v !== null) sink(name, v);
    }
    for (const name of this.gaugeSets.keys()) {
      const values = this.gaugeSetByName.get(name)!();
      if (values === null) continue;
      // The supplier's map is a ConcurrentHashMap filled in the supplier's order.
      const order = JavaConcurrentHashMap.of(values.keys(), javaStringHash).keys();
      for (const key of order) sink(`${key}_${name}`, long(values.get(key) ?? 0));
    }
    for (const name of this.counters.keys()) this.counterByName.get(name)!.values(sink);
    for (const name of this.counterSets.keys()) this.counterSetByName.get(name)!.values(sink);
    for (const name of this.basicSummaries.keys()) this.summaryByName.get(name)!.values(sink);
    for (const name of this.summaries.keys()) this.summaryByName.get(name)!.values(sink);
    for (const name of this.basicSummarySets.keys()) this.summarySetByName.get(name)!.values(sink);
    for (const name of this.summarySets.keys()) this.summarySetByName.get(name)!.values(sink);
  }
}
