// Server configuration: the zoo.cfg keys and Java system properties ZooScope honours.

export interface PeerAddress {
  readonly id: number;
  readonly host: string;
  readonly quorumPort: number;
  readonly electionPort: number;
  readonly role: 'participant' | 'observer';
  readonly clientPort: number;
}

export interface ServerConfig {
  readonly serverId: number;
  readonly tickTime: number;
  readonly initLimit: number;
  readonly syncLimit: number;
  /** -1 means 2 * tickTime. */
  readonly minSessionTimeout: number;
  /** -1 means 20 * tickTime. */
  readonly maxSessionTimeout: number;
  readonly clientPort: number;
  readonly clientPortAddress: string;
  readonly dataDir: string;
  readonly snapCount: number;
  readonly extendedTypesEnabled: boolean;
  readonly superDigest: string | null;
  readonly enforceQuota: boolean;
  readonly digestEnabled: boolean;
  readonly closeSessionTxnEnabled: boolean;
  readonly containerCheckIntervalMs: number;
  readonly containerMaxPerMinute: number;
  readonly containerMaxNeverUsedIntervalMs: number;
  readonly maxClientCnxns: number;
  readonly fourLetterWhitelist: readonly string[];
  readonly reconfigEnabled: boolean;
  readonly standaloneEnabled: boolean;
  readonly juteMaxBuffer: number;
  readonly globalOutstandingLimit: number;
  /**
   * zookeeper.snapshotSizeFactor (ZKDatabase, default 0.33): a leader syncs a learner from its txn
   * log files only while they take at most this fraction of the newest snapshot's size; negative
   * (or NaN) turns txn-log syncing off, 0 lifts the limit. A value above 1 falls back to 0.33.
   */
  readonly snapshotSizeFactor: number;
  /** zookeeper.preAllocSize (given in KB, held in bytes; FilePadding, default 64 MB): log files grow in blocks of this size. */
  readonly preAllocSize: number;
  /** Participants and observers; empty for a standalone server. */
  readonly peers: readonly PeerAddress[];
  /**
   * Known 3.8.0 bugs to fix in this run (ZooScope's own zoo.cfg key `zooscope.fixes`, a comma
   * list). Empty by default: ZooScope behaves as 3.8.0 does, bugs included.
   *   txnlog-gap: a leader syncing a learner from its txn log falls back to SNAP when the log has
   *               a hole (in 3.8.0 the DIFF silently skips the missing txns).
   */
  readonly fixes: readonly string[];
}

export const KNOWN_FIXES = ['txnlog-gap'] as const;

/** ZKDatabase.DEFAULT_SNAPSHOT_SIZE_FACTOR. */
export const DEFAULT_SNAPSHOT_SIZE_FACTOR = 0.33;

/** Double.parseDouble for the decimal forms (plus NaN, Infinity, an f/d suffix); null where it throws. */
export function parseJavaDouble(v: string): number | null {
  const t = v.trim();
  if (!/^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/.test(t)) return null;
  return Number(t.replace(/[fFdD]$/, ''));
}

export const DEFAULT_CONFIG: ServerConfig = {
  serverId: 0,
  tickTime: 2000,
  initLimit: 10,
  syncLimit: 5,
  minSessionTimeout: -1,
  maxSessionTimeout: -1,
  clientPort: 2181,
  clientPortAddress: '127.0.0.1',
  dataDir: '/var/lib/zookeeper',
  snapCount: 100000,
  extendedTypesEnabled: false,
  superDigest: null,
  enforceQuota: false,
  digestEnabled: true,
  closeSessionTxnEnabled: true,
  containerCheckIntervalMs: 60000,
  containerMaxPerMinute: 10000,
  containerMaxNeverUsedIntervalMs: 0,
  maxClientCnxns: 60,
  fourLetterWhitelist: ['srvr'],
  reconfigEnabled: false,
  standaloneEnabled: true,
  juteMaxBuffer: 0xfffff,
  globalOutstandingLimit: 1000,
  snapshotSizeFactor: DEFAULT_SNAPSHOT_SIZE_FACTOR,
  preAllocSize: 65536 * 1024,
  peers: [],
  fixes: [],
};

export function minSessionTimeout(c: ServerConfig): number {
  return c.minSessionTimeout === -1 ? c.tickTime * 2 : c.minSessionTimeout;
}

export function maxSessionTimeout(c: ServerConfig): number {
  return c.maxSessionTimeout === -1 ? c.tickTime * 20 : c.maxSessionTimeout;
}

export class ConfigError extends Error {}

function int(key: string, v: string): number {
  if (!/^-?\d+$/.test(v.trim())) throw new ConfigError(`${key} must be an integer, got "${v}"`);
  return Number(v.trim());
}

function bool(v: string): boolean {
  return v.trim().toLowerCase() === 'true';
}

/**
 * Apply zoo.cfg lines ("key=value"; # comments) and -Dkey=value JVM options to a config.
 * Unknown zoo.cfg keys become system properties "zookeeper.<key>", as QuorumPeerConfig does.
 */
export function applyConfigLines(base: ServerConfig, cfgLines: readonly string[], jvmOptions: readonly string[] = []): ServerConfig {
  const peers: PeerAddress[] = [...base.peers];
  const c: { -readonly [K in keyof ServerConfig]: ServerConfig[K] } = { ...base, peers };
  const props = new Map<string, string>();
  for (const raw of cfgLines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) throw new ConfigError(`not a key=value line: ${line}`);
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    switch (key) {
      case 'tickTime': c.tickTime = int(key, value); break;
      case 'initLimit': c.initLimit = int(key, value); break;
      case 'syncLimit': c.syncLimit = int(key, value); break;
      case 'minSessionTimeout': c.minSessionTimeout = int(key, value); break;
      case 'maxSessionTimeout': c.maxSessionTimeout = int(key, value); break;
      case 'clientPort': c.clientPort = int(key, value); break;
      case 'clientPortAddress': c.clientPortAddress = value; break;
      case 'dataDir': c.dataDir = value; break;
      case 'dataLogDir': break;
      case 'maxClientCnxns': c.maxClientCnxns = int(key, value); break;
      case '4lw.commands.whitelist': c.fourLetterWhitelist = value.split(',').map((s) => s.trim()).filter((s) => s !== ''); break;
      case 'reconfigEnabled': c.reconfigEnabled = bool(value); break;
      case 'standaloneEnabled': c.standaloneEnabled = bool(value); break;
      case 'admin.enableServer': case 'admin.serverPort': break;
      case 'snapCount': props.set('zookeeper.snapCount', value); break;
      case 'zooscope.fixes': {
        const fixes = value.split(',').map((x) => x.trim()).filter((x) => x !== '');
        for (const f of fixes) if (!(KNOWN_FIXES as readonly string[]).includes(f)) throw new ConfigError(`zooscope.fixes: unknown fix "${f}" (known: ${KNOWN_FIXES.join(', ')})`);
        c.fixes = fixes;
        break;
      }
      default:
        if (/^server\.\d+$/.test(key)) peers.push(parseServerLine(key, value));
        else props.set(`zookeeper.${key}`, value);
    }
  }
  for (const opt of jvmOptions) {
    const m = /^-D([^=]+)=(.*)$/.exec(opt.trim());
    if (!m) throw new ConfigError(`not a -Dkey=value option: ${opt}`);
    props.set(m[1]!, m[2]!);
  }
  for (const [k, v] of props) {
    switch (k) {
      case 'zookeeper.snapCount': c.snapCount = int(k, v); break;
      case 'zookeeper.extendedTypesEnabled': c.extendedTypesEnabled = bool(v); break;
      case 'zookeeper.DigestAuthenticationProvider.superDigest': c.superDigest = v; break;
      case 'zookeeper.enforceQuota': c.enforceQuota = bool(v); break;
      case 'zookeeper.digest.enabled': c.digestEnabled = bool(v); break;
      case 'zookeeper.closeSessionTxn.enabled': c.closeSessionTxnEnabled = bool(v); break;
      case 'znode.container.checkIntervalMs': c.containerCheckIntervalMs = int(k, v); break;
      case 'znode.container.maxPerMinute': c.containerMaxPerMinute = int(k, v); break;
      case 'znode.container.maxNeverUsedIntervalMs': c.containerMaxNeverUsedIntervalMs = int(k, v); break;
      case 'jute.maxbuffer': c.juteMaxBuffer = int(k, v); break;
      case 'zookeeper.globalOutstandingLimit': c.globalOutstandingLimit = int(k, v); break;
      case 'zookeeper.snapshotSizeFactor': {
        // "Error parsing ..., using default value"; "The configured ... is invalid, going to use the default".
        const f = parseJavaDouble(v);
        c.snapshotSizeFactor = f === null || f > 1 ? DEFAULT_SNAPSHOT_SIZE_FACTOR : f;
        break;
      }
      case 'zookeeper.preAllocSize':
        // Long.parseLong(size) * 1024; "... is not a valid value for preAllocSize" keeps the default.
        if (/^[+-]?\d{1,16}$/.test(v)) c.preAllocSize = Number(v) * 1024;
        break;
      default: break; // other properties do not change what ZooScope simulates
    }
  }
  return c;
}

/** server.N=host:quorumPort:electionPort[:participant|observer][;[clientAddress:]clientPort] */
export function parseServerLine(key: string, value: string): PeerAddress {
  const id = Number(key.slice('server.'.length));
  const [addrPart, clientPart] = value.split(';');
  const parts = (addrPart ?? '').split(':');
  if (parts.length < 3) throw new ConfigError(`${key}: expected host:port:port, got "${value}"`);
  const role = parts[3] === 'observer' ? 'observer' : 'participant';
  let clientPort = 2181;
  if (clientPart !== undefined) {
    const cp = clientPart.split(':');
    clientPort = int(key, cp[cp.length - 1] ?? '');
  }
  return { id, host: parts[0]!, quorumPort: int(key, parts[1]!), electionPort: int(key, parts[2]!), role, clientPort };
}
