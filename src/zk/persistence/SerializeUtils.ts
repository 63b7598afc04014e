// The txn records of org.apache.zookeeper.txn (zookeeper.jute) and how a log entry holds them:
// Util.marshallTxnEntry writes TxnHeader, the record, then the TxnDigest; SerializeUtils.deserializeTxn
// picks the record by the header's type and reads the digest if any bytes are left for it.

import { OpCode, type ACL } from '../ZooDefs.ts';
import type { SubTxn, Txn, TxnBody, TxnDigest, TxnHeader } from '../txn.ts';
import { IOError, isEOF } from './errors.ts';
import { BinaryInputArchive, BinaryOutputArchive } from './jute.ts';

type BodyKind = TxnBody['kind'];

/** The record SerializeUtils.deserializeTxn reads for a header type (null: "Unsupported Txn"). */
export function recordKindOf(type: number): BodyKind | null {
  switch (type) {
    case OpCode.createSession: return 'createSession';
    case OpCode.closeSession: return 'closeSession';
    case OpCode.create:
    case OpCode.create2: return 'create';
    case OpCode.createTTL: return 'createTTL';
    case OpCode.createContainer: return 'createContainer';
    case OpCode.delete:
    case OpCode.deleteContainer: return 'delete';
    case OpCode.reconfig:
    case OpCode.setData: return 'setData';
    case OpCode.setACL: return 'setACL';
    case OpCode.error: return 'error';
    case OpCode.multi: return 'multi';
    default: return null;
  }
}

/** The record DataTree.processTxn reads for a sub-txn of a multi (null: "Invalid type of op"). */
export function subRecordKindOf(type: number): BodyKind | null {
  switch (type) {
    case OpCode.create: return 'create';
    case OpCode.createTTL: return 'createTTL';
    case OpCode.createContainer: return 'createContainer';
    case OpCode.delete:
    case OpCode.deleteContainer: return 'delete';
    case OpCode.setData: return 'setData';
    case OpCode.error: return 'error';
    case OpCode.check: return 'check';
    default: return null;
  }
}

// ---- org.apache.zookeeper.data records ----

export function writeAcls(oa: BinaryOutputArchive, acls: readonly ACL[] | null): void {
  oa.startVector(acls === null ? null : acls.length);
  if (acls === null) return;
  for (const a of acls) {
    oa.writeInt(a.perms);
    oa.writeString(a.id.scheme);
    oa.writeString(a.id.id);
  }
}

function readAcl(ia: BinaryInputArchive): ACL {
  const perms = ia.readInt();
  const scheme = ia.readString() ?? '';
  const id = ia.readString() ?? '';
  return { perms, id: { scheme, id } };
}

/** A vector<ACL>; null (count -1) when absent. */
export function readAcls(ia: BinaryInputArchive): ACL[] | null {
  return ia.readVector(readAcl);
}

// ---- TxnHeader, TxnDigest ----

export function writeTxnHeader(oa: BinaryOutputArchive, h: TxnHeader): void {
  oa.writeLong(h.clientId);
  oa.writeInt(h.cxid);
  oa.writeLong(h.zxid);
  oa.writeLong(h.time);
  oa.writeInt(h.type);
}

export function readTxnHeader(ia: BinaryInputArchive): TxnHeader {
  const clientId = ia.readLong();
  const cxid = ia.readInt();
  const zxid = ia.readLongNumber();
  const time = ia.readLongNumber();
  const type = ia.readInt();
  return { clientId, cxid, zxid, time, type };
}

// ---- txn records ----

function writeBody(oa: BinaryOutputArchive, b: TxnBody): void {
  switch (b.kind) {
    case 'create':
      oa.writeString(b.path);
      oa.writeBuffer(b.data);
      writeAcls(oa, b.acl);
      oa.writeBool(b.ephemeral);
      oa.writeInt(b.parentCVersion);
      return;
    case 'createContainer':
      oa.writeString(b.path);
      oa.writeBuffer(b.data);
      writeAcls(oa, b.acl);
      oa.writeInt(b.parentCVersion);
      return;
    case 'createTTL':
      oa.writeString(b.path);
      oa.writeBuffer(b.data);
      writeAcls(oa, b.acl);
      oa.writeInt(b.parentCVersion);
      oa.writeLong(b.ttl);
      return;
    case 'delete':
      oa.writeString(b.path);
      return;
    case 'setData':
      oa.writeString(b.path);
      oa.writeBuffer(b.data);
      oa.writeInt(b.version);
      return;
    case 'setACL':
      oa.writeString(b.path);
      writeAcls(oa, b.acl);
      oa.writeInt(b.version);
      return;
    case 'check':
      oa.writeString(b.path);
      oa.writeInt(b.version);
      return;
    case 'createSession':
      oa.writeInt(b.timeOut);
      return;
    case 'closeSession':
      oa.startVector(b.paths2Delete.length);
      for (const p of b.paths2Delete) oa.writeString(p);
      return;
    case 'error':
      oa.writeInt(b.err);
      return;
    case 'multi':
      oa.startVector(b.txns.length);
      for (const t of b.txns) {
        oa.writeInt(t.type);
        oa.writeBuffer(serializeRecord(t.body));
      }
      return;
  }
}

/** One record on its own, as PrepRequestProcessor serializes a multi's sub-txn. */
export function serializeRecord(b: TxnBody): Uint8Array {
  const oa = new BinaryOutputArchive();
  writeBody(oa, b);
  return oa.toBytes();
}

const str = (ia: BinaryInputArchive): string => ia.readString() ?? '';

function readBody(ia: BinaryInputArchive, kind: BodyKind): TxnBody {
  switch (kind) {
    case 'create': {
      const path = str(ia);
      const data = ia.readBuffer();
      const acl = readAcls(ia) ?? [];
      const ephemeral = ia.readBool();
      const parentCVersion = ia.readInt();
      return { kind, path, data, acl, ephemeral, parentCVersion };
    }
    case 'createContainer': {
      const path = str(ia);
      const data = ia.readBuffer();
      const acl = readAcls(ia) ?? [];
      const parentCVersion = ia.readInt();
      return { kind, path, data, acl, parentCVersion };
    }
    case 'createTTL': {
      const path = str(ia);
      const data = ia.readBuffer();
      const acl = readAcls(ia) ?? [];
      const parentCVersion = ia.readInt();
      const ttl = ia.readLongNumber();
      return { kind, path, data, acl, parentCVersion, ttl };
    }
    case 'delete':
      return { kind, path: str(ia) };
    case 'setData': {
      const path = str(ia);
      const data = ia.readBuffer();
      return { kind, path, data, version: ia.readInt() };
    }
    case 'setACL': {
      const path = str(ia);
      const acl = readAcls(ia) ?? [];
      return { kind, path, acl, version: ia.readInt() };
    }
    case 'check': {
      const path = str(ia);
      return { kind, path, version: ia.readInt() };
    }
    case 'createSession':
      return { kind, timeOut: ia.readInt() };
    case 'closeSession':
      return { kind, paths2Delete: ia.readVector(str) ?? [] };
    case 'error':
      return { kind, err: ia.readInt() };
    case 'multi': {
      const raw = ia.readVector((a) => ({ type: a.readInt(), data: a.readBuffer() })) ?? [];
      return { kind, txns: raw.map((r) => parseSubTxn(r.type, r.data)) };
    }
  }
}

/**
 * A multi's sub-txn, parsed as DataTree.processTxn does (ByteBufferInputStream.byteBuffer2Record):
 * running out of bytes there is an IOException, not an end of log.
 */
function parseSubTxn(type: number, data: Uint8Array | null): SubTxn {
  const kind = subRecordKindOf(type);
  if (kind === null) throw new IOError('unsupportedTxn', `Invalid type of op: ${type}`);
  try {
    return { type, body: readBody(new BinaryInputArchive(data ?? new Uint8Array(0)), kind) };
  } catch (e) {
    if (isEOF(e)) throw new IOError('unsupportedTxn', `Truncated sub-txn of type ${type}`);
    throw e;
  }
}

/** Util.marshallTxnEntry: header, record, digest. */
export function serializeTxn(txn: Txn): Uint8Array {
  const kind = recordKindOf(txn.hdr.type);
  if (kind !== txn.body.kind) throw new Error(`txn type ${txn.hdr.type} cannot carry a ${txn.body.kind} record`);
  const oa = new BinaryOutputArchive();
  writeTxnHeader(oa, txn.hdr);
  writeBody(oa, txn.body);
  if (txn.digest !== undefined) {
    oa.writeInt(txn.digest.version);
    oa.writeLong(txn.digest.treeDigest);
  }
  return oa.toBytes();
}

/**
 * SerializeUtils.deserializeTxn. Throws EOFError when the bytes end inside the header or record
 * (the log iterator takes that as the end of the file), IOError for an unknown type or a bad length.
 * Two old-format fallbacks are kept: a create without parentCVersion (CreateTxnV0, read with
 * parentCVersion -1) and a closeSession without a record (read as an empty paths2Delete).
 */
export function deserializeTxn(bytes: Uint8Array): Txn {
  const ia = new BinaryInputArchive(bytes);
  const hdr = readTxnHeader(ia);
  const mark = ia.position;
  const kind = recordKindOf(hdr.type);
  if (kind === null) throw new IOError('unsupportedTxn', `Unsupported Txn with type=%d${hdr.type}`);
  let body: TxnBody;
  let rest: BinaryInputArchive = ia;
  try {
    body = readBody(ia, kind);
  } catch (e) {
    if (!isEOF(e)) throw e;
    if (hdr.type === OpCode.create) {
      rest = new BinaryInputArchive(bytes, mark);
      const path = str(rest);
      const data = rest.readBuffer();
      const acl = readAcls(rest) ?? [];
      const ephemeral = rest.readBool();
      body = { kind: 'create', path, data, acl, ephemeral, parentCVersion: -1 };
    } else if (hdr.type === OpCode.closeSession) {
      body = { kind: 'closeSession', paths2Delete: [] };
      rest = new BinaryInputArchive(bytes, bytes.length);
    } else {
      throw e;
    }
  }
  let digest: TxnDigest | undefined;
  // Java reads the digest and swallows the EOFException when there is none; checking the length
  // first reads the same and spares an exception per txn (most of the cost of a recovery).
  if (rest.remaining >= 12) digest = { version: rest.readInt(), treeDigest: rest.readLongNumber() };
  else if (rest.remaining >= 4) {
    try {
      const version = rest.readInt();
      digest = { version, treeDigest: rest.readLongNumber() };
    } catch (e) {
      if (!isEOF(e)) throw e;
    }
  }
  return digest === undefined ? { hdr, body } : { hdr, body, digest };
}
