// Share: this moment as a link. The scenario so far (config, seed, every action) with `until` =
// now; whoever opens the link gets a fresh ensemble replayed to the same moment, paused, with
// the same trace. The link is also put in the address bar.

import { useEffect, useMemo, useRef, useState } from 'react';
import { controller } from '../../store/controller.ts';
import { formatVirtualTime, linkFor, showInAddressBar, snapshot } from '../../store/share.ts';
import { Modal } from './Modal.tsx';

async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (an insecure origin, a denied prompt): the old way, from the field.
    if (!field) return false;
    field.focus();
    field.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

export function ShareDialog({ onClose, ranDue }: { onClose: () => void; ranDue: boolean }) {
  const initial = useMemo(() => snapshot(), []);
  const [title, setTitle] = useState(initial?.scenario.title ?? '');
  const [description, setDescription] = useState(initial?.scenario.description ?? '');
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const snap = useMemo(() => snapshot({ title, description }), [title, description]);
  const link = useMemo(() => (snap ? linkFor(snap.scenario) : null), [snap]);
  const hash = useMemo(() => controller.session?.traceHash() ?? '', []);

  useEffect(() => {
    if (link?.ok) showInAddressBar(link.payload);
    setCopied(null);
  }, [link]);

  if (snap === null || link === null) {
    return (
      <Modal title="Share this moment" onClose={onClose} testId="share-dialog">
        <p>There is no ensemble to share yet.</p>
      </Modal>
    );
  }
  const s = snap.scenario;
  const n = s.actions?.length ?? 0;
  const copy = async () => {
    if (!link.ok) return;
    setCopied((await copyText(link.url, field.current)) ? 'yes' : 'no');
  };
  return (
    <Modal title="Share this moment" onClose={onClose} testId="share-dialog" wide>
      <p className="share-lead">
        The ensemble is paused at <strong>t = {formatVirtualTime(s.until)}</strong>. The link holds its scenario so far — {n} {n === 1 ? 'action' : 'actions'}, seed {s.seed} —
        and opens on a fresh ensemble replayed to this moment, paused, with the same trace (hash <code>{hash}</code>).
      </p>
      {link.ok ? (
        <>
          <label className="share-field">
            <span>Link</span>
            <input ref={field} readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} data-testid="share-url" title="The link to this moment (select it, or use Copy link)" />
          </label>
          <div className="share-row-buttons">
            <button type="button" className="primary" onClick={() => void copy()} data-testid="share-copy" title="Copy the link to the clipboard">
              Copy link
            </button>
            <span role="status" aria-live="polite" className={`share-copied ${copied ?? ''}`} data-testid="share-copied">
              {copied === 'yes' ? '✓ Copied to the clipboard' : copied === 'no' ? 'Could not copy: select the link and press Ctrl+C' : ''}
            </span>
            <span className="share-size">{link.bytes.toLocaleString('en')} characters</span>
          </div>
        </>
      ) : (
        <p className="share-problem" role="alert">
          {link.problem}
        </p>
      )}
      <label className="share-field">
        <span>Title (optional)</span>
        <input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. The leader crashes during a write" title="Shown to whoever opens the link" data-testid="share-title" />
      </label>
      <label className="share-field">
        <span>Description (optional)</span>
        <textarea value={description} maxLength={2000} rows={2} onChange={(e) => setDescription(e.target.value)} placeholder="What to look at" title="Shown to whoever opens the link" />
      </label>
      {(snap.pending > 0 || snap.resumed || ranDue) && (
        <ul className="share-notes">
          {ranDue && <li>The events still due at this millisecond ran first (after Step, some may not have): a link replays whole milliseconds.</li>}
          {snap.pending > 0 && (
            <li>
              {snap.pending} {snap.pending === 1 ? 'action you took has' : 'actions you took have'} not happened yet (due after t = {formatVirtualTime(s.until)}) and
              {snap.pending === 1 ? ' is' : ' are'} not in the link: press Step or Play first to include {snap.pending === 1 ? 'it' : 'them'}.
            </li>
          )}
          {snap.resumed && (
            <li>
              This ensemble was resumed after a reload: its servers recovered from the disks of an earlier visit, which a link cannot carry. The link replays
              only what happened since, on empty servers, so it will not look the same.
            </li>
          )}
        </ul>
      )}
      <div className="share-actions">
        <button type="button" onClick={onClose} title="Close (Esc)">
          Done
        </button>
      </div>
    </Modal>
  );
}
