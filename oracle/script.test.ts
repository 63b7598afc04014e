import { describe, expect, it } from 'vitest';
import { parseScript, ScriptError } from './script.ts';
import { toRealAddress } from './realServer.ts';

describe('parseScript', () => {
  it('parses header comments, server config, clients and directives with line numbers', () => {
    const script = parseScript(
      [
        '# Ephemeral nodes go away when the session expires.',
        '# Second comment line.',
        '%server tickTime=1000',
        '%jvm -Dznode.container.checkIntervalMs=1000',
        'create /a',
        '%client c2 -timeout 4000',
        'create -e /a/e',
        '%crash c2',
        '%sleep 6000',
        '%client c1',
        '# not a comment any more',
        '',
        '%4lw ruok',
      ].join('\n') + '\n',
      'oracle/scripts/042-expiry.zk',
    );
    expect(script.name).toBe('042-expiry');
    expect(script.header).toEqual({
      comments: ['Ephemeral nodes go away when the session expires.', 'Second comment line.'],
      server: ['tickTime=1000'],
      jvm: ['-Dznode.container.checkIntervalMs=1000'],
    });
    expect(script.clients).toEqual(['c1', 'c2']);
    expect(script.steps).toEqual([
      { kind: 'start', client: 'c1', options: [], line: 5 },
      { kind: 'command', client: 'c1', text: 'create /a', line: 5 },
      { kind: 'start', client: 'c2', options: ['-timeout', '4000'], line: 6 },
      { kind: 'command', client: 'c2', text: 'create -e /a/e', line: 7 },
      { kind: 'crash', client: 'c2', line: 8 },
      { kind: 'sleep', ms: 6000, line: 9 },
      { kind: 'command', client: 'c1', text: '# not a comment any more', line: 11 },
      { kind: 'command', client: 'c1', text: '', line: 12 },
      { kind: 'fourLetter', word: 'ruok', line: 13 },
    ]);
  });

  it('starts c1 with options when the script names it first', () => {
    const script = parseScript('%client c1 -timeout 5000\nls /\n', 'x/001-a.zk');
    expect(script.steps[0]).toEqual({ kind: 'start', client: 'c1', options: ['-timeout', '5000'], line: 1 });
  });

  const rejects = (text: string, message: RegExp) => {
    expect(() => parseScript(text, 'oracle/scripts/007-bad.zk')).toThrow(ScriptError);
    expect(() => parseScript(text, 'oracle/scripts/007-bad.zk')).toThrow(message);
  };

  it('rejects malformed directives naming file and line', () => {
    rejects('ls /\n%sleep soon\n', /^oracle\/scripts\/007-bad\.zk:2: %sleep needs a number/);
    rejects('%frobnicate\n', /007-bad\.zk:1: unknown directive "%frobnicate"/);
    rejects('%4lw RUOK\n', /:1: %4lw needs a four-letter word/);
    rejects('%4lw ruokay\n', /:1: %4lw needs a four-letter word/);
    rejects('%client\n', /:1: %client needs a client name/);
    rejects('%client c2 -server 1.2.3.4:2181\n', /:1: unsupported zkCli option "-server"/);
    rejects('%client c2 -timeout\n', /:1: -timeout needs a number/);
    rejects('%crash c9\n', /:1: %crash c9: no such client/);
    rejects('%server tickTime\n', /:1: %server needs a zoo.cfg line/);
    rejects('%server clientPortAddress=0.0.0.0\n', /:1: %server cannot set clientPortAddress/);
    rejects('%jvm Dfoo=bar\n', /:1: %jvm needs one JVM option/);
  });

  it('rejects configuration after the first command', () => {
    rejects('ls /\n%server tickTime=1000\n', /:2: %server is only allowed before the first command/);
    rejects('%client c2\n%jvm -Dx=y\n', /:2: %jvm is only allowed before the first command/);
  });

  it('rejects commands to a crashed client and options on a later mention', () => {
    rejects('%client c2\nls /\n%crash c2\nls /\n', /:4: client c2 was crashed at line 3/);
    rejects('%client c2\n%client c2 -timeout 4000\n', /:2: options for client c2 can only be given where it is first named/);
    rejects('ls /\r\n', /:1: carriage return/);
  });
});

describe('toRealAddress', () => {
  it('rewrites ZooScope’s address to the real server and leaves other ports alone', () => {
    expect(toRealAddress('connect 127.0.0.1:2181/app', 40001)).toBe('connect 127.0.0.1:40001/app');
    expect(toRealAddress('connect 127.0.0.1:21810', 40001)).toBe('connect 127.0.0.1:21810');
  });
});
