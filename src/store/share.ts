// Scenarios in and out of the page: share links (`#s=<payload>`, see shareCodec.ts), JSON files,
// the settings of a new ensemble, and the replay that lands a scenario on its `until`, paused.
// Everything here goes through the controller (load, run, act): nothing touches a world directly.

import { create } from 'zustand';
import type { EnsembleSpec, Scenario } from '../scenario/types.ts';
import { parseScenario, validateScenario } from '../scenario/validate.ts';
import { controller, defaultScenario, randomSeed } from './controller.ts';
import { restoreInput } from './playground.ts';
import { decodePayload, encodeScenario, HASH_KEY, payloadOfHash } from './shareCodec.ts';

export interface Notice {
  readonly kind: 'error' | 'info';
  readonly title: string;
  /** Further sentences, shown as text. */
  readonly lines?: readonly string[];
  /** Field errors of the validator, listed one per line. */
  readonly errors?: readonly string[];
}

export interface ReplayProgress {
  readonly at: number;
  readonly until: number;
  readonly what: string;
}

interface ShareState {
  readonly notice: Notice | null;
  readonly replay: ReplayProgress | null;
  readonly hintDismissed: boolean;
}

const HINT_KEY = 'zooscope.hintDismissed';

function storedHintDismissed(): boolean {
  try {
    return localStorage.getItem(HINT_KEY) === '1';
  } catch {
    return false;
  }
}

export const useShare = create<ShareState>(() => ({ notice: null, replay: null, hintDismissed: storedHintDismissed() }));

export function notify(n: Notice | null): void {
  useShare.setState({ notice: n });
}

export function dismissHint(): void {
  try {
    localStorage.setItem(HINT_KEY, '1');
  } catch {
    // no localStorage: it stays dismissed for this visit
  }
  useShare.setState({ hintDismissed: true });
}

// ---- the scenario of this moment ----

export interface Snapshot {
  /** The run so far, ending now: replaying it lands on this moment. */
  readonly scenario: Scenario;
  /** Actions taken but not yet due (a click while paused happens 1 ms later): not in the snapshot. */
  readonly pending: number;
  /** The ensemble recovered from an earlier visit's disks, which a scenario cannot carry. */
  readonly resumed: boolean;
}

export function snapshot(extra: { title?: string; description?: string } = {}): Snapshot | null {
  const s = controller.session;
  if (s === null) return null;
  const rec = s.run.recorded;
  const now = s.now;
  const all = rec.actions ?? [];
  const actions = all.filter((a) => a.at <= now);
  const scenario: Scenario = { ...rec, actions, until: now };
  const withText: Record<string, unknown> = { ...scenario };
  for (const k of ['title', 'description'] as const) {
    const v = extra[k]?.trim();
    if (v === undefined) continue;
    if (v === '') delete withText[k];
    else withText[k] = v;
  }
  // Keep the document's field order: version, title, description first.
  const { version, title, description, ...rest } = withText as unknown as Scenario;
  const ordered = { version, ...(title !== undefined ? { title } : {}), ...(description !== undefined ? { description } : {}), ...rest } as Scenario;
  return { scenario: ordered, pending: all.length - actions.length, resumed: s.resumed };
}

/**
 * Hold this moment still for a link or a file: pause, let a frame in progress finish, and run what
 * is still due at this millisecond (after Step, part of it may be): a scenario replays whole
 * milliseconds. Returns whether there were such events.
 */
export async function freeze(): Promise<boolean> {
  controller.pause();
  await controller.driver?.idle();
  const s = controller.session;
  if (s === null) return false;
  const next = s.run.world.nextEventTime;
  if (next === undefined || next > s.now || s.run.stopped) return false;
  await controller.run(s.now);
  return true;
}

// ---- links ----

export type LinkResult = { ok: true; url: string; payload: string; bytes: number } | { ok: false; problem: string };

export function linkFor(scenario: Scenario): LinkResult {
  const e = encodeScenario(scenario);
  if (!e.ok) return e;
  return { ok: true, url: `${location.origin}${location.pathname}#${HASH_KEY}=${e.payload}`, payload: e.payload, bytes: e.payload.length };
}

/**
 * The address bar shows a link while it describes what is on the page: set by Share and by
 * opening a link, cleared once the ensemble moves on (time passes, or another ensemble).
 */
let shown: { payload: string; session: unknown; now: number } | null = null;

export function showInAddressBar(payload: string): void {
  history.replaceState(history.state, '', `${location.pathname}${location.search}#${HASH_KEY}=${payload}`);
  shown = { payload, session: controller.session, now: controller.session?.now ?? 0 };
}

function clearAddressBar(): void {
  shown = null;
  if (location.hash !== '') history.replaceState(history.state, '', `${location.pathname}${location.search}`);
}

controller.subscribe(() => {
  if (shown !== null && (controller.session !== shown.session || controller.session?.now !== shown.now)) clearAddressBar();
});

// ---- replay ----

let replayToken = 0;

/** Stop a replay in progress where it is (paused). */
export function stopReplay(): void {
  replayToken++;
  useShare.setState({ replay: null });
}

const fmt = (ms: number): string => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
};

/**
 * A fresh ensemble from a (valid) scenario. With `to`, it is replayed as fast as possible up to that
 * time, in slices so the page stays responsive and shows progress, and left paused there; typed
 * lines (`cli` actions) are put back in the consoles where they were typed (1 ms before they
 * run). Without `to`, it starts at 0 and plays in real time. Resolves to false if it did not get
 * to the end (stopped, replaced, a violation, or the load failed).
 */
export async function openScenario(scenario: Scenario, opts: { to: number | null; what: string }): Promise<boolean> {
  const token = ++replayToken;
  useShare.setState({ replay: opts.to === null ? null : { at: 0, until: opts.to, what: opts.what } });
  const r = await controller.load(scenario, { play: opts.to === null });
  if (!r.ok) {
    useShare.setState({ replay: null });
    notify({ kind: 'error', title: `Could not load ${opts.what}.`, errors: r.errors });
    return false;
  }
  if (opts.to === null) return true;
  const session = controller.session!;
  const target = opts.to;
  // Each typed line goes back into its console as the run reaches it, without stopping there.
  const clients = session.run.clients;
  controller.history.line?.retype(scenario, (a) => {
    const c = clients.get(a.client);
    if (c && c.outputCut === null) restoreInput(a.client, { offset: c.shell.merged.length, text: `${c.shell.main.prompt()}${a.command}` });
  });
  let slice = 500;
  const live = () => token === replayToken && controller.session === session && !session.run.stopped;
  while (live() && session.now < target) {
    const to = Math.min(target, session.now + slice);
    const t0 = performance.now();
    await controller.run(to, { inPage: true });
    // Aim at about 100 ms of work between two paints.
    const took = performance.now() - t0;
    slice = Math.max(10, Math.min(60_000, Math.round(took < 1 ? slice * 4 : (slice * 100) / took)));
    if (token === replayToken) useShare.setState({ replay: { at: session.now, until: target, what: opts.what } });
  }
  if (controller.session === session) await controller.settle();
  const done = controller.session === session && session.now >= target;
  if (token === replayToken) useShare.setState({ replay: null });
  return done;
}

function describe(s: Scenario): string[] {
  const lines: string[] = [];
  if (s.title) lines.push(`“${s.title}”`);
  if (s.description) lines.push(s.description);
  return lines;
}

/** Open the scenario of a link; a bad link gets its reasons and a fresh default ensemble. */
async function openPayload(payload: string): Promise<void> {
  const d = decodePayload(payload);
  if (!d.ok) {
    clearAddressBar();
    stopReplay();
    notify({ kind: 'error', title: 'This link could not be opened.', lines: [d.problem, 'A fresh default ensemble was started instead.'], errors: d.errors });
    const r = await controller.load(defaultScenario(randomSeed()), { play: true });
    if (!r.ok) controller.fail(`Could not start the default ensemble: ${r.errors.join('; ')}`);
    return;
  }
  const s = d.scenario;
  notify(null);
  shown = null; // the hash stays while the replay runs
  const n = s.actions?.length ?? 0;
  const ok = await openScenario(s, { to: s.until, what: 'the shared scenario' });
  const session = controller.session;
  if (session === null) return;
  if (ok) showInAddressBar(payload);
  else clearAddressBar();
  if (ok) {
    notify({
      kind: 'info',
      title: `Opened a shared scenario at t = ${fmt(session.now)}, paused.`,
      lines: [...describe(s), `Replayed ${n} ${n === 1 ? 'action' : 'actions'} from a fresh ensemble (seed ${s.seed}). Press Play to go on from here.`],
    });
  } else if (session.run.stopped) {
    notify({ kind: 'error', title: `The shared scenario stopped at t = ${fmt(session.now)}: an invariant was violated.`, lines: describe(s) });
  } else if (useShare.getState().notice === null) {
    notify({ kind: 'info', title: `Replay of the shared scenario stopped at t = ${fmt(session.now)} (it runs to ${fmt(s.until)}).`, lines: describe(s) });
  }
}

/**
 * Called first thing at boot: a link (`#s=…`) takes precedence over resuming the last visit.
 * Returns true when the hash held a scenario (opened, or refused with a fresh ensemble).
 * Also follows links pasted into the address bar of an open page.
 */
export async function bootShare(): Promise<boolean> {
  window.addEventListener('hashchange', () => {
    const p = payloadOfHash(location.hash);
    if (p === null || (shown !== null && p === shown.payload)) return;
    void openPayload(p);
  });
  const p = payloadOfHash(location.hash);
  if (p === null) return false;
  await openPayload(p);
  return true;
}

// ---- files ----

/** Largest scenario file read (a recording of 100,000 actions, most of them short commands). */
export const MAX_FILE = 32 * 1024 * 1024;

export function exportFile(): { name: string; text: string } | null {
  const snap = snapshot();
  if (snap === null) return null;
  const slug = (snap.scenario.title ?? 'scenario').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'scenario';
  return { name: `zooscope-${slug}-t${snap.scenario.until}ms.json`, text: `${JSON.stringify(snap.scenario, null, 2)}\n` };
}

export function readScenarioText(text: string): { ok: true; scenario: Scenario } | { ok: false; errors: string[] } {
  const r = parseScenario(text);
  return r.ok ? r : { ok: false, errors: r.errors };
}

// ---- settings ----

export interface Settings {
  participants: number;
  observers: number;
  tickTime: number;
  initLimit: number;
  syncLimit: number;
  latencyMin: number;
  latencyMax: number;
  seed: number;
}

/** The settings of the ensemble on the page (defaults filled in). */
export function currentSettings(): Settings {
  const r = controller.session?.run.resolved;
  if (!r) return { participants: 3, observers: 0, tickTime: 2000, initLimit: 10, syncLimit: 5, latencyMin: 5, latencyMax: 20, seed: randomSeed() };
  return {
    participants: r.servers.filter((s) => s.role === 'participant').length,
    observers: r.servers.filter((s) => s.role === 'observer').length,
    tickTime: r.tickTime,
    initLimit: r.initLimit,
    syncLimit: r.syncLimit,
    latencyMin: r.latency.min,
    latencyMax: r.latency.max,
    seed: r.seed,
  };
}

/**
 * The scenario of a new ensemble with these settings: the other settings of the current one
 * (snapCount, session timeouts, fsync latency…) carry over, and client c1 connects to every server.
 */
export function settingsScenario(st: Settings): { ok: true; scenario: Scenario } | { ok: false; errors: string[] } {
  const cur = controller.session?.run.scenario;
  const { servers: _s, standalone: _a, participants: _p, observers: _o, ...keep }: EnsembleSpec = cur?.ensemble ?? {};
  const ids = Array.from({ length: st.participants + st.observers }, (_, i) => i + 1);
  const doc = {
    version: 1,
    seed: st.seed,
    ensemble: { ...keep, participants: st.participants, ...(st.observers > 0 ? { observers: st.observers } : {}), tickTime: st.tickTime, initLimit: st.initLimit, syncLimit: st.syncLimit },
    network: { ...(cur?.network ?? {}), latency: { min: st.latencyMin, max: st.latencyMax } },
    actions: [{ at: 100, do: 'connect', client: 'c1', servers: ids }],
    until: 100,
  };
  const v = validateScenario(doc);
  return v.ok ? v : { ok: false, errors: v.errors };
}

/** Start a new ensemble from settings (or the current ones with a new seed), playing. */
export async function startNew(st: Settings): Promise<{ ok: true } | { ok: false; errors: string[] }> {
  const v = settingsScenario(st);
  if (!v.ok) return v;
  stopReplay();
  notify(null);
  clearAddressBar();
  const r = await controller.load(v.scenario, { play: true });
  if (!r.ok) return r;
  return { ok: true };
}

export { fmt as formatVirtualTime };
