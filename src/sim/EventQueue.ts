// The world's single event queue, ordered by (time, class, sequence): equal times keep insertion
// order, which is what makes a run reproducible. Class 0 is for actions from outside the world
// (scenario actions, clicks): they run before anything else due at the same time, so an action
// taken live at time t and the same action replayed from the start land in the same place.

export interface Scheduled<T> {
  readonly at: number;
  readonly klass: 0 | 1;
  readonly seq: number;
  readonly event: T;
}

export class EventQueue<T> {
  private heap: Scheduled<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, event: T, klass: 0 | 1 = 1): Scheduled<T> {
    const item = { at, klass, seq: this.seq++, event };
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
    return item;
  }

  /** Everything queued, in no particular order (views list messages in flight). */
  items(): readonly Scheduled<T>[] {
    return this.heap;
  }

  peek(): Scheduled<T> | undefined {
    return this.heap[0];
  }

  pop(): Scheduled<T> | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l]!, h[m]!)) m = l;
        if (r < h.length && less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function less<T>(a: Scheduled<T>, b: Scheduled<T>): boolean {
  return a.at < b.at || (a.at === b.at && (a.klass < b.klass || (a.klass === b.klass && a.seq < b.seq)));
}
