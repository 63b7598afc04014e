import { describe, expect, it } from 'vitest';
import { limitPath, StatsTrack, statPath } from './Quotas.ts';
import { javaThrowableToString } from './javaLang.ts';

describe('StatsTrack', () => {
  it('formats like 3.8.0: count and bytes first, then "=" and the other keys sorted', () => {
    // zkCli 3.8.0 listquota lines after `setquota -n 2`, `-N 5`, `-b 10`, `-B 3`
    const q = new StatsTrack();
    q.setCount(-1n);
    q.setBytes(-1n);
    q.setCountHardLimit(-1n);
    q.setByteHardLimit(-1n);
    q.setCount(2n);
    expect(q.toString()).toBe('count=2,bytes=-1=;byteHardLimit=-1;countHardLimit=-1');
    q.setCountHardLimit(5n);
    q.setBytes(10n);
    q.setByteHardLimit(3n);
    expect(q.toString()).toBe('count=2,bytes=10=;byteHardLimit=3;countHardLimit=5');
    const s = new StatsTrack();
    s.setCount(2n);
    s.setBytes(0n);
    expect(s.toString()).toBe('count=2,bytes=0');
    expect(new StatsTrack().toString()).toBe('count=-1,bytes=-1');
  });

  it('parses both separators and keeps unknown keys', () => {
    expect(StatsTrack.from('count=1,bytes=-1=;byteHardLimit=-1;countHardLimit=5').toString()).toBe('count=1,bytes=-1=;byteHardLimit=-1;countHardLimit=5');
    // zkCli 3.8.0 listquota of a hand-written limits node "count=1;;foo=2,"
    expect(StatsTrack.from('count=1;;foo=2,').toString()).toBe('count=1,bytes=-1=;foo=2');
    expect(StatsTrack.from('count=9223372036854775807').getCount()).toBe(9223372036854775807n);
  });

  it('fails the way Java does on malformed data', () => {
    const t = (s: string | null) => {
      try {
        return StatsTrack.from(s).toString();
      } catch (e) {
        return javaThrowableToString(e);
      }
    };
    // zkCli 3.8.0 `listquota` over hand-made limits nodes
    expect(t('count=')).toBe('java.lang.ArrayIndexOutOfBoundsException: Index 1 out of bounds for length 1');
    expect(t(',count=1')).toBe('java.lang.ArrayIndexOutOfBoundsException: Index 1 out of bounds for length 1');
    expect(t('=')).toBe('java.lang.ArrayIndexOutOfBoundsException: Index 0 out of bounds for length 0');
    expect(t('count=x')).toBe('java.lang.NumberFormatException: For input string: "x"');
    expect(t(null)).toBe('java.lang.NullPointerException: Cannot read the array length because "bytes" is null');
  });
});

describe('quota paths', () => {
  it('are plain concatenations (no validation)', () => {
    expect(limitPath('/q/a')).toBe('/zookeeper/quota/q/a/zookeeper_limits');
    expect(statPath('/q/a')).toBe('/zookeeper/quota/q/a/zookeeper_stats');
    // zkCli 3.8.0: `listquota q` -> absolute path is /zookeeper/quotaq/zookeeper_limits
    expect(limitPath('q')).toBe('/zookeeper/quotaq/zookeeper_limits');
  });
});
