// A tab strip with keyboard support (arrow keys move between tabs, as WAI-ARIA tabs do).

import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabDef {
  readonly id: string;
  readonly title: ReactNode;
  readonly hint?: string;
}

export function Tabs({ tabs, active, onSelect, label, extra }: { tabs: readonly TabDef[]; active: string; onSelect: (id: string) => void; label: string; extra?: ReactNode }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent, i: number) => {
    const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (d === 0) return;
    e.preventDefault();
    const j = (i + d + tabs.length) % tabs.length;
    onSelect(tabs[j]!.id);
    refs.current[j]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((t, i) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          role="tab"
          aria-selected={t.id === active}
          tabIndex={t.id === active ? 0 : -1}
          className={t.id === active ? 'tab active' : 'tab'}
          title={t.hint}
          data-testid={`tab-${t.id}`}
          onClick={() => onSelect(t.id)}
          onKeyDown={(e) => onKey(e, i)}
        >
          {t.title}
        </button>
      ))}
      {extra}
    </div>
  );
}
