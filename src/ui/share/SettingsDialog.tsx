// Settings of a new ensemble: its size, ZooKeeper's timing, the network's latency and the seed.
// Applying starts a new ensemble (after a confirmation: the current one is discarded).

import { useMemo, useState } from 'react';
import { randomSeed } from '../../store/controller.ts';
import { currentSettings, settingsScenario, startNew, type Settings } from '../../store/share.ts';
import { Modal } from './Modal.tsx';

type Key = keyof Settings;

/** Where the validator's field paths land in the form. */
const FIELD_OF: Record<string, Key> = {
  'ensemble.participants': 'participants',
  'ensemble.observers': 'observers',
  'ensemble.tickTime': 'tickTime',
  'ensemble.initLimit': 'initLimit',
  'ensemble.syncLimit': 'syncLimit',
  'network.latency.min': 'latencyMin',
  'network.latency.max': 'latencyMax',
  'network.latency': 'latencyMax',
  seed: 'seed',
};

const secs = (ms: number): string => (ms >= 1000 ? `${+(ms / 1000).toFixed(2)} s` : `${ms} ms`);

export function describeSettings(st: Settings): string {
  const p = `${st.participants} ${st.participants === 1 ? 'participant' : 'participants'}`;
  const o = st.observers > 0 ? ` + ${st.observers} ${st.observers === 1 ? 'observer' : 'observers'}` : '';
  return `${p}${o}, tickTime ${st.tickTime} ms, initLimit ${st.initLimit}, syncLimit ${st.syncLimit}, latency ${st.latencyMin}–${st.latencyMax} ms, seed ${st.seed}`;
}

function NumberField({ k, label, hint, min, max, unit, st, set, errors }: { k: Key; label: string; hint: string; min: number; max: number; unit?: string; st: Record<Key, string>; set: (k: Key, v: string) => void; errors: Map<Key, string[]> }) {
  const errs = errors.get(k) ?? [];
  const id = `settings-${k}`;
  return (
    <div className={`settings-field${errs.length > 0 ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="settings-input">
        <input id={id} type="number" inputMode="numeric" min={min} max={max} step={1} value={st[k]} onChange={(e) => set(k, e.target.value)} title={hint} aria-invalid={errs.length > 0} aria-describedby={`${id}-hint`} data-testid={id} />
        {unit && <span className="unit">{unit}</span>}
      </div>
      <div id={`${id}-hint`} className={errs.length > 0 ? 'settings-error' : 'settings-hint'}>
        {errs.length > 0 ? errs.join('; ') : hint}
      </div>
    </div>
  );
}

export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const [st, setSt] = useState<Record<Key, string>>(() => {
    const c = currentSettings();
    return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, String(v)])) as Record<Key, string>;
  });
  const [confirming, setConfirming] = useState(false);
  const [failed, setFailed] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (k: Key, v: string) => {
    setSt((x) => ({ ...x, [k]: v }));
    setConfirming(false);
  };

  const parsed = useMemo(() => {
    const out = {} as Settings;
    const errors = new Map<Key, string[]>();
    for (const [k, v] of Object.entries(st) as [Key, string][]) {
      const t = v.trim();
      if (!/^-?\d+$/.test(t)) errors.set(k, [t === '' ? 'required' : 'a whole number, please']);
      out[k] = Number(t);
    }
    const other: string[] = [];
    if (errors.size === 0) {
      const v = settingsScenario(out);
      if (!v.ok)
        for (const e of v.errors) {
          const i = e.indexOf(': ');
          const k = FIELD_OF[e.slice(0, i)];
          if (k) errors.set(k, [...(errors.get(k) ?? []), e.slice(i + 2)]);
          else other.push(e);
        }
    }
    return { settings: out, errors, other, ok: errors.size === 0 && other.length === 0 };
  }, [st]);

  const s = parsed.settings;
  const apply = async () => {
    setBusy(true);
    const r = await startNew(s);
    setBusy(false);
    if (r.ok) onClose();
    else setFailed(r.errors);
  };

  return (
    <Modal title="Settings of a new ensemble" onClose={onClose} testId="settings-dialog" wide>
      <form
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (parsed.ok) setConfirming(true);
        }}
      >
        <fieldset>
          <legend>Servers</legend>
          <NumberField k="participants" label="Participants" hint="voting servers, 1–9 (a quorum is a majority of them)" min={1} max={9} st={st} set={set} errors={parsed.errors} />
          <NumberField k="observers" label="Observers" hint="non-voting servers, 0–3" min={0} max={3} st={st} set={set} errors={parsed.errors} />
        </fieldset>
        <fieldset>
          <legend>Timing (zoo.cfg)</legend>
          <NumberField
            k="tickTime"
            label="tickTime"
            unit="ms"
            hint={Number.isFinite(s.tickTime) && s.tickTime > 0 ? `session timeouts ${secs(2 * s.tickTime)} to ${secs(20 * s.tickTime)}` : 'the basic time unit'}
            min={1}
            max={600000}
            st={st}
            set={set}
            errors={parsed.errors}
          />
          <NumberField k="initLimit" label="initLimit" unit="ticks" hint={`a learner has ${secs(s.initLimit * s.tickTime)} to connect and sync`} min={1} max={10000} st={st} set={set} errors={parsed.errors} />
          <NumberField k="syncLimit" label="syncLimit" unit="ticks" hint={`a follower out of touch for ${secs(s.syncLimit * s.tickTime)} is dropped`} min={1} max={10000} st={st} set={set} errors={parsed.errors} />
        </fieldset>
        <fieldset>
          <legend>Network (one-way latency of every message)</legend>
          <NumberField k="latencyMin" label="Latency min" unit="ms" hint="0–60000" min={0} max={60000} st={st} set={set} errors={parsed.errors} />
          <NumberField k="latencyMax" label="Latency max" unit="ms" hint="at least the minimum" min={0} max={60000} st={st} set={set} errors={parsed.errors} />
        </fieldset>
        <fieldset>
          <legend>Randomness</legend>
          <div className="settings-seed">
            <NumberField k="seed" label="Seed" hint="same seed and actions, same run (0–4294967295)" min={0} max={4294967295} st={st} set={set} errors={parsed.errors} />
            <button type="button" onClick={() => set('seed', String(randomSeed()))} title="Draw a random seed" data-testid="settings-random-seed">
              Random
            </button>
          </div>
        </fieldset>
        {parsed.other.length > 0 && (
          <ul className="share-errors" role="alert">
            {parsed.other.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        )}
        {failed.length > 0 && (
          <ul className="share-errors" role="alert">
            {failed.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        )}
        {confirming ? (
          <div className="settings-confirm" role="alertdialog" aria-label="Confirm a new ensemble" data-testid="settings-confirm">
            <p>
              Start a new ensemble with <strong>{describeSettings(s)}</strong>, and client c1 connected to every server?
            </p>
            <p>This discards the current ensemble: its servers, their data and its clients.</p>
            <div className="share-actions">
              <button type="button" onClick={() => setConfirming(false)} title="Back to the settings">
                Back
              </button>
              <button type="button" className="primary danger" autoFocus disabled={busy} onClick={() => void apply()} data-testid="settings-confirm-start" title="Discard the current ensemble and start the new one">
                Discard and start
              </button>
            </div>
          </div>
        ) : (
          <div className="share-actions">
            <button type="button" onClick={onClose} title="Keep the current ensemble (Esc)">
              Cancel
            </button>
            <button type="submit" className="primary" disabled={!parsed.ok} data-testid="settings-apply" title="Start a new ensemble with these settings (asks first)">
              Apply…
            </button>
          </div>
        )}
      </form>
    </Modal>
  );
}
