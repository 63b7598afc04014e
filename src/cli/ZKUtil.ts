// org.apache.zookeeper.ZKUtil, the parts zkCli uses, over the promise-based client API.

import type { ZooKeeperApi } from '../client/api.ts';
import { Code, KeeperException } from '../zk/KeeperException.ts';
import { validatePath } from '../zk/PathUtils.ts';
import { Perms, type ACL, type Id } from '../zk/ZooDefs.ts';

/** Called for every node visitSubTreeDFS reaches (StringCallback(rc=OK, path, ctx=null, name)). */
export type VisitCallback = (path: string, name: string) => void | Promise<void>;

/**
 * ZKUtil.listSubTreeBFS: the root then every descendant, level by level, children in the order the
 * server returns them. Not atomic: it is a sequence of getChildren calls.
 */
export async function listSubTreeBFS(zk: ZooKeeperApi, pathRoot: string): Promise<string[]> {
  const queue: string[] = [pathRoot];
  const tree: string[] = [pathRoot];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    const children = await zk.getChildren(node, false);
    for (const child of children) {
      const childPath = (node === '/' ? '' : node) + '/' + child;
      queue.push(childPath);
      tree.push(childPath);
    }
  }
  return tree;
}

/**
 * ZKUtil.deleteRecursive(zk, path, batchSize): list the subtree, then delete it leaves first in
 * multi() batches of batchSize, at most 10 batches in flight; stop sending after a batch is known
 * to have failed. Resolves false when some batch failed.
 */
export async function deleteRecursive(zk: ZooKeeperApi, pathRoot: string, batchSize: number): Promise<boolean> {
  validatePath(pathRoot);
  const tree = await listSubTreeBFS(zk, pathRoot);
  return deleteInBatch(zk, tree, batchSize);
}

async function deleteInBatch(zk: ZooKeeperApi, tree: readonly string[], batchSize: number): Promise<boolean> {
  const rateLimit = 10;
  let success = true;
  let available = rateLimit;
  const waiters: (() => void)[] = [];
  const release = () => {
    available++;
    const w = waiters.shift();
    if (w) w();
  };
  const acquire = async (): Promise<void> => {
    while (available <= 0) await new Promise<void>((resolve) => waiters.push(resolve));
    available--;
  };
  const inFlight: Promise<void>[] = [];
  let ops: { type: 'delete'; path: string; version: number }[] = [];
  for (let i = tree.length - 1; i >= 0; --i) {
    ops.push({ type: 'delete', path: tree[i] as string, version: -1 });
    if (ops.length === batchSize || i === 0) {
      if (!success) break;
      await acquire();
      const batch = ops;
      ops = [];
      let p: Promise<unknown>;
      try {
        p = zk.multi(batch);
      } catch (e) {
        p = Promise.reject(e);
      }
      inFlight.push(
        p.then(
          () => release(),
          () => {
            success = false;
            release();
          },
        ),
      );
    }
  }
  await Promise.all(inFlight);
  return success;
}

/**
 * ZKUtil.visitSubTreeDFS: getData on the root (setting a watch if asked), report the root, then
 * depth first: for each node report all its children (sorted), then descend into each. A node
 * that vanished between listing and visiting is skipped.
 */
export async function visitSubTreeDFS(zk: ZooKeeperApi, path: string, watch: boolean, cb: VisitCallback): Promise<void> {
  validatePath(path);
  await zk.getData(path, watch);
  await cb(path, path);
  await visitHelper(zk, path, watch, cb);
}

async function visitHelper(zk: ZooKeeperApi, path: string, watch: boolean, cb: VisitCallback): Promise<void> {
  const isRoot = path.length === 1;
  let children: string[];
  try {
    // Java calls getChildren(path, watch, null): the getChildren2 request.
    children = [...(await zk.getChildren2(path, watch)).children];
  } catch (e) {
    if (e instanceof KeeperException && e.code === Code.NONODE) return;
    throw e;
  }
  children.sort(javaCompare);
  for (const child of children) await cb((isRoot ? path : path + '/') + child, child);
  for (const child of children) {
    // A NoNode anywhere below ends this level's walk too, as in Java (one try around both loops).
    try {
      await visitHelper(zk, (isRoot ? path : path + '/') + child, watch, cb);
    } catch (e) {
      if (e instanceof KeeperException && e.code === Code.NONODE) return;
      throw e;
    }
  }
}

/** String.compareTo: UTF-16 code unit order. */
export function javaCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** ZKUtil.getPermString: the letters of the permissions, in the order c d r w a. */
export function getPermString(perms: number): string {
  let p = '';
  if (perms & Perms.CREATE) p += 'c';
  if (perms & Perms.DELETE) p += 'd';
  if (perms & Perms.READ) p += 'r';
  if (perms & Perms.WRITE) p += 'w';
  if (perms & Perms.ADMIN) p += 'a';
  return p;
}

/** ZKUtil.aclToString. */
export function aclToString(acls: readonly ACL[]): string {
  return acls.map((a) => `${a.id.scheme}:${a.id.id}:${getPermString(a.perms)}`).join('');
}

/** Jute's ToStringOutputArchive string escaping (a leading quote, %-escapes for a few chars). */
function juteEscape(s: string | null): string {
  if (s === null) return '';
  let out = "'";
  for (const c of s) {
    switch (c) {
      case '\0': out += '%00'; break;
      case '\n': out += '%0A'; break;
      case '\r': out += '%0D'; break;
      case ',': out += '%2C'; break;
      case '}': out += '%7D'; break;
      case '%': out += '%25'; break;
      default: out += c;
    }
  }
  return out;
}

/** Id.toString() as jute generates it: `'scheme,'id` followed by a newline. */
export function idToString(id: Id): string {
  return `${juteEscape(id.scheme)},${juteEscape(id.id)}\n`;
}
