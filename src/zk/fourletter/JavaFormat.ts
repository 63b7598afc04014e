// How Java prints the values the four-letter words show: Double.toString, Long.toHexString,
// Date.toString, AvgMinMaxCounter's rounded average, and how many packets a PrintWriter reply is
// cut into.

/**
 * Double.toString. Decimal notation for 1e-3 <= |d| < 1e7 (always with a fractional digit:
 * "1.0"), computerized scientific notation otherwise ("1.0E7", "1.5E-4").
 * Digits are the shortest that round-trip (what JDK 19+ prints; JDK 17's FloatingDecimal can
 * print a longer expansion for a few doubles with 16-17 significant digits — never for the
 * 4-decimal averages ZooKeeper prints).
 */
export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const a = Math.abs(d);
  if (a === Number.MIN_VALUE) return d < 0 ? '-4.9E-324' : '4.9E-324'; // JDK 17 prints 2 digits here
  if (a >= 1e-3 && a < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mant, exp] = d.toExponential().split('e') as [string, string];
  return `${mant.includes('.') ? mant : `${mant}.0`}E${Number(exp)}`;
}

/** Long.toString of an integral value. */
export function javaLongToString(v: number | bigint): string {
  return typeof v === 'bigint' ? BigInt.asIntN(64, v).toString() : String(Math.trunc(v));
}

/** Long.toHexString: lower case, two's complement for negative values. */
export function javaLongToHex(v: number | bigint): string {
  const b = typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  return BigInt.asUintN(64, b).toString(16);
}

/**
 * new BigDecimal(x).setScale(4, RoundingMode.HALF_UP).doubleValue(): the exact binary value of x
 * rounded half away from zero at the 4th decimal (AvgMinMaxCounter.getAvg).
 */
export function roundHalfUp4(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (biased === 0) {
    e2 = -1074;
  } else {
    mant |= 1n << 52n;
    e2 = biased - 1075;
  }
  const scaled = mant * 10000n;
  let q: bigint;
  if (e2 >= 0) {
    q = scaled << BigInt(e2);
  } else {
    const den = 1n << BigInt(-e2);
    q = scaled / den;
    if ((scaled % den) * 2n >= den) q += 1n;
  }
  const r = Number(q) / 10000;
  return x < 0 ? -r : r;
}

/** AvgMinMaxCounter.getAvg / ServerStats.getAvgLatency: 0 with no data, else total/count rounded. */
export function javaAverage(total: number, count: number): number {
  return count > 0 ? roundHalfUp4(total / count) : 0;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Date.toString ("EEE MMM dd HH:mm:ss zzz yyyy") in UTC, the simulated host's time zone. */
export function javaDateToString(epochMs: number): string {
  // Calendar arithmetic by hand (proleptic Gregorian, days from civil): src/zk builds no Date.
  const days = Math.floor(epochMs / 86_400_000);
  const msOfDay = epochMs - days * 86_400_000;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const weekday = (((days % 7) + 7 + 4) % 7); // 1970-01-01 was a Thursday
  const secs = Math.floor(msOfDay / 1000);
  const hh = Math.floor(secs / 3600);
  const mm = Math.floor((secs % 3600) / 60);
  const ss = secs % 60;
  return `${DAYS[weekday]} ${MONTHS[month - 1]} ${pad2(day)} ${pad2(hh)}:${pad2(mm)}:${pad2(ss)} UTC ${year}`;
}

/**
 * Packets a four-letter reply is sent in. The command writes through
 * PrintWriter -> BufferedWriter (8192 chars) -> SendBufferWriter, which sends a chunk whenever
 * it holds more than 2048 chars and at the final flush; each sendBufferSync counts one packet
 * sent (connection and server stats). So: one packet per started 8192 chars, none for no output.
 */
export function fourLetterReplyPackets(text: string | null): number {
  return text === null ? 0 : Math.ceil(text.length / 8192);
}

/** InetSocketAddress.toString of a resolved literal address: "/ip:port" ("/[v6]:port"). */
export function javaSocketAddress(ip: string, port: number): string {
  return ip.includes(':') ? `/[${ip}]:${port}` : `/${ip}:${port}`;
}
