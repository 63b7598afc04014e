import { describe, expect, it } from 'vitest';
import { complete } from './complete.ts';

const cmds = ['create', 'close', 'config', 'delete', 'deleteall', 'get'];
const paths = (p: string) => ['/app', '/apple', '/zookeeper'].filter((x) => x.startsWith(p));

describe('console completion', () => {
  it('completes a unique command', () => {
    expect(complete('cr', cmds, paths).line).toBe('create ');
  });
  it('extends to the common prefix and lists candidates', () => {
    const r = complete('del', cmds, paths);
    expect(r.line).toBe('delete');
    expect(r.candidates).toEqual(['delete', 'deleteall']);
  });
  it('completes paths after the command', () => {
    expect(complete('get /z', cmds, paths).line).toBe('get /zookeeper ');
    expect(complete('get /ap', cmds, paths).line).toBe('get /app');
  });
  it('leaves words it cannot complete alone', () => {
    expect(complete('get x', cmds, paths)).toEqual({ line: 'get x', candidates: [] });
  });
});
