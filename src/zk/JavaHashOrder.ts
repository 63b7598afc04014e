// Iteration order of java.util.HashSet<String> / HashMap<String,...>.
//
// ZooKeeper returns some collections in HashSet order (getChildren, getEphemerals, the paths a
// closing session deletes, hence the order of their watch events). To print what Java prints we
// reproduce that order: a HashMap iterates bucket by bucket (bucket = spread(hash) & (capacity-1)),
// and within a bucket in the relative order the keys were inserted (resizes split buckets but keep
// that order). Capacity starts at the requested size, doubles when size exceeds 3/4 of it and
// never shrinks. Treeified buckets (9+ colliding keys in a table of 64+) are not modelled.

/** String.hashCode: 31-based polynomial over UTF-16 code units, 32-bit wrap-around. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** Long.hashCode. */
export function javaLongHash(v: bigint): number {
  const u = BigInt.asUintN(64, v);
  return Number(BigInt.asIntN(32, (u ^ (u >> 32n)) & 0xffffffffn));
}

/** HashMap.hash: spread the high bits down. */
export function spread(h: number): number {
  return h ^ (h >>> 16);
}

/** HashMap.tableSizeFor. */
export function tableSizeFor(cap: number): number {
  let n = 1;
  while (n < cap) n *= 2;
  return n;
}

/** Stable order of keys (given in insertion order) as a HashMap of this capacity iterates them. */
export function orderForCapacity<K>(keysInInsertionOrder: Iterable<K>, capacity: number, hash: (k: K) => number): K[] {
  const mask = capacity - 1;
  const items: { k: K; b: number; i: number }[] = [];
  let i = 0;
  for (const k of keysInInsertionOrder) items.push({ k, b: spread(hash(k)) & mask, i: i++ });
  items.sort((a, b) => a.b - b.b || a.i - b.i);
  return items.map((x) => x.k);
}

/**
 * A set of strings that remembers what Java's HashSet would iterate. Membership is a JS Set
 * (insertion-ordered, which is exactly the within-bucket order Java keeps).
 */
export class JavaHashSet {
  private readonly keys = new Set<string>();
  private capacity: number;

  /** initialCapacity as passed to new HashSet<>(n); Java's default is 16. */
  constructor(initialCapacity = 16) {
    this.capacity = tableSizeFor(Math.max(1, initialCapacity));
  }

  get size(): number {
    return this.keys.size;
  }

  has(k: string): boolean {
    return this.keys.has(k);
  }

  add(k: string): boolean {
    if (this.keys.has(k)) return false;
    this.keys.add(k);
    while (this.keys.size > this.capacity * 0.75) this.capacity *= 2;
    return true;
  }

  delete(k: string): boolean {
    return this.keys.delete(k);
  }

  /** Iteration order as Java would produce it. */
  javaOrder(): string[] {
    if (this.keys.size <= 1) return [...this.keys];
    return orderForCapacity(this.keys, this.capacity, javaStringHash);
  }

  /** Unordered view, for membership-only uses. */
  values(): IterableIterator<string> {
    return this.keys.values();
  }

  /**
   * HashSet.clone(): the copy is rebuilt by re-inserting in iteration order into a table sized
   * for the current size, so its order can differ from the original's.
   */
  clone(): JavaHashSet {
    // Java 17's HashMap.putMapEntries pre-sizes to tableSizeFor((int)(size / 0.75f + 1)).
    const copy = new JavaHashSet(this.keys.size === 0 ? 16 : tableSizeFor(Math.floor(this.keys.size / 0.75 + 1)));
    for (const k of this.javaOrder()) copy.add(k);
    return copy;
  }

  /** new HashSet<>(collection): capacity max(size/.75+1, 16). */
  static from(items: Iterable<string>): JavaHashSet {
    const arr = [...items];
    const s = new JavaHashSet(Math.max(Math.floor(arr.length / 0.75) + 1, 16));
    for (const k of arr) s.add(k);
    return s;
  }
}
