import { describe, expect, it } from 'vitest';
import { formatStat } from './StatPrinter.ts';
import { emptyStat } from '../zk/Stat.ts';

describe('StatPrinter', () => {
  it('prints the root of a fresh server like zkCli 3.8.0', () => {
    // observed: `stat /` on a fresh standalone 3.8.0 server (two children: zookeeper and a test node)
    const stat = { ...emptyStat(), pzxid: 2, cversion: 0, numChildren: 2 };
    expect(formatStat(stat)).toBe(
      [
        'cZxid = 0x0',
        'ctime = Thu Jan 01 00:00:00 UTC 1970',
        'mZxid = 0x0',
        'mtime = Thu Jan 01 00:00:00 UTC 1970',
        'pZxid = 0x2',
        'cversion = 0',
        'dataVersion = 0',
        'aclVersion = 0',
        'ephemeralOwner = 0x0',
        'dataLength = 0',
        'numChildren = 2',
        '',
      ].join('\n'),
    );
  });

  it('prints zxids and session ids as unpadded lowercase hex, negatives as 64-bit two\'s complement', () => {
    const stat = {
      ...emptyStat(),
      czxid: 0x100000002,
      mzxid: 0x1000000fa,
      pzxid: 0x100000002,
      ctime: 1795316179000,
      mtime: 1795316179123,
      version: 3,
      cversion: -1,
      aversion: -1,
      ephemeralOwner: -(2n ** 63n),
      dataLength: 11,
    };
    const text = formatStat(stat);
    expect(text).toContain('cZxid = 0x100000002\n');
    expect(text).toContain('mZxid = 0x1000000fa\n');
    expect(text).toContain('ctime = Sun Nov 22 02:56:19 UTC 2026\n');
    expect(text).toContain('mtime = Sun Nov 22 02:56:19 UTC 2026\n');
    expect(text).toContain('cversion = -1\n');
    expect(text).toContain('dataVersion = 3\n');
    expect(text).toContain('aclVersion = -1\n');
    expect(text).toContain('ephemeralOwner = 0x8000000000000000\n');
    expect(formatStat({ ...stat, ephemeralOwner: -2n })).toContain('ephemeralOwner = 0xfffffffffffffffe\n');
    // a session id as zkCli 3.8.0 showed one
    expect(formatStat({ ...stat, ephemeralOwner: 0x10000112c260004n })).toContain('ephemeralOwner = 0x10000112c260004\n');
  });
});
