// How the election and txn log views write zxids, epochs, votes and times.

import { formatTime } from '../layout/Transport.tsx';

const TWO32 = 2 ** 32;

/** A zxid as ZooKeeper logs it: 0x-prefixed hex (epoch in the high 32 bits). */
export function hex(z: number): string {
  return z < 0 ? 'none' : `0x${z.toString(16)}`;
}

/** zxid >> 32 */
export function epochOf(z: number): number {
  return z < 0 ? -1 : Math.floor(z / TWO32);
}

/** zxid & 0xffffffff */
export function counterOf(z: number): number {
  return z < 0 ? -1 : z % TWO32;
}

/** Virtual time as the page's clock shows it (m:ss.mmm). */
export function at(ms: number): string {
  return formatTime(Math.max(0, Math.round(ms)));
}

/** A duration in ms, short. */
export function dur(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** A server's id as the views name it; -∞ (Long.MIN_VALUE, an observer's empty vote) reads "none". */
export function sid(id: number): string {
  return id < 0 ? 'none' : `s${id}`;
}

/** Strict majority of the voters (observers do not vote). */
export function quorumOf(voters: number): number {
  return Math.floor(voters / 2) + 1;
}
