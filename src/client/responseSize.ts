// Bytes of a server packet as jute would encode it (length prefix excluded): the client refuses
// packets longer than its jute.maxbuffer.

import type { OpResult, ResponseRecord, ServerPacket } from '../zk/proto.ts';

const enc = new TextEncoder();
const STAT = 68;

function str(s: string): number {
  return 4 + enc.encode(s).length;
}
function buf(b: Uint8Array | null): number {
  return 4 + (b === null ? 0 : b.length);
}

function opResult(r: OpResult): number {
  const hdr = 9; // MultiHeader
  switch (r.type) {
    case 'create': return hdr + str(r.path) + (r.stat ? STAT : 0);
    case 'delete': return hdr;
    case 'setData': return hdr + STAT;
    case 'check': return hdr;
    case 'error': return hdr + 4;
    case 'getData': return hdr + buf(r.data) + STAT;
    case 'getChildren': return hdr + 4 + r.children.reduce((n, c) => n + str(c), 0);
  }
}

function record(r: ResponseRecord): number {
  const x = r as Record<string, unknown>;
  let n = 0;
  if ('results' in x) return (x.results as OpResult[]).reduce((a, o) => a + opResult(o), 0) + 9;
  if ('data' in x) n += buf(x.data as Uint8Array | null);
  if ('path' in x) n += str(x.path as string);
  if ('acl' in x) for (const a of x.acl as { id: { scheme: string; id: string } }[]) n += 4 + str(a.id.scheme) + str(a.id.id);
  if ('acl' in x) n += 4;
  if ('children' in x) n += 4 + (x.children as string[]).reduce((a, c) => a + str(c), 0);
  if ('ephemerals' in x) n += 4 + (x.ephemerals as string[]).reduce((a, c) => a + str(c), 0);
  if ('clientInfo' in x) n += 4 + (x.clientInfo as { authScheme: string; user: string }[]).reduce((a, c) => a + str(c.authScheme) + str(c.user), 0);
  if ('totalNumber' in x) n += 4;
  if ('err' in x) n += 4;
  if ('stat' in x && x.stat) n += STAT;
  return n;
}

export function responseSize(p: ServerPacket): number {
  switch (p.kind) {
    case 'connected': return 4 + 4 + 8 + buf(p.rsp.passwd) + 1;
    case 'notification': return 16 + 4 + 4 + str(p.event.path);
    case 'fourLetterReply': return enc.encode(p.text).length;
    case 'reply': return 16 + (p.rsp === null ? 0 : record(p.rsp));
  }
}
