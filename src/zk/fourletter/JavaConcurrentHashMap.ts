// Iteration order of java.util.concurrent.ConcurrentHashMap (JDK 17), for single-threaded use.
//
// Several things the four-letter words print come straight out of a ConcurrentHashMap: the
// metrics registry that mntr dumps (gauges, counters, summaries and their per-key sets), the
// ephemeral-owner table in dump, the expiry queues' buckets. A ConcurrentHashMap iterates its table
// bin by bin (bin = spread(hash) & (n - 1), spread(h) = (h ^ (h >>> 16)) & 0x7fffffff); a new key
// is appended at the tail of its bin; the table starts at 16 bins, and doubles as soon as the size
// reaches 3/4 of it. A resize splits each bin into a "low" and a "high" bin: the longest tail run
// whose nodes all go the same way is moved as is, and every node before it is pushed onto the
// front of its new bin, which reverses their order. This class replays exactly that.
// Tree bins (8+ colliding keys in a table of 64+ bins) are not modelled: they stay lists here.

const MAXIMUM_CAPACITY = 1 << 30;
const TREEIFY_THRESHOLD = 8;
const MIN_TREEIFY_CAPACITY = 64;

/** ConcurrentHashMap.spread. */
export function chmSpread(h: number): number {
  return (h ^ (h >>> 16)) & 0x7fffffff;
}

function tableSizeFor(c: number): number {
  let n = 1;
  while (n < c) n *= 2;
  return Math.min(n, MAXIMUM_CAPACITY);
}

interface Node<K> {
  readonly key: K;
  readonly hash: number;
}

export class JavaConcurrentHashMap<K> {
  private table: Node<K>[][] | null = null;
  private sizeCtl: number;
  private count = 0;
  private readonly hashOf: (k: K) => number;
  private readonly present = new Set<K>();

  /**
   * @param hashOf the key's hashCode()
   * @param initialCapacity as passed to new ConcurrentHashMap<>(initialCapacity); omitted = 16
   */
  constructor(hashOf: (k: K) => number, initialCapacity?: number) {
    this.hashOf = hashOf;
    // new ConcurrentHashMap(c): sizeCtl = tableSizeFor(c + c/2 + 1) (JDK 17).
    this.sizeCtl = initialCapacity === undefined ? 0 : tableSizeFor(initialCapacity + (initialCapacity >>> 1) + 1);
  }

  get size(): number {
    return this.count;
  }

  /** Bins in the table now (0 before the first insertion). */
  get capacity(): number {
    return this.table === null ? 0 : this.table.length;
  }

  has(k: K): boolean {
    return this.present.has(k);
  }

  private initTable(): Node<K>[][] {
    const n = this.sizeCtl > 0 ? this.sizeCtl : 16;
    const t: Node<K>[][] = [];
    for (let i = 0; i < n; i++) t.push([]);
    this.table = t;
    this.sizeCtl = n - (n >>> 2);
    return t;
  }

  /** put / putIfAbsent / computeIfAbsent: a key already present keeps its place. */
  add(k: K): boolean {
    if (this.present.has(k)) return false;
    const tab = this.table ?? this.initTable();
    const hash = chmSpread(this.hashOf(k));
    const bin = tab[(tab.length - 1) & hash]!;
    const binCount = bin.length;
    bin.push({ key: k, hash });
    this.present.add(k);
    if (binCount >= TREEIFY_THRESHOLD && tab.length < MIN_TREEIFY_CAPACITY) this.tryPresize(tab.length << 1);
    this.count++;
    // addCount: resize while the size has reached sizeCtl.
    while (this.table !== null && this.count >= this.sizeCtl && this.table.length < MAXIMUM_CAPACITY) this.transfer();
    return true;
  }

  delete(k: K): boolean {
    if (!this.present.delete(k)) return false;
    const tab = this.table!;
    const bin = tab[(tab.length - 1) & chmSpread(this.hashOf(k))]!;
    const i = bin.findIndex((n) => n.key === k);
    if (i >= 0) bin.splice(i, 1);
    this.count--;
    return true;
  }

  private tryPresize(size: number): void {
    const c = size >= MAXIMUM_CAPACITY >>> 1 ? MAXIMUM_CAPACITY : tableSizeFor(size + (size >>> 1) + 1);
    while (this.table !== null && c > this.sizeCtl && this.table.length < MAXIMUM_CAPACITY) this.transfer();
  }

  /** ConcurrentHashMap.transfer by a single thread: n bins -> 2n bins. */
  private transfer(): void {
    const tab = this.table!;
    const n = tab.length;
    const next: Node<K>[][] = [];
    for (let i = 0; i < 2 * n; i++) next.push([]);
    for (let i = n - 1; i >= 0; i--) {
      const f = tab[i]!;
      if (f.length === 0) continue;
      // lastRun: the start of the longest tail whose nodes all land in the same half.
      let runBit = f[0]!.hash & n;
      let lastRun = 0;
      for (let p = 1; p < f.length; p++) {
        const b = f[p]!.hash & n;
        if (b !== runBit) {
          runBit = b;
          lastRun = p;
        }
      }
      let ln: Node<K>[] = [];
      let hn: Node<K>[] = [];
      if (runBit === 0) ln = f.slice(lastRun);
      else hn = f.slice(lastRun);
      for (let p = 0; p < lastRun; p++) {
        const node = f[p]!;
        if ((node.hash & n) === 0) ln = [node, ...ln];
        else hn = [node, ...hn];
      }
      next[i] = ln;
      next[i + n] = hn;
    }
    this.table = next;
    this.sizeCtl = (n << 1) - (n >>> 1);
  }

  /** Keys in iteration order. */
  keys(): K[] {
    const out: K[] = [];
    if (this.table === null) return out;
    for (const bin of this.table) for (const node of bin) out.push(node.key);
    return out;
  }

  /** A map built by inserting keys in this order (into new ConcurrentHashMap<>(initialCapacity)). */
  static of<K>(keys: Iterable<K>, hashOf: (k: K) => number, initialCapacity?: number): JavaConcurrentHashMap<K> {
    const m = new JavaConcurrentHashMap<K>(hashOf, initialCapacity);
    for (const k of keys) m.add(k);
    return m;
  }
}
