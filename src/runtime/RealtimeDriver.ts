// Runs a world against the wall clock in the page: each animation frame processes the events
// due by now (scaled by speed). Pausing stops the frames altogether, so a paused page is idle.

import { drainMicrotasks } from '../sim/drive.ts';
import type { World } from '../sim/World.ts';

export class RealtimeDriver {
  private running = false;
  private busy = false;
  private lastReal = 0;
  private frame: number | null = null;
  private carry = 0;
  speed = 1;
  /** Called after each frame that processed events. */
  onAdvance: (() => void) | null = null;

  constructor(readonly world: World) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastReal = performance.now();
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
  }

  get isRunning(): boolean {
    return this.running;
  }

  private schedule(): void {
    if (!this.running) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      void this.tick();
    });
  }

  private async tick(): Promise<void> {
    if (this.busy) return this.schedule();
    this.busy = true;
    try {
      const real = performance.now();
      // A hidden tab gets no frames; do not replay the whole absence in one burst.
      const elapsed = Math.min(real - this.lastReal, 1000);
      this.lastReal = real;
      // Virtual time is whole milliseconds (txn times are Java longs); keep the fraction for later.
      this.carry += elapsed * this.speed;
      const whole = Math.floor(this.carry);
      this.carry -= whole;
      const target = this.world.now + whole;
      let processed = 0;
      for (;;) {
        if (this.world.pendingMicrotasks) {
          this.world.pendingMicrotasks = false;
          await drainMicrotasks();
        }
        const next = this.world.nextEventTime;
        if (next === undefined || next > target) break;
        const r = this.world.step();
        if (r instanceof Promise) await r;
        processed++;
      }
      if (this.world.now < target) this.world.now = target;
      if (processed > 0) this.onAdvance?.();
    } finally {
      this.busy = false;
      this.schedule();
    }
  }
}
