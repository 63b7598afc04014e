import { describe, expect, it } from 'vitest';
import { parseAcl } from './AclParser.ts';
import { PrintStream } from './PrintStream.ts';
import { getPermString, idToString, aclToString } from './ZKUtil.ts';

function parse(s: string) {
  let err = '';
  const acl = parseAcl(s, new PrintStream((t) => (err += t)));
  return { acl, err };
}

describe('AclParser', () => {
  it('parses scheme:id:perm lists, splitting at the first and last colon', () => {
    const { acl, err } = parse('world:anyone:cdrwa,digest:u:abc:rw,ip:10.0.0.0/8:r');
    expect(err).toBe('');
    expect(acl).toEqual([
      { id: { scheme: 'world', id: 'anyone' }, perms: 31 },
      { id: { scheme: 'digest', id: 'u:abc' }, perms: 3 },
      { id: { scheme: 'ip', id: '10.0.0.0/8' }, perms: 1 },
    ]);
    expect(parse('auth::cdrwa').acl).toEqual([{ id: { scheme: 'auth', id: '' }, perms: 31 }]);
  });

  it('reports malformed entries and unknown letters on stderr and goes on', () => {
    // zkCli 3.8.0: `setAcl /sa world:anyone:cdrwa,foo,bar:x`
    expect(parse('world:anyone:cdrwa,foo,bar:x')).toEqual({
      acl: [{ id: { scheme: 'world', id: 'anyone' }, perms: 31 }],
      err: 'foo does not have the form scheme:id:perm\nbar:x does not have the form scheme:id:perm\n',
    });
    // zkCli 3.8.0: `create /b/z data world:anyone:rq`
    expect(parse('world:anyone:rq')).toEqual({ acl: [{ id: { scheme: 'world', id: 'anyone' }, perms: 1 }], err: 'Unknown perm type: q\n' });
    // Java's split drops trailing empty entries but keeps leading ones
    expect(parse('world:anyone:r,').err).toBe('');
    expect(parse(',world:anyone:r').err).toBe(' does not have the form scheme:id:perm\n');
    expect(parse('')).toEqual({ acl: [], err: ' does not have the form scheme:id:perm\n' });
  });
});

describe('ACL printing', () => {
  it('permission letters in c d r w a order', () => {
    expect(getPermString(31)).toBe('cdrwa');
    expect(getPermString(1 | 16)).toBe('ra');
    expect(getPermString(0)).toBe('');
  });
  it('Id.toString is jute CSV with a trailing newline', () => {
    // zkCli 3.8.0 getAcl: `'world,'anyone` newline `: r`
    expect(idToString({ scheme: 'world', id: 'anyone' }) + ': r').toBe("'world,'anyone\n: r");
    expect(idToString({ scheme: 'digest', id: 'u:Jq7wMyA/w2Vd5WIDAKdu4OIIFEQ=' })).toBe("'digest,'u:Jq7wMyA/w2Vd5WIDAKdu4OIIFEQ=\n");
    expect(idToString({ scheme: 'x', id: 'a,b%c}\n' })).toBe("'x,'a%2Cb%25c%7D%0A\n");
  });
  it('aclToString', () => {
    expect(aclToString([{ id: { scheme: 'world', id: 'anyone' }, perms: 31 }, { id: { scheme: 'ip', id: '1.2.3.4' }, perms: 1 }])).toBe('world:anyone:cdrwaip:1.2.3.4:r');
  });
});
