// org.apache.zookeeper.server.persistence.FileSnap with SerializeUtils.serializeSnapshot and
// DataTree.serialize: an uncompressed snapshot.<hex zxid> file is
//   FileHeader(magic "ZKSN", version 2, dbid -1)
//   int count, then count x (long sessionId, int timeout)           -- HashMap order
//   int count, then count x (long aclIndex, vector<ACL>)            -- ReferenceCountedACLCache, HashMap order
//   nodes in pre-order: string path ("" for the root), DataNode(buffer data, long acl, StatPersisted)
//   string "/"                                                      -- end of the tree
//   seal: long Adler32 of all bytes so far, string "/"
//   ZxidDigest: long zxid, int digestVersion, long digest           -- 3.6+, then a second seal
// Reading verifies both seals; a file that fails is skipped for the next older one (FileSnap.deserialize).

import { nodeDigest } from '../DigestCalculator.ts';
import { ephemeralKind } from '../EphemeralType.ts';
import { javaLongHash, orderForCapacity, tableSizeFor } from '../JavaHashOrder.ts';
import type { SnapNode, Snapshot } from '../Snapshot.ts';
import type { ACL } from '../ZooDefs.ts';
import type { DataDir } from './DataDir.ts';
import { IOError, isEOF } from './errors.ts';
import { readFileHeader, writeFileHeader } from './FileTxnLog.ts';
import { BinaryInputArchive, BinaryOutputArchive } from './jute.ts';
import { readAcls, writeAcls } from './SerializeUtils.ts';
import { checkSealIntegrity, isValidSnapshot, sealStream } from './SnapStream.ts';
import { SNAPSHOT_FILE_PREFIX, getZxidFromName, sortDataDir } from './Util.ts';

export const SNAP_MAGIC = 0x5a4b534e; // "ZKSN"
export const SNAP_VERSION = 2;
export const SNAP_DBID = -1n;
/** DigestCalculator.DIGEST_VERSION in 3.8.0. */
export const DIGEST_VERSION = 2;

/** DataTree.ZxidDigest: the tree digest at a zxid, written after the tree. */
export interface ZxidDigest {
  readonly zxid: number;
  readonly digestVersion: number;
  readonly digest: number;
}

/** A decoded snapshot file: the plain Snapshot plus what only the bytes carry. */
export interface SnapshotFile {
  readonly snapshot: Snapshot;
  /** null for a snapshot written without the digest section (before 3.6). */
  readonly zxidDigest: ZxidDigest | null;
}

/**
 * The ZxidDigest our server's (non-fuzzy) snapshots carry: the tree digest at the snapshot's zxid;
 * a tree that has not processed a txn writes the empty one, as DataTree does.
 */
export function zxidDigestOf(snap: Snapshot): ZxidDigest {
  return snap.zxid > 0 ? { zxid: snap.zxid, digestVersion: DIGEST_VERSION, digest: snap.digest } : { zxid: 0, digestVersion: DIGEST_VERSION, digest: 0 };
}

/** Iteration order of new HashMap<>(m) for long keys given in m's order. */
function hashMapOrder<T>(entries: readonly T[], key: (e: T) => bigint): T[] {
  if (entries.length <= 1) return [...entries];
  const cap = tableSizeFor(Math.floor(entries.length / 0.75 + 1));
  return orderForCapacity(entries, cap, (e) => javaLongHash(key(e)));
}

/** FileSnap.serialize: the whole file. */
export function serializeSnapshot(snap: Snapshot, zxidDigest: ZxidDigest | null = zxidDigestOf(snap)): Uint8Array {
  const oa = new BinaryOutputArchive();
  writeFileHeader(oa, { magic: SNAP_MAGIC, version: SNAP_VERSION, dbid: SNAP_DBID });
  const sessions = hashMapOrder(snap.sessions, (s) => s[0]);
  oa.writeInt(sessions.length);
  for (const [id, timeout] of sessions) {
    oa.writeLong(id);
    oa.writeInt(timeout);
  }
  const acls = hashMapOrder(snap.acls, (a) => BigInt(a[0]));
  oa.writeInt(acls.length);
  for (const [index, list] of acls) {
    oa.writeLong(index);
    writeAcls(oa, list);
  }
  for (const n of snap.nodes) {
    oa.writeString(n.path === '/' ? '' : n.path);
    oa.writeBuffer(n.data);
    oa.writeLong(n.acl);
    oa.writeLong(n.czxid);
    oa.writeLong(n.mzxid);
    oa.writeLong(n.ctime);
    oa.writeLong(n.mtime);
    oa.writeInt(n.version);
    oa.writeInt(n.cversion);
    oa.writeInt(n.aversion);
    oa.writeLong(n.ephemeralOwner);
    oa.writeLong(n.pzxid);
  }
  oa.writeString('/');
  sealStream(oa, () => oa.toBytes());
  if (zxidDigest !== null) {
    oa.writeLong(zxidDigest.zxid);
    oa.writeInt(zxidDigest.digestVersion);
    if (zxidDigest.digestVersion < 2) oa.writeString(zxidDigest.digest.toString(16));
    else oa.writeLong(zxidDigest.digest);
    sealStream(oa, () => oa.toBytes());
  }
  return oa.toBytes();
}

export interface DeserializeOptions {
  /** EphemeralType.get throws (a RuntimeException) on a bad extended owner when this is on. */
  readonly extendedTypesEnabled?: boolean;
  /**
   * The session map restore fills: FileSnap.deserialize shares one across its attempts, so sessions
   * read from a snapshot that then failed stay in it.
   */
  readonly sessions?: Map<bigint, number>;
}

/** The tree digest of a snapshot's nodes, as DataTree computes it on load. */
export function treeDigestOf(nodes: readonly SnapNode[]): number {
  let d = 0;
  for (const n of nodes) d += nodeDigest(n.path, n.data, n);
  return d;
}

function readNode(ia: BinaryInputArchive, path: string): SnapNode {
  const data = ia.readBuffer();
  const acl = ia.readLongNumber();
  const czxid = ia.readLongNumber();
  const mzxid = ia.readLongNumber();
  const ctime = ia.readLongNumber();
  const mtime = ia.readLongNumber();
  const version = ia.readInt();
  const cversion = ia.readInt();
  const aversion = ia.readInt();
  const ephemeralOwner = ia.readLong();
  const pzxid = ia.readLongNumber();
  return { path, data, acl, czxid, mzxid, pzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner };
}

/**
 * FileSnap.deserialize of one file (header, sessions, tree, seal, digest, seal). zxid is the one in
 * the file name. Throws IOError: 'snapshotCrc', 'badMagic', 'invalidTree', 'eof', ...; and
 * 'runtime' where Java throws a RuntimeException that escapes FileSnap's IOException handler.
 */
export function deserializeSnapshot(bytes: Uint8Array, zxid: number, opts: DeserializeOptions = {}): SnapshotFile {
  const ia = new BinaryInputArchive(bytes);
  const h = readFileHeader(ia);
  if (h.magic !== SNAP_MAGIC) throw new IOError('badMagic', `mismatching magic headers ${h.magic} !=  ${SNAP_MAGIC}`);
  const sessionMap = opts.sessions ?? new Map<bigint, number>();
  const sessions: [bigint, number][] = [];
  for (let count = ia.readInt(); count > 0; count--) {
    const id = ia.readLong();
    const to = ia.readInt();
    sessionMap.set(id, to);
    sessions.push([id, to]);
  }
  const acls: [number, ACL[]][] = [];
  for (let i = ia.readInt(); i > 0; i--) {
    const index = ia.readLongNumber();
    const list = readAcls(ia);
    if (list === null) throw new IOError('runtime', 'Incorrent format of InputArchive when deserialize DataTree - missing acls');
    acls.push([index, list]);
  }
  const nodes: SnapNode[] = [];
  const seen = new Set<string>();
  let path = ia.readString();
  while (path !== '/') {
    if (path === null) throw new IOError('runtime', 'NullPointerException: null path in snapshot');
    const node = readNode(ia, path === '' ? '/' : path);
    const slash = path.lastIndexOf('/');
    if (path !== '') {
      if (slash === -1) throw new IOError('invalidTree', `Invalid Datatree, path without a slash: ${path}`);
      const parent = slash === 0 ? '/' : path.slice(0, slash);
      if (!seen.has(parent)) throw new IOError('invalidTree', `Invalid Datatree, unable to find parent ${path.slice(0, slash)} of path ${path}`);
    }
    if (seen.has(node.path)) throw new IOError('invalidTree', `Invalid Datatree, duplicate path ${path}`);
    if (opts.extendedTypesEnabled && node.path !== '/') {
      try {
        ephemeralKind(node.ephemeralOwner, true);
      } catch (e) {
        throw new IOError('runtime', e instanceof Error ? e.message : String(e));
      }
    }
    seen.add(node.path);
    nodes.push(node);
    path = ia.readString();
  }
  if (!seen.has('/')) throw new IOError('invalidTree', 'Invalid Datatree, no root');
  checkSealIntegrity(bytes, ia);
  let zxidDigest: ZxidDigest | null = null;
  try {
    const dz = ia.readLongNumber();
    const digestVersion = ia.readInt();
    let digest: number;
    if (digestVersion < 2) {
      const s = ia.readString();
      digest = 0;
      if (s !== null) {
        if (!/^[+-]?[0-9a-fA-F]+$/.test(s)) throw new IOError('runtime', `NumberFormatException: For input string: "${s}"`);
        digest = parseInt(s, 16);
      }
    } else digest = ia.readLongNumber();
    zxidDigest = { zxid: dz, digestVersion, digest };
  } catch (e) {
    if (!isEOF(e)) throw e;
  }
  if (zxidDigest !== null) checkSealIntegrity(bytes, ia);
  return { snapshot: { zxid, sessions, acls, nodes, digest: treeDigestOf(nodes) }, zxidDigest };
}

/** FileSnap.findNValidSnapshots: newest first, by the cheap tail check only. */
export function findNValidSnapshots(dir: DataDir, n: number): string[] {
  const out: string[] = [];
  for (const f of sortDataDir(dir.list(), SNAPSHOT_FILE_PREFIX, false)) {
    if (getZxidFromName(f, SNAPSHOT_FILE_PREFIX) === -1) continue;
    if (isValidSnapshot(f, dir.read(f))) {
      out.push(f);
      if (out.length === n) break;
    }
  }
  return out;
}

/** Snapshot file names, newest first (FileSnap.findNRecentSnapshots). */
export function findNRecentSnapshots(dir: DataDir, n: number): string[] {
  return sortDataDir(dir.list(), SNAPSHOT_FILE_PREFIX, false)
    .filter((f) => getZxidFromName(f, SNAPSHOT_FILE_PREFIX) !== -1)
    .slice(0, n);
}
