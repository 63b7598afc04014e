// A value now or later. In Node every server runs in-process and answers at once; in the browser
// a server lives in a Web Worker and answers with a promise. The world chains either kind in
// program order, so both hosts process the same events in the same order.

export type MaybePromise<T> = T | Promise<T>;

export function andThen<T, R>(v: MaybePromise<T>, f: (t: T) => MaybePromise<R>): MaybePromise<R> {
  return v instanceof Promise ? v.then(f) : f(v);
}

/** Run fs one after another, each after the previous one settled. */
export function sequence(fs: Iterable<() => MaybePromise<void>>): MaybePromise<void> {
  let r: MaybePromise<void> = undefined;
  for (const f of fs) r = andThen(r, f);
  return r;
}
