import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { javaSplit, topNamespace } from './PathUtils.ts';

describe('PathUtils.getTopNamespace', () => {
  it('names the first component below the root', () => {
    expect(topNamespace('/app/config')).toBe('app');
    expect(topNamespace('/app')).toBe('app');
    expect(topNamespace('/')).toBeNull();
  });

  it("is parts[1] of Java's split on '/' for any string, the fast path included", () => {
    const bySplit = (p: string): string | null => {
      const parts = javaSplit(p, '/');
      return parts.length > 1 ? (parts[1] ?? null) : null;
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom('/', 'a', 'b', 'é'), { maxLength: 8 }), (cs) => {
        const p = cs.join('');
        expect(topNamespace(p)).toBe(bySplit(p));
      }),
      { numRuns: 3000 },
    );
  });
});
