// Ensemble cases for the differential check: timed steps a real ensemble and ZooScope both run.
// Servers are started a few seconds apart so that a real ensemble's elections do not depend on
// how fast its JVMs boot: who leads, and how every learner syncs, is then decided by ZooKeeper's
// rules alone, and ZooScope must decide the same.

export type EnsembleStep =
  /** Start (or start again, from its disk) a server; kill -9 it; freeze it (SIGSTOP) and thaw it. */
  | { readonly at: number; readonly do: 'start' | 'kill' | 'pause' | 'resume'; readonly server: number }
  /** Delete a stopped server's data directory (its myid stays). */
  | { readonly at: number; readonly do: 'wipe'; readonly server: number }
  /** The one zkCli session of the case, connected to this server only. */
  | { readonly at: number; readonly do: 'client'; readonly server: number }
  | { readonly at: number; readonly do: 'cli'; readonly command: string }
  /** `srvr` to every server that has been started and is neither killed nor paused. */
  | { readonly at: number; readonly do: 'srvr' }
  | DiskFaultStep;

/** A fault on a stopped server's files: as ZooScope's scenario actions of the same names make it. */
export type DiskFaultStep =
  /** Flip a byte in the middle of the txn of the log record with this zxid. */
  | { readonly at: number; readonly do: 'corrupt-record'; readonly server: number; readonly zxid: string }
  /** Cut the newest log's last record in half (a write torn by the crash). */
  | { readonly at: number; readonly do: 'torn-record' | 'lost-snapshot'; readonly server: number };

export interface EnsembleCase {
  readonly name: string;
  readonly servers: number;
  /** Servers that observe (peerType=observer): they do not vote. */
  readonly observers?: readonly number[];
  readonly steps: readonly EnsembleStep[];
}

const STAGGER = 4000;

/** Servers 1..n started STAGGER ms apart from time 0. */
function startInTurn(n: number): EnsembleStep[] {
  return Array.from({ length: n }, (_, i) => ({ at: i * STAGGER, do: 'start' as const, server: i + 1 }));
}

/** Commands a few seconds apart from `at` on (a real zkCli takes its time). */
function commands(at: number, lines: readonly string[]): EnsembleStep[] {
  return lines.map((command, i) => ({ at: at + i * 1000, do: 'cli' as const, command }));
}

/** Three servers in turn, a session on the leader (2) creating /a and /b, then follower 3 killed. */
function followerDownAfterTwoWrites(): EnsembleStep[] {
  return [...startInTurn(3), { at: 11_000, do: 'client', server: 2 }, ...commands(13_000, ['create /a 1', 'create /b 2']), { at: 15_000, do: 'kill', server: 3 }];
}

export const ENSEMBLE_CASES: readonly EnsembleCase[] = [
  {
    // The teaching example: 1 and 2 are no quorum of five; with 3 they elect 3, and 4 and 5 follow.
    name: 'five-started-in-turn',
    servers: 5,
    steps: [...startInTurn(5), { at: 20_000, do: 'srvr' }],
  },
  {
    // The same five started from 5 down: 5, 4 and 3 are the first quorum, and 5 leads it.
    name: 'five-started-in-reverse',
    servers: 5,
    steps: [...startInTurn(5).map((s) => (s.do === 'start' ? { ...s, server: 6 - s.server } : s)), { at: 20_000, do: 'srvr' }],
  },
  {
    // 1 and 2 are a quorum of three: 2 leads before 3 exists. A follower that missed writes gets
    // a DIFF when it comes back.
    name: 'follower-back-gets-diff',
    servers: 3,
    steps: [
      ...followerDownAfterTwoWrites(),
      ...commands(16_000, ['set /a 3', 'create /c 4', 'delete /b']),
      { at: 19_000, do: 'srvr' },
      { at: 20_000, do: 'start', server: 3 },
      { at: 25_000, do: 'srvr' },
      ...commands(26_000, ['stat /a', 'stat /c']),
    ],
  },
  {
    // A wiped follower has nothing: the leader decides how to bring it up to date.
    name: 'wiped-follower',
    servers: 3,
    steps: [
      ...startInTurn(3),
      { at: 11_000, do: 'client', server: 2 },
      ...commands(13_000, ['create /a 1', 'create /b 2']),
      { at: 15_000, do: 'kill', server: 1 },
      { at: 16_000, do: 'wipe', server: 1 },
      { at: 17_000, do: 'start', server: 1 },
      { at: 22_000, do: 'srvr' },
    ],
  },
  {
    // The leader dies: 1 and 3 hold the same zxid, so 3 wins; the session on 1 survives the
    // election; the old leader comes back as a follower of the new epoch.
    name: 'leader-dies-and-returns',
    servers: 3,
    steps: [
      ...startInTurn(3),
      { at: 11_000, do: 'client', server: 1 },
      ...commands(13_000, ['create /a 1', 'create /b 2']),
      { at: 15_000, do: 'kill', server: 2 },
      { at: 20_000, do: 'srvr' },
      ...commands(21_000, ['create /c 3', 'set /a 4', 'stat /a', 'stat /c']),
      { at: 25_000, do: 'start', server: 2 },
      { at: 30_000, do: 'srvr' },
    ],
  },
  {
    // The second teaching example: 1, 2 and 3 hold a write that 4 and 5 (down) missed; the leader
    // 3 dies; 4 and 5 come back. Of the four, 1 and 2 hold the newest zxid and 2 has the higher
    // id: 2 leads, and 4 and 5 get a DIFF.
    name: 'leader-and-laggards',
    servers: 5,
    steps: [
      ...startInTurn(5),
      { at: 19_000, do: 'client', server: 1 },
      ...commands(21_000, ['create /a 1', 'create /b 2']),
      { at: 23_000, do: 'kill', server: 4 },
      { at: 23_000, do: 'kill', server: 5 },
      ...commands(24_000, ['create /c 3']),
      { at: 25_000, do: 'kill', server: 3 },
      { at: 26_000, do: 'start', server: 4 },
      { at: 26_000, do: 'start', server: 5 },
      { at: 32_000, do: 'srvr' },
      ...commands(33_000, ['stat /c']),
    ],
  },
  {
    // ZOOKEEPER-1154's shape: the leader logs a proposal no follower takes in (both are frozen:
    // their connections stay open, so the leader waits syncLimit before it gives up), then dies;
    // the other two elect a new leader, and the old one must truncate the proposal.
    name: 'old-leader-truncates',
    servers: 3,
    steps: [
      ...startInTurn(3),
      { at: 11_000, do: 'client', server: 2 },
      ...commands(13_000, ['create /a 1']),
      { at: 15_000, do: 'pause', server: 1 },
      { at: 15_000, do: 'pause', server: 3 },
      ...commands(16_000, ['create /lost x']),
      { at: 28_000, do: 'kill', server: 1 },
      { at: 28_000, do: 'kill', server: 3 },
      { at: 30_000, do: 'kill', server: 2 },
      { at: 31_000, do: 'start', server: 1 },
      { at: 35_000, do: 'start', server: 3 },
      { at: 40_000, do: 'srvr' },
      { at: 41_000, do: 'start', server: 2 },
      { at: 47_000, do: 'srvr' },
      ...commands(48_000, ['stat /a', 'ls /']),
    ],
  },
  {
    // An observer does not vote: 4 started with 1 is no quorum of three participants; 2 makes one
    // and leads, 4 observes, and a write through the observer is forwarded and INFORMed back.
    name: 'observer',
    servers: 4,
    observers: [4],
    steps: [
      { at: 0, do: 'start', server: 1 },
      { at: 4000, do: 'start', server: 4 },
      { at: 8000, do: 'start', server: 2 },
      { at: 12_000, do: 'start', server: 3 },
      { at: 15_000, do: 'client', server: 4 },
      ...commands(17_000, ['create /a 1', 'set /a 2', 'stat /a']),
      { at: 20_000, do: 'kill', server: 2 },
      { at: 26_000, do: 'srvr' },
      ...commands(27_000, ['create /b 3', 'stat /b']),
    ],
  },
  {
    // A frozen leader: its followers stop hearing from it, give up after syncLimit and elect 3;
    // thawed, the old leader finds it has no quorum, looks, and follows 3.
    name: 'paused-leader',
    servers: 3,
    steps: [
      ...startInTurn(3),
      { at: 11_000, do: 'client', server: 1 },
      ...commands(13_000, ['create /a 1']),
      { at: 15_000, do: 'pause', server: 2 },
      { at: 30_000, do: 'srvr' },
      ...commands(31_000, ['create /b 2']),
      { at: 33_000, do: 'resume', server: 2 },
      { at: 45_000, do: 'srvr' },
      ...commands(46_000, ['stat /b']),
    ],
  },
  {
    // Every server killed and brought back in turn: each recovers its snapshot and log, and the
    // first two to return (1 and 2, same zxid) elect 2 in the next epoch; 3 follows with a DIFF.
    name: 'whole-ensemble-restarts',
    servers: 3,
    steps: [
      ...startInTurn(3),
      { at: 11_000, do: 'client', server: 3 },
      ...commands(13_000, ['create /a 1', 'create /b 2', 'set /a 3']),
      { at: 17_000, do: 'kill', server: 1 },
      { at: 17_000, do: 'kill', server: 2 },
      { at: 17_000, do: 'kill', server: 3 },
      { at: 18_000, do: 'start', server: 1 },
      { at: 22_000, do: 'start', server: 2 },
      { at: 26_000, do: 'start', server: 3 },
      { at: 32_000, do: 'srvr' },
    ],
  },
  {
    // A follower's log record corrupted while it is down: on its restart ZooKeeper finds the bad
    // checksum and refuses to start ("Unable to load database on disk"). Wiped, it comes back
    // with a SNAP.
    name: 'corrupt-record-refuses-start',
    servers: 3,
    steps: [
      ...followerDownAfterTwoWrites(),
      { at: 16_000, do: 'corrupt-record', server: 3, zxid: '0x100000002' },
      { at: 17_000, do: 'start', server: 3 },
      { at: 23_000, do: 'srvr' },
      { at: 24_000, do: 'wipe', server: 3 },
      { at: 25_000, do: 'start', server: 3 },
      { at: 31_000, do: 'srvr' },
    ],
  },
  {
    // The last record of a follower's log torn by its crash: a partial record ends the log, so
    // ZooKeeper starts without it, and the leader's DIFF brings it back.
    name: 'torn-record-then-diff',
    servers: 3,
    steps: [
      ...followerDownAfterTwoWrites(),
      { at: 16_000, do: 'torn-record', server: 3 },
      { at: 17_000, do: 'start', server: 3 },
      { at: 23_000, do: 'srvr' },
      ...commands(24_000, ['stat /b']),
    ],
  },
  {
    // A follower's newest snapshot lost while it is down: what it restores from instead decides
    // whether and how it comes back.
    name: 'lost-snapshot',
    servers: 3,
    steps: [
      ...followerDownAfterTwoWrites(),
      { at: 16_000, do: 'lost-snapshot', server: 3 },
      { at: 17_000, do: 'start', server: 3 },
      { at: 23_000, do: 'srvr' },
    ],
  },
  {
    // A session whose only server dies: its client cannot reconnect anywhere, so 30 s (its
    // timeout) after the last touch reached the leader, the leader expires it: a closeSession txn
    // on every server, and its ephemeral gone.
    name: 'session-expires-with-its-server',
    servers: 3,
    steps: [
      ...startInTurn(3),
      { at: 11_000, do: 'client', server: 3 },
      ...commands(13_000, ['create -e /lock x', 'create /data y']),
      { at: 15_000, do: 'kill', server: 3 },
      { at: 30_000, do: 'srvr' },
      { at: 50_000, do: 'srvr' },
    ],
  },
];
