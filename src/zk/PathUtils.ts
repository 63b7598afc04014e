// org.apache.zookeeper.common.PathUtils: the same checks, the same messages.

export class IllegalArgumentException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IllegalArgumentException';
  }
}

/** Throws IllegalArgumentException with ZooKeeper's message when the path is invalid. */
export function validatePath(path: string | null | undefined, isSequential = false): void {
  if (isSequential && path != null) {
    validatePath(path + '1');
    return;
  }
  if (path == null) throw new IllegalArgumentException('Path cannot be null');
  if (path.length === 0) throw new IllegalArgumentException('Path length must be > 0');
  if (path.charCodeAt(0) !== 0x2f) throw new IllegalArgumentException('Path must start with / character');
  if (path.length === 1) return;
  if (path.charCodeAt(path.length - 1) === 0x2f) throw new IllegalArgumentException('Path must not end with / character');
  const reason = invalidReason(path);
  if (reason !== null) throw new IllegalArgumentException(`Invalid path string "${path}" caused by ${reason}`);
}

/** The reason PathUtils gives, or null. Works on UTF-16 code units, as Java's char does. */
function invalidReason(path: string): string | null {
  let lastc = 0x2f;
  const n = path.length;
  for (let i = 1; i < n; lastc = path.charCodeAt(i), i++) {
    const c = path.charCodeAt(i);
    if (c === 0) return `null character not allowed @${i}`;
    if (c === 0x2f && lastc === 0x2f) return `empty node name specified @${i}`;
    if (c === 0x2e && lastc === 0x2e) {
      if (path.charCodeAt(i - 2) === 0x2f && (i + 1 === n || path.charCodeAt(i + 1) === 0x2f)) return `relative paths not allowed @${i}`;
    } else if (c === 0x2e) {
      if (path.charCodeAt(i - 1) === 0x2f && (i + 1 === n || path.charCodeAt(i + 1) === 0x2f)) return `relative paths not allowed @${i}`;
    } else if ((c > 0x0000 && c <= 0x001f) || (c >= 0x007f && c <= 0x009f) || (c >= 0xd800 && c <= 0xf8ff) || (c >= 0xfff0 && c <= 0xffff)) {
      return `invalid character @${i}`;
    }
  }
  return null;
}

export function isValidPath(path: string): boolean {
  try {
    validatePath(path);
    return true;
  } catch {
    return false;
  }
}

/** The parent of a valid absolute path; "/" for a top-level node. */
export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** PathUtils.getTopNamespace. */
export function topNamespace(path: string): string | null {
  // A path below the root, as every write has: what the split gives, without building the array
  // (a restart records this for each of the txns it replays).
  if (path.charCodeAt(0) === 47) {
    const i = path.indexOf('/', 1);
    const ns = i < 0 ? path.slice(1) : path.slice(1, i);
    if (ns !== '') return ns;
  }
  const parts = javaSplit(path, '/');
  return parts.length > 1 ? (parts[1] ?? null) : null;
}

/**
 * Java's String.split(regex) for a literal single-character separator with limit 0:
 * trailing empty strings are removed (but a string with no match returns itself).
 */
export function javaSplit(s: string, sep: string, limit = 0): string[] {
  if (limit > 0) {
    const out: string[] = [];
    let rest = s;
    while (out.length < limit - 1) {
      const i = rest.indexOf(sep);
      if (i < 0) break;
      out.push(rest.slice(0, i));
      rest = rest.slice(i + sep.length);
    }
    out.push(rest);
    return out;
  }
  const parts = s.split(sep);
  if (limit === 0) {
    while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    if (parts.length === 1 && parts[0] === '' && s.length > 0) return [];
  }
  return parts;
}
