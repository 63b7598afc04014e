// Helpers the sessions and watches views share: the world's semantic log read incrementally, the
// client behind a session, which server a client is connected to, the width of a box, formats.

import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { InspectAnswer, InspectQuery } from '../../sim/machine/inspect.ts';
import type { SemanticLogEntry, World } from '../../sim/World.ts';
import { controller } from '../../store/controller.ts';
import { inspectServer, usePlayground, type ServerInfo } from '../../store/playground.ts';
import { usePolled } from '../hooks/usePolled.ts';

/** Virtual ms as seconds with milliseconds: "8.026 s". */
export const fmtTime = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
export const hex = (n: number): string => `0x${n.toString(16)}`;
export const hexSid = (sid: bigint): string => `0x${BigInt.asUintN(64, sid).toString(16)}`;
/** Session ids of one server share their high bits: the last four hex digits tell them apart. */
export const shortSid = (sid: string): string => (sid.length > 8 ? `…${sid.slice(-4)}` : sid);

/**
 * The entries of the world's semantic log that `pick` keeps (null drops one), oldest first, at most
 * `keep`. Read after every frame from where the last read stopped; a new world starts over.
 * `pick` must be a stable, pure function.
 */
export function useSemanticTail<T>(pick: (e: SemanticLogEntry, index: number) => T | null, keep: number): readonly T[] {
  const frame = usePlayground((s) => s.frame);
  const st = useRef<{ world: World | null; cursor: number; list: T[] }>({ world: null, cursor: 0, list: [] });
  return useMemo(() => {
    const r = st.current;
    const world = controller.session?.run.world ?? null;
    if (world !== r.world || (world !== null && world.semanticLog.length < r.cursor)) {
      r.world = world;
      r.cursor = 0;
      r.list = [];
    }
    if (world === null) return r.list;
    const log = world.semanticLog;
    let next: T[] | null = null;
    for (let i = r.cursor; i < log.length; i++) {
      const p = pick(log[i]!, i);
      if (p === null) continue;
      next ??= r.list.slice();
      next.push(p);
    }
    r.cursor = log.length;
    if (next !== null) r.list = next.length > keep ? next.slice(next.length - keep) : next;
    return r.list;
    // frame: the log grows as the world advances.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [frame, keep]);
}

export interface ClientRef {
  readonly name: string;
  /** ZooKeeper.States of its handle, or CRASHED. */
  readonly state: string;
}

/** Client names by session id (0x hex), for the clients of the page's consoles. */
export function useClientsBySession(): ReadonlyMap<string, ClientRef> {
  const clients = usePlayground(useShallow((s) => s.clients));
  return useMemo(() => {
    const m = new Map<string, ClientRef>();
    for (const c of clients) if (c.sessionId !== '0x0') m.set(c.sessionId, { name: c.name, state: c.state });
    return m;
  }, [clients]);
}

/** The server (id) each live client is connected to right now, by client name. */
export function useClientServers(): ReadonlyMap<string, number> {
  const frame = usePlayground((s) => s.frame);
  const key = useMemo(() => {
    const run = controller.session?.run;
    if (!run) return '';
    const parts: string[] = [];
    for (const c of run.clients.values()) {
      if (c.outputCut !== null) continue;
      const st = c.shell.main.getZooKeeper()?.getState();
      if (st !== 'CONNECTED' && st !== 'CONNECTEDREADONLY') continue;
      const id = c.shell.server();
      if (id !== null) parts.push(`${c.name}\u0000${id}`);
    }
    return parts.join('\u0001');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [frame]);
  return useMemo(() => new Map(key === '' ? [] : key.split('\u0001').map((p) => p.split('\u0000') as [string, string]).map(([n, id]) => [n, Number(id)] as const)), [key]);
}

/** The server that expires sessions: the leader (the newest epoch if two think they lead), or the standalone server. */
export function trackerOf(servers: readonly ServerInfo[]): ServerInfo | null {
  let best: ServerInfo | null = null;
  for (const s of servers) {
    if (s.status !== 'up' || !s.view) continue;
    if (s.view.state === 'STANDALONE') return s;
    if (s.view.state === 'LEADING' && (best === null || s.view.currentEpoch > best.view!.currentEpoch)) best = s;
  }
  return best;
}

export function roleLabel(s: ServerInfo): string {
  if (s.status === 'down') return 'DOWN';
  if (s.status === 'paused') return 'PAUSED';
  return s.view?.state ?? 'STARTING';
}

/** The width of an element, followed as it is resized. */
export function useWidth(ref: RefObject<HTMLElement | null>, fallback = 600): number {
  const [w, setW] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setW(el.clientWidth || fallback);
    const ro = new ResizeObserver(() => setW(el.clientWidth || fallback));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, fallback]);
  return w;
}

/** Cut a label to about `px` of 11px monospace text, with an ellipsis. */
export function fit(text: string, px: number, charPx = 6.7): string {
  const n = Math.max(1, Math.floor(px / charPx));
  return text.length <= n ? text : n <= 1 ? '…' : `${text.slice(0, n - 1)}…`;
}

/** Cut a path in its middle: "/app/…/leaf". */
export function fitPath(path: string, px: number, charPx = 6.7): string {
  const n = Math.max(3, Math.floor(px / charPx));
  if (path.length <= n) return path;
  const tail = Math.ceil((n - 1) / 2);
  return `${path.slice(0, n - 1 - tail)}…${path.slice(path.length - tail)}`;
}

/**
 * Ask a server about its memory and keep the answer fresh (usePolled). Null while the first answer
 * is on its way, or when the server is down or cannot answer.
 */
export function useInspect<Q extends InspectQuery>(server: number | null, query: Q, minMs = 200): InspectAnswer<Q> | null {
  const key = server === null ? null : `${server}:${JSON.stringify(query)}`;
  return usePolled(key, () => inspectServer(server!, query).catch(() => null), minMs);
}
