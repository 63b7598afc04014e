// The bits of java.lang / java.util behaviour zkCli's output depends on: number parsing with
// Java's exceptions and messages, String <-> UTF-8 bytes, Date.toString(), Long.toHexString and
// the text of an uncaught exception.

import { Code, KeeperException } from '../zk/KeeperException.ts';
import { IllegalArgumentException } from '../zk/PathUtils.ts';

export { IllegalArgumentException };

/**
 * java.lang.NumberFormatException. It is an IllegalArgumentException in Java, which matters:
 * several commands catch IllegalArgumentException and so also catch number errors.
 * `frames` are the java.base stack frames Java would print (for crash output).
 */
export class NumberFormatException extends IllegalArgumentException {
  readonly javaClass = 'java.lang.NumberFormatException';
  constructor(
    message: string,
    readonly frames: string[] = [],
  ) {
    super(message);
    this.name = 'NumberFormatException';
  }
}

/** Any other Java runtime exception zkCli can die of (NPE, ArrayIndexOutOfBounds, ...). */
export class JavaRuntimeException extends Error {
  constructor(
    readonly javaClass: string,
    readonly javaMessage: string | null,
    readonly frames: string[] = [],
  ) {
    super(javaMessage ?? javaClass);
    this.name = javaClass;
  }
}

const NFE_FRAME = 'java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)';

function forInputString(s: string, radix: number, frames: string[]): NumberFormatException {
  return new NumberFormatException(`For input string: "${s}"${radix === 10 ? '' : ` under radix ${radix}`}`, [NFE_FRAME, ...frames]);
}

/** Character.digit(char, radix) for one UTF-16 code unit. */
export function javaDigit(c: number, radix: number): number {
  let v = -1;
  if (c >= 0x30 && c <= 0x39) v = c - 0x30;
  else if (c >= 0x41 && c <= 0x5a) v = c - 0x41 + 10;
  else if (c >= 0x61 && c <= 0x7a) v = c - 0x61 + 10;
  else if (c >= 0xff21 && c <= 0xff3a) v = c - 0xff21 + 10;
  else if (c >= 0xff41 && c <= 0xff5a) v = c - 0xff41 + 10;
  else if (c >= 0x80 && c < 0xd800 || c > 0xdfff && c <= 0xffff) v = unicodeDecimalValue(c);
  return v >= 0 && v < radix ? v : -1;
}

const ND = /^\p{Nd}$/u;
/** Value of a Unicode decimal digit (general category Nd): digits come in aligned runs of ten. */
function unicodeDecimalValue(c: number): number {
  if (!ND.test(String.fromCharCode(c))) return -1;
  let start = c;
  while (start > 0 && ND.test(String.fromCharCode(start - 1))) start--;
  return (c - start) % 10;
}

/**
 * Integer.parseInt(s, radix) (JDK 17): same accepted inputs, same exception text. The frames
 * recorded are those JDK 17 prints, for the one-argument parseInt when radix is 10.
 */
export function parseInt32(s: string, radix = 10, outerFrames: readonly string[] = ['java.base/java.lang.Integer.parseInt(Integer.java:786)']): number {
  const frame = (line: number) => [`java.base/java.lang.Integer.parseInt(Integer.java:${line})`, ...outerFrames];
  const len = s.length;
  if (len === 0) throw forInputString(s, radix, frame(678));
  let i = 0;
  let negative = false;
  let limit = -2147483647;
  const first = s.charCodeAt(0);
  if (first < 0x30) {
    if (first === 0x2d) {
      negative = true;
      limit = -2147483648;
    } else if (first !== 0x2b) {
      throw forInputString(s, radix, frame(654));
    }
    if (len === 1) throw forInputString(s, radix, frame(658));
    i++;
  }
  const multmin = Math.trunc(limit / radix);
  let result = 0;
  while (i < len) {
    const digit = javaDigit(s.charCodeAt(i++), radix);
    if (digit < 0 || result < multmin) throw forInputString(s, radix, frame(668));
    result *= radix;
    if (result < limit + digit) throw forInputString(s, radix, frame(672));
    result -= digit;
  }
  return negative ? result : 0 - result; // 0 - 0 is +0, unlike -0
}

/** Long.parseLong(s, radix) (JDK 17), as a bigint. */
export function parseInt64(s: string, radix = 10): bigint {
  const frame = (line: number) => [`java.base/java.lang.Long.parseLong(Long.java:${line})`, 'java.base/java.lang.Long.parseLong(Long.java:836)'];
  const len = s.length;
  if (len === 0) throw forInputString(s, radix, frame(721));
  let i = 0;
  let negative = false;
  let limit = -9223372036854775807n;
  const first = s.charCodeAt(0);
  if (first < 0x30) {
    if (first === 0x2d) {
      negative = true;
      limit = -9223372036854775808n;
    } else if (first !== 0x2b) {
      throw forInputString(s, radix, frame(697));
    }
    if (len === 1) throw forInputString(s, radix, frame(701));
    i++;
  }
  const r = BigInt(radix);
  // BigInt division truncates toward zero, like Java's long division.
  const multmin = limit / r;
  let result = 0n;
  while (i < len) {
    const digit = javaDigit(s.charCodeAt(i++), radix);
    if (digit < 0 || result < multmin) throw forInputString(s, radix, frame(711));
    result *= r;
    const d = BigInt(digit);
    if (result < limit + d) throw forInputString(s, radix, frame(715));
    result -= d;
  }
  return negative ? result : -result;
}

/** Integer.decode (JDK 17): optional sign, then 0x / 0X / # (hex), 0 (octal) or decimal. */
export function decodeInt32(nm: string): number {
  const decodeFrame = (line: number) => `java.base/java.lang.Integer.decode(Integer.java:${line})`;
  if (nm.length === 0) throw new NumberFormatException('Zero length string', [decodeFrame(1423)]);
  let radix = 10;
  let index = 0;
  let negative = false;
  const first = nm.charAt(0);
  if (first === '-') {
    negative = true;
    index++;
  } else if (first === '+') {
    index++;
  }
  if (nm.startsWith('0x', index) || nm.startsWith('0X', index)) {
    index += 2;
    radix = 16;
  } else if (nm.startsWith('#', index)) {
    index++;
    radix = 16;
  } else if (nm.startsWith('0', index) && nm.length > 1 + index) {
    index++;
    radix = 8;
  }
  if (nm.startsWith('-', index) || nm.startsWith('+', index)) {
    throw new NumberFormatException('Sign character in wrong position', [decodeFrame(1447)]);
  }
  const outer = ['java.base/java.lang.Integer.valueOf(Integer.java:973)', decodeFrame(1458)];
  try {
    const r = parseInt32(nm.substring(index), radix, outer);
    return negative ? (-r | 0) : r;
  } catch (e) {
    if (!(e instanceof NumberFormatException)) throw e;
    // Integer.MIN_VALUE lands here; any real format error is thrown again from this second try.
    const constant = negative ? '-' + nm.substring(index) : nm.substring(index);
    return parseInt32(constant, radix, outer);
  }
}

// Double.parseDouble's grammar (FloatingDecimal.readJavaFormatString), after String.trim().
const JAVA_DOUBLE =
  /^[+-]?(?:NaN|Infinity|(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)|(?:0[xX](?:[0-9a-fA-F]+\.?|[0-9a-fA-F]*\.[0-9a-fA-F]+)[pP][+-]?\d+[fFdD]?))$/;

/** Whether Double.parseDouble(s) succeeds. */
export function isJavaDouble(s: string): boolean {
  return JAVA_DOUBLE.test(javaTrim(s));
}

/** String.trim(): strips code units <= U+0020 at both ends. */
export function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 0x20) a++;
  while (b > a && s.charCodeAt(b - 1) <= 0x20) b--;
  return s.slice(a, b);
}

/** Long.toHexString: lowercase, unpadded, two's complement for negative values. */
export function longToHex(v: number | bigint): string {
  const b = typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  return BigInt.asUintN(64, b).toString(16);
}

/** String.getBytes(UTF_8): unpaired surrogates become '?'. */
export function utf8Encode(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      out.push(c);
    } else if (c < 0x800) {
      out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const c2 = i + 1 < s.length ? s.charCodeAt(i + 1) : -1;
      if (c <= 0xdbff && c2 >= 0xdc00 && c2 <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
        out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
        i++;
      } else {
        out.push(0x3f);
      }
    } else {
      out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    }
  }
  return Uint8Array.from(out);
}

/**
 * new String(bytes, UTF_8) as JDK 17 decodes: malformed input becomes U+FFFD with exactly Java's
 * grouping (which differs from TextDecoder's, e.g. an encoded surrogate is one U+FFFD, not three).
 */
export function utf8Decode(src: Uint8Array): string {
  const REPL = 0xfffd;
  const units: number[] = [];
  const sl = src.length;
  const sb = (i: number) => ((src[i] ?? 0) << 24) >> 24; // Java's signed byte
  const notCont = (b: number) => (b & 0xc0) !== 0x80;
  let sp = 0;
  while (sp < sl) {
    const b1 = sb(sp++);
    if (b1 >= 0) {
      units.push(b1);
    } else if (b1 >> 5 === -2 && (b1 & 0x1e) !== 0) {
      if (sp < sl) {
        const b2 = sb(sp++);
        if (notCont(b2)) {
          units.push(REPL);
          sp--;
        } else {
          units.push(((b1 << 6) ^ b2 ^ ((-64 << 6) ^ -128)) & 0xffff);
        }
        continue;
      }
      units.push(REPL);
      break;
    } else if (b1 >> 4 === -2) {
      if (sp + 1 < sl) {
        const b2 = sb(sp++);
        const b3 = sb(sp++);
        if ((b1 === -32 && (b2 & 0xe0) === 0x80) || notCont(b2) || notCont(b3)) {
          units.push(REPL);
          sp -= 3;
          // malformed3: how many bytes the malformed sequence spans
          const m1 = sb(sp);
          const m2 = sb(sp + 1);
          sp += (m1 === -32 && (m2 & 0xe0) === 0x80) || notCont(m2) ? 1 : 2;
        } else {
          const c = ((b1 << 12) ^ (b2 << 6) ^ (b3 ^ ((-32 << 12) ^ (-128 << 6) ^ -128))) & 0xffff;
          units.push(c >= 0xd800 && c <= 0xdfff ? REPL : c);
        }
        continue;
      }
      if (sp < sl && ((b1 === -32 && (sb(sp) & 0xe0) === 0x80) || notCont(sb(sp)))) {
        units.push(REPL);
        continue;
      }
      units.push(REPL);
      break;
    } else if (b1 >> 3 === -2) {
      if (sp + 2 < sl) {
        const b2 = sb(sp++);
        const b3 = sb(sp++);
        const b4 = sb(sp++);
        const uc = (b1 << 18) ^ (b2 << 12) ^ (b3 << 6) ^ (b4 ^ ((-16 << 18) ^ (-128 << 12) ^ (-128 << 6) ^ -128));
        if (notCont(b2) || notCont(b3) || notCont(b4) || !(uc >= 0x10000 && uc <= 0x10ffff)) {
          units.push(REPL);
          sp -= 4;
          // malformed4
          const m1 = sb(sp) & 0xff;
          const m2 = sb(sp + 1) & 0xff;
          if (m1 > 0xf4 || (m1 === 0xf0 && (m2 < 0x90 || m2 > 0xbf)) || (m1 === 0xf4 && (m2 & 0xf0) !== 0x80) || notCont(m2)) sp += 1;
          else if (notCont(sb(sp + 2))) sp += 2;
          else sp += 3;
        } else {
          const v = uc - 0x10000;
          units.push(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
        }
        continue;
      }
      const u1 = b1 & 0xff;
      if (u1 > 0xf4 || (sp < sl && isMalformed4_2(u1, sb(sp) & 0xff))) {
        units.push(REPL);
        continue;
      }
      sp++;
      units.push(REPL);
      if (sp < sl && notCont(sb(sp))) continue;
      break;
    } else {
      units.push(REPL);
    }
  }
  let s = '';
  for (let i = 0; i < units.length; i += 4096) s += String.fromCharCode(...units.slice(i, i + 4096));
  return s;
}

function isMalformed4_2(b1: number, b2: number): boolean {
  return (b1 === 0xf0 && (b2 < 0x90 || b2 > 0xbf)) || (b1 === 0xf4 && (b2 & 0xf0) !== 0x80) || (b2 & 0xc0) !== 0x80;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MS_PER_DAY = 86400000;
/** 1582-10-15T00:00:00Z: before it java.util.Date uses the Julian calendar. */
const GREGORIAN_CUTOVER = -12219292800000;

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/**
 * java.util.Date.toString() in the UTC time zone: `EEE MMM dd HH:mm:ss zzz yyyy`, e.g.
 * `Thu Jan 01 00:00:00 UTC 1970`. Julian calendar before the Gregorian cutover, years before 1 AD
 * printed as their BCE year number, as Java does.
 */
export function javaDateToString(millis: number | bigint): string {
  const ms = typeof millis === 'bigint' ? millis : BigInt(Math.trunc(millis));
  const msPerDay = BigInt(MS_PER_DAY);
  let days = ms / msPerDay;
  let rem = ms % msPerDay;
  if (rem < 0n) {
    rem += msPerDay;
    days -= 1n;
  }
  const d = Number(days);
  const r = Number(rem);
  const hh = Math.floor(r / 3600000);
  const mm = Math.floor((r % 3600000) / 60000);
  const ss = Math.floor((r % 60000) / 1000);
  const dow = ((d + 4) % 7 + 7) % 7;
  let year: number;
  let month: number;
  let day: number;
  if (ms >= BigInt(GREGORIAN_CUTOVER)) {
    // days -> civil (proleptic Gregorian), H. Hinnant's algorithm
    const z = d + 719468;
    const era = floorDiv(z, 146097);
    const doe = z - era * 146097;
    const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365);
    const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
    const mp = floorDiv(5 * doy + 2, 153);
    day = doy - floorDiv(153 * mp + 2, 5) + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  } else {
    // Julian calendar from the Julian day number
    const c = d + 2440588 + 32082;
    const dd = floorDiv(4 * c + 3, 1461);
    const e = c - floorDiv(1461 * dd, 4);
    const m = floorDiv(5 * e + 2, 153);
    day = e - floorDiv(153 * m + 2, 5) + 1;
    month = m + 3 - 12 * floorDiv(m, 10);
    year = dd - 4800 + floorDiv(m, 10);
  }
  if (year <= 0) year = 1 - year;
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[dow]} ${MONTHS[month - 1]} ${p2(day)} ${p2(hh)}:${p2(mm)}:${p2(ss)} UTC ${year}`;
}

/**
 * The Java class name of an exception as Java's Throwable.toString() would show it, for errors
 * zkCli does not catch. KeeperExceptions are named by their code's subclass.
 */
export function javaClassOf(e: unknown): string {
  if (e instanceof KeeperException) return keeperExceptionClass(e.code);
  if (e instanceof NumberFormatException) return e.javaClass;
  if (e instanceof JavaRuntimeException) return e.javaClass;
  if (e instanceof IllegalArgumentException) return 'java.lang.IllegalArgumentException';
  if (e instanceof Error) {
    // Errors from other modules (the client, a host) named after the Java exception they stand for.
    if (JAVA_LANG_NAMES.has(e.name)) return `java.lang.${e.name}`;
    if (/^(java|javax|org)\.[\w.$]+$/.test(e.name)) return e.name;
  }
  return 'java.lang.RuntimeException';
}

const JAVA_LANG_NAMES = new Set([
  'IllegalArgumentException',
  'NumberFormatException',
  'NullPointerException',
  'IllegalStateException',
  'ArrayIndexOutOfBoundsException',
  'UnsupportedOperationException',
  'RuntimeException',
]);

/** Throwable.getMessage(), null when Java would have none. */
export function javaMessageOf(e: unknown): string | null {
  if (e instanceof JavaRuntimeException) return e.javaMessage;
  if (e instanceof Error) return e.message;
  return e === undefined || e === null ? null : String(e);
}

/** Throwable.toString(): `class` or `class: message`. */
export function javaThrowableToString(e: unknown): string {
  const msg = javaMessageOf(e);
  const cls = javaClassOf(e);
  return msg === null ? cls : `${cls}: ${msg}`;
}

/** java.util.AbstractCollection.toString(): `[a, b, c]`. */
export function javaListToString(items: readonly unknown[]): string {
  return '[' + items.map((x) => (x === null || x === undefined ? 'null' : String(x))).join(', ') + ']';
}

/**
 * String.split(regex) with limit 0 for a regex that is a single literal character, or a simple
 * JS RegExp: Java keeps a leading empty string (unless the first match is zero-width) and drops
 * trailing empty strings; an input with no match gives the input itself.
 */
export function javaSplit(s: string, sep: string | RegExp): string[] {
  if (s.length === 0) return [''];
  const parts = typeof sep === 'string' ? s.split(sep) : s.split(sep);
  let n = parts.length;
  while (n > 0 && parts[n - 1] === '') n--;
  return parts.slice(0, n);
}

const KEEPER_CLASSES: Record<number, string> = {
  [Code.SYSTEMERROR]: 'SystemErrorException',
  [Code.RUNTIMEINCONSISTENCY]: 'RuntimeInconsistencyException',
  [Code.DATAINCONSISTENCY]: 'DataInconsistencyException',
  [Code.CONNECTIONLOSS]: 'ConnectionLossException',
  [Code.MARSHALLINGERROR]: 'MarshallingErrorException',
  [Code.UNIMPLEMENTED]: 'UnimplementedException',
  [Code.OPERATIONTIMEOUT]: 'OperationTimeoutException',
  [Code.NEWCONFIGNOQUORUM]: 'NewConfigNoQuorum',
  [Code.RECONFIGINPROGRESS]: 'ReconfigInProgress',
  [Code.BADARGUMENTS]: 'BadArgumentsException',
  [Code.APIERROR]: 'APIErrorException',
  [Code.NONODE]: 'NoNodeException',
  [Code.NOAUTH]: 'NoAuthException',
  [Code.BADVERSION]: 'BadVersionException',
  [Code.NOCHILDRENFOREPHEMERALS]: 'NoChildrenForEphemeralsException',
  [Code.NODEEXISTS]: 'NodeExistsException',
  [Code.INVALIDACL]: 'InvalidACLException',
  [Code.AUTHFAILED]: 'AuthFailedException',
  [Code.NOTEMPTY]: 'NotEmptyException',
  [Code.SESSIONEXPIRED]: 'SessionExpiredException',
  [Code.INVALIDCALLBACK]: 'InvalidCallbackException',
  [Code.SESSIONMOVED]: 'SessionMovedException',
  [Code.NOTREADONLY]: 'NotReadOnlyException',
  [Code.EPHEMERALONLOCALSESSION]: 'EphemeralOnLocalSessionException',
  [Code.NOWATCHER]: 'NoWatcherException',
  [Code.RECONFIGDISABLED]: 'ReconfigDisabledException',
  [Code.SESSIONCLOSEDREQUIRESASLAUTH]: 'SessionClosedRequireAuthException',
  [Code.REQUESTTIMEOUT]: 'RequestTimeoutException',
  [Code.QUOTAEXCEEDED]: 'QuotaExceededException',
  [Code.THROTTLEDOP]: 'ThrottledOpException',
};

/** The Java class KeeperException.create(code) instantiates. */
export function keeperExceptionClass(code: number): string {
  const c = KEEPER_CLASSES[code];
  return c === undefined ? 'org.apache.zookeeper.KeeperException' : `org.apache.zookeeper.KeeperException$${c}`;
}

/** Append a Java stack frame to an exception that will reach the top uncaught (for crash output). */
export function addJavaFrame(e: unknown, frame: string): void {
  if (e instanceof NumberFormatException || e instanceof JavaRuntimeException) e.frames.push(frame);
}

/** The java.base and zkCli frames recorded so far on an uncaught exception. */
export function javaFramesOf(e: unknown): string[] {
  if (e instanceof NumberFormatException || e instanceof JavaRuntimeException) return e.frames;
  return [];
}

/** `catch (IllegalArgumentException e)`: also catches NumberFormatException, as in Java. */
export function isIllegalArgument(e: unknown): e is Error {
  return e instanceof IllegalArgumentException || (e instanceof Error && (e.name === 'IllegalArgumentException' || e.name === 'NumberFormatException'));
}
