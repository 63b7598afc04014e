// What an ensemble shows, against a real Apache ZooKeeper 3.8.0 ensemble: the four-letter words of
// the leader, the followers, an observer and a LOOKING server, and zkCli's `config` / `config -s`.
// The recordings are in src/zk/fourletter/fixtures/ensemble (record.sh made them; its README
// describes the scenario); ensembleWordsScenario.ts plays the same scenario in ZooScope with the
// same configuration files, and normalizeEnsembleWords.ts masks only what legitimately differs
// (dates, client ports, session-id clocks, timings, host values, identity-hash orders).

import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeUtf8 } from '../zk/DataTree.ts';
import { QuorumPeer } from '../zk/quorum/QuorumPeer.ts';
import { applyConfigLines, DEFAULT_CONFIG } from '../zk/ServerConfig.ts';
import { seededRng } from '../zk/Rng.ts';
import { runPromise, runTo } from './drive.ts';
import { cli, clientAddress, ensembleWorld, waitForServing } from './testing/ensemble.ts';
import { playEnsembleRun, recordedClientAddress, rolesText, type EnsembleRun, type Roles } from './testing/ensembleWordsScenario.ts';
import { MASK, normalizeEnsembleOutput } from './testing/normalizeEnsembleWords.ts';
import type { World } from './World.ts';

const FIXTURES = new URL('../zk/fourletter/fixtures/ensemble/', import.meta.url);

function fixture(run: string, name: string): string {
  return readFileSync(new URL(`${run}/${name}.txt`, FIXTURES), 'utf8');
}

function fixtureNames(run: string): string[] {
  return readdirSync(new URL(`${run}/`, FIXTURES))
    .filter((f) => f.endsWith('.txt') && f !== 'roles.txt')
    .map((f) => f.slice(0, -4))
    .sort();
}

/**
 * Values ZooScope does not reproduce yet, each for a reason outside the quorum servers (see the
 * report in the fixtures' README). Masked on both sides, only in the outputs listed.
 */
const KNOWN_GAPS: { readonly file: RegExp; readonly key: RegExp; readonly why: string }[] = [
  {
    file: /_(later|reelect)_mntr$/,
    key: /^zk_(last|min|max)_client_response_size$|^zk_response_bytes$|^zk_watch_bytes$/,
    why: 'ZooKeeperServer does not feed ServerStats.updateClientResponseSize, RESPONSE_BYTES or WATCH_BYTES (standalone neither)',
  },
  {
    file: /_(later|reelect)_mntr$/,
    key: /^zk_bytes_received_count$/,
    why: "ZooScope's client sends a 44-byte ConnectRequest; Java's writes the readOnly flag after it (45)",
  },
  {
    file: /^s4_later_mntr$/,
    key: /^zk_cnt_sync_processor_queue_and_flush_time_ms$/,
    why: 'SyncRequestProcessor samples it once per flush even without a next processor (the observer); Java per request, and only with one',
  },
];

function compareable(name: string, raw: string): string[] {
  const lines = normalizeEnsembleOutput(name, raw).split('\n');
  return lines.map((l) => {
    const key = l.split('\t')[0]!;
    return KNOWN_GAPS.some((g) => g.file.test(name) && g.key.test(key)) ? `${key}\t${MASK}` : l;
  });
}

const plays = new Map<EnsembleRun, Promise<{ outputs: Map<string, string>; roles: Roles | null; world: World }>>();
function play(run: EnsembleRun): Promise<{ outputs: Map<string, string>; roles: Roles | null; world: World }> {
  let p = plays.get(run);
  if (!p) plays.set(run, (p = playEnsembleRun(run)));
  return p;
}

for (const run of ['ens3', 'ensobs', 'looking'] as const) {
  describe(`the recorded ${run} run`, () => {
    let outputs: Map<string, string>;
    let roles: Roles | null;
    beforeAll(async () => {
      ({ outputs, roles } = await play(run));
    }, 120_000);

    if (run !== 'looking') {
      it('elects the same leader', () => {
        expect(rolesText(roles!)).toBe(fixture(run, 'roles'));
      });
    }

    for (const name of fixtureNames(run)) {
      it(name, () => {
        const ours = outputs.get(name);
        expect(ours, `ZooScope produced no ${name}`).toBeDefined();
        expect(compareable(name, ours!)).toEqual(compareable(name, fixture(run, name)));
      });
    }
  });
}

describe('what the recordings pin down beyond the normalized comparison', () => {
  it('a LOOKING server answers ruok, gtmk, envi and isro ("null"), nothing else', async () => {
    const { outputs } = await play('looking');
    for (const [name, text] of outputs) {
      const word = name.slice(3);
      if (word === 'ruok') expect(text).toBe('imok');
      else if (word === 'isro') expect(text).toBe('null');
      else if (word === 'gtmk') expect(text).toBe('306');
      else if (word === 'envi') expect(text).toMatch(/^Environment:\n/);
      else expect(text).toMatch(/^This ZooKeeper instance is not currently serving requests\n?$/);
    }
  }, 120_000);

  it('the leader prints the sizes of the proposals it made; srvr, conf and the fresh mntr counters are exact', async () => {
    const { outputs } = await play('ens3');
    expect(outputs.get('s3_later_srvr')).toContain('Proposal sizes last/min/max: 91/48/91\n');
    expect(outputs.get('s3_fresh_srvr')).toBe(fixture('ens3', 's3_fresh_srvr'));
    expect(outputs.get('s1_fresh_srvr')).toBe(fixture('ens3', 's1_fresh_srvr'));
    expect(outputs.get('s2_snap_srvr')).toBe(fixture('ens3', 's2_snap_srvr'));
    const conf = (s: string): string => s.replace(/^(dataDirSize|dataLogSize)=\d+$/gm, '$1=');
    for (const name of ['s1_fresh_conf', 's3_fresh_conf']) expect(conf(outputs.get(name)!)).toBe(conf(fixture('ens3', name)));
    const mntr = (s: string, key: string): string | undefined => s.split('\n').find((l) => l.startsWith(`${key}\t`));
    for (const key of ['zk_looking_count', 'zk_diff_count', 'zk_cnt_snapshottime', 'zk_cnt_election_time', 'zk_approximate_data_size', 'zk_sum_zookeeper_write_per_namespace', 'zk_quorum_size', 'zk_learners', 'zk_synced_followers']) {
      expect(mntr(outputs.get('s3_fresh_mntr')!, key), key).toBe(mntr(fixture('ens3', 's3_fresh_mntr'), key));
    }
  }, 120_000);

  it('/zookeeper/config holds the membership on every server, a SNAP-synced one included', async () => {
    const { world } = await play('ens3');
    const text = 'server.1=127.0.0.1:24281:24381:participant\nserver.2=127.0.0.1:24282:24382:participant\nserver.3=127.0.0.1:24283:24383:participant\nversion=0';
    // The scenario ends with server 3 (the first leader) killed, 2 leading and 1 following.
    for (const id of [1, 2]) {
      const s = world.servers.get(id)?.server;
      expect(s).toBeInstanceOf(QuorumPeer);
      const node = (s as QuorumPeer).db.tree.getNode('/zookeeper/config')!;
      expect(decodeUtf8(node.data)).toBe(text);
      expect([node.version, node.mzxid, node.czxid]).toEqual([-1, 0, 0]);
    }
    // Server 2 was wiped and came back with a SNAP: `config -s` shows its own sync time.
    expect(fixture('ens3', 'cli_c3')).toContain(`dataLength = ${text.length}\n`);
    const obs = (await play('ensobs')).world;
    const withObserver = `${text.replace('version=0', '')}server.4=127.0.0.1:24284:24384:observer\nversion=0`;
    for (const id of [1, 2, 3, 4]) {
      const node = (obs.servers.get(id)?.server as QuorumPeer).db.tree.getNode('/zookeeper/config')!;
      expect(decodeUtf8(node.data)).toBe(withObserver);
    }
  }, 120_000);
});

describe("the config node's mtime: when the server last reset it from its own configuration", () => {
  const mtime = (cliOutput: string): string => /^mtime = (.*)$/m.exec(cliOutput)![1]!;
  for (const side of ['real', 'ZooScope'] as const) {
    it(`${side}: a leader keeps its start time; a learner shows its last sync, kept when it becomes the leader`, async () => {
      const { outputs } = await play('ens3');
      const get = (name: string): string => (side === 'real' ? fixture('ens3', name) : outputs.get(name)!);
      const t = (name: string): number => Date.parse(mtime(get(name)));
      // c2 asked the leader (its start), c1 follower 1 (its DIFF sync, later), c3 follower 2
      // after its SNAP, c4 follower 1 after its restart, c5 follower 2 once it leads.
      expect(t('cli_c1')).toBeGreaterThanOrEqual(t('cli_c2'));
      expect(t('cli_c3')).toBeGreaterThan(t('cli_c1'));
      expect(t('cli_c4')).toBeGreaterThan(t('cli_c3'));
      expect(mtime(get('cli_c5'))).toBe(mtime(get('cli_c3')));
    }, 120_000);
  }
});

describe('QuorumMaj.toString', () => {
  it('orders members as the HashMap<Long, QuorumServer> filled from the Properties does (jshell against 3.8.0)', () => {
    const cfg = applyConfigLines({ ...DEFAULT_CONFIG, serverId: 1 }, [
      'server.1=127.0.0.1:2888:3888',
      'server.17=127.0.0.1:2889:3889',
      'server.2=localhost:2890:3890:observer',
      'server.33=127.0.0.1:2891:3891;2181',
    ]);
    const p = new QuorumPeer(cfg, { wallClockBase: 0, elapsedBase: 0, rng: seededRng(1) });
    const real = readFileSync(new URL('quorummaj_tostring.txt', FIXTURES), 'utf8').replace(/\n$/, '');
    // ZooScope's configuration does not keep a server line's client address (";0.0.0.0:2181").
    expect(p.quorumVerifierText()).toBe(real.replace(';0.0.0.0:2181', ''));
  });
});

describe('role changes', () => {
  it("a closed client's watches leave the tree when the role ends (wchs after a re-election)", async () => {
    const w = ensembleWorld({ participants: 3 });
    for (const id of [1, 2, 3]) await w.startServer(id);
    const leader = await waitForServing(w);
    const c = await cli(w, 'c1', [1]);
    await c.run('create /a x');
    await c.run('get -w /a');
    expect(await runPromise(w, w.fourLetterWord(clientAddress(1), 'wchs'))).toBe('1 connections watching 1 paths\nTotal watches:1\n');
    await w.killServer(leader);
    await waitForServing(w);
    await runTo(w, w.now + 15_000);
    // The client reconnected to server 1 and set its watch again, on its new connection only.
    expect(await runPromise(w, w.fourLetterWord(clientAddress(1), 'wchs'))).toBe('1 connections watching 1 paths\nTotal watches:1\n');
  }, 120_000);

  it('a new leader registers the leader gauges again; a demoted one no longer shows them', async () => {
    const { world: w, roles } = await playEnsembleRun('ensobs', 1);
    const keys = (s: string): string[] => s.split('\n').filter((l) => l.startsWith('zk_')).map((l) => l.split('\t')[0]!);
    const leaderKeys = new Set(keys(fixture('ensobs', `s${roles!.leader}_fresh_mntr`)));
    await w.killServer(roles!.leader);
    const newLeader = await waitForServing(w);
    await w.startServer(roles!.leader);
    await waitForServing(w);
    await runTo(w, w.now + 3000);
    const nl = keys(await runPromise(w, w.fourLetterWord(recordedClientAddress(newLeader), 'mntr')));
    for (const k of ['zk_learners', 'zk_synced_followers', 'zk_synced_observers', 'zk_leader_uptime', 'zk_min_proposal_size', 'zk_quorum_size']) expect(nl).toContain(k);
    expect(new Set(nl.filter((k) => !/_learner_handler_qp_|_per_namespace$|ack_latency/.test(k)))).toEqual(new Set([...leaderKeys].filter((k) => !/_learner_handler_qp_|_per_namespace$|ack_latency/.test(k))));
    expect(nl.length).toBe(new Set(nl).size);
    const old = keys(await runPromise(w, w.fourLetterWord(recordedClientAddress(roles!.leader), 'mntr')));
    expect(old).toContain('zk_peer_state');
    for (const k of ['zk_learners', 'zk_synced_followers', 'zk_leader_uptime', 'zk_min_proposal_size']) expect(old).not.toContain(k);
  }, 120_000);
});
