import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJson } from './json.ts';
import { parseScenario, validateScenario } from './validate.ts';

const EXAMPLES = join(import.meta.dirname, 'examples');

/** A valid scenario that uses every kind of action. */
function good(): Record<string, unknown> {
  return {
    version: 1,
    title: 'everything',
    seed: 7,
    ensemble: { servers: [{ id: 1 }, { id: 2 }, { id: 3, role: 'participant' }, { id: 4, role: 'observer' }], tickTime: 2000, initLimit: 10, syncLimit: 5, snapCount: 1000, minSessionTimeout: 4000, maxSessionTimeout: -1, extendedTypesEnabled: true },
    network: { latency: { min: 5, max: 20 }, fsyncLatency: { min: 1, max: 5 } },
    actions: [
      { at: 0, do: 'start', server: 1 },
      { at: 500, do: 'connect', client: 'c1', servers: [1, 2], sessionTimeout: 30000, chroot: '/app' },
      { at: 900, do: 'cli', client: 'c1', command: 'create /a x' },
      { at: 1000, do: 'kill', server: 2 },
      { at: 1100, do: 'restart', server: 2 },
      { at: 1200, do: 'pause', server: 3 },
      { at: 1300, do: 'resume', server: 3 },
      { at: 1400, do: 'wipe', server: 4 },
      { at: 1500, do: 'partition', groups: [[1, 2], [3]] },
      { at: 1600, do: 'isolate', server: 1 },
      { at: 1700, do: 'cut', from: 1, to: 2 },
      { at: 1800, do: 'heal' },
      { at: 1900, do: 'torn-record', server: 1 },
      { at: 2000, do: 'corrupt-record', server: 1, zxid: '0x100000003' },
      { at: 2000, do: 'corrupt-record', server: 2, zxid: 4294967299 },
      { at: 2100, do: 'lost-snapshot', server: 1 },
      { at: 2200, do: 'lose-unsynced', server: 1 },
      { at: 2300, do: 'close', client: 'c1' },
      { at: 2400, do: 'cli', client: 'c1', command: 'ls /' },
      { at: 2500, do: 'crash-client', client: 'c1' },
    ],
    until: 60000,
  };
}

type Mutation = (s: Record<string, any>) => unknown;

const cases: [name: string, mutate: Mutation, message: string][] = [
  ['not an object', () => [], 'scenario: expected an object, got an array'],
  ['unknown top-level field', (s) => ((s.sede = 1), s), 'sede: unknown field'],
  ['unknown field, other case', (s) => ((s.Seed = 1), s), 'Seed: unknown field (did you mean "seed"?)'],
  ['missing version', (s) => (delete s.version, s), 'version: missing (required)'],
  ['version 2', (s) => ((s.version = 2), s), 'version: unsupported version 2 (this ZooScope reads version 1)'],
  ['version as string', (s) => ((s.version = '1'), s), 'version: expected the number 1, got a string ("1")'],
  ['missing seed', (s) => (delete s.seed, s), 'seed: missing (required)'],
  ['negative seed', (s) => ((s.seed = -1), s), 'seed: must not be negative, got -1'],
  ['fractional seed', (s) => ((s.seed = 1.5), s), 'seed: must be an integer, got 1.5'],
  ['seed as string', (s) => ((s.seed = '7'), s), 'seed: expected an integer, got a string ("7")'],
  ['seed too large', (s) => ((s.seed = 2 ** 32), s), 'seed: must be at most 4294967295, got 4294967296'],
  ['title not a string', (s) => ((s.title = 3), s), 'title: expected a string, got a number (3)'],
  ['missing ensemble', (s) => (delete s.ensemble, s), 'ensemble: missing (required)'],
  ['ensemble not an object', (s) => ((s.ensemble = 5), s), 'ensemble: expected an object, got a number (5)'],
  ['unknown ensemble field', (s) => ((s.ensemble.electionAlg = 3), s), 'ensemble.electionAlg: unknown field'],
  ['neither servers nor counts', (s) => ((s.ensemble = {}), s), 'ensemble: needs servers, or participants (and optionally observers)'],
  ['servers and counts', (s) => ((s.ensemble.participants = 3), s), 'ensemble.participants: give either servers or participants/observers, not both'],
  ['observers without participants', (s) => ((s.ensemble = { observers: 1 }), s), 'ensemble.participants: missing (required with observers)'],
  ['too many participants', (s) => ((s.ensemble = { participants: 10 }), s), 'ensemble.participants: must be at most 9, got 10'],
  ['no participants', (s) => ((s.ensemble = { participants: 0 }), s), 'ensemble.participants: must be at least 1, got 0'],
  ['too many observers', (s) => ((s.ensemble = { participants: 3, observers: 4 }), s), 'ensemble.observers: must be at most 3, got 4'],
  ['empty server list', (s) => ((s.ensemble.servers = []), s), 'ensemble.servers: must not be empty'],
  ['duplicate server ids', (s) => ((s.ensemble.servers[1].id = 1), s), 'ensemble.servers[1].id: duplicate server id 1 (also ensemble.servers[0])'],
  ['server id 0', (s) => ((s.ensemble.servers[0].id = 0), s), 'ensemble.servers[0].id: must be at least 1, got 0'],
  ['server id too large', (s) => ((s.ensemble.servers[0].id = 256), s), 'ensemble.servers[0].id: must be at most 255, got 256'],
  ['unknown role', (s) => ((s.ensemble.servers[0].role = 'leader'), s), 'ensemble.servers[0].role: expected "participant" or "observer", got a string ("leader")'],
  ['unknown server field', (s) => ((s.ensemble.servers[2].port = 1), s), 'ensemble.servers[2].port: unknown field'],
  [
    'four observers in a list',
    (s) => ((s.ensemble.servers = [{ id: 1 }, ...[2, 3, 4, 5].map((id) => ({ id, role: 'observer' }))]), (s.actions = []), s),
    'ensemble.servers: has 4 observers; at most 3 allowed',
  ],
  ['ten participants in a list', (s) => ((s.ensemble.servers = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((id) => ({ id }))), s), 'ensemble.servers: has 10 participants; an ensemble has 1 to 9'],
  ['only observers', (s) => ((s.ensemble.servers = [{ id: 1, role: 'observer' }]), (s.actions = []), s), 'ensemble.servers: needs at least one participant'],
  ['standalone with three', (s) => ((s.ensemble = { participants: 3, standalone: true }), (s.actions = []), s), 'ensemble.standalone: a standalone server needs exactly one participant and no observers'],
  ['standalone not boolean', (s) => ((s.ensemble = { participants: 1, standalone: 'yes' }), (s.actions = []), s), 'ensemble.standalone: expected true or false, got a string ("yes")'],
  ['tickTime zero', (s) => ((s.ensemble.tickTime = 0), s), 'ensemble.tickTime: must be at least 1, got 0'],
  ['snapCount 1', (s) => ((s.ensemble.snapCount = 1), s), 'ensemble.snapCount: must be at least 2, got 1'],
  ['extendedTypesEnabled not boolean', (s) => ((s.ensemble.extendedTypesEnabled = 1), s), 'ensemble.extendedTypesEnabled: expected true or false, got a number (1)'],
  [
    'min session timeout above max',
    (s) => ((s.ensemble.minSessionTimeout = 50000), (s.ensemble.maxSessionTimeout = 40000), s),
    'ensemble.minSessionTimeout: minSessionTimeout (50000) must not be larger than maxSessionTimeout (40000)',
  ],
  [
    'min session timeout above the default max',
    (s) => ((s.ensemble.minSessionTimeout = 50000), (s.ensemble.maxSessionTimeout = -1), s),
    'ensemble.minSessionTimeout: minSessionTimeout (50000) must not be larger than maxSessionTimeout (40000, 20 * tickTime)',
  ],
  ['unknown network field', (s) => ((s.network.loss = 0.1), s), 'network.loss: unknown field'],
  ['latency max below min', (s) => ((s.network.latency = { min: 20, max: 5 }), s), 'network.latency.max: must not be less than min (20), got 5'],
  ['negative fsync latency', (s) => ((s.network.fsyncLatency.min = -1), s), 'network.fsyncLatency.min: must not be negative, got -1'],
  ['latency missing max', (s) => ((s.network.latency = { min: 1 }), s), 'network.latency.max: missing (required)'],
  ['actions not an array', (s) => ((s.actions = {}), s), 'actions: expected an array, got an object'],
  ['action not an object', (s) => ((s.actions[3] = 'kill 2'), s), 'actions[3]: expected an object, got a string ("kill 2")'],
  ['unknown action', (s) => ((s.actions[3].do = 'explode'), s), 'actions[3].do: unknown action "explode" (one of start, kill, restart, pause, resume, wipe, partition, isolate, cut, heal, connect, cli, close, crash-client, torn-record, corrupt-record, lost-snapshot, lose-unsynced, 4lw)'],
  ['missing do', (s) => (delete s.actions[3].do, s), 'actions[3].do: missing (required)'],
  ['missing at', (s) => (delete s.actions[3].at, s), 'actions[3].at: missing (required)'],
  ['negative time', (s) => ((s.actions[0].at = -5), s), 'actions[0].at: must not be negative, got -5'],
  ['fractional time', (s) => ((s.actions[0].at = 0.5), s), 'actions[0].at: must be an integer, got 0.5'],
  ['server not in the ensemble', (s) => ((s.actions[3].server = 7), s), 'actions[3].server: no server 7 in the ensemble'],
  ['server as string', (s) => ((s.actions[3].server = '2'), s), 'actions[3].server: expected an integer, got a string ("2")'],
  ['missing server', (s) => (delete s.actions[3].server, s), 'actions[3].server: missing (required)'],
  ['misspelt field', (s) => ((s.actions[3] = { at: 1000, do: 'kill', servr: 2 }), s), 'actions[3].servr: unknown field'],
  ['field of another action', (s) => ((s.actions[11].server = 1), s), 'actions[11].server: unknown field'],
  ['ids not in the ensemble (counts)', (s) => ((s.ensemble = { participants: 3 }), (s.actions = [{ at: 0, do: 'isolate', server: 4 }]), s), 'actions[0].server: no server 4 in the ensemble'],
  ['partition with a server twice', (s) => ((s.actions[8].groups = [[1, 2], [2, 3]]), s), 'actions[8].groups[1][0]: server 2 is already in groups[0]'],
  ['partition with an empty group', (s) => ((s.actions[8].groups = [[1, 2], []]), s), 'actions[8].groups[1]: must not be empty'],
  ['partition with an unknown server', (s) => ((s.actions[8].groups = [[1, 9]]), s), 'actions[8].groups[0][1]: no server 9 in the ensemble'],
  ['cut to itself', (s) => ((s.actions[10].to = 1), s), 'actions[10].to: cannot cut server 1 from itself'],
  ['connect to no servers', (s) => ((s.actions[1].servers = []), s), 'actions[1].servers: must not be empty'],
  ['connect to an unknown server', (s) => ((s.actions[1].servers = [1, 8]), s), 'actions[1].servers[1]: no server 8 in the ensemble'],
  ['connect to a server twice', (s) => ((s.actions[1].servers = [1, 1]), s), 'actions[1].servers[1]: server 1 is listed twice'],
  ['zero session timeout', (s) => ((s.actions[1].sessionTimeout = 0), s), 'actions[1].sessionTimeout: must be at least 1, got 0'],
  ['bad chroot', (s) => ((s.actions[1].chroot = 'app'), s), 'actions[1].chroot: not a valid chroot path: Path must start with / character'],
  ['chroot ending in /', (s) => ((s.actions[1].chroot = '/app/'), s), 'actions[1].chroot: not a valid chroot path: Path must not end with / character'],
  ['bad client name', (s) => ((s.actions[1].client = 'c#1'), s), 'actions[1].client: "c#1" is not a client name (letters, digits, _ . -; not starting with . or -)'],
  ['client name not a string', (s) => ((s.actions[1].client = 1), s), 'actions[1].client: expected a string, got a number (1)'],
  ['client used before connect', (s) => ((s.actions[1].at = 950), s), 'actions[2].client: client c1 is used at 900 before it connects (actions[1] at 950)'],
  ['client never connected', (s) => ((s.actions[2].client = 'c2'), s), 'actions[2].client: client c2 is never connected (no connect action for it)'],
  ['client connected twice', (s) => (s.actions.push({ at: 3000, do: 'connect', client: 'c1', servers: [1] }), s), 'actions[20].client: client c1 already connected (actions[1]); each client connects once (use a cli "connect host:port" to reconnect)'],
  ['client used after a crash', (s) => (s.actions.push({ at: 3000, do: 'cli', client: 'c1', command: 'ls /' }), s), 'actions[20].client: client c1 crashed earlier (actions[19] at 2500)'],
  ['empty command', (s) => ((s.actions[2].command = '  '), s), 'actions[2].command: must not be empty'],
  ['two lines in a command', (s) => ((s.actions[2].command = 'ls /\nls /a'), s), 'actions[2].command: must be one zkCli line (no line breaks)'],
  ['missing command', (s) => (delete s.actions[2].command, s), 'actions[2].command: missing (required)'],
  ['corrupt-record without zxid', (s) => (delete s.actions[13].zxid, s), 'actions[13].zxid: missing (required)'],
  ['corrupt-record with a bad zxid', (s) => ((s.actions[13].zxid = 'latest'), s), 'actions[13].zxid: expected an integer or a hex string like "0x100000003", got a string ("latest")'],
  ['corrupt-record with zxid 0', (s) => ((s.actions[13].zxid = 0), s), 'actions[13].zxid: must be at least 1, got 0'],
  ['missing until', (s) => (delete s.until, s), 'until: missing (required)'],
  ['until before the last action', (s) => ((s.until = 2000), s), 'until: 2000 is before the last action (actions[19] at 2500)'],
  ['until too late', (s) => ((s.until = 86_400_001), s), 'until: must be at most 86400000, got 86400001'],
];

describe('validateScenario', () => {
  it('accepts the reference scenario', () => {
    const r = validateScenario(good());
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it.each(cases)('%s', (_name, mutate, message) => {
    const r = validateScenario(mutate(good()));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContain(message);
  });

  it('reports every problem, in document order', () => {
    const s = good() as Record<string, any>;
    s.seed = -1;
    s.actions[3].server = 9;
    s.actions[5].server = 0;
    const r = validateScenario(s);
    expect(r.ok ? [] : r.errors).toEqual(['seed: must not be negative, got -1', 'actions[3].server: no server 9 in the ensemble', 'actions[5].server: must be at least 1, got 0']);
  });

  it('orders actions by time when checking clients (same time: as listed)', () => {
    const s = good() as Record<string, any>;
    // The cli is listed first but runs after the connect: fine.
    s.actions = [
      { at: 900, do: 'cli', client: 'c1', command: 'ls /' },
      { at: 500, do: 'connect', client: 'c1', servers: [1] },
    ];
    expect(validateScenario(s).ok).toBe(true);
    s.actions = [
      { at: 500, do: 'cli', client: 'c1', command: 'ls /' },
      { at: 500, do: 'connect', client: 'c1', servers: [1] },
    ];
    expect(validateScenario(s)).toEqual({ ok: false, errors: ['actions[0].client: client c1 is used at 500 before it connects (actions[1] at 500)'] });
  });

  it('never throws, whatever the input', () => {
    const weird: unknown[] = [null, undefined, 0, 'x', true, [], [[]], { version: 1, ensemble: [], actions: [null, 1, [], { do: null }], until: null }, { ensemble: { servers: [null, 1, { id: null }] } }];
    for (const w of weird) {
      const r = validateScenario(w);
      expect(r.ok).toBe(false);
      if (!r.ok) for (const e of r.errors) expect(e).toMatch(/^[\w.[\]-]+: /);
    }
  });

  it('round-trips a valid scenario unchanged', () => {
    const s = good();
    const r = validateScenario(JSON.parse(JSON.stringify(s)));
    expect(r).toEqual({ ok: true, scenario: s });
    if (r.ok) expect(parseScenario(JSON.stringify(r.scenario, null, 2))).toEqual({ ok: true, scenario: s });
  });

  it('round-trips every gallery example', () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const text = readFileSync(join(EXAMPLES, f), 'utf8');
      const r = parseScenario(text);
      expect(r.ok ? [] : r.errors, f).toEqual([]);
      if (r.ok) {
        expect(r.scenario).toEqual(JSON.parse(text));
        expect(r.scenario.title, f).toBeTruthy();
        expect(r.scenario.description, f).toBeTruthy();
      }
    }
  });
});

describe('parseScenario: text that is not JSON', () => {
  it.each([
    ['{"version": 1,,}', 'not valid JSON: line 1, column 15: expected a key in double quotes, found \',\''],
    ['{\n  "version": 1,\n  "seed": 7,\n}', 'not valid JSON: line 4, column 1: expected a key (no trailing comma before }), found \'}\''],
    ['{\n  "seed": 07\n}', 'not valid JSON: line 2, column 12: expected a number to end, found \'7\''],
    ["{'version': 1}", 'not valid JSON: line 1, column 2: expected a key in double quotes, found \'\'\''],
    ['{"version": 1', 'not valid JSON: line 1, column 14: unterminated object (opened at line 1, column 1)'],
    ['{"a": "x', 'not valid JSON: line 1, column 9: unterminated string (opened at line 1, column 7)'],
    ['', 'not valid JSON: line 1, column 1: the document is empty'],
    ['{"seed": 1, "seed": 2}', 'not valid JSON: line 1, column 13: duplicate key "seed"'],
    ['{"until": tru}', 'not valid JSON: line 1, column 11: expected a value (strings need double quotes), found \'t\''],
    ['{} {}', 'not valid JSON: line 1, column 4: expected end of input after the top-level value, found \'{\''],
    ['[1, 2,]', 'not valid JSON: line 1, column 7: expected a value (no trailing comma before ]), found \']\''],
  ])('%j', (text, message) => {
    expect(parseScenario(text)).toEqual({ ok: false, errors: [message] });
  });

  it('reads what JSON.parse reads', () => {
    const texts = ['{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n\\"\\\\\\/"],"b":{}}', '\ufeff {"x": 0.125}', '[]', '"s"', '-0'];
    for (const t of texts) {
      const r = parseJson(t);
      expect(r).toEqual({ ok: true, value: JSON.parse(t.replace(/^\ufeff/, '')) });
    }
  });

  it('keeps a "__proto__" key as data (then rejects it as an unknown field)', () => {
    const r = parseScenario('{"__proto__": {"version": 1}}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContain('__proto__: unknown field');
  });
});
