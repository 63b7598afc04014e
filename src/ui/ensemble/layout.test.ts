import { describe, expect, it } from 'vitest';
import { layoutEnsemble, PILL_H, type Layout } from './layout.ts';
import { classify } from './messages.ts';

const overlap = (a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }): boolean =>
  Math.abs(a.x - b.x) * 2 < a.w + b.w && Math.abs(a.y - b.y) * 2 < a.h + b.h;

function boxes(l: Layout) {
  const servers = [...l.servers.entries()].map(([id, p]) => ({ id, x: p.x, y: p.y, w: l.node.w, h: l.node.h }));
  const pills = [...l.clients.values()].map((c) => ({ id: c.name, x: c.x, y: c.y, w: c.w, h: PILL_H }));
  const folds = [...l.folds.values()].map((f) => ({ id: `+${f.server}`, x: f.x, y: f.y, w: f.w, h: PILL_H }));
  return { servers, pills: [...pills, ...folds] };
}

describe('layoutEnsemble', () => {
  const sizes = [
    { width: 640, height: 282 },
    { width: 768, height: 430 },
    { width: 400, height: 300 },
  ];
  for (const size of sizes) {
    for (let n = 1; n <= 12; n++) {
      it(`${n} servers in ${size.width}x${size.height}: no overlaps, everything on the stage`, () => {
        const servers = Array.from({ length: n }, (_, i) => i + 1);
        const clients = servers.flatMap((s) => (s % 2 === 1 ? [{ name: `c${s}`, server: s }] : s === 2 ? [1, 2, 3, 4, 5].map((k) => ({ name: `cl-${k}`, server: s })) : []));
        const l = layoutEnsemble({ servers, clients, ...size });
        const { servers: sb, pills } = boxes(l);
        expect(l.width).toBeGreaterThanOrEqual(size.width);
        expect(l.height).toBeGreaterThanOrEqual(size.height);
        for (const a of [...sb, ...pills]) {
          expect(a.x - a.w / 2, `${a.id} left`).toBeGreaterThanOrEqual(0);
          expect(a.y - a.h / 2, `${a.id} top`).toBeGreaterThanOrEqual(0);
          expect(a.x + a.w / 2, `${a.id} right`).toBeLessThanOrEqual(l.width);
          expect(a.y + a.h / 2, `${a.id} bottom`).toBeLessThanOrEqual(l.height);
        }
        for (const a of sb) for (const b of sb) if (a !== b) expect(overlap(a, b), `s${a.id} and s${b.id}`).toBe(false);
        for (const p of pills) for (const b of sb) expect(overlap(p, b), `${p.id} over s${b.id}`).toBe(false);
        for (const p of pills) for (const q of pills) if (p !== q) expect(overlap(p, q), `${p.id} over ${q.id}`).toBe(false);
        // Every client is shown or folded.
        const folded = [...l.folds.values()].flatMap((f) => f.names);
        expect(l.clients.size + folded.length).toBe(clients.length);
      });
    }
  }

  it('fits three servers and clients at full size in the 1280x720 page', () => {
    const l = layoutEnsemble({ servers: [1, 2, 3], clients: [{ name: 'c1', server: 2 }], width: 640, height: 282 });
    expect(l.compact).toBe(false);
    expect([l.width, l.height]).toEqual([640, 282]);
  });
});

describe('classify', () => {
  it('names each message by its kind and packet type', () => {
    expect(classify({ kind: 'election', from: 's1', label: 'vote 3 0x0 round 1' })).toEqual({ kind: 'vote', text: 'vote 3' });
    expect(classify({ kind: 'quorum', from: 's1', label: 'FOLLOWERINFO 0x0' })).toEqual({ kind: 'epoch', text: 'FOLLOWERINFO' });
    expect(classify({ kind: 'quorum', from: 's1', label: 'LEADERINFO 0x100000000' }).kind).toBe('epoch');
    expect(classify({ kind: 'quorum', from: 's1', label: 'ACKEPOCH 0x0' }).kind).toBe('epoch');
    for (const t of ['DIFF', 'TRUNC', 'SNAP', 'NEWLEADER', 'UPTODATE']) expect(classify({ kind: 'quorum', from: 's1', label: `${t} 0x1` })).toEqual({ kind: 'sync', text: t });
    expect(classify({ kind: 'quorum', from: 's1', label: 'PROPOSAL 0x100000003' })).toEqual({ kind: 'proposal', text: 'PROPOSAL' });
    expect(classify({ kind: 'quorum', from: 's2', label: 'ACK 0x100000003' }).kind).toBe('ack');
    expect(classify({ kind: 'quorum', from: 's1', label: 'COMMIT 0x100000003' }).kind).toBe('commit');
    expect(classify({ kind: 'quorum', from: 's1', label: 'INFORM 0x100000003' }).kind).toBe('inform');
    expect(classify({ kind: 'quorum', from: 's1', label: 'PING 0x100000003' }).kind).toBe('ping');
    expect(classify({ kind: 'quorum', from: 's2', label: 'REQUEST 0x0' })).toEqual({ kind: 'forward', text: 'REQUEST' });
    expect(classify({ kind: 'client', from: 'c:c1', label: 'req 3 create /a' })).toEqual({ kind: 'request', text: 'create' });
    expect(classify({ kind: 'client', from: 'c:c1', label: 'connect sid=0 zxid=0 to=30000' })).toEqual({ kind: 'request', text: 'connect' });
    expect(classify({ kind: 'client', from: 'c:4lw#1', label: '4lw srvr' })).toEqual({ kind: 'request', text: 'srvr' });
    expect(classify({ kind: 'client', from: 's1', label: 'reply 3 zxid=100000003 err=0' })).toEqual({ kind: 'response', text: 'reply' });
    expect(classify({ kind: 'client', from: 's1', label: 'reply -2 zxid=100000003 err=0' })).toEqual({ kind: 'response', text: 'ping reply' });
    expect(classify({ kind: 'client', from: 's1', label: 'event NodeDataChanged /a' })).toEqual({ kind: 'event', text: 'event' });
    expect(classify({ kind: 'client', from: 's1', label: '4lw-reply 5' })).toEqual({ kind: 'response', text: '4lw reply' });
  });
});
