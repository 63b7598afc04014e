// Driving the world from async code (the CLI, tests): events are processed one at a time and,
// after any event that may have resolved client promises, every pending microtask is allowed to
// run before the next event. That keeps async callers in lockstep with virtual time.

import type { World } from './World.ts';

/** A browser's next task: a message to ourselves, on one channel kept for the page's life. */
let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

/** Let every queued microtask (promise continuation) run. */
export function drainMicrotasks(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((r) => setImmediate(r));
  return new Promise((r) => {
    if (channel === null) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => waiting.shift()?.();
    }
    waiting.push(r);
    channel.port2.postMessage(0);
  });
}

export class StuckError extends Error {}

/** Process events until pred() holds; throws StuckError past maxTime or when nothing is left to do. */
export async function runUntil(world: World, pred: () => boolean, maxTime = world.now + 3_600_000): Promise<void> {
  // Whatever the caller just started (a CLI line, an API call) may still be in a microtask.
  await drainMicrotasks();
  for (;;) {
    if (world.pendingMicrotasks) {
      world.pendingMicrotasks = false;
      await drainMicrotasks();
    }
    if (pred()) return;
    const next = world.nextEventTime;
    if (next === undefined) throw new StuckError(`nothing left to happen at t=${world.now}`);
    if (next > maxTime) throw new StuckError(`still waiting at t=${world.now}`);
    const r = world.step();
    if (r instanceof Promise) await r;
  }
}

/** Resolve with p's outcome, running the world until it settles. */
export async function runPromise<T>(world: World, p: Promise<T>, maxTime?: number): Promise<T> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  await runUntil(world, () => done, maxTime);
  return p;
}

/** Advance virtual time to t, processing everything scheduled before it. */
export async function runTo(world: World, t: number): Promise<void> {
  await drainMicrotasks();
  for (;;) {
    if (world.pendingMicrotasks) {
      world.pendingMicrotasks = false;
      await drainMicrotasks();
    }
    const next = world.nextEventTime;
    if (next === undefined || next > t) break;
    const r = world.step();
    if (r instanceof Promise) await r;
  }
  if (world.now < t) world.now = t;
}
