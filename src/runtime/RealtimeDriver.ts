// Runs a world against the wall clock in the page: each animation frame advances virtual time by
// the real time elapsed (scaled by speed) and processes the events due by then. Pausing stops the
// frames altogether. A hidden tab gets no frames from most browsers, and some still give one a
// second or so: the driver asks for none while the document is hidden, and picks up when it shows
// again, without replaying the absence.

/** Something with virtual time that can be advanced (a ScenarioRun). */
export interface Advanceable {
  readonly now: number;
  /** Process every event due by t, then stand at t. */
  runTo(t: number): Promise<void>;
}

export class RealtimeDriver {
  private running = false;
  private busy = false;
  private lastReal = 0;
  private frame: number | null = null;
  private carry = 0;
  speed = 1;
  /** Called after each frame. */
  onAdvance: (() => void) | null = null;
  /** Called when advancing failed (a bug in a server, a broken worker): the driver stops. */
  onError: ((e: unknown) => void) | null = null;

  constructor(private readonly target: Advanceable) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastReal = performance.now();
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onVisibility);
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onVisibility);
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
  }

  private readonly onVisibility = (): void => {
    if (!this.running || document.hidden) return;
    this.lastReal = performance.now();
    if (this.frame === null && !this.busy) this.schedule();
  };

  get isRunning(): boolean {
    return this.running;
  }

  /** Resolves once the frame in progress (if any) has finished. */
  async idle(): Promise<void> {
    while (this.busy) await new Promise((r) => setTimeout(r, 1));
  }

  private schedule(): void {
    if (!this.running || (typeof document !== 'undefined' && document.hidden)) return;
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
      // After a hidden spell, do not replay the whole absence in one burst.
      const elapsed = Math.min(real - this.lastReal, 250);
      this.lastReal = real;
      // Virtual time is whole milliseconds (txn times are Java longs); keep the fraction for later.
      this.carry += elapsed * this.speed;
      const whole = Math.floor(this.carry);
      this.carry -= whole;
      if (whole > 0) await this.target.runTo(this.target.now + whole);
      this.onAdvance?.();
    } catch (e) {
      this.running = false;
      this.onError?.(e);
    } finally {
      this.busy = false;
      this.schedule();
    }
  }
}
