// org.apache.zookeeper.server.ServerStats: the counters srvr, stat and mntr print.

export class ServerStats {
  packetsSent = 0;
  packetsReceived = 0;
  minLatency = Number.MAX_SAFE_INTEGER;
  maxLatency = 0;
  totalLatency = 0;
  count = 0;
  fsyncThresholdExceedCount = 0;

  updateLatency(elapsed: number): void {
    this.totalLatency += elapsed;
    this.count++;
    if (elapsed < this.minLatency) this.minLatency = elapsed;
    if (elapsed > this.maxLatency) this.maxLatency = elapsed;
  }

  get avgLatency(): number {
    return this.count === 0 ? 0 : this.totalLatency / this.count;
  }

  /** getMinLatency: 0 before the first request. */
  get minLatencyOrZero(): number {
    return this.minLatency === Number.MAX_SAFE_INTEGER ? 0 : this.minLatency;
  }

  reset(): void {
    this.packetsSent = 0;
    this.packetsReceived = 0;
    this.minLatency = Number.MAX_SAFE_INTEGER;
    this.maxLatency = 0;
    this.totalLatency = 0;
    this.count = 0;
  }
}
