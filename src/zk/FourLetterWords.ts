// Four-letter words (org.apache.zookeeper.server.command.*), answered on a fresh connection, as
// ZooKeeper 3.8.0 answers them (NIOServerCnxn.checkFourLetterWord + CommandExecutor).
//
// On the wire (all observed from the real 3.8.0 server):
//  - The first 4 bytes of a connection that has not sent a ConnectRequest are checked against the
//    known words (conf cons crst dirs dump envi gtmk ruok stmk srst srvr stat wchc wchp wchs mntr
//    isro hash, and telnet's close sequence ff f4 ff fd). Anything else is read as a packet
//    length: "abcd" is far beyond jute.maxbuffer, so the server just closes (no answer).
//  - A known word counts as a received packet (connection and server counters, 4 bytes in
//    zk_bytes_received_count) before anything else, whitelisted or not — so `stat` lists its own
//    connection with recved=1 and interest ops [0].
//  - A word not in 4lw.commands.whitelist gets "<word> is not executed because it is not in the
//    whitelist.\n" and the connection is closed. The whitelist is the comma-separated list with
//    entries trimmed (case-sensitive); "*" enables every known word (including "telnet close");
//    "srvr" is always enabled, "isro" also when readonlymode.enabled=true. Default: srvr only.
//  - Telnet's close sequence, when whitelisted, has no command: the connection is closed without
//    an answer; when not whitelisted it answers "telnet close is not executed because it is not
//    in the whitelist.\n".
//  - stmk reads an 8-byte big-endian long after the word, sets the trace mask and echoes it
//    (decimal, no newline); without 8 more bytes the server closes without an answer. gtmk
//    prints the mask (306 initially); ruok "imok", isro "rw"/"ro" — all without a newline.
//  - Output is sent in chunks of up to 8192 chars, one packet each (fourLetterReplyPackets); no
//    output, no packet (e.g. `hash` before zxid 0x80).
//  - wchs/wchc/wchp show the *data* watch manager only (DataTree.dumpWatches*), not child watches.
//
// Java iterates several collections here in hash order: HashMap/HashSet of strings (the watch
// tables' paths) through JavaHashOrder; ConcurrentHashMaps (ephemeral owners, mntr's metrics)
// through JavaConcurrentHashMap. Collections keyed by connection objects (identity hash) have no
// reproducible order; they are listed in connection order.

import type { DataTree } from './DataTree.ts';
import { decodeUtf8 } from './DataTree.ts';
import { javaLongHash, javaStringHash, orderForCapacity, tableSizeFor } from './JavaHashOrder.ts';
import { topNamespace } from './PathUtils.ts';
import type { ConnId } from './Request.ts';
import type { ServerCnxn } from './ServerCnxn.ts';
import { maxSessionTimeout, minSessionTimeout, type ServerConfig } from './ServerConfig.ts';
import type { ServerStats } from './ServerStats.ts';
import type { SessionTracker } from './SessionTracker.ts';
import { StatsTrack } from './StatsTrack.ts';
import { LIMIT_NODE, QUOTA_ZOOKEEPER, STAT_NODE } from './ZooDefs.ts';
import { ConnectionExpiryModel } from './fourletter/ConnectionExpiry.ts';
import { JavaConcurrentHashMap } from './fourletter/JavaConcurrentHashMap.ts';
import {
  fourLetterReplyPackets,
  javaAverage,
  javaDateToString,
  javaDoubleToString,
  javaLongToHex,
  javaLongToString,
  javaSocketAddress,
} from './fourletter/JavaFormat.ts';
import { BufferStats, QUOTA_GAUGE_SETS, ServerMetrics, double, long, type MetricValue } from './fourletter/ServerMetrics.ts';
import {
  DEFAULT_TRACE_MASK,
  SIMULATED_ENVIRONMENT,
  SIMULATED_MAX_FILE_DESCRIPTORS,
  ZK_NOT_SERVING,
  ZOOKEEPER_FULL_VERSION,
  simulatedOpenFileDescriptors,
} from './fourletter/SimulatedHost.ts';

export { ServerMetrics, BufferStats, fourLetterReplyPackets, ZOOKEEPER_FULL_VERSION };
export type { MetricValue };

/** One entry of DataTree.getDigestLog(). */
export interface ZxidDigest {
  readonly zxid: number;
  readonly digest: number | bigint;
}

export interface FourLetterHost {
  readonly cfg: ServerConfig;
  readonly stats: ServerStats;
  /** Open connections, the four-letter connection included (factory.getConnections()). */
  readonly cnxns: ReadonlyMap<ConnId, ServerCnxn>;
  readonly tree: DataTree;
  readonly sessionTracker: SessionTracker;
  readonly state: 'initial' | 'running' | 'shutdown';
  /** standalone | leader | follower | observer | read-only (ServerStats.getServerState). */
  readonly serverMode: string;
  /** Highest zxid handed out (ZooKeeperServer.getZxid). */
  readonly zxid: number;
  now(): number;
  wallTime(): number;

  // ---- optional, read-only; the default used when absent is in brackets ----

  /** Java's monotonic clock (Time.currentElapsedTime) at elapsed time 0: `lresp`, connection buckets. [0] */
  readonly elapsedBase?: number;
  /** Elapsed time the server's ServerStats was created: zk_uptime is measured from it. [0] */
  readonly startedAt?: number;
  /** The metrics registry the pipeline feeds. [a registry of our own, fed only by the words themselves] */
  readonly metrics?: ServerMetrics;
  /** ZooKeeperServer.getInProcess(): requests submitted and not finished (Outstanding, zk_outstanding_requests). [sum of cnxn.outstandingRequests] */
  readonly requestsInProcess?: number;
  /** DataTree.getDigestLog(): the digests logged at zxids divisible by 128 (hash). [none] */
  readonly digestLog?: readonly ZxidDigest[];
  /** Bytes in the transaction log directory (dirs' datadir_size, conf's dataDirSize). [0] */
  readonly txnLogDirBytes?: number;
  /** Bytes in the snapshot directory (dirs' logdir_size, conf's dataLogSize). [0] */
  readonly snapDirBytes?: number;
  /** dataLogDir when configured apart from dataDir. [cfg.dataDir] */
  readonly dataLogDir?: string;
  /** A ReadOnlyZooKeeperServer: isro says "ro", stat/srvr add the READ-ONLY line. [false] */
  readonly readOnly?: boolean;
  /** readonlymode.enabled=true: isro is always whitelisted. [false] */
  readonly readOnlyModeEnabled?: boolean;
  /** envi values to use instead of the simulated host's (same keys). [none] */
  readonly environment?: Readonly<Record<string, string>>;
  /** Quorum servers' dumpMonitorValues additions after zk_server_state (peer_state, observer_master_id). [none] */
  readonly extraMonitorValues?: readonly (readonly [string, MetricValue])[];
  /** Quorum servers' dumpConf additions (initLimit= ... membership), appended verbatim. [none] */
  readonly extraConf?: string;
  /** Leader's proposal size stats: stat/srvr print them and srst resets them in mode "leader". [none] */
  readonly proposalStats?: BufferStats;
  /** Session trackers other than SessionTrackerImpl print their own dump: replaces dump's session section. [none] */
  readonly sessionsDump?: string;
}

/** What a four-letter word makes the server do. */
export interface FourLetterResult {
  /** The text written back; null when nothing is written. The connection is closed either way. */
  readonly text: string | null;
  /** Packets the answer is sent in (count them as sent on the connection and the server). */
  readonly packets: number;
}

/** Telnet's "interrupt process" + "do timing mark" (0xfff4fffd), known as "telnet close". */
export const TELNET_CLOSE_BYTES = '\u00ff\u00f4\u00ff\u00fd';

/** FourLetterCommands.cmd2String values. */
export const FOUR_LETTER_WORDS = [
  'conf', 'cons', 'crst', 'dirs', 'dump', 'envi', 'gtmk', 'ruok', 'stmk', 'srst', 'srvr', 'stat',
  'wchc', 'wchp', 'wchs', 'mntr', 'isro', 'telnet close', 'hash',
] as const;
export type FourLetterWord = (typeof FOUR_LETTER_WORDS)[number];

/** The command a connection's first 4 bytes name, or null (then they are a packet length). */
export function fourLetterCommand(word: string): FourLetterWord | null {
  if (word === TELNET_CLOSE_BYTES || word === 'telnet close') return 'telnet close';
  return (FOUR_LETTER_WORDS as readonly string[]).includes(word) && word.length === 4 ? (word as FourLetterWord) : null;
}

/** FourLetterCommands.isEnabled for a whitelist as configured (entries already split on commas). */
export function whitelistedCommands(whitelist: readonly string[], readOnlyModeEnabled = false): Set<string> {
  const enabled = new Set<string>();
  for (const raw of whitelist) {
    const cmd = raw.trim();
    if (cmd === '*') {
      for (const w of FOUR_LETTER_WORDS) enabled.add(w);
      break;
    }
    if (cmd !== '') enabled.add(cmd);
  }
  if (readOnlyModeEnabled) enabled.add('isro');
  enabled.add('srvr');
  return enabled;
}

/** ZooKeeperServer.registerMetrics: the gauges (and quota gauge sets) every server registers. */
export function registerZooKeeperServerGauges(metrics: ServerMetrics, host: FourLetterHost): void {
  const stats = (): ServerStats => host.stats;
  metrics.registerGauge('avg_latency', () => double(javaAverage(stats().totalLatency, stats().count)));
  metrics.registerGauge('max_latency', () => long(stats().maxLatency));
  metrics.registerGauge('min_latency', () => long(stats().minLatencyOrZero));
  metrics.registerGauge('packets_received', () => long(stats().packetsReceived));
  metrics.registerGauge('packets_sent', () => long(stats().packetsSent));
  metrics.registerGauge('num_alive_connections', () => long(openConnections(host).length));
  metrics.registerGauge('outstanding_requests', () => long(requestsInProcess(host)));
  metrics.registerGauge('uptime', () => long(host.now() - (host.startedAt ?? 0)));
  metrics.registerGauge('znode_count', () => long(javaNodeCount(host.tree)));
  metrics.registerGauge('watch_count', () => long(host.tree.watchCount));
  metrics.registerGauge('ephemerals_count', () => long(host.tree.ephemeralsCount));
  metrics.registerGauge('approximate_data_size', () => long(host.tree.cachedApproximateDataSize()));
  metrics.registerGauge('global_sessions', () => long(host.sessionTracker.sessionsWithTimeout.size));
  metrics.registerGauge('local_sessions', () => long(0));
  metrics.registerGauge('open_file_descriptor_count', () => long(simulatedOpenFileDescriptors(openConnections(host).length)));
  metrics.registerGauge('max_file_descriptor_count', () => long(SIMULATED_MAX_FILE_DESCRIPTORS));
  metrics.registerGauge('connection_drop_probability', () => double(0));
  metrics.registerGauge('last_client_response_size', () => long(metrics.clientResponseStats.last));
  metrics.registerGauge('max_client_response_size', () => long(metrics.clientResponseStats.max));
  metrics.registerGauge('min_client_response_size', () => long(metrics.clientResponseStats.min));
  metrics.registerGauge('outstanding_tls_handshake', () => long(0));
  metrics.registerGauge('auth_failed_count', () => long(metrics.authFailedCount));
  metrics.registerGauge('non_mtls_remote_conn_count', () => long(metrics.nonMTLSRemoteConnCount));
  metrics.registerGauge('non_mtls_local_conn_count', () => long(metrics.nonMTLSLocalConnCount));
  for (const name of QUOTA_GAUGE_SETS) metrics.registerGaugeSet(name, () => quotaMetrics(host.tree, name));
}

/**
 * ZooKeeperServer.unregisterMetrics (a quorum role's server shutting down). 3.8.0 forgets
 * outstanding_tls_handshake: it stays registered, with the old server's supplier.
 */
export function unregisterZooKeeperServerGauges(metrics: ServerMetrics): void {
  for (const name of [
    'avg_latency', 'max_latency', 'min_latency', 'packets_received', 'packets_sent', 'num_alive_connections',
    'outstanding_requests', 'uptime', 'znode_count', 'watch_count', 'ephemerals_count', 'approximate_data_size',
    'global_sessions', 'local_sessions', 'open_file_descriptor_count', 'max_file_descriptor_count',
    'connection_drop_probability', 'last_client_response_size', 'max_client_response_size',
    'min_client_response_size', 'auth_failed_count', 'non_mtls_remote_conn_count', 'non_mtls_local_conn_count',
  ]) {
    metrics.unregisterGauge(name);
  }
  for (const name of QUOTA_GAUGE_SETS) metrics.unregisterGaugeSet(name);
}

function openConnections(host: FourLetterHost): ServerCnxn[] {
  return [...host.cnxns.values()].filter((c) => !c.closed);
}

function requestsInProcess(host: FourLetterHost): number {
  if (host.requestsInProcess !== undefined) return host.requestsInProcess;
  let n = 0;
  for (const c of openConnections(host)) n += c.outstandingRequests;
  return n;
}

/**
 * DataTree.getNodeCount(): Java's node map also holds the root under the alias "" (ZooScope's
 * tree keeps only "/"), so it counts one more.
 */
export function javaNodeCount(tree: DataTree): number {
  return tree.nodeCount + 1;
}

/** QuotaMetricsUtils.getQuotaLimitOrUsage: namespace -> summed limit or usage, in fill order. */
function quotaMetrics(tree: DataTree, name: (typeof QUOTA_GAUGE_SETS)[number]): Map<string, number> {
  const out = new Map<string, number>();
  const limits = name === 'quota_count_limit_per_namespace' || name === 'quota_bytes_limit_per_namespace';
  const counts = name === 'quota_count_limit_per_namespace' || name === 'quota_count_usage_per_namespace';
  const visit = (path: string): void => {
    const node = tree.getNode(path);
    if (!node) return;
    const children = node.childNames();
    if (children.length > 0) {
      for (const c of children) visit(`${path}/${c}`);
      return;
    }
    if (!(limits ? path.endsWith(`/${LIMIT_NODE}`) : path.endsWith(`/${STAT_NODE}`))) return;
    const namespace = topNamespace(path.slice(QUOTA_ZOOKEEPER.length));
    if (namespace === null || node.data === null) return;
    let st: StatsTrack;
    try {
      st = StatsTrack.parse(decodeUtf8(node.data));
    } catch {
      return;
    }
    let v: number;
    if (limits) {
      const hard = counts ? st.countHardLimit : st.byteHardLimit;
      v = hard > -1 ? hard : counts ? st.count : st.bytes;
    } else {
      v = counts ? st.count : st.bytes;
    }
    out.set(namespace, (out.get(namespace) ?? 0) + v);
  };
  visit(QUOTA_ZOOKEEPER);
  return out;
}

/** Iteration order of a java.util.HashSet<String> / HashMap<String,...> holding these keys. */
function javaHashOrder(keysInInsertionOrder: readonly string[]): string[] {
  if (keysInInsertionOrder.length <= 1) return [...keysInInsertionOrder];
  // Default capacity 16, doubled while size > 3/4 of it (the table never shrinks in Java; the
  // history is not known here, so the capacity is the one the current size needs).
  let cap = 16;
  while (keysInInsertionOrder.length > cap * 0.75) cap *= 2;
  return orderForCapacity(keysInInsertionOrder, tableSizeFor(cap), javaStringHash);
}

class Out {
  private readonly parts: string[] = [];
  print(s: string | number): this {
    this.parts.push(String(s));
    return this;
  }
  println(s: string | number = ''): this {
    this.parts.push(String(s), '\n');
    return this;
  }
  text(): string {
    return this.parts.join('');
  }
}

export class FourLetterWords {
  /** ZooTrace's text trace mask (gtmk / stmk), a long. */
  private traceMask = DEFAULT_TRACE_MASK;
  private readonly ownMetrics = new ServerMetrics();
  private readonly cnxnExpiry = new ConnectionExpiryModel();

  constructor(private readonly host: FourLetterHost) {}

  /** The registry mntr dumps: the host's, else our own. */
  get metrics(): ServerMetrics {
    return this.host.metrics ?? this.ownMetrics;
  }

  /** The current ZooTrace text trace mask. */
  get textTraceMask(): bigint {
    return this.traceMask;
  }

  /**
   * The text the server writes back, or null when it writes nothing (it closes the connection
   * either way). `payload` is what followed the word (stmk's 8-byte mask).
   */
  run(word: string, cnxn: ServerCnxn, payload?: Uint8Array): string | null {
    return this.execute(word, cnxn, payload).text;
  }

  execute(word: string, cnxn: ServerCnxn, payload?: Uint8Array): FourLetterResult {
    const text = this.answer(word, cnxn, payload);
    const out = text === null || text === '' ? null : text;
    return { text: out, packets: fourLetterReplyPackets(out) };
  }

  private answer(word: string, cnxn: ServerCnxn, payload?: Uint8Array): string | null {
    const h = this.host;
    // After the ConnectRequest the first 4 bytes are always a length.
    if (cnxn.initialized) return null;
    const cmd = fourLetterCommand(word);
    if (cmd === null) return null; // "Len error": closed without an answer
    // packetReceived(4)
    cnxn.packetsReceived++;
    h.stats.packetsReceived++;
    this.metrics.counter('bytes_received_count').add(4);
    this.cnxnExpiry.observe(h.cnxns.values(), cnxn, h.now(), h.elapsedBase ?? 0);

    if (!whitelistedCommands(h.cfg.fourLetterWhitelist, h.readOnlyModeEnabled ?? false).has(cmd)) {
      return `${cmd} is not executed because it is not in the whitelist.\n`;
    }
    switch (cmd) {
      case 'telnet close':
        return null; // no command: read as a (negative) length, the connection is closed
      case 'stmk': {
        if (payload === undefined || payload.length < 8) return null;
        const mask = new DataView(payload.buffer, payload.byteOffset, 8).getBigInt64(0);
        this.traceMask = mask;
        return mask.toString();
      }
      case 'ruok': return 'imok';
      case 'gtmk': return this.traceMask.toString();
      case 'envi': return this.envi();
      case 'conf': return this.conf();
      case 'srst': return this.srst();
      case 'crst': return this.crst();
      case 'dirs': return this.dirs();
      case 'dump': return this.dump();
      case 'stat': return this.stat(true, cnxn);
      case 'srvr': return this.stat(false, cnxn);
      case 'cons': return this.cons(cnxn);
      case 'wchs': case 'wchc': case 'wchp': return this.watches(cmd);
      case 'mntr': return this.mntr();
      case 'isro': return this.isro();
      case 'hash': return this.hash();
    }
  }

  private get running(): boolean {
    return this.host.state === 'running';
  }

  // ---- stat / srvr / cons ----

  /** ServerCnxn.dumpConnectionInfo. */
  private connectionInfo(c: ServerCnxn, brief: boolean, self: ServerCnxn): string {
    const h = this.host;
    // The four-letter connection's selection key is cancelled (0); idle connections wait to read (1).
    const interestOps = c === self ? 0 : 1;
    let s = ` ${javaSocketAddress(c.remoteIp, c.remotePort)}[${interestOps === 0 ? '0' : interestOps.toString(16)}]`;
    s += `(queued=${c.outstandingRequests},recved=${c.packetsReceived},sent=${c.packetsSent}`;
    if (!brief && c.sessionId !== 0n) {
      // established is a Date (wall clock); lastResponseTime is on the monotonic clock.
      const est = h.wallTime() - h.now() + c.established;
      const lresp = c.count > 0 ? (h.elapsedBase ?? 0) + c.lastResponseTime : 0;
      const minlat = c.minLatency >= Number.MAX_SAFE_INTEGER ? 0 : c.minLatency;
      const avglat = c.count === 0 ? 0 : Math.floor(c.totalLatency / c.count);
      s += `,sid=0x${javaLongToHex(c.sessionId)},lop=${c.lastOp},est=${javaLongToString(est)},to=${c.sessionTimeout}`;
      if (c.lastCxid >= 0) s += `,lcxid=0x${javaLongToHex(c.lastCxid)}`;
      s += `,lzxid=0x${javaLongToHex(c.lastZxid)},lresp=${javaLongToString(lresp)},llat=${c.lastLatency}`;
      s += `,minlat=${minlat},avglat=${avglat},maxlat=${c.maxLatency}`;
    }
    return `${s})`;
  }

  private stat(full: boolean, self: ServerCnxn): string {
    const h = this.host;
    const o = new Out();
    if (!this.running) return o.println(ZK_NOT_SERVING).text();
    o.print('Zookeeper version: ').println(ZOOKEEPER_FULL_VERSION);
    if (h.readOnly) o.println('READ-ONLY mode; serving only read-only clients');
    if (full) {
      o.println('Clients:');
      for (const c of openConnections(h)) o.print(this.connectionInfo(c, true, self)).println();
      o.println();
    }
    // ServerStats.toString
    const st = h.stats;
    o.print(`Latency min/avg/max: ${st.minLatencyOrZero}/${javaDoubleToString(javaAverage(st.totalLatency, st.count))}/${st.maxLatency}\n`);
    o.print(`Received: ${st.packetsReceived}\n`);
    o.print(`Sent: ${st.packetsSent}\n`);
    o.print(`Connections: ${openConnections(h).length}\n`);
    o.print(`Outstanding: ${requestsInProcess(h)}\n`);
    o.print(`Zxid: 0x${javaLongToHex(h.tree.lastProcessedZxid)}\n`);
    o.print(`Mode: ${h.serverMode}\n`);
    o.print('Node count: ').println(javaNodeCount(h.tree));
    if (h.serverMode === 'leader') o.print(`Proposal sizes last/min/max: ${(h.proposalStats ?? new BufferStats()).toString()}\n`);
    return o.text();
  }

  private cons(self: ServerCnxn): string {
    const o = new Out();
    if (!this.running) return o.println(ZK_NOT_SERVING).text();
    for (const c of openConnections(this.host)) o.print(this.connectionInfo(c, false, self)).println();
    return o.println().text();
  }

  // ---- resets ----

  private crst(): string {
    if (!this.running) return `${ZK_NOT_SERVING}\n`;
    // ServerCnxn.resetStats on every connection (this one included).
    for (const c of openConnections(this.host)) {
      c.packetsReceived = 0;
      c.packetsSent = 0;
      c.minLatency = Number.MAX_SAFE_INTEGER;
      c.maxLatency = 0;
      c.lastOp = 'NA';
      c.lastCxid = -1;
      c.lastZxid = -1;
      c.lastResponseTime = 0;
      c.lastLatency = 0;
      c.count = 0;
      c.totalLatency = 0;
    }
    return 'Connection stats reset.\n';
  }

  private srst(): string {
    const h = this.host;
    if (!this.running) return `${ZK_NOT_SERVING}\n`;
    // ServerStats.reset: latency, packet counters, client response sizes, every metric.
    h.stats.reset();
    this.metrics.clientResponseStats.reset();
    this.metrics.resetAll();
    if (h.serverMode === 'leader') h.proposalStats?.reset();
    return 'Server stats reset.\n';
  }

  // ---- watches ----

  private sessionOf(watcher: number): bigint {
    return this.host.cnxns.get(watcher)?.sessionId ?? 0n;
  }

  private watches(cmd: 'wchs' | 'wchc' | 'wchp'): string {
    const o = new Out();
    if (!this.running) return o.println(ZK_NOT_SERVING).text();
    const wm = this.host.tree.dataWatches;
    if (cmd === 'wchs') {
      const s = wm.summary();
      o.print(`${s.numConnections} connections watching ${s.numPaths} paths\nTotal watches:${s.totalWatches}`);
    } else if (cmd === 'wchp') {
      const byPath = wm.byPath();
      for (const path of javaHashOrder([...byPath.keys()])) {
        o.println(path);
        for (const w of byPath.get(path)!) o.print(`\t0x${javaLongToHex(this.sessionOf(w))}\n`);
      }
    } else {
      for (const [w, paths] of wm.byWatcher()) {
        o.print('0x').println(javaLongToHex(this.sessionOf(w)));
        for (const p of javaHashOrder(paths)) o.print('\t').println(p);
      }
    }
    return o.println().text();
  }

  // ---- dump ----

  /** Time.elapsedTimeToDate for a time on the sim's elapsed clock. */
  private elapsedToDate(t: number): string {
    return javaDateToString(this.host.wallTime() - this.host.now() + t);
  }

  private dump(): string {
    const h = this.host;
    const o = new Out();
    if (!this.running) return o.println(ZK_NOT_SERVING).text();
    o.println('SessionTracker dump:');
    if (h.sessionsDump !== undefined) o.print(h.sessionsDump);
    else {
      const q = h.sessionTracker.expiryQueue;
      const buckets = q.buckets();
      o.print('Session ').println(`Sets (${buckets.length})/(${q.size}):`);
      for (const [t, sessions] of buckets) {
        o.print(`${sessions.length} expire at ${this.elapsedToDate(t)}:\n`);
        for (const s of sessions) o.print('\t').println(`0x${javaLongToHex(s.sessionId)}`);
      }
    }
    o.println('ephemeral nodes dump:');
    // DataTree.ephemerals is a ConcurrentHashMap<Long, HashSet<String>>.
    const eph = h.tree.ephemeralsBySession();
    o.println(`Sessions with Ephemerals (${eph.size}):`);
    for (const sid of JavaConcurrentHashMap.of(eph.keys(), javaLongHash).keys()) {
      o.print(`0x${javaLongToHex(sid)}`).println(':');
      for (const p of eph.get(sid)!) o.println(`\t${p}`);
    }
    o.println('Connections dump:');
    const base = h.elapsedBase ?? 0;
    const cnxns = openConnections(h);
    const buckets = this.cnxnExpiry.buckets(cnxns);
    const members = buckets.reduce((n, b) => n + b.cnxns.length, 0);
    o.print('Connections ').println(`Sets (${buckets.length})/(${members}):`);
    for (const b of buckets) {
      o.print(`${b.cnxns.length} expire at ${this.elapsedToDate(b.time - base)}:\n`);
      for (const c of b.cnxns) o.print('\t').println(`ip: ${javaSocketAddress(c.remoteIp, c.remotePort)} sessionId: 0x${javaLongToHex(c.sessionId)}`);
    }
    return o.text();
  }

  // ---- conf / envi / dirs ----

  private environmentValue(key: string): string {
    const override = this.host.environment?.[key];
    if (override !== undefined) return override;
    return SIMULATED_ENVIRONMENT.find(([k]) => k === key)?.[1] ?? '<NA>';
  }

  /** File.getAbsolutePath of <dir>/version-2. */
  private versionDir(dir: string): string {
    let d = dir.replace(/\/+$/, '');
    if (!d.startsWith('/')) d = `${this.environmentValue('user.dir')}/${d}`;
    return `${d}/version-2`;
  }

  private conf(): string {
    const h = this.host;
    const c = h.cfg;
    const o = new Out();
    if (!this.running) return o.println(ZK_NOT_SERVING).text();
    o.print('clientPort=').println(c.clientPort);
    o.print('secureClientPort=').println(-1);
    o.print('dataDir=').println(this.versionDir(c.dataDir));
    o.print('dataDirSize=').println(h.txnLogDirBytes ?? 0);
    o.print('dataLogDir=').println(this.versionDir(h.dataLogDir ?? c.dataDir));
    o.print('dataLogSize=').println(h.snapDirBytes ?? 0);
    o.print('tickTime=').println(c.tickTime);
    o.print('maxClientCnxns=').println(c.maxClientCnxns);
    o.print('minSessionTimeout=').println(minSessionTimeout(c));
    o.print('maxSessionTimeout=').println(maxSessionTimeout(c));
    o.print('clientPortListenBacklog=').println(-1);
    o.print('serverId=').println(c.serverId);
    if (h.extraConf !== undefined) o.print(h.extraConf);
    return o.text();
  }

  private envi(): string {
    const o = new Out().println('Environment:');
    for (const [k] of SIMULATED_ENVIRONMENT) o.print(k).print('=').println(k === 'zookeeper.version' ? ZOOKEEPER_FULL_VERSION : this.environmentValue(k));
    return o.text();
  }

  private dirs(): string {
    if (!this.running) return `${ZK_NOT_SERVING}\n`;
    return `datadir_size: ${this.host.txnLogDirBytes ?? 0}\nlogdir_size: ${this.host.snapDirBytes ?? 0}\n`;
  }

  // ---- mntr / isro / hash ----

  private mntr(): string {
    const h = this.host;
    const o = new Out();
    if (!this.running) return o.println(ZK_NOT_SERVING).text();
    const metrics = this.metrics;
    if (!metrics.hasGauge('avg_latency')) registerZooKeeperServerGauges(metrics, h);
    const print = (key: string, v: MetricValue): void => {
      const s = v.type === 'double' ? javaDoubleToString(v.value) : v.type === 'long' ? javaLongToString(v.value) : v.value;
      o.print('zk_').print(key).print('\t').println(s);
    };
    print('version', { type: 'string', value: ZOOKEEPER_FULL_VERSION });
    print('server_state', { type: 'string', value: h.serverMode });
    for (const [k, v] of h.extraMonitorValues ?? []) print(k, v);
    metrics.dump(print);
    return o.text();
  }

  private isro(): string {
    if (!this.running) return 'null';
    return this.host.readOnly ? 'ro' : 'rw';
  }

  private hash(): string {
    if (!this.running) return ZK_NOT_SERVING;
    const o = new Out();
    for (const zd of this.host.digestLog ?? []) o.println(`${javaLongToHex(zd.zxid)}: ${javaLongToString(zd.digest)}`);
    return o.text();
  }
}
