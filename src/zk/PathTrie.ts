// org.apache.zookeeper.common.PathTrie: which paths carry a quota. Deleting a path removes its
// whole subtree from the trie (nested quotas go with it until the next restart), as in Java.

interface TrieNode {
  readonly name: string;
  readonly parent: TrieNode | null;
  readonly children: Map<string, TrieNode>;
  property: boolean;
}

function components(path: string): string[] {
  return path.split('/').filter((c) => c.trim() !== '');
}

export class PathTrie {
  private readonly root: TrieNode = { name: '/', parent: null, children: new Map(), property: false };

  addPath(path: string): void {
    if (path.length === 0) throw new Error(`Invalid path: ${path}`);
    let node = this.root;
    for (const part of components(path)) {
      let child = node.children.get(part);
      if (!child) {
        child = { name: part, parent: node, children: new Map(), property: false };
        node.children.set(part, child);
      }
      node = child;
    }
    node.property = true;
  }

  deletePath(path: string): void {
    if (path.length === 0) throw new Error(`Invalid path: ${path}`);
    let node = this.root;
    for (const part of components(path)) {
      const child = node.children.get(part);
      if (!child) return;
      node = child;
    }
    node.parent?.children.delete(node.name);
  }

  existsNode(path: string): boolean {
    let node = this.root;
    for (const part of components(path)) {
      const child = node.children.get(part);
      if (!child) return false;
      node = child;
    }
    return node.property;
  }

  /** The deepest path with a quota that is a prefix of path, or "/" if none. */
  findMaxPrefix(path: string): string {
    // No quota anywhere (the usual case): every write asks, and splitting its path is wasted.
    if (this.root.children.size === 0) return '/';
    let node = this.root;
    let deepest: TrieNode | null = null;
    for (const part of components(path)) {
      const child = node.children.get(part);
      if (!child) break;
      node = child;
      if (node.property) deepest = node;
    }
    if (deepest === null) return '/';
    const parts: string[] = [];
    for (let n: TrieNode | null = deepest; n !== null && n !== this.root; n = n.parent) parts.unshift(n.name);
    return '/' + parts.join('/');
  }

  clear(): void {
    this.root.children.clear();
  }
}
