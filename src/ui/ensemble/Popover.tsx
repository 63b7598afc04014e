// A small floating panel next to what opened it (a server, a link, a toolbar button): fixed to
// the viewport and kept inside it, focus moves in on open and back on close, Escape or a click
// outside closes it, arrow keys move between its controls.

import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface Anchor {
  /** Viewport coordinates of what the panel belongs to. */
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export function anchorOf(el: Element): Anchor {
  const r = el.getBoundingClientRect();
  return { left: r.left, top: r.top, width: r.width, height: r.height };
}

const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), select:not(:disabled)';

export function Popover({ anchor, onClose, label, testid, children, returnFocus }: { anchor: Anchor; onClose: () => void; label: string; testid: string; children: ReactNode; returnFocus?: HTMLElement | SVGElement | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  const close = useRef(onClose);
  close.current = onClose;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const w = el.offsetWidth;
    const h = el.offsetHeight;
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const m = 6;
    let left = anchor.left + anchor.width + m;
    let top = anchor.top;
    if (left + w > vw - m) left = anchor.left - w - m;
    if (left < m) {
      // Neither side has room: below (or above) it.
      left = Math.min(Math.max(m, anchor.left + anchor.width / 2 - w / 2), vw - w - m);
      top = anchor.top + anchor.height + m;
      if (top + h > vh - m) top = anchor.top - h - m;
    }
    top = Math.min(Math.max(m, top), Math.max(m, vh - h - m));
    setPos({ left, top });
  }, [anchor]);

  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
    const outside = (e: Event): void => {
      const t = e.target as Node;
      // A press on the opener toggles it (its click handler closes the popover).
      if (returnFocus?.contains(t)) return;
      if (ref.current && !ref.current.contains(t)) close.current();
    };
    const resize = (): void => close.current();
    const escape = (e: globalThis.KeyboardEvent): void => {
      if (e.key === 'Escape' && !e.defaultPrevented) close.current();
    };
    const scroll = (e: Event): void => {
      if (ref.current && !ref.current.contains(e.target as Node)) close.current();
    };
    document.addEventListener('pointerdown', outside, true);
    document.addEventListener('keydown', escape);
    window.addEventListener('resize', resize);
    window.addEventListener('scroll', scroll, true);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      document.removeEventListener('keydown', escape);
      window.removeEventListener('resize', resize);
      window.removeEventListener('scroll', scroll, true);
      if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
    };
    // returnFocus is the opener, fixed for the popover's life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    if ((e.target as HTMLElement).tagName === 'SELECT') return;
    const items = [...(ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
    if (items.length === 0) return;
    e.preventDefault();
    const i = items.indexOf(document.activeElement as HTMLElement);
    const j = (i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
    items[j]!.focus();
  };

  return (
    <div
      ref={ref}
      className="ens-pop"
      role="dialog"
      aria-label={label}
      data-testid={testid}
      style={pos ? { left: pos.left, top: pos.top } : { left: anchor.left, top: anchor.top, opacity: 0 }}
      onKeyDown={onKey}
    >
      {children}
    </div>
  );
}
