// The scenario format, version 1: a JSON document that describes an ensemble, its network, a list
// of timed actions and an end time. The same document is a file for `npm run scenario`, the
// payload of a share URL and what the page records. See src/scenario/README.md for the rules.
//
// These types describe a document exactly as written (optional fields stay absent); the runner
// fills in defaults with resolveScenario (src/scenario/resolve.ts).

export const SCENARIO_VERSION = 1;

export type ServerRole = 'participant' | 'observer';

export interface ScenarioServer {
  readonly id: number;
  /** Default 'participant'. */
  readonly role?: ServerRole;
}

export interface EnsembleSpec {
  /** Either an explicit list of servers ... */
  readonly servers?: readonly ScenarioServer[];
  /** ... or counts: ids 1..participants, then the observers. */
  readonly participants?: number;
  readonly observers?: number;
  /** One server, run as a standalone ZooKeeperServerMain rather than a one-member quorum. */
  readonly standalone?: boolean;
  readonly tickTime?: number;
  readonly initLimit?: number;
  readonly syncLimit?: number;
  readonly snapCount?: number;
  /** -1 (the default) means 2 * tickTime. */
  readonly minSessionTimeout?: number;
  /** -1 (the default) means 20 * tickTime. */
  readonly maxSessionTimeout?: number;
  readonly extendedTypesEnabled?: boolean;
}

export interface LatencySpec {
  readonly min: number;
  readonly max: number;
}

export interface NetworkSpec {
  /** One-way latency of every message (client and peer links). Default 5..20 ms. */
  readonly latency?: LatencySpec;
  /** Time an fsync takes. Default 1..5 ms. */
  readonly fsyncLatency?: LatencySpec;
}

export type ServerActionKind = 'start' | 'kill' | 'restart' | 'pause' | 'resume' | 'wipe' | 'isolate' | 'torn-record' | 'lost-snapshot' | 'lose-unsynced';

export type ScenarioAction =
  | { readonly at: number; readonly do: ServerActionKind; readonly server: number }
  | { readonly at: number; readonly do: 'corrupt-record'; readonly server: number; readonly zxid: number | string }
  | { readonly at: number; readonly do: 'partition'; readonly groups: readonly (readonly number[])[] }
  | { readonly at: number; readonly do: 'cut'; readonly from: number; readonly to: number }
  | { readonly at: number; readonly do: 'heal' }
  | { readonly at: number; readonly do: 'connect'; readonly client: string; readonly servers: readonly number[]; readonly sessionTimeout?: number; readonly chroot?: string }
  | { readonly at: number; readonly do: 'cli'; readonly client: string; readonly command: string }
  | { readonly at: number; readonly do: 'close' | 'crash-client'; readonly client: string }
  /** Send a four-letter word to a server's client port on a fresh connection (as `nc`). */
  | { readonly at: number; readonly do: '4lw'; readonly server: number; readonly word: string };

export type ActionKind = ScenarioAction['do'];

export const ACTION_KINDS: readonly ActionKind[] = [
  'start',
  'kill',
  'restart',
  'pause',
  'resume',
  'wipe',
  'partition',
  'isolate',
  'cut',
  'heal',
  'connect',
  'cli',
  'close',
  'crash-client',
  'torn-record',
  'corrupt-record',
  'lost-snapshot',
  'lose-unsynced',
  '4lw',
];

export interface Scenario {
  readonly version: 1;
  /** Optional text for galleries and share links. */
  readonly title?: string;
  readonly description?: string;
  readonly seed: number;
  readonly ensemble: EnsembleSpec;
  readonly network?: NetworkSpec;
  /** Default: none. Actions at the same time run in the order listed. */
  readonly actions?: readonly ScenarioAction[];
  /** Virtual time (ms) at which the run ends. */
  readonly until: number;
}

// ---- the report ----

export interface ServerReport {
  readonly id: number;
  readonly role: ServerRole | 'standalone';
  readonly status: 'up' | 'down' | 'paused';
  /** The peer state; 'STANDALONE' for a standalone server; null while down. */
  readonly state: 'LOOKING' | 'FOLLOWING' | 'LEADING' | 'OBSERVING' | 'STANDALONE' | null;
  readonly leader: number | null;
  /** Down servers: the epoch files on disk (null when absent or unreadable). */
  readonly acceptedEpoch: number | null;
  readonly currentEpoch: number | null;
  /** Down servers: what a restart would read from disk (null if it could not start). */
  readonly lastZxid: string | null;
  readonly lastCommitted: string | null;
  readonly znodes: number | null;
  readonly digest: number | null;
  /** Why the server refused to start from its disk ("code: message"), else null. */
  readonly fault: string | null;
}

export interface ClientReport {
  readonly id: string;
  /** The session handle's ZooKeeper.States name, or 'CRASHED' after crash-client. */
  readonly state: string;
  readonly sessionId: string;
  /** What its zkCli printed (stdout and stderr merged), one entry per line. */
  readonly output: string[];
}

export interface ElectionVote {
  readonly leader: number;
  readonly zxid: string;
  readonly electionEpoch: number;
  readonly peerEpoch: number;
}

export interface ElectionReport {
  /** When the elected leader decided (left LOOKING). */
  readonly at: number;
  /** The epoch the leader established (reached broadcast in). */
  readonly epoch: number;
  readonly leader: number;
  readonly votes: { readonly [serverId: string]: ElectionVote };
}

export interface SyncReport {
  readonly at: number;
  readonly leader: number;
  readonly learner: number;
  readonly mode: 'DIFF' | 'TRUNC' | 'SNAP' | 'TRUNC+DIFF';
  /** The learner's last zxid. */
  readonly fromZxid: string;
  /** SNAP: the snapshot's zxid; TRUNC: the zxid the learner is truncated to; DIFF, TRUNC+DIFF: the last zxid sent (fromZxid for an empty DIFF). */
  readonly toZxid: string;
}

export interface Report {
  /** Virtual time at which the run stopped (until, or the first violation). */
  readonly time: number;
  readonly traceHash: string;
  /** Empty when every invariant held; otherwise the first violations found (the run stopped there). */
  readonly violations: string[];
  readonly servers: ServerReport[];
  readonly clients: ClientReport[];
  readonly elections: ElectionReport[];
  readonly syncs: SyncReport[];
  /** Answers to `4lw` actions, in order (output null while the answer has not come back). */
  readonly fourLetterWords: FourLetterReport[];
}

export interface FourLetterReport {
  readonly at: number;
  readonly server: number;
  readonly word: string;
  readonly output: string | null;
}
