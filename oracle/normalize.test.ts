import { describe, expect, it } from 'vitest';
import { compareRuns, diffLines } from './compare.ts';
import { formatExpected, parseExpected, type ScriptRun } from './expected.ts';
import {
  maskDates,
  normalizeClientLine,
  normalizeFourLetter,
  normalizeRun,
  SessionNames,
  splitWatcherBlocks,
  toLines,
} from './normalize.ts';

describe('splitWatcherBlocks', () => {
  it('takes WATCHER blocks out of the command output, even when split by other output', () => {
    const raw = [
      'Connecting to 127.0.0.1:2181',
      '',
      'WATCHER::',
      '',
      'WatchedEvent state:SyncConnected type:None path:null',
      'Created /a',
      '',
      'WATCHER::',
      'Created /b', // printed by the main thread between the two halves of a block
      '',
      'WatchedEvent state:SyncConnected type:NodeChildrenChanged path:/',
      '[a, b, zookeeper]',
    ];
    expect(splitWatcherBlocks(raw)).toEqual({
      out: ['Connecting to 127.0.0.1:2181', 'Created /a', 'Created /b', '[a, b, zookeeper]'],
      events: [
        'WatchedEvent state:SyncConnected type:None path:null',
        'WatchedEvent state:SyncConnected type:NodeChildrenChanged path:/',
      ],
    });
  });

  it('keeps an empty data line that happens to precede a block', () => {
    // `get /empty` prints an empty line, then an event block arrives.
    const raw = ['', '', 'WATCHER::', '', 'WatchedEvent state:SyncConnected type:NodeDeleted path:/x', 'next'];
    expect(splitWatcherBlocks(raw)).toEqual({
      out: ['', 'next'],
      events: ['WatchedEvent state:SyncConnected type:NodeDeleted path:/x'],
    });
  });

  it('keeps a data line reading WATCHER:: that is not preceded by an empty line', () => {
    expect(splitWatcherBlocks(['Created /w', 'WATCHER::'])).toEqual({ out: ['Created /w', 'WATCHER::'], events: [] });
  });
});

describe('toLines', () => {
  it('does not invent a line after the final newline', () => {
    expect(toLines('a\nb\n')).toEqual(['a', 'b']);
    expect(toLines('a\n\n')).toEqual(['a', '']);
    expect(toLines('rw')).toEqual(['rw']);
    expect(toLines('')).toEqual([]);
  });
});

describe('maskDates', () => {
  it('masks Java dates but keeps the epoch date of system nodes', () => {
    expect(maskDates('ctime = Sun Nov 22 03:00:09 UTC 2026')).toBe('ctime = <date>');
    expect(maskDates('ctime = Thu Jan 01 00:00:00 UTC 1970')).toBe('ctime = Thu Jan 01 00:00:00 UTC 1970');
    expect(maskDates('1 expire at Mon Feb 02 10:11:12 GMT+05:30 2026:')).toBe('1 expire at <date>:');
    expect(maskDates('Thu Jan 01 00:00:00 CET 1970')).toBe('<date>');
  });
});

describe('normalizeClientLine', () => {
  it('names session ids in order of first appearance and keeps 0x0', () => {
    const sessions = new SessionNames();
    expect(normalizeClientLine('ephemeralOwner = 0x100000582b00002', sessions)).toBe('ephemeralOwner = <session1>');
    expect(normalizeClientLine('ephemeralOwner = 0x100000582b00005', sessions)).toBe('ephemeralOwner = <session2>');
    expect(normalizeClientLine('ephemeralOwner = 0x100000582b00002', sessions)).toBe('ephemeralOwner = <session1>');
    expect(normalizeClientLine('ephemeralOwner = 0x0', sessions)).toBe('ephemeralOwner = 0x0');
  });

  it('moves every loopback port to 2181', () => {
    expect(normalizeClientLine('Connecting to 127.0.0.1:40123', new SessionNames())).toBe('Connecting to 127.0.0.1:2181');
  });
});

describe('normalizeFourLetter', () => {
  it('masks timing-dependent srvr fields and keeps the rest', () => {
    const answer =
      'Zookeeper version: 3.8.0-x, built on 2024-12-29 17:54 UTC\nLatency min/avg/max: 0/1.9333/10\nReceived: 17\nSent: 18\nConnections: 2\nOutstanding: 0\nZxid: 0xa\nMode: standalone\nNode count: 9\n';
    expect(normalizeFourLetter('srvr', answer, new SessionNames())).toEqual([
      'Zookeeper version: 3.8.0-x, built on 2024-12-29 17:54 UTC',
      'Latency min/avg/max: <masked>',
      'Received: <masked>',
      'Sent: <masked>',
      'Connections: 2',
      'Outstanding: 0',
      'Zxid: 0xa',
      'Mode: standalone',
      'Node count: 9',
    ]);
  });

  it('sorts cons connections and names their sessions', () => {
    const answer =
      ' /127.0.0.1:49224[1](queued=0,recved=6,sent=7,sid=0x100000582b00002,lop=CREA,est=1795316580899,to=30000,lcxid=0x5,lzxid=0xa,lresp=540580,llat=1,minlat=0,avglat=0,maxlat=2)\n /127.0.0.1:59942[0](queued=0,recved=1,sent=0)\n\n';
    expect(normalizeFourLetter('cons', answer, new SessionNames())).toEqual([
      ' /127.0.0.1:2181[0](queued=0,recved=<masked>,sent=<masked>)',
      ' /127.0.0.1:2181[1](queued=0,recved=<masked>,sent=<masked>,sid=<session1>,lop=CREA,est=<masked>,to=30000,lcxid=0x5,lzxid=0xa,lresp=<masked>,llat=<masked>,minlat=<masked>,avglat=<masked>,maxlat=<masked>)',
      '',
    ]);
  });

  it('drops dump expiry buckets but keeps their members', () => {
    const answer =
      'SessionTracker dump:\nSession Sets (2)/(1):\n0 expire at Sun Nov 22 03:03:31 UTC 2026:\n1 expire at Sun Nov 22 03:03:33 UTC 2026:\n\t0x100000582b00002\nephemeral nodes dump:\nSessions with Ephemerals (1):\n0x100000582b00002:\n\t/e\n';
    expect(normalizeFourLetter('dump', answer, new SessionNames())).toEqual([
      'SessionTracker dump:',
      'Session Sets (<masked>)/(1):',
      '\t<session1>',
      'ephemeral nodes dump:',
      'Sessions with Ephemerals (1):',
      '<session1>:',
      '\t/e',
    ]);
  });

  it('masks mntr latencies but keeps counts of znodes and watches', () => {
    const answer = 'zk_version\t3.8.0\nzk_avg_latency\t1.9333\nzk_znode_count\t9\nzk_watch_count\t2\nzk_p99_readlatency\t2\nzk_uptime\t1825\n';
    expect(normalizeFourLetter('mntr', answer, new SessionNames())).toEqual([
      'zk_version\t3.8.0',
      'zk_avg_latency\t<masked>',
      'zk_znode_count\t9',
      'zk_watch_count\t2',
      'zk_p99_readlatency\t<masked>',
      'zk_uptime\t<masked>',
    ]);
  });
});

describe('normalizeRun', () => {
  it('numbers sessions across clients and 4lw in file order', () => {
    const run = normalizeRun({
      clients: [
        { name: 'c1', raw: 'ephemeralOwner = 0x1000000000000a7\n' },
        { name: 'c2', raw: 'ephemeralOwner = 0x1000000000000b2\n' },
      ],
      fourLetter: [{ word: 'wchc', answer: '0x1000000000000b2\n\t/x\n0x1000000000000a7\n\t/y\n\n' }],
    });
    expect(run.clients.map((c) => c.out[0])).toEqual(['ephemeralOwner = <session1>', 'ephemeralOwner = <session2>']);
    expect(run.fourLetter).toEqual(['> wchc', '<session1>', '\t/y', '<session2>', '\t/x', '']);
  });
});

describe('expected files', () => {
  const run: ScriptRun = {
    clients: [
      { name: 'c1', out: ['Created /a', '', '=== c1 out', '\\back'], events: ['WatchedEvent state:SyncConnected type:None path:null'] },
      { name: 'c2', out: [], events: [] },
    ],
    fourLetter: ['> ruok', 'imok'],
  };

  it('round-trips, including lines that look like headers', () => {
    const text = formatExpected(run);
    expect(text).toContain('\n\\=== c1 out\n');
    expect(parseExpected(text)).toEqual(run);
  });

  it('compareRuns reports a changed line with a diff and nothing for equal runs', () => {
    expect(compareRuns('x', run, structuredClone(run))).toEqual([]);
    const other = structuredClone(run);
    other.clients[0]!.out[0] = 'Created /b';
    const differences = compareRuns('x', run, other);
    expect(differences).toHaveLength(1);
    expect(differences[0]).toContain('c1 out differs');
    expect(differences[0]).toContain('-Created /a');
    expect(differences[0]).toContain('+Created /b');
  });

  it('diffLines lists removed (expected) lines before added (actual) ones, with context', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'B', 'c'])).toBe('@@ expected line 1, actual line 1 @@\n a\n-b\n+B\n c');
  });

  it('diffLines shows tabs and is null for equal input', () => {
    expect(diffLines(['a'], ['a'])).toBeNull();
    expect(diffLines(['a\tb'], ['a b'])).toContain('-a\\tb');
  });
});

describe('dump with several sessions', () => {
  it('sorts the per-session ephemeral blocks by session id', () => {
    const answer =
      'ephemeral nodes dump:\nSessions with Ephemerals (2):\n0x1000000000000b2:\n\t/x\n0x1000000000000a7:\n\t/y\n\t/z\nConnections dump:\n';
    expect(normalizeFourLetter('dump', answer, new SessionNames())).toEqual([
      'ephemeral nodes dump:',
      'Sessions with Ephemerals (2):',
      '<session1>:',
      '\t/y',
      '\t/z',
      '<session2>:',
      '\t/x',
      'Connections dump:',
    ]);
  });
});

import { sortWatchRemovalRuns } from './normalize.ts';
describe('watch removal runs', () => {
  it('sorts only consecutive removal events', () => {
    const d = 'WatchedEvent state:SyncConnected type:DataWatchRemoved path:/n';
    const c = 'WatchedEvent state:SyncConnected type:ChildWatchRemoved path:/n';
    const x = 'WatchedEvent state:SyncConnected type:NodeCreated path:/n';
    expect(sortWatchRemovalRuns([d, c, x, d, c])).toEqual([c, d, x, c, d]);
    expect(sortWatchRemovalRuns([d, x, c])).toEqual([d, x, c]);
  });
});
