import { describe, expect, it } from 'vitest';
import { World, standaloneConfig } from './World.ts';
import { runPromise, runUntil } from './drive.ts';
import { CreateModes, OPEN_ACL_UNSAFE } from '../zk/ZooDefs.ts';

const enc = new TextEncoder();

describe('standalone world', () => {
  it('connects, creates, reads', async () => {
    const w = new World({ seed: 1 });
    w.addServer(0, '127.0.0.1:2181', standaloneConfig());
    w.startServer(0);
    const events: string[] = [];
    const zk = w.connectClient('c1', '127.0.0.1:2181', 30000, (e) => events.push(`${e.state} ${e.type} ${e.path}`));
    await runUntil(w, () => zk.getState() === 'CONNECTED');
    const p = await runPromise(w, zk.create('/a', enc.encode('x'), OPEN_ACL_UNSAFE, CreateModes.PERSISTENT));
    expect(p).toBe('/a');
    const r = await runPromise(w, zk.getData('/a', true));
    expect(r.stat.czxid).toBe(2);
    expect(new TextDecoder().decode(r.data!)).toBe('x');
    await runPromise(w, zk.setData('/a', enc.encode('y'), -1));
    expect(events).toEqual(['3 -1 null', '3 3 /a']);
    const s = await runPromise(w, zk.create('/a/b', null, OPEN_ACL_UNSAFE, CreateModes.PERSISTENT_SEQUENTIAL));
    expect(s).toBe('/a/b0000000000');
    const root = await runPromise(w, zk.exists('/', false));
    expect(root?.cversion).toBe(0);
    expect(root?.numChildren).toBe(2);
  });
});
