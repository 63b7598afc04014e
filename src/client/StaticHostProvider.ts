// org.apache.zookeeper.client.StaticHostProvider: servers in a shuffled order, tried round-robin;
// once every server was tried since the last connection, wait spinDelay before the next.

import type { Rng } from '../zk/Rng.ts';

export class StaticHostProvider {
  private readonly servers: string[];
  private currentIndex = -1;
  private lastIndex = -1;

  constructor(servers: readonly string[], rng: Rng) {
    if (servers.length === 0) throw new Error('A HostProvider may not be empty!');
    // Collections.shuffle with a seeded source of randomness.
    const list = [...servers];
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    this.servers = list;
  }

  get size(): number {
    return this.servers.length;
  }

  /** The next server and whether the caller must first sleep spinDelay. */
  next(spinDelay: number): { server: string; spin: boolean } {
    ++this.currentIndex;
    if (this.currentIndex === this.servers.length) this.currentIndex = 0;
    const server = this.servers[this.currentIndex]!;
    const spin = this.currentIndex === this.lastIndex && spinDelay > 0;
    if (this.lastIndex === -1) this.lastIndex = 0;
    return { server, spin };
  }

  onConnected(): void {
    this.lastIndex = this.currentIndex;
  }
}
