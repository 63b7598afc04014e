// Name resolution in the simulated network, the /etc/hosts of the world. Every server listens on
// 127.0.0.1 at its own client port, so a connect string names it by that address; people also
// think of servers by name, as if each ran on its own host with the default port: `s2`,
// `server2`, `server.2` or `zk2` (port 2181 or the server's own client port). `localhost` is
// 127.0.0.1, as on any machine.

export interface NamedServer {
  readonly id: number;
  /** host:port the server's client port listens on. */
  readonly address: string;
}

const BY_NAME = /^(?:s|server\.?|zk)(\d+)$/i;
const DEFAULT_CLIENT_PORT = '2181';

/** The server a client reaches at host:port, if any. */
export function resolveServer<S extends NamedServer>(address: string, servers: Iterable<S>): S | undefined {
  const colon = address.lastIndexOf(':');
  const host = colon >= 0 ? address.slice(0, colon) : address;
  const port = colon >= 0 ? address.slice(colon + 1) : DEFAULT_CLIENT_PORT;
  const literal = `${host.toLowerCase() === 'localhost' ? '127.0.0.1' : host}:${port}`;
  const named = BY_NAME.exec(host);
  for (const s of servers) {
    if (s.address === literal) return s;
    if (named && Number(named[1]) === s.id && (port === DEFAULT_CLIENT_PORT || s.address.endsWith(`:${port}`))) return s;
  }
  return undefined;
}
