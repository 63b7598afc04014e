// A znode's kind as an icon (shape) with a short label: colour is never the only difference.

import type { ZnodeKind } from '../../sim/machine/inspect.ts';

export const KIND_LABEL: Record<ZnodeKind, string> = {
  persistent: 'persistent',
  ephemeral: 'ephemeral',
  container: 'container',
  ttl: 'TTL',
};

/** Short chips shown in rows; a persistent node has none (it is the plain case). */
export const KIND_CHIP: Record<ZnodeKind, string | null> = {
  persistent: null,
  ephemeral: 'EPH',
  container: 'CTR',
  ttl: 'TTL',
};

export function KindIcon({ kind }: { kind: ZnodeKind | 'root' }) {
  const common = { width: 14, height: 14, viewBox: '0 0 14 14', 'aria-hidden': true, className: `kind-icon kind-${kind}` } as const;
  switch (kind) {
    case 'ephemeral':
      // A clock: it lives as long as its session.
      return (
        <svg {...common}>
          <circle cx="7" cy="7" r="5.5" fill="none" strokeWidth="1.6" stroke="currentColor" />
          <path d="M7 3.8V7l2.2 1.4" fill="none" strokeWidth="1.5" stroke="currentColor" strokeLinecap="round" />
        </svg>
      );
    case 'container':
      // A dashed box: deleted once its last child goes.
      return (
        <svg {...common}>
          <rect x="1.5" y="1.5" width="11" height="11" rx="1.5" fill="none" strokeWidth="1.6" stroke="currentColor" strokeDasharray="2.6 1.6" />
        </svg>
      );
    case 'ttl':
      // An hourglass: deleted after its TTL without children or changes.
      return (
        <svg {...common}>
          <path d="M3 1.5h8M3 12.5h8M4 1.5c0 3.5 6 3.5 6 5.5s-6 2-6 5.5M10 1.5c0 3.5-6 3.5-6 5.5s6 2 6 5.5" fill="none" strokeWidth="1.4" stroke="currentColor" />
        </svg>
      );
    case 'root':
      return (
        <svg {...common}>
          <path d="M7 1.5l5.5 4.2V12.5H1.5V5.7z" fill="currentColor" fillOpacity="0.18" strokeWidth="1.4" stroke="currentColor" />
        </svg>
      );
    default:
      // A plain square: a persistent node.
      return (
        <svg {...common}>
          <rect x="1.5" y="1.5" width="11" height="11" rx="1.5" fill="currentColor" fillOpacity="0.18" strokeWidth="1.6" stroke="currentColor" />
        </svg>
      );
  }
}
