// The header's scenario controls — Share, Import, Export, Settings, New — with their dialogs, the
// messages about links and files (what was wrong, in words; replay progress) and the first
// visit's hint. Everything from a link or a file is shown as React text, never as HTML.

import { useState } from 'react';
import { controller, randomSeed } from '../../store/controller.ts';
import { usePlayground } from '../../store/playground.ts';
import { currentSettings, dismissHint, exportFile, formatVirtualTime, freeze, notify, startNew, stopReplay, useShare } from '../../store/share.ts';
import { ImportDialog } from './ImportDialog.tsx';
import { Modal } from './Modal.tsx';
import { describeSettings, SettingsDialog } from './SettingsDialog.tsx';
import { ShareDialog } from './ShareDialog.tsx';
import './share.css';

type Open = { kind: 'share'; ranDue: boolean } | { kind: 'import' } | { kind: 'settings' } | { kind: 'new' } | null;

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function NewDialog({ onClose, onSettings }: { onClose: () => void; onSettings: () => void }) {
  const [busy, setBusy] = useState(false);
  const [settings] = useState(() => ({ ...currentSettings(), seed: randomSeed() }));
  const start = async () => {
    setBusy(true);
    const r = await startNew(settings);
    setBusy(false);
    if (r.ok) onClose();
    else notify({ kind: 'error', title: 'Could not start a new ensemble.', errors: r.errors });
  };
  return (
    <Modal title="Start a new ensemble?" onClose={onClose} testId="new-dialog">
      <p>
        A fresh ensemble with the same settings and a new seed: <strong>{describeSettings(settings)}</strong>, with client c1 connected to every server.
      </p>
      <p>This discards the current ensemble: its servers, their data and its clients.</p>
      <div className="share-actions">
        <button type="button" onClick={onSettings} title="Choose the size, timing, latency and seed first">
          Change settings…
        </button>
        <button type="button" onClick={onClose} title="Keep the current ensemble (Esc)">
          Cancel
        </button>
        <button type="button" className="primary danger" autoFocus disabled={busy} onClick={() => void start()} data-testid="new-confirm" title="Discard the current ensemble and start a new one">
          Discard and start new
        </button>
      </div>
    </Modal>
  );
}

function NoticeRow() {
  const notice = useShare((s) => s.notice);
  const replay = useShare((s) => s.replay);
  if (replay)
    return (
      <div className="share-row share-progress" role="status" data-testid="share-replay">
        <span>
          Replaying {replay.what}: t = {formatVirtualTime(replay.at)} of {formatVirtualTime(replay.until)}
        </span>
        <progress max={replay.until || 1} value={replay.at} aria-label="Replay progress" />
        <button type="button" onClick={stopReplay} title="Stop the replay here, paused">
          Stop here
        </button>
      </div>
    );
  if (!notice) return null;
  return (
    <div className={`share-row share-notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="share-notice">
      {/* Focusable: a long list of errors scrolls, with the keyboard too. */}
      <div className="share-notice-text" tabIndex={0}>
        <strong>{notice.title}</strong>
        {notice.lines?.map((l, i) => (
          <p key={i}>{l}</p>
        ))}
        {notice.errors && notice.errors.length > 0 && (
          <ul className="share-errors" data-testid="share-notice-errors">
            {notice.errors.slice(0, 30).map((e, i) => (
              <li key={i}>{e}</li>
            ))}
            {notice.errors.length > 30 && <li>… and {notice.errors.length - 30} more</li>}
          </ul>
        )}
      </div>
      <button type="button" className="share-x" onClick={() => notify(null)} title="Dismiss this message" aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}

function Hint() {
  const dismissed = useShare((s) => s.hintDismissed);
  const busy = useShare((s) => s.notice !== null || s.replay !== null);
  // One message at a time: a link's or a file's message first.
  if (dismissed || busy || new URLSearchParams(location.search).has('blank')) return null;
  return (
    <div className="share-row share-hint" role="note" data-testid="first-hint">
      <span>
        <strong>Try this:</strong> click the leader (★ LEADING), choose <em>kill</em> and watch the election; or type <code>create /app hello</code> in the console below.
      </span>
      <button type="button" onClick={dismissHint} title="Hide this hint for good" data-testid="first-hint-dismiss">
        Got it
      </button>
    </div>
  );
}

export function ShareBar() {
  const [open, setOpen] = useState<Open>(null);
  const loaded = usePlayground((s) => s.loaded);
  const replaying = useShare((s) => s.replay !== null);
  const idle = loaded && !replaying;
  const close = () => setOpen(null);

  const share = async () => {
    const ranDue = await freeze();
    setOpen({ kind: 'share', ranDue });
  };
  const exportNow = async () => {
    const was = controller.playing;
    await freeze();
    const f = exportFile();
    if (!f) return;
    download(f.name, f.text);
    notify({ kind: 'info', title: `Exported ${f.name}.`, lines: [`The scenario up to t = ${formatVirtualTime(controller.session?.now ?? 0)}${was ? ' (paused there)' : ''}: Import replays it to this moment.`] });
  };

  return (
    <>
      <div className="share-bar" role="group" aria-label="Scenario">
        <button type="button" onClick={() => void share()} disabled={!idle} title="A link to this moment: the scenario so far, replayed to now (pauses)" data-testid="share">
          Share
        </button>
        <button type="button" onClick={() => setOpen({ kind: 'import' })} disabled={replaying} title="Open a scenario from a JSON file" data-testid="import">
          Import
        </button>
        <button type="button" onClick={() => void exportNow()} disabled={!idle} title="Download the scenario so far as a JSON file (pauses)" data-testid="export">
          Export
        </button>
        <button type="button" onClick={() => setOpen({ kind: 'settings' })} disabled={replaying} title="Size, timing, latency and seed of a new ensemble" data-testid="settings">
          Settings
        </button>
        <button type="button" onClick={() => setOpen({ kind: 'new' })} disabled={replaying} title="Start a new ensemble (asks first)" data-testid="new">
          New
        </button>
      </div>
      <NoticeRow />
      <Hint />
      {open?.kind === 'share' && <ShareDialog onClose={close} ranDue={open.ranDue} />}
      {open?.kind === 'import' && <ImportDialog onClose={close} />}
      {open?.kind === 'settings' && <SettingsDialog onClose={close} />}
      {open?.kind === 'new' && <NewDialog onClose={close} onSettings={() => setOpen({ kind: 'settings' })} />}
    </>
  );
}
