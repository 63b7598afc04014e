import { describe, expect, it } from 'vitest';
import { decodeInt32, isJavaDouble, javaDateToString, javaThrowableToString, longToHex, parseInt32, parseInt64, utf8Decode, utf8Encode } from './javaLang.ts';

const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return javaThrowableToString(e);
  }
  return 'no exception';
};

// Expectations printed by OpenJDK 17 (the JVM zkCli 3.8.0 runs on here); the implementations were
// also compared with Java on several thousand random inputs.
describe('Java number parsing', () => {
  it('Integer.parseInt', () => {
    expect(parseInt32('42')).toBe(42);
    expect(parseInt32('-2147483648')).toBe(-2147483648);
    expect(parseInt32('+7')).toBe(7);
    expect(parseInt32('٣')).toBe(3); // Unicode digits count
    expect(thrown(() => parseInt32('2147483648'))).toBe('java.lang.NumberFormatException: For input string: "2147483648"');
    expect(thrown(() => parseInt32(''))).toBe('java.lang.NumberFormatException: For input string: ""');
    expect(thrown(() => parseInt32(' 5'))).toBe('java.lang.NumberFormatException: For input string: " 5"');
    expect(thrown(() => parseInt32('-'))).toBe('java.lang.NumberFormatException: For input string: "-"');
  });

  it('Integer.decode', () => {
    expect(decodeInt32('0x10')).toBe(16);
    expect(decodeInt32('-0x10')).toBe(-16);
    expect(decodeInt32('#f')).toBe(15);
    expect(decodeInt32('010')).toBe(8);
    expect(decodeInt32('0')).toBe(0);
    expect(decodeInt32('-2147483648')).toBe(-2147483648);
    expect(thrown(() => decodeInt32('x'))).toBe('java.lang.NumberFormatException: For input string: "x"');
    expect(thrown(() => decodeInt32('-x'))).toBe('java.lang.NumberFormatException: For input string: "-x"');
    expect(thrown(() => decodeInt32('0x'))).toBe('java.lang.NumberFormatException: For input string: "" under radix 16');
    expect(thrown(() => decodeInt32('08'))).toBe('java.lang.NumberFormatException: For input string: "8" under radix 8');
    expect(thrown(() => decodeInt32('--5'))).toBe('java.lang.NumberFormatException: Sign character in wrong position');
    expect(thrown(() => decodeInt32(''))).toBe('java.lang.NumberFormatException: Zero length string');
  });

  it('Long.parseLong', () => {
    expect(parseInt64('9223372036854775807')).toBe(9223372036854775807n);
    expect(parseInt64('ff', 16)).toBe(255n);
    expect(thrown(() => parseInt64('9223372036854775808'))).toBe('java.lang.NumberFormatException: For input string: "9223372036854775808"');
    expect(thrown(() => parseInt64('zz', 16))).toBe('java.lang.NumberFormatException: For input string: "zz" under radix 16');
  });

  it('Double.parseDouble acceptance (commons-cli negative numbers)', () => {
    for (const ok of ['-1', '-NaN', '-Infinity', '-1f', '-0x1p3', '-1e5d', ' -1 ', '-.5', '-1.', '-0x1.8p1']) expect(isJavaDouble(ok)).toBe(true);
    for (const bad of ['-.', '-e5', '-1_0', '-Infinityf', '-0x1', '-x']) expect(isJavaDouble(bad)).toBe(false);
  });
});

describe('Long.toHexString', () => {
  it('is unpadded lowercase two\'s complement', () => {
    expect(longToHex(0)).toBe('0');
    expect(longToHex(0x100000002)).toBe('100000002');
    expect(longToHex(-1n)).toBe('ffffffffffffffff');
    expect(longToHex(-(2n ** 63n))).toBe('8000000000000000');
  });
});

describe('java.util.Date.toString() in UTC', () => {
  it('formats like Java', () => {
    expect(javaDateToString(0)).toBe('Thu Jan 01 00:00:00 UTC 1970');
    expect(javaDateToString(1795316179000)).toBe('Sun Nov 22 02:56:19 UTC 2026');
    expect(javaDateToString(-1)).toBe('Wed Dec 31 23:59:59 UTC 1969');
    // Julian calendar before the Gregorian cutover, as Java prints it
    expect(javaDateToString(-12219292800001n)).toBe('Thu Oct 04 23:59:59 UTC 1582');
    expect(javaDateToString(253402300800000)).toBe('Sat Jan 01 00:00:00 UTC 10000');
    expect(javaDateToString(9223372036854775807n)).toBe('Sun Aug 17 07:12:55 UTC 292278994');
    expect(javaDateToString(-9223372036854775808n)).toBe('Sun Dec 02 16:47:04 UTC 292269055');
  });
});

describe('UTF-8 as Java does it', () => {
  const hex = (s: string) => [...Array(s.length).keys()].map((i) => s.charCodeAt(i).toString(16)).join(' ');
  it('new String(bytes, UTF_8)', () => {
    expect(utf8Decode(new Uint8Array([0x68, 0xc3, 0xa9]))).toBe('hé');
    // an encoded surrogate is ONE replacement character in Java (TextDecoder would give three)
    expect(hex(utf8Decode(new Uint8Array([0xed, 0xa0, 0x80])))).toBe('fffd');
    expect(hex(utf8Decode(new Uint8Array([0xc3, 0x41])))).toBe('fffd 41');
    expect(hex(utf8Decode(new Uint8Array([0xf0, 0x9f, 0x98])))).toBe('fffd');
    expect(hex(utf8Decode(new Uint8Array([0xf4, 0x90, 0x80, 0x80])))).toBe('fffd fffd fffd fffd');
    expect(hex(utf8Decode(new Uint8Array([0xe0, 0x80, 0x80])))).toBe('fffd fffd fffd');
  });
  it('String.getBytes(UTF_8)', () => {
    expect([...utf8Encode('a\ud800b')]).toEqual([97, 63, 98]);
    expect([...utf8Encode('😀')]).toEqual([0xf0, 0x9f, 0x98, 0x80]);
    expect(utf8Encode('héllo').length).toBe(6);
  });
});
