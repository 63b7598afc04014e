// org.apache.zookeeper.server.ExpiryQueue: elements expire in buckets of expirationInterval ms.
// A touch moves an element to bucket roundToNextInterval(now + timeout); at each bucket boundary
// the whole bucket expires at once.

export class ExpiryQueue<E> {
  private readonly elemMap = new Map<E, number>();
  /** bucket time -> elements (insertion ordered). */
  private readonly expiryMap = new Map<number, Set<E>>();
  private nextExpirationTime: number;

  constructor(readonly expirationInterval: number, now: number) {
    this.nextExpirationTime = this.roundToNextInterval(now);
  }

  roundToNextInterval(time: number): number {
    return (Math.floor(time / this.expirationInterval) + 1) * this.expirationInterval;
  }

  remove(elem: E): number | undefined {
    const t = this.elemMap.get(elem);
    if (t !== undefined) {
      this.elemMap.delete(elem);
      // Java leaves the emptied bucket in the map until it is polled (dump shows it).
      this.expiryMap.get(t)?.delete(elem);
    }
    return t;
  }

  /** Returns the new expiry time, or null if the element stayed in its bucket. */
  update(elem: E, timeout: number, now: number): number | null {
    const prev = this.elemMap.get(elem);
    const next = this.roundToNextInterval(now + timeout);
    if (next === prev) return null;
    let set = this.expiryMap.get(next);
    if (!set) this.expiryMap.set(next, (set = new Set()));
    set.add(elem);
    this.elemMap.set(elem, next);
    if (prev !== undefined) {
      this.expiryMap.get(prev)?.delete(elem);
    }
    return next;
  }

  getWaitTime(now: number): number {
    return now < this.nextExpirationTime ? this.nextExpirationTime - now : 0;
  }

  /** When the expiry thread next wakes. */
  get nextExpiration(): number {
    return this.nextExpirationTime;
  }

  /** The bucket due at nextExpirationTime, if now has reached it; advances by one interval. */
  poll(now: number): E[] {
    if (now < this.nextExpirationTime) return [];
    const t = this.nextExpirationTime;
    this.nextExpirationTime = t + this.expirationInterval;
    const set = this.expiryMap.get(t);
    if (!set) return [];
    this.expiryMap.delete(t);
    for (const e of set) this.elemMap.delete(e);
    return [...set];
  }

  /**
   * The expiry thread sleeps one interval at a time; nothing can land in a bucket before
   * now + timeout, so skipping empty buckets ahead of the earliest non-empty one changes nothing.
   * Returns the time the next non-empty bucket is due, or null if there is none.
   */
  nextDue(): number | null {
    let min: number | null = null;
    for (const [t, set] of this.expiryMap) if (set.size > 0 && (min === null || t < min)) min = t;
    return min;
  }

  /**
   * Jump the poll pointer forward to bucket time t, dropping the empty buckets skipped over,
   * exactly as polling each of them in turn would have.
   */
  advanceTo(t: number): void {
    if (t <= this.nextExpirationTime) return;
    for (const k of [...this.expiryMap.keys()]) if (k < t) this.expiryMap.delete(k);
    // Bucket times and the poll pointer are both multiples of the interval.
    this.nextExpirationTime = t;
  }

  expiryOf(elem: E): number | undefined {
    return this.elemMap.get(elem);
  }

  /** bucket time -> elements, ascending. */
  buckets(): [number, E[]][] {
    return [...this.expiryMap.entries()].sort((a, b) => a[0] - b[0]).map(([t, s]) => [t, [...s]]);
  }

  get size(): number {
    return this.elemMap.size;
  }
}
