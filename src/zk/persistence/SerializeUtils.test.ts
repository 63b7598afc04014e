import { describe, expect, it } from 'vitest';
import { OPEN_ACL_UNSAFE, OpCode } from '../ZooDefs.ts';
import { IOError } from './errors.ts';
import { BinaryOutputArchive } from './jute.ts';
import { deserializeTxn, serializeTxn, writeAcls, writeTxnHeader } from './SerializeUtils.ts';
import { everyKind, txn } from './fixtures/sample.ts';

const hdr = { clientId: 5n, cxid: 1, zxid: 2, time: 3, type: OpCode.create };

describe('SerializeUtils txn records', () => {
  it('round-trips every txn kind, with and without a digest', () => {
    for (const t of everyKind()) {
      const bytes = serializeTxn(t);
      expect(deserializeTxn(bytes)).toEqual(t);
      expect(serializeTxn(deserializeTxn(bytes))).toEqual(bytes);
    }
  });

  it('lays out a create as TxnHeader, CreateTxn, TxnDigest', () => {
    const t = txn(0x100000001, OpCode.create, { kind: 'create', path: '/a', data: new Uint8Array([1]), acl: OPEN_ACL_UNSAFE, ephemeral: true, parentCVersion: 7 }, { digest: 9 });
    const hex = Buffer.from(serializeTxn(t)).toString('hex');
    const h = t.hdr;
    const long = (v: number | bigint): string => BigInt.asUintN(64, BigInt(v)).toString(16).padStart(16, '0');
    const int = (v: number): string => (v >>> 0).toString(16).padStart(8, '0');
    expect(hex).toBe(
      long(h.clientId) + int(h.cxid) + long(h.zxid) + long(h.time) + int(1) +
        int(2) + '2f61' + int(1) + '01' + int(1) + int(31) + int(5) + '776f726c64' + int(6) + '616e796f6e65' + '01' + int(7) +
        int(2) + long(9),
    );
  });

  it('reads a create without parentCVersion as CreateTxnV0 (parentCVersion -1)', () => {
    const oa = new BinaryOutputArchive();
    writeTxnHeader(oa, hdr);
    oa.writeString('/old');
    oa.writeBuffer(null);
    writeAcls(oa, OPEN_ACL_UNSAFE);
    oa.writeBool(false);
    expect(deserializeTxn(oa.toBytes()).body).toEqual({ kind: 'create', path: '/old', data: null, acl: OPEN_ACL_UNSAFE, ephemeral: false, parentCVersion: -1 });
  });

  it('reads a closeSession without a record (before CloseSessionTxn existed)', () => {
    const oa = new BinaryOutputArchive();
    writeTxnHeader(oa, { ...hdr, type: OpCode.closeSession });
    expect(deserializeTxn(oa.toBytes())).toEqual({ hdr: { ...hdr, type: OpCode.closeSession }, body: { kind: 'closeSession', paths2Delete: [] } });
  });

  it('rejects types deserializeTxn does not know, and truncated records with EOF', () => {
    const oa = new BinaryOutputArchive();
    writeTxnHeader(oa, { ...hdr, type: OpCode.check });
    oa.writeString('/x');
    oa.writeInt(1);
    expect(() => deserializeTxn(oa.toBytes())).toThrow(expect.objectContaining({ code: 'unsupportedTxn' }));
    const setData = serializeTxn(everyKind()[7]!);
    for (let cut = 0; cut < 40; cut++) {
      expect(() => deserializeTxn(setData.subarray(0, cut))).toThrow(expect.objectContaining({ code: 'eof' }));
    }
  });

  it('rejects a multi sub-txn DataTree could not apply', () => {
    const oa = new BinaryOutputArchive();
    writeTxnHeader(oa, { ...hdr, type: OpCode.multi });
    oa.writeInt(1);
    oa.writeInt(OpCode.setACL);
    oa.writeBuffer(new Uint8Array(8));
    expect(() => deserializeTxn(oa.toBytes())).toThrow(IOError);
  });

  it('refuses to serialize a record the header type does not carry', () => {
    expect(() => serializeTxn({ hdr, body: { kind: 'delete', path: '/a' } })).toThrow(/cannot carry/);
  });
});
