import { describe, expect, it } from 'vitest';
import { ElectionChannels, type ElectionLink } from './ElectionChannels.ts';
import { ServerState, type Notification } from '../zk/quorum/QuorumPacket.ts';

const vote = (leader: number): Notification => ({ state: ServerState.LOOKING, leader, zxid: 0, electionEpoch: 1, peerEpoch: 0 });
const link = (up: boolean, inc: [number, number] = [1, 1], reachable = true): ElectionLink => ({ up, reachable, fromIncarnation: inc[0], toIncarnation: inc[1] });
const shown = (ds: ReturnType<ElectionChannels['send']>) => ds.map((d) => `${d.from}>${d.to} ${d.n.leader} hop${d.hops}`);

describe('ElectionChannels (QuorumCnxManager for elections)', () => {
  it('keeps the newest notification for a peer that is down and sends it when the two connect', () => {
    const c = new ElectionChannels();
    expect(c.send(5, 4, vote(5), link(false))).toEqual([]);
    expect(c.send(5, 4, vote(7), link(false))).toEqual([]); // the newest replaces it
    // 4 starts and sends its vote: 5 connects back and sends what waited for 4.
    expect(shown(c.send(4, 5, vote(4), link(true)))).toEqual(['4>5 4 hop1', '5>4 7 hop2']);
    // Connected: one message each way from now on.
    expect(shown(c.send(4, 5, vote(5), link(true)))).toEqual(['4>5 5 hop1']);
    expect(shown(c.send(5, 4, vote(5), link(true)))).toEqual(['5>4 5 hop1']);
  });

  it('sends the last message again when a peer reconnects with nothing queued for it', () => {
    const c = new ElectionChannels();
    c.send(1, 2, vote(2), link(false));
    c.send(2, 1, vote(2), link(true)); // connect: 1's queued vote goes to 2
    // 2 restarts (a new incarnation): 1 sends its last message to the new process on connecting.
    expect(shown(c.send(2, 1, vote(2), link(true, [2, 1])))).toEqual(['2>1 2 hop1', '1>2 2 hop2']);
  });

  it('forgets what a restarted process had queued or sent', () => {
    const c = new ElectionChannels();
    c.send(1, 2, vote(1), link(false));
    c.restarted(1);
    expect(shown(c.send(2, 1, vote(2), link(true)))).toEqual(['2>1 2 hop1']);
  });

  it('drops the connection when the network parts them, and exchanges again after', () => {
    const c = new ElectionChannels();
    c.send(1, 2, vote(1), link(true));
    expect(c.send(1, 2, vote(3), link(true, [1, 1], false))).toEqual([]);
    expect(shown(c.send(2, 1, vote(2), link(true)))).toEqual(['2>1 2 hop1', '1>2 3 hop2']);
  });
});
