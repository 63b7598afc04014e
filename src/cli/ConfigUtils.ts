// What `config -c` and `reconfig -file` need from Java: java.util.Properties.load, the iteration
// order of a Properties object, QuorumPeer.QuorumServer's address parsing and
// ConfigUtils.getClientConfigStr.

import { javaStringHash, orderForCapacity } from '../zk/JavaHashOrder.ts';
import { IllegalArgumentException } from '../zk/PathUtils.ts';
import { javaSplit, NumberFormatException, parseInt32 } from './javaLang.ts';
import type { PrintStream } from './PrintStream.ts';

/** QuorumPeerConfig.ConfigException. */
export class ConfigException extends Error {
  readonly javaClass = 'org.apache.zookeeper.server.quorum.QuorumPeerConfig$ConfigException';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigException';
  }
}

/**
 * Properties.load(Reader): `key=value`, `key:value` or `key value` lines, `#`/`!` comments,
 * backslash continuations and escapes. Returns the entries in insertion order (a later duplicate
 * key replaces the value in place).
 */
export function loadProperties(text: string): Map<string, string> {
  const props = new Map<string, string>();
  const lines = text.split(/\r\n|\r|\n/);
  let i = 0;
  while (i < lines.length) {
    let line = stripLeadingWs(lines[i++] as string);
    if (line.length === 0 || line[0] === '#' || line[0] === '!') continue;
    // join continuation lines: an odd number of trailing backslashes
    while (endsWithOddBackslashes(line) && i <= lines.length) {
      line = line.slice(0, -1);
      if (i >= lines.length) break;
      line += stripLeadingWs(lines[i++] as string);
    }
    let keyEnd = 0;
    let valueStart = line.length;
    let hasSep = false;
    let backslash = false;
    for (; keyEnd < line.length; keyEnd++) {
      const c = line[keyEnd] as string;
      if ((c === '=' || c === ':') && !backslash) {
        valueStart = keyEnd + 1;
        hasSep = true;
        break;
      } else if ((c === ' ' || c === '\t' || c === '\f') && !backslash) {
        valueStart = keyEnd + 1;
        break;
      }
      backslash = c === '\\' ? !backslash : false;
    }
    while (valueStart < line.length) {
      const c = line[valueStart] as string;
      if (c !== ' ' && c !== '\t' && c !== '\f') {
        if (!hasSep && (c === '=' || c === ':')) hasSep = true;
        else break;
      }
      valueStart++;
    }
    props.set(unescape(line.substring(0, keyEnd)), unescape(line.substring(valueStart)));
  }
  return props;
}

function stripLeadingWs(s: string): string {
  let k = 0;
  while (k < s.length && (s[k] === ' ' || s[k] === '\t' || s[k] === '\f')) k++;
  return s.substring(k);
}

function endsWithOddBackslashes(s: string): boolean {
  let n = 0;
  for (let k = s.length - 1; k >= 0 && s[k] === '\\'; k--) n++;
  return n % 2 === 1;
}

function unescape(s: string): string {
  let out = '';
  for (let k = 0; k < s.length; k++) {
    const c = s[k] as string;
    if (c !== '\\' || k + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++k] as string;
    if (n === 'u') {
      const hex = s.substring(k + 1, k + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new IllegalArgumentException('Malformed \\uxxxx encoding.');
      out += String.fromCharCode(parseInt(hex, 16));
      k += 4;
    } else if (n === 't') out += '\t';
    else if (n === 'r') out += '\r';
    else if (n === 'n') out += '\n';
    else if (n === 'f') out += '\f';
    else out += n;
  }
  return out;
}

/**
 * The order a Properties object iterates its keys: it is backed by a ConcurrentHashMap created
 * with capacity 8 (a 16-bucket table that doubles when it holds 3/4 of its size).
 */
export function propertiesOrder(keys: readonly string[]): string[] {
  let capacity = 16;
  while (keys.length >= capacity - (capacity >>> 2)) capacity *= 2;
  return orderForCapacity(keys, capacity, javaStringHash);
}

const WRONG_FORMAT =
  ' does not have the form server_config or server_config;client_config where server_config is the pipe separated list of host:port:port or host:port:port:type and client_config is port or host:port';

/** ConfigUtils.getHostAndPort: host:port[:...] with [ipv6] literals. */
function getHostAndPort(s: string): string[] {
  if (s.startsWith('[')) {
    const i = s.indexOf(']');
    if (i < 0) throw new ConfigException(`${s} starts with '[' but has no matching ']:'`);
    if (i + 2 === s.length) throw new ConfigException(`${s} doesn't have a port after colon`);
    if (i + 2 < s.length) return [s.substring(1, i), ...javaSplit(s.substring(i + 2), ':')];
    return [s.replace(/\[|\]/g, '')];
  }
  return javaSplit(s, ':');
}

function checkPort(port: number): number {
  if (port < 0 || port > 0xffff) throw new IllegalArgumentException(`port out of range:${port}`);
  return port;
}

export interface QuorumServerAddress {
  readonly hostname: string;
  readonly port: number;
  readonly electionPort: number;
  readonly type: 'participant' | 'observer';
  readonly clientAddr: { host: string; port: number } | null;
}

/** new QuorumServer(sid, addressStr): `host:port:port[:type][;[clientHost:]clientPort]`. */
export function parseQuorumServer(sid: number | bigint, addressStr: string): QuorumServerAddress {
  const serverClientParts = javaSplit(addressStr, ';');
  const serverAddresses = javaSplit(serverClientParts[0] ?? '', '|');
  let clientAddr: { host: string; port: number } | null = null;
  if (serverClientParts.length === 2) {
    const clientParts = getHostAndPort(serverClientParts[1] as string);
    if (clientParts.length > 2) throw new ConfigException(addressStr + WRONG_FORMAT);
    const clientHost = clientParts.length === 2 ? (clientParts[0] as string) : '0.0.0.0';
    const last = clientParts[clientParts.length - 1] ?? '';
    let port: number;
    try {
      port = parseInt32(last);
    } catch (e) {
      // Java names the server's hostname here, which is not set yet.
      if (e instanceof NumberFormatException) throw new ConfigException(`Address unresolved: null:${last}`);
      throw e;
    }
    clientAddr = { host: clientHost, port: checkPort(port) };
  }
  if (serverAddresses.length > 1) {
    throw new ConfigException(`Multiple address feature is disabled, but multiple addresses were specified for sid ${sid}`);
  }
  let hostname = '';
  let port = 0;
  let electionPort = 0;
  let type: 'participant' | 'observer' = 'participant';
  for (const serverAddress of serverAddresses) {
    const serverParts = getHostAndPort(serverAddress);
    if (serverClientParts.length > 2 || serverParts.length < 3 || serverParts.length > 4) {
      throw new ConfigException(addressStr + WRONG_FORMAT);
    }
    hostname = serverParts[0] as string;
    const parsePort = (p: string) => {
      try {
        return checkPort(parseInt32(p));
      } catch (e) {
        if (e instanceof NumberFormatException) throw new ConfigException(`Address unresolved: ${hostname}:${p}`);
        throw e;
      }
    };
    port = parsePort(serverParts[1] as string);
    electionPort = parsePort(serverParts[2] as string);
    if (port === electionPort) {
      throw new ConfigException(`Client and election port must be different! Please update the configuration file on server.${sid}`);
    }
    if (serverParts.length === 4) {
      const t = (serverParts[3] as string).trim().toLowerCase();
      if (t === 'observer' || t === 'participant') type = t;
      else throw new ConfigException(`Unrecognised peertype: ${serverParts[3]}`);
    }
  }
  return { hostname, port, electionPort, type, clientAddr };
}

/**
 * ConfigUtils.getClientConfigStr: `<version> <host:port>,<host:port>...` from the servers' client
 * addresses, in the order the Properties object iterates. A server line that does not parse is
 * reported on stderr (Java prints the ConfigException's stack trace; only its first line here).
 */
export function getClientConfigStr(configData: string, err: PrintStream): string {
  const props = loadProperties(configData);
  let version = '';
  const parts: string[] = [];
  for (const rawKey of propertiesOrder([...props.keys()])) {
    const key = rawKey.trim();
    const value = (props.get(rawKey) as string).trim();
    if (key === 'version') version = value;
    if (!key.startsWith('server.')) continue;
    let qs: QuorumServerAddress;
    try {
      qs = parseQuorumServer(-1, value);
    } catch (e) {
      if (e instanceof ConfigException) {
        err.println(`${e.javaClass}: ${e.message}`);
        continue;
      }
      throw e;
    }
    parts.push(qs.clientAddr === null ? '' : `${qs.clientAddr.host}:${qs.clientAddr.port}`);
  }
  return `${version} ${parts.join(',')}`;
}
