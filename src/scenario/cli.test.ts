// The command-line tools, run as a user runs them: `npx tsx tools/scenario.ts FILE` and
// `npx tsx tools/zkcli.ts --servers N`.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from './types.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function tool(script: string, args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['tsx', script, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
  // npx itself may warn about the environment's npm configuration.
  const stderr = r.stderr
    .split('\n')
    .filter((l) => !l.startsWith('npm warn'))
    .join('\n');
  return { status: r.status, stdout: r.stdout, stderr };
}

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'zooscope-scenario-'));
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('tools/scenario.ts', () => {
  it('prints the report of an example as one JSON object and exits 0', () => {
    const r = tool('tools/scenario.ts', ['src/scenario/examples/staggered-start.json']);
    expect(r.stderr.trim()).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    const report = JSON.parse(lines[0]!) as Report;
    expect(Object.keys(report)).toEqual(['time', 'traceHash', 'violations', 'servers', 'clients', 'elections', 'syncs', 'fourLetterWords']);
    expect(report.time).toBe(20000);
    expect(report.violations).toEqual([]);
    expect(report.servers.find((s) => s.state === 'LEADING')?.id).toBe(3);
    expect(report.elections.map((e) => e.leader)).toEqual([3]);
  });

  it('rejects an invalid scenario with exit 2 and the reasons on stderr', () => {
    const f = tempFile('bad.json', JSON.stringify({ version: 1, seed: 1, ensemble: { participants: 3 }, actions: [{ at: 0, do: 'kill', server: 7 }, { at: 5, do: 'jump' }], until: 1 }));
    const r = tool('tools/scenario.ts', [f]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      `scenario: ${f} is not a valid scenario:`,
      '  actions[0].server: no server 7 in the ensemble',
      expect.stringMatching(/^ {2}actions\[1\]\.do: unknown action "jump" \(one of start, kill, /),
      '  until: 1 is before the last action (actions[1] at 5)',
      '',
    ]);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  });

  it('rejects text that is not JSON with its position', () => {
    const f = tempFile('broken.json', '{\n  "version": 1,\n  "seed": 7\n  "until": 5\n}\n');
    const r = tool('tools/scenario.ts', [f]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`scenario: ${f} is not a valid scenario:\n  not valid JSON: line 4, column 3: expected ',' or '}', found '"'\n`);
  });

  it('exits 2 when the file is missing or not given', () => {
    const missing = tool('tools/scenario.ts', ['/nonexistent/x.json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('scenario: cannot read /nonexistent/x.json: no such file\n');
    const none = tool('tools/scenario.ts', []);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^scenario: no file given\nusage: /);
  });
});

describe('tools/zkcli.ts', () => {
  it('--servers N --observers M runs zkCli against an ensemble, connected to every server', () => {
    const r = tool('tools/zkcli.ts', ['--servers', '3', '--observers', '1', '--seed', '4'], 'create /x 1\nget /x\nls /\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        'Connecting to 127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183,127.0.0.1:2184',
        'Welcome to ZooKeeper!',
        'JLine support is disabled',
        '',
        'WATCHER::',
        '',
        'WatchedEvent state:SyncConnected type:None path:null',
        '1',
        '[x, zookeeper]',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('Created /x\n');
  });

  it('without --servers it still runs a standalone server on 2181', () => {
    const r = tool('tools/zkcli.ts', [], 'create -e /e x\nstat /e\n');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['Connecting to 127.0.0.1:2181', 'Welcome to ZooKeeper!']);
    expect(r.stdout).toContain('cZxid = 0x2\n');
  });

  it('rejects bad ensemble options', () => {
    const r = tool('tools/zkcli.ts', ['--servers', '10']);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('--servers must be 1 to 9');
    const o = tool('tools/zkcli.ts', ['--observers', '1']);
    expect(o.status).toBe(2);
    expect(o.stderr.split('\n')[0]).toBe('--observers needs --servers');
  });
});
