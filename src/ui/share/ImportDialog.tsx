// Import: a scenario file (what Export writes, `npm run scenario` reads and the gallery holds),
// checked by the validator before anything is replaced; its problems are listed by field.

import { useState } from 'react';
import type { Scenario } from '../../scenario/types.ts';
import { resolveScenario } from '../../scenario/world.ts';
import { formatVirtualTime, MAX_FILE, notify, openScenario, readScenarioText } from '../../store/share.ts';
import { Modal } from './Modal.tsx';

type Picked = { name: string } & ({ ok: true; scenario: Scenario } | { ok: false; errors: string[] });

function ensembleText(s: Scenario): string {
  const r = resolveScenario(s);
  const p = r.servers.filter((x) => x.role === 'participant').length;
  const o = r.servers.length - p;
  if (r.standalone) return 'one standalone server';
  return `${p} ${p === 1 ? 'participant' : 'participants'}${o > 0 ? ` and ${o} ${o === 1 ? 'observer' : 'observers'}` : ''}`;
}

export function ImportDialog({ onClose }: { onClose: () => void }) {
  const [picked, setPicked] = useState<Picked | null>(null);
  const [toEnd, setToEnd] = useState(true);

  const choose = async (file: File | undefined) => {
    if (!file) return setPicked(null);
    if (file.size > MAX_FILE) return setPicked({ name: file.name, ok: false, errors: [`the file is ${(file.size / 1048576).toFixed(1)} MB; a scenario file is at most ${MAX_FILE / 1048576} MB`] });
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      return setPicked({ name: file.name, ok: false, errors: [`the file could not be read: ${e instanceof Error ? e.message : String(e)}`] });
    }
    setPicked({ name: file.name, ...readScenarioText(text) });
  };

  const open = async () => {
    if (!picked?.ok) return;
    const s = picked.scenario;
    const name = picked.name;
    onClose();
    notify(null);
    const ok = await openScenario(s, { to: toEnd ? s.until : null, what: `${name}` });
    if (ok)
      notify({
        kind: 'info',
        title: toEnd ? `Opened ${name} at t = ${formatVirtualTime(s.until)}, paused.` : `Opened ${name}: playing from t = 0.`,
        lines: [...(s.title ? [`“${s.title}”`] : []), ...(s.description ? [s.description] : [])],
      });
  };

  return (
    <Modal title="Import a scenario" onClose={onClose} testId="import-dialog" wide>
      <p className="share-lead">
        A scenario file is JSON: an ensemble, its network, timed actions and an end time (the format of <code>npm run scenario</code>; Export writes one).
      </p>
      <label className="share-field">
        <span>Scenario file</span>
        <input type="file" accept=".json,application/json" onChange={(e) => void choose(e.target.files?.[0])} data-testid="import-file" title="Choose a scenario JSON file" />
      </label>
      {picked && !picked.ok && (
        <div className="share-problem" role="alert" data-testid="import-errors">
          <p>
            {picked.name} is not a valid scenario ({picked.errors.length} {picked.errors.length === 1 ? 'problem' : 'problems'}):
          </p>
          <ul className="share-errors">
            {picked.errors.slice(0, 50).map((e, i) => (
              <li key={i}>{e}</li>
            ))}
            {picked.errors.length > 50 && <li>… and {picked.errors.length - 50} more</li>}
          </ul>
        </div>
      )}
      {picked?.ok && (
        <div className="share-summary" data-testid="import-summary">
          {picked.scenario.title && <p className="share-title-text">“{picked.scenario.title}”</p>}
          {picked.scenario.description && <p className="share-desc-text">{picked.scenario.description}</p>}
          <p>
            {ensembleText(picked.scenario)}, seed {picked.scenario.seed}, {picked.scenario.actions?.length ?? 0} actions, running to t = {formatVirtualTime(picked.scenario.until)}.
          </p>
          <fieldset className="share-choice">
            <legend>Open it</legend>
            <label title="Replay as fast as possible to the scenario's end time and pause there">
              <input type="radio" name="import-when" checked={toEnd} onChange={() => setToEnd(true)} /> at its end, t = {formatVirtualTime(picked.scenario.until)}, paused
            </label>
            <label title="Start at t = 0 and play in real time: the actions happen as time reaches them">
              <input type="radio" name="import-when" checked={!toEnd} onChange={() => setToEnd(false)} /> from t = 0, playing
            </label>
          </fieldset>
        </div>
      )}
      <div className="share-actions">
        <button type="button" onClick={onClose} title="Keep the current ensemble (Esc)">
          Cancel
        </button>
        <button type="button" className="primary danger" disabled={!picked?.ok} onClick={() => void open()} data-testid="import-open" title="Discard the current ensemble and open this scenario">
          Replace the ensemble
        </button>
      </div>
    </Modal>
  );
}
