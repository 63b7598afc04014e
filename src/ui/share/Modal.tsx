// A modal dialog on the native <dialog>: focus moves into it, the page behind is inert, Escape
// closes it, and it sits in the top layer above every panel.

import { useEffect, useId, useRef, type ReactNode } from 'react';

export function Modal({ title, onClose, children, testId, wide }: { title: string; onClose: () => void; children: ReactNode; testId: string; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    // No close() on unmount: removing the element takes it out of the top layer, and a close()
    // here would fire a late `close` event after React's StrictMode remount.
  }, []);
  return (
    <dialog
      ref={ref}
      className={`share-modal${wide ? ' wide' : ''}`}
      aria-labelledby={id}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="share-modal-head">
        <h2 id={id}>{title}</h2>
        <button type="button" className="share-x" onClick={onClose} title="Close (Esc)" aria-label="Close">
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}
