// ServerCnxn.authInfo: a Set<Id> backed by a ConcurrentHashMap, so duplicates collapse and the
// order whoAmI (and auth ACL expansion) sees is the map's iteration order.

import { javaStringHash } from './JavaHashOrder.ts';
import { JavaConcurrentHashMap } from './fourletter/JavaConcurrentHashMap.ts';
import type { Id } from './ZooDefs.ts';

/** The jute-generated Id.hashCode. */
export function idHashCode(id: Id): number {
  let result = 17;
  result = (Math.imul(37, result) + javaStringHash(id.scheme)) | 0;
  result = (Math.imul(37, result) + javaStringHash(id.id)) | 0;
  return result;
}

function key(id: Id): string {
  return `${id.scheme}\u0000${id.id}`;
}

export class AuthInfo {
  private readonly ids = new Map<string, Id>();
  private readonly order = new JavaConcurrentHashMap<string>((k) => idHashCode(this.ids.get(k)!));

  add(id: Id): boolean {
    const k = key(id);
    if (this.ids.has(k)) return false;
    this.ids.set(k, id);
    this.order.add(k);
    return true;
  }

  /** new ArrayList<>(authInfo): the iteration order. */
  list(): Id[] {
    return this.order.keys().map((k) => this.ids.get(k)!);
  }
}
