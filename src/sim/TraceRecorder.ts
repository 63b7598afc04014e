// The run's trace: one line per processed event, folded into a rolling hash. Two runs with the
// same scenario and seed produce the same lines and the same hash, in Node and in the browser.

export class TraceRecorder {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;
  count = 0;
  /** Keep the last lines for diagnostics (a violation report shows them). */
  readonly tail: string[] = [];
  private readonly tailSize: number;
  /** When set, every line is kept (determinism tests compare them). */
  readonly full: string[] | null;

  constructor(opts: { tailSize?: number; keepAll?: boolean } = {}) {
    this.tailSize = opts.tailSize ?? 200;
    this.full = opts.keepAll ? [] : null;
  }

  record(line: string): void {
    // cyrb53-style mixing over the line's UTF-16 units, chained from the previous state.
    let h1 = this.h1 ^ line.length;
    let h2 = this.h2;
    for (let i = 0; i < line.length; i++) {
      const ch = line.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    this.h1 = h1;
    this.h2 = h2;
    this.count++;
    this.tail.push(line);
    if (this.tail.length > this.tailSize) this.tail.shift();
    this.full?.push(line);
  }

  /** The rolling hash as 16 hex digits. */
  hash(): string {
    return (this.h2 >>> 0).toString(16).padStart(8, '0') + (this.h1 >>> 0).toString(16).padStart(8, '0');
  }
}
