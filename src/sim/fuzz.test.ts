// 10,000 random zkCli lines, valid and garbage, through the interpreter against a standalone
// server: nothing may throw out of the shell, and the DataTree invariants hold after every line.
import { describe, expect, it } from 'vitest';
import { seededRng, type Rng } from '../zk/Rng.ts';
import { runTo } from './drive.ts';
import { checkAgainstReplay, checkEphemeralOwners, checkTreeShape, replayImage } from './invariants/dataTreeInvariants.ts';
import { LocalMachine } from './machine/LocalMachine.ts';
import { isDiskFault } from './Disk.ts';
import { World, standaloneConfig } from './World.ts';
import { ZkCliShell } from './ZkCliShell.ts';

const COMMANDS = [
  'create', 'create -e', 'create -s', 'create -e -s', 'create -c', 'create -t 500', 'create -s -c', 'delete', 'delete -v 0', 'deleteall', 'deleteall -b 2',
  'get', 'get -s', 'get -w', 'set', 'set -v 1', 'set -s', 'stat', 'stat -w', 'ls', 'ls -s', 'ls -w', 'ls -R', 'getAcl', 'getAcl -s', 'setAcl', 'setAcl -R',
  'sync', 'addWatch', 'addWatch -m PERSISTENT', 'addWatch -m PERSISTENT_RECURSIVE', 'removewatches', 'removewatches -a', 'removewatches -c -l',
  'getEphemerals', 'getAllChildrenNumber', 'setquota -n 3', 'setquota -b 10', 'listquota', 'delquota', 'delquota -n', 'whoami', 'history', 'redo 1',
  'printwatches off', 'printwatches on', 'version', 'config', 'addauth digest u:p', 'addauth digest v:q', 'close', 'connect', 'help', 'quit',
];
const NAMES = ['a', 'b', 'c', 'x', 'node-', 'lock-', 'zookeeper', 'q'];
const ACLS = ['world:anyone:cdrwa', 'world:anyone:r', 'digest:u:AbCdEf=:cdrwa', 'auth::cdrwa', 'ip:127.0.0.1:rw', 'ip:10.0.0.0/8:cdrwa', 'bad', 'world:anyone:xyz'];
const GARBAGE = ['', ' ', '"', "'", '""', '/', '//', '/a/', 'a', '/a/../b', '-x', '--', '-1', '\u0000', '日本', '\t', '/zookeeper/quota', '/zookeeper/config', '/a b'];

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[Math.floor(rng.next() * xs.length)]!;
}

function path(rng: Rng): string {
  if (rng.next() < 0.08) return pick(rng, GARBAGE);
  const r = rng.next();
  const depth = r < 0.6 ? 1 : r < 0.9 ? 2 : 3;
  let p = '';
  for (let i = 0; i < depth; i++) p += `/${pick(rng, NAMES)}`;
  return p;
}

function line(rng: Rng): string {
  const r = rng.next();
  if (r < 0.05) {
    // raw garbage
    let s = '';
    const n = Math.floor(rng.next() * 12);
    for (let i = 0; i < n; i++) s += String.fromCharCode(32 + Math.floor(rng.next() * 95));
    return s;
  }
  const cmd = pick(rng, COMMANDS);
  const parts = [cmd];
  if (!['history', 'version', 'whoami', 'close', 'connect', 'help', 'quit', 'config', 'printwatches off', 'printwatches on', 'redo 1'].includes(cmd) && !cmd.startsWith('addauth')) parts.push(path(rng));
  if (cmd.startsWith('set') && !cmd.startsWith('setquota') && !cmd.startsWith('setAcl')) parts.push(rng.next() < 0.5 ? 'value' : '"two words"');
  if (cmd.startsWith('create') && rng.next() < 0.5) parts.push('data');
  if (cmd.startsWith('setAcl') || (cmd.startsWith('create') && rng.next() < 0.2)) {
    if (cmd.startsWith('create') && parts.length === 2) parts.push('d');
    parts.push(pick(rng, ACLS));
  }
  if (rng.next() < 0.03) parts.push(pick(rng, GARBAGE));
  return parts.join(' ');
}

describe('zkCli fuzz', () => {
  it('10,000 random lines: no exception escapes and the tree stays consistent', async () => {
    const rng = seededRng(20261122);
    const world = new World({ seed: 7 });
    world.addServer(0, '127.0.0.1:2181', standaloneConfig(['tickTime=200', 'extendedTypesEnabled=true'], ['-Dznode.container.checkIntervalMs=1000']));
    world.startServer(0);
    await runTo(world, 100);
    const host = world.servers.get(0)!;
    const newShell = async (n: number): Promise<ZkCliShell> => {
      const s = new ZkCliShell(world, `c${n}`, { server: '127.0.0.1:2181', timeout: 2000, onUncaught: 'continue' });
      await s.start();
      return s;
    };
    const shells = [await newShell(0), await newShell(1)];
    let shellCount = 2;
    const problems: string[] = [];
    let created = 0;
    let maxNodes = 0;
    for (let i = 0; i < 10_000; i++) {
      const k = Math.floor(rng.next() * shells.length);
      let shell = shells[k]!;
      if (shell.exited || rng.next() < 0.002) {
        if (!shell.exited && rng.next() < 0.5) shell.crash();
        shell = await newShell(shellCount++);
        shells[k] = shell;
      }
      const text = line(rng);
      const before = shell.merged.length;
      try {
        await shell.run(text);
        if (shell.merged.slice(before).includes('Created /')) created++;
      } catch (e) {
        problems.push(`line ${i} "${text}": ${(e as Error).stack ?? String(e)}`);
        break;
      }
      if (rng.next() < 0.01) await runTo(world, world.now + 3000); // let sessions expire, containers and TTLs go
      const db = host.server!.db;
      maxNodes = Math.max(maxNodes, db.tree.nodeCount);
      const live = new Set(db.sessionsWithTimeouts.keys());
      const v = [...checkTreeShape(db.tree), ...checkEphemeralOwners(db.tree, live)];
      if (i % 500 === 499) {
        const image = (host.machine as LocalMachine).disk.peek(true);
        if (isDiskFault(image)) v.push(`disk: ${image.message}`);
        else v.push(...checkAgainstReplay(db.tree, replayImage(image, true)));
      }
      if (v.length > 0) {
        problems.push(`after line ${i} "${text}": ${v.join('; ')}`);
        break;
      }
    }
    expect(problems).toEqual([]);
    // The run must have done real work, not bounced off errors.
    expect(created).toBeGreaterThan(200);
    expect(maxNodes).toBeGreaterThan(20);
    expect(host.events.filter((e) => e.type === 'sessionClosed' && e.expired).length).toBeGreaterThan(0);
  }, 600_000);
});
