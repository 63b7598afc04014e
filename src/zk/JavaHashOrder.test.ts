import { describe, expect, it } from 'vitest';
import { JavaHashSet, javaLongHash, javaStringHash } from './JavaHashOrder.ts';

// Expected orders were printed by OpenJDK 17 (java.util.HashSet) for the same insertions.
const cases: { items: string[]; s8: string; s16: string; rm16: string; clone: string }[] = [
  {
    items: ['zookeeper', 'a', 'b', 'c', 'app', 'node0000000001', 'node0000000002', 'x y', 'é', '日本'],
    s8: 'app|x y|a|b|c|zookeeper|node0000000002|é|日本|node0000000001',
    s16: 'app|x y|a|b|c|zookeeper|node0000000002|é|日本|node0000000001',
    rm16: 'app|x y|a|b|é|node0000000001',
    clone: 'app|x y|a|b|é|node0000000001',
  },
  {
    items: Array.from({ length: 30 }, (_, i) => `e${i + 1}`),
    s8: 'e30|e11|e10|e13|e12|e15|e14|e17|e16|e19|e18|e20|e22|e21|e24|e23|e26|e25|e28|e27|e1|e2|e29|e3|e4|e5|e6|e7|e8|e9',
    s16: 'e30|e11|e10|e13|e12|e15|e14|e17|e16|e19|e18|e20|e22|e21|e24|e23|e26|e25|e28|e27|e1|e2|e29|e3|e4|e5|e6|e7|e8|e9',
    rm16: 'e30|e11|e12|e15|e14|e17|e18|e20|e21|e24|e23|e26|e27|e2|e29|e3|e5|e6|e8|e9',
    clone: 'e20|e30|e11|e21|e24|e12|e23|e15|e26|e14|e17|e27|e18|e2|e29|e3|e5|e6|e8|e9',
  },
  {
    items: ['/e/a', '/e/b', '/x', '/lock-0000000003', '/lock-0000000001', '/q/n1', '/q/n2', '/zz'],
    s8: '/lock-0000000003|/lock-0000000001|/x|/q/n1|/q/n2|/e/a|/e/b|/zz',
    s16: '/lock-0000000003|/lock-0000000001|/x|/q/n1|/q/n2|/e/a|/e/b|/zz',
    rm16: '/lock-0000000001|/x|/q/n1|/e/b|/zz',
    clone: '/x|/q/n1|/lock-0000000001|/e/b|/zz',
  },
];

describe('Java HashSet iteration order', () => {
  it('String.hashCode matches Java', () => {
    // Values printed by OpenJDK 17.
    expect(javaStringHash('zookeeper')).toBe(1600681804);
    expect(javaStringHash('日本')).toBe(835047);
    expect(javaLongHash(-5n)).toBe(4);
    expect(javaStringHash('')).toBe(0);
    expect(javaStringHash('a')).toBe(97);
    expect(javaStringHash('ab')).toBe(97 * 31 + 98);
    expect(javaLongHash(0x100000001n)).toBe(0);
  });

  for (const c of cases) {
    it(`orders ${c.items.length} items as Java does`, () => {
      const s8 = new JavaHashSet(8);
      const s16 = new JavaHashSet();
      for (const x of c.items) {
        s8.add(x);
        s16.add(x);
      }
      expect(s8.javaOrder().join('|')).toBe(c.s8);
      expect(s16.javaOrder().join('|')).toBe(c.s16);
      for (let i = 0; i < c.items.length; i += 3) s16.delete(c.items[i]!);
      expect(s16.javaOrder().join('|')).toBe(c.rm16);
      expect(s16.clone().javaOrder().join('|')).toBe(c.clone);
    });
  }
});
