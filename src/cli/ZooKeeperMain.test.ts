import { describe, expect, it } from 'vitest';
import { BANNER, startHarness } from './testing/harness.ts';
import { watchedEventToString, ZooKeeperMain } from './ZooKeeperMain.ts';
import { IllegalArgumentException } from '../zk/PathUtils.ts';

// Unless said otherwise, expected texts are what zkCli 3.8.0 printed for the same input against a
// real 3.8.0 server (node contents aside, which come from the test fake here).

const USAGE =
  'ZooKeeper -server host:port -client-configuration properties-file cmd args\n' +
  '\taddWatch [-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE\n' +
  '\taddauth scheme auth\n' +
  '\tclose \n' +
  '\tconfig [-c] [-w] [-s]\n' +
  '\tconnect host:port\n' +
  '\tcreate [-s] [-e] [-c] [-t ttl] path [data] [acl]\n' +
  '\tdelete [-v version] path\n' +
  '\tdeleteall path [-b batch size]\n' +
  '\tdelquota [-n|-b|-N|-B] path\n' +
  '\tget [-s] [-w] path\n' +
  '\tgetAcl [-s] path\n' +
  '\tgetAllChildrenNumber path\n' +
  '\tgetEphemerals path\n' +
  '\thistory \n' +
  '\tlistquota path\n' +
  '\tls [-s] [-w] [-R] path\n' +
  '\tprintwatches on|off\n' +
  '\tquit \n' +
  '\treconfig [-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]\n' +
  '\tredo cmdno\n' +
  '\tremovewatches path [-c|-d|-a] [-l]\n' +
  '\tset [-s] [-v version] path data\n' +
  '\tsetAcl [-s] [-v version] [-R] path acl\n' +
  '\tsetquota -n|-b|-N|-B val path\n' +
  '\tstat [-w] path\n' +
  '\tsync path\n' +
  '\tversion \n' +
  '\twhoami \n';

const watcher = (state: string, type: string, path: string) => `\nWATCHER::\n\nWatchedEvent state:${state} type:${type} path:${path}\n`;

describe('banner and prompt', () => {
  it('prints Connecting, the connection event, Welcome and the JLine line', async () => {
    const h = await startHarness();
    expect(h.all()).toBe(BANNER);
    expect(h.err()).toBe('');
    expect(h.main.prompt()).toBe('[zk: 127.0.0.1:2181(CONNECTED) 0] ');
    await h.run('ls /');
    expect(h.main.prompt()).toBe('[zk: 127.0.0.1:2181(CONNECTED) 1] ');
  });

  it('says JLine is enabled for an interactive host', async () => {
    const h = await startHarness({ interactive: true });
    expect(h.out()).toContain('Welcome to ZooKeeper!\nJLine support is enabled\n');
  });
});

describe('unknown commands and usage lines', () => {
  it('prints the usage list on stderr then Command not found', async () => {
    const h = await startHarness();
    h.clear();
    await h.run('foo');
    expect(h.err()).toBe(USAGE + 'Command not found: Command not found foo\n');
    expect(h.out()).toBe('');
    expect(h.main.getExitCode()).toBe(127);
  });

  it('a blank line is a command named by its last blank', async () => {
    const h = await startHarness();
    h.clear();
    await h.run('', '   ', '\t');
    expect(h.err()).toBe(USAGE + 'Command not found: Command not found  \n' + USAGE + 'Command not found: Command not found \t\n');
    expect(h.main.getCommandCount()).toBe(2); // the empty line is not a command
  });

  it('prints the usage line of every command given too few words (stderr)', async () => {
    const h = await startHarness();
    h.clear();
    const cmds = [
      'addWatch', 'addauth', 'config', 'create', 'delete', 'deleteall', 'delquota', 'get', 'getAcl', 'getAllChildrenNumber', 'getEphemerals', 'listquota',
      'ls', 'reconfig', 'removewatches', 'set', 'setAcl', 'setquota', 'stat', 'sync', 'version', 'set /a', 'setAcl /a', 'addWatch /a /b', 'version x',
    ];
    await h.run(...cmds);
    // observed from zkCli 3.8.0, same input; `config` and `getEphemerals` are complete commands
    expect(h.all()).toBe(
      'addWatch [-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE\n' +
        'addauth scheme auth\n' +
        '\n' +
        'create [-s] [-e] [-c] [-t ttl] path [data] [acl]\n' +
        'delete [-v version] path\n' +
        'deleteall path [-b batch size]\n' +
        'delquota [-n|-b|-N|-B] path\n' +
        'get [-s] [-w] path\n' +
        'getAcl [-s] path\n' +
        'getAllChildrenNumber path\n' +
        '[]\n' +
        'listquota path\n' +
        'ls [-s] [-w] [-R] path\n' +
        'reconfig [-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]\n' +
        'removewatches path [-c|-d|-a] [-l]\n' +
        'set [-s] [-v version] path data\n' +
        'setAcl [-s] [-v version] [-R] path acl\n' +
        'org.apache.commons.cli.MissingOptionException: Missing required option: [-n num soft quota, -b bytes soft quota, -N num hard quota, -B bytes hard quota]\n' +
        'stat [-w] path\n' +
        'sync path\n' +
        'ZooKeeper CLI version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC\n' +
        'set [-s] [-v version] path data\n' +
        'setAcl [-s] [-v version] [-R] path acl\n' +
        'addWatch [-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE\n' +
        'version \n',
    );
    // only the `config` data line, the `[]` and the version line went to stdout
    expect(h.out()).toBe('\n[]\nZooKeeper CLI version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC\n');
  });

  it('reports commons-cli errors with the exception class', async () => {
    const h = await startHarness();
    h.clear();
    await h.run('ls -x /', 'delete -v', 'reconfig -fi x', 'setquota -n 1 -b 2 /a', 'addWatch -m', 'addWatch -m foo /w');
    expect(h.err()).toBe(
      'org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -x\n' +
        'org.apache.commons.cli.MissingArgumentException: Missing argument for option: v\n' +
        'org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -fi\n' +
        "org.apache.commons.cli.AlreadySelectedException: The option 'b' was specified but an option from this group has already been selected: 'n'\n" +
        'org.apache.commons.cli.MissingArgumentException: Missing argument for option: m\n' +
        'addWatch [-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE\n',
    );
  });

  it('ls -? prints the commons-cli help on stdout before going on', async () => {
    const h = await startHarness();
    h.clear();
    await h.run('ls -?', 'ls -? /');
    expect(h.all()).toBe(
      'usage: ls [options] path\n -?   help\n -R   recurse\n -s   stat\n -w   watch\nls [-s] [-w] [-R] path\n' +
        'usage: ls [options] path\n -?   help\n -R   recurse\n -s   stat\n -w   watch\n[zookeeper]\n',
    );
  });
});

describe('history and redo', () => {
  it('lists the last ten commands and the current one', async () => {
    const h = await startHarness();
    for (let i = 0; i < 12; i++) await h.run(`ls /${i === 0 ? '' : 'zookeeper'}`);
    h.clear();
    await h.run('history');
    expect(h.out()).toBe(['2 - ls /zookeeper', ...[3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => `${i} - ls /zookeeper`), '12 - history', ''].join('\n'));
  });

  it('redo: Integer.decode numbers, range checks, no redoing redos, history keeps the redone line', async () => {
    const h = await startHarness();
    await h.run('close', 'ls /', 'history', 'connect 127.0.0.1:2181', 'ls /zookeeper');
    h.clear();
    await h.run('redo 5', 'redo 1', 'redo 0x4', 'redo 010', 'redo -1', 'redo 100', 'redo', 'redo 5 6', 'history');
    // observed from zkCli 3.8.0 with the same lines (0x4 is 4; 010 is octal 8, out of range at that point)
    expect(h.all()).toBe(
      'Command index out of range\n' +
        '[zookeeper]\n' +
        '[config, quota]\n' +
        'Command index out of range\n' +
        'Command index out of range\n' +
        'Command index out of range\n' +
        'No redoing redos\n' +
        '3 - connect 127.0.0.1:2181\n' +
        '4 - ls /zookeeper\n' +
        '5 - redo 5\n' +
        '6 - ls /\n' +
        '7 - ls /zookeeper\n' +
        '8 - redo 010\n' +
        '9 - redo -1\n' +
        '10 - redo 100\n' +
        '11 - redo\n' +
        '12 - redo 5 6\n' +
        '13 - history\n',
    );
  });

  it('redo of a command that ends the session prints Not connected twice', async () => {
    const h = await startHarness();
    await h.run('create /rd', 'close');
    h.clear();
    await h.run('redo 1', 'history', 'printwatches');
    // observed from zkCli 3.8.0
    expect(h.all()).toBe('Not connected\nNot connected\n0 - create /rd\n1 - close\n2 - close\n3 - history\nNot connected\nprintwatches is on\nNot connected\n');
  });

  it('redo with a word that is not a number (deviation: zkCli dies; we print the first line and go on)', async () => {
    const h = await startHarness();
    h.clear();
    await h.run('redo x', 'redo 0x', 'ls /');
    expect(h.err()).toBe(
      'Exception in thread "main" java.lang.NumberFormatException: For input string: "x"\n' +
        'Exception in thread "main" java.lang.NumberFormatException: For input string: "" under radix 16\n',
    );
    expect(h.out()).toBe('[zookeeper]\n');
  });

  it('a line with no word repeats the previous command; as the first line it is a Java NPE', async () => {
    const h = await startHarness();
    h.clear();
    await h.run('"', 'ls /zookeeper', '"', "'", 'history');
    expect(h.err()).toBe(
      'Exception in thread "main" java.lang.NullPointerException: Cannot invoke "java.util.List.toArray(Object[])" because "this.cmdArgs" is null\n',
    );
    // observed from zkCli 3.8.0 (after a first command): the lone quotes re-run `ls /zookeeper`
    expect(h.out()).toBe('[config, quota]\n[config, quota]\n[config, quota]\n0 - "\n1 - ls /zookeeper\n2 - "\n3 - \'\n4 - history\n');
  });
});

describe("'exit' crash mode", () => {
  it('prints the Java stack trace and exits 1, like the recorded zkCli', async () => {
    const h = await startHarness({ onUncaught: 'exit' });
    h.clear();
    await h.run('create /e', 'delete -v abc /e', 'ls /');
    // the oracle's recording of zkCli 3.8.0 (oracle/expected/036-delete-version-crash.txt)
    expect(h.all()).toBe(
      'Created /e\n' +
        'Exception in thread "main" java.lang.NumberFormatException: For input string: "abc"\n' +
        '\tat java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)\n' +
        '\tat java.base/java.lang.Integer.parseInt(Integer.java:668)\n' +
        '\tat java.base/java.lang.Integer.parseInt(Integer.java:786)\n' +
        '\tat org.apache.zookeeper.cli.DeleteCommand.exec(DeleteCommand.java:81)\n' +
        '\tat org.apache.zookeeper.ZooKeeperMain.processZKCmd(ZooKeeperMain.java:438)\n' +
        '\tat org.apache.zookeeper.ZooKeeperMain.processCmd(ZooKeeperMain.java:367)\n' +
        '\tat org.apache.zookeeper.ZooKeeperMain.executeLine(ZooKeeperMain.java:359)\n' +
        '\tat org.apache.zookeeper.ZooKeeperMain.run(ZooKeeperMain.java:345)\n' +
        '\tat org.apache.zookeeper.ZooKeeperMain.main(ZooKeeperMain.java:293)\n',
    );
    expect(h.exits).toEqual([1]);
    expect(h.main.hasExited()).toBe(true);
  });

  it('redo x trace (oracle/expected/008-redo-not-a-number.txt)', async () => {
    const h = await startHarness({ onUncaught: 'exit' });
    h.clear();
    await h.run('redo x');
    expect(h.err()).toBe(
      'Exception in thread "main" java.lang.NumberFormatException: For input string: "x"\n' +
        '\tat java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)\n' +
        '\tat java.base/java.lang.Integer.parseInt(Integer.java:668)\n' +
        '\tat java.base/java.lang.Integer.valueOf(Integer.java:973)\n' +
        '\tat java.base/java.lang.Integer.decode(Integer.java:1458)\n' +
        '\tat org.apache.zookeeper.ZooKeeperMain.processZKCmd(ZooKeeperMain.java:397)\n' +
        '\tat org.apache.zookeeper.ZooKeeperMain.processCmd(ZooKeeperMain.java:367)\n' +
        '\tat org.apache.zookeeper.ZooKeeperMain.executeLine(ZooKeeperMain.java:359)\n' +
        '\tat org.apache.zookeeper.ZooKeeperMain.run(ZooKeeperMain.java:345)\n' +
        '\tat org.apache.zookeeper.ZooKeeperMain.main(ZooKeeperMain.java:293)\n',
    );
  });

  it('set -v with a non-number value', async () => {
    const h = await startHarness({ onUncaught: 'exit' });
    h.clear();
    await h.run('set -v -x /a x');
    // observed from zkCli 3.8.0 (commons-cli takes -x as the value of -v)
    expect(h.err()).toBe(
      'Exception in thread "main" java.lang.NumberFormatException: For input string: "-x"\n' +
        '\tat java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)\n' +
        '\tat java.base/java.lang.Integer.parseInt(Integer.java:668)\n' +
        '\tat java.base/java.lang.Integer.parseInt(Integer.java:786)\n' +
        '\tat org.apache.zookeeper.cli.SetCommand.exec(SetCommand.java:69)\n' +
        '\tat org.apache.zookeeper.ZooKeeperMain.processZKCmd(ZooKeeperMain.java:438)\n' +
        '\tat org.apache.zookeeper.ZooKeeperMain.processCmd(ZooKeeperMain.java:367)\n' +
        '\tat org.apache.zookeeper.ZooKeeperMain.executeLine(ZooKeeperMain.java:359)\n' +
        '\tat org.apache.zookeeper.ZooKeeperMain.run(ZooKeeperMain.java:345)\n' +
        '\tat org.apache.zookeeper.ZooKeeperMain.main(ZooKeeperMain.java:293)\n',
    );
  });
});

describe('printwatches and watch events', () => {
  it('prints WATCHER blocks on stdout as events arrive, unless printwatches is off', async () => {
    const h = await startHarness();
    await h.run('create /w', 'create /w/c1');
    h.clear();
    await h.run('ls -w /w', 'get -w /w', 'create /w/c2', 'set /w x', 'printwatches', 'printwatches off', 'printwatches', 'ls -w /w', 'create /w/c3', 'printwatches x', 'printwatches', 'printwatches on', 'printwatches');
    expect(h.all()).toBe(
      '[c1]\n' +
        'null\n' +
        watcher('SyncConnected', 'NodeChildrenChanged', '/w') +
        'Created /w/c2\n' +
        watcher('SyncConnected', 'NodeDataChanged', '/w') +
        'printwatches is on\n' +
        'printwatches is off\n' +
        '[c1, c2]\n' +
        'Created /w/c3\n' +
        'printwatches is off\n' +
        'printwatches is on\n',
    );
  });

  it('formats every event type and state name', () => {
    expect(watchedEventToString({ type: 7, state: 3, path: '/a' })).toBe('WatchedEvent state:SyncConnected type:PersistentWatchRemoved path:/a');
    expect(watchedEventToString({ type: 5, state: 0, path: '/a' })).toBe('WatchedEvent state:Disconnected type:DataWatchRemoved path:/a');
    expect(watchedEventToString({ type: 6, state: -112, path: '/a' })).toBe('WatchedEvent state:Expired type:ChildWatchRemoved path:/a');
    expect(watchedEventToString({ type: -1, state: 4, path: null })).toBe('WatchedEvent state:AuthFailed type:None path:null');
    expect(watchedEventToString({ type: -1, state: 5, path: null })).toBe('WatchedEvent state:ConnectedReadOnly type:None path:null');
    expect(watchedEventToString({ type: -1, state: 7, path: null })).toBe('WatchedEvent state:Closed type:None path:null');
  });

  it('removewatches: events for removed watches, No such watcher otherwise', async () => {
    const h = await startHarness();
    await h.run('create /w');
    h.clear();
    await h.run('get -w /w', 'removewatches /w -c', 'removewatches /w -d', 'removewatches /w');
    expect(h.all()).toBe('null\nKeeperErrorCode = No such watcher for /w\n' + watcher('SyncConnected', 'DataWatchRemoved', '/w') + 'KeeperErrorCode = No such watcher for /w\n');
  });

  it("addWatch keeps the last -m mode for later calls, as zkCli's command object does", async () => {
    const h = await startHarness();
    await h.run('addWatch -m PERSISTENT /aw', 'addWatch /aw2', 'addWatch -m Persistent_Recursive /aw3', 'addWatch -m bogus /aw4', 'addWatch /aw5');
    const zk = h.handles[0];
    expect(zk?.calls.filter((c) => c.startsWith('addWatch'))).toEqual(['addWatch /aw 0', 'addWatch /aw2 0', 'addWatch /aw3 1', 'addWatch /aw5 1']);
  });
});

describe('create', () => {
  it('flag combinations and their messages (stderr)', async () => {
    const h = await startHarness();
    await h.run('create /b');
    h.clear();
    await h.run(
      'create /b',
      'create -e /b/e',
      'create /b/e/x',
      'create -s /b/s data',
      'create -s -e /b/s data',
      'create -c -s /c',
      'create -t 100 -e /c',
      'create -t 100 -c /c',
      'create -t abc /c',
      'create -t 0 /c',
      'create -t -5 /c',
      'create -e -t x /c',
      'create -t 5 /t',
      'create -t5 -s /t',
      'create -c /c',
    );
    expect(h.out()).toBe('');
    expect(h.err()).toBe(
      'Node already exists: /b\n' +
        'Created /b/e\n' +
        'Ephemerals cannot have children: /b/e/x\n' +
        'Created /b/s0000000001\n' +
        'Created /b/s0000000002\n' +
        '-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.\n' +
        'TTLs cannot be used with Ephemeral znodes\n' +
        'TTLs cannot be used with Container znodes\n' +
        '-t argument must be a long value\n' +
        'ttl must be positive and cannot be larger than: 1099511627775\n' +
        'ttl must be positive and cannot be larger than: 1099511627775\n' +
        '-t argument must be a long value\n' +
        // TTL nodes on a server without extended types: the server answers UNIMPLEMENTED
        'KeeperErrorCode = Unimplemented for /t\n' +
        'KeeperErrorCode = Unimplemented for /t\n' +
        'Created /c\n',
    );
    // -t uses the create2-style call
    expect(h.handles[0]?.calls.filter((c) => c === 'create /t')).toHaveLength(2);
  });

  it('path errors and ACL errors', async () => {
    const h = await startHarness();
    h.clear();
    await h.run('create b', 'create /b/', 'create /nonode/x', 'create /y data foo', 'create /z data world:anyone:rq', 'create /a//b');
    expect(h.err()).toBe(
      'Path must start with / character\n' +
        'Path must not end with / character\n' +
        'Node does not exist: /nonode/x\n' +
        'foo does not have the form scheme:id:perm\n' +
        // the client rejects the empty ACL list itself: no path in the exception
        'KeeperErrorCode = InvalidACL\n' +
        'Acl is not valid : null\n' +
        'Unknown perm type: q\n' +
        'Created /z\n' +
        'Invalid path string "/a//b" caused by empty node name specified @3\n',
    );
  });

  it('data is UTF-8; get prints null for no data and U+FFFD for bad bytes', async () => {
    const h = await startHarness();
    await h.run('create /u héllo', 'create /n', 'create /e ""');
    const enc = h.world.nodes.get('/u')?.data;
    expect([...(enc ?? [])]).toEqual([0x68, 0xc3, 0xa9, 0x6c, 0x6c, 0x6f]);
    const bad = h.world.nodes.get('/n');
    h.clear();
    await h.run('get /u', 'get /n', 'get /e');
    if (bad) bad.data = new Uint8Array([0x61, 0xed, 0xa0, 0x80, 0x62]);
    await h.run('get /n');
    expect(h.out()).toBe('héllo\nnull\n\na\ufffdb\n');
  });
});

describe('reading commands', () => {
  it('get/stat/ls with -s and the deprecated watch word', async () => {
    const h = await startHarness();
    await h.run('create /a x');
    h.clear();
    await h.run('get -s /a', 'stat /nonexist', 'ls -s /a', 'ls /zookeeper watch', 'get / x', 'get -s / x', 'stat -w / x');
    const stat =
      'cZxid = 0x1\nctime = Thu Jan 01 00:00:01 UTC 1970\nmZxid = 0x1\nmtime = Thu Jan 01 00:00:01 UTC 1970\npZxid = 0x1\n' +
      'cversion = 0\ndataVersion = 0\naclVersion = 0\nephemeralOwner = 0x0\ndataLength = 1\nnumChildren = 0\n';
    expect(h.all()).toBe(
      'x\n' +
        stat +
        'Node does not exist: /nonexist\n' +
        '[]\n' +
        stat +
        "'ls path [watch]' has been deprecated. Please use 'ls [-w] path' instead.\n" +
        '[config, quota]\n' +
        "'get path [watch]' has been deprecated. Please use 'get [-s] [-w] path' instead.\n" +
        'null\n' +
        // the third raw word is replaced by -w, so the path becomes "x"
        "'get path [watch]' has been deprecated. Please use 'get [-s] [-w] path' instead.\n" +
        'Path must start with / character\n' +
        "'stat path [watch]' has been deprecated. Please use 'stat [-w] path' instead.\n" +
        'Path must start with / character\n',
    );
  });

  it('ls sorts children; ls -R walks depth first with sorted children', async () => {
    const h = await startHarness();
    await h.run('create /r', 'create /r/b', 'create /r/a', 'create /r/a/c', 'create /r/b/d');
    h.clear();
    await h.run('ls /r', 'ls -R /r', 'ls -R /r/nonexist', 'ls -R r');
    expect(h.all()).toBe('[a, b]\n/r\n/r/a\n/r/b\n/r/a/c\n/r/b/d\nNode does not exist: /r/nonexist\nPath must start with / character\n');
  });

  it('getAcl prints jute ids then permissions', async () => {
    const h = await startHarness();
    await h.run('create /d2 x digest:u:abc:rw,world:anyone:r');
    h.clear();
    await h.run('getAcl /d2', 'getAcl -s /zookeeper/config');
    expect(h.out()).toBe(
      "'digest,'u:abc\n: rw\n'world,'anyone\n: r\n" +
        "'world,'anyone\n: r\n" +
        'cZxid = 0x0\nctime = Thu Jan 01 00:00:00 UTC 1970\nmZxid = 0x0\nmtime = Thu Jan 01 00:00:00 UTC 1970\npZxid = 0x0\n' +
        'cversion = 0\ndataVersion = 0\naclVersion = -1\nephemeralOwner = 0x0\ndataLength = 0\nnumChildren = 0\n',
    );
  });

  it('getEphemerals prints a Java list, getAllChildrenNumber a number', async () => {
    const h = await startHarness();
    await h.run('create /b', 'create -e /b/e', 'create -e -s /b/s');
    h.clear();
    await h.run('getEphemerals', 'getEphemerals /b', 'getEphemerals /nonexist', 'getEphemerals x', 'getAllChildrenNumber /', 'getAllChildrenNumber x');
    expect(h.all()).toBe('[/b/e, /b/s0000000001]\n[/b/e, /b/s0000000001]\n[]\nPath must start with / character\n6\nPath must start with / character\n');
  });

  it('sync, version, whoami, config', async () => {
    const h = await startHarness();
    h.world.config = 'server.1=127.0.0.1:22888:22889:participant;127.0.0.1:22182\nversion=100000000';
    h.clear();
    await h.run('sync /', 'sync x', 'version', 'whoami', 'config', 'config -c');
    expect(h.all()).toBe(
      'Sync is OK\n' +
        'Path must start with / character\n' +
        'ZooKeeper CLI version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC\n' +
        'Auth scheme: User\nip: 127.0.0.1\n' +
        'server.1=127.0.0.1:22888:22889:participant;127.0.0.1:22182\nversion=100000000\n' +
        // observed from zkCli 3.8.0 against a one-server quorum with this configuration
        '100000000 127.0.0.1:22182\n',
    );
  });

  it('config -c on a standalone server (empty config) prints a single space', async () => {
    const h = await startHarness();
    h.clear();
    await h.run('config -c', 'config x y');
    expect(h.out()).toBe(' \n\n');
  });
});

describe('writing commands', () => {
  it('delete: deprecated version word is ignored; errors', async () => {
    const h = await startHarness();
    await h.run('create /dd', 'create /p', 'create /p/c');
    h.clear();
    await h.run('delete /dd 5', 'delete /p', 'delete /nonexist', 'delete /zookeeper', 'set -v 7 /p x');
    expect(h.err()).toBe(
      "'delete path [version]' has been deprecated. Please use 'delete [-v version] path' instead.\n" +
        'Node not empty: /p\n' +
        'Node does not exist: /nonexist\n' +
        'Arguments are not valid : /zookeeper\n' +
        'version No is not valid : /p\n',
    );
    expect(h.world.nodes.has('/dd')).toBe(false);
  });

  it('deleteall deletes leaves first in multi batches', async () => {
    const h = await startHarness();
    await h.run('create /r', 'create /r/a', 'create /r/b', 'create /r/a/c');
    const zk = h.handles[0];
    if (zk) zk.calls.length = 0;
    h.clear();
    await h.run('deleteall /r -b 2', 'deleteall /r', 'deleteall r', 'deleteall /x -b x', 'deleteall /zookeeper');
    // the fake lists children newest first: BFS order is /r, /r/b, /r/a, /r/a/c
    expect(zk?.calls.filter((c) => c.startsWith('multi'))).toEqual([
      'multi delete /r/a/c, delete /r/a',
      'multi delete /r/b, delete /r',
      'multi delete /zookeeper/quota, delete /zookeeper/config, delete /zookeeper',
    ]);
    expect(h.err()).toBe('Node does not exist: /r\nPath must start with / character\n-b argument must be an int value\nFailed to delete some node(s) in the subtree!\n');
  });

  it('setAcl: -s, -R prints failures without newlines, empty ACL', async () => {
    const h = await startHarness();
    await h.run('create /sa', 'create /sa/a x world:anyone:r', 'create /sa/b');
    h.clear();
    await h.run('setAcl -R /sa world:anyone:cdrw', 'setAcl /sa foo', 'setAcl -s /sa/b world:anyone:cdrwa');
    // -R: NoAuth on /sa/a is printed with print() (no newline), as zkCli 3.8.0 does
    expect(h.all()).toBe(
      'KeeperErrorCode = NoAuth for /sa/a' +
        'foo does not have the form scheme:id:perm\n' +
        'Acl is not valid : null\n' +
        'Insufficient permission : /sa/b\n',
    );
  });
});

describe('quotas', () => {
  it('setquota / listquota / delquota outputs (3.8.0 formats)', async () => {
    const h = await startHarness();
    await h.run('create /q', 'create /q/a', 'create /q/a/b');
    h.clear();
    await h.run(
      'setquota -n 2 /q/a',
      'listquota /q/a',
      'setquota -N 5 /q/a',
      'setquota -b 10 /q/a',
      'setquota -B 3 /q/a',
      'listquota /q/a',
      'setquota -n 1 /q',
      'setquota -n 1 /q/a/b',
      'setquota -n 0 /q/a',
      'setquota -b -1 /q/a',
      'setquota -n x /q/a',
      'setquota -n 1 /zookeeper/quota/x',
      'setquota -n 1 /nonexist',
      'setquota -n 1 q',
      'setquota -n 1 /',
      'listquota /q',
      'listquota q',
      'delquota /q',
      'delquota -n /q/a',
      'listquota /q/a',
      'delquota /q/a',
      'ls -R /zookeeper/quota',
      'delquota /q/a',
    );
    // observed from zkCli 3.8.0 (the real server also updates the stats node; the fake does not)
    expect(h.all()).toBe(
      'absolute path is /zookeeper/quota/q/a/zookeeper_limits\n' +
        'Output quota for /q/a count=2,bytes=-1=;byteHardLimit=-1;countHardLimit=-1\n' +
        'Output stat for /q/a count=0,bytes=0\n' +
        'absolute path is /zookeeper/quota/q/a/zookeeper_limits\n' +
        'Output quota for /q/a count=2,bytes=10=;byteHardLimit=3;countHardLimit=5\n' +
        'Output stat for /q/a count=0,bytes=0\n' +
        '/q has a child /q/a which has a quota\n' +
        '/q/a/b has a parent /q/a which has a quota\n' +
        'the num quota must be greater than zero\n' +
        'the bytes quota must be greater than or equal to zero\n' +
        'NumberFormatException happens when parsing the option value\n' +
        'cannot set a quota under the path: /zookeeper/quota\n' +
        '/nonexist does not exist.\n' +
        'Path must start with / character\n' +
        'Path must not end with / character\n' +
        'absolute path is /zookeeper/quota/q/zookeeper_limits\n' +
        'quota for /q does not exist.\n' +
        'absolute path is /zookeeper/quotaq/zookeeper_limits\n' +
        'quota for q does not exist.\n' +
        'Quota does not exist for /q\n' +
        'absolute path is /zookeeper/quota/q/a/zookeeper_limits\n' +
        'Output quota for /q/a count=-1,bytes=10=;byteHardLimit=3;countHardLimit=5\n' +
        'Output stat for /q/a count=0,bytes=0\n' +
        '/zookeeper/quota\n' +
        'Quota does not exist for /q/a\n',
    );
    expect(h.out()).toContain('Quota does not exist for /q\n'); // stdout, unlike the other messages
  });

  it('warns on stdout when the new quota is below current usage', async () => {
    const h = await startHarness();
    await h.run('create /w', 'create /w/c1', 'create /zookeeper/quota/w', 'create /zookeeper/quota/w/zookeeper_limits count=5,bytes=-1', 'create /zookeeper/quota/w/zookeeper_stats count=2,bytes=7');
    h.clear();
    await h.run('setquota -n 1 /w', 'setquota -B 3 /w');
    expect(h.out()).toBe(
      '[Warning]: the count quota you create is less than the existing count:2\n' +
        '[Warning]: the count quota you create is less than the existing count:2\n' +
        '[Warning]: the bytes quota you create is less than the existing bytes:7\n',
    );
  });

  it('a corrupt limits node: NumberFormatException is printed, others are Java crashes', async () => {
    const h = await startHarness();
    await h.run('create /zookeeper/quota/n', 'create /zookeeper/quota/n/zookeeper_limits', 'create /zookeeper/quota/n/zookeeper_stats');
    h.clear();
    await h.run('listquota /n', 'set /zookeeper/quota/n/zookeeper_limits count=', 'listquota /n', 'set /zookeeper/quota/n/zookeeper_limits count=x', 'listquota /n');
    // observed from zkCli 3.8.0 (where the first two kill the shell)
    expect(h.all()).toBe(
      'absolute path is /zookeeper/quota/n/zookeeper_limits\n' +
        'Exception in thread "main" java.lang.NullPointerException: Cannot read the array length because "bytes" is null\n' +
        'absolute path is /zookeeper/quota/n/zookeeper_limits\n' +
        'Exception in thread "main" java.lang.ArrayIndexOutOfBoundsException: Index 1 out of bounds for length 1\n' +
        'absolute path is /zookeeper/quota/n/zookeeper_limits\n' +
        'For input string: "x"\n',
    );
  });
});

describe('session commands', () => {
  it('close, Not connected, connect', async () => {
    const h = await startHarness();
    h.clear();
    await h.run('close', 'ls /', 'history', 'connect 127.0.0.1:2181', 'ls /zookeeper', 'close', 'close', 'connect');
    expect(h.all()).toBe(
      watcher('Closed', 'None', 'null') +
        'Not connected\n' +
        '0 - close\n1 - ls /\n2 - history\n' +
        'Not connected\n' +
        watcher('SyncConnected', 'None', 'null') +
        '[config, quota]\n' +
        watcher('Closed', 'None', 'null') +
        'Not connected\n' +
        watcher('SyncConnected', 'None', 'null'),
    );
    expect(h.handles.map((z) => z.connectString)).toEqual(['127.0.0.1:2181', '127.0.0.1:2181', '127.0.0.1:2181']);
    expect(h.main.prompt()).toBe('[zk: 127.0.0.1:2181(CONNECTED) 8] ');
  });

  it('connect closes a live session first', async () => {
    const h = await startHarness();
    h.clear();
    await h.run('connect 127.0.0.2:2181');
    expect(h.all()).toBe(watcher('Closed', 'None', 'null') + watcher('SyncConnected', 'None', 'null'));
    expect(h.main.prompt()).toBe('[zk: 127.0.0.2:2181(CONNECTED) 1] ');
  });

  it('connect to an address the client refuses (deviation: zkCli dies)', async () => {
    const h = await startHarness({
      connectThrows: (cs) => (cs === '' ? new IllegalArgumentException('A HostProvider may not be empty!') : undefined),
    });
    h.clear();
    await h.run('connect ""', 'ls /');
    expect(h.all()).toBe(watcher('Closed', 'None', 'null') + 'Exception in thread "main" java.lang.IllegalArgumentException: A HostProvider may not be empty!\nNot connected\n');
  });

  it('addauth with an unknown scheme: AuthFailed, then Not connected', async () => {
    const h = await startHarness();
    h.clear();
    await h.run('addauth', 'addauth digest u:p', 'whoami', 'addauth foo bar', 'ls /');
    expect(h.all()).toBe('addauth scheme auth\nAuth scheme: User\nip: 127.0.0.1\ndigest: u\n' + watcher('AuthFailed', 'None', 'null') + 'Not connected\n');
    expect(h.main.prompt()).toBe('[zk: 127.0.0.1:2181(AUTH_FAILED) 5] ');
  });

  it('addauth without auth data passes null', async () => {
    const h = await startHarness();
    await h.run('addauth digest');
    expect(h.handles[0]?.calls).toContain('addAuth digest null');
  });

  it('quit closes the session and exits with the last status', async () => {
    const h = await startHarness();
    await h.run('foo', 'quit', 'ls /');
    expect(h.exits).toEqual([127]);
    expect(h.handles[0]?.getState()).toBe('CLOSED');
    expect(h.all().endsWith(watcher('Closed', 'None', 'null'))).toBe(true);
  });

  it('reconfig parse errors', async () => {
    const h = await startHarness();
    h.clear();
    await h.run(
      'reconfig -v 10',
      'reconfig -remove 3 -members 1',
      'reconfig -file a -members b',
      'reconfig -add a -add b -v xyz',
      'reconfig -file /nonexist',
      'reconfig -add server.2=127.0.0.1:22890:22891;22183',
    );
    expect(h.err()).toBe(
      'reconfig [-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]\n' +
        "Can't use -file or -members together with -add or -remove (mixing incremental and non-incremental modes is not allowed)\n" +
        "Can't use -file and -members together (conflicting non-incremental modes)\n" +
        '-v must be followed by a long (configuration version)\n' +
        'Error processing /nonexist/nonexist (No such file or directory)\n' +
        'KeeperErrorCode = Reconfig is disabled\n',
    );
  });
});

describe('command-line arguments', () => {
  it('parses -server, -timeout, -r and a one-shot command like MyCommandOptions', () => {
    expect(ZooKeeperMain.parseArgs(['-server', 'h:1', '-timeout', '5000', '-r', 'ls', '-s', '/'])).toEqual({ server: 'h:1', timeout: '5000', readonly: true, command: ['ls', '-s', '/'] });
    let err = '';
    expect(ZooKeeperMain.parseArgs(['-server'], (t) => (err += t))).toEqual({});
    expect(err).toBe('Error: no argument found for option -server\n');
  });

  it('a one-shot command runs without the welcome banner, then exits', async () => {
    const h = await startHarness({ command: ['ls', '/'] });
    expect(h.all()).toBe('Connecting to 127.0.0.1:2181\n' + watcher('SyncConnected', 'None', 'null') + '[zookeeper]\n');
    expect(h.exits).toEqual([0]);
  });

  it('a bad -timeout is a Java crash at connect time', async () => {
    const h = await startHarness({ timeout: 'abc' });
    expect(h.all()).toBe(
      'Connecting to 127.0.0.1:2181\nException in thread "main" java.lang.NumberFormatException: For input string: "abc"\nWelcome to ZooKeeper!\nJLine support is disabled\n',
    );
    await h.run('ls /');
    expect(h.out()).toContain('Not connected\n');
  });
});
