// org.apache.zookeeper.cli.AclParser: "scheme:id:perm[,scheme:id:perm...]".
// Each entry is split at its first and last colon (so digest ids keep their inner colon). A bad
// entry or permission letter is reported on stderr and skipped; the rest is still used.

import { Perms, type ACL } from '../zk/ZooDefs.ts';
import { javaSplit } from './javaLang.ts';
import type { PrintStream } from './PrintStream.ts';

export function parseAcl(aclString: string, err: PrintStream): ACL[] {
  const acl: ACL[] = [];
  for (const a of javaSplit(aclString, ',')) {
    const firstColon = a.indexOf(':');
    const lastColon = a.lastIndexOf(':');
    if (firstColon === -1 || lastColon === -1 || firstColon === lastColon) {
      err.println(`${a} does not have the form scheme:id:perm`);
      continue;
    }
    acl.push({
      id: { scheme: a.substring(0, firstColon), id: a.substring(firstColon + 1, lastColon) },
      perms: permFromString(a.substring(lastColon + 1), err),
    });
  }
  return acl;
}

function permFromString(permString: string, err: PrintStream): number {
  let perm = 0;
  for (let i = 0; i < permString.length; i++) {
    const c = permString.charAt(i);
    switch (c) {
      case 'r': perm |= Perms.READ; break;
      case 'w': perm |= Perms.WRITE; break;
      case 'c': perm |= Perms.CREATE; break;
      case 'd': perm |= Perms.DELETE; break;
      case 'a': perm |= Perms.ADMIN; break;
      default: err.println(`Unknown perm type: ${c}`);
    }
  }
  return perm;
}
