// org.apache.zookeeper.server.persistence.TxnLogToolkit's dump mode (zkTxnLogToolkit.sh -d): the text
// it prints for a log file, so a log can be shown as ZooKeeper's own tool shows it. Dates are printed
// as the tool does in an en_US locale with the UTC time zone.

import type { Txn, TxnBody } from '../txn.ts';
import { OpCode, type ACL } from '../ZooDefs.ts';
import { hex } from '../Stat.ts';
import { adler32 } from './Adler32.ts';
import { isEOF } from './errors.ts';
import { readFileHeader, TXNLOG_MAGIC } from './FileTxnLog.ts';
import { BinaryInputArchive, decodeJavaUtf8 } from './jute.ts';
import { deserializeTxn, serializeRecord } from './SerializeUtils.ts';
import { EOR } from './Util.ts';

const OP_NAMES: Record<number, string> = {
  [OpCode.notification]: 'notification', [OpCode.create]: 'create', [OpCode.delete]: 'delete',
  [OpCode.exists]: 'exists', [OpCode.getData]: 'getData', [OpCode.setData]: 'setData',
  [OpCode.getACL]: 'getACL', [OpCode.setACL]: 'setACL', [OpCode.getChildren]: 'getChildren',
  [OpCode.sync]: 'sync', [OpCode.ping]: 'ping', [OpCode.getChildren2]: 'getChildren2',
  [OpCode.check]: 'check', [OpCode.multi]: 'multi', [OpCode.create2]: 'create2',
  [OpCode.reconfig]: 'reconfig', [OpCode.checkWatches]: 'checkWatches', [OpCode.removeWatches]: 'removeWatches',
  [OpCode.createContainer]: 'createContainer', [OpCode.deleteContainer]: 'deleteContainer',
  [OpCode.createTTL]: 'createTtl', [OpCode.multiRead]: 'multiRead', [OpCode.auth]: 'auth',
  [OpCode.setWatches]: 'setWatches', [OpCode.setWatches2]: 'setWatches2', [OpCode.sasl]: 'sasl',
  [OpCode.getEphemerals]: 'getEphemerals', [OpCode.getAllChildrenNumber]: 'getAllChildrenNumber',
  [OpCode.createSession]: 'createSession', [OpCode.closeSession]: 'closeSession', [OpCode.error]: 'error',
  [OpCode.whoAmI]: 'whoAmI',
};

/** Request.op2String. */
export function op2String(op: number): string {
  return OP_NAMES[op] ?? `unknown ${op}`;
}

// ---- ToStringOutputArchive, for the records printed with their toString() ----

function escapeString(s: string): string {
  const map: Record<string, string> = { '\0': '%00', '\n': '%0A', '\r': '%0D', ',': '%2C', '}': '%7D', '%': '%25' };
  return "'" + s.replace(/[\0\n\r,}%]/g, (c) => map[c]!);
}

function aclRecord(a: ACL): string {
  return `${a.perms},s{${escapeString(a.id.scheme)},${escapeString(a.id.id)}}`;
}

/** ACL.toString(), as List.toString() shows it inside a CreateTxn line. */
function aclList(acls: readonly ACL[]): string {
  return '[' + acls.map((a) => aclRecord(a) + '\n').join(', ') + ']';
}

function recordToString(b: TxnBody): string {
  switch (b.kind) {
    case 'delete': return `${escapeString(b.path)}\n`;
    case 'error': return `${b.err}\n`;
    case 'createSession': return `${b.timeOut}\n`;
    case 'closeSession': return `v{${b.paths2Delete.map(escapeString).join(',')}}\n`;
    case 'setACL': return `${escapeString(b.path)},v{${b.acl.map((a) => `s{${aclRecord(a)}}`).join(',')}},${b.version}\n`;
    case 'check': return `${escapeString(b.path)},${b.version}\n`;
    default: return '';
  }
}

function text(data: Uint8Array | null): string {
  return data === null || data.length === 0 ? '' : decodeJavaUtf8(data);
}

/** TxnLogToolkit.getFormattedTxnStr. */
export function formattedTxnStr(b: TxnBody): string {
  switch (b.kind) {
    case 'create': return `${b.path},${text(b.data)},${aclList(b.acl)},${b.ephemeral},${b.parentCVersion}`;
    case 'setData': return `${b.path},${text(b.data)},${b.version}`;
    case 'createContainer': return `${b.path},${text(b.data)},${aclList(b.acl)},${b.parentCVersion}`;
    case 'createTTL': return `${b.path},${text(b.data)},${aclList(b.acl)},${b.parentCVersion},${b.ttl}`;
    case 'multi': return b.txns.map((t) => `${op2String(t.type)}:${text(serializeRecord(t.body))}`).join(';');
    default: return recordToString(b);
  }
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** DateFormat.getDateTimeInstance(SHORT, LONG) for en_US in UTC: "11/22/26, 3:16:01 AM UTC". */
export function formatDateUtc(ms: number): string {
  const days = Math.floor(ms / 86400000);
  const tod = ms - days * 86400000;
  // days -> civil date (proleptic Gregorian)
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const h24 = Math.floor(tod / 3600000);
  const min = Math.floor(tod / 60000) % 60;
  const sec = Math.floor(tod / 1000) % 60;
  const h12 = h24 % 12 === 0 ? 12 : h24 % 12;
  return `${m}/${d}/${pad2(((y % 100) + 100) % 100)}, ${h12}:${pad2(min)}:${pad2(sec)} ${h24 < 12 ? 'AM' : 'PM'} UTC`;
}

/** One printTxn line, with its line end. */
export function formatTxn(txn: Txn, prefix = ''): string {
  const h = txn.hdr;
  const line = `${formatDateUtc(h.time)} session 0x${hex(h.clientId)} cxid 0x${hex(h.cxid)} zxid 0x${hex(h.zxid)} ${op2String(h.type)} ${formattedTxnStr(txn.body)}`;
  return (prefix.trim() !== '' ? `${prefix} - ` : '') + (line.endsWith('\n') ? line : line + '\n');
}

/**
 * TxnLogToolkit -d on a log file's bytes. Where the Java tool throws (bad magic, unreadable txn,
 * partial last record) the text ends with the message it would print.
 */
export function dumpTxnLog(bytes: Uint8Array): string {
  const ia = new BinaryInputArchive(bytes);
  let out = '';
  try {
    const fh = readFileHeader(ia);
    if (fh.magic !== TXNLOG_MAGIC) return 'Invalid magic number\n';
    out += `ZooKeeper Transactional Log File with dbid ${fh.dbid} txnlog format version ${fh.version}\n`;
    let count = 0;
    for (;;) {
      let crcValue: bigint;
      let txnBytes: Uint8Array | null;
      try {
        crcValue = ia.readLong();
        txnBytes = ia.readBuffer();
      } catch (e) {
        if (isEOF(e)) return out + `EOF reached after ${count} txns.\n`;
        throw e;
      }
      if (txnBytes === null || txnBytes.length === 0) return out + `EOF reached after ${count} txns.\n`;
      const txn = deserializeTxn(txnBytes);
      if (crcValue !== BigInt(adler32(txnBytes))) out += formatTxn(txn, 'CRC ERROR');
      out += formatTxn(txn);
      if (ia.readByte() !== EOR) return out + 'Last transaction was partial.\n';
      count++;
    }
  } catch (e) {
    return out + (e instanceof Error ? e.message : String(e)) + '\n';
  }
}
