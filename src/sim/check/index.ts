// History checkers for ZooKeeper's client-visible guarantees. All are pure functions of a History
// (see history.ts for the format and what the recorder must capture) returning Violation[]; none
// throws. checkHistory runs them all on one shared tree model.

import type { History, Violation } from './history.ts';
import { buildModel } from './model.ts';
import { checkSessionOrder } from './session.ts';
import { checkSyncReads } from './sync.ts';
import { sanitize } from './util.ts';
import { checkWatchOrder } from './watches.ts';
import { checkWriteLinearizability } from './writes.ts';

export * from './history.ts';
export { buildModel, Model } from './model.ts';
export { checkWriteLinearizability, WRITE_CHECKER } from './writes.ts';
export { checkSessionOrder, SESSION_CHECKER } from './session.ts';
export { checkSyncReads, SYNC_CHECKER } from './sync.ts';
export { checkWatchOrder, WATCH_CHECKER } from './watches.ts';

/** Every checker, sharing one model. */
export function checkHistory(history: History): Violation[] {
  let model;
  try {
    model = buildModel(sanitize(history).history);
  } catch {
    model = undefined; // each checker reports its own failure
  }
  return [...checkWriteLinearizability(history, model), ...checkSessionOrder(history, model), ...checkSyncReads(history, model), ...checkWatchOrder(history, model)];
}
