// A row of buttons, one per server, to pick the server a view looks at (the shared selection).

import { usePlayground, type ServerInfo } from '../../store/playground.ts';
import { roleLabel } from './common.ts';
import './picker.css';

export function ServerPicker({ label, value, onPick, note, hint, testid }: { label: string; value: number | null; onPick: (id: number) => void; note?: (s: ServerInfo) => string; hint: (s: ServerInfo) => string; testid: string }) {
  const servers = usePlayground((s) => s.servers);
  return (
    <div className="zsv-picker" role="group" aria-label={label} data-testid={testid}>
      <span className="zsv-picker-label">{label}</span>
      {servers.map((s) => {
        const role = roleLabel(s);
        const extra = note?.(s) ?? '';
        return (
          <button key={s.id} type="button" className={`zsv-pick role-${role}`} aria-pressed={s.id === value} title={hint(s)} data-testid={`${testid}-s${s.id}`} onClick={() => onPick(s.id)}>
            <b>s{s.id}</b> <span className="zsv-role">{role}</span>
            {extra && <span className="zsv-note"> {extra}</span>}
          </button>
        );
      })}
    </div>
  );
}
