// Four-letter words against answers recorded from a real ZooKeeper 3.8.0 (fourletter/fixtures,
// see the README there). The fake host rebuilds the recorded scenario from real objects — a
// DataTree, a SessionTracker, ServerCnxn records, ServerStats — with the same session ids,
// ports, timestamps and counters, and replays the words in the recorded order, so most answers
// can be compared byte for byte. Where Java's order is an identity-hash order (connections,
// sessions within a bucket) the lines are compared as multisets.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataTree, TreeError, encodeUtf8 } from './DataTree.ts';
import {
  FourLetterWords,
  TELNET_CLOSE_BYTES,
  fourLetterCommand,
  whitelistedCommands,
  type FourLetterHost,
  type ZxidDigest,
} from './FourLetterWords.ts';
import { ServerMetrics } from './fourletter/ServerMetrics.ts';
import { fourLetterReplyPackets } from './fourletter/JavaFormat.ts';
import { newServerCnxn, type ServerCnxn } from './ServerCnxn.ts';
import { DEFAULT_CONFIG, applyConfigLines, type ServerConfig } from './ServerConfig.ts';
import { ServerStats } from './ServerStats.ts';
import { SessionTracker } from './SessionTracker.ts';
import { OPEN_ACL_UNSAFE } from './ZooDefs.ts';

const fixture = (name: string): string => readFileSync(new URL(`./fourletter/fixtures/${name}.txt`, import.meta.url), 'utf8');

const ZOO_CFG = [
  'tickTime=2000',
  'dataDir=/tmp/fl4/data',
  'clientPort=23417',
  'clientPortAddress=127.0.0.1',
  'admin.enableServer=false',
  '4lw.commands.whitelist=*',
];

// Clocks of the recording. Java's monotonic clock read 1,250,000 ms at the scenario's elapsed
// time 0, and the wall clock 2026-11-22T03:14:51.401Z.
const ELAPSED_BASE = 1_250_000;
const WALL_BASE = Date.UTC(2026, 10, 22, 3, 14, 51, 401);

const SID_A = 0x100001254820000n;
const SID_B = 0x100001254820001n;
const SID_C = 0x100001254820002n;

class FakeHost implements FourLetterHost {
  cfg: ServerConfig;
  readonly stats = new ServerStats();
  readonly cnxns = new Map<number, ServerCnxn>();
  readonly tree = new DataTree();
  readonly sessionTracker: SessionTracker;
  state: 'initial' | 'running' | 'shutdown' = 'running';
  serverMode = 'standalone';
  zxid = 0;
  clock = 0;
  readonly elapsedBase = ELAPSED_BASE;
  startedAt = 0;
  readonly metrics = new ServerMetrics();
  txnLogDirBytes = 67109337;
  snapDirBytes = 67109337;
  digestLog: ZxidDigest[] = [];
  readOnly = false;

  constructor(cfgLines: readonly string[] = ZOO_CFG) {
    this.cfg = applyConfigLines(DEFAULT_CONFIG, cfgLines);
    this.sessionTracker = new SessionTracker(this.cfg.tickTime, this.cfg.serverId, 0, 0, new Map());
  }
  now(): number {
    return this.clock;
  }
  wallTime(): number {
    return WALL_BASE + this.clock;
  }
}

/** What ZooKeeperServer does around FourLetterWords: a fresh connection, the answer, the close. */
function send(words: FourLetterWords, host: FakeHost, word: string, port: number, payload?: Uint8Array): string | null {
  const id = 1000 + port;
  const c = newServerCnxn(id, '127.0.0.1', port, host.clock);
  host.cnxns.set(id, c);
  const r = words.execute(word, c, payload);
  c.packetsSent += r.packets;
  host.stats.packetsSent += r.packets;
  c.closed = true;
  host.cnxns.delete(id);
  return r.text;
}

function createNode(tree: DataTree, path: string, data: string, owner: bigint, zxid: number): void {
  tree.createNode(path, encodeUtf8(data), OPEN_ACL_UNSAFE, owner, -1, zxid, WALL_BASE + zxid);
}

function clientCnxn(id: number, port: number, sid: bigint, established: number, fields: Partial<ServerCnxn>): ServerCnxn {
  const c = newServerCnxn(id, '127.0.0.1', port, established);
  c.initialized = true;
  c.sessionId = sid;
  c.sessionTimeout = 30000;
  Object.assign(c, fields);
  return c;
}

/** The recorded scenario at elapsed 69 500 ms (just before the first word). */
function scenario(): { host: FakeHost; words: FourLetterWords } {
  const host = new FakeHost();
  const words = new FourLetterWords(host);
  const t = host.tree;
  const st = host.sessionTracker;
  // Sessions (the expiry queue is touched the way pings moved them: three buckets left empty).
  for (const [sid, at] of [[SID_A, 57000], [SID_A, 59000], [SID_A, 61000], [SID_B, 63023], [SID_A, 67037], [SID_C, 68002]] as const) {
    st.trackSession(sid, 30000, at);
    st.commitSession(sid, 30000);
  }
  // The recorded order: A's creates and watches, then B's creates (which fire A's child watch on
  // "/") and watches. zkCli's addWatch defaults to PERSISTENT_RECURSIVE.
  createNode(t, '/a', 'x', 0n, 2);
  createNode(t, '/b', 'y', 0n, 3);
  createNode(t, '/a/e1', '1', SID_A, 4);
  createNode(t, '/eph1', '2', SID_A, 5);
  t.getData('/a', 1);
  t.getChildren('/', 1);
  try {
    t.statNode('/missing', 1);
  } catch (e) {
    if (!(e instanceof TreeError)) throw e;
  }
  t.getData('/b', 1);
  createNode(t, '/eph2', '3', SID_B, 7);
  createNode(t, '/eph3', '4', SID_B, 8);
  t.getData('/a', 2);
  t.addWatch('/b', 2, 1);
  t.drainNotifications();
  t.lastProcessedZxid = 9;
  host.zxid = 9;
  // Connections, with the counters `cons` showed.
  const A = clientCnxn(1, 58266, SID_A, 56000, { packetsReceived: 10, packetsSent: 11, lastOp: 'PING', lastCxid: 8, lastZxid: 9, lastResponseTime: 67037, lastLatency: 1, minLatency: 0, maxLatency: 10, totalLatency: 28, count: 11 });
  const B = clientCnxn(2, 49774, SID_B, 60912, { packetsReceived: 5, packetsSent: 5, lastOp: 'ADDW', lastCxid: 4, lastZxid: 8, lastResponseTime: 63023, lastLatency: 1, minLatency: 0, maxLatency: 4, totalLatency: 6, count: 5 });
  const C = clientCnxn(3, 49776, SID_C, 65939, { packetsReceived: 2, packetsSent: 2, lastOp: 'GETC', lastCxid: 1, lastZxid: 9, lastResponseTime: 68002, lastLatency: 0, minLatency: 0, maxLatency: 1, totalLatency: 1, count: 2 });
  for (const c of [B, C, A]) host.cnxns.set(c.id, c);
  // Server counters as they stood.
  host.stats.packetsReceived = 22;
  host.stats.packetsSent = 24;
  host.stats.totalLatency = 32;
  host.stats.count = 17;
  host.stats.minLatency = 0;
  host.stats.maxLatency = 10;
  host.clock = 69500;
  return { host, words };
}

/** Lines of `text` sorted (for lists printed in identity-hash order). */
const sortedLines = (text: string | null): string[] => (text ?? '').split('\n').sort();
const keys = (mntr: string | null): string[] => (mntr ?? '').trimEnd().split('\n').map((l) => l.split('\t')[0]!);
const value = (mntr: string | null, key: string): string | undefined =>
  (mntr ?? '').split('\n').find((l) => l.startsWith(`${key}\t`))?.split('\t')[1];

describe('four-letter words: the recorded standalone scenario', () => {
  // Replays the recorded sequence: ruok srvr stat cons wchs wchc wchp dump conf envi isro dirs gtmk hash mntr.
  const { host, words } = scenario();
  const answers = new Map<string, string | null>();
  beforeAll(() => {
    answers.set('ruok', send(words, host, 'ruok', 33100));
    host.clock = 71000;
    let port = 33200;
    for (const w of ['srvr', 'stat', 'cons', 'wchs', 'wchc', 'wchp', 'dump', 'conf', 'envi', 'isro', 'dirs', 'gtmk', 'hash']) {
      answers.set(w, send(words, host, w, w === 'stat' ? 33136 : w === 'cons' ? 33152 : w === 'dump' ? 33192 : port++));
    }
  });

  it('ruok, isro, gtmk: no trailing newline', () => {
    expect(answers.get('ruok')).toBe(fixture('ruok'));
    expect(answers.get('isro')).toBe(fixture('isro'));
    expect(answers.get('gtmk')).toBe(fixture('gtmk'));
  });

  it('srvr is byte for byte the real one (counters include the words themselves)', () => {
    expect(answers.get('srvr')).toBe(fixture('srvr'));
  });

  it('stat lists every connection, its own with [0] and recved=1', () => {
    const got = answers.get('stat')!;
    expect(sortedLines(got)).toEqual(sortedLines(fixture('stat')));
    expect(got.split('\n').slice(0, 2)).toEqual(fixture('stat').split('\n').slice(0, 2));
    expect(got.split('\n').slice(6)).toEqual(fixture('stat').split('\n').slice(6));
  });

  it('cons prints the full connection info, est on the wall clock and lresp on the monotonic one', () => {
    expect(sortedLines(answers.get('cons')!)).toEqual(sortedLines(fixture('cons')));
    expect(answers.get('cons')!.endsWith(')\n\n')).toBe(true);
  });

  it('wchs/wchc/wchp show the data watches only, paths in HashMap order', () => {
    expect(answers.get('wchs')).toBe(fixture('wchs'));
    expect(answers.get('wchp')).toBe(fixture('wchp'));
    // Blocks per session come in identity-hash order in Java.
    const blocks = (s: string) => s.trimEnd().split(/\n(?=0x)/).sort();
    expect(blocks(answers.get('wchc')!)).toEqual(blocks(fixture('wchc')));
    expect(answers.get('wchc')!.endsWith('\n\n')).toBe(true);
  });

  it('dump: session buckets with dates, ephemerals in ConcurrentHashMap order, connection buckets', () => {
    expect(answers.get('dump')).toBe(fixture('dump'));
  });

  it('conf and dirs', () => {
    expect(answers.get('conf')).toBe(fixture('conf'));
    expect(answers.get('dirs')).toBe(fixture('dirs'));
  });

  it('envi: same keys in the same order, the real version line', () => {
    const got = answers.get('envi')!.split('\n');
    const want = fixture('envi').split('\n');
    expect(got.map((l) => l.split('=')[0])).toEqual(want.map((l) => l.split('=')[0]));
    expect(got.slice(0, 2)).toEqual(want.slice(0, 2));
    expect(got.every((l, i) => l === '' || i === 0 || /^[a-z.]+=.+$/.test(l))).toBe(true);
  });

  it('hash writes nothing (and sends no packet) before a digest is logged', () => {
    expect(fixture('hash_empty')).toBe('');
    expect(answers.get('hash')).toBeNull();
  });

  it('mntr: every key of the real server in its order; state-derived values equal', () => {
    // Feed what DataTree.updateReadStat/updateWriteStat fed during the scenario.
    const m = host.metrics;
    m.summarySet('write_per_namespace').add('a', 3);
    m.summarySet('write_per_namespace').add('b', 3);
    m.summarySet('write_per_namespace').add('a', 6);
    for (const ns of ['eph1', 'eph2', 'eph3']) m.summarySet('write_per_namespace').add(ns, 6);
    m.summarySet('read_per_namespace').add('a', 71);
    m.summarySet('read_per_namespace').add('b', 71);
    m.summarySet('read_per_namespace').add('a', 71);
    m.clientResponseStats.setLastBufferSize(16);
    m.clientResponseStats.setLastBufferSize(135);
    for (const v of [1, 2, 1, 2, 10, 3, 3, 4, 2]) m.summary('updatelatency').add(v);
    const got = send(words, host, 'mntr', 33300);
    const want = fixture('mntr');
    expect(keys(got)).toEqual(keys(want));
    for (const k of [
      'zk_version', 'zk_server_state', 'zk_ephemerals_count', 'zk_num_alive_connections', 'zk_avg_latency',
      'zk_outstanding_requests', 'zk_znode_count', 'zk_global_sessions', 'zk_last_client_response_size',
      'zk_packets_sent', 'zk_packets_received', 'zk_max_client_response_size', 'zk_min_client_response_size',
      'zk_connection_drop_probability', 'zk_watch_count', 'zk_min_latency', 'zk_max_latency',
      'zk_approximate_data_size', 'zk_max_file_descriptor_count', 'zk_local_sessions',
      'zk_avg_updatelatency', 'zk_min_updatelatency', 'zk_max_updatelatency', 'zk_cnt_updatelatency',
      'zk_sum_updatelatency', 'zk_p50_updatelatency', 'zk_p95_updatelatency', 'zk_p99_updatelatency',
    ]) {
      expect([k, value(got, k)]).toEqual([k, value(want, k)]);
    }
    const perNs = (s: string | null) => (s ?? '').split('\n').filter((l) => l.includes('_per_namespace'));
    expect(perNs(got)).toEqual(perNs(want));
    // Everything else the pipeline did not feed is an integer or a Java double.
    for (const line of got!.trimEnd().split('\n').slice(2)) expect(line).toMatch(/^zk_[a-z0-9_]+\t(-?\d+|\d+\.\d+(E-?\d+)?)$/);
    expect(fourLetterReplyPackets(got)).toBe(3); // 17 520 chars: 8192 + 8192 + 1136
  });

  it('stmk echoes the mask it sets, gtmk reads it back; a short stmk is just closed', () => {
    const long = (v: bigint) => {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setBigInt64(0, v);
      return b;
    };
    expect(send(words, host, 'stmk', 33400, long(300n))).toBe(fixture('stmk'));
    expect(send(words, host, 'gtmk', 33401)).toBe('300');
    expect(send(words, host, 'stmk', 33402, long(-2n))).toBe(fixture('stmk_neg'));
    expect(send(words, host, 'gtmk', 33403)).toBe('-2');
    expect(send(words, host, 'stmk', 33404, long(306n))).toBe('306');
    expect(send(words, host, 'stmk', 33405)).toBeNull();
    expect(send(words, host, 'stmk', 33406, new Uint8Array([0, 0, 1]))).toBeNull();
    expect(send(words, host, 'gtmk', 33407)).toBe('306');
  });

  it('an unknown word is closed without an answer and is not counted; telnet close likewise when whitelisted', () => {
    const before = host.stats.packetsReceived;
    expect(send(words, host, 'abcd', 33500)).toBeNull();
    expect(host.stats.packetsReceived).toBe(before);
    expect(send(words, host, TELNET_CLOSE_BYTES, 33501)).toBeNull();
    expect(host.stats.packetsReceived).toBe(before + 1);
  });

  it('crst resets every connection (cons afterwards matches), srst the server stats and metrics', () => {
    expect(send(words, host, 'crst', 33600)).toBe(fixture('crst'));
    expect(sortedLines(send(words, host, 'cons', 51276))).toEqual(sortedLines(fixture('cons_after_crst')));
    expect(send(words, host, 'srst', 33601)).toBe(fixture('srst'));
    const srvr = send(words, host, 'srvr', 33602)!;
    expect(srvr).toContain('Latency min/avg/max: 0/0.0/0\nReceived: 1\nSent: 1\n');
    const got = send(words, host, 'mntr', 33603);
    const want = fixture('mntr_after_srst');
    expect(keys(got)).toEqual(keys(want));
    const stateless = (s: string | null) =>
      (s ?? '').split('\n').filter((l) => !/^zk_(uptime|open_file_descriptor_count)\t/.test(l));
    expect(stateless(got)).toEqual(stateless(want));
  });
});

describe('four-letter words: fresh server', () => {
  it('stat, cons and mntr of a server with no client', () => {
    const host = new FakeHost();
    const words = new FourLetterWords(host);
    host.stats.packetsReceived = 2;
    host.stats.packetsSent = 2;
    const stat = send(words, host, 'stat', 60542);
    expect(stat).toBe(fixture('fresh_stat'));
    const mntr = send(words, host, 'mntr', 60600);
    expect(send(words, host, 'cons', 60566)).toBe(fixture('fresh_cons'));
    const want = fixture('fresh_mntr');
    expect(keys(mntr)).toEqual(keys(want));
    const skip = /^zk_(uptime|open_file_descriptor_count|bytes_received_count|(avg|min|max|cnt|sum)_(dbinittime|snapshottime|startup_snap_load_time|sync_processor_queue_size|prep_processor_queue_size))\t/;
    const comparable = (s: string | null) => (s ?? '').split('\n').filter((l) => !skip.test(l));
    expect(comparable(mntr)).toEqual(comparable(want));
  });

  it('the private registry is used when the host has none', () => {
    const host = new FakeHost();
    const bare: FourLetterHost = { ...pick(host), now: () => 0, wallTime: () => WALL_BASE };
    const words = new FourLetterWords(bare);
    const c = newServerCnxn(1, '127.0.0.1', 40001, 0);
    host.cnxns.set(1, c);
    const mntr = words.run('mntr', c);
    expect(keys(mntr)).toEqual(keys(fixture('fresh_mntr')));
    expect(value(mntr, 'zk_bytes_received_count')).toBe('4');
  });
});

function pick(h: FakeHost): Omit<FourLetterHost, 'now' | 'wallTime'> {
  return { cfg: h.cfg, stats: h.stats, cnxns: h.cnxns, tree: h.tree, sessionTracker: h.sessionTracker, state: h.state, serverMode: h.serverMode, zxid: h.zxid };
}

describe('four-letter words: whitelist', () => {
  // Recorded with 4lw.commands.whitelist=ruok, stat ,,dump
  const host = new FakeHost([...ZOO_CFG.slice(0, -1), '4lw.commands.whitelist=ruok, stat ,,dump']);
  const words = new FourLetterWords(host);

  it('answers a non-whitelisted word with the NopCommand message, counting the packet', () => {
    const before = host.stats.packetsReceived;
    expect(send(words, host, 'isro', 1)).toBe(fixture('isro_nonwhitelisted'));
    expect(send(words, host, 'mntr', 2)).toBe(fixture('mntr_nonwhitelisted'));
    expect(send(words, host, TELNET_CLOSE_BYTES, 3)).toBe(fixture('telnetclose_nonwhitelisted'));
    expect(host.stats.packetsReceived).toBe(before + 3);
    for (const w of ['conf', 'stmk', 'gtmk', 'hash', 'cons', 'wchs', 'envi', 'crst', 'srst']) {
      expect(send(words, host, w, 4)).toBe(`${w} is not executed because it is not in the whitelist.\n`);
    }
  });

  it('still answers ruok, stat, dump and (always) srvr; unknown words get nothing', () => {
    expect(send(words, host, 'ruok', 5)).toBe('imok');
    expect(send(words, host, 'srvr', 6)).toMatch(/^Zookeeper version: 3\.8\.0-/);
    expect(send(words, host, 'stat', 7)).toMatch(/^Zookeeper version: .*\nClients:\n/);
    expect(send(words, host, 'dump', 8)).toMatch(/^SessionTracker dump:\n/);
    expect(send(words, host, 'abcd', 9)).toBeNull();
  });

  it('whitelist parsing: trimmed, case-sensitive, * = all known words, srvr always', () => {
    expect([...whitelistedCommands(['ruok', ' stat ', '', 'dump'])].sort()).toEqual(['dump', 'ruok', 'srvr', 'stat']);
    expect(whitelistedCommands(['RUOK']).has('ruok')).toBe(false);
    expect(whitelistedCommands([]).size).toBe(1);
    expect(whitelistedCommands([], true).has('isro')).toBe(true);
    expect(whitelistedCommands(['*']).size).toBe(19);
    expect(whitelistedCommands(['*']).has('telnet close')).toBe(true);
    expect(fourLetterCommand('xyzw')).toBeNull();
    expect(fourLetterCommand('hash')).toBe('hash');
    // ServerConfig's default is srvr only.
    const dflt = new FakeHost(ZOO_CFG.slice(0, -1));
    expect(send(new FourLetterWords(dflt), dflt, 'ruok', 1)).toBe('ruok is not executed because it is not in the whitelist.\n');
  });
});

describe('four-letter words: other states and modes', () => {
  it('hash prints the digest log (hex zxid, signed decimal digest)', () => {
    const host = new FakeHost();
    host.digestLog = [{ zxid: 0x80, digest: 267575389325 }];
    expect(send(new FourLetterWords(host), host, 'hash', 1)).toBe(fixture('hash_after_128'));
    host.digestLog = [{ zxid: 0x100, digest: -5n }];
    expect(send(new FourLetterWords(host), host, 'hash', 1)).toBe('100: -5\n');
  });

  it('a server that is not running', () => {
    const host = new FakeHost();
    host.state = 'initial';
    const words = new FourLetterWords(host);
    const notServing = 'This ZooKeeper instance is not currently serving requests\n';
    for (const w of ['stat', 'srvr', 'cons', 'wchs', 'wchc', 'wchp', 'dump', 'conf', 'dirs', 'mntr', 'crst', 'srst']) {
      expect(send(words, host, w, 1)).toBe(notServing);
    }
    expect(send(words, host, 'hash', 1)).toBe(notServing.trimEnd());
    expect(send(words, host, 'isro', 1)).toBe('null');
    expect(send(words, host, 'ruok', 1)).toBe('imok');
    expect(send(words, host, 'envi', 1)).toMatch(/^Environment:\n/);
  });

  it('read-only server and leader additions', () => {
    const host = new FakeHost();
    host.readOnly = true;
    host.serverMode = 'read-only';
    const words = new FourLetterWords(host);
    expect(send(words, host, 'isro', 1)).toBe('ro');
    expect(send(words, host, 'srvr', 1)).toMatch(/^Zookeeper version: .*\nREAD-ONLY mode; serving only read-only clients\nLatency/);
    const leader = new FakeHost();
    leader.serverMode = 'leader';
    const lw = new FourLetterWords(leader);
    expect(send(lw, leader, 'srvr', 1)).toMatch(/Mode: leader\nNode count: 5\nProposal sizes last\/min\/max: -1\/-1\/-1\n$/);
  });

  it('a connection that already sent its ConnectRequest gets no four-letter treatment', () => {
    const host = new FakeHost();
    const words = new FourLetterWords(host);
    const c = newServerCnxn(1, '127.0.0.1', 1, 0);
    c.initialized = true;
    host.cnxns.set(1, c);
    expect(words.run('ruok', c)).toBeNull();
    expect(c.packetsReceived).toBe(0);
  });
});

describe('four-letter words: Java hash order of watched paths', () => {
  it('wchp and wchc list paths in java.util.HashMap/HashSet order', () => {
    const host = new FakeHost();
    const words = new FourLetterWords(host);
    const c = clientCnxn(1, 50000, SID_A, 0, {});
    host.cnxns.set(1, c);
    const paths = ['/zeta', '/a', '/missing', '/b', '/app/config', '/x/y/z', '/eph1', '/n10', '/n2', '/q'];
    for (const p of paths) {
      try {
        host.tree.statNode(p, 1);
      } catch (e) {
        if (!(e instanceof TreeError)) throw e;
      }
    }
    // Printed by OpenJDK 17 for a HashSet<String> filled in this order.
    const javaOrder = ['/a', '/missing', '/q', '/b', '/n2', '/app/config', '/eph1', '/zeta', '/n10', '/x/y/z'];
    expect(send(words, host, 'wchp', 2)).toBe(javaOrder.map((p) => `${p}\n\t0x100001254820000\n`).join('') + '\n');
    expect(send(words, host, 'wchc', 3)).toBe(`0x100001254820000\n${javaOrder.map((p) => `\t${p}\n`).join('')}\n`);
    expect(send(words, host, 'wchs', 4)).toBe('1 connections watching 10 paths\nTotal watches:10\n');
  });
});

describe('four-letter words: quota gauge sets in mntr', () => {
  it('prints limit and usage per namespace in ConcurrentHashMap order, as recorded', () => {
    const host = new FakeHost();
    const t = host.tree;
    let zxid = 1;
    const mk = (path: string, data: string) => createNode(t, path, data, 0n, zxid++);
    mk('/a', 'x');
    mk('/a/c1', '12345');
    mk('/b', 'y');
    mk('/b/c', 'q');
    mk('/zz', '');
    // What zkCli's setquota creates: the quota path, the limits, then stats the server fills in.
    const setquota = (ns: string, limits: string) => {
      mk(`/zookeeper/quota/${ns}`, '');
      mk(`/zookeeper/quota/${ns}/zookeeper_limits`, limits);
      mk(`/zookeeper/quota/${ns}/zookeeper_stats`, 'count=0,bytes=0');
    };
    setquota('a', 'count=5,bytes=-1=;byteHardLimit=-1;countHardLimit=-1');
    setquota('b', 'count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=10');
    setquota('zz', 'count=-1,bytes=-1=;byteHardLimit=100;countHardLimit=-1');
    mk('/a/c2', 'z');
    mk('/zz/k', '0123456789');
    const got = send(new FourLetterWords(host), host, 'mntr', 1)!;
    const quota = (s: string) => s.split('\n').filter((l) => l.includes('_quota_'));
    expect(quota(got)).toEqual(quota(fixture('mntr_quota')));
    // The gauge sets come right after the gauges, before the counters.
    expect(keys(got).slice(0, 39)).toEqual(keys(fixture('mntr_quota')).slice(0, 39));
  });
});
