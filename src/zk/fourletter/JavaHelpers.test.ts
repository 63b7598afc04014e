// The Java behaviours the four-letter words depend on, checked against values printed by the real
// OpenJDK 17.0.15 that runs ZooKeeper 3.8.0 here (a throwaway Orders.java: ConcurrentHashMap
// iteration after inserts, resizes and removals, Double.toString, BigDecimal HALF_UP averages,
// Date.toString).

import { describe, expect, it } from 'vitest';
import { javaLongHash, javaStringHash } from '../JavaHashOrder.ts';
import { JavaConcurrentHashMap } from './JavaConcurrentHashMap.ts';
import { fourLetterReplyPackets, javaAverage, javaDateToString, javaDoubleToString, javaLongToHex, roundHalfUp4 } from './JavaFormat.ts';

describe('JavaConcurrentHashMap', () => {
  it('iterates 100 string keys as Java does (two resizes, tail-run split)', () => {
    const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);
    const m = JavaConcurrentHashMap.of(keys, javaStringHash);
    expect(m.keys().join(',')).toBe(
      'k31,k30,k33,k32,k35,k34,k37,k36,k39,k38,k0,k40,k1,k2,k42,k3,k41,k4,k44,k5,k43,k6,k7,k46,k45,k8,k9,k48,k47,k49,k51,k50,k53,k52,k55,k54,k57,k56,k59,k58,k60,k62,k61,k64,k63,k66,k65,k68,k67,k69,k71,k70,k73,k72,k75,k74,k77,k76,k79,k78,k80,k82,k81,k84,k83,k86,k85,k88,k87,k89,k91,k90,k93,k92,k95,k94,k97,k96,k11,k99,k10,k98,k13,k12,k15,k14,k17,k16,k19,k18,k20,k22,k21,k24,k23,k26,k25,k28,k27,k29',
    );
    for (let i = 0; i < 100; i += 3) m.delete(`k${i}`);
    for (let i = 100; i < 130; i++) m.add(`k${i}`);
    expect(m.keys().join(',')).toBe(
      'k31,k32,k35,k34,k37,k38,k40,k1,k2,k41,k4,k44,k5,k43,k7,k46,k8,k47,k49,k50,k53,k52,k55,k56,k59,k58,k62,k61,k64,k65,k68,k67,k71,k70,k73,k74,k77,k76,k79,k101,k100,k103,k102,k105,k104,k107,k106,k109,k108,k80,k82,k83,k86,k85,k88,k89,k91,k92,k95,k94,k97,k11,k10,k98,k13,k14,k17,k16,k19,k121,k120,k123,k122,k125,k124,k127,k126,k129,k128,k20,k22,k23,k26,k25,k28,k29,k110,k112,k111,k114,k113,k116,k115,k118,k117,k119',
    );
  });

  it('iterates Long keys (session ids) as Java does', () => {
    const ids = Array.from({ length: 40 }, (_, i) => 0x100001254820000n + BigInt(i) * 7919n);
    const m = JavaConcurrentHashMap.of(ids, javaLongHash);
    expect(m.keys().map((k) => k.toString(16)).join(',')).toBe(
      '100001254850557,10000125483b112,100001254858113,100001254833556,10000125486599c,100001254840ddf,10000125482b99a,10000125484899b,100001254823dde,100001254820000,10000125483d001,100001254852446,100001254835445,10000125485a002,100001254842cce,10000125485fccf,10000125482d889,10000125484a88a,100001254825ccd,10000125486788b,10000125483eef0,100001254854335,100001254837334,10000125485bef1,10000125482f778,100001254861bbe,100001254844bbd,100001254827bbc,10000125486977a,10000125484c779,100001254839223,100001254856224,100001254831667,10000125485dde0,100001254863aad,100001254846aac,100001254829aab,10000125486b669,10000125484e668,100001254821eef',
    );
  });
});

describe('JavaFormat', () => {
  it('Double.toString', () => {
    const ds = [0, 1, 1.5, 0.1, 1 / 3, 2 / 3, 1e7, 1.0e-4, 123456.789, 9999999.999, 0.001, 5e-324, 1e21, 100.0, 3.1111];
    expect(ds.map(javaDoubleToString).join(' ')).toBe(
      '0.0 1.0 1.5 0.1 0.3333333333333333 0.6666666666666666 1.0E7 1.0E-4 123456.789 9999999.999 0.001 4.9E-324 1.0E21 100.0 3.1111',
    );
    expect(javaDoubleToString(-0)).toBe('-0.0');
  });

  it('AvgMinMaxCounter.getAvg: BigDecimal(x).setScale(4, HALF_UP) of the exact double', () => {
    const pairs = [[1, 3], [2, 3], [28, 9], [32, 17], [1, 20000], [3, 20000], [5, 100000], [15, 100000], [1, 7], [10, 6]] as const;
    expect(pairs.map(([t, c]) => javaDoubleToString(javaAverage(t, c))).join(' ')).toBe(
      '0.3333 0.6667 3.1111 1.8824 1.0E-4 1.0E-4 1.0E-4 1.0E-4 0.1429 1.6667',
    );
    expect(javaAverage(5, 0)).toBe(0);
    expect(roundHalfUp4(-2 / 3)).toBe(-0.6667);
  });

  it('Date.toString in UTC, Long.toHexString, reply packets', () => {
    expect(javaDateToString(1795317379401)).toBe('Sun Nov 22 03:16:19 UTC 2026');
    expect(javaLongToHex(-1)).toBe('ffffffffffffffff');
    expect(javaLongToHex(0x100001254820000n)).toBe('100001254820000');
    expect(javaLongToHex(-0x7fn)).toBe('ffffffffffffff81');
    // Real server: mntr of 39 362 chars counted 5 packets sent; 17 520 chars, 3; envi, 1; no output, 0.
    expect(fourLetterReplyPackets('x'.repeat(39362))).toBe(5);
    expect(fourLetterReplyPackets('x'.repeat(17520))).toBe(3);
    expect(fourLetterReplyPackets('x'.repeat(612))).toBe(1);
    expect(fourLetterReplyPackets(null)).toBe(0);
  });
});

describe('javaDateToString', () => {
  it('agrees with the JS calendar over many dates', () => {
    const fmt = (ms: number) => {
      const d = new Date(ms);
      const p = (n: number) => String(n).padStart(2, '0');
      const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
      const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
      return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
    };
    for (let ms = -2_000_000_000_000; ms < 4_200_000_000_000; ms += 86_399_999 * 37 + 12_345) expect(javaDateToString(ms)).toBe(fmt(ms));
    expect(javaDateToString(951_782_400_000)).toBe('Tue Feb 29 00:00:00 UTC 2000');
  });
});
