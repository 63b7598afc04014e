// Same script, same seed: the identical event trace. A different seed changes the run.
import { describe, expect, it } from 'vitest';
import { runTo } from './drive.ts';
import { World, standaloneConfig } from './World.ts';
import { ZkCliShell } from './ZkCliShell.ts';

const SCRIPT = [
  'create /app config',
  'create -e /app/e1 a',
  'create -s /app/seq- x',
  'get -w /app',
  'ls -w /app',
  'set /app v2',
  'addWatch -m PERSISTENT_RECURSIVE /app',
  'create -c /box',
  'create /box/kid',
  'delete /box/kid',
  'setquota -n 5 /app',
  'listquota /app',
  'getEphemerals /',
  'close',
  'connect 127.0.0.1:2181',
  'ls -R /',
];

async function run(seed: number): Promise<{ lines: string[]; hash: string; output: string }> {
  const world = new World({ seed, keepFullTrace: true });
  world.addServer(0, '127.0.0.1:2181', standaloneConfig([], ['-Dznode.container.checkIntervalMs=1000']));
  world.startServer(0);
  await runTo(world, 100);
  const shell = new ZkCliShell(world, 'c1', { server: '127.0.0.1:2181' });
  await shell.start();
  const other = new ZkCliShell(world, 'c2', { server: '127.0.0.1:2181', timeout: 4000 });
  await other.start();
  await other.run('create -e /app2 x');
  other.crash();
  for (const l of SCRIPT) await shell.run(l);
  await runTo(world, world.now + 20_000);
  return { lines: world.trace.full!, hash: world.trace.hash(), output: shell.merged };
}

describe('determinism', () => {
  it('the same seed gives the same trace', async () => {
    const a = await run(42);
    const b = await run(42);
    expect(a.lines.length).toBeGreaterThan(100);
    expect(b.lines).toEqual(a.lines);
    expect(b.hash).toBe(a.hash);
    expect(b.output).toBe(a.output);
  });

  it('another seed gives another trace (the hash sees the difference)', async () => {
    const a = await run(42);
    const c = await run(43);
    expect(c.hash).not.toBe(a.hash);
  });
});
