import { describe, expect, it } from 'vitest';
import { resolveServer } from './hosts.ts';

const servers = [1, 2, 3].map((id) => ({ id, address: `127.0.0.1:${2180 + id}` }));
const id = (a: string) => resolveServer(a, servers)?.id;

describe('resolveServer', () => {
  it('finds a server by its address, localhost being 127.0.0.1', () => {
    expect(id('127.0.0.1:2182')).toBe(2);
    expect(id('localhost:2183')).toBe(3);
    expect(id('LOCALHOST:2181')).toBe(1);
  });
  it('finds a server by name on the default port or its own', () => {
    for (const n of ['s2', 'S2', 'server2', 'server.2', 'zk2']) {
      expect(id(`${n}:2181`)).toBe(2);
      expect(id(`${n}:2182`)).toBe(2);
      expect(id(n)).toBe(2);
    }
  });
  it('reaches nobody at other names and ports', () => {
    for (const a of ['127.0.0.1:2184', '127.0.0.2:2181', 's4:2181', 's2:2183', 'srv2:2181', 'server..2:2181', 'zk:2181', 's2x:2181', '']) expect(id(a)).toBeUndefined();
  });
});
