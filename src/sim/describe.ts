// One-line descriptions of inputs for the trace. They must be deterministic and identical in
// every host, so they only use the data itself.

import type { ClientInput } from '../client/ClientCnxn.ts';
import type { ServerInput } from '../zk/effects.ts';
import type { ClientPacket, ServerPacket } from '../zk/proto.ts';
import { opName } from '../zk/ZooDefs.ts';
import { packetTypeName } from '../zk/quorum/QuorumPacket.ts';

function pathOf(x: unknown): string {
  if (x !== null && typeof x === 'object' && 'path' in x) return ` ${String((x as { path: unknown }).path)}`;
  return '';
}

export function describeClientPacket(p: ClientPacket): string {
  switch (p.kind) {
    case 'connect':
      return `connect sid=${p.req.sessionId.toString(16)} zxid=${p.req.lastZxidSeen.toString(16)} to=${p.req.timeOut}`;
    case 'request':
      return `req ${p.xid} ${opName(p.type)}${pathOf(p.req)}`;
    case 'fourLetter':
      return `4lw ${p.word}`;
  }
}

export function describeServerPacket(p: ServerPacket): string {
  switch (p.kind) {
    case 'connected':
      return `connected sid=${p.rsp.sessionId.toString(16)} to=${p.rsp.timeOut}`;
    case 'reply':
      return `reply ${p.xid} zxid=${p.zxid.toString(16)} err=${p.err}`;
    case 'notification':
      return `event ${p.event.type} ${p.event.path}`;
    case 'fourLetterReply':
      return `4lw-reply ${p.text.length}`;
  }
}

export function describeServerInput(i: ServerInput): string {
  switch (i.kind) {
    case 'start':
      return `start snap=${i.image.snapshot?.zxid.toString(16) ?? '-'} txns=${i.image.txns.length}`;
    case 'accept':
      return `accept #${i.conn}`;
    case 'packet':
      return `#${i.conn} ${describeClientPacket(i.packet)}`;
    case 'connClosed':
      return `closed #${i.conn}`;
    case 'timer':
      return `timer ${i.timer}`;
    case 'synced':
      return `synced ${i.token}`;
    case 'election':
      return `vote<-${i.from} ${stateName(i.n.state)} leader=${i.n.leader} zxid=${hexOrNone(i.n.zxid)} round=${i.n.electionEpoch} epoch=${hexOrNone(i.n.peerEpoch)}`;
    case 'quorumAccept':
      return `q-accept L${i.link} from s${i.from}`;
    case 'quorumConnected':
      return `q-up L${i.link}`;
    case 'quorumPacket':
      return `q L${i.link} ${packetTypeName(i.packet.type)} ${i.packet.zxid.toString(16)}`;
    case 'quorumClosed':
      return `q-closed L${i.link}`;
  }
}

function hexOrNone(v: number): string {
  return v < 0 ? String(v) : v.toString(16);
}

function stateName(s: number): string {
  return ['LOOKING', 'FOLLOWING', 'LEADING', 'OBSERVING'][s] ?? String(s);
}

export function describeClientInput(i: ClientInput): string {
  switch (i.kind) {
    case 'tcpConnected':
      return `tcp-up ${i.attempt}`;
    case 'tcpFailed':
      return `tcp-fail ${i.attempt}`;
    case 'tcpClosed':
      return `tcp-closed ${i.attempt}`;
    case 'packet':
      return `${i.attempt} ${describeServerPacket(i.packet)}`;
    case 'timer':
      return 'timer';
  }
}
