// org.apache.zookeeper.server.FinalRequestProcessor: apply the txn to the tree (firing watches
// first, so a client sees the event before the data), then answer the client.

import { checkACL, getUserName } from './auth.ts';
import { TreeError, type DataTree } from './DataTree.ts';
import { Code } from './KeeperException.ts';
import type {
  AddWatchRequest,
  ClientInfo,
  GetEphemeralsRequest,
  MultiRequest,
  OpResult,
  PathRequest,
  PathWatchRequest,
  ResponseRecord,
  SetWatchesRequest,
  WatchesRequest,
} from './proto.ts';
import { KeeperError, type Request } from './Request.ts';
import type { ProcessTxnResult } from './txn.ts';
import type { WatcherId } from './WatchManager.ts';
import { OpCode, Perms, type ACL, type Id } from './ZooDefs.ts';

export interface FinalHost {
  readonly tree: DataTree;
  /** Apply a txn-carrying request to the database and the session tracker (ZooKeeperServer.processTxn). */
  processTxn(request: Request): ProcessTxnResult;
  /** Is this connection still open? Replies to closed connections are dropped. */
  isOpen(conn: number): boolean;
  watcherFor(conn: number): WatcherId;
  sendReply(request: Request, err: number, rsp: ResponseRecord | null, lastZxid: number, op: string): void;
  sendPing(request: Request, lastZxid: number): void;
  finishSessionInit(request: Request, valid: boolean): void;
  /** After a closeSession reply: close the connection. Also used for SESSIONMOVED. */
  closeConnection(conn: number): void;
  /** The connection of an expired/closed session, when the close came from the server itself. */
  closeSessionConnections(sessionId: bigint): void;
}

function treeCall<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof TreeError) throw new KeeperError(e.code);
    throw e;
  }
}

function requirePerm(acl: readonly ACL[], perm: number, ids: readonly Id[]): void {
  if (!checkACL(acl, perm, ids)) throw new KeeperError(Code.NOAUTH);
}

export class FinalRequestProcessor {
  constructor(private readonly zks: FinalHost) {}

  processRequest(request: Request): void {
    const rc = this.zks.processTxn(request);
    if (request.type === OpCode.closeSession && request.cnxn === null) {
      // Expired (or closed by a learner's owner): drop the session's connection if it is here.
      this.zks.closeSessionConnections(request.sessionId);
    }
    if (request.cnxn === null) return;
    const conn = request.cnxn;
    if (!this.zks.isOpen(conn)) return;
    const tree = this.zks.tree;
    const lastZxid = tree.lastProcessedZxid;
    let err: number = Code.OK;
    let rsp: ResponseRecord | null = null;
    let lastOp = 'NA';
    try {
      if (request.hdr !== null && request.hdr.type === OpCode.error) {
        if (request.exception !== null) throw request.exception;
        throw new KeeperError(request.txn?.kind === 'error' ? request.txn.err : Code.SYSTEMERROR);
      }
      const ke = request.exception;
      if (ke !== null && (ke.code === Code.SESSIONMOVED || request.type !== OpCode.multi)) throw ke;
      switch (request.type) {
        case OpCode.ping:
          this.zks.sendPing(request, lastZxid);
          return;
        case OpCode.createSession:
          this.zks.finishSessionInit(request, true);
          return;
        case OpCode.multi: {
          lastOp = 'MULT';
          const results: OpResult[] = [];
          for (const sub of rc.multiResult ?? []) {
            switch (sub.type) {
              case OpCode.check: results.push({ type: 'check' }); break;
              case OpCode.create: results.push({ type: 'create', path: sub.path ?? '', stat: null }); break;
              case OpCode.create2:
              case OpCode.createTTL:
              case OpCode.createContainer: results.push({ type: 'create', path: sub.path ?? '', stat: sub.stat }); break;
              case OpCode.delete:
              case OpCode.deleteContainer: results.push({ type: 'delete' }); break;
              case OpCode.setData: results.push({ type: 'setData', stat: sub.stat! }); break;
              case OpCode.error:
                if (sub.err === Code.SESSIONMOVED) throw new KeeperError(Code.SESSIONMOVED);
                results.push({ type: 'error', err: sub.err });
                break;
              default: throw new KeeperError(Code.MARSHALLINGERROR);
            }
          }
          rsp = { results };
          break;
        }
        case OpCode.multiRead: {
          lastOp = 'MLTR';
          const results: OpResult[] = [];
          for (const op of (request.req as MultiRequest).ops) {
            try {
              const path = (op.req as PathWatchRequest).path;
              const watch = (op.req as PathWatchRequest).watch;
              if (op.type === OpCode.getChildren) {
                results.push({ type: 'getChildren', children: this.getChildren(request, path, watch).children });
              } else if (op.type === OpCode.getData) {
                const r = this.getData(request, path, watch);
                results.push({ type: 'getData', data: r.data, stat: r.stat });
              } else {
                throw new KeeperError(Code.MARSHALLINGERROR);
              }
            } catch (e) {
              if (!(e instanceof KeeperError)) throw e;
              results.push({ type: 'error', err: e.code });
            }
          }
          rsp = { results };
          break;
        }
        case OpCode.create:
          lastOp = 'CREA';
          rsp = { path: rc.path ?? '' };
          err = rc.err;
          break;
        case OpCode.create2:
        case OpCode.createTTL:
        case OpCode.createContainer:
          lastOp = 'CREA';
          rsp = { path: rc.path ?? '', stat: rc.stat! };
          err = rc.err;
          break;
        case OpCode.delete:
        case OpCode.deleteContainer:
          lastOp = 'DELE';
          err = rc.err;
          break;
        case OpCode.setData:
          lastOp = 'SETD';
          rsp = { stat: rc.stat! };
          err = rc.err;
          break;
        case OpCode.setACL:
          lastOp = 'SETA';
          rsp = { stat: rc.stat! };
          err = rc.err;
          break;
        case OpCode.closeSession:
          lastOp = 'CLOS';
          err = rc.err;
          break;
        case OpCode.sync:
          lastOp = 'SYNC';
          rsp = { path: (request.req as PathRequest).path };
          break;
        case OpCode.check:
          lastOp = 'CHEC';
          rsp = { stat: rc.stat! };
          err = rc.err;
          break;
        case OpCode.exists: {
          lastOp = 'EXIS';
          const { path, watch } = request.req as PathWatchRequest;
          if (path.includes('\0')) throw new KeeperError(Code.BADARGUMENTS);
          const stat = treeCall(() => tree.statNode(path, watch ? this.zks.watcherFor(conn) : null));
          rsp = { stat };
          break;
        }
        case OpCode.getData: {
          lastOp = 'GETD';
          const { path, watch } = request.req as PathWatchRequest;
          rsp = this.getData(request, path, watch);
          break;
        }
        case OpCode.setWatches:
        case OpCode.setWatches2: {
          lastOp = request.type === OpCode.setWatches ? 'SETW' : 'STW2';
          const sw = request.req as SetWatchesRequest;
          tree.setWatches(sw.relativeZxid, sw.dataWatches, sw.existWatches, sw.childWatches, sw.persistentWatches ?? [], sw.persistentRecursiveWatches ?? [], this.zks.watcherFor(conn));
          break;
        }
        case OpCode.addWatch: {
          lastOp = 'ADDW';
          const { path, mode } = request.req as AddWatchRequest;
          tree.addWatch(path, this.zks.watcherFor(conn), mode === 0 ? 0 : 1);
          rsp = { err: 0 };
          break;
        }
        case OpCode.getACL: {
          lastOp = 'GETA';
          const { path } = request.req as PathRequest;
          const n = tree.getNode(path);
          if (!n) throw new KeeperError(Code.NONODE);
          const acl = tree.aclOf(n);
          requirePerm(acl, Perms.READ | Perms.ADMIN, request.authInfo);
          const r = treeCall(() => tree.getACL(path));
          if (checkACL(acl, Perms.ADMIN, request.authInfo)) {
            rsp = { acl: r.acl, stat: r.stat };
          } else {
            // Without ADMIN, digest ids are shown without their password hash.
            const masked = r.acl.map((a) => (a.id.scheme === 'digest' ? { perms: a.perms, id: { scheme: a.id.scheme, id: a.id.id.replace(/:[\s\S]*$/, ':x') } } : a));
            rsp = { acl: masked, stat: r.stat };
          }
          break;
        }
        case OpCode.getChildren: {
          lastOp = 'GETC';
          const { path, watch } = request.req as PathWatchRequest;
          rsp = { children: this.getChildren(request, path, watch).children };
          break;
        }
        case OpCode.getAllChildrenNumber: {
          lastOp = 'GETACN';
          const { path } = request.req as PathRequest;
          const n = tree.getNode(path);
          if (!n) throw new KeeperError(Code.NONODE);
          requirePerm(tree.aclOf(n), Perms.READ, request.authInfo);
          rsp = { totalNumber: tree.getAllChildrenNumber(path) };
          break;
        }
        case OpCode.getChildren2: {
          lastOp = 'GETC';
          const { path, watch } = request.req as PathWatchRequest;
          rsp = this.getChildren(request, path, watch);
          break;
        }
        case OpCode.checkWatches: {
          lastOp = 'CHKW';
          const { path, type } = request.req as WatchesRequest;
          if (!tree.containsWatcher(path, type, this.zks.watcherFor(conn))) throw new KeeperError(Code.NOWATCHER);
          break;
        }
        case OpCode.removeWatches: {
          lastOp = 'REMW';
          const { path, type } = request.req as WatchesRequest;
          if (!tree.removeWatch(path, type, this.zks.watcherFor(conn))) throw new KeeperError(Code.NOWATCHER);
          break;
        }
        case OpCode.whoAmI: {
          lastOp = 'HOMI';
          const clientInfo: ClientInfo[] = request.authInfo.map((id) => ({ authScheme: id.scheme, user: getUserName(id) ?? '' }));
          rsp = { clientInfo };
          break;
        }
        case OpCode.getEphemerals: {
          lastOp = 'GETE';
          const { prefixPath } = request.req as GetEphemeralsRequest;
          const all = tree.getEphemerals(request.sessionId).javaOrder();
          const trimmed = prefixPath.trim();
          const ephemerals = trimmed === '' || trimmed === '/' ? all : all.filter((p) => p.startsWith(prefixPath));
          rsp = { ephemerals };
          break;
        }
        default:
          break;
      }
    } catch (e) {
      if (!(e instanceof KeeperError)) throw e;
      if (e.code === Code.SESSIONMOVED) {
        // A connection-level error: tear the connection down (ZOOKEEPER-710).
        this.zks.closeConnection(conn);
        return;
      }
      err = e.code;
      rsp = null;
    }
    this.zks.sendReply(request, err, rsp, lastZxid, lastOp);
    if (request.type === OpCode.closeSession) this.zks.closeConnection(conn);
  }

  private getData(request: Request, path: string, watch: boolean): { data: Uint8Array | null; stat: import('./Stat.ts').Stat } {
    const tree = this.zks.tree;
    const n = tree.getNode(path);
    if (!n) throw new KeeperError(Code.NONODE);
    requirePerm(tree.aclOf(n), Perms.READ, request.authInfo);
    return treeCall(() => tree.getData(path, watch ? this.zks.watcherFor(request.cnxn!) : null));
  }

  private getChildren(request: Request, path: string, watch: boolean): { children: string[]; stat: import('./Stat.ts').Stat } {
    const tree = this.zks.tree;
    const n = tree.getNode(path);
    if (!n) throw new KeeperError(Code.NONODE);
    requirePerm(tree.aclOf(n), Perms.READ, request.authInfo);
    return treeCall(() => tree.getChildren(path, watch ? this.zks.watcherFor(request.cnxn!) : null));
  }
}
