// org.apache.zookeeper.server.PrepRequestProcessor: validate a request against the tree plus the
// changes still in flight (outstandingChanges), check ACLs and versions, and turn it into a txn.
// Every write gets a zxid here, even one that fails: a failed write is logged as an error txn.

import { checkACL, fixupACL, InvalidACLError } from './auth.ts';
import type { DataNode } from './DataNode.ts';
import { nodeDigest, type DigestStat } from './DigestCalculator.ts';
import { ephemeralKind, CONTAINER_EPHEMERAL_OWNER, ttlToEphemeralOwner, TTL_MAX } from './EphemeralType.ts';
import { JavaHashSet } from './JavaHashOrder.ts';
import { Code } from './KeeperException.ts';
import { validatePath } from './PathUtils.ts';
import type {
  CreateRequest,
  MultiRequest,
  PathVersionRequest,
  ReconfigRequest,
  SetACLRequest,
  SetDataRequest,
} from './proto.ts';
import { KeeperError, type Request } from './Request.ts';
import { SessionError, type SessionTracker } from './SessionTracker.ts';
import { StatsTrack } from './StatsTrack.ts';
import type { SubTxn, TxnBody, TxnHeader } from './txn.ts';
import { createModeFromFlag, OpCode, Perms, type ACL, type Id } from './ZooDefs.ts';
import type { DataTree } from './DataTree.ts';
import type { ServerMetrics } from './fourletter/ServerMetrics.ts';
import { limitPath, statPath, decodeUtf8 } from './DataTree.ts';
import { topNamespace } from './PathUtils.ts';

/** StatPersisted. */
export interface PStat extends DigestStat {}

/** ZooKeeperServer.ChangeRecord: the state of a path as pending txns will leave it. */
export interface ChangeRecord {
  readonly zxid: number;
  readonly path: string;
  /** null means "being deleted". */
  stat: PStat | null;
  childCount: number;
  acl: readonly ACL[] | null;
  data: Uint8Array | null;
  nodeDigest: number;
  treeDigest: number;
}

export interface PrepHost {
  readonly tree: DataTree;
  readonly sessionTracker: SessionTracker;
  readonly extendedTypesEnabled: boolean;
  readonly enforceQuota: boolean;
  readonly digestEnabled: boolean;
  readonly closeSessionTxnEnabled: boolean;
  /** reconfig is only possible on a leader; standalone answers UNIMPLEMENTED or RECONFIGDISABLED. */
  readonly reconfigEnabled: boolean;
  readonly isLeader: boolean;
  getNextZxid(): number;
  /** Elapsed (monotonic) milliseconds, the session tracker's clock. */
  now(): number;
  /** Wall-clock milliseconds for txn headers (Time.currentWallTime on the leader). */
  wallTime(): number;
  readonly metrics: ServerMetrics;
}

function copyPStat(s: PStat): PStat {
  return { czxid: s.czxid, mzxid: s.mzxid, pzxid: s.pzxid, ctime: s.ctime, mtime: s.mtime, version: s.version, cversion: s.cversion, aversion: s.aversion, ephemeralOwner: s.ephemeralOwner };
}

function pstatOf(n: DataNode): PStat {
  return copyPStat(n);
}

export class PrepRequestProcessor {
  readonly outstandingChanges: ChangeRecord[] = [];
  readonly outstandingChangesForPath = new Map<string, ChangeRecord>();

  constructor(private readonly zks: PrepHost) {}

  // ---- change records ----

  private getRecordForPath(path: string): ChangeRecord {
    const last = this.findRecordForPath(path);
    if (last === null) throw new KeeperError(Code.NONODE, path);
    return last;
  }

  /** getRecordForPath, with null where it throws NoNode (an Error per create is costly here). */
  private findRecordForPath(path: string): ChangeRecord | null {
    let last = this.outstandingChangesForPath.get(path);
    if (last === undefined) {
      const n = this.zks.tree.getNode(path);
      if (n) {
        last = {
          zxid: -1,
          path,
          stat: pstatOf(n),
          childCount: n.numChildren,
          acl: this.zks.tree.aclOf(n),
          data: n.data,
          nodeDigest: this.zks.digestEnabled ? nodeDigest(path, n.data, n) : 0,
          treeDigest: 0,
        };
      }
    }
    return last === undefined || last.stat === null ? null : last;
  }

  private getOutstandingChange(path: string): ChangeRecord | undefined {
    return this.outstandingChangesForPath.get(path);
  }

  private addChangeRecord(c: ChangeRecord): void {
    this.zks.metrics.counter('outstanding_changes_queued').add(1);
    this.outstandingChanges.push(c);
    this.outstandingChangesForPath.set(c.path, c);
  }

  private duplicate(c: ChangeRecord, zxid: number): ChangeRecord {
    return { ...c, zxid, stat: c.stat === null ? null : copyPStat(c.stat) };
  }

  /** Called by the final processor once a txn is applied. */
  txnApplied(zxid: number): void {
    while (this.outstandingChanges.length > 0 && this.outstandingChanges[0]!.zxid <= zxid) {
      const cr = this.outstandingChanges.shift()!;
      this.zks.metrics.counter('outstanding_changes_removed').add(1);
      if (this.outstandingChangesForPath.get(cr.path) === cr) this.outstandingChangesForPath.delete(cr.path);
    }
  }

  /** Drop everything pending (a server that stops serving). */
  clear(): void {
    this.outstandingChanges.length = 0;
    this.outstandingChangesForPath.clear();
  }

  // ---- digests ----

  private currentTreeDigest(): number {
    const last = this.outstandingChanges[this.outstandingChanges.length - 1];
    return last === undefined ? this.zks.tree.getTreeDigest() : last.treeDigest;
  }

  private precalc(op: 'ADD' | 'REMOVE' | 'UPDATE' | 'NOOP', rec: ChangeRecord): void {
    if (!this.zks.digestEnabled) return;
    let prev = 0;
    let next = 0;
    if (op === 'REMOVE' || op === 'UPDATE') prev = this.getRecordForPath(rec.path).nodeDigest;
    if (op === 'ADD' || op === 'UPDATE') next = rec.stat === null ? 0 : nodeDigest(rec.path, rec.data, rec.stat);
    rec.nodeDigest = next;
    rec.treeDigest = this.currentTreeDigest() - prev + next;
  }

  private precalcRemove(rec: ChangeRecord): void {
    if (!this.zks.digestEnabled) return;
    const prev = this.getRecordForPath(rec.path).nodeDigest;
    rec.nodeDigest = 0;
    rec.treeDigest = this.currentTreeDigest() - prev;
  }

  private setTxnDigest(request: Request, treeDigest?: number): void {
    if (!this.zks.digestEnabled) return;
    request.digest = { version: 2, treeDigest: treeDigest ?? this.currentTreeDigest() };
  }

  // ---- validation helpers ----

  private checkSession(request: Request): void {
    try {
      this.zks.sessionTracker.checkSession(request.sessionId, request.owner);
    } catch (e) {
      if (e instanceof SessionError) throw new KeeperError(e.code);
      throw e;
    }
  }

  private checkGlobalSession(request: Request): void {
    try {
      this.zks.sessionTracker.checkGlobalSession(request.sessionId, request.owner);
    } catch (e) {
      if (e instanceof SessionError) throw new KeeperError(e.code);
      throw e;
    }
  }

  private checkPerm(acl: readonly ACL[] | null, perm: number, authInfo: readonly Id[], path: string): void {
    if (!checkACL(acl ?? [], perm, authInfo)) throw new KeeperError(Code.NOAUTH, path);
  }

  private validatePath(path: string): void {
    try {
      validatePath(path);
    } catch {
      throw new KeeperError(Code.BADARGUMENTS, path);
    }
  }

  private validatePathForCreate(path: string): string {
    const lastSlash = path.lastIndexOf('/');
    if (lastSlash === -1 || path.includes('\0')) throw new KeeperError(Code.BADARGUMENTS, path);
    // Java's "" is its alias for the root; we key the root as "/" everywhere.
    return lastSlash === 0 ? '/' : path.slice(0, lastSlash);
  }

  private getParentPathAndValidate(path: string): string {
    const lastSlash = path.lastIndexOf('/');
    if (lastSlash === -1 || path.includes('\0') || this.zks.tree.isSpecialPath(path)) throw new KeeperError(Code.BADARGUMENTS, path);
    return lastSlash === 0 ? '/' : path.slice(0, lastSlash);
  }

  private static checkAndIncVersion(current: number, expected: number, path: string): number {
    if (expected !== -1 && expected !== current) throw new KeeperError(Code.BADVERSION, path);
    return current + 1;
  }

  private fixupACL(path: string, authInfo: readonly Id[], acl: readonly ACL[] | null): ACL[] {
    try {
      return fixupACL(authInfo, acl);
    } catch (e) {
      if (e instanceof InvalidACLError) throw new KeeperError(Code.INVALIDACL, path);
      throw e;
    }
  }

  /** ZooKeeperServer.checkQuota (enforced only with zookeeper.enforceQuota=true). */
  private checkQuota(path: string, lastData: Uint8Array | null, data: Uint8Array | null, type: number): void {
    if (!this.zks.enforceQuota) return;
    const tree = this.zks.tree;
    const lastPrefix = tree.getMaxPrefixWithQuota(path);
    if (lastPrefix === null) return;
    void topNamespace(path);
    const dataBytes = data === null ? 0 : data.length;
    const bytesDiff = type === OpCode.create ? dataBytes : dataBytes - (lastData === null ? 0 : lastData.length);
    const countDiff = type === OpCode.create ? 1 : 0;
    const limitNode = tree.getNode(limitPath(lastPrefix));
    if (!limitNode) return;
    const limit = StatsTrack.parse(decodeUtf8(limitNode.data));
    const checkCount = countDiff !== 0 && (limit.count > -1 || limit.countHardLimit > -1);
    const checkBytes = bytesDiff !== 0 && (limit.bytes > -1 || limit.byteHardLimit > -1);
    if (!checkCount && !checkBytes) return;
    const statNode = tree.getNode(statPath(lastPrefix));
    if (!statNode) return;
    const current = StatsTrack.parse(decodeUtf8(statNode.data));
    if (checkCount) {
      const newCount = current.count + countDiff;
      const hard = limit.countHardLimit > -1;
      const lim = hard ? limit.countHardLimit : limit.count;
      if (newCount > lim && hard) throw new KeeperError(Code.QUOTAEXCEEDED, lastPrefix);
    }
    if (checkBytes) {
      const newBytes = current.bytes + bytesDiff;
      const hard = limit.byteHardLimit > -1;
      const lim = hard ? limit.byteHardLimit : limit.bytes;
      if (newBytes > lim && hard) throw new KeeperError(Code.QUOTAEXCEEDED, lastPrefix);
    }
  }

  // ---- pRequest ----

  /** Prepares the request in place: sets hdr/txn/digest or exception, and request.zxid. */
  pRequest(request: Request, currentZxid: () => number): void {
    request.hdr = null;
    request.txn = null;
    try {
      this.pRequestHelper(request);
    } catch (e) {
      if (e instanceof KeeperError) {
        const hdr = request.hdr as TxnHeader | null; // set by pRequest2Txn before it threw
        if (hdr !== null) {
          request.hdr = { ...hdr, type: OpCode.error };
          request.txn = { kind: 'error', err: e.code };
        }
        request.exception = e;
      } else {
        throw e;
      }
    }
    request.zxid = currentZxid();
  }

  private newHeader(request: Request, zxid: number, type: number): void {
    if (request.hdr === null) request.hdr = { clientId: request.sessionId, cxid: request.cxid, zxid, time: this.zks.wallTime(), type };
  }

  private pRequestHelper(request: Request): void {
    const t = request.type;
    switch (t) {
      case OpCode.createContainer:
      case OpCode.create:
      case OpCode.create2:
      case OpCode.createTTL:
      case OpCode.deleteContainer:
      case OpCode.delete:
      case OpCode.setData:
      case OpCode.reconfig:
      case OpCode.setACL:
      case OpCode.check:
        this.pRequest2Txn(t, this.zks.getNextZxid(), request, request.req, false);
        return;
      case OpCode.multi:
        this.prepMulti(request);
        return;
      case OpCode.createSession:
      case OpCode.closeSession:
        this.pRequest2Txn(t, this.zks.getNextZxid(), request, null, false);
        return;
      case OpCode.sync:
      case OpCode.exists:
      case OpCode.getData:
      case OpCode.getACL:
      case OpCode.getChildren:
      case OpCode.getAllChildrenNumber:
      case OpCode.getChildren2:
      case OpCode.ping:
      case OpCode.setWatches:
      case OpCode.setWatches2:
      case OpCode.checkWatches:
      case OpCode.removeWatches:
      case OpCode.getEphemerals:
      case OpCode.multiRead:
      case OpCode.addWatch:
      case OpCode.whoAmI:
        this.checkSession(request);
        return;
      default:
        return;
    }
  }

  private prepMulti(request: Request): void {
    const multi = request.req as MultiRequest;
    const zxid = this.zks.getNextZxid();
    const pending = this.getPendingChanges(multi);
    request.hdr = { clientId: request.sessionId, cxid: request.cxid, zxid, time: this.zks.wallTime(), type: OpCode.multi };
    const txns: SubTxn[] = [];
    let ke: KeeperError | null = null;
    for (const op of multi.ops) {
      if (ke !== null) {
        txns.push({ type: OpCode.error, body: { kind: 'error', err: Code.RUNTIMEINCONSISTENCY } });
        continue;
      }
      try {
        this.pRequest2Txn(op.type, zxid, request, op.req, true);
        txns.push({ type: op.type, body: request.txn! });
      } catch (e) {
        if (!(e instanceof KeeperError)) throw e;
        ke = e;
        txns.push({ type: OpCode.error, body: { kind: 'error', err: e.code } });
        request.exception = e;
        this.rollbackPendingChanges(zxid, pending);
      }
    }
    request.txn = { kind: 'multi', txns };
    this.setTxnDigest(request);
  }

  private getPendingChanges(multi: MultiRequest): Map<string, ChangeRecord> {
    const m = new Map<string, ChangeRecord>();
    for (const op of multi.ops) {
      const path = (op.req as { path?: string }).path ?? '';
      const cr = this.getOutstandingChange(path);
      if (cr) m.set(path, cr);
      const lastSlash = path.lastIndexOf('/');
      if (lastSlash === -1 || path.includes('\0')) continue;
      const parentPath = path.slice(0, lastSlash);
      const pcr = this.getOutstandingChange(parentPath);
      if (pcr) m.set(parentPath, pcr);
    }
    return m;
  }

  private rollbackPendingChanges(zxid: number, pending: Map<string, ChangeRecord>): void {
    while (this.outstandingChanges.length > 0) {
      const c = this.outstandingChanges[this.outstandingChanges.length - 1]!;
      if (c.zxid !== zxid) break;
      this.outstandingChanges.pop();
      this.outstandingChangesForPath.delete(c.path);
    }
    if (this.outstandingChanges.length === 0) return;
    const firstZxid = this.outstandingChanges[0]!.zxid;
    for (const c of pending.values()) {
      if (c.zxid < firstZxid) continue;
      this.outstandingChangesForPath.set(c.path, c);
    }
  }

  private pRequest2Txn(type: number, zxid: number, request: Request, record: unknown, inMulti: boolean): void {
    this.newHeader(request, zxid, type);
    switch (type) {
      case OpCode.create:
      case OpCode.create2:
      case OpCode.createTTL:
      case OpCode.createContainer:
        this.prepCreate(type, request, record as CreateRequest);
        break;
      case OpCode.deleteContainer: {
        const path = (record as { path: string }).path;
        const parentPath = this.getParentPathAndValidate(path);
        const nodeRecord = this.getRecordForPath(path);
        if (nodeRecord.childCount > 0) throw new KeeperError(Code.NOTEMPTY, path);
        if (ephemeralKind(nodeRecord.stat!.ephemeralOwner, this.zks.extendedTypesEnabled) === 'NORMAL') throw new KeeperError(Code.BADVERSION, path);
        this.prepDelete(request, path, parentPath, zxid);
        break;
      }
      case OpCode.delete: {
        this.checkSession(request);
        const { path, version } = record as PathVersionRequest;
        const parentPath = this.getParentPathAndValidate(path);
        const parentRecord = this.getRecordForPath(parentPath);
        this.checkPerm(parentRecord.acl, Perms.DELETE, request.authInfo, path);
        const nodeRecord = this.getRecordForPath(path);
        PrepRequestProcessor.checkAndIncVersion(nodeRecord.stat!.version, version, path);
        if (nodeRecord.childCount > 0) throw new KeeperError(Code.NOTEMPTY, path);
        this.prepDelete(request, path, parentPath, zxid);
        break;
      }
      case OpCode.setData: {
        this.checkSession(request);
        const { path, data, version } = record as SetDataRequest;
        this.validatePath(path);
        let nodeRecord = this.getRecordForPath(path);
        this.checkPerm(nodeRecord.acl, Perms.WRITE, request.authInfo, path);
        this.checkQuota(path, nodeRecord.data, data, OpCode.setData);
        const newVersion = PrepRequestProcessor.checkAndIncVersion(nodeRecord.stat!.version, version, path);
        request.txn = { kind: 'setData', path, data, version: newVersion };
        nodeRecord = this.duplicate(nodeRecord, request.hdr!.zxid);
        nodeRecord.stat!.version = newVersion;
        nodeRecord.stat!.mtime = request.hdr!.time;
        nodeRecord.stat!.mzxid = zxid;
        nodeRecord.data = data;
        this.precalc('UPDATE', nodeRecord);
        this.setTxnDigest(request, nodeRecord.treeDigest);
        this.addChangeRecord(nodeRecord);
        break;
      }
      case OpCode.reconfig:
        this.prepReconfig(request, record as ReconfigRequest);
        break;
      case OpCode.setACL: {
        this.checkSession(request);
        const { path, acl, version } = record as SetACLRequest;
        this.validatePath(path);
        const listACL = this.fixupACL(path, request.authInfo, acl);
        let nodeRecord = this.getRecordForPath(path);
        this.checkPerm(nodeRecord.acl, Perms.ADMIN, request.authInfo, path);
        const newVersion = PrepRequestProcessor.checkAndIncVersion(nodeRecord.stat!.aversion, version, path);
        request.txn = { kind: 'setACL', path, acl: listACL, version: newVersion };
        nodeRecord = this.duplicate(nodeRecord, request.hdr!.zxid);
        nodeRecord.stat!.aversion = newVersion;
        this.precalc('UPDATE', nodeRecord);
        this.setTxnDigest(request, nodeRecord.treeDigest);
        this.addChangeRecord(nodeRecord);
        break;
      }
      case OpCode.createSession: {
        const to = request.timeout ?? 0;
        request.txn = { kind: 'createSession', timeOut: to };
        this.zks.sessionTracker.trackSession(request.sessionId, to, this.zks.now());
        try {
          this.zks.sessionTracker.setOwner(request.sessionId, request.owner);
        } catch (e) {
          if (e instanceof SessionError) throw new KeeperError(e.code);
          throw e;
        }
        break;
      }
      case OpCode.closeSession:
        this.prepCloseSession(request);
        break;
      case OpCode.check: {
        this.checkSession(request);
        const { path, version } = record as PathVersionRequest;
        this.validatePath(path);
        const nodeRecord = this.getRecordForPath(path);
        this.checkPerm(nodeRecord.acl, Perms.READ, request.authInfo, path);
        request.txn = { kind: 'check', path, version: PrepRequestProcessor.checkAndIncVersion(nodeRecord.stat!.version, version, path) };
        break;
      }
      default:
        break;
    }
    if (request.digest === null && !inMulti) this.setTxnDigest(request);
  }

  private prepDelete(request: Request, path: string, parentPath: string, zxid: number): void {
    request.txn = { kind: 'delete', path };
    let parentRecord = this.getRecordForPath(parentPath);
    parentRecord = this.duplicate(parentRecord, request.hdr!.zxid);
    parentRecord.childCount--;
    parentRecord.stat!.pzxid = zxid;
    this.precalc('UPDATE', parentRecord);
    this.addChangeRecord(parentRecord);
    const nodeRecord: ChangeRecord = { zxid: request.hdr!.zxid, path, stat: null, childCount: -1, acl: null, data: null, nodeDigest: 0, treeDigest: 0 };
    this.precalcRemove(nodeRecord);
    this.setTxnDigest(request, nodeRecord.treeDigest);
    this.addChangeRecord(nodeRecord);
  }

  private prepCreate(type: number, request: Request, record: CreateRequest): void {
    const mode = createModeFromFlag(record.flags);
    if (mode === undefined) throw new KeeperError(Code.BADARGUMENTS, record.path);
    const ttl = type === OpCode.createTTL ? (record.ttl ?? -1) : -1;
    let path = record.path;
    // validateCreateRequest
    if (mode.ttl && !this.zks.extendedTypesEnabled) throw new KeeperError(Code.UNIMPLEMENTED, path);
    if (mode.ttl) {
      if (ttl > Number(TTL_MAX) || ttl <= 0) throw new KeeperError(Code.BADARGUMENTS, path);
    } else if (ttl >= 0) {
      throw new KeeperError(Code.BADARGUMENTS, path);
    }
    if (mode.ephemeral) this.checkGlobalSession(request);
    else this.checkSession(request);
    const parentPath = this.validatePathForCreate(path);
    const listACL = this.fixupACL(path, request.authInfo, record.acl);
    let parentRecord = this.getRecordForPath(parentPath);
    this.checkPerm(parentRecord.acl, Perms.CREATE, request.authInfo, path);
    const parentCVersion = parentRecord.stat!.cversion;
    if (mode.sequential) path = path + formatSequence(parentCVersion);
    this.validatePath(path);
    if (this.outstandingOrExisting(path)) throw new KeeperError(Code.NODEEXISTS, path);
    if (ephemeralKind(parentRecord.stat!.ephemeralOwner, this.zks.extendedTypesEnabled) === 'NORMAL') throw new KeeperError(Code.NOCHILDRENFOREPHEMERALS, path);
    const newCversion = parentRecord.stat!.cversion + 1;
    this.checkQuota(path, null, record.data, OpCode.create);
    if (type === OpCode.createContainer) request.txn = { kind: 'createContainer', path, data: record.data, acl: listACL, parentCVersion: newCversion };
    else if (type === OpCode.createTTL) request.txn = { kind: 'createTTL', path, data: record.data, acl: listACL, parentCVersion: newCversion, ttl };
    else request.txn = { kind: 'create', path, data: record.data, acl: listACL, ephemeral: mode.ephemeral, parentCVersion: newCversion };
    let ephemeralOwner = 0n;
    if (mode.container) ephemeralOwner = CONTAINER_EPHEMERAL_OWNER;
    else if (mode.ttl) ephemeralOwner = ttlToEphemeralOwner(ttl);
    else if (mode.ephemeral) ephemeralOwner = request.sessionId;
    const hdr = request.hdr!;
    const s: PStat = { czxid: hdr.zxid, mzxid: hdr.zxid, pzxid: hdr.zxid, ctime: hdr.time, mtime: hdr.time, version: 0, cversion: 0, aversion: 0, ephemeralOwner };
    parentRecord = this.duplicate(parentRecord, hdr.zxid);
    parentRecord.childCount++;
    parentRecord.stat!.cversion = newCversion;
    parentRecord.stat!.pzxid = hdr.zxid;
    this.precalc('UPDATE', parentRecord);
    this.addChangeRecord(parentRecord);
    const nodeRecord: ChangeRecord = { zxid: hdr.zxid, path, stat: s, childCount: 0, acl: listACL, data: record.data, nodeDigest: 0, treeDigest: 0 };
    this.precalc('ADD', nodeRecord);
    this.setTxnDigest(request, nodeRecord.treeDigest);
    this.addChangeRecord(nodeRecord);
  }

  private outstandingOrExisting(path: string): boolean {
    return this.findRecordForPath(path) !== null;
  }

  private prepCloseSession(request: Request): void {
    // The session expirer closes sessions it does not own, so no checkSession here.
    const es: JavaHashSet = this.zks.tree.getEphemerals(request.sessionId);
    for (const c of this.outstandingChanges) {
      if (c.stat === null) es.delete(c.path);
      else if (c.stat.ephemeralOwner === request.sessionId) es.add(c.path);
    }
    const paths = es.javaOrder();
    for (const path2Delete of paths) {
      if (this.zks.digestEnabled) {
        const parentPath = this.getParentPathAndValidate(path2Delete);
        let parentRecord = this.getRecordForPath(parentPath);
        parentRecord = this.duplicate(parentRecord, request.hdr!.zxid);
        parentRecord.stat!.pzxid = request.hdr!.zxid;
        this.precalc('UPDATE', parentRecord);
        this.addChangeRecord(parentRecord);
      }
      const nodeRecord: ChangeRecord = { zxid: request.hdr!.zxid, path: path2Delete, stat: null, childCount: 0, acl: null, data: null, nodeDigest: 0, treeDigest: 0 };
      this.precalcRemove(nodeRecord);
      this.addChangeRecord(nodeRecord);
    }
    if (this.zks.closeSessionTxnEnabled) request.txn = { kind: 'closeSession', paths2Delete: paths };
    else request.txn = { kind: 'closeSession', paths2Delete: [] };
    this.zks.sessionTracker.setSessionClosing(request.sessionId);
  }

  private prepReconfig(request: Request, _record: ReconfigRequest): void {
    if (!this.zks.reconfigEnabled) throw new KeeperError(Code.RECONFIGDISABLED);
    this.checkSession(request);
    if (!this.zks.isLeader) throw new KeeperError(Code.UNIMPLEMENTED);
    // Dynamic reconfiguration of an ensemble is not simulated yet.
    throw new KeeperError(Code.UNIMPLEMENTED);
  }
}

/** String.format("%010d", n): zero-padded to 10 digits; negatives keep the sign inside the width. */
export function formatSequence(n: number): string {
  if (n < 0) return '-' + String(-n).padStart(9, '0');
  return String(n).padStart(10, '0');
}

export type { TxnBody };
