// Authentication providers (ip, digest, and super through the configured superDigest),
// ZooKeeperServer.checkACL and PrepRequestProcessor.fixupACL.

import { sha1 } from '@noble/hashes/legacy.js';
import { Code } from './KeeperException.ts';
import { javaSplit } from './PathUtils.ts';
import type { ACL, Id } from './ZooDefs.ts';

const utf8 = new TextEncoder();

/** DigestAuthenticationProvider's own base64 (standard alphabet, '=' padding). */
export function base64(bytes: Uint8Array): string {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    let pad = 0;
    let v = (bytes[i++]! & 0xff) << 16;
    if (i < bytes.length) v |= (bytes[i++]! & 0xff) << 8;
    else pad++;
    if (i < bytes.length) v |= bytes[i++]! & 0xff;
    else pad++;
    out += A[(v >> 18) & 0x3f]! + A[(v >> 12) & 0x3f]!;
    out += pad < 2 ? A[(v >> 6) & 0x3f]! : '=';
    out += pad < 1 ? A[v & 0x3f]! : '=';
  }
  return out;
}

/** DigestAuthenticationProvider.generateDigest("user:password") -> "user:base64(sha1(user:password))". */
export function generateDigest(idPassword: string): string {
  const user = javaSplit(idPassword, ':', 2)[0] ?? '';
  return `${user}:${base64(sha1(utf8.encode(idPassword)))}`;
}

export interface AuthConfig {
  /** zookeeper.DigestAuthenticationProvider.superDigest, e.g. "super:D/InIHSb7yEEbrWz8b9l71RjZJU=". */
  readonly superDigest: string | null;
}

/** Java's new String(bytes) with the platform charset (UTF-8 here). */
function bytesToString(b: Uint8Array): string {
  return new TextDecoder().decode(b);
}

export interface AuthResult {
  readonly code: number;
  readonly ids: readonly Id[];
}

/** handleAuthentication for an auth packet; AUTHFAILED for schemes with no provider. */
export function handleAuthentication(scheme: string, authData: Uint8Array | null, remoteIp: string, cfg: AuthConfig): AuthResult {
  if (scheme === 'digest') {
    // new String(null) throws; the server turns the RuntimeException into AUTHFAILED.
    if (authData === null) return { code: Code.AUTHFAILED, ids: [] };
    const digest = generateDigest(bytesToString(authData));
    const ids: Id[] = [];
    if (cfg.superDigest !== null && digest === cfg.superDigest) ids.push({ scheme: 'super', id: '' });
    ids.push({ scheme: 'digest', id: digest });
    return { code: Code.OK, ids };
  }
  if (scheme === 'ip') {
    // The address comes from the socket; whatever the client sent is ignored.
    return { code: Code.OK, ids: [{ scheme: 'ip', id: remoteIp }] };
  }
  return { code: Code.AUTHFAILED, ids: [] };
}

export function hasProvider(scheme: string): boolean {
  return scheme === 'digest' || scheme === 'ip';
}

function v4addr2Bytes(addr: string): number[] | null {
  const parts = addr.split('.');
  if (parts.length !== 4) return null;
  const b: number[] = [];
  for (const p of parts) {
    const v = parseJavaInt(p);
    if (v === undefined || v < 0 || v > 255) return null;
    b.push(v);
  }
  return b;
}

/** Integer.parseInt: optional sign, decimal digits, 32-bit range. */
export function parseJavaInt(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const v = Number(s);
  if (!Number.isFinite(v) || v > 2147483647 || v < -2147483648) return undefined;
  return v;
}

function mask(b: number[], bits: number): void {
  let start = Math.floor(bits / 8);
  let startMask = ~((1 << (8 - (bits % 8))) - 1);
  while (start < b.length) {
    b[start] = b[start]! & startMask & 0xff;
    startMask = 0;
    start++;
  }
}

function ipMatches(id: string, aclExpr: string): boolean {
  const parts = javaSplit(aclExpr, '/', 2);
  const aclAddr = v4addr2Bytes(parts[0] ?? '');
  if (aclAddr === null) return false;
  let bits = aclAddr.length * 8;
  if (parts.length === 2) {
    const v = parseJavaInt(parts[1]!);
    if (v === undefined || v < 0 || v > aclAddr.length * 8) return false;
    bits = v;
  }
  mask(aclAddr, bits);
  const remote = v4addr2Bytes(id);
  if (remote === null) return false;
  mask(remote, bits);
  return remote.every((x, i) => x === aclAddr[i]);
}

function ipIsValid(id: string): boolean {
  const parts = javaSplit(id, '/', 2);
  if (v4addr2Bytes(parts[0] ?? '') === null) return false;
  if (parts.length === 2) {
    const v = parseJavaInt(parts[1]!);
    if (v === undefined || v < 0 || v > 32) return false;
  }
  return true;
}

/** AuthenticationProvider.isValid, or null when the scheme has no provider. */
export function isValidId(scheme: string, id: string): boolean | null {
  if (scheme === 'digest') return javaSplit(id, ':').length === 2;
  if (scheme === 'ip') return ipIsValid(id);
  return null;
}

function matches(scheme: string, id: string, aclExpr: string): boolean {
  if (scheme === 'digest') return id === aclExpr;
  if (scheme === 'ip') return ipMatches(id, aclExpr);
  return false;
}

/** AuthenticationProvider.isAuthenticated: ids of these schemes can stand in for "auth". */
function isAuthenticated(scheme: string): boolean | null {
  if (scheme === 'digest') return true;
  if (scheme === 'ip') return false;
  return null;
}

/** AuthUtil.getUser: the user part for whoAmI, or null when the scheme has no provider. */
export function getUserName(id: Id): string | null {
  if (id.scheme === 'digest') return javaSplit(id.id, ':')[0] ?? '';
  if (id.scheme === 'ip') return id.id;
  return null;
}

/** ZooKeeperServer.checkACL: true when allowed. */
export function checkACL(acl: readonly ACL[], perm: number, ids: readonly Id[]): boolean {
  if (acl.length === 0) return true;
  for (const authId of ids) if (authId.scheme === 'super') return true;
  for (const a of acl) {
    if ((a.perms & perm) === 0) continue;
    if (a.id.scheme === 'world' && a.id.id === 'anyone') return true;
    if (!hasProvider(a.id.scheme)) continue;
    for (const authId of ids) {
      if (authId.scheme === a.id.scheme && matches(a.id.scheme, authId.id, a.id.id)) return true;
    }
  }
  return false;
}

export class InvalidACLError extends Error {
  constructor() {
    super('InvalidACL');
  }
}

/**
 * PrepRequestProcessor.fixupACL: drop duplicates, reject empty or invalid lists, expand "auth"
 * into the requester's authenticated ids. Throws InvalidACLError.
 */
export function fixupACL(authInfo: readonly Id[], acls: readonly ACL[] | null): ACL[] {
  const uniq: ACL[] = [];
  for (const a of acls ?? []) {
    if (!uniq.some((u) => u.perms === a.perms && u.id.scheme === a.id.scheme && u.id.id === a.id.id)) uniq.push(a);
  }
  if (uniq.length === 0) throw new InvalidACLError();
  const rv: ACL[] = [];
  for (const a of uniq) {
    if (a.id.scheme === 'world' && a.id.id === 'anyone') {
      rv.push(a);
    } else if (a.id.scheme === 'auth') {
      let valid = false;
      for (const cid of authInfo) {
        if (isAuthenticated(cid.scheme) === true) {
          valid = true;
          rv.push({ perms: a.perms, id: cid });
        }
      }
      if (!valid) throw new InvalidACLError();
    } else {
      if (isValidId(a.id.scheme, a.id.id) !== true) throw new InvalidACLError();
      rv.push(a);
    }
  }
  return rv;
}
