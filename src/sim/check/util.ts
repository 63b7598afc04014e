// Shared plumbing for the checkers: input sanitising, never-throw guard, report capping.

import type { CommittedTxn, History, HistoryOp, Violation, WatchDelivery } from './history.ts';

/** At most this many violations per checker; the rest are summarised in one more entry. */
export const MAX_VIOLATIONS = 200;

const CODE_NAMES: Record<number, string> = {
  0: 'OK',
  [-2]: 'RuntimeInconsistency',
  [-4]: 'ConnectionLoss',
  [-7]: 'OperationTimeout',
  [-8]: 'BadArguments',
  [-101]: 'NoNode',
  [-102]: 'NoAuth',
  [-103]: 'BadVersion',
  [-108]: 'NoChildrenForEphemerals',
  [-110]: 'NodeExists',
  [-111]: 'NotEmpty',
  [-112]: 'SessionExpired',
  [-118]: 'SessionMoved',
};

export function codeName(c: number | undefined): string {
  if (c === undefined) return '?';
  return CODE_NAMES[c] ?? `error ${c}`;
}

export function codesText(codes: Iterable<number>): string {
  return [...codes].map(codeName).join(' or ');
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

function validOp(o: unknown): o is HistoryOp {
  return isObj(o) && typeof o.id === 'number' && typeof o.client === 'string' && typeof o.kind === 'string' && typeof o.path === 'string' && typeof o.invokedAt === 'number';
}

function validEvent(e: unknown): e is WatchDelivery {
  return isObj(e) && typeof e.client === 'string' && typeof e.type === 'number' && typeof e.at === 'number';
}

/**
 * Drop entries too malformed to reason about (the write checker reports how many) and coerce the
 * containers. Well-formed entries are passed through as they are (no copy); checkers never mutate.
 */
export function sanitize(h: unknown): { history: History; dropped: number } {
  const src = isObj(h) ? h : {};
  const rawOps = Array.isArray(src.ops) ? (src.ops as unknown[]) : [];
  const rawEvents = Array.isArray(src.events) ? (src.events as unknown[]) : [];
  const ops: HistoryOp[] = [];
  for (const o of rawOps) {
    if (!validOp(o)) continue;
    const subsOk = o.ops === undefined || (Array.isArray(o.ops) && o.ops.every((s) => isObj(s) && typeof s.kind === 'string' && typeof s.path === 'string'));
    const resultOk = o.result === undefined || isObj(o.result);
    if (typeof o.session === 'string' && subsOk && resultOk) ops.push(o);
    else
      ops.push({
        ...o,
        session: typeof o.session === 'string' ? o.session : '',
        ops: Array.isArray(o.ops) ? o.ops.filter((s) => isObj(s) && typeof s.kind === 'string' && typeof s.path === 'string') : undefined,
        result: resultOk ? o.result : undefined,
      });
  }
  const events: WatchDelivery[] = [];
  for (const e of rawEvents) {
    if (!validEvent(e)) continue;
    events.push(typeof e.path === 'string' && typeof e.session === 'string' ? e : { ...e, path: typeof e.path === 'string' ? e.path : '', session: typeof e.session === 'string' ? e.session : '' });
  }
  const history: History = { ops, events };
  if (Array.isArray(src.committed)) history.committed = src.committed as CommittedTxn[];
  return { history, dropped: rawOps.length - ops.length + rawEvents.length - events.length };
}

/** Run a checker body; never throw, cap the output. */
export function guard(checker: string, body: () => Violation[]): Violation[] {
  let out: Violation[];
  try {
    out = body();
  } catch (e) {
    return [{ checker, message: `checker failed on this history (malformed input or checker bug): ${e instanceof Error ? e.message : String(e)}`, opIds: [] }];
  }
  if (out.length > MAX_VIOLATIONS) {
    const more = out.length - MAX_VIOLATIONS;
    out = out.slice(0, MAX_VIOLATIONS);
    out.push({ checker, message: `... and ${more} more violations`, opIds: [] });
  }
  return out;
}

/** Group by client, each list in id (invocation) order. */
export function byClient(ops: readonly HistoryOp[]): Map<string, HistoryOp[]> {
  const m = new Map<string, HistoryOp[]>();
  for (const op of ops) {
    let l = m.get(op.client);
    if (l === undefined) {
      l = [];
      m.set(op.client, l);
    }
    l.push(op);
  }
  for (const l of m.values()) l.sort((a, b) => a.id - b.id);
  return m;
}

/** Max-segment-tree over an array: the first index >= from whose value >= t. */
export class FirstAtLeast {
  private readonly n: number;
  private readonly tree: number[];
  constructor(values: readonly number[]) {
    let n = 1;
    while (n < values.length) n *= 2;
    this.n = n;
    this.tree = new Array<number>(2 * n).fill(-Infinity);
    for (let i = 0; i < values.length; i++) this.tree[n + i] = values[i]!;
    for (let i = n - 1; i >= 1; i--) this.tree[i] = Math.max(this.tree[2 * i]!, this.tree[2 * i + 1]!);
  }
  find(from: number, t: number): number {
    return this.go(1, 0, this.n, Math.max(0, from), t);
  }
  private go(node: number, lo: number, hi: number, from: number, t: number): number {
    if (hi <= from || this.tree[node]! < t) return -1;
    if (hi - lo === 1) return lo;
    const mid = (lo + hi) >> 1;
    const l = this.go(2 * node, lo, mid, from, t);
    if (l >= 0) return l;
    return this.go(2 * node + 1, mid, hi, from, t);
  }
}
