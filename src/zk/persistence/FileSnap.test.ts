import { describe, expect, it } from 'vitest';
import { nodeDigest } from '../DigestCalculator.ts';
import { IOError } from './errors.ts';
import { deserializeSnapshot, serializeSnapshot, treeDigestOf, zxidDigestOf } from './FileSnap.ts';
import { BinaryInputArchive } from './jute.ts';
import { isValidSnapshot } from './SnapStream.ts';
import { richSnapshot, snapshot } from './fixtures/sample.ts';

describe('FileSnap format', () => {
  it('round-trips a snapshot with ACLs, sessions, an ephemeral, a container and a TTL node', () => {
    const snap = richSnapshot(0x1e);
    const withDigest = { ...snap };
    const bytes = serializeSnapshot(withDigest);
    expect(isValidSnapshot('snapshot.1e', bytes)).toBe(true);
    const back = deserializeSnapshot(bytes, 0x1e);
    expect(back.zxidDigest).toEqual({ zxid: 0x1e, digestVersion: 2, digest: withDigest.digest });
    expect(back.snapshot.nodes).toEqual(snap.nodes);
    expect(back.snapshot.digest).toBe(withDigest.digest);
    expect(new Map(back.snapshot.sessions)).toEqual(new Map(snap.sessions));
    expect(new Map(back.snapshot.acls)).toEqual(new Map(snap.acls));
    expect(serializeSnapshot(back.snapshot, back.zxidDigest)).toEqual(bytes);
  });

  it('writes the header, the root as "" and the two seals as FileSnap does', () => {
    const bytes = serializeSnapshot(snapshot(0));
    const ia = new BinaryInputArchive(bytes);
    expect([ia.readInt(), ia.readInt(), ia.readLong()]).toEqual([0x5a4b534e, 2, -1n]);
    expect(ia.readInt()).toBe(0); // sessions
    expect(ia.readInt()).toBe(1); // acl map
    ia.readLong();
    ia.readVector((a) => [a.readInt(), a.readString(), a.readString()]);
    expect(ia.readString()).toBe('');
    // A tree that has processed nothing writes the empty ZxidDigest, as DataTree does.
    expect(zxidDigestOf(snapshot(0))).toEqual({ zxid: 0, digestVersion: 2, digest: 0 });
    // Ends with: ... "/" seal(long, "/") digest(long, int, long) seal(long, "/")
    expect(Buffer.from(bytes.subarray(bytes.length - 5)).toString('hex')).toBe('000000012f');
  });

  it('orders sessions and ACL lists as a Java HashMap copy iterates them', () => {
    const s = richSnapshot(5);
    const reversed = { ...s, sessions: [...s.sessions].reverse(), acls: [...s.acls].reverse() };
    expect(serializeSnapshot(reversed)).toEqual(serializeSnapshot(s));
  });

  it('fails the seal check when a byte in the tree changes', () => {
    const bytes = serializeSnapshot(richSnapshot(9));
    const i = bytes.indexOf(0x61 /* 'a' of /a */, 60);
    const bad = bytes.slice();
    bad[i] = 0x62;
    expect(isValidSnapshot('snapshot.9', bad)).toBe(true); // the tail check cannot see it
    expect(() => deserializeSnapshot(bad, 9)).toThrow(expect.objectContaining({ code: 'snapshotCrc' }));
    // The digest section has its own seal.
    const bad2 = bytes.slice();
    bad2[bytes.length - 20] = bad2[bytes.length - 20]! ^ 1;
    expect(() => deserializeSnapshot(bad2, 9)).toThrow(expect.objectContaining({ code: 'snapshotCrc' }));
  });

  it('accepts a snapshot without the digest section (written before 3.6)', () => {
    const snap = snapshot(3);
    const old = serializeSnapshot(snap, null);
    expect(deserializeSnapshot(old, 3).zxidDigest).toBeNull();
    expect(deserializeSnapshot(old, 3).snapshot.nodes).toEqual(snap.nodes);
  });

  it('rejects trees that cannot be rebuilt', () => {
    const snap = snapshot(3);
    const orphan = { ...snap, nodes: [...snap.nodes, { ...snap.nodes[1]!, path: '/no/parent' }] };
    expect(() => deserializeSnapshot(serializeSnapshot(orphan), 3)).toThrow(expect.objectContaining({ code: 'invalidTree' }));
    const bad = { ...snap, nodes: [...snap.nodes, { ...snap.nodes[1]!, path: '/ttlbad', ephemeralOwner: -0xfffe0000000000n }] };
    expect(() => deserializeSnapshot(serializeSnapshot(bad), 3)).not.toThrow();
    expect(() => deserializeSnapshot(serializeSnapshot(bad), 3, { extendedTypesEnabled: true })).toThrow(expect.objectContaining({ code: 'runtime' }));
  });

  it('computes the tree digest as DataTree does, the /zookeeper/ subtree excluded', () => {
    const snap = richSnapshot(4);
    const expected = snap.nodes.filter((n) => !n.path.startsWith('/zookeeper/')).reduce((d, n) => d + nodeDigest(n.path, n.data, n), 0);
    expect(treeDigestOf(snap.nodes)).toBe(expected);
  });

  it('throws only IOError on truncations', () => {
    const bytes = serializeSnapshot(richSnapshot(7));
    for (let cut = 0; cut < bytes.length; cut++) {
      try {
        deserializeSnapshot(bytes.subarray(0, cut), 7);
      } catch (e) {
        expect(e).toBeInstanceOf(IOError);
      }
    }
  });
});
