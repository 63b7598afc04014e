// The network as the ensemble view draws it, read (never changed) from the page's world after each
// frame: which directed links are cut, which servers have their clients cut off, and which server
// each client is on. Components re-render only when this changes, not on every frame.

import { useEffect, useState } from 'react';
import { controller } from '../../store/controller.ts';
import { usePlayground } from '../../store/playground.ts';

export interface NetClient {
  readonly name: string;
  /** The server its connection is on or being tried (ClientCnxn.currentServer), null before any. */
  readonly server: number | null;
  readonly state: string;
  readonly sessionId: string;
}

export interface Net {
  /** Directed cuts "a>b": packets from a to b are lost. Sorted. */
  readonly blocked: readonly string[];
  /** Servers whose client links are cut (isolate). */
  readonly isolated: readonly number[];
  readonly clients: readonly NetClient[];
}

const EMPTY: Net = { blocked: [], isolated: [], clients: [] };

function sameNet(a: Net, b: Net): boolean {
  if (a.blocked.length !== b.blocked.length || a.isolated.length !== b.isolated.length || a.clients.length !== b.clients.length) return false;
  if (a.blocked.some((x, i) => x !== b.blocked[i]) || a.isolated.some((x, i) => x !== b.isolated[i])) return false;
  return a.clients.every((c, i) => {
    const d = b.clients[i]!;
    return c.name === d.name && c.server === d.server && c.state === d.state && c.sessionId === d.sessionId;
  });
}

export function readNet(): Net {
  const run = controller.session?.run;
  if (!run) return EMPTY;
  const w = run.world;
  const clients: NetClient[] = [];
  for (const c of run.clients.values()) {
    const zk = c.shell.main.getZooKeeper();
    const state = c.outputCut !== null ? 'CRASHED' : (zk?.getState() ?? 'CLOSED');
    const sid = zk ? `0x${BigInt.asUintN(64, zk.getSessionId()).toString(16)}` : '0x0';
    clients.push({ name: c.name, server: c.shell.server(), state: String(state), sessionId: sid });
  }
  return { blocked: [...w.blocked].sort(), isolated: [...w.isolatedClients].sort((a, b) => a - b), clients };
}

/** The network, refreshed after every frame; a new object only when something changed. */
export function useNet(): Net {
  const [net, setNet] = useState<Net>(readNet);
  useEffect(() => {
    const update = (): void => setNet((prev) => {
      const next = readNet();
      return sameNet(prev, next) ? prev : next;
    });
    update();
    return usePlayground.subscribe(update);
  }, []);
  return net;
}

/** Is the directed link a>b cut? */
export function isCut(net: Net, a: number, b: number): boolean {
  return net.blocked.includes(`${a}>${b}`);
}

/** Would `heal` change anything? */
export function anythingCut(net: Net): boolean {
  return net.blocked.length > 0 || net.isolated.length > 0;
}
